"""pytest fixtures: list this module in `pytest_plugins` of the root conftest.py.

    def test_orders(sandbox):                       # a small default sandbox
        ...
    def test_throttled(sandbox_factory):
        sb = sandbox_factory(rate_limit=(5, 1), orders=50)
"""

from __future__ import annotations

import pytest

from .sandbox import Sandbox

SMALL = {"orders": 120, "customers": 30, "products": 20}


@pytest.fixture
def sandbox_factory():
    """Start sandboxes with any options; every one is stopped at teardown."""
    started: list[Sandbox] = []

    def make(**options) -> Sandbox:
        sandbox = Sandbox(**options)
        sandbox.start()
        started.append(sandbox)
        return sandbox

    yield make
    for sandbox in started:
        sandbox.stop()


@pytest.fixture
def sandbox(sandbox_factory) -> Sandbox:
    """A small started sandbox with default switches."""
    return sandbox_factory(**SMALL)
