"""`make bench`: serve LDSP Hub with gunicorn (2 workers) on loopback, load each
page with wrk, and report requests/s and latency as ratios of a floor view
measured in the same run. Exits non-zero when a page misses its budget."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.budgets import BUDGETS, FLOOR, NEAREST_BUDGET  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _json_line(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a bench script against the bench database; its last line is JSON."""
    output = subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="ldsp-bench-"))
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": "benchmark-only-secret-key-not-used-elsewhere-0123456789",
        "PORT": str(port),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    print("Preparing a fresh database with the demo content …", flush=True)
    for command in (
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
    ):
        subprocess.run(
            [python, "-m", "django", *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "ldsp.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}{FLOOR}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results: dict[str, dict[str, float]] = {}
        for path in [FLOOR, *BUDGETS]:
            _wrk(f"{base}{path}")  # warm up each page once before measuring
            results[path] = _wrk(f"{base}{path}")
    finally:
        server.terminate()
        server.wait(timeout=30)

    publish = _json_line([python, str(HERE / "publish.py")], env)

    # After the pages: its 50,000 centres would otherwise be in every finder page measured.
    print("Adding 50,000 centres and timing the nearest search …", flush=True)
    nearest = _json_line([python, str(HERE / "nearest.py")], env)

    floor_rps = results[FLOOR]["rps"]
    width = max(len(path) for path in results)
    print(f"\n{'page':<{width}} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× floor':>8}  budget")
    failed = False
    for path, measured in results.items():
        ratio = measured["rps"] / floor_rps
        measured["ratio"] = round(ratio, 3)
        budget = BUDGETS.get(path)
        verdict = ""
        if budget is not None:
            ok = ratio >= budget and measured["errors"] == 0
            failed |= not ok
            verdict = f"≥ {budget:.2f} {'ok' if ok else 'MISSED'}"
        print(
            f"{path:<{width}} {measured['rps']:>9.0f} {measured['p50_ms']:>8.2f} "
            f"{measured['p99_ms']:>8.2f} {ratio:>8.2f}  {verdict}"
        )
    print(
        f"\nPublishing a release of {publish['sections']} sections × "
        f"{publish['words_per_section']} words: {publish['publish_seconds_median']:.3f} s "
        f"(median of 3; importing them took {publish['import_seconds']:.1f} s)"
    )
    nearest_ok = nearest["ratio"] <= NEAREST_BUDGET
    failed |= not nearest_ok
    print(
        f"Nearest 10 with two filters among {nearest['centres']:,} centres "
        f"({nearest['radius_km']} km): {nearest['nearest_ms']:.2f} ms; a primary-key lookup "
        f"{nearest['pk_lookup_ms']:.3f} ms: × {nearest['ratio']:.1f}  "
        f"≤ {NEAREST_BUDGET:.0f} {'ok' if nearest_ok else 'MISSED'}; with the ten rows fetched "
        f"{nearest['nearest_and_fetch_ms']:.2f} ms (× {nearest['ratio_with_fetch']:.1f})"
    )
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(
        json.dumps({"pages": results, "publish": publish, "nearest": nearest}, indent=2) + "\n"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
