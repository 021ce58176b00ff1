// Compiles the site stylesheet and copies GOV.UK Frontend's script into
// ldsp/static/govuk/ (not its crown images or fonts, which belong to GOV.UK). Run `npm ci && npm run build` here after changing a
// version in package.json, then commit the output: nothing is built at run time.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "..", "ldsp", "static", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "ldsp.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "ldsp.css"), css.css + "\n");

cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`Built ${out}`);
