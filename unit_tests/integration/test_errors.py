"""How a read copes with ShipStation's faults; backoff waits are recorded, never slept."""

from unittest import TestCase

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import error_response, response
from unit_tests.integration.utils import read_stream

_CARRIERS = ShipstationRequestBuilder.carriers_endpoint


class ErrorsTest(TestCase):
    @pytest.fixture(autouse=True)
    def _inject(self, backoff_sleeps):
        self._sleeps = backoff_sleeps

    @HttpMocker()
    def test_given_429_with_reset_header_when_read_then_waits_reset_and_retries(self, http_mocker: HttpMocker) -> None:
        limited = response("carriers").with_records([]).with_status_code(429).with_header("X-Rate-Limit-Reset", "7").build()
        http_mocker.get(_CARRIERS().build(), [limited, response("carriers").build()])

        output = read_stream("carriers")

        assert len(output.records) == 5
        assert self._sleeps.calls == [8.0]  # the CDK adds one second to the reset

    @HttpMocker()
    def test_given_server_error_then_success_when_read_then_records_emitted(self, http_mocker: HttpMocker) -> None:
        failure = error_response(500, '{"Message": "An error has occurred."}', "application/json")
        http_mocker.get(_CARRIERS().build(), [failure, response("carriers").build()])

        output = read_stream("carriers")

        assert len(output.records) == 5
        assert len(self._sleeps.calls) == 1

    @HttpMocker()
    def test_given_html_page_with_status_200_when_read_then_retried_not_taken_as_empty(self, http_mocker: HttpMocker) -> None:
        maintenance = error_response(200, "<html><title>Down for maintenance</title></html>", "text/html")
        http_mocker.get(_CARRIERS().build(), [maintenance, response("carriers").build()])

        output = read_stream("carriers")

        assert len(output.records) == 5

    @HttpMocker()
    def test_given_401_during_read_when_read_then_config_error_about_credentials(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_CARRIERS().build(), error_response(401, "401 Unauthorized"))

        output = read_stream("carriers", expecting_failure=True)

        stream_error = output.errors[0].trace.error
        assert stream_error.failure_type == FailureType.config_error
        assert stream_error.stream_descriptor.name == "carriers"
        assert "API key" in stream_error.message
