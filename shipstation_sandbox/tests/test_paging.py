"""Page-number paging: defaults, the silent cap, the `pages: 0` quirk, pages past the end."""

from __future__ import annotations

import time

import pytest

from .conftest import Client


def test_default_page_size_is_100(shared_client):
    body = shared_client.json("/orders")
    assert (len(body["orders"]), body["total"], body["page"], body["pages"]) == (100, 600, 1, 6)


def test_page_size_is_capped_at_500(shared_client):
    body = shared_client.json("/orders", pageSize=1000)
    assert (len(body["orders"]), body["pages"]) == (500, 2)


def test_pages_partition_the_list(shared, shared_client):
    seen = []
    for page in range(1, 8):
        seen += [o["orderId"] for o in shared_client.json("/orders", page=page, pageSize=90)["orders"]]
    assert seen == [o["orderId"] for o in shared.truth("orders")]


def test_page_past_the_end_is_empty(shared_client):
    body = shared_client.json("/orders", page=99, pageSize=100)
    assert body == {"orders": [], "total": 600, "page": 99, "pages": 6}


def test_empty_result(shared_client):
    body = shared_client.json("/orders", modifyDateStart="2100-01-01 00:00:00")
    assert body == {"orders": [], "total": 0, "page": 1, "pages": 0}


def test_bad_paging_parameters(shared_client):
    assert shared_client.get("/orders", page="x").status_code == 400
    assert shared_client.json("/orders", page=0, pageSize=5)["page"] == 1
    assert len(shared_client.json("/orders", pageSize=0)["orders"]) == 100


def test_lower_cap_is_silent(sandbox_factory):
    client = Client(sandbox_factory(orders=120, max_page_size=50))
    body = client.json("/orders", pageSize=100)
    assert (len(body["orders"]), body["total"], body["pages"]) == (50, 120, 3)
    assert len(client.all("orders", pageSize=100)) == 120


def test_pages_zero_quirk(sandbox_factory):
    client = Client(sandbox_factory(orders=120, pages_field="zero"))
    body = client.json("/orders", pageSize=50)
    assert (len(body["orders"]), body["total"], body["pages"]) == (50, 120, 0)


@pytest.mark.parametrize("stream", ["orders", "shipments"])
def test_a_page_of_500_is_served_in_well_under_50_ms(shared, shared_client, stream):
    shared_client.get(f"/{stream}", pageSize=500, includeShipmentItems="true")
    started = time.monotonic()
    response = shared_client.get(f"/{stream}", pageSize=500, includeShipmentItems="true")
    assert time.monotonic() - started < 0.05 and len(response.content) > 500_000  # round trip, unparsed
    last = [entry for entry in shared.request_log if entry["path"] == f"/{stream}"][-1]
    assert last["duration"] < 0.025  # server side
