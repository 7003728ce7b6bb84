"""source_shipstation.fast_start: the CDK imported without serpyco's docstring lookup serializes the same."""

import json
import subprocess
import sys

# Serializes a spread of messages, and reads a catalog and a state back, with whatever imported the CDK.
SERIALIZE = r"""
import json, logging, sys
{first_import}
import serpyco_rs._describe, serpyco_rs._json_schema._convert
from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.models import (
    AirbyteMessage, AirbyteRecordMessage, AirbyteStateMessageSerializer, AirbyteTraceMessage, AirbyteErrorTraceMessage,
    ConfiguredAirbyteCatalogSerializer, FailureType, TraceType, Type,
)
from source_shipstation import SourceShipstation

spec = SourceShipstation().spec(logging.getLogger("test"))
messages = [
    AirbyteMessage(type=Type.SPEC, spec=spec),
    AirbyteMessage(type=Type.RECORD, record=AirbyteRecordMessage(
        stream="orders", data={{"a": 1, "b": None, "c": {{"d": [1, None, {{"e": None}}]}}, "f": "2024-01-01T00:00:00-08:00"}}, emitted_at=1)),
    AirbyteMessage(type=Type.TRACE, trace=AirbyteTraceMessage(type=TraceType.ERROR, emitted_at=2.5,
        error=AirbyteErrorTraceMessage(message="m", internal_message="i", failure_type=FailureType.config_error))),
]
catalog = {{"streams": [{{"stream": {{"name": "orders", "json_schema": {{}}, "supported_sync_modes": ["incremental"]}},
            "sync_mode": "incremental", "destination_sync_mode": "append", "cursor_field": ["modifyDate"]}}]}}
state = {{"type": "STREAM", "stream": {{"stream_descriptor": {{"name": "orders"}}, "stream_state": {{"modifyDate": "x"}}}}}}
print(json.dumps({{
    "messages": [AirbyteEntrypoint.airbyte_message_to_string(m) for m in messages],
    "catalog": ConfiguredAirbyteCatalogSerializer.dump(ConfiguredAirbyteCatalogSerializer.load(catalog)),
    "state": AirbyteStateMessageSerializer.dump(AirbyteStateMessageSerializer.load(state)),
    "lookups_restored": [m.get_attributes_doc.__name__ for m in (serpyco_rs._describe, serpyco_rs._json_schema._convert)],
    "classes_whose_docstrings_were_read": serpyco_rs._describe.get_attributes_doc.cache_info().currsize,
}}))
"""


def _serialized(first_import: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SERIALIZE.format(first_import=first_import)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_given_cdk_imported_through_the_connector_then_every_message_serializes_as_with_a_plain_import():
    plain = _serialized("import airbyte_cdk")
    fast = _serialized("import source_shipstation")

    assert fast["messages"] == plain["messages"]
    assert fast["catalog"] == plain["catalog"]
    assert fast["state"] == plain["state"]
    assert fast["lookups_restored"] == ["get_attributes_doc", "get_attributes_doc"]
    # The point of it: the plain import read the docstrings of every protocol class, ours none.
    assert plain["classes_whose_docstrings_were_read"] > 20
    assert fast["classes_whose_docstrings_were_read"] == 0
