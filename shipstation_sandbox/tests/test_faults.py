"""Injected faults: each kind, and when rules fire."""

from __future__ import annotations

import json
import time

import pytest
import requests

from .conftest import Client, sample


@pytest.mark.parametrize("kind, status, content_type, check", [
    ("500_aspnet", 500, "application/json", lambda r: r.json()["ExceptionType"] == "System.NullReferenceException"
        and r.json()["Message"] == "An error has occurred." and "StackTrace" in r.json()),
    ("502_html", 502, "text/html", lambda r: "502 Bad Gateway" in r.text),
    ("503_html", 503, "text/html", lambda r: "<html>" in r.text),
    ("504_html", 504, "text/html", lambda r: "504" in r.text),
    ("401_text", 401, "text/plain", lambda r: r.text == "401 Unauthorized"),
    ("403", 403, "application/json", lambda r: "message" in r.json()),
    ("429", 429, "application/json", lambda r: r.json() == {"message": "Too Many Requests"}
        and r.headers["X-Rate-Limit-Remaining"] == "0" and r.headers["X-Rate-Limit-Reset"].isdigit()),
    ("html_200", 200, "text/html", lambda r: "maintenance" in r.text),
    ("empty_200", 200, "application/json", lambda r: r.content == b""),
    ("wrong_shape", 200, "application/json", lambda r: "orders" not in r.json()),
])
def test_fault_kinds(sandbox, client, kind, status, content_type, check):
    sandbox.add_fault(kind=kind, path="^/orders")
    response = client.get("/orders")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith(content_type)
    assert "X-Rate-Limit-Limit" in response.headers
    assert check(response)
    assert client.get("/orders").status_code == 200  # times defaults to 1


def test_error_bodies_match_the_samples(sandbox, client):
    sandbox.add_fault(kind="429")
    assert client.get("/orders").json() == sample("error-429")
    sandbox.add_fault(kind="500_aspnet")
    body = client.get("/orders").json()
    assert {k: body[k] for k in sample("error-500")} == sample("error-500")


def test_malformed_json_is_a_truncated_real_body(sandbox, client):
    whole = client.get("/orders", pageSize=5).content
    sandbox.add_fault(kind="malformed_json")
    response = client.get("/orders", pageSize=5)
    assert response.status_code == 200 and whole.startswith(response.content) and len(response.content) < len(whole)
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_cut_off_sends_the_headers_of_the_whole_body_and_half_of_it(sandbox, client):
    whole = client.get("/orders", pageSize=5).content
    sandbox.add_fault(kind="cut_off")
    response = client.session.get(sandbox.url + "/orders", params={"pageSize": 5}, stream=True, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Length"] == str(len(whole))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        response.content
    assert client.get("/orders").status_code == 200  # the client reconnects
    assert sandbox.request_log[1]["status"] is None


def test_drop_closes_without_an_answer(sandbox, client):
    sandbox.add_fault(kind="drop")
    with pytest.raises(requests.ConnectionError):
        client.get("/orders")
    assert client.get("/orders").status_code == 200  # the client reconnects
    assert sandbox.request_log[0]["status"] is None


def test_hang_then_drop(sandbox, client):
    sandbox.configure(hang_seconds=0.3)
    sandbox.add_fault(kind="hang")
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        client.get("/orders")
    assert time.monotonic() - started >= 0.3


def test_hang_seconds_per_rule(sandbox, client):
    sandbox.add_fault(kind="hang", hang_seconds=0.1)
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        client.get("/orders")
    assert 0.1 <= time.monotonic() - started < 5


def test_hang_times_out_a_patient_client(sandbox, client):
    sandbox.add_fault(kind="hang")  # 30 s by default; the stop at teardown ends it
    with pytest.raises(requests.Timeout):
        client.session.get(sandbox.url + "/orders", timeout=0.3)


def test_after_times_and_path(sandbox, client):
    sandbox.add_fault(kind="500_aspnet", path=r"^/shipments\?.*page=2", after=1, times=2)
    statuses = [client.get("/shipments", page=2).status_code for _ in range(4)]
    assert statuses == [200, 500, 500, 200]
    assert client.get("/shipments", page=1).status_code == 200


def test_forever_and_clear(sandbox, client):
    sandbox.add_fault(kind="503_html", times=-1)
    assert [client.get("/users").status_code for _ in range(3)] == [503] * 3
    sandbox.clear_faults()
    assert client.get("/users").status_code == 200


def test_faults_do_not_touch_the_control_plane(sandbox):
    sandbox.add_fault(kind="drop", times=-1)
    assert requests.get(sandbox.url + "/__sandbox/stats").status_code == 200


def test_unknown_kind_is_rejected(sandbox):
    with pytest.raises(ValueError):
        sandbox.add_fault(kind="explode")


def test_latency(sandbox_factory):
    sb = sandbox_factory(orders=20, latency_seconds=0.2, latency_paths={"^/users": 0.0})
    client = Client(sb)
    started = time.monotonic()
    client.get("/carriers")
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    client.get("/users")
    assert time.monotonic() - started < 0.15
    assert sb.request_log[0]["duration"] >= 0.2
