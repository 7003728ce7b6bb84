"""Pacing benchmark (`make bench-pacing`): how close a sync comes to the rate limit's bound.

A multi-stream sync of a few thousand pages runs against the sandbox with ShipStation's limit
(40 requests per 60 s window by default) on a shortened clock: the window lasts `--window` real
seconds and every response time is scaled by the same factor, so "3 s latency" means 3/60 of a
window. For each latency it prints

    pages      requests answered with data (every request of the sync that was not a 429)
    bound      pages / limit * window: the time the rate limit alone needs for those pages
    span       first request to last answer, as the sandbox saw them
    span/bound the figure that matters; 1.00 is the limit fully used
    429s       answers the sandbox had to refuse
    records/s  records delivered per second of span

Run: .venv/bin/python benchmarks/pacing.py [--window 2] [--latencies 0,1,3] [--orders 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STREAMS = ("carriers", "customers", "fulfillments", "products", "shipments", "stores", "store_details",
           "marketplaces", "users", "warehouses", "warehouse_details", "orders")
API_KEY, API_SECRET = "sandbox_api_key_0123", "sandbox_api_secret_4567"
REAL_WINDOW_SECONDS = 60.0


def start_sandbox(args: argparse.Namespace, latency: float) -> tuple[subprocess.Popen, str]:
    command = [
        sys.executable, "-m", "shipstation_sandbox", "--port", "0", "--orders", str(args.orders),
        "--max-page-size", str(args.page_size), "--rate-limit", f"{args.limit}/{args.window}",
        "--reset-format", "fractional", "--latency", str(latency),
    ]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1].strip()


def control(url: str, what: str):
    with urllib.request.urlopen(f"{url}/__sandbox/{what}") as answer:
        return json.load(answer)


def catalog() -> dict:
    incremental = {"customers", "fulfillments", "products", "shipments", "orders"}
    return {"streams": [
        {"stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
         "sync_mode": "incremental" if name in incremental else "full_refresh",
         "destination_sync_mode": "append"}
        for name in STREAMS
    ]}


def sync(url: str, folder: Path) -> tuple[int, float]:
    """Run the console script's first (incremental) sync of every stream; returns (records, wall seconds)."""
    (folder / "config.json").write_text(json.dumps({"api_key": API_KEY, "api_secret": API_SECRET}))
    (folder / "catalog.json").write_text(json.dumps(catalog()))
    script = Path(sys.executable).parent / "source-shipstation"
    started = time.monotonic()
    done = subprocess.run(
        [str(script), "read", "--config", str(folder / "config.json"), "--catalog", str(folder / "catalog.json")],
        env={**os.environ, "SHIPSTATION_API_BASE_URL": url}, capture_output=True, text=True,
    )
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"the sync failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    records = sum(1 for line in done.stdout.splitlines() if line.startswith('{"type":"RECORD"'))
    return records, wall


def measure(args: argparse.Namespace, latency_real: float) -> dict:
    scaled = latency_real * args.window / REAL_WINDOW_SECONDS
    sandbox, url = start_sandbox(args, scaled)
    try:
        with tempfile.TemporaryDirectory() as folder:
            records, wall = sync(url, Path(folder))
        log = control(url, "requests")
        stats = control(url, "stats")
    finally:
        sandbox.terminate()
        sandbox.wait()
    pages = sum(1 for entry in log if entry["status"] != 429)
    span = max(e["monotonic"] + e["duration"] for e in log) - min(e["monotonic"] for e in log)
    bound = pages / args.limit * args.window
    return {"latency": latency_real, "pages": pages, "bound": bound, "span": span, "ratio": span / bound,
            "429s": stats["429s"], "records": records, "records_per_s": records / span, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--window", type=float, default=2.0, help="real seconds standing for ShipStation's 60 s window")
    parser.add_argument("--limit", type=int, default=40, help="requests per window")
    parser.add_argument("--latencies", default="0,1,3", help="response times in seconds of ShipStation's clock")
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--page-size", type=int, default=20, help="the sandbox's page-size cap (scaled-down pages)")
    args = parser.parse_args()

    print(f"limit {args.limit} per window; a {REAL_WINDOW_SECONDS:.0f} s window lasts {args.window:g} s here; "
          f"{args.orders} orders, pages of {args.page_size}")
    print(f"{'latency':>8} {'pages':>6} {'bound s':>8} {'span s':>7} {'span/bound':>10} {'429s':>5} {'records/s':>10} {'wall s':>7}")
    for latency in (float(x) for x in args.latencies.split(",")):
        row = measure(args, latency)
        print(f"{row['latency']:>7g}s {row['pages']:>6} {row['bound']:>8.1f} {row['span']:>7.1f} {row['ratio']:>10.3f} "
              f"{row['429s']:>5} {row['records_per_s']:>10.0f} {row['wall']:>7.1f}", flush=True)


if __name__ == "__main__":
    main()
