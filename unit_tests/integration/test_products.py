from unittest import TestCase

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import paged_response, record, records, response
from unit_tests.integration.utils import (
    assert_datetimes_in_rfc3339,
    assert_valid_against_schema,
    read_stream,
    record_data,
)

_STREAM = "products"


def _in_creation_order(page: int = 1):
    return ShipstationRequestBuilder.products_endpoint().with_sort("CreateDate", "ASC").with_page(page)


def _newest_first(sort_by: str, page: int = 1):
    return ShipstationRequestBuilder.products_endpoint().with_sort(sort_by, "DESC").with_page(page)


class ProductsTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_products_including_inactive_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert [r["productId"] for r in record_data(output)] == [7854008, 7984482]

    @HttpMocker()
    def test_given_sample_products_when_read_then_records_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        assert_valid_against_schema(_STREAM, record_data(read_stream(_STREAM)))

    @HttpMocker()
    def test_given_three_fraction_digits_when_read_then_datetimes_rfc3339_with_microseconds(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(_in_creation_order().build(), response(_STREAM).build())

        products = record_data(read_stream(_STREAM))

        assert products[0]["createDate"] == "2014-09-04T09:18:01.293000-07:00"
        assert assert_datetimes_in_rfc3339(_STREAM, products) == 4

    @HttpMocker()
    def test_given_pages_zero_beside_nonzero_total_when_read_then_pages_follow_total(self, http_mocker: HttpMocker) -> None:
        products = records(_STREAM, 3)
        http_mocker.get(_in_creation_order(1).build(), paged_response(_STREAM, products[:2], total=3, page=1, pages=0))
        http_mocker.get(_in_creation_order(2).build(), paged_response(_STREAM, products[2:], total=3, page=2, pages=0))

        output = read_stream(_STREAM)

        assert [r["productId"] for r in record_data(output)] == [1, 2, 3]

    @HttpMocker()
    def test_given_server_caps_page_size_below_500_when_read_then_every_page_read(self, http_mocker: HttpMocker) -> None:
        products = records(_STREAM, 250)
        for page in (1, 2, 3):
            chunk = products[(page - 1) * 100 : page * 100]
            http_mocker.get(_in_creation_order(page).build(), paged_response(_STREAM, chunk, total=250, page=page, pages=3))

        output = read_stream(_STREAM)

        assert len(output.records) == 250

    @HttpMocker()
    def test_given_full_page_then_short_page_when_read_then_no_further_page_asked(self, http_mocker: HttpMocker) -> None:
        products = records(_STREAM, 520)
        http_mocker.get(_in_creation_order(1).build(), paged_response(_STREAM, products[:500], total=520, page=1, pages=2))
        http_mocker.get(_in_creation_order(2).build(), paged_response(_STREAM, products[500:], total=520, page=2, pages=2))

        output = read_stream(_STREAM)

        assert len(output.records) == 520

    @HttpMocker()
    def test_given_state_when_incremental_read_then_only_changed_products_emitted(self, http_mocker: HttpMocker) -> None:
        changed = record(_STREAM).with_id(5).with_cursor("2015-01-10T08:00:00.000").build()
        unchanged = record(_STREAM).with_id(6).with_cursor("2014-12-01T08:00:00.000").build()
        http_mocker.get(_newest_first("ModifyDate").build(), paged_response(_STREAM, [changed, unchanged], total=2))
        http_mocker.get(_newest_first("CreateDate").build(), paged_response(_STREAM, [unchanged], total=1))

        output = read_stream(_STREAM, sync_mode=SyncMode.incremental, stream_state={"modifyDate": "2015-01-01T00:00:00-08:00"})

        assert [r["productId"] for r in record_data(output)] == [5]
        assert output.most_recent_state.stream_state.__dict__ == {"modifyDate": "2015-01-10T08:00:00.000000-08:00"}
