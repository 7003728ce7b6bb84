"""The sandbox the acceptance assets were recorded from, and how to record them again.

    python -m integration_tests.acceptance   # rewrites integration_tests/expected_records.jsonl
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Iterator

from shipstation_sandbox import Sandbox

HERE = Path(__file__).parent
ROOT = HERE.parent
EXPECTED_RECORDS = HERE / "expected_records.jsonl"
CONFIGURED_CATALOG = HERE / "configured_catalog.json"
ABNORMAL_STATE = HERE / "abnormal_state.json"
CONFIG = HERE / "config.json"
# Small and seeded: the same records every time (the data ends at a fixed anchor).
SANDBOX_OPTIONS = {"seed": 7, "orders": 40, "customers": 12, "products": 10}


@contextlib.contextmanager
def acceptance_sandbox() -> Iterator[Sandbox]:
    """Start the sandbox and point the connector at it through SHIPSTATION_API_BASE_URL."""
    sandbox = Sandbox(**SANDBOX_OPTIONS)
    previous = os.environ.get("SHIPSTATION_API_BASE_URL")
    os.environ["SHIPSTATION_API_BASE_URL"] = sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()
        if previous is None:
            os.environ.pop("SHIPSTATION_API_BASE_URL", None)
        else:
            os.environ["SHIPSTATION_API_BASE_URL"] = previous


def read_all(state=None):
    """Read the configured catalog in-process with the connector."""
    from airbyte_cdk.models import ConfiguredAirbyteCatalogSerializer
    from airbyte_cdk.test.entrypoint_wrapper import read

    from source_shipstation import SourceShipstation

    catalog = ConfiguredAirbyteCatalogSerializer.load(json.loads(CONFIGURED_CATALOG.read_text()))
    return read(SourceShipstation(), json.loads(CONFIG.read_text()), catalog, state)


def record_lines(output) -> list:
    return sorted(
        json.dumps({"stream": m.record.stream, "data": m.record.data}, sort_keys=True) for m in output.records
    )


def main() -> None:
    with acceptance_sandbox():
        lines = record_lines(read_all())
    EXPECTED_RECORDS.write_text("".join(f"{line}\n" for line in lines))
    print(f"wrote {len(lines)} records to {EXPECTED_RECORDS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
