"""`make demo`: sync every ShipStation stream into a local DuckDB file through PyAirbyte.

Without --config it starts the local ShipStation sandbox (shipstation_sandbox/, a few thousand
seeded orders) and syncs from it; with --config PATH it syncs from the real account in that file.

    .venv-demo/bin/python demo/run_demo.py --connector .venv/bin/source-shipstation \
        --sandbox-python .venv/bin/python [--config secrets/config.json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path

# PyAirbyte reads these at import time: no registry download, no telemetry.
os.environ["AIRBYTE_OFFLINE_MODE"] = "1"
os.environ["DO_NOT_TRACK"] = "1"
warnings.filterwarnings("ignore", category=FutureWarning)  # google-api-core's Python 3.11 notices

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "demo-output"
DB_PATH = OUTPUT_DIR / "shipstation_demo.duckdb"  # not shipstation.duckdb: DuckDB names the catalog
SCHEMA = "shipstation"  # after the file, and a catalog and a schema of one name make queries ambiguous
SANDBOX_ORDERS = 3000
SANDBOX_KEY, SANDBOX_SECRET = "sandbox_api_key_0123", "sandbox_api_secret_4567"
SAMPLE_COLUMNS = {
    "orders": ["orderid", "ordernumber", "orderdate", "orderstatus", "ordertotal"],
    "shipments": ["shipmentid", "orderid", "shipdate", "carriercode", "trackingnumber", "voided"],
    "customers": ["customerid", "name", "city", "countrycode", "createdate"],
}
CONFIG_SHAPE = """  {
    "api_key": "your ShipStation API key",
    "api_secret": "your ShipStation API secret",
    "store_id": 123456,
    "start_date": "2024-01-01T00:00:00Z"
  }
  (store_id and start_date are optional: sync only that store / only what changed since then)"""
STARTED = time.monotonic()


class DemoError(Exception):
    """A problem to report in one line, without a traceback."""


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connector", required=True, help="the source-shipstation executable")
    parser.add_argument("--sandbox-python", required=True, help="a Python that can import shipstation_sandbox")
    parser.add_argument("--config", help="JSON config of a real account (no sandbox)")
    return parser.parse_args()


def load_config(path: str) -> dict:
    """The real account's config, checked enough to fail here rather than deep inside the sync."""
    file = Path(path)
    if not file.is_file():
        raise DemoError(f"config file {path} does not exist. It should look like:\n{CONFIG_SHAPE}")
    try:
        config = json.loads(file.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DemoError(f"config file {path} is not valid JSON ({error}).") from None
    if not isinstance(config, dict):
        raise DemoError(f"config file {path} must hold a JSON object like:\n{CONFIG_SHAPE}")
    for key in ("api_key", "api_secret"):
        if not isinstance(config.get(key), str) or not config[key].strip():
            raise DemoError(f"config file {path} has no {key!r} (a non-empty string). Expected:\n{CONFIG_SHAPE}")
    if "store_id" in config and (type(config["store_id"]) is not int or config["store_id"] < 1):
        raise DemoError(f"config file {path}: 'store_id' must be a positive whole number, e.g. 123456.")
    if "start_date" in config and not isinstance(config["start_date"], str):
        raise DemoError(f"config file {path}: 'start_date' must be a string like \"2024-01-01T00:00:00Z\".")
    return config


@contextmanager
def sandbox(python: str):
    """Run the ShipStation sandbox for the duration of the block; yields its base URL."""
    command = [python, "-m", "shipstation_sandbox", "--port", "0", "--orders", str(SANDBOX_ORDERS)]
    try:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    except OSError as error:
        raise DemoError(f"cannot start the sandbox with {python}: {error}") from None
    try:
        line = _first_line(process, timeout=60)
        prefix = "ShipStation sandbox listening on "
        if not line.startswith(prefix):
            raise DemoError(f"the sandbox did not start (exit code {process.poll()}, said {line!r}).")
        yield line[len(prefix):].strip()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        say("Sandbox stopped.")


def _first_line(process: subprocess.Popen, timeout: float) -> str:
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not lines:
        raise DemoError(f"the sandbox printed nothing within {timeout:.0f} s.")
    return lines[0]


@contextmanager
def heartbeat(what: str, every: float = 15.0):
    """In a non-TTY PyAirbyte's live progress view stays silent until the end: say we're alive."""
    done = threading.Event()

    def beat() -> None:
        begun = time.monotonic()
        while not done.wait(every):
            say(f"... still {what} ({time.monotonic() - begun:.0f} s so far)")

    thread = threading.Thread(target=beat, daemon=True)
    if not sys.stderr.isatty():
        thread.start()
    try:
        yield
    finally:
        done.set()


def sync(connector: str, config: dict) -> list[str]:
    """check(), then read every stream into DuckDB, replacing the tables of an earlier run."""
    say("Loading PyAirbyte ...")
    import airbyte as ab  # after the environment above is set

    _quiet_type_notes()
    source = ab.get_source("source-shipstation", config=config, local_executable=connector)
    say("Checking the connection ...")
    try:
        source.check()
    except Exception as error:  # PyAirbyte raises its own exception types, with details in str()
        raise DemoError(f"the connection check failed: {error}") from None
    streams = source.get_available_streams()
    source.select_all_streams()
    OUTPUT_DIR.mkdir(exist_ok=True)
    cache = ab.DuckDBCache(db_path=str(DB_PATH), schema_name=SCHEMA, cache_dir=OUTPUT_DIR / ".cache")
    say(f"Reading {len(streams)} streams into {_shown(DB_PATH)} ...")
    with heartbeat("reading"):
        # A complete snapshot each run: without both, a rerun would resume from the saved state and
        # merge into the tables, mixing sandbox records with a real account's.
        source.read(cache=cache, write_strategy="replace", force_full_refresh=True)
    cache.close()  # releases the file so it can be opened again below
    say("Sync finished.")
    return streams


def _quiet_type_notes() -> None:
    """PyAirbyte prints a note per table and column for a union type such as ["string", "number"]
    (it stores the column as text); say each distinct note once instead of once per table built."""
    import airbyte.types

    seen: set[str] = set()

    def once(message: str = "", *_, **__) -> None:
        if message not in seen:
            seen.add(message)
            say(f"PyAirbyte: {message} (stored as text)")

    airbyte.types.print = once


def report(streams: list[str], must_have_records: bool) -> None:
    """Per-stream counts and a few rows, read back from the DuckDB file itself."""
    import duckdb

    with duckdb.connect(str(DB_PATH), read_only=True) as db:
        tables = [name for (name,) in db.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_name not like '\\_airbyte%' escape '\\' order by table_name", [SCHEMA]).fetchall()]
        counts = {t: db.execute(f'select count(*) from {SCHEMA}."{t}"').fetchone()[0] for t in tables}
        print()
        _table(["stream", "records"], [[t, f"{n:,}"] for t, n in counts.items()], right={1})
        print(f"  {'total':<18}{sum(counts.values()):>10,}")
        for stream, columns in SAMPLE_COLUMNS.items():
            if counts.get(stream):
                rows = db.execute(f'select {", ".join(columns)} from {SCHEMA}."{stream}" order by 1 limit 3').fetchall()
                print(f"\n{stream} (first 3 by id):")
                _table(columns, [[_cell(v) for v in row] for row in rows])
    empty = [stream for stream in streams if not counts.get(stream)]
    if must_have_records and empty:
        raise DemoError(f"the sandbox has records in every stream, but none arrived in: {', '.join(empty)}.")


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [str(v).rjust(w) if i in right else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths))]
        print("  " + "  ".join(cells).rstrip())


def _cell(value) -> str:
    if isinstance(value, datetime):
        value = value.strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(value, Decimal):
        value = f"{value:.2f}"
    text = "" if value is None else str(value)
    return text if len(text) <= 32 else text[:31] + "…"


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _interrupt)  # stop the sandbox on `kill` too, as on Ctrl-C
    connector = Path(args.connector).resolve()
    if not os.access(connector, os.X_OK):
        raise DemoError(f"connector executable {args.connector} not found (run `make demo`, which installs it).")
    if args.config:
        config = load_config(args.config)
        say(f"Syncing from the real ShipStation account in {args.config}.")
        streams = sync(str(connector), config)
    else:
        say(f"Starting the ShipStation sandbox ({SANDBOX_ORDERS:,} orders) ...")
        with sandbox(args.sandbox_python) as url:
            say(f"Sandbox listening on {url}")
            os.environ["SHIPSTATION_API_BASE_URL"] = url  # inherited by the connector's process
            streams = sync(str(connector), {"api_key": SANDBOX_KEY, "api_secret": SANDBOX_SECRET})
    report(streams, must_have_records=not args.config)
    print(f"\nDuckDB file: {_shown(DB_PATH)} (schema {SCHEMA!r}; one table per stream). Look inside with e.g.")
    print(f"  .venv-demo/bin/python -c \"import duckdb; db = duckdb.connect('{_shown(DB_PATH)}', read_only=True); "
          f"db.sql('select * from {SCHEMA}.orders limit 5').show()\"")
    if not args.config:
        print("\nTo sync a real ShipStation account instead, put its keys in a file such as secrets/config.json"
              f" (git-ignored):\n{CONFIG_SHAPE}\nand run:  make demo CONFIG=secrets/config.json")
    say("Done.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DemoError as error:
        print(f"\ndemo failed: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\ndemo interrupted.", file=sys.stderr)
        sys.exit(130)
