from unittest import TestCase

from airbyte_cdk.models import FailureType
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import error_response, record, response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "store_details"


def _store(store_id: int):
    return response(_STREAM).with_records([record(_STREAM).with_id(store_id).build()]).build()


class StoreDetailsTest(TestCase):
    @HttpMocker()
    def test_given_no_store_id_when_read_then_every_listed_store_fetched(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response("stores").build())
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(22766).build(), _store(22766))
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(25748).build(), _store(25748))

        output = read_stream(_STREAM)

        assert [r["storeId"] for r in record_data(output)] == [22766, 25748]
        assert record_data(output)[0]["statusMappings"][0] == {"orderStatus": "awaiting_payment", "statusKey": "Pending"}

    @HttpMocker()
    def test_given_store_id_when_read_then_only_that_store_fetched(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(12345).build(), response(_STREAM).build())

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(12345).build())

        assert [r["storeId"] for r in record_data(output)] == [12345]

    @HttpMocker()
    def test_given_sample_store_when_read_then_record_matches_schema_and_datetimes_rfc3339(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(12345).build(), response(_STREAM).build())

        stores = record_data(read_stream(_STREAM, ConfigBuilder().with_store_id(12345).build()))

        assert_valid_against_schema(_STREAM, stores)
        assert stores[0]["refreshDate"] == "2014-12-16T17:47:05.457000-08:00"
        assert assert_datetimes_in_rfc3339(_STREAM, stores) == 4

    @HttpMocker()
    def test_given_listed_store_deleted_meanwhile_when_read_then_skipped(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response("stores").build())
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(22766).build(), error_response(404))
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(25748).build(), _store(25748))

        output = read_stream(_STREAM)

        assert [r["storeId"] for r in record_data(output)] == [25748]
        assert not output.errors

    @HttpMocker()
    def test_given_configured_store_missing_when_read_then_config_error_names_store(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.store_endpoint(999).build(), error_response(404))

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(999).build(), expecting_failure=True)

        error = output.errors[-1].trace.error
        assert error.failure_type == FailureType.config_error
        assert "999" in error.message
