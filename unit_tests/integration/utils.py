"""Running the connector through the CDK's real entry points, and checking what it emits."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo

import orjson
from airbyte_cdk.models import AirbyteMessageSerializer, AirbyteStateMessage, ConfiguredAirbyteCatalog, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, _run_command, discover, make_file, read
from airbyte_cdk.test.models.outcome import ExpectedOutcome
from airbyte_cdk.test.state_builder import StateBuilder
from jsonschema import Draft7Validator

from source_shipstation import SourceShipstation
from source_shipstation.run import ShipstationEntrypoint
from unit_tests.integration.config import ConfigBuilder

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


def catalog(stream: str, sync_mode: SyncMode = SyncMode.full_refresh) -> ConfiguredAirbyteCatalog:
    return CatalogBuilder().with_stream(stream, sync_mode).build()


def state(stream: str, stream_state: Mapping[str, Any]) -> List[AirbyteStateMessage]:
    return StateBuilder().with_stream_state(stream, dict(stream_state)).build()


def read_stream(
    stream: str,
    config: Optional[Mapping[str, Any]] = None,
    sync_mode: SyncMode = SyncMode.full_refresh,
    stream_state: Optional[Mapping[str, Any]] = None,
    expecting_failure: bool = False,
    debug: bool = False,
) -> EntrypointOutput:
    return read(
        SourceShipstation(),
        config or ConfigBuilder().build(),
        catalog(stream, sync_mode),
        state(stream, stream_state) if stream_state is not None else None,
        expected_outcome=ExpectedOutcome.EXPECT_EXCEPTION if expecting_failure else None,
        debug=debug,
    )


def run_discover(config: Optional[Mapping[str, Any]] = None, expecting_failure: bool = False) -> EntrypointOutput:
    return discover(
        SourceShipstation(),
        config or ConfigBuilder().build(),
        expected_outcome=ExpectedOutcome.EXPECT_EXCEPTION if expecting_failure else None,
    )


def run_check(config: Mapping[str, Any]) -> EntrypointOutput:
    """`check` through the console script's entrypoint (it names the bad field of a config)."""
    with tempfile.TemporaryDirectory() as directory:
        config_path = make_file(Path(directory) / "config.json", dict(config))
        entrypoint = ShipstationEntrypoint(SourceShipstation())
        messages = list(entrypoint.run(entrypoint.parse_args(["check", "--config", config_path])))
        return EntrypointOutput(messages=messages)


def run_spec() -> EntrypointOutput:
    return _run_command(SourceShipstation(), ["spec"])


@lru_cache(maxsize=None)
def _discovered_schemas() -> Dict[str, Mapping[str, Any]]:
    output = run_discover()
    return {s.name: s.json_schema for s in output.catalog.catalog.streams}


def stream_schema(stream: str) -> Mapping[str, Any]:
    """The stream's JSON schema as discover announces it (shared ``$ref`` already resolved)."""
    return _discovered_schemas()[stream]


def record_data(output: EntrypointOutput) -> List[Dict[str, Any]]:
    return [message.record.data for message in output.records]


def assert_valid_against_schema(stream: str, records: List[Mapping[str, Any]]) -> None:
    validator = Draft7Validator(stream_schema(stream))
    problems = [f"{r}: {e.message} at {list(e.absolute_path)}" for r in records for e in validator.iter_errors(r)]
    assert not problems, problems[:3]


def datetime_values(stream: str, record: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Every (path, value) of the record at a ``format: date-time`` field of the stream's schema."""
    found: List[Tuple[str, str]] = []
    _collect(stream_schema(stream), record, "", found)
    return found


def _collect(schema: Mapping[str, Any], node: Any, path: str, found: List[Tuple[str, str]]) -> None:
    if node is None:
        return
    if schema.get("format") == "date-time" and isinstance(node, str):
        found.append((path, node))
    if isinstance(node, Mapping):
        for name, child in schema.get("properties", {}).items():
            if name in node:
                _collect(child, node[name], f"{path}.{name}", found)
    if isinstance(node, list) and isinstance(schema.get("items"), Mapping):
        for index, element in enumerate(node):
            _collect(schema["items"], element, f"{path}[{index}]", found)


def pacific_offset(wall_clock: str) -> str:
    """The offset America/Los_Angeles has at a (non-ambiguous) wall-clock reading ``YYYY-MM-DDTHH:MM:SS``."""
    offset = datetime.fromisoformat(wall_clock[:19]).replace(tzinfo=LOS_ANGELES).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def assert_datetimes_in_rfc3339(stream: str, records: List[Mapping[str, Any]]) -> int:
    """Every datetime field is RFC 3339 with the Pacific offset of its wall-clock digits; returns how many were checked."""
    checked = 0
    for record in records:
        for path, value in datetime_values(stream, record):
            assert RFC3339.match(value), f"{stream}{path} = {value!r} is not RFC 3339"
            assert value.endswith(pacific_offset(value)), f"{stream}{path} = {value!r}: wrong Pacific offset"
            checked += 1
    return checked


def all_output_text(output: EntrypointOutput) -> str:
    """Every message of a run, serialised, one per line."""
    return "\n".join(orjson.dumps(AirbyteMessageSerializer.dump(m)).decode() for m in output.get_message_iterator())

