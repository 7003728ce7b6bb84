"""Changes while a sync pages: direct calls and rules between list requests, at injected instants."""

from __future__ import annotations

from datetime import datetime

import pytest

from .conftest import Client

NOW = "2026-11-21T09:30:15.1234560"


@pytest.fixture
def sb(sandbox_factory):
    return sandbox_factory(orders=120, clock=lambda: datetime.fromisoformat(NOW))


def by_id(records, key):
    return {r[key]: r for r in records}


def test_modify_orders(sb):
    before = by_id(sb.truth("orders"), "orderId")
    ids = sb.modify("orders", 3)
    after = by_id(sb.truth("orders"), "orderId")
    assert len(ids) == 3
    for order_id in ids:
        order = after[order_id]
        assert order["modifyDate"] in (NOW, NOW.rstrip("0"))
        assert all(item["modifyDate"] == NOW[:23] for item in order["items"])
        assert order["internalNotes"] != before[order_id]["internalNotes"]
        assert order["createDate"] == before[order_id]["createDate"]
        assert order["items"][0]["sku"] == before[order_id]["items"][0]["sku"]
    assert {k: v for k, v in after.items() if k not in ids} == {k: v for k, v in before.items() if k not in ids}


def test_modify_by_id_and_the_api_sees_it(sb):
    target = sb.truth("orders")[5]["orderId"]
    assert sb.modify("orders", [target]) == [target]
    client = Client(sb)
    assert client.ids("orders", modifyDateStart="2026-11-21 09:30:15") == [target]
    assert client.ids("orders", sortBy="ModifyDate", sortDir="DESC")[0] == target
    with pytest.raises(KeyError):
        sb.modify("orders", [1])


def test_modify_customers_products_fulfillments(sb):
    missing = [c["customerId"] for c in sb.truth("customers") if "modifyDate" not in c]
    sb.modify("customers", missing[:1])
    assert by_id(sb.truth("customers"), "customerId")[missing[0]]["modifyDate"] == NOW
    product = sb.modify("products", 1)[0]
    assert by_id(sb.truth("products"), "productId")[product]["modifyDate"] == NOW[:23]
    fulfillment = sb.modify("fulfillments", 1)[0]
    assert by_id(sb.truth("fulfillments"), "fulfillmentId")[fulfillment]["deliveryDate"] == NOW


def test_insert(sb):
    old_max = max(o["orderId"] for o in sb.truth("orders"))
    new = sb.insert("orders", 2)
    assert len(new) == 2 and min(new) > old_max
    orders = by_id(sb.truth("orders"), "orderId")
    assert all(orders[i]["createDate"] == orders[i]["modifyDate"] == NOW for i in new)
    assert Client(sb).ids("orders", createDateStart="2026-11-21 00:00:00") == new
    for stream, key in (("customers", "customerId"), ("products", "productId")):
        made = sb.insert(stream, 1)[0]
        assert by_id(sb.truth(stream), key)[made]["createDate"].startswith(NOW[:23])


def test_inserting_a_shipment_ships_an_order(sb):
    shipment_id = sb.insert("shipments", 1)[0]
    shipment = by_id(sb.truth("shipments"), "shipmentId")[shipment_id]
    assert shipment["createDate"] == NOW and shipment["shipDate"] == NOW[:10]
    order = by_id(sb.truth("orders"), "orderId")[shipment["orderId"]]
    assert order["orderStatus"] == "shipped" and order["modifyDate"] in (NOW, NOW.rstrip("0"))
    assert shipment["advancedOptions"]["storeId"] == order["advancedOptions"]["storeId"]
    fulfillment_id = sb.insert("fulfillments", 1)[0]
    fulfillment = by_id(sb.truth("fulfillments"), "fulfillmentId")[fulfillment_id]
    assert fulfillment["shipDate"] == NOW[:10] + "T00:00:00.0000000"
    assert by_id(sb.truth("orders"), "orderId")[fulfillment["orderId"]]["externallyFulfilled"] is True


def test_void_shipments(sb):
    voided = sb.void_shipments(2)
    shipments = by_id(sb.truth("shipments"), "shipmentId")
    assert all(shipments[i]["voided"] and shipments[i]["voidDate"] == NOW for i in voided)
    assert set(Client(sb).ids("shipments", voidDateStart="2026-11-21 00:00:00")) == set(voided)
    assert sb.modify("shipments", 1)[0] not in voided  # modifying a shipment voids another live one


def test_rule_changes_between_list_requests(sb):
    sb.add_mutation("orders", after_requests=1, every_requests=2, modify=1, insert=1)
    client = Client(sb)
    totals = [client.json("/orders", pageSize=10)["total"] for _ in range(5)]
    assert totals == [120, 121, 121, 122, 122]
    assert sb.stats()["mutations_applied"] == 4
    client.json("/shipments")  # other streams do not count
    assert client.json("/orders")["total"] == 123


def test_rule_once_and_void(sb):
    live = sum(not s["voided"] for s in sb.truth("shipments"))
    sb.add_mutation("shipments", after_requests=2, void=3)
    client = Client(sb)
    for _ in range(5):
        client.json("/shipments")
    assert sum(not s["voided"] for s in sb.truth("shipments")) == live - 3


def test_rule_validation(sb):
    with pytest.raises(ValueError):
        sb.add_mutation("parcels", modify=1)


def test_default_clock_is_pacific_wall_time_with_seven_digits(sandbox):
    order_id = sandbox.modify("orders", 1)[0]
    value = by_id(sandbox.truth("orders"), "orderId")[order_id]["modifyDate"]
    assert value > "2026-01-01" and ("." not in value or len(value.split(".")[1]) in range(1, 8))
