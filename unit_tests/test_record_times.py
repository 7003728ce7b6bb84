"""source_shipstation.record_times: every datetime field the schema names is converted, nothing else."""

import logging

from source_shipstation.record_times import RecordTimes

DATE_TIME = {"type": ["null", "string"], "format": "date-time"}

SCHEMA = {
    "type": "object",
    "properties": {
        "createDate": DATE_TIME,
        "note": {"type": ["null", "string"]},
        "items": {"type": ["null", "array"], "items": {"type": "object", "properties": {"modifyDate": DATE_TIME, "sku": {"type": "string"}}}},
        "advancedOptions": {"type": ["null", "object"], "properties": {"holdUntil": DATE_TIME, "inner": {"type": "object", "properties": {"at": DATE_TIME}}}},
        "history": {"type": ["null", "array"], "items": DATE_TIME},
    },
}


def test_given_datetimes_at_every_depth_when_converted_then_each_one_gets_its_offset_and_nothing_else_changes():
    record = {
        "createDate": "2024-01-15T08:00:00.1230000",
        "note": "2024-01-15T08:00:00",  # shaped like a timestamp, but the schema says it is text
        "items": [{"modifyDate": "2024-07-01T12:00:00", "sku": "A"}, {"sku": "B"}, "not an object"],
        "advancedOptions": {"holdUntil": "2024-07-04", "inner": {"at": "2024-11-03T01:30:00"}},
        "history": ["2024-03-10T03:00:00", None],
        "unknown": "2024-01-15T08:00:00",
    }

    RecordTimes(SCHEMA).convert(record)

    assert record == {
        "createDate": "2024-01-15T08:00:00.123000-08:00",
        "note": "2024-01-15T08:00:00",
        "items": [{"modifyDate": "2024-07-01T12:00:00-07:00", "sku": "A"}, {"sku": "B"}, "not an object"],
        "advancedOptions": {"holdUntil": "2024-07-04T00:00:00-07:00", "inner": {"at": "2024-11-03T01:30:00-07:00"}},
        "history": ["2024-03-10T03:00:00-07:00", None],
        "unknown": "2024-01-15T08:00:00",
    }


def test_given_nulls_and_other_shapes_where_datetimes_are_expected_when_converted_then_left_as_they_are():
    record = {"createDate": None, "items": None, "advancedOptions": "text", "history": {"a": 1}}

    RecordTimes(SCHEMA).convert(record)

    assert record == {"createDate": None, "items": None, "advancedOptions": "text", "history": {"a": 1}}


def test_given_same_value_in_many_records_when_converted_then_each_record_gets_the_conversion():
    times = RecordTimes(SCHEMA)
    records = [{"createDate": "2024-01-15T08:00:00", "items": [{"modifyDate": "2024-01-15T08:00:00"}]} for _ in range(3)]

    for record in records:
        times.convert(record)

    assert all(r["createDate"] == r["items"][0]["modifyDate"] == "2024-01-15T08:00:00-08:00" for r in records)


def test_given_value_that_is_not_a_timestamp_when_converted_then_kept_and_reported_once_per_field(caplog):
    times = RecordTimes(SCHEMA)
    records = [{"createDate": "soon", "advancedOptions": {"inner": {"at": "later"}}} for _ in range(3)]

    with caplog.at_level(logging.WARNING, logger="airbyte"):
        for record in records:
            times.convert(record)

    assert all(r == {"createDate": "soon", "advancedOptions": {"inner": {"at": "later"}}} for r in records)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert any("createDate" in w and "'soon'" in w for w in warnings)
    assert any("advancedOptions.inner.at" in w for w in warnings)


def test_given_plain_readings_odd_ones_and_clock_change_days_met_twice_when_converted_then_the_same_both_times():
    # Converted values are remembered: a value met again, in another record or another field, must
    # come out as it did the first time, odd values included.
    values = [
        "2024-03-10T01:59:59", "2024-03-10T03:00:00.5", "2024-11-03T01:30:00", "2024-07-04",
        "2024-07-04T12:00:00+02:00", "2015-02-30T10:00:00", "2024-01-01T00:00:00\n2024-01-01T00:00:00", "",
    ]
    pages = [[{"createDate": value}] for value in values] + [[{"createDate": value} for value in values]]
    times = RecordTimes(SCHEMA)

    converted = [times.convert(record)["createDate"] for page in pages for record in page]

    one_by_one = converted[: len(values)]
    assert converted[len(values):] == one_by_one
    assert one_by_one == [
        "2024-03-10T01:59:59-08:00", "2024-03-10T03:00:00.500000-07:00", "2024-11-03T01:30:00-07:00",
        "2024-07-04T00:00:00-07:00", "2024-07-04T12:00:00+02:00", "2015-02-30T10:00:00",
        "2024-01-01T00:00:00\n2024-01-01T00:00:00", "",
    ]


def test_given_readings_with_every_precision_in_top_and_nested_fields_when_converted_then_as_to_rfc3339_says():
    from source_shipstation.pacific import to_rfc3339

    values = ["2024-01-15T08:00:00"] + [f"2024-07-{day:02d}T23:59:59." + "1234567"[:digits] for day, digits in zip(range(1, 8), range(1, 8))]
    page = [{"createDate": value, "items": [{"modifyDate": value}]} for value in values]

    times = RecordTimes(SCHEMA)
    for record in page:
        times.convert(record)

    assert [r["createDate"] for r in page] == [r["items"][0]["modifyDate"] for r in page] == [to_rfc3339(v) for v in values]
    assert page[0]["createDate"] == "2024-01-15T08:00:00-08:00"
    assert page[7]["createDate"] == "2024-07-07T23:59:59.123456-07:00"
