// Starts GOV.UK Frontend's components (error summary focus, password reveal,
// service navigation toggle and the rest) on every page.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
