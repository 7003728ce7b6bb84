"""SHIPSTATION_API_BASE_URL: https to any host; plain http only to this machine."""

import pytest
from airbyte_cdk.models import FailureType, Status
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import response
from unit_tests.integration.utils import read_stream, record_data, run_check, run_discover


@pytest.mark.parametrize(
    "base_url",
    [
        "https://ssapi.shipstation.com",
        "https://proxy.example.org/shipstation",
        "https://proxy.example.org/shipstation/",
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ],
)
def test_given_allowed_base_url_when_read_then_requests_go_there(monkeypatch, base_url):
    monkeypatch.setenv("SHIPSTATION_API_BASE_URL", base_url)
    with HttpMocker() as http_mocker:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().with_base_url(base_url).build(), response("carriers").build())

        output = read_stream("carriers")

    assert len(record_data(output)) == 5


_REFUSED = ["http://example.com", "http://10.0.0.5:8080", "ftp://ssapi.shipstation.com", "ssapi.shipstation.com"]


@pytest.mark.parametrize("base_url", _REFUSED)
def test_given_refused_base_url_when_discover_then_config_error_naming_the_variable(monkeypatch, base_url):
    monkeypatch.setenv("SHIPSTATION_API_BASE_URL", base_url)

    output = run_discover(expecting_failure=True)

    error = output.errors[-1].trace.error
    assert error.failure_type == FailureType.config_error
    assert "SHIPSTATION_API_BASE_URL" in error.message and base_url in error.message


def test_given_plain_http_to_remote_host_when_read_then_config_error_and_no_request(monkeypatch):
    monkeypatch.setenv("SHIPSTATION_API_BASE_URL", "http://example.com")
    with HttpMocker():  # no request registered: any request would fail the test

        output = read_stream("carriers", expecting_failure=True)

    error = output.errors[-1].trace.error
    assert error.failure_type == FailureType.config_error
    assert "https" in error.message and "http://example.com" in error.message
    assert output.records == []


def test_given_plain_http_to_remote_host_when_check_then_failed_with_clear_message(monkeypatch):
    monkeypatch.setenv("SHIPSTATION_API_BASE_URL", "http://example.com")
    with HttpMocker():

        (message,) = run_check(ConfigBuilder().build()).connection_status_messages

    assert message.connectionStatus.status == Status.FAILED
    assert "SHIPSTATION_API_BASE_URL" in message.connectionStatus.message
    assert "use https" in message.connectionStatus.message
