"""Basic auth with the key as user name and the secret as password; 401 and 403 bodies."""

from __future__ import annotations

import requests

from .conftest import Client


def test_good_credentials(client):
    assert client.get("/carriers").status_code == 200


def test_missing_or_wrong_credentials_get_plain_text_401(sandbox):
    for auth in (None, ("wrong", sandbox.api_secret), (sandbox.api_key, "wrong"), ("", "")):
        response = requests.get(sandbox.url + "/orders", auth=auth)
        assert response.status_code == 401
        assert response.text == "401 Unauthorized"
        assert response.headers["Content-Type"].startswith("text/plain")
        assert "X-Rate-Limit-Remaining" in response.headers
    garbage = requests.get(sandbox.url + "/orders", headers={"Authorization": "Basic !!!"})
    assert garbage.status_code == 401


def test_json_401_body(sandbox_factory):
    sb = sandbox_factory(orders=10, auth_error_body="json")
    response = requests.get(sb.url + "/orders")
    assert response.status_code == 401 and response.json() == {"message": "Unauthorized"}


def test_configured_keys(sandbox_factory):
    sb = sandbox_factory(orders=10, api_key="k", api_secret="s")
    assert (sb.api_key, sb.api_secret) == ("k", "s")
    assert requests.get(sb.url + "/users", auth=("k", "s")).status_code == 200
    assert requests.get(sb.url + "/users", auth=("sandbox_api_key_0123", "sandbox_api_secret_4567")).status_code == 401


def test_no_api_access_is_403_for_every_call(sandbox):
    sandbox.configure(api_access=False)
    client = Client(sandbox)
    for path in ("/orders", "/carriers", "/stores/marketplaces"):
        response = client.get(path)
        assert response.status_code == 403
        assert "no API access" in response.json()["message"]
