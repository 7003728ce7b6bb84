from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "stores"


class StoresTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_stores_including_inactive_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["storeId"] for r in record_data(output)] == [22766, 25748]

    @HttpMocker()
    def test_given_sample_stores_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response(_STREAM).build())

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_two_fraction_digits_in_winter_when_read_then_rfc3339_with_standard_offset(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response(_STREAM).build())

        stores = record_data(read_stream(_STREAM))

        assert stores[0]["modifyDate"] == "2014-11-12T08:45:20.550000-08:00"
        assert stores[0]["createDate"] == "2014-07-25T11:05:55.307000-07:00"
        assert assert_datetimes_in_rfc3339(_STREAM, stores) == 8

    @HttpMocker()
    def test_given_store_id_when_read_then_every_store_still_listed(self, http_mocker: HttpMocker) -> None:
        # store_id limits orders, shipments and store_details, not the list of stores
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(22766).build())

        assert len(output.records) == 2
