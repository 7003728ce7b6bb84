"""The user docs, metadata.yaml and the Dockerfile agree with the connector itself (no network).

The stream tables of both docs pages must list exactly the streams `discover` returns, with the same
sync modes, cursors and primary keys; metadata.yaml and the Dockerfile must carry pyproject's version
and the same base image.
"""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path

import pytest
import yaml
from airbyte_cdk.test.entrypoint_wrapper import discover

from source_shipstation.source import SourceShipstation

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {"api_key": "test_api_key_0123456789", "api_secret": "test_api_secret_0123456789"}

# Each page's stream table is found by its header row.
STREAM_TABLE_HEADERS = {
    "shipstation.md": ["Stream", "ShipStation endpoint", "Sync modes", "Cursor", "Primary key"],
    "shipstation.zh.md": ["数据流", "ShipStation 端点", "同步模式", "游标", "主键"],
}

StreamFacts = tuple[list[str], str, list[str]]  # sync modes, cursor ("" for none), primary key fields


@pytest.fixture(scope="module")
def discovered() -> dict[str, StreamFacts]:
    output = discover(SourceShipstation(), CONFIG)
    facts = {}
    for stream in output.catalog.catalog.streams:
        modes = [mode.value for mode in stream.supported_sync_modes]
        cursor = ".".join(stream.default_cursor_field or [])
        key = [".".join(path) for path in stream.source_defined_primary_key or []]
        facts[stream.name] = (modes, cursor, key)
    return facts


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _plain(cell: str) -> str:
    return cell.replace("`", "").strip()


def stream_table(page: Path, header: list[str]) -> list[StreamFacts]:
    """The rows of the markdown table with ``header``, as (stream, sync modes, cursor, primary key)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("|") and _cells(line) == header]
    assert len(starts) == 1, f"{page.name}: expected one table with header {header}, found {len(starts)}"
    rows = []
    for line in lines[starts[0] + 2 :]:  # skip the header and the |---| row
        if not line.startswith("|"):
            break
        stream, _endpoint, modes, cursor, key = _cells(line)
        rows.append(
            (
                _plain(stream),
                [m.strip() for m in _plain(modes).split(",")],
                _plain(cursor),
                [k.strip() for k in _plain(key).split(",")],
            )
        )
    return rows


@pytest.mark.parametrize("page_name", sorted(STREAM_TABLE_HEADERS))
def test_docs_stream_table_matches_discover(page_name: str, discovered: dict[str, StreamFacts]) -> None:
    rows = stream_table(ROOT / "docs" / page_name, STREAM_TABLE_HEADERS[page_name])
    names = [row[0] for row in rows]
    assert len(names) == len(set(names)), f"{page_name} lists a stream twice: {names}"
    documented = {name: (modes, cursor, key) for name, modes, cursor, key in rows}
    assert documented == discovered


def test_discover_returns_the_twelve_streams(discovered: dict[str, StreamFacts]) -> None:
    assert len(discovered) == 12


@pytest.fixture(scope="module")
def metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yaml").read_text())["data"]


@pytest.fixture(scope="module")
def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_metadata_image_tag_is_the_package_version(metadata: dict, version: str) -> None:
    assert metadata["dockerImageTag"] == version


def test_metadata_base_image_is_the_dockerfile_default(metadata: dict, dockerfile: str) -> None:
    default = re.search(r"^ARG BASE_IMAGE=(\S+)$", dockerfile, re.MULTILINE)
    assert default, "the Dockerfile has no default BASE_IMAGE"
    assert metadata["connectorBuildOptions"]["baseImage"] == default.group(1)
    assert "@sha256:" in default.group(1), "the base image must be pinned by digest"


def test_metadata_documentation_url_is_the_spec_one(metadata: dict) -> None:
    spec = SourceShipstation().spec(logging.getLogger("airbyte"))
    assert metadata["documentationUrl"] == spec.documentationUrl


def test_metadata_identifies_a_python_source(metadata: dict) -> None:
    assert "language:python" in metadata["tags"]
    assert metadata["connectorType"] == "source"
    assert str(uuid.UUID(metadata["definitionId"])) == metadata["definitionId"]


def test_metadata_suggested_streams_exist(metadata: dict, discovered: dict[str, StreamFacts]) -> None:
    assert set(metadata["suggestedStreams"]["streams"]) <= set(discovered)


def test_dockerfile_labels_name_the_image_and_version(metadata: dict, dockerfile: str, version: str) -> None:
    assert re.search(rf"io\.airbyte\.version={re.escape(version)}\s", dockerfile)
    assert re.search(rf"io\.airbyte\.name={re.escape(metadata['dockerRepository'])}\s", dockerfile)
