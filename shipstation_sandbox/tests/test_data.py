"""The generated account: determinism, the planted DST and same-second records, formats, relations."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from datetime import date

import pytest

from shipstation_sandbox import Sandbox
from shipstation_sandbox.clock import fall_back_day, parse_filter_value, spring_forward_day
from shipstation_sandbox.data import DataOptions, Dataset

from .conftest import Client


@pytest.fixture(scope="module")
def orders(shared):
    return shared.truth("orders")


def on_day(value: str | None, day: date, hour: int) -> bool:
    return bool(value) and value.startswith(f"{day.isoformat()}T{hour:02d}:")


def test_same_seed_same_data_other_seed_other_data():
    first, second, other = (Dataset(DataOptions(seed=s, orders=80)) for s in (5, 5, 6))
    for stream in ("orders", "shipments", "customers", "products", "fulfillments"):
        rows = range(len(first.table(stream)))
        assert [first.table(stream).json(r) for r in rows] == [second.table(stream).json(r) for r in rows]
    assert first.orders.json(0) != other.orders.json(0)
    assert first.stores == second.stores and first.users == second.users


def test_orders_in_every_fall_back_repeated_hour(shared, orders):
    for year in (2024, 2025, 2026):
        day = fall_back_day(year)
        in_hour = [o for o in orders if on_day(o["createDate"], day, 1)]
        assert len(in_hour) >= 4
        created = [o["createDate"] for o in sorted(in_hour, key=lambda o: o["orderId"])]
        assert created != sorted(created)  # created later (PST) but showing an earlier wall time
        assert any(on_day(o["modifyDate"], day, 1) for o in in_hour)
    shipments = shared.truth("shipments")
    assert any(on_day(s["createDate"], fall_back_day(y), 1) for s in shipments for y in (2024, 2025, 2026))


def test_orders_in_every_spring_forward_gap(orders):
    for year in (2024, 2025, 2026):
        day = spring_forward_day(year)
        assert any(on_day(o["modifyDate"], day, 2) for o in orders)
        assert any(on_day(o["createDate"], day, 2) for o in orders)


def test_records_sharing_one_second(shared, orders):
    by_second = Counter(o["modifyDate"][:19] for o in orders)
    assert sum(n >= 3 for n in by_second.values()) >= 3
    assert any(n >= 2 for n in Counter(o["modifyDate"] for o in orders).values())  # identical values too
    shipments = shared.truth("shipments")
    assert any(n >= 2 for n in Counter(s["createDate"] for s in shipments).values())
    assert sum(n >= 2 for n in Counter(s["createDate"][:19] for s in shipments).values()) >= 2


def test_dense_second_fills_more_than_a_page(sandbox_factory):
    sb = sandbox_factory(orders=900, dense_second=700)
    second = Counter(o["modifyDate"][:19] for o in sb.truth("orders")).most_common(1)[0]
    assert second[1] == 700
    value = second[0].replace("T", " ")
    client = Client(sb)
    body = client.json("/orders", modifyDateStart=value, modifyDateEnd=value + ".9999999", pageSize=500)
    assert (body["total"], body["pages"]) == (700, 2)
    assert len(client.all("orders", modifyDateStart=value, modifyDateEnd=value + ".9999999")) == 700


def test_dense_second_cannot_exceed_the_orders():
    with pytest.raises(ValueError):
        Dataset(DataOptions(orders=10, dense_second=11))


def test_inactive_voided_and_absent_fields(shared):
    assert [s["active"] for s in shared.truth("stores")] == [True, True, True, False]
    assert len(shared.truth("users")) == 4
    products = shared.truth("products")
    assert any(not p["active"] for p in products) and any(p["active"] for p in products)
    shipments = shared.truth("shipments")
    assert any(s["voided"] and s["voidDate"] for s in shipments)
    assert all(bool(s["voided"]) == bool(s["voidDate"]) for s in shipments)
    assert any("modifyDate" not in c for c in shared.truth("customers"))
    fulfillments = shared.truth("fulfillments")
    assert {("sellerFillProviderId" in f) for f in fulfillments} == {True, False}
    assert any(f["voided"] for f in fulfillments) or len(fulfillments) < 40


def digits(value: str) -> int:
    return len(value.split(".")[1]) if "." in value else 0


def test_timestamp_formats(shared, orders):
    assert Counter(digits(o["createDate"]) for o in orders).most_common(1)[0][0] == 7
    assert any(digits(o["orderDate"]) == 0 for o in orders)  # 0 digits: 2015-07-05T00:00:00
    assert all(digits(i["createDate"]) == 3 for o in orders for i in o["items"])
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", o["shipDate"]) for o in orders if o["shipDate"])
    assert all(digits(p["createDate"]) == 3 for p in shared.truth("products"))
    store_digits = {digits(s[k]) for s in shared.truth("stores") for k in ("createDate", "modifyDate", "refreshDate")}
    assert store_digits <= {0, 1, 2, 3} and 2 in store_digits  # trailing zeros trimmed
    assert all(digits(w["createDate"]) == 7 for w in shared.truth("warehouses"))
    for shipment in shared.truth("shipments"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", shipment["shipDate"]) and digits(shipment["createDate"]) == 7
    for fulfillment in shared.truth("fulfillments"):
        assert fulfillment["shipDate"].endswith("T00:00:00.0000000")


def test_fractions_have_sql_server_datetime_resolution(orders):
    for order in orders:
        fraction = order["createDate"].split(".")[1] if "." in order["createDate"] else "0"
        assert fraction.ljust(7, "0")[3:] == "0000" and fraction.ljust(3, "0")[2] in "037"


def test_dates_stay_in_the_span(shared, orders):
    assert all("2023-11-20" <= o["createDate"][:10] and o["modifyDate"][:19] <= "2026-11-20T12:00:00" for o in orders)
    assert all(parse_filter_value(o["modifyDate"]) >= parse_filter_value(o["createDate"]) for o in orders)


def test_relations(shared, orders):
    stores = {s["storeId"] for s in shared.truth("stores")}
    customers = {c["customerId"] for c in shared.truth("customers")}
    products = {p["productId"] for p in shared.truth("products")}
    by_id = {o["orderId"]: o for o in orders}
    for order in orders:
        assert order["advancedOptions"]["storeId"] in stores and order["customerId"] in customers
        assert all(i["productId"] in products or i["adjustment"] for i in order["items"])
    for shipment in shared.truth("shipments"):
        order = by_id[shipment["orderId"]]
        assert shipment["advancedOptions"]["storeId"] == order["advancedOptions"]["storeId"]
        assert {i["orderItemId"] for i in shipment["shipmentItems"]} <= {i["orderItemId"] for i in order["items"]}
        assert shipment["createDate"] >= order["createDate"][:10]
    for fulfillment in shared.truth("fulfillments"):
        assert by_id[fulfillment["orderId"]]["externallyFulfilled"] is True


def test_anchor_and_years_move_the_span():
    data = Dataset(DataOptions(orders=50, anchor="2020-06-01T00:00:00", years=1))
    created = [data.orders.record(r)["createDate"] for r in range(50)]
    assert all("2019-06-01" <= c <= "2020-06-01" for c in created)


def test_ten_thousand_orders_quickly():
    started = time.monotonic()
    sb = Sandbox(orders=10_000, prerender=False)
    sb.start()
    try:
        assert time.monotonic() - started < 10
        client = Client(sb)
        body = client.json("/orders", modifyDateStart="2026-01-01 00:00:00", sortBy="ModifyDate", pageSize=500)
        assert len(body["orders"]) == 500 and body["total"] > 600
    finally:
        sb.stop()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SANDBOX_BIG"), reason="set SANDBOX_BIG=1 for the 200,000-order run")
def test_two_hundred_thousand_orders():
    started = time.monotonic()
    sb = Sandbox(orders=200_000)
    sb.start()
    try:
        assert time.monotonic() - started < 30
        client = Client(sb)
        assert client.json("/orders", pageSize=500)["total"] == 200_000
        response = client.get("/orders", pageSize=500, page=3)
        assert response.status_code == 200
    finally:
        sb.stop()
