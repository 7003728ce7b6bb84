"""Incremental sync never loses a record: interrupted syncs, changes while paging, DST, filter semantics."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from .harness import INCREMENTAL, PRIMARY_KEYS, comparable, pacific_instant, stream_schemas

PACIFIC = ZoneInfo("America/Los_Angeles")


def _stream_state(run, stream):
    return [m for m in run.state_messages() if m["stream"]["stream_descriptor"]["name"] == stream][-1:]


def _missing_latest_versions(runs, sandbox, stream, schema):
    """Primary keys whose current version (as the sandbox holds it now) no run delivered."""
    delivered = {}
    for run in runs:
        for key, record in comparable(run.records(stream), schema).items():
            delivered.setdefault(key, []).append(record)
    truth = comparable(sandbox.truth(stream), schema)
    return sorted(key for key, record in truth.items() if record not in delivered.get(key, []))


def _keys(records, stream):
    return {record[PRIMARY_KEYS[stream]] for record in records}


def test_given_no_changes_when_synced_again_then_only_a_handful_of_records_and_requests(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=1500, max_page_size=100)
    connector = connector_for(sandbox)
    first = connector.read(INCREMENTAL)
    assert first.returncode == 0, first.errors()
    sandbox.clear_log()

    second = connector.read(INCREMENTAL, state=first.state_messages())

    assert second.returncode == 0, second.errors()
    for stream in INCREMENTAL:
        truth = sandbox.truth(stream)
        assert len(first.records(stream)) == len(truth)
        # Only what the 60-minute lookback (plus the second the filter is sent early) re-reads.
        state = first.states(stream)[-1][CURSORS[stream]]
        since = pacific_instant(state[:19]) - timedelta(minutes=60, seconds=2)
        in_lookback = [r for r in truth if pacific_instant(_cursor(r, stream)) >= since]
        assert len(second.records(stream)) <= len(in_lookback) <= max(10, len(truth) // 10), stream
    assert len(sandbox.request_log) <= 3 * len(INCREMENTAL)


CURSORS = {"orders": "modifyDate", "shipments": "createDate", "fulfillments": "createDate", "customers": "modifyDate", "products": "modifyDate"}


def _cursor(record, stream):
    return record.get(CURSORS[stream]) or record["createDate"]


@pytest.mark.parametrize("stream", ["orders", "shipments", "fulfillments", "customers"])
def test_given_a_sync_killed_after_its_first_checkpoint_when_resumed_then_nothing_is_lost(stream, sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=1500, max_page_size=100)
    connector = connector_for(sandbox)

    def first_checkpoint(message):
        return message["type"] == "STATE" and message["state"]["stream"]["stream_descriptor"]["name"] == stream

    killed = connector.read([stream], stop_when=first_checkpoint)
    assert killed.returncode != 0 and killed.state_messages()
    resumed = connector.read([stream], state=_stream_state(killed, stream))

    assert resumed.returncode == 0, resumed.errors()
    truth = _keys(sandbox.truth(stream), stream)
    assert _keys(killed.records(stream), stream) | _keys(resumed.records(stream), stream) == truth
    if stream != "customers":  # customers' state only moves at the end of a sync (newest-first scans)
        assert len(resumed.records(stream)) < len(truth)


@pytest.mark.parametrize(
    "stream, change",
    [
        ("orders", {"modify": 3, "insert": 1}),
        ("shipments", {"insert": 1, "void": 2}),
        ("fulfillments", {"insert": 2}),
        ("customers", {"modify": 3, "insert": 1}),
        ("products", {"modify": 2, "insert": 1}),
    ],
)
def test_given_changes_while_paging_when_synced_twice_then_the_union_holds_every_records_current_version(
    stream, change, sandbox_factory, connector_for
):
    sandbox = sandbox_factory(orders=1500, max_page_size=100)
    connector = connector_for(sandbox)
    schema = stream_schemas()[stream]
    before = _keys(sandbox.truth(stream), stream)
    sandbox.add_mutation(stream, after_requests=1, every_requests=1, **change)

    first = connector.read([stream])
    sandbox.clear_mutations()
    second = connector.read([stream], state=first.state_messages())

    assert first.returncode == 0 and second.returncode == 0, (first.errors(), second.errors())
    assert before <= _keys(first.records(stream), stream)  # nothing that existed was stepped over
    assert _missing_latest_versions([first, second], sandbox, stream, schema) == []


def test_given_state_inside_the_repeated_fall_back_hour_then_the_whole_hour_is_read_again(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=1500)
    connector = connector_for(sandbox)
    in_hour = [o for o in sandbox.truth("orders") if o["modifyDate"][:10] == "2025-11-02" and o["modifyDate"][11:13] == "01"]
    assert in_hour, "the sandbox plants orders in the repeated hour"
    state = [_state("orders", {"modifyDate": "2025-11-02T01:59:00-07:00"})]

    run = connector.read(["orders"], state=state, config=connector.config(lookback_window_minutes=0))

    assert run.returncode == 0, run.errors()
    assert _keys(in_hour, "orders") <= _keys(run.records("orders"), "orders")
    delivered = {o["orderId"]: o["modifyDate"] for o in run.records("orders")}
    assert all(delivered[o["orderId"]].endswith("-07:00") for o in in_hour)  # first pass: daylight time


def test_given_state_just_after_spring_forward_then_readings_of_the_missing_hour_are_read_again(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=1500)
    connector = connector_for(sandbox)
    in_gap = [o for o in sandbox.truth("orders") if o["modifyDate"][:13] == "2025-03-09T02"]
    assert in_gap, "the sandbox plants orders in the spring-forward gap"
    # 02:xx readings stand for 03:xx PDT, so a state of 03:50 PDT may have come from one of them.
    state = [_state("orders", {"modifyDate": "2025-03-09T03:50:00-07:00"})]

    run = connector.read(["orders"], state=state, config=connector.config(lookback_window_minutes=0))

    assert run.returncode == 0, run.errors()
    assert _keys(in_gap, "orders") <= _keys(run.records("orders"), "orders")
    delivered = {o["orderId"]: o["modifyDate"] for o in run.records("orders")}
    assert all(delivered[o["orderId"]].endswith("-08:00") for o in in_gap)  # read as standard time


@pytest.mark.parametrize("filter_start", ["inclusive", "exclusive"])
@pytest.mark.parametrize("filter_precision", ["full", "second"])
@pytest.mark.parametrize("filter_end", ["inclusive", "exclusive"])
def test_given_either_filter_semantics_when_resuming_from_a_fractional_state_then_nothing_at_or_after_it_is_missed(
    filter_start, filter_precision, filter_end, sandbox_factory, connector_for
):
    sandbox = sandbox_factory(orders=800, max_page_size=100, filter_start=filter_start, filter_end=filter_end,
                              filter_precision=filter_precision)
    connector = connector_for(sandbox)
    orders = sorted(sandbox.truth("orders"), key=lambda o: o["modifyDate"])
    pivot = next(o for o in orders[len(orders) // 2:] if "." in o["modifyDate"] and not o["modifyDate"].endswith(".0000000"))
    state = [_state("orders", {"modifyDate": pacific_instant(pivot["modifyDate"]).isoformat()})]

    run = connector.read(["orders"], state=state, config=connector.config(lookback_window_minutes=0))

    assert run.returncode == 0, run.errors()
    expected = {o["orderId"] for o in orders if o["modifyDate"] >= pivot["modifyDate"]}
    assert expected <= _keys(run.records("orders"), "orders")


@pytest.mark.parametrize("filter_start", ["inclusive", "exclusive"])
def test_given_more_than_a_page_in_one_second_when_read_then_all_are_delivered(filter_start, sandbox_factory, connector_for):
    # The anchor is put ahead of the clock so that the dense second (three hours before it) lies
    # after the paged window, where the walk goes by cursor value and must page within the second.
    anchor = (datetime.now(PACIFIC) + timedelta(hours=3, minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    sandbox = sandbox_factory(orders=2000, dense_second=1200, anchor=anchor, filter_start=filter_start)
    connector = connector_for(sandbox)

    run = connector.read(["orders"])

    assert run.returncode == 0, run.errors()
    assert _keys(run.records("orders"), "orders") == _keys(sandbox.truth("orders"), "orders")


def test_given_a_state_in_the_future_then_no_records_and_no_error(connector):
    future = {"orders": {"modifyDate": "2099-01-01T00:00:00-08:00"}, "shipments": {"createDate": "2099-01-01T00:00:00Z"}}
    state = [_state(stream, value) for stream, value in future.items()]

    run = connector.read(["orders", "shipments"], state=state)

    assert run.returncode == 0 and not run.errors()
    assert run.records() == []
    assert run.states("orders")[-1]["modifyDate"] == "2099-01-01T00:00:00-08:00"


@pytest.mark.parametrize("saved", [{"modifyDate": "yesterday"}, {"modifyDate": 17}, "not an object"])
def test_given_a_corrupt_state_then_a_config_error_says_how_to_recover(saved, connector):
    run = connector.read(["orders"], state=[_state("orders", saved)])

    assert run.returncode != 0
    error = run.errors()[0]
    assert error["failure_type"] == "config_error"
    assert "state" in error["message"] and ("Reset" in error["message"] or "reset" in error["message"])


def test_given_a_state_file_that_is_not_airbyte_state_then_a_config_error(connector, tmp_path):
    run = connector.run("read", catalog={"streams": []}, state={"orders": "garbage"})

    assert run.returncode != 0
    assert run.errors()[0]["failure_type"] == "config_error"


def test_given_voided_labels_since_the_last_sync_then_they_are_delivered_again(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=1500, max_page_size=100)
    connector = connector_for(sandbox)
    first = connector.read(["shipments"])
    voided = set(sandbox.void_shipments(3))

    second = connector.read(["shipments"], state=first.state_messages())

    assert second.returncode == 0, second.errors()
    again = {s["shipmentId"]: s for s in second.records("shipments")}
    assert voided <= set(again) and all(again[key]["voided"] for key in voided)
    assert len(again) <= 15
    assert set(second.states("shipments")[-1]) == {"createDate", "voidDate"}


def test_discover_shows_cursor_fields_and_sync_modes(connector):
    streams = {s["name"]: s for s in connector.run("discover").catalog()["streams"]}

    cursors = {name: s.get("default_cursor_field") for name, s in streams.items() if "incremental" in s["supported_sync_modes"]}
    assert cursors == {
        "orders": ["modifyDate"],
        "shipments": ["createDate"],
        "fulfillments": ["createDate"],
        "customers": ["modifyDate"],
        "products": ["modifyDate"],
    }
    assert all(streams[name]["source_defined_cursor"] for name in cursors)


def _state(stream, value):
    return {"type": "STREAM", "stream": {"stream_descriptor": {"name": stream}, "stream_state": value}}
