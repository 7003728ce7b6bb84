"""Ground truth equals what the API serves; the /__sandbox/ control plane; the request log."""

from __future__ import annotations

import time

import pytest
import requests

from shipstation_sandbox.routes import TRUTH_STREAMS

from .conftest import Client


@pytest.mark.parametrize("stream, params", [
    ("orders", {}), ("shipments", {"includeShipmentItems": "true"}), ("fulfillments", {}),
    ("customers", {}), ("products", {"showInactive": "true"}),
])
def test_truth_of_paged_streams_is_what_the_api_serves(shared, shared_client, stream, params):
    key = {"orders": "orderId", "shipments": "shipmentId", "fulfillments": "fulfillmentId",
           "customers": "customerId", "products": "productId"}[stream]
    served = sorted(shared_client.all(stream, **params), key=lambda r: r[key])
    assert served == shared.truth(stream)


def test_truth_of_small_streams(shared, shared_client):
    assert shared.truth("carriers") == shared_client.json("/carriers")
    assert shared.truth("stores") == shared_client.json("/stores", showInactive="true")
    assert shared.truth("marketplaces") == shared_client.json("/stores/marketplaces")
    assert shared.truth("users") == shared_client.json("/users", showInactive="true")
    assert shared.truth("warehouses") == shared_client.json("/warehouses")
    assert shared.truth("store_details") == [shared_client.json(f"/stores/{s['storeId']}")
                                             for s in shared.truth("stores")]
    assert shared.truth("warehouse_details") == [shared_client.json(f"/warehouses/{w['warehouseId']}")
                                                 for w in shared.truth("warehouses")]
    assert set(TRUTH_STREAMS) == {"carriers", "customers", "fulfillments", "products", "shipments", "stores",
                                  "store_details", "marketplaces", "users", "warehouses", "warehouse_details",
                                  "orders"}


def test_truth_by_store(shared):
    store_id = shared.truth("stores")[1]["storeId"]
    orders = shared.truth("orders", store_id=store_id)
    assert orders and all(o["advancedOptions"]["storeId"] == store_id for o in orders)
    assert len(orders) == sum(o["advancedOptions"]["storeId"] == store_id for o in shared.truth("orders"))
    shipments = shared.truth("shipments", store_id=store_id)
    assert shipments and all(s["advancedOptions"]["storeId"] == store_id for s in shipments)
    assert [s["storeId"] for s in shared.truth("store_details", store_id=store_id)] == [store_id]
    with pytest.raises(KeyError):
        shared.truth("parcels")


def test_truth_over_http(shared):
    assert requests.get(shared.url + "/__sandbox/truth/orders").json() == shared.truth("orders")
    store_id = shared.truth("stores")[0]["storeId"]
    assert requests.get(shared.url + f"/__sandbox/truth/shipments?storeId={store_id}").json() == \
        shared.truth("shipments", store_id=store_id)
    assert requests.get(shared.url + "/__sandbox/truth/parcels").status_code == 400


def test_request_log(sandbox, client):
    client.get("/orders", page=2, pageSize=10)
    client.get("/nowhere")
    requests.get(sandbox.url + "/__sandbox/stats")
    log = requests.get(sandbox.url + "/__sandbox/requests").json()
    assert [(e["method"], e["path"], e["query"], e["status"]) for e in log] == [
        ("GET", "/orders", {"page": "2", "pageSize": "10"}, 200), ("GET", "/nowhere", {}, 404)]
    assert all(e["duration"] >= 0 and e["time"] > 1.7e9 for e in log)
    assert 0 < log[0]["monotonic"] <= log[1]["monotonic"] <= time.monotonic()
    assert log == sandbox.request_log
    sandbox.clear_log()
    assert sandbox.request_log == []
    assert requests.get(sandbox.url + "/__sandbox/stats").json()["requests"] == 2


def test_config_over_http(sandbox, client):
    response = requests.post(sandbox.url + "/__sandbox/config", json={"max_page_size": 7, "rate_limit": "100/60"})
    assert response.status_code == 200 and response.json()["max_page_size"] == 7
    assert response.json()["rate_limit"] == [100, 60.0]
    assert len(client.json("/orders")["orders"]) == 7
    assert client.get("/orders").headers["X-Rate-Limit-Limit"] == "100"
    for bad in ({"max_page_size": 0}, {"pages_field": "maybe"}, {"nonsense": 1}, {"clock": "now"}):
        assert requests.post(sandbox.url + "/__sandbox/config", json=bad).status_code == 400
    assert requests.get(sandbox.url + "/__sandbox/config").json()["max_page_size"] == 7


def test_faults_and_mutations_over_http(sandbox, client):
    base = sandbox.url + "/__sandbox"
    assert requests.post(base + "/faults", json=[{"kind": "502_html", "path": "^/users"},
                                                 {"kind": "500_aspnet", "path": "^/carriers"}]).status_code == 200
    assert client.get("/users").status_code == 502 and client.get("/carriers").status_code == 500
    assert [f["fired"] for f in requests.get(base + "/faults").json()] == [1, 1]
    assert requests.post(base + "/faults", json={"kind": "nope"}).status_code == 400
    requests.post(base + "/faults", json={"kind": "drop", "times": -1})
    requests.delete(base + "/faults")
    assert client.get("/users").status_code == 200

    assert requests.post(base + "/mutations", json={"stream": "orders", "insert": 2}).status_code == 200
    assert client.json("/orders")["total"] == 122
    assert requests.get(base + "/mutations").json()[0]["fired"] == 1
    ids = requests.post(base + "/mutate", json={"action": "insert", "stream": "customers", "count": 2}).json()["ids"]
    assert len(ids) == 2
    voided = requests.post(base + "/mutate", json={"action": "void", "count": 1}).json()["ids"]
    assert sandbox.truth("shipments")[[s["shipmentId"] for s in sandbox.truth("shipments")].index(voided[0])]["voided"]
    order_id = sandbox.truth("orders")[0]["orderId"]
    assert requests.post(base + "/mutate", json={"action": "modify", "stream": "orders",
                                                 "ids": [order_id]}).json() == {"ids": [order_id]}
    assert requests.post(base + "/mutate", json={"action": "explode"}).status_code == 400


def test_reset(sandbox, client):
    sandbox.add_fault(kind="503_html", times=-1)
    sandbox.add_mutation("orders", insert=1)
    client.get("/orders")
    assert requests.post(sandbox.url + "/__sandbox/reset").status_code == 200
    assert sandbox.faults.rules() == [] and sandbox.mutation_rules() == [] and sandbox.request_log == []
    assert sandbox.stats()["requests"] == 0
    assert client.get("/orders").status_code == 200


def test_unknown_control_endpoint(sandbox):
    assert requests.get(sandbox.url + "/__sandbox/nothing").status_code == 404
    assert requests.post(sandbox.url + "/__sandbox/config", data=b"{not json").status_code == 400


def test_context_manager_and_url():
    from shipstation_sandbox import Sandbox

    sb = Sandbox(orders=10)
    with pytest.raises(RuntimeError):
        _ = sb.url
    with sb:
        assert sb.url.startswith("http://127.0.0.1:") and sb.port > 0
        assert Client(sb).get("/users").status_code == 200
    with pytest.raises(RuntimeError):
        _ = sb.url


def test_keep_alive(sandbox):
    session = requests.Session()
    session.auth = (sandbox.api_key, sandbox.api_secret)
    responses = [session.get(sandbox.url + "/users") for _ in range(3)]
    assert all(r.status_code == 200 and "close" not in r.headers.get("Connection", "") for r in responses)
    assert len(session.get_adapter(sandbox.url).poolmanager.pools) == 1
