"""Command line: run a sandbox until SIGINT/SIGTERM.

    python -m shipstation_sandbox --port 8080 --seed 7 --orders 5000 --rate-limit 40/60

Every data option and switch has a flag (underscores become dashes); see --help.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from dataclasses import fields

from .config import CHOICES, Switches
from .data import DataOptions
from .sandbox import Sandbox

_NOT_FLAGS = {"clock", "latency_paths", "api_access"}
_ALIASES = {"latency_seconds": ["--latency"]}


def _flag_type(name: str, default):
    if name == "customers":
        return int
    if name == "rate_limit":
        return str
    return type(default)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shipstation_sandbox",
                                     description="A local sandbox of the ShipStation v1 REST API.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--no-prerender", dest="prerender", action="store_false",
                        help="render records on first request instead of at start")
    data = parser.add_argument_group("data")
    for f in fields(DataOptions):
        data.add_argument(f"--{f.name.replace('_', '-')}", type=_flag_type(f.name, f.default), default=None,
                          help=f"default: {f.default}")
    switches = parser.add_argument_group("switches")
    for f in fields(Switches):
        if f.name in _NOT_FLAGS:
            continue
        default = f.default if f.default is not None else "none"
        switches.add_argument(f"--{f.name.replace('_', '-')}", *_ALIASES.get(f.name, []), dest=f.name,
                              type=_flag_type(f.name, f.default), choices=CHOICES.get(f.name), default=None,
                              help=f"default: {default}")
    switches.add_argument("--no-api-access", dest="api_access", action="store_const", const=False, default=None,
                          help="answer every call with 403 (a plan without API access)")
    switches.add_argument("--latency-path", dest="latency_paths", action="append", metavar="REGEX=SECONDS",
                          help="latency for paths matching REGEX (repeatable)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = vars(build_parser().parse_args(argv))
    port, prerender = args.pop("port"), args.pop("prerender")
    if args["latency_paths"]:
        args["latency_paths"] = dict(item.rsplit("=", 1) for item in args["latency_paths"])
    options = {name: value for name, value in args.items() if value is not None}
    sandbox = Sandbox(prerender=prerender, **options)
    url = sandbox.start(port)
    print(f"ShipStation sandbox listening on {url}", flush=True)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    while not stopping.wait(0.5):
        pass
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
