import base64
from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest

from unit_tests.integration.config import API_KEY, API_SECRET
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import response
from unit_tests.integration.utils import assert_valid_against_schema, read_stream, record_data

_STREAM = "carriers"


class CarriersTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_every_carrier_is_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["shippingProviderId"] for r in record_data(output)] == [12345, 12346, 12347, 12348, 12349]
        assert not output.errors

    @HttpMocker()
    def test_given_sample_carriers_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert_valid_against_schema(_STREAM, record_data(output))

    @HttpMocker()
    def test_given_account_number_as_json_number_when_read_then_value_kept(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        fedex = next(r for r in record_data(output) if r["code"] == "fedex")
        assert fedex["accountNumber"] == 297929999

    @HttpMocker()
    def test_given_empty_list_when_read_then_no_records_and_stream_completes(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), response(_STREAM).with_records([]).build())

        output = read_stream(_STREAM)

        assert output.records == []
        assert output.get_stream_statuses(_STREAM)[-1].name == "COMPLETE"

    @HttpMocker()
    def test_given_credentials_when_read_then_basic_auth_with_key_as_user_and_secret_as_password(self, http_mocker: HttpMocker) -> None:
        token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
        http_mocker.get(HttpRequest("https://ssapi.shipstation.com/carriers", headers={"Authorization": f"Basic {token}"}), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert len(output.records) == 5
