"""Throughput benchmark (`make bench-throughput`): the connector's own cost per record.

The sandbox answers with no rate limit and no latency, so the client's work decides the speed. For
each number of orders it starts a sandbox in its own process (its own GIL), warms it, then times

    connector  the console script `source-shipstation read`, catalog `orders` in full_refresh,
               stdout to /dev/null
    raw loop   this file's `raw-loop`: the same requests (same pages, same query) with `requests`,
               each page parsed with orjson and every record written as one JSON line to /dev/null;
               the floor no connector can beat

Each measured command runs in a fresh child process; its wall time is taken from spawn to exit
(interpreter start and imports included) and its peak memory is that child's own ru_maxrss, read
with os.wait4 on its pid. Printed per size: records/s of both (median of --repeats runs), their
ratio, peak RSS of both (the largest of the runs), and the connector's records/s and ratio without
its startup (the median wall time of `source-shipstation spec`, which imports the same modules).

Warm-up, not timed: one raw-loop pass renders and caches every order in the sandbox (the sandbox
renders a record on first request); one connector pass, whose output is read, checks that the
connector emits every order and sends the same requests as the raw loop.

Run: .venv/bin/python benchmarks/throughput.py [--sizes 10000,100000,200000] [--repeats 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
API_KEY, API_SECRET = "sandbox_api_key_0123", "sandbox_api_secret_4567"
PAGE_SIZE = 500  # source_shipstation.constants.PAGE_SIZE
CLOCK_SKEW_MARGIN_SECONDS = 300  # source_shipstation.constants: the paged window ends this far back
FILTER_FORMAT = "%Y-%m-%d %H:%M:%S"
TARGET_RATIO = 0.5  # the connector's records/s against the raw loop's, end to end

# The sandbox in its own process. Its cache of rendered records holds 100,000 per table by default;
# past that a sequential pass evicts what the next pass needs, and a 200,000-order run would time the
# sandbox rendering JSON instead of the client. The launcher raises the cap to the number of orders.
SANDBOX_LAUNCHER = """
import sys
import shipstation_sandbox.table as table
from shipstation_sandbox.__main__ import main
table.CACHE_LIMIT = max(table.CACHE_LIMIT, int(sys.argv[sys.argv.index("--orders") + 1]))
sys.exit(main(sys.argv[1:]))
"""


# -- the raw loop (runs in its own child process) ---------------------------------------------------


def settled_until() -> datetime:
    """Pacific wall time, whole seconds, CLOCK_SKEW_MARGIN_SECONDS ago: the connector's window end."""
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("America/Los_Angeles")) - timedelta(seconds=CLOCK_SKEW_MARGIN_SECONDS)
    return now.replace(tzinfo=None, microsecond=0)


def raw_loop(base_url: str) -> int:
    """The requests of the connector's full-refresh read of orders, with nothing else around them.

    As in source_shipstation.paging.ascending_walk: page 1 of every order sorted by ModifyDate up to
    the settled second, every further page its `total` promises, one more while the last page is
    full, then page 1 of whatever changed after the settled second. Returns the records written.
    """
    import orjson
    import requests

    session = requests.Session()
    session.auth = (API_KEY, API_SECRET)
    out = open(sys.stdout.fileno(), "wb", buffering=1 << 20, closefd=False)
    settled = settled_until()
    ordered = {"sortBy": "ModifyDate", "sortDir": "ASC"}
    window = {**ordered, "modifyDateEnd": settled.strftime(FILTER_FORMAT)}
    written = 0

    def page(params: Dict[str, Any]) -> List[Any]:
        nonlocal written
        response = session.get(f"{base_url}/orders", params=params, timeout=120)
        response.raise_for_status()
        body = orjson.loads(response.content)
        records = body["orders"]
        for record in records:
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        written += len(records)
        return body

    first = page({**window, "page": 1, "pageSize": PAGE_SIZE})
    per_page = len(first["orders"])
    if per_page and per_page < first["total"]:
        number, size = 1, per_page
        for number in range(2, math.ceil(first["total"] / per_page) + 1):
            size = len(page({**window, "page": number, "pageSize": PAGE_SIZE})["orders"])
            if size < per_page:
                break  # the list ended early
        while size >= per_page:  # records may have joined since page 1 was counted
            number += 1
            size = len(page({**window, "page": number, "pageSize": PAGE_SIZE})["orders"])
    since = (settled - timedelta(seconds=1)).strftime(FILTER_FORMAT)
    page({**ordered, "page": 1, "pageSize": PAGE_SIZE, "modifyDateStart": since})
    out.flush()
    return written


# -- measuring -------------------------------------------------------------------------------------


def measured(command: List[str], env: Dict[str, str]) -> Tuple[float, int, str]:
    """Run ``command`` in a fresh child, stdout to /dev/null: (wall seconds, its peak RSS in KiB, stderr)."""
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=devnull, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, nothing else's
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-3000:]}")
    return wall, usage.ru_maxrss, stderr  # ru_maxrss is in KiB on Linux


def start_sandbox(orders: int) -> Tuple[subprocess.Popen, str]:
    command = [sys.executable, "-c", SANDBOX_LAUNCHER, "--port", "0", "--orders", str(orders), "--no-prerender"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1].strip()


def control(url: str, what: str, method: str = "GET") -> Any:
    request = urllib.request.Request(f"{url}/__sandbox/{what}", method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def requests_made(url: str) -> Counter:
    """The sandbox's log as a multiset of requests, the date filters' values masked (they follow the clock)."""
    masked = Counter()
    for entry in control(url, "requests"):
        query = {k: ("<date>" if k.lower().endswith(("start", "end")) else v) for k, v in entry["query"].items()}
        masked[(entry["path"], tuple(sorted(query.items())))] += 1
    return masked


def verify(url: str, orders: int, connector: List[str], raw: List[str], env: Dict[str, str]) -> None:
    """Warm-up: the raw loop renders every page; the connector must emit every order with the same requests."""
    control(url, "reset", "POST")
    _, _, stderr = measured(raw, env)
    written = int(re.search(r"records=(\d+)", stderr).group(1))
    raw_requests = requests_made(url)
    control(url, "reset", "POST")
    emitted, tail = 0, []
    with subprocess.Popen(connector, env=env, cwd=ROOT, stdout=subprocess.PIPE) as child:
        for line in child.stdout:
            if line.startswith(b'{"type":"RECORD"'):
                emitted += 1
            else:
                tail = (tail + [line])[-20:]
    if child.returncode != 0:
        raise SystemExit(f"the connector failed:\n{b''.join(tail).decode(errors='replace')}")
    connector_requests = requests_made(url)
    if not written == emitted == orders:
        raise SystemExit(f"expected {orders} orders; the raw loop wrote {written}, the connector emitted {emitted}")
    if raw_requests != connector_requests:
        raise SystemExit(f"the raw loop's requests differ from the connector's: {raw_requests ^ connector_requests}")
    print(f"  verified: both read {orders} orders with the same {sum(raw_requests.values())} requests", flush=True)


def run_size(orders: int, repeats: int, folder: Path) -> Dict[str, Any]:
    script = str(Path(sys.executable).parent / "source-shipstation")
    started = time.perf_counter()
    sandbox, url = start_sandbox(orders)
    print(f"{orders} orders: sandbox up in {time.perf_counter() - started:.1f} s at {url}", flush=True)
    try:
        env = {**os.environ, "SHIPSTATION_API_BASE_URL": url}
        connector = [script, "read", "--config", str(folder / "config.json"), "--catalog", str(folder / "catalog.json")]
        raw = [sys.executable, str(Path(__file__).resolve()), "raw-loop", url]
        verify(url, orders, connector, raw, env)
        startup = statistics.median(measured([script, "spec"], env)[0] for _ in range(3))
        runs: Dict[str, List[Tuple[float, int]]] = {"connector": [], "raw": []}
        for _ in range(repeats):
            for name, command in (("raw", raw), ("connector", connector)):
                wall, rss, _ = measured(command, env)
                runs[name].append((wall, rss))
                print(f"  {name:9} {wall:7.2f} s  {orders / wall:8.0f} records/s  peak RSS {rss / 1024:6.1f} MiB", flush=True)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=30)
    result = {"orders": orders, "startup_seconds": startup}
    for name, values in runs.items():
        wall = statistics.median(w for w, _ in values)
        result[name] = {"seconds": wall, "records_per_second": orders / wall, "peak_rss_mib": max(r for _, r in values) / 1024}
    result["ratio"] = result["connector"]["records_per_second"] / result["raw"]["records_per_second"]
    # Per-record cost without the fixed start: what the connector does per record once running.
    result["connector_without_startup_rps"] = orders / max(result["connector"]["seconds"] - startup, 1e-9)
    result["ratio_without_startup"] = result["connector_without_startup_rps"] / result["raw"]["records_per_second"]
    return result


def machine() -> str:
    model = "unknown CPU"
    memory = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs ({model}){memory}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(results: List[Dict[str, Any]]) -> str:
    lines = [
        "| orders | connector records/s | raw loop records/s | ratio | connector peak RSS | raw loop peak RSS "
        "| connector records/s without startup | ratio without startup |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        c, w = r["connector"], r["raw"]
        lines.append(
            f"| {r['orders']:,} | {c['records_per_second']:,.0f} | {w['records_per_second']:,.0f} | {r['ratio']:.2f} "
            f"| {c['peak_rss_mib']:.0f} MiB | {w['peak_rss_mib']:.0f} MiB | {r['connector_without_startup_rps']:,.0f} "
            f"| {r['ratio_without_startup']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,200000", help="numbers of orders, comma-separated")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs of each command per size (median)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"machine: {machine()}", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config.json").write_text(json.dumps({"api_key": API_KEY, "api_secret": API_SECRET}))
        catalog = {"streams": [{
            "stream": {"name": "orders", "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
            "sync_mode": "full_refresh", "destination_sync_mode": "overwrite",
        }]}
        (folder / "catalog.json").write_text(json.dumps(catalog))
        for orders in sizes:
            results.append(run_size(orders, args.repeats, folder))
    print()
    print(table(results))
    startup = ", ".join(f"{r['startup_seconds']:.2f} s" for r in results)
    print(f"\nconnector startup (`source-shipstation spec`, median of 3): {startup}")
    for r in results:
        verdict = "meets" if r["ratio"] >= TARGET_RATIO else "misses"
        print(f"{r['orders']:,} orders: the connector at {r['ratio']:.2f} of the raw loop's records/s {verdict} the target of {TARGET_RATIO}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "raw-loop":
        count = raw_loop(sys.argv[2])
        print(f"records={count}", file=sys.stderr)
        sys.exit(0)
    sys.exit(main())
