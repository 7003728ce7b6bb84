from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import error_response, record, response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "warehouse_details"


def _warehouse(warehouse_id: int):
    return response(_STREAM).with_records([record(_STREAM).with_id(warehouse_id).build()]).build()


class WarehouseDetailsTest(TestCase):
    @HttpMocker()
    def test_given_listed_warehouses_when_read_then_each_fetched(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response("warehouses").build())
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(17977).build(), _warehouse(17977))
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(14265).build(), _warehouse(14265))

        output = read_stream(_STREAM)

        assert [r["warehouseId"] for r in record_data(output)] == [17977, 14265]

    @HttpMocker()
    def test_given_sample_warehouse_when_read_then_record_matches_schema_and_datetimes_rfc3339(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response("warehouses").build())
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(17977).build(), _warehouse(17977))
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(14265).build(), _warehouse(14265))

        warehouses = record_data(read_stream(_STREAM))

        assert_valid_against_schema(_STREAM, warehouses)
        assert warehouses[0]["createDate"] == "2015-07-02T08:38:31.487000-07:00"
        assert assert_datetimes_in_rfc3339(_STREAM, warehouses) == 2

    @HttpMocker()
    def test_given_listed_warehouse_deleted_meanwhile_when_read_then_skipped(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.warehouses_endpoint().build(), response("warehouses").build())
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(17977).build(), error_response(404))
        http_mocker.get(ShipstationRequestBuilder.warehouse_endpoint(14265).build(), _warehouse(14265))

        output = read_stream(_STREAM)

        assert [r["warehouseId"] for r in record_data(output)] == [14265]
