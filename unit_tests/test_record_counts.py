"""source_shipstation.run.ShipstationEntrypoint.handle_record_counts: the CDK's record counts, cheaper."""

from collections import defaultdict
from typing import List, Optional

import pytest
from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.models import (
    AirbyteLogMessage,
    AirbyteMessage,
    AirbyteRecordMessage,
    AirbyteStateMessage,
    AirbyteStateType,
    AirbyteStreamState,
    Level,
    StreamDescriptor,
    Type,
)
from airbyte_cdk.models.airbyte_protocol import AirbyteStateBlob

from source_shipstation.run import ShipstationEntrypoint


def record(stream: str, namespace: Optional[str] = None) -> AirbyteMessage:
    return AirbyteMessage(type=Type.RECORD, record=AirbyteRecordMessage(stream=stream, namespace=namespace, data={"id": 1}, emitted_at=1))


def state(stream: str, namespace: Optional[str] = None) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.STATE,
        state=AirbyteStateMessage(
            type=AirbyteStateType.STREAM,
            stream=AirbyteStreamState(stream_descriptor=StreamDescriptor(name=stream, namespace=namespace), stream_state=AirbyteStateBlob(a=1)),
        ),
    )


def log() -> AirbyteMessage:
    return AirbyteMessage(type=Type.LOG, log=AirbyteLogMessage(level=Level.INFO, message="hello"))


def messages() -> List[AirbyteMessage]:
    return [
        log(),
        record("orders"), record("orders"), record("shipments"), record("orders", "ns"),
        state("orders"),
        record("orders"), state("shipments"), state("orders", "ns"), state("orders"),
        state("customers"), log(), record("customers"), record("customers"), state("customers"),
    ]


def test_given_records_and_states_when_counted_then_same_state_counts_as_the_cdk():
    ours, theirs = messages(), messages()
    our_counts, their_counts = defaultdict(float), defaultdict(float)

    for mine, cdk in zip(ours, theirs):
        ShipstationEntrypoint.handle_record_counts(mine, our_counts)
        AirbyteEntrypoint.handle_record_counts(cdk, their_counts)

    counted = [m.state.sourceStats.recordCount for m in ours if m.type == Type.STATE]
    assert counted == [m.state.sourceStats.recordCount for m in theirs if m.type == Type.STATE]
    assert counted == [2.0, 1.0, 1.0, 1.0, 0.0, 2.0]
    assert dict(our_counts) == dict(their_counts)


def test_given_record_message_without_record_when_counted_then_rejected_like_the_cdk():
    with pytest.raises(ValueError):
        ShipstationEntrypoint.handle_record_counts(AirbyteMessage(type=Type.RECORD), defaultdict(float))
