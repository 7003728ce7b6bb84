"""source_shipstation.pacific: ShipStation's Pacific wall-clock readings <-> RFC 3339 instants."""

import time
from datetime import datetime, timezone

import pytest

from source_shipstation.pacific import (
    NotAPacificTimestamp,
    filter_value,
    parse_instant,
    reading_second,
    resume_wall_time,
    to_rfc3339,
    wall_time,
)


@pytest.mark.parametrize(
    "reading, expected",
    [
        # spring forward 2024-03-10: 02:00-02:59 never happens and is read as standard time
        ("2024-03-10T01:59:59", "2024-03-10T01:59:59-08:00"),
        ("2024-03-10T02:30:00", "2024-03-10T02:30:00-08:00"),
        ("2024-03-10T03:00:00", "2024-03-10T03:00:00-07:00"),
        # fall back 2024-11-03: 01:00-01:59 happens twice and is read as the first pass (daylight time)
        ("2024-11-03T00:59:00", "2024-11-03T00:59:00-07:00"),
        ("2024-11-03T01:30:00", "2024-11-03T01:30:00-07:00"),
        ("2024-11-03T01:59:59", "2024-11-03T01:59:59-07:00"),
        ("2024-11-03T02:00:00", "2024-11-03T02:00:00-08:00"),
    ],
)
def test_given_reading_around_dst_transition_when_converted_then_offset_in_force_before_the_change(reading, expected):
    assert to_rfc3339(reading) == expected


def test_given_reading_in_spring_gap_when_parsed_then_same_instant_as_an_hour_later_in_daylight_time():
    assert parse_instant("2024-03-10T02:30:00") == parse_instant("2024-03-10T03:30:00") == datetime(2024, 3, 10, 10, 30, tzinfo=timezone.utc)


def test_given_repeated_hour_reading_when_parsed_then_first_pass_instant():
    assert parse_instant("2024-11-03T01:30:00") == datetime(2024, 11, 3, 8, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "reading, expected",
    [
        ("2015-07-16T14:00:34", "2015-07-16T14:00:34-07:00"),
        ("2015-07-16T14:00:34.8", "2015-07-16T14:00:34.800000-07:00"),
        ("2015-07-16T14:00:34.82", "2015-07-16T14:00:34.820000-07:00"),
        ("2015-07-16T14:00:34.823", "2015-07-16T14:00:34.823000-07:00"),
        ("2015-07-16T14:00:34.8234", "2015-07-16T14:00:34.823400-07:00"),
        ("2015-07-16T14:00:34.82345", "2015-07-16T14:00:34.823450-07:00"),
        ("2015-07-16T14:00:34.823456", "2015-07-16T14:00:34.823456-07:00"),
        ("2015-07-16T14:00:34.8234567", "2015-07-16T14:00:34.823456-07:00"),
    ],
)
def test_given_0_to_7_fraction_digits_when_converted_then_microseconds_kept(reading, expected):
    assert to_rfc3339(reading) == expected


@pytest.mark.parametrize("digits", range(0, 8))
def test_given_any_fraction_precision_when_parsed_then_same_second(digits):
    fraction = "." + "9" * digits if digits else ""

    instant = parse_instant(f"2015-01-16T14:00:34{fraction}")

    assert instant.replace(microsecond=0) == datetime(2015, 1, 16, 22, 0, 34, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "reading, expected",
    [("2015-07-02", "2015-07-02T00:00:00-07:00"), ("2015-01-02", "2015-01-02T00:00:00-08:00")],
)
def test_given_date_only_in_date_time_field_when_converted_then_pacific_midnight(reading, expected):
    assert to_rfc3339(reading) == expected


@pytest.mark.parametrize(
    "value", ["2015-07-16T14:00:34Z", "2015-07-16T14:00:34.123-07:00", "2015-07-16T14:00:34.1234567+02:00"]
)
def test_given_value_with_offset_when_converted_then_unchanged(value):
    assert to_rfc3339(value) == value


def test_given_value_with_offset_when_parsed_then_that_instant():
    assert parse_instant("2015-07-16T14:00:34.123+02:00") == datetime(2015, 7, 16, 12, 0, 34, 123000, tzinfo=timezone.utc)
    assert parse_instant("2024-01-01T00:00:00Z") == datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "garbage",
    ["", "N/A", "yesterday", "2015-07-16 14:00:34", "2015-07-16T14:00", "2015-07-16T14:00:34.12345678", "16/07/2015"],
)
def test_given_garbage_when_converted_then_rejected(garbage):
    with pytest.raises(NotAPacificTimestamp):
        to_rfc3339(garbage)


@pytest.mark.parametrize("impossible", ["2015-02-30T10:00:00.0000000", "2015-07-16T25:00:00", "2015-13-01"])
def test_given_impossible_timestamp_shaped_value_when_converted_then_rejected_as_not_a_timestamp(impossible):
    with pytest.raises(NotAPacificTimestamp):
        to_rfc3339(impossible)


@pytest.mark.parametrize("garbage", ["", "soon", "2024-01-01T00:00"])
def test_given_garbage_when_parsed_then_value_error(garbage):
    with pytest.raises(ValueError):
        parse_instant(garbage)


@pytest.mark.parametrize(
    "wall, expected",
    [
        # spring: readings from 02:00 up to (not including) 04:00 move back to 02:00
        (datetime(2024, 3, 10, 1, 59, 59), datetime(2024, 3, 10, 1, 59, 59)),
        (datetime(2024, 3, 10, 2, 0, 0), datetime(2024, 3, 10, 2, 0, 0)),
        (datetime(2024, 3, 10, 3, 15, 0), datetime(2024, 3, 10, 2, 0, 0)),
        (datetime(2024, 3, 10, 3, 59, 59), datetime(2024, 3, 10, 2, 0, 0)),
        (datetime(2024, 3, 10, 4, 0, 0), datetime(2024, 3, 10, 4, 0, 0)),
        # fall: readings in the repeated hour move back to its start
        (datetime(2024, 11, 3, 0, 59, 59), datetime(2024, 11, 3, 0, 59, 59)),
        (datetime(2024, 11, 3, 1, 30, 0), datetime(2024, 11, 3, 1, 0, 0)),
        (datetime(2024, 11, 3, 2, 0, 0), datetime(2024, 11, 3, 2, 0, 0)),
        # an ordinary day is left alone
        (datetime(2024, 6, 1, 2, 30, 0), datetime(2024, 6, 1, 2, 30, 0)),
    ],
)
def test_given_resume_point_near_dst_change_when_adjusted_then_moved_back_to_the_change(wall, expected):
    assert resume_wall_time(wall) == expected


def test_given_instant_when_wall_time_then_pacific_reading_and_filter_format():
    assert filter_value(wall_time(datetime(2024, 1, 1, tzinfo=timezone.utc))) == "2023-12-31 16:00:00"
    assert filter_value(wall_time(datetime(2024, 7, 1, tzinfo=timezone.utc))) == "2024-06-30 17:00:00"


def test_given_reading_or_its_rfc3339_rendering_when_reading_second_then_same_second():
    assert reading_second("2015-07-16T14:00:34.8230000") == reading_second("2015-07-16T14:00:34.823000-07:00") == datetime(2015, 7, 16, 14, 0, 34)


@pytest.fixture
def tokyo_machine(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_given_machine_in_tokyo_when_converting_then_results_do_not_change(tokyo_machine):
    assert time.strftime("%z", time.localtime(0)) == "+0900"  # the machine really is in Tokyo now
    # dates not used by other tests, so no cached result can answer for the Tokyo machine
    assert to_rfc3339("2031-03-09T02:30:00.5") == "2031-03-09T02:30:00.500000-08:00"
    assert to_rfc3339("2031-11-02T01:30:00") == "2031-11-02T01:30:00-07:00"
    assert to_rfc3339("2031-07-04") == "2031-07-04T00:00:00-07:00"
    assert parse_instant("2031-01-15T10:00:00") == datetime(2031, 1, 15, 18, 0, tzinfo=timezone.utc)
    assert filter_value(wall_time(datetime(2031, 1, 1, tzinfo=timezone.utc))) == "2030-12-31 16:00:00"
    assert resume_wall_time(datetime(2031, 3, 9, 3, 0)) == datetime(2031, 3, 9, 2, 0)


@pytest.mark.parametrize("year", [1999, 2024, 2031])
def test_given_every_hour_of_a_year_when_converted_then_offset_of_that_hour_under_the_first_pass_rule(year):
    # to_rfc3339 caches one offset per day and asks the hour only on the days the clocks change; check
    # that shortcut against zoneinfo for every hour of the year, with and without a fraction.
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    pacific = ZoneInfo("America/Los_Angeles")
    hour = datetime(year, 1, 1)
    while hour.year == year:
        offset = hour.replace(tzinfo=pacific, fold=0).strftime("%z")
        expected_offset = f"{offset[:3]}:{offset[3:]}"
        reading = hour.strftime("%Y-%m-%dT%H:%M:%S")
        assert to_rfc3339(reading) == reading + expected_offset
        assert to_rfc3339(reading + ".1234567") == reading + ".123456" + expected_offset
        hour += timedelta(hours=1)
