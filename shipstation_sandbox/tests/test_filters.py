"""Filters and sorts of the list endpoints, checked against the ground truth."""

from __future__ import annotations

from datetime import datetime

import pytest

from shipstation_sandbox.clock import NULL, parse_filter_value, render, to_ticks

from .conftest import Client


def ticks(value) -> int:
    return NULL if value is None else parse_filter_value(value)


def second_of(value: str) -> str:
    """A record's date as a filter value: 'yyyy-mm-dd hh:mm:ss'."""
    return value[:19].replace("T", " ")


def window(records, field):
    """A filter window over the middle of the field's values, at one-second resolution."""
    values = sorted(r[field] for r in records if r.get(field))
    return second_of(values[len(values) // 3]), second_of(values[2 * len(values) // 3])


def within(records, field, start, end):
    low, high = parse_filter_value(start), parse_filter_value(end)
    return [r for r in records if r.get(field) and low <= ticks(r[field]) <= high]


def ordered(records, key, pk, descending=False):
    """SQL Server order: by key, nulls first ascending / last descending, ties by ascending pk."""
    return sorted(sorted(records, key=lambda r: r[pk]), key=key, reverse=descending)


def by_date(field):
    return lambda r: ticks(r.get(field))


PK = {"orders": "orderId", "shipments": "shipmentId", "fulfillments": "fulfillmentId",
      "customers": "customerId", "products": "productId"}


@pytest.mark.parametrize("stream, field, params", [
    ("orders", "modifyDate", ("modifyDateStart", "modifyDateEnd")),
    ("orders", "createDate", ("createDateStart", "createDateEnd")),
    ("orders", "orderDate", ("orderDateStart", "orderDateEnd")),
    ("orders", "paymentDate", ("paymentDateStart", "paymentDateEnd")),
    ("shipments", "createDate", ("createDateStart", "createDateEnd")),
    ("shipments", "shipDate", ("shipDateStart", "shipDateEnd")),
    ("fulfillments", "createDate", ("createDateStart", "createDateEnd")),
    ("fulfillments", "shipDate", ("shipDateStart", "shipDateEnd")),
    ("products", "createDate", ("startDate", "endDate")),
])
def test_date_window(shared, shared_client, stream, field, params):
    truth = shared.truth(stream)
    if stream == "products":
        truth = [p for p in truth if p["active"]]
    start, end = window(truth, field)
    expected = ordered(within(truth, field, start, end), lambda r: 0, PK[stream])
    if stream in ("shipments", "fulfillments"):  # their default order is createDate
        expected = ordered(expected, by_date("createDate"), PK[stream])
    got = shared_client.ids(stream, **{params[0]: start, params[1]: end})
    assert got == [r[PK[stream]] for r in expected] and got
    # one bound alone
    assert sorted(shared_client.ids(stream, **{params[0]: start})) == sorted(
        r[PK[stream]] for r in within(truth, field, start, "2100-01-01 00:00:00"))


def test_void_date_filter_sees_voided_shipments_only(shared, shared_client):
    voided = [s for s in shared.truth("shipments") if s["voided"]]
    assert voided
    got = shared_client.ids("shipments", voidDateStart="2000-01-01 00:00:00")
    assert sorted(got) == sorted(s["shipmentId"] for s in voided)


def test_filter_value_formats(shared_client):
    plain = shared_client.ids("orders", modifyDateStart="2025-01-01 00:00:00")
    assert shared_client.ids("orders", modifyDateStart="2025-01-01T00:00:00") == plain
    assert shared_client.ids("orders", modifyDateStart="2025-01-01T00:00:00.0000000") == plain
    assert shared_client.ids("orders", modifyDateStart="2025-01-01") == plain
    assert shared_client.ids("orders", modifyDateStart="2025-01-01T08:00:00Z") == plain  # = 00:00 PST


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01 00:00:00", "2025-01-01 25:00:00", "01/02/2025"])
def test_malformed_date_is_400_json(shared_client, value):
    response = shared_client.get("/orders", modifyDateStart=value)
    assert response.status_code == 400
    assert response.json()["Message"] == "The request is invalid."


@pytest.mark.parametrize("stream, sort_by, field", [
    ("orders", "OrderDate", "orderDate"), ("orders", "ModifyDate", "modifyDate"),
    ("orders", "CreateDate", "createDate"), ("shipments", "ShipDate", "shipDate"),
    ("shipments", "CreateDate", "createDate"), ("fulfillments", "ShipDate", "shipDate"),
    ("fulfillments", "CreateDate", "createDate"), ("customers", "ModifyDate", "modifyDate"),
    ("customers", "CreateDate", "createDate"), ("products", "ModifyDate", "modifyDate"),
    ("products", "CreateDate", "createDate"),
])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_date_sorts(shared, shared_client, stream, sort_by, field, direction):
    truth = shared.truth(stream)
    if stream == "products":
        truth = [p for p in truth if p["active"]]
    expected = ordered(truth, by_date(field), PK[stream], direction == "DESC")
    assert shared_client.ids(stream, sortBy=sort_by, sortDir=direction) == [r[PK[stream]] for r in expected]


@pytest.mark.parametrize("stream, sort_by, field", [("customers", "Name", "name"), ("products", "SKU", "sku")])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_text_sorts_break_ties_by_primary_key(shared, shared_client, stream, sort_by, field, direction):
    truth = [r for r in shared.truth(stream) if r.get("active", True)]
    expected = ordered(truth, lambda r: r[field], PK[stream], direction == "DESC")
    assert shared_client.ids(stream, sortBy=sort_by, sortDir=direction) == [r[PK[stream]] for r in expected]
    if stream == "customers":
        assert len({r["name"] for r in truth}) < len(truth)  # there are ties to break


def test_missing_modify_date_sorts_first_ascending_last_descending(shared, shared_client):
    missing = {c["customerId"] for c in shared.truth("customers") if "modifyDate" not in c}
    assert missing
    ascending = shared_client.ids("customers", sortBy="ModifyDate", sortDir="ASC")
    assert set(ascending[:len(missing)]) == missing
    descending = shared_client.ids("customers", sortBy="ModifyDate", sortDir="DESC")
    assert set(descending[-len(missing):]) == missing


def test_default_orders(shared, shared_client):
    for stream in ("orders", "customers", "products"):
        got = shared_client.ids(stream)
        assert got == sorted(got)
    for stream in ("shipments", "fulfillments"):
        expected = ordered(shared.truth(stream), by_date("createDate"), PK[stream])
        assert shared_client.ids(stream) == [r[PK[stream]] for r in expected]


def test_sort_combined_with_a_filter_on_another_field(shared, shared_client):
    truth = shared.truth("orders")
    start, end = window(truth, "createDate")
    expected = ordered(within(truth, "createDate", start, end), by_date("modifyDate"), "orderId", True)
    got = shared_client.ids("orders", createDateStart=start, createDateEnd=end, sortBy="ModifyDate", sortDir="DESC")
    assert got == [o["orderId"] for o in expected]


def test_two_date_filters_together(shared, shared_client):
    truth = shared.truth("orders")
    c_start, c_end = window(truth, "createDate")
    m_start, _ = window(truth, "modifyDate")
    expected = [o for o in within(truth, "createDate", c_start, c_end) if ticks(o["modifyDate"]) >= ticks(m_start)]
    got = shared_client.ids("orders", createDateStart=c_start, createDateEnd=c_end, modifyDateStart=m_start)
    assert got == sorted(o["orderId"] for o in expected)


def test_store_and_status_filters(shared, shared_client):
    orders = shared.truth("orders")
    for store in shared.truth("stores"):
        store_id = store["storeId"]
        assert shared_client.ids("orders", storeId=store_id) == [
            o["orderId"] for o in orders if o["advancedOptions"]["storeId"] == store_id]
        assert sorted(shared_client.ids("shipments", storeId=store_id)) == sorted(
            s["shipmentId"] for s in shared.truth("shipments") if s["advancedOptions"]["storeId"] == store_id)
    for status in ("awaiting_shipment", "shipped", "cancelled", "on_hold", "awaiting_payment"):
        expected = [o["orderId"] for o in orders if o["orderStatus"] == status]
        assert shared_client.ids("orders", orderStatus=status) == expected and expected
    assert shared_client.ids("orders", storeId=1) == []


def test_fulfillments_by_order(shared, shared_client):
    fulfillment = shared.truth("fulfillments")[0]
    assert shared_client.ids("fulfillments", orderId=fulfillment["orderId"]) == [fulfillment["fulfillmentId"]]


def test_customer_marketplace_and_tag_filters(shared, shared_client):
    customers = shared.truth("customers")
    for market in {m["marketplaceId"] for c in customers for m in c["marketplaceUsernames"]}:
        assert shared_client.ids("customers", marketplaceId=market) == [
            c["customerId"] for c in customers if any(m["marketplaceId"] == market for m in c["marketplaceUsernames"])]
    tag_id = next(t["tagId"] for c in customers for t in c["tags"])
    assert shared_client.ids("customers", tagId=tag_id) == [
        c["customerId"] for c in customers if any(t["tagId"] == tag_id for t in c["tags"])]


def test_show_inactive(shared, shared_client):
    products = shared.truth("products")
    assert shared_client.ids("products") == [p["productId"] for p in products if p["active"]]
    assert shared_client.ids("products", showInactive="true") == [p["productId"] for p in products]
    stores = shared.truth("stores")
    assert shared_client.json("/stores") == [s for s in stores if s["active"]]
    assert shared_client.json("/stores", showInactive="true") == stores
    assert shared_client.json("/stores", showInactive="true", marketplaceId=0) == [
        s for s in stores if s["marketplaceId"] == 0]
    users = shared.truth("users")
    assert len(shared_client.json("/users")) == len(users) - 1
    assert shared_client.json("/users", showInactive="true") == users


# --- the switches for what the docs leave open, on records placed at exact instants


def at(text: str):
    return lambda: datetime.fromisoformat(text)


@pytest.fixture
def placed(sandbox_factory):
    """A sandbox with one order modified at 13:00:00.0000000 and one at 13:00:00.5000000."""
    sb = sandbox_factory(orders=40, clock=at("2026-11-20T13:00:00"))
    exact = sb.modify("orders", 1)[0]
    sb.configure(clock=at("2026-11-20T13:00:00.500000"))
    half = sb.modify("orders", 1)[0]
    return sb, exact, half


@pytest.mark.parametrize("switches, start, expected", [
    ({}, "2026-11-20 13:00:00", {"exact", "half"}),
    ({"filter_start": "exclusive"}, "2026-11-20 13:00:00", {"half"}),
    ({"filter_start": "exclusive", "filter_precision": "second"}, "2026-11-20 13:00:00", set()),
    ({"filter_precision": "second"}, "2026-11-20 13:00:00", {"exact", "half"}),
    ({}, "2026-11-20 13:00:00.5", {"half"}),
])
def test_start_semantics(placed, switches, start, expected):
    sb, exact, half = placed
    sb.configure(**switches)
    names = {exact: "exact", half: "half"}
    assert {names[i] for i in Client(sb).ids("orders", modifyDateStart=start)} == expected


@pytest.mark.parametrize("switches, end, expected", [
    ({}, "2026-11-20 13:00:00", {"exact"}),
    ({"filter_end": "exclusive"}, "2026-11-20 13:00:00", set()),
    ({"filter_precision": "second"}, "2026-11-20 13:00:00", {"exact", "half"}),
    ({"filter_end": "exclusive", "filter_precision": "second"}, "2026-11-20 13:00:01", {"exact", "half"}),
    ({}, "2026-11-20 13:00:01", {"exact", "half"}),
])
def test_end_semantics(placed, switches, end, expected):
    sb, exact, half = placed
    sb.configure(**switches)
    names = {exact: "exact", half: "half"}
    got = Client(sb).ids("orders", modifyDateStart="2026-11-20 12:59:00", modifyDateEnd=end)
    assert {names[i] for i in got} == expected


def test_precision_also_applies_to_a_second_filter(placed):
    sb, exact, half = placed
    sb.configure(filter_precision="second", filter_end="exclusive")
    got = Client(sb).ids("orders", createDateStart="2000-01-01 00:00:00", modifyDateEnd="2026-11-20 13:00:00")
    assert exact not in got and half not in got
    sb.configure(filter_precision="full", filter_end="inclusive")
    got = Client(sb).ids("orders", createDateStart="2000-01-01 00:00:00", modifyDateEnd="2026-11-20 13:00:00")
    assert exact in got and half not in got


def test_record_value_renders_with_its_fraction(placed):
    sb, exact, half = placed
    order = Client(sb).json(f"/orders/{half}")
    assert order["modifyDate"] in ("2026-11-20T13:00:00.5000000", "2026-11-20T13:00:00.5")  # 7 digits or trimmed
    assert render(to_ticks(datetime(2026, 11, 20, 13))) == "2026-11-20T13:00:00.0000000"
