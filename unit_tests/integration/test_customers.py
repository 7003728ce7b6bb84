from unittest import TestCase

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import paged_response, record, records, response, template_records
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "customers"


def _in_creation_order(page: int = 1):
    return ShipstationRequestBuilder.customers_endpoint().with_sort("CreateDate", "ASC").with_page(page)


def _newest_first(sort_by: str, page: int = 1):
    return ShipstationRequestBuilder.customers_endpoint().with_sort(sort_by, "DESC").with_page(page)


class CustomersTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_customers_emitted_in_one_request(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["customerId"] for r in record_data(output)] == [12345678, 87654321]

    @HttpMocker()
    def test_given_sample_customers_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_nested_and_missing_datetimes_when_read_then_present_ones_converted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        first, second = record_data(read_stream(_STREAM))

        assert first["marketplaceUsernames"][0]["modifyDate"] == "2015-05-14T08:16:15.270000-07:00"
        assert "modifyDate" not in second
        assert assert_datetimes_in_rfc3339(_STREAM, [first, second]) == 11

    @HttpMocker()
    def test_given_pages_zero_beside_nonzero_total_and_capped_page_size_when_read_then_every_page_read(self, http_mocker: HttpMocker) -> None:
        customers = records(_STREAM, 5)
        for page, chunk in enumerate((customers[0:2], customers[2:4], customers[4:]), start=1):
            http_mocker.get(_in_creation_order(page).build(), paged_response(_STREAM, chunk, total=5, page=page, pages=0))

        output = read_stream(_STREAM)

        assert [r["customerId"] for r in record_data(output)] == [1, 2, 3, 4, 5]

    @HttpMocker()
    def test_given_full_page_then_short_page_when_read_then_no_further_page_asked(self, http_mocker: HttpMocker) -> None:
        customers = records(_STREAM, 600)
        http_mocker.get(_in_creation_order(1).build(), paged_response(_STREAM, customers[:500], total=600, page=1, pages=2))
        http_mocker.get(_in_creation_order(2).build(), paged_response(_STREAM, customers[500:], total=600, page=2, pages=2))

        output = read_stream(_STREAM)

        assert len(output.records) == 600

    @HttpMocker()
    def test_given_state_when_incremental_read_then_newest_first_scans_stop_at_state(self, http_mocker: HttpMocker) -> None:
        modified = record(_STREAM).with_id(3).with_cursor("2015-07-01T12:00:00.0000000").build()
        old = record(_STREAM).with_id(1).with_cursor("2015-05-01T12:00:00.0000000").build()
        # newest created first: 87654321 (2015-06-21, no modifyDate), then 12345678 (2014)
        created = list(reversed(template_records(_STREAM)))
        http_mocker.get(_newest_first("ModifyDate").build(), paged_response(_STREAM, [modified, old], total=2))
        http_mocker.get(_newest_first("CreateDate").build(), paged_response(_STREAM, created, total=2))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"modifyDate": "2015-06-01T00:00:00-07:00"})

        assert [r["customerId"] for r in record_data(output)] == [3, 87654321]
        assert output.most_recent_state.stream_state.__dict__ == {"modifyDate": "2015-07-01T12:00:00.000000-07:00"}
