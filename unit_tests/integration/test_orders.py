import time
from unittest import TestCase

import pytest
from airbyte_cdk.models import FailureType, SyncMode
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

_STREAM = "orders"


def _window(page: int = 1, **kwargs):
    return ShipstationRequestBuilder.orders_endpoint().window(page, **kwargs)


def _tail(**kwargs):
    return ShipstationRequestBuilder.orders_endpoint().tail(**kwargs)


def _message_kinds(output) -> str:
    """The read's RECORD and STATE messages in order, as R and S."""
    return "".join({"RECORD": "R", "STATE": "S"}.get(m.type.value, "") for m in output.get_message_iterator())


class OrdersTest(TestCase):
    @pytest.fixture(autouse=True)
    def _inject(self, monkeypatch):
        self._monkeypatch = monkeypatch

    @HttpMocker()
    def test_given_one_page_when_read_then_orders_emitted_and_changes_since_window_asked(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == [987654321, 123456789]
        assert not output.errors

    @HttpMocker()
    def test_given_sample_orders_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert_valid_against_schema(_STREAM, record_data(output))

    @HttpMocker()
    def test_given_pacific_readings_when_read_then_every_datetime_is_rfc3339_with_pacific_offset(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        order = record_data(read_stream(_STREAM))[0]

        assert order["orderDate"] == "2015-06-28T17:46:27.000000-07:00"
        assert order["modifyDate"] == "2015-08-17T09:24:16.480000-07:00"
        assert order["items"][0]["createDate"] == "2015-08-17T09:24:14.780000-07:00"
        assert order["shipDate"] == "2015-04-25"  # a date field stays a date
        assert assert_datetimes_in_rfc3339(_STREAM, [order]) >= 7

    @HttpMocker()
    def test_given_winter_reading_with_seven_digits_when_read_then_standard_time_offset(self, http_mocker: HttpMocker) -> None:
        winter = record(_STREAM).with_id(1).with_cursor("2015-01-15T10:00:00.1234567").build()
        http_mocker.get(_window().build(), paged_response(_STREAM, [winter], total=1))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        (order,) = record_data(read_stream(_STREAM))

        assert order["modifyDate"] == "2015-01-15T10:00:00.123456-08:00"

    @HttpMocker()
    def test_given_full_page_then_short_page_when_read_then_both_read_and_no_third_page(self, http_mocker: HttpMocker) -> None:
        orders = records(_STREAM, 501, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        http_mocker.get(_window(1).build(), paged_response(_STREAM, orders[:500], total=501, page=1, pages=2))
        http_mocker.get(_window(2).build(), paged_response(_STREAM, orders[500:], total=501, page=2, pages=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == list(range(1, 502))

    @HttpMocker()
    def test_given_pages_zero_beside_nonzero_total_when_read_then_pages_follow_total(self, http_mocker: HttpMocker) -> None:
        orders = records(_STREAM, 5, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        for page, chunk in enumerate((orders[0:2], orders[2:4], orders[4:5]), start=1):
            http_mocker.get(_window(page).build(), paged_response(_STREAM, chunk, total=5, page=page, pages=0))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == [1, 2, 3, 4, 5]

    @HttpMocker()
    def test_given_server_caps_page_size_below_500_when_read_then_every_page_read(self, http_mocker: HttpMocker) -> None:
        orders = records(_STREAM, 7, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        for page, chunk in enumerate((orders[0:3], orders[3:6], orders[6:7]), start=1):
            http_mocker.get(_window(page).build(), paged_response(_STREAM, chunk, total=7, page=page, pages=3))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == [1, 2, 3, 4, 5, 6, 7]

    @HttpMocker()
    def test_given_store_id_when_read_then_every_request_filters_by_store(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_window().with_store_id(22766).build(), response(_STREAM).build())
        http_mocker.get(_tail().with_store_id(22766).build(), empty_page(_STREAM))

        output = read_stream(_STREAM, ConfigBuilder().with_store_id(22766).build())

        assert len(output.records) == 2

    @HttpMocker()
    def test_given_order_changed_after_window_when_read_then_read_from_tail(self, http_mocker: HttpMocker) -> None:
        late = record(_STREAM).with_id(7).with_cursor("2024-06-01T04:58:00.0000000").build()
        http_mocker.get(_window().build(), response(_STREAM).build())
        http_mocker.get(_tail().build(), paged_response(_STREAM, [late], total=1))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == [987654321, 123456789, 7]

    @HttpMocker()
    def test_given_order_modified_between_page_requests_when_read_then_no_order_lost(self, http_mocker: HttpMocker) -> None:
        # Order 2 is modified after page 1 is served: it leaves the window, the window's total drops to 6
        # and order 4 slides from page 2 onto page 1, where page numbers alone would never see it.
        orders = records(_STREAM, 7, cursor="2024-05-01T10:00:01.5000000", cursor_step_seconds=1)
        one, two, three, four, five, six, seven = orders
        modified_two = record(_STREAM).with_id(2).with_cursor("2024-06-01T04:58:00.0000000").build()
        http_mocker.get(_window(1).build(), paged_response(_STREAM, [one, two, three], total=7, page=1, pages=3))
        http_mocker.get(_window(2).build(), paged_response(_STREAM, [five, six, seven], total=6, page=2, pages=2))
        http_mocker.get(_window(3).build(), paged_response(_STREAM, [], total=6, page=3, pages=2))
        bridge = _tail(start="2024-05-01 10:00:02").with_param("modifyDateEnd", "2024-05-01 10:00:06")
        http_mocker.get(bridge.build(), paged_response(_STREAM, [three, four, five], total=3))
        http_mocker.get(_tail().build(), paged_response(_STREAM, [modified_two], total=1))

        output = read_stream(_STREAM)

        assert [r["orderId"] for r in record_data(output)] == [1, 2, 3, 4, 5, 6, 7, 2]

    @HttpMocker()
    def test_given_state_when_incremental_read_then_starts_lookback_before_state_and_saves_newest(self, http_mocker: HttpMocker) -> None:
        # state 10:00 PDT, minus the 60 minute lookback, sent one second early
        newer = records(_STREAM, 2, cursor="2024-05-01T10:30:00.5000000", cursor_step_seconds=60)
        http_mocker.get(_window(start="2024-05-01 08:59:59").build(), paged_response(_STREAM, newer, total=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"modifyDate": "2024-05-01T10:00:00-07:00"})

        assert len(output.records) == 2
        assert output.most_recent_state.stream_state.__dict__ == {"modifyDate": "2024-05-01T10:31:00.500000-07:00"}

    @HttpMocker()
    def test_given_start_date_when_read_then_filter_sent_and_older_orders_dropped(self, http_mocker: HttpMocker) -> None:
        # 2024-01-01T00:00:00Z is 2023-12-31 16:00:00 PST; the filter is sent one second early
        before = record(_STREAM).with_id(1).with_cursor("2023-12-31T15:59:59.9000000").build()
        after = record(_STREAM).with_id(2).with_cursor("2023-12-31T16:00:00.0000000").build()
        http_mocker.get(_window(start="2023-12-31 15:59:59").build(), paged_response(_STREAM, [before, after], total=2))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, ConfigBuilder().with_start_date("2024-01-01T00:00:00Z").build())

        assert [r["orderId"] for r in record_data(output)] == [2]

    @HttpMocker()
    def test_given_several_pages_when_incremental_read_then_state_checkpointed_after_each_page(self, http_mocker: HttpMocker) -> None:
        orders = records(_STREAM, 5, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        for page, chunk in enumerate((orders[0:2], orders[2:4], orders[4:5]), start=1):
            http_mocker.get(_window(page).build(), paged_response(_STREAM, chunk, total=5, page=page, pages=0))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental)

        states = [m.state.stream.stream_state.__dict__["modifyDate"] for m in output.state_messages]
        assert states[:3] == [
            "2024-05-01T10:00:01.000000-07:00",
            "2024-05-01T10:00:03.000000-07:00",
            "2024-05-01T10:00:04.000000-07:00",
        ]
        assert states[-1] == "2024-05-01T10:00:04.000000-07:00"
        # Each STATE follows its page's last record; the empty tail page adds none; one more closes the stream.
        assert _message_kinds(output) == "RRSRRSRSS"

    @HttpMocker()
    def test_given_a_record_limit_when_read_then_stops_at_it_with_one_final_state(self, http_mocker: HttpMocker) -> None:
        orders = records(_STREAM, 5, cursor="2024-05-01T10:00:00.0000000", cursor_step_seconds=1)
        http_mocker.get(_window(1).build(), paged_response(_STREAM, orders, total=5, page=1, pages=1))

        output = read_stream(_STREAM, {**ConfigBuilder().build(), "_limit": 3}, sync_mode=SyncMode.incremental)

        assert [r["orderId"] for r in record_data(output)] == [1, 2, 3]
        assert _message_kinds(output) == "RRRS"

    @HttpMocker()
    def test_given_state_after_settled_second_and_no_lookback_when_read_then_only_changes_since_state_asked(self, http_mocker: HttpMocker) -> None:
        (late,) = records(_STREAM, 1, cursor="2024-06-01T04:58:30.0000000")
        http_mocker.get(_tail(start="2024-06-01 04:57:59").build(), paged_response(_STREAM, [late], total=1))

        output = read_stream(
            _STREAM,
            ConfigBuilder().with_lookback_window_minutes(0).build(),
            SyncMode.incremental,
            stream_state={"modifyDate": "2024-06-01T04:58:00-07:00"},
        )

        assert output.most_recent_state.stream_state.__dict__ == {"modifyDate": "2024-06-01T04:58:30.000000-07:00"}

    @HttpMocker()
    def test_given_future_state_when_read_then_no_records_and_state_kept(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_tail(start="2099-01-01 00:00:00").build(), empty_page(_STREAM))
        future = {"modifyDate": "2099-01-01T00:00:01-08:00"}

        output = read_stream(_STREAM, ConfigBuilder().with_lookback_window_minutes(0).build(), SyncMode.incremental, future)

        assert output.records == []
        assert output.most_recent_state.stream_state.__dict__ == future

    def test_given_state_that_is_not_a_date_time_when_read_then_config_error_saying_how_to_recover(self) -> None:
        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"modifyDate": "garbage"}, expecting_failure=True)

        error = output.errors[0].trace.error
        assert error.failure_type == FailureType.config_error
        assert "garbage" in error.message and "Reset" in error.message

    @HttpMocker()
    def test_given_machine_in_tokyo_when_read_with_start_date_then_same_pacific_filter(self, http_mocker: HttpMocker) -> None:
        self._monkeypatch.setenv("TZ", "Asia/Tokyo")
        time.tzset()
        try:
            http_mocker.get(_window(start="2023-12-31 15:59:59").build(), response(_STREAM).build())
            http_mocker.get(_tail().build(), empty_page(_STREAM))

            output = read_stream(_STREAM, ConfigBuilder().with_start_date("2024-01-01T00:00:00Z").build())
        finally:
            self._monkeypatch.delenv("TZ")
            time.tzset()

        assert output.records == []  # the sample orders are from 2015, before the start date

    @HttpMocker()
    def test_given_impossible_date_in_a_datetime_field_when_read_then_value_kept_and_sync_goes_on(self, http_mocker: HttpMocker) -> None:
        odd = record(_STREAM).with_id(1).with_field(FieldPath("paymentDate"), "2015-02-30T10:00:00.0000000").build()
        http_mocker.get(_window().build(), paged_response(_STREAM, [odd], total=1))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM, expecting_failure=True)

        assert [r["paymentDate"] for r in record_data(output)] == ["2015-02-30T10:00:00.0000000"]
        assert not output.errors

    @HttpMocker()
    def test_given_unreadable_value_in_a_datetime_field_when_read_then_value_kept_with_a_warning(self, http_mocker: HttpMocker) -> None:
        odd = record(_STREAM).with_id(1).with_field(FieldPath("paymentDate"), "N/A").build()
        http_mocker.get(_window().build(), paged_response(_STREAM, [odd], total=1))
        http_mocker.get(_tail().build(), empty_page(_STREAM))

        output = read_stream(_STREAM)

        assert [r["paymentDate"] for r in record_data(output)] == ["N/A"]
        assert output.is_in_logs("paymentDate holds 'N/A'")
