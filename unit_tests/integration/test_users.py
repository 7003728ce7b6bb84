from unittest import TestCase

from airbyte_cdk.test.mock_http import HttpMocker

from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import records, response
from unit_tests.integration.utils import assert_valid_against_schema, read_stream, record_data

_STREAM = "users"


class UsersTest(TestCase):
    @HttpMocker()
    def test_given_one_page_when_read_then_users_including_inactive_emitted(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.users_endpoint().build(), response(_STREAM).build())

        output = read_stream(_STREAM)

        assert record_data(output) == [
            {"userId": "123456AB-ab12-3c4d-5e67-89f1abc1defa", "userName": "SS-user1", "name": "Shipping Employee 1"}
        ]

    @HttpMocker()
    def test_given_many_users_when_read_then_guid_keys_match_schema(self, http_mocker: HttpMocker) -> None:
        http_mocker.get(ShipstationRequestBuilder.users_endpoint().build(), response(_STREAM).with_records(records(_STREAM, 3)).build())

        users = record_data(read_stream(_STREAM))

        assert len(users) == 3
        assert_valid_against_schema(_STREAM, users)
