"""source_shipstation.run.write_lines: whole lines, records batched, nothing held back or lost."""

import pytest
from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.models import AirbyteMessage, AirbyteRecordMessage, AirbyteStateMessage, AirbyteStateType, Type

from source_shipstation.run import RECORD_LINE_START, RECORDS_PER_WRITE, write_lines


def _line(message: AirbyteMessage) -> str:
    return AirbyteEntrypoint.airbyte_message_to_string(message)


RECORD = _line(AirbyteMessage(type=Type.RECORD, record=AirbyteRecordMessage(stream="orders", data={"orderId": 1}, emitted_at=1)))
STATE = _line(AirbyteMessage(type=Type.STATE, state=AirbyteStateMessage(type=AirbyteStateType.LEGACY, data={"a": 1})))


def test_the_cdk_writes_records_the_way_the_batching_recognises_them():
    assert RECORD.startswith(RECORD_LINE_START)
    assert not STATE.startswith(RECORD_LINE_START)


def test_records_are_written_in_batches_and_any_other_message_at_once_with_the_records_before_it():
    writes = []
    messages = [RECORD] * (2 * RECORDS_PER_WRITE + 50) + [STATE] + [RECORD] * 3 + [STATE]

    write_lines(iter(messages), writes.append)

    assert [write.count("\n") for write in writes] == [RECORDS_PER_WRITE, RECORDS_PER_WRITE, 51, 4]
    assert all(write.endswith("\n") for write in writes)
    assert "".join(writes) == "".join(f"{message}\n" for message in messages)


def test_given_reading_fails_then_the_records_gathered_so_far_are_written_before_the_error_goes_on():
    writes = []

    def failing():
        yield from [RECORD] * 7
        raise RuntimeError("the API went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_lines(failing(), writes.append)

    assert writes == [f"{RECORD}\n" * 7]
