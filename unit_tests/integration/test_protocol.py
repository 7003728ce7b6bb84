"""Every message the connector emits is a valid Airbyte protocol message (checked with the pydantic models)."""

import orjson
from airbyte_cdk.models import AirbyteMessageSerializer, SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_protocol.models import AirbyteMessage as ProtocolMessage

from unit_tests.integration.config import ConfigBuilder
from unit_tests.integration.request_builder import ShipstationRequestBuilder
from unit_tests.integration.response_builder import empty_page, error_response, paged_response, records, response
from unit_tests.integration.utils import read_stream, run_check, run_discover, run_spec


def _assert_every_message_valid(output) -> int:
    count = 0
    for message in output.get_message_iterator():
        ProtocolMessage.model_validate_json(orjson.dumps(AirbyteMessageSerializer.dump(message)))
        count += 1
    return count


def test_given_incremental_read_over_pages_when_validated_then_every_message_is_protocol_valid():
    orders = records("orders", 3, cursor="2024-05-01T10:00:00.1234567", cursor_step_seconds=1)
    with HttpMocker() as http_mocker:
        window = ShipstationRequestBuilder.orders_endpoint().window
        http_mocker.get(window(1, start="2024-05-01 08:59:59").build(), paged_response("orders", orders[:2], total=3, page=1, pages=0))
        http_mocker.get(window(2, start="2024-05-01 08:59:59").build(), paged_response("orders", orders[2:], total=3, page=2, pages=0))
        http_mocker.get(ShipstationRequestBuilder.orders_endpoint().tail().build(), empty_page("orders"))

        output = read_stream(
            "orders", sync_mode=SyncMode.incremental, stream_state={"modifyDate": "2024-05-01T10:00:00-07:00"}, debug=True
        )

    assert len(output.records) == 3 and output.state_messages
    assert _assert_every_message_valid(output) > 10


def test_given_failing_read_when_validated_then_error_trace_is_protocol_valid():
    with HttpMocker() as http_mocker:
        http_mocker.get(ShipstationRequestBuilder.carriers_endpoint().build(), error_response(401, "401 Unauthorized"))

        output = read_stream("carriers", expecting_failure=True)

    assert output.errors
    _assert_every_message_valid(output)


def test_given_spec_discover_and_check_when_validated_then_every_message_is_protocol_valid():
    with HttpMocker() as http_mocker:
        http_mocker.get(ShipstationRequestBuilder.stores_endpoint().build(), response("stores").build())

        outputs = [run_spec(), run_discover(), run_check(ConfigBuilder().build())]

    for output in outputs:
        assert _assert_every_message_valid(output) >= 1
