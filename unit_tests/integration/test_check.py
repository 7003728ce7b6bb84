import base64
import re
from unittest import TestCase

import pytest
from airbyte_cdk.models import Status
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.config import API_KEY, API_SECRET, ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import error_response, response
from unit_tests.integration.utils import all_output_text, run_check

_BASIC_HEADER = re.compile(r"Basic\s+[A-Za-z0-9+/]{8,}={0,2}")


def _status(output):
    (message,) = output.connection_status_messages
    return message.connectionStatus


def _assert_no_credentials(output) -> None:
    text = all_output_text(output)
    token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
    for secret in (API_KEY, API_SECRET, token):
        assert secret not in text
    assert not _BASIC_HEADER.search(text)


class CheckTest(TestCase):
    @pytest.fixture(autouse=True)
    def _inject(self, monkeypatch, backoff_sleeps):
        self._monkeypatch = monkeypatch
        self._sleeps = backoff_sleeps

    @HttpMocker()
    def test_given_valid_credentials_when_check_then_succeeded(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response("stores").build())

        output = run_check(ConfigBuilder().build())

        assert _status(output).status == Status.SUCCEEDED
        _assert_no_credentials(output)

    @HttpMocker()
    def test_given_store_id_when_check_then_that_store_is_fetched(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(12345).build(), response("store_details").build())

        output = run_check(ConfigBuilder().with_store_id(12345).build())

        assert _status(output).status == Status.SUCCEEDED
        _assert_no_credentials(output)

    @HttpMocker()
    def test_given_wrong_credentials_plain_text_401_when_check_then_failed_about_key_and_secret(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), error_response(401, "401 Unauthorized"))

        output = run_check(ConfigBuilder().build())

        status = _status(output)
        assert status.status == Status.FAILED
        assert "API key" in status.message and "secret" in status.message
        _assert_no_credentials(output)

    @HttpMocker()
    def test_given_403_when_check_then_failed_mentioning_api_access_and_plan(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(
            ShipstationRequestBuilder.stores_endpoint().build(), error_response(403, '{"message": "Forbidden"}', "application/json")
        )

        output = run_check(ConfigBuilder().build())

        status = _status(output)
        assert status.status == Status.FAILED
        assert "API access" in status.message and "plan" in status.message
        _assert_no_credentials(output)

    @HttpMocker()
    def test_given_configured_store_does_not_exist_when_check_then_failed_naming_store_id(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(424242).build(), error_response(404))

        output = run_check(ConfigBuilder().with_store_id(424242).build())

        status = _status(output)
        assert status.status == Status.FAILED
        assert "424242" in status.message
        _assert_no_credentials(output)

    def test_given_unreachable_host_when_check_then_failed_saying_shipstation_unreachable(self) -> None:
        self._monkeypatch.setenv("SHIPSTATION_API_BASE_URL", "http://127.0.0.1:1")

        output = run_check(ConfigBuilder().build())

        status = _status(output)
        assert status.status == Status.FAILED
        assert "Could not reach ShipStation" in status.message
        assert self._sleeps.calls, "the retry should have waited (recorded, not slept)"
        _assert_no_credentials(output)

    @HttpMocker()
    def test_given_server_error_twice_when_check_then_failed_after_one_retry(self, http_mocker: HttpMocker) -> None:
        request = ShipstationRequestBuilder.stores_endpoint().build()
        http_mocker.get(request, [error_response(500, '{"Message": "An error has occurred."}', "application/json")] * 2)

        output = run_check(ConfigBuilder().build())

        status = _status(output)
        assert status.status == Status.FAILED
        assert "HTTP 500" in status.message
        http_mocker.assert_number_of_calls(request, 2)
        _assert_no_credentials(output)
