"""Shared fixtures. The sandbox fixtures are imported rather than listed in `pytest_plugins`,
which pytest only allows in the root conftest (where the project lists the plugin)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
import requests

from shipstation_sandbox import Sandbox
from shipstation_sandbox.pytest_plugin import sandbox, sandbox_factory  # noqa: F401  (fixtures)

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str):
    return json.loads((SAMPLES / f"{name}.json").read_text())


class Client:
    """A tiny authenticated client for the sandbox."""

    def __init__(self, sb: Sandbox):
        self.sb = sb
        self.session = requests.Session()
        self.session.auth = (sb.api_key, sb.api_secret)

    def get(self, path: str, **params) -> requests.Response:
        return self.session.get(self.sb.url + path, params=params, timeout=10)

    def json(self, path: str, **params):
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return orjson.loads(response.content)

    def all(self, stream: str, **params) -> list[dict]:
        """Every record of a paged list, page by page."""
        records, page = [], 1
        while True:
            body = self.json(f"/{stream}", page=page, pageSize=params.pop("pageSize", 500), **params)
            records += body[stream]
            if page >= body["pages"]:
                return records
            page += 1

    def ids(self, stream: str, **params) -> list[int]:
        key = {"orders": "orderId", "shipments": "shipmentId", "fulfillments": "fulfillmentId",
               "customers": "customerId", "products": "productId"}[stream]
        return [r[key] for r in self.all(stream, **params)]


@pytest.fixture(scope="session")
def shared():
    """A default-sized sandbox for tests that only read (never configure or mutate it)."""
    sb = Sandbox(seed=1, dense_second=3)
    sb.start()
    yield sb
    sb.stop()


@pytest.fixture(scope="session")
def shared_client(shared) -> Client:
    return Client(shared)


@pytest.fixture
def client(sandbox) -> Client:
    return Client(sandbox)
