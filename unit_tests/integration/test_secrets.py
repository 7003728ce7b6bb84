"""Neither the API key, nor the secret, nor the Basic auth token derived from them ever reaches the output."""

import base64
from unittest import TestCase

import pytest
from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.config import API_KEY, API_SECRET, ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import empty_page, error_response, response
from unit_tests.integration.utils import all_output_text, read_stream

_TOKEN = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()


class SecretsTest(TestCase):
    @pytest.fixture(autouse=True)
    def _inject(self, capfd):
        self._capfd = capfd

    def _assert_nothing_leaked(self, output) -> str:
        """Checks the messages and whatever the CDK printed itself (debug logs go straight to stdout)."""
        printed = self._capfd.readouterr()
        for text in (all_output_text(output), printed.out, printed.err):
            for secret in (API_KEY, API_SECRET, _TOKEN):
                assert secret not in text
        return printed.out

    @HttpMocker()
    def test_given_debug_read_when_requests_logged_then_no_key_secret_or_token_in_output(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.orders_endpoint().window(1).build(), response("orders").build())
        http_mocker.get(ShipstationRequestBuilder.orders_endpoint().tail().build(), empty_page("orders"))

        output = read_stream("orders", ConfigBuilder().build(), SyncMode.incremental, debug=True)

        printed = self._assert_nothing_leaked(output)
        assert len(output.records) == 2
        assert "Making outbound API request" in printed and "Authorization" in printed  # logged, but masked

    @HttpMocker()
    def test_given_debug_read_rejected_with_401_when_error_reported_then_no_credentials_in_output(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), error_response(401, "401 Unauthorized"))

        output = read_stream("carriers", debug=True, expecting_failure=True)

        assert output.errors
        self._assert_nothing_leaked(output)
