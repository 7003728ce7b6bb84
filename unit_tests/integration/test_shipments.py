from unittest import TestCase

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.frozen_time import SETTLED_UNTIL_RFC3339
from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import empty_page, paged_response, records, response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "shipments"


def _window(page: int = 1, **kwargs):
    return ShipstationRequestBuilder.shipments_endpoint().window(page, **kwargs)


def _tail(**kwargs):
    return ShipstationRequestBuilder.shipments_endpoint().tail(**kwargs)


class ShipmentsTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_shipments_with_items_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["shipmentId"] for r in record_data(output)] == [33974374, 33974373]
        assert record_data(output)[0]["shipmentItems"][0]["sku"] == "SQ3785739"

    @HttpMocker()
    def test_given_sample_shipments_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_pacific_readings_when_read_then_datetimes_rfc3339_and_ship_date_stays_a_date(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        shipment = record_data(read_stream(_STREAM))[0]

        assert shipment["createDate"] == "2014-10-03T06:51:33.627000-07:00"
        assert shipment["shipDate"] == "2014-10-03"
        assert assert_datetimes_in_rfc3339(_STREAM, [shipment]) == 1

    @HttpMocker()
    def test_given_pages_zero_beside_nonzero_total_and_capped_page_size_when_read_then_every_page_read(self, http_mocker: HttpMocker) -> None:
        shipments = records(_STREAM, 5, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        for page, chunk in enumerate((shipments[0:2], shipments[2:4], shipments[4:]), start=1):
            http_mocker.get(_window(page).build(), paged_response(_STREAM, chunk, total=5, page=page, pages=0))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["shipmentId"] for r in record_data(output)] == [1, 2, 3, 4, 5]

    @HttpMocker()
    def test_given_full_page_then_short_page_when_read_then_no_further_page_asked(self, http_mocker: HttpMocker) -> None:
        shipments = records(_STREAM, 503, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        http_mocker.get(_window(1).build(), paged_response(_STREAM, shipments[:500], total=503, page=1, pages=2))
        http_mocker.get(_window(2).build(), paged_response(_STREAM, shipments[500:], total=503, page=2, pages=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert len(output.records) == 503

    @HttpMocker()
    def test_given_store_id_when_read_then_every_request_filters_by_store(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().with_store_id(25748).build(), response(_STREAM).build())
        http_mocker.get(_tail().with_store_id(25748).build(), empty_page(_STREAM))

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(25748).build())

        assert len(output.records) == 2

    @HttpMocker()
    def test_given_state_when_incremental_read_then_voided_shipments_read_and_void_mark_saved(self, http_mocker: HttpMocker) -> None:
        (created,) = records(_STREAM, 1, first_id=1, cursor="2024-05-01T10:30:00.0000000")
        (voided,) = records(_STREAM, 1, first_id=2, cursor="2024-04-01T08:00:00.0000000")
        http_mocker.get(_window(start="2024-05-01 08:59:59").build(), paged_response(_STREAM, [created], total=1))
        http_mocker.get(_tail().build(), empty_page(_STREAM))
        voids = (
            ShipstationRequestBuilder.shipments_endpoint()
            .with_sort("CreateDate", "ASC")
            .with_param("voidDateStart", "2024-05-01 08:59:59")
            .with_page(1)
        )
        http_mocker.get(voids.build(), paged_response(_STREAM, [voided], total=1))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"createDate": "2024-05-01T10:00:00-07:00"})

        assert [r["shipmentId"] for r in record_data(output)] == [1, 2]
        assert output.most_recent_state.stream_state.__dict__ == {
            "createDate": "2024-05-01T10:30:00.000000-07:00",
            "voidDate": SETTLED_UNTIL_RFC3339,
        }

    @HttpMocker()
    def test_given_state_when_full_refresh_read_then_whole_history_read_and_no_void_scan(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, sync_mode=SyncMode.full_refresh, stream_state={"createDate": "2024-05-01T10:00:00-07:00"})

        assert [r["shipmentId"] for r in record_data(output)] == [33974374, 33974373]
