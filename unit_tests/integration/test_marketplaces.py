from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import response
from unit_tests.integration.utils import assert_valid_against_schema, read_stream, record_data

_STREAM = "marketplaces"


class MarketplacesTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_marketplaces_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.marketplaces_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["marketplaceId"] for r in record_data(output)] == [23, 2, 32]

    @HttpMocker()
    def test_given_sample_marketplaces_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.marketplaces_endpoint().build(), response(_STREAM).build())

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))
