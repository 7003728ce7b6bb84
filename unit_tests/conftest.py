"""Fixtures shared by every unit test.

Three things are pinned for every test so that no test depends on the machine or the wall clock:

* the API base URL (``SHIPSTATION_API_BASE_URL`` is removed: requests go to ShipStation's default host,
  which HttpMocker intercepts);
* the CDK's backoff sleeps (recorded, never slept);
* the connector's clock (``Connection.now``), because the paged part of an incremental read ends
  a few minutes before "now" and that end is sent as a query parameter (``modifyDateEnd`` ...).
  HttpMocker compares query strings exactly, so an unfrozen clock would make every request of
  orders, shipments and fulfillments unpredictable.
"""

from __future__ import annotations

import time as real_time
from datetime import datetime
from typing import List

import pytest
from airbyte_cdk.sources.streams.http import rate_limiting

import source_shipstation.streams as streams_module
from unit_tests.frozen_time import FROZEN_NOW


class SleepRecorder:
    """Stands in for the ``time`` module of the CDK's rate_limiting: records sleeps, never sleeps."""

    def __init__(self) -> None:
        self.calls: List[float] = []

    def sleep(self, seconds: float) -> None:
        self.calls.append(seconds)

    def __getattr__(self, name: str):
        return getattr(real_time, name)


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return FROZEN_NOW if tz is None else FROZEN_NOW.astimezone(tz)


@pytest.fixture(autouse=True)
def backoff_sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    recorder = SleepRecorder()
    monkeypatch.setattr(rate_limiting, "time", recorder)
    return recorder


@pytest.fixture(autouse=True)
def default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHIPSTATION_API_BASE_URL", raising=False)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    # Only the `datetime` name that Connection.now looks up is replaced, not the datetime module.
    monkeypatch.setattr(streams_module, "datetime", _FrozenDatetime)
    return FROZEN_NOW
