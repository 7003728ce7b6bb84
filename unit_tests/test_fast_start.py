"""source_shipstation.fast_start: the CDK imported faster (no serpyco docstring lookup, a lazy package) behaves the same."""

import json
import subprocess
import sys

import pytest

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


# What importing the connector loads, and whether the package's own names still resolve afterwards.
PACKAGE_NAMES = r"""
import json, sys
import source_shipstation
declarative_loaded = "airbyte_cdk.sources.declarative.models.declarative_component_schema" in sys.modules
import airbyte_cdk
from airbyte_cdk import AirbyteEntrypoint, AirbyteMessage, AbstractSource, __version__
import airbyte_cdk.entrypoint, airbyte_cdk.models, airbyte_cdk.sources
print(json.dumps({
    "declarative_loaded_by_the_connector": declarative_loaded,
    "same_objects": [AirbyteEntrypoint is airbyte_cdk.entrypoint.AirbyteEntrypoint, AirbyteMessage is airbyte_cdk.models.AirbyteMessage,
                     AbstractSource is airbyte_cdk.sources.AbstractSource],
    "version": __version__,
    "declarative_loaded_after_asking_the_package": "airbyte_cdk.sources.declarative.models.declarative_component_schema" in sys.modules,
}))
"""


def test_given_connector_imported_then_cdk_init_waits_until_the_package_is_asked_for_a_name():
    done = subprocess.run([sys.executable, "-c", PACKAGE_NAMES], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    plain = subprocess.run([sys.executable, "-c", "import airbyte_cdk; print(airbyte_cdk.__version__)"], capture_output=True, text=True, timeout=120)

    assert found["declarative_loaded_by_the_connector"] is False
    assert found["same_objects"] == [True, True, True]
    assert found["version"] == plain.stdout.strip()
    assert found["declarative_loaded_after_asking_the_package"] is True  # the __init__ ran, in full


def test_lazy_package_runs_its_init_once_on_the_first_name_asked(tmp_path, monkeypatch):
    package = tmp_path / "lazy_demo"
    package.mkdir()
    (package / "__init__.py").write_text("import sys\nsys.init_runs = getattr(sys, 'init_runs', 0) + 1\nfrom .leaf import VALUE\nGREETING = 'hi'\n")
    # The leaf imports its own package's submodule by its full name, as CDK modules do.
    (package / "leaf.py").write_text("import lazy_demo.other as other\nVALUE = other.NUMBER + 1\n")
    (package / "other.py").write_text("NUMBER = 41\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "init_runs", 0, raising=False)
    from source_shipstation.fast_start import lazy_package

    try:
        lazy_package("lazy_demo")
        import lazy_demo.leaf

        assert lazy_demo.leaf.VALUE == 42
        assert sys.init_runs == 0  # importing a submodule did not run the __init__
        from lazy_demo import GREETING, VALUE

        assert (GREETING, VALUE) == ("hi", 42)
        assert lazy_demo.leaf.VALUE == 42 and sys.init_runs == 1
        with pytest.raises(AttributeError):
            lazy_demo.missing
        assert sys.init_runs == 1
    finally:
        for name in [name for name in sys.modules if name == "lazy_demo" or name.startswith("lazy_demo.")]:
            del sys.modules[name]
