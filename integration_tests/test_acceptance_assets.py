"""What the CDK's standard suite no longer checks, from the same assets: expected records, incremental
reads and the future (abnormal) state."""

import json

import pytest
from airbyte_cdk.models import AirbyteStateMessageSerializer

from .acceptance import ABNORMAL_STATE, EXPECTED_RECORDS, acceptance_sandbox, read_all, record_lines


@pytest.fixture(scope="module", autouse=True)
def shipstation_sandbox_for_the_assets():
    with acceptance_sandbox() as sandbox:
        yield sandbox


def test_basic_read_returns_exactly_the_expected_records():
    output = read_all()

    assert not output.errors
    assert record_lines(output) == EXPECTED_RECORDS.read_text().splitlines()


def test_full_refresh_twice_returns_the_same_records():
    assert record_lines(read_all()) == record_lines(read_all())


def test_incremental_second_read_returns_no_more_than_the_first_and_cursors_do_not_go_back():
    first = read_all()
    second = read_all(state=[m.state for m in first.state_messages])

    assert not second.errors
    assert len(second.records) < len(first.records)
    before = {m.state.stream.stream_descriptor.name: m.state.stream.stream_state for m in first.state_messages}
    after = {m.state.stream.stream_descriptor.name: m.state.stream.stream_state for m in second.state_messages}
    for stream, state in before.items():
        for key, value in state.__dict__.items():
            if isinstance(value, str) and key != "voidDate":
                assert getattr(after[stream], key) >= value, (stream, key)


def test_future_state_returns_no_records_of_those_streams():
    abnormal = [AirbyteStateMessageSerializer.load(m) for m in json.loads(ABNORMAL_STATE.read_text())]
    future_streams = {m.stream.stream_descriptor.name for m in abnormal}

    output = read_all(state=abnormal)

    assert not output.errors
    assert [m for m in output.records if m.record.stream in future_streams] == []
