from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "warehouses"


class WarehousesTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_warehouses_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["warehouseId"] for r in record_data(output)] == [17977, 14265]
        assert record_data(output)[0]["originAddress"]["street1"] == "123 S EXAMPLE RD  "

    @HttpMocker()
    def test_given_sample_warehouses_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response(_STREAM).build())

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_pacific_readings_when_read_then_create_date_rfc3339(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response(_STREAM).build())

        warehouses = record_data(read_stream(_STREAM))

        assert warehouses[0]["createDate"] == "2014-10-21T08:11:43.880000-07:00"
        assert assert_datetimes_in_rfc3339(_STREAM, warehouses) == 2
