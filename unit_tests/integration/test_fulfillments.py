from unittest import TestCase

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.test.mock_http.response_builder import FieldPath

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import empty_page, paged_response, record, records, response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "fulfillments"


def _window(page: int = 1, **kwargs):
    return ShipstationRequestBuilder.fulfillments_endpoint().window(page, **kwargs)


def _tail(**kwargs):
    return ShipstationRequestBuilder.fulfillments_endpoint().tail(**kwargs)


class FulfillmentsTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_fulfillments_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["fulfillmentId"] for r in record_data(output)] == [33974374, 246310]

    @HttpMocker()
    def test_given_sample_fulfillments_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_pacific_readings_when_read_then_every_datetime_is_rfc3339(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        fulfillments = record_data(read_stream(_STREAM))

        assert fulfillments[0]["createDate"] == "2016-06-07T08:50:50.067000-07:00"
        assert fulfillments[0]["shipDate"] == "2016-06-07T00:00:00.000000-07:00"
        assert assert_datetimes_in_rfc3339(_STREAM, fulfillments) == 4

    @HttpMocker()
    def test_given_date_only_ship_date_in_a_date_time_field_when_read_then_pacific_midnight(self, http_mocker: HttpMocker) -> None:
        winter = record(_STREAM).with_id(1).with_field(FieldPath("shipDate"), "2016-01-07").build()
        summer = record(_STREAM).with_id(2).with_field(FieldPath("shipDate"), "2016-06-07").build()
        http_mocker.get(_window().build(), paged_response(_STREAM, [winter, summer], total=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        ship_dates = [r["shipDate"] for r in record_data(read_stream(_STREAM))]

        assert ship_dates == ["2016-01-07T00:00:00-08:00", "2016-06-07T00:00:00-07:00"]

    @HttpMocker()
    def test_given_pages_zero_beside_total_and_capped_page_size_when_read_then_pages_follow_total(self, http_mocker: HttpMocker) -> None:
        fulfillments = records(_STREAM, 4, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        http_mocker.get(_window(1).build(), paged_response(_STREAM, fulfillments[:3], total=4, page=1, pages=0))
        http_mocker.get(_window(2).build(), paged_response(_STREAM, fulfillments[3:], total=4, page=2, pages=0))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["fulfillmentId"] for r in record_data(output)] == [1, 2, 3, 4]

    @HttpMocker()
    def test_given_full_page_then_short_page_when_read_then_no_further_page_asked(self, http_mocker: HttpMocker) -> None:
        fulfillments = records(_STREAM, 510, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        http_mocker.get(_window(1).build(), paged_response(_STREAM, fulfillments[:500], total=510, page=1, pages=2))
        http_mocker.get(_window(2).build(), paged_response(_STREAM, fulfillments[500:], total=510, page=2, pages=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert len(output.records) == 510

    @HttpMocker()
    def test_given_store_id_when_read_then_no_store_filter_sent(self, http_mocker: HttpMocker) -> None:
        # Only orders and shipments accept storeId.
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(22766).build())

        assert len(output.records) == 2

    @HttpMocker()
    def test_given_state_when_incremental_read_then_starts_lookback_before_state(self, http_mocker: HttpMocker) -> None:
        newer = records(_STREAM, 1, cursor="2024-05-01T10:30:00.0000000")
        http_mocker.get(_window(start="2024-05-01 08:59:59").build(), paged_response(_STREAM, newer, total=1))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"createDate": "2024-05-01T10:00:00-07:00"})

        assert output.most_recent_state.stream_state.__dict__ == {"createDate": "2024-05-01T10:30:00.000000-07:00"}
