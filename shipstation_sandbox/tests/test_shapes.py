"""Every endpoint answers in the documented envelope, with records shaped key for key like the samples."""

from __future__ import annotations

import pytest

from .conftest import sample


def keys(record: dict) -> list[str]:
    return list(record)


def with_key(names: list[str], key: str, after: str | None) -> list[str]:
    """A variant of a key list with `key` inserted after `after` (None: first)."""
    position = names.index(after) + 1 if after else 0
    return names[:position] + [key] + names[position:]


def assert_shape(record: dict, variants: list[dict]) -> None:
    """The record's keys (in order) are those of one sample; nested objects recursively likewise
    wherever the sample has an object (a sample null says nothing about the shape)."""
    assert keys(record) in [keys(v) for v in variants], keys(record)
    for key, value in record.items():
        nested = [v[key] for v in variants if isinstance(v.get(key), dict)]
        if isinstance(value, dict) and nested:
            assert_shape(value, nested)
        elements = [e for v in variants if isinstance(v.get(key), list) for e in v[key] if isinstance(e, dict)]
        if isinstance(value, list) and elements:
            for element in value:
                assert_shape(element, elements)


def test_orders_have_the_sample_shape(shared_client):
    samples = sample("orders-list")["orders"] + [sample("order-get")]
    orders = shared_client.all("orders")
    assert len(orders) == 600
    for order in orders:
        assert_shape(order, samples)
    assert any("externallyFulfilledById" in o for o in orders)
    assert any("externallyFulfilledById" not in o for o in orders)


def test_get_order_is_the_list_record(shared_client):
    first = shared_client.json("/orders", pageSize=1)["orders"][0]
    assert shared_client.json(f"/orders/{first['orderId']}") == first


def test_shipments_have_the_sample_shape(shared_client):
    listed = sample("shipments-list")["shipments"]
    # later copies of the docs add orderKey after orderId; the sandbox fills advancedOptions (with storeId)
    # where the docs example has null, in the orders' advancedOptions shape
    keyed = [{k: s.get(k) for k in with_key(keys(s), "orderKey", "orderId")} for s in listed]
    options = sample("orders-list")["orders"][0]["advancedOptions"]
    samples = [{**s, "advancedOptions": options} for s in listed + keyed]
    shipments = shared_client.all("shipments", includeShipmentItems="true")
    assert shipments
    for shipment in shipments:
        assert_shape(shipment, samples)
        assert shipment["advancedOptions"]["storeId"]
        assert "addressVerified" not in shipment["shipTo"]
    assert {("orderKey" in s) for s in shipments} == {True, False}


def test_shipment_items_only_on_request(shared_client):
    assert all(s["shipmentItems"] is None for s in shared_client.json("/shipments")["shipments"])
    with_items = shared_client.json("/shipments", includeShipmentItems="true")["shipments"]
    assert all(isinstance(s["shipmentItems"], list) and s["shipmentItems"] for s in with_items)


@pytest.mark.parametrize("stream, name", [("fulfillments", "fulfillments-list"), ("customers", "customers-list")])
def test_paged_streams_have_the_sample_shape(shared_client, stream, name):
    samples = sample(name)[stream]
    records = shared_client.all(stream)
    assert records
    for record in records:
        assert_shape(record, samples)


def test_products_have_the_sample_shape(shared_client):
    listed = sample("products-list")["products"]
    newer = [{**{"aliases": None}, **p, "upc": None, "thumbnailURL": None} for p in listed]  # Get Product adds these
    products = shared_client.all("products", showInactive="true")
    for product in products:
        assert_shape(product, listed + newer)
    assert {("upc" in p) for p in products} == {True, False}


@pytest.mark.parametrize("path, name", [
    ("/carriers", "carriers-list"), ("/stores", "stores-list"), ("/stores/marketplaces", "marketplaces-list"),
    ("/users", "users-list"), ("/warehouses", "warehouses-list"), ("/accounts/listtags", "tags-list"),
    ("/carriers/listservices?carrierCode=fedex", "carrier-services-list"),
    ("/carriers/listpackages?carrierCode=stamps_com", "carrier-packages-list"),
])
def test_bare_arrays_have_the_sample_shape(shared_client, path, name):
    body = shared_client.json(path)
    assert isinstance(body, list) and body
    for record in body:
        assert_shape(record, sample(name))


def test_webhooks_are_pascal_case(shared_client):
    body = shared_client.json("/webhooks")
    for hook in body["webhooks"]:
        assert_shape(hook, sample("webhooks-list")["webhooks"])


def test_get_store_and_warehouse_add_their_details(shared, shared_client):
    for store in shared.truth("stores"):
        detail = shared_client.json(f"/stores/{store['storeId']}")
        assert_shape(detail, [sample("store-get")])
        assert {k: v for k, v in detail.items() if k != "statusMappings"} == store
    for warehouse in shared_client.json("/warehouses"):
        detail = shared_client.json(f"/warehouses/{warehouse['warehouseId']}")
        assert_shape(detail, [sample("warehouse-get")])


def test_paged_envelope(shared_client):
    body = shared_client.json("/customers")
    assert list(body) == ["customers", "total", "page", "pages"]


@pytest.mark.parametrize("path", ["/orders/1", "/warehouses/1", "/stores/1", "/customers/1", "/products/1"])
def test_unknown_id_is_404_with_an_aspnet_body(shared_client, path):
    response = shared_client.get(path)
    assert response.status_code == 404
    assert list(response.json()) == ["Message"]


def test_unknown_id_status_switch(sandbox_factory):
    from .conftest import Client

    client = Client(sandbox_factory(orders=20, unknown_id_status=400))
    assert client.get("/orders/1").status_code == 400


def test_unknown_route_and_bad_ids(shared_client):
    response = shared_client.get("/nowhere")
    assert response.status_code == 404 and "No HTTP resource" in response.json()["Message"]
    assert shared_client.get("/orders/abc").status_code == 400
    assert shared_client.get("/carriers/listservices").status_code == 400
    assert shared_client.get("/carriers/listservices", carrierCode="nope").status_code == 404
    assert shared_client.session.post(shared_client.sb.url + "/orders").status_code == 405


def test_paths_and_parameters_are_case_insensitive(shared_client):
    assert shared_client.json("/Orders", PAGESIZE=3)["orders"] == shared_client.json("/orders", pageSize=3)["orders"]
