"""Run the installed `source-shipstation` console script against a sandbox, and read what it says.

Every stdout line is checked to be a valid Airbyte message (the protocol's pydantic models), and
every run's stdout and stderr are checked for the sandbox's secrets and the Basic auth token.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional
from zoneinfo import ZoneInfo

from airbyte_protocol.models import AirbyteMessage

STREAMS = (
    "carriers",
    "customers",
    "fulfillments",
    "products",
    "shipments",
    "stores",
    "store_details",
    "marketplaces",
    "users",
    "warehouses",
    "warehouse_details",
    "orders",
)
INCREMENTAL = ("customers", "fulfillments", "products", "shipments", "orders")
PRIMARY_KEYS = {
    "carriers": "shippingProviderId",
    "customers": "customerId",
    "fulfillments": "fulfillmentId",
    "products": "productId",
    "shipments": "shipmentId",
    "stores": "storeId",
    "store_details": "storeId",
    "marketplaces": "marketplaceId",
    "users": "userId",
    "warehouses": "warehouseId",
    "warehouse_details": "warehouseId",
    "orders": "orderId",
}


def console_script() -> str:
    beside_python = Path(sys.executable).parent / "source-shipstation"
    return str(beside_python) if beside_python.exists() else shutil.which("source-shipstation")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    messages: List[Dict[str, Any]] = field(default_factory=list)

    def of_type(self, kind: str) -> List[Dict[str, Any]]:
        return [m for m in self.messages if m["type"] == kind]

    def records(self, stream: Optional[str] = None) -> List[Dict[str, Any]]:
        return [m["record"]["data"] for m in self.of_type("RECORD") if stream is None or m["record"]["stream"] == stream]

    def states(self, stream: str) -> List[Dict[str, Any]]:
        return [
            m["state"]["stream"]["stream_state"]
            for m in self.of_type("STATE")
            if m["state"]["stream"]["stream_descriptor"]["name"] == stream
        ]

    def state_messages(self) -> List[Dict[str, Any]]:
        """The STATE messages as a next run takes them with --state."""
        return [m["state"] for m in self.of_type("STATE")]

    def errors(self) -> List[Dict[str, Any]]:
        return [m["trace"]["error"] for m in self.of_type("TRACE") if m["trace"]["type"] == "ERROR"]

    def connection_status(self) -> Dict[str, Any]:
        (status,) = [m["connectionStatus"] for m in self.of_type("CONNECTION_STATUS")]
        return status

    def catalog(self) -> Dict[str, Any]:
        (catalog,) = [m["catalog"] for m in self.of_type("CATALOG")]
        return catalog

    def logs(self) -> List[str]:
        return [m["log"]["message"] for m in self.of_type("LOG")]


class Connector:
    """The console script pointed at one sandbox, with files in a test's temporary folder."""

    def __init__(self, sandbox: Any, folder: Path, timeout: float = 600) -> None:
        self.sandbox = sandbox
        self.folder = folder
        self.timeout = timeout
        self._count = 0

    def config(self, **overrides: Any) -> Dict[str, Any]:
        return {"api_key": self.sandbox.api_key, "api_secret": self.sandbox.api_secret, **overrides}

    def secrets(self, config: Mapping[str, Any]) -> List[str]:
        token = base64.b64encode(f"{config['api_key']}:{config['api_secret']}".encode()).decode()
        return [config["api_key"], config["api_secret"], token]

    def _file(self, name: str, content: Any) -> str:
        self._count += 1
        path = self.folder / f"{self._count:03d}-{name}.json"
        path.write_text(json.dumps(content))
        return str(path)

    def run(
        self,
        command: str,
        config: Optional[Mapping[str, Any]] = None,
        catalog: Optional[Mapping[str, Any]] = None,
        state: Optional[List[Mapping[str, Any]]] = None,
        debug: bool = False,
        env: Optional[Mapping[str, str]] = None,
        stop_when: Optional[Callable[[Dict[str, Any]], bool]] = None,
    ) -> Run:
        """Run one command; with `stop_when`, kill the process (SIGKILL) right after the first message
        for which it is true, as a crash or a cancelled job would."""
        config = self.config() if config is None else config
        argv = [console_script(), command]
        if command != "spec":
            argv += ["--config", self._file("config", config)]
        if catalog is not None:
            argv += ["--catalog", self._file("catalog", catalog)]
        if state is not None:
            argv += ["--state", self._file("state", state)]
        if debug:
            argv.append("--debug")
        environment = {**os.environ, "SHIPSTATION_API_BASE_URL": self.sandbox.url, **(env or {})}
        if stop_when is None:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=self.timeout, env=environment)
            stdout, stderr, returncode = done.stdout, done.stderr, done.returncode
        else:
            stdout, stderr, returncode = _run_until(argv, environment, stop_when, self.timeout)
        run = Run(returncode, stdout, stderr)
        for number, line in enumerate(stdout.splitlines(), 1):
            assert line.strip(), f"stdout line {number} is empty"
            AirbyteMessage.model_validate_json(line)  # raises on anything that is not a valid message
            run.messages.append(json.loads(line))
        if command != "spec":
            for secret in self.secrets(config):
                assert secret not in stdout and secret not in stderr, "a secret leaked into the output"
        return run

    def read(self, streams: Iterable[str] = STREAMS, mode: str = "incremental", **kwargs: Any) -> Run:
        return self.run("read", catalog=catalog(streams, mode), **kwargs)


def _run_until(argv: List[str], env: Mapping[str, str], stop_when: Callable[[Dict[str, Any]], bool], timeout: float):
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(env))
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if stop_when(json.loads(line)):
                process.kill()
                break
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    return "".join(lines), "", process.returncode


def catalog(streams: Iterable[str], mode: str = "incremental") -> Dict[str, Any]:
    """A configured catalog; `incremental` applies to the streams that support it."""
    configured = []
    for name in streams:
        incremental = mode == "incremental" and name in INCREMENTAL
        configured.append(
            {
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                "sync_mode": "incremental" if incremental else "full_refresh",
                "destination_sync_mode": "append_dedup" if incremental else "overwrite",
                "primary_key": [[PRIMARY_KEYS[name]]],
            }
        )
    return {"streams": configured}


# -- the sandbox's truth, as the connector should deliver it ---------------------------------------

_PACIFIC = ZoneInfo("America/Los_Angeles")
_READING = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?")


def pacific_instant(value: str) -> datetime:
    """An independent reading of a ShipStation timestamp (fold=0: the offset before a DST change)."""
    match = _READING.fullmatch(value)
    if match is None:
        wall = datetime.fromisoformat(value + "T00:00:00")
    else:
        *parts, fraction = match.groups()
        wall = datetime(*map(int, parts), int((fraction or "0")[:6].ljust(6, "0")))
    # In UTC: Python never finds two aware datetimes of different zones equal when one of them is
    # in a repeated or missing hour (PEP 495), even if they are the same instant.
    return wall.replace(tzinfo=_PACIFIC).astimezone(timezone.utc)


def datetime_paths(schema: Mapping[str, Any], prefix: tuple = ()) -> Iterable[tuple]:
    if schema.get("format") == "date-time":
        yield prefix
    for name, child in (schema.get("properties") or {}).items():
        yield from datetime_paths(child, prefix + (name,))
    items = schema.get("items")
    if isinstance(items, Mapping):
        yield from datetime_paths(items, prefix + ("[]",))


def _instants(node: Any, path: tuple) -> Any:
    """Replace the datetime at `path` (in place) by its instant, so both sides compare as instants."""
    if not path or node is None:
        return
    step, rest = path[0], path[1:]
    if step == "[]":
        for element in node if isinstance(node, list) else []:
            _instants(element, rest)
        return
    if not isinstance(node, dict) or node.get(step) is None:
        return
    if rest:
        _instants(node[step], rest)
    else:
        value = node[step]
        has_offset = "+" in value[10:] or "-" in value[10:]
        node[step] = datetime.fromisoformat(value).astimezone(timezone.utc) if has_offset else pacific_instant(value)


def _without_nulls(node: Any) -> Any:
    # The CDK's message serializer leaves out null values, so null and absent mean the same.
    if isinstance(node, dict):
        return {key: _without_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        return [_without_nulls(value) for value in node]
    return node


def comparable(records: Iterable[Mapping[str, Any]], schema: Mapping[str, Any]) -> Dict[Any, Any]:
    """Records keyed by primary key, datetimes as instants (truth: Pacific readings; output: RFC 3339)."""
    paths = list(datetime_paths(schema))
    keyed = {}
    for record in records:
        copy = _without_nulls(json.loads(json.dumps(record)))
        for path in paths:
            _instants(copy, path)
        keyed[copy[schema["_primary_key"]]] = copy
    return keyed


def schemas_from(run: Run) -> Dict[str, Dict[str, Any]]:
    found = {}
    for stream in run.catalog()["streams"]:
        schema = dict(stream["json_schema"])
        schema["_primary_key"] = stream["source_defined_primary_key"][0][0]
        found[stream["name"]] = schema
    return found


@functools.lru_cache(maxsize=None)
def _discovered() -> str:
    from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, Type

    from source_shipstation import SourceShipstation

    config = {"api_key": "schema_only_key_0123", "api_secret": "schema_only_secret_4567"}  # discover sends no request
    catalog = SourceShipstation().discover(logging.getLogger("airbyte"), config)
    return json.dumps(AirbyteMessageSerializer.dump(AirbyteMessage(type=Type.CATALOG, catalog=catalog)))


def stream_schemas() -> Dict[str, Dict[str, Any]]:
    """Every stream's schema as discover announces it (in-process once: it does not depend on the data)."""
    return schemas_from(Run(0, "", "", [json.loads(_discovered())]))
