"""source_shipstation.paging against an in-memory ShipStation list (a fake of our own PageSource protocol).

The fake filters by the date parameters (inclusive or exclusive, compared with the records' full
fractional precision), sorts by the cursor (then the key), caps the page size, and answers
``total``/``page``/``pages`` like ShipStation. A hook can change the data between two requests.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from source_shipstation import paging
from source_shipstation.paging import CursorFilter, Page, ascending_walk, descending_scan, numbered_pages

MODIFY_DATE = CursorFilter("modifyDate", "ModifyDate", "modifyDateStart", "modifyDateEnd")
SETTLED_UNTIL = datetime(2024, 5, 1, 12, 0, 0)
AFTER_SETTLED = "2024-05-01T12:03:00.2500000"  # a change made during the sync


def _reading(value: str) -> datetime:
    second = datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
    fraction = value[20:] if len(value) > 19 else ""
    return second + timedelta(microseconds=int((fraction + "000000")[:6] or 0))


def _filter(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")


class FakeList:
    """One ShipStation list endpoint over records held in memory."""

    page_size = 500

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]],
        inclusive: bool = True,
        cap: int = 500,
        pages_zero: bool = False,
        report_total: bool = True,
        between_requests: Optional[Callable[["FakeList"], None]] = None,
    ) -> None:
        self.records: List[Dict[str, Any]] = [dict(r) for r in records]
        self.inclusive = inclusive
        self.cap = cap
        self.pages_zero = pages_zero
        self.report_total = report_total
        self.between_requests = between_requests
        self.requests: List[Dict[str, Any]] = []

    def _selected(self, params: Mapping[str, Any]) -> List[Dict[str, Any]]:
        field = {"ModifyDate": "modifyDate", "CreateDate": "createDate"}.get(params.get("sortBy"), "modifyDate")
        start, end = params.get("modifyDateStart"), params.get("modifyDateEnd")
        rows = []
        for record in self.records:
            value = _reading(record[field]) if record.get(field) else None
            if start and (value is None or (value < _filter(start) if self.inclusive else value <= _filter(start))):
                continue
            if end and (value is None or (value > _filter(end) if self.inclusive else value >= _filter(end))):
                continue
            rows.append(record)
        rows.sort(key=lambda r: (_reading(r[field]) if r.get(field) else datetime.min, r["id"]))
        if params.get("sortDir") == "DESC":
            rows.reverse()
        return rows

    def fetch(self, params: Mapping[str, Any]) -> Page:
        self.requests.append(dict(params))
        rows = self._selected(params)
        size = min(int(params["pageSize"]), self.cap)
        number = int(params["page"])
        chunk = [dict(r) for r in rows[(number - 1) * size : number * size]]
        total = len(rows) if self.report_total else None
        pages = 0 if self.pages_zero or not self.report_total else math.ceil(len(rows) / size)
        if self.between_requests:
            self.between_requests(self)
        return Page(chunk, number, total, pages if self.report_total else None)

    def fetch_many(self, params: Iterable[Mapping[str, Any]]) -> Iterator[Page]:
        for one in params:
            yield self.fetch(one)

    def touch(self, record_id: int, modify_date: str) -> None:
        next(r for r in self.records if r["id"] == record_id)["modifyDate"] = modify_date


def _records(count: int, first: str = "2024-05-01T10:00:00.5000000", step_seconds: int = 1, first_id: int = 1) -> List[Dict[str, Any]]:
    base = _reading(first)
    fraction = first[19:]
    return [
        {"id": first_id + i, "modifyDate": (base + timedelta(seconds=i * step_seconds)).strftime("%Y-%m-%dT%H:%M:%S") + fraction}
        for i in range(count)
    ]


def _ids(pages: Iterable[Page]) -> List[int]:
    return [r["id"] for page in pages for r in page.records]


# -- numbered_pages ---------------------------------------------------------------------------------


def test_given_pages_zero_beside_total_when_paging_then_total_decides():
    source = FakeList(_records(5), cap=2, pages_zero=True)

    assert _ids(numbered_pages(source, {})) == [1, 2, 3, 4, 5]
    assert [r["page"] for r in source.requests] == [1, 2, 3]


def test_given_server_caps_page_size_when_paging_then_pages_of_the_served_size_follow():
    source = FakeList(_records(250), cap=100)

    assert _ids(numbered_pages(source, {})) == list(range(1, 251))
    assert [(r["page"], r["pageSize"]) for r in source.requests] == [(1, 500), (2, 500), (3, 500)]


def test_given_records_added_while_paging_when_paging_then_pages_past_the_first_total_read():
    source = FakeList(_records(6), cap=3)
    source.between_requests = lambda fake: (
        fake.records.extend(_records(3, first="2024-05-01T11:00:00.5000000", first_id=7)) if len(fake.requests) == 1 else None
    )

    assert _ids(numbered_pages(source, {})) == list(range(1, 10))


def test_given_total_an_exact_multiple_of_page_size_when_paging_then_one_empty_page_confirms_the_end():
    source = FakeList(_records(6), cap=3)

    assert _ids(numbered_pages(source, {})) == [1, 2, 3, 4, 5, 6]
    assert len(source.requests) == 3


def test_given_no_total_and_no_pages_when_paging_then_full_pages_continue():
    source = FakeList(_records(7), cap=3, report_total=False)

    assert _ids(numbered_pages(source, {})) == list(range(1, 8))


def test_given_empty_list_when_paging_then_one_request():
    source = FakeList([])

    assert _ids(numbered_pages(source, {})) == []
    assert len(source.requests) == 1


def test_given_record_jumps_to_the_end_when_plain_numbered_paging_then_the_fake_reproduces_the_drift():
    # The control for the walks below: page numbers alone step over the record on the page boundary.
    source = FakeList(_records(10), cap=3)
    source.between_requests = lambda fake: fake.touch(2, AFTER_SETTLED) if len(fake.requests) == 1 else None

    assert _ids(numbered_pages(source, {"modifyDateEnd": "2024-05-01 12:00:00"})) == [1, 2, 3, 5, 6, 7, 8, 9, 10]


# -- ascending_walk ---------------------------------------------------------------------------------


def _walk(source: FakeList, start: Optional[datetime] = None, settled_until: datetime = SETTLED_UNTIL) -> List[Page]:
    return list(ascending_walk(source, {}, MODIFY_DATE, "id", start, settled_until))


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
def test_given_unchanged_list_when_walking_then_every_record_once_in_cursor_order(inclusive):
    source = FakeList(_records(10), inclusive=inclusive, cap=3)

    assert _ids(_walk(source)) == list(range(1, 11))


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
@pytest.mark.parametrize("fraction", [".0000000", ".5000000", ".9999999", ""], ids=["whole", "half", "almost-next", "none"])
def test_given_record_read_on_page_one_jumps_to_the_end_when_walking_then_nothing_is_lost(inclusive, fraction):
    source = FakeList(_records(10, first="2024-05-01T10:00:00" + fraction), inclusive=inclusive, cap=3)
    source.between_requests = lambda fake: fake.touch(2, AFTER_SETTLED) if len(fake.requests) == 1 else None

    emitted = _ids(_walk(source))

    assert set(emitted) == set(range(1, 11))
    assert emitted.count(2) == 2  # once as first read, once changed
    assert len(emitted) == 11


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
def test_given_several_records_jump_while_paging_when_walking_then_nothing_is_lost(inclusive):
    source = FakeList(_records(12, first="2024-05-01T10:00:00.1234567"), inclusive=inclusive, cap=3)

    def change(fake: FakeList) -> None:
        if len(fake.requests) == 1:
            fake.touch(1, AFTER_SETTLED)
            fake.touch(3, AFTER_SETTLED)
        if len(fake.requests) == 2:
            fake.touch(5, "2024-05-01T12:04:00.0000000")

    source.between_requests = change

    emitted = _ids(_walk(source))

    assert set(emitted) == set(range(1, 13))


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
def test_given_start_when_walking_then_records_before_start_second_not_read(inclusive):
    source = FakeList(_records(6, first="2024-05-01T10:00:00.5000000", step_seconds=60), inclusive=inclusive, cap=2)

    emitted = _ids(_walk(source, start=datetime(2024, 5, 1, 10, 2, 0)))

    assert emitted == [3, 4, 5, 6]


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
def test_given_records_changed_after_settled_second_when_walking_then_read_after_the_window(inclusive):
    source = FakeList(_records(3) + _records(2, first="2024-05-01T12:01:00.7500000", first_id=4), inclusive=inclusive, cap=2)

    assert _ids(_walk(source)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("inclusive", [True, False], ids=["inclusive", "exclusive"])
@pytest.mark.parametrize("start", [None, SETTLED_UNTIL], ids=["window", "from-second"])
def test_given_more_than_500_records_in_one_second_when_walking_then_each_read_exactly_once(inclusive, start):
    crowd = [{"id": i, "modifyDate": f"2024-05-01T12:00:30.{i:07d}"} for i in range(1, 1201)]
    source = FakeList(crowd + _records(3, first="2024-05-01T12:01:00.5000000", first_id=2001), inclusive=inclusive)

    emitted = _ids(_walk(source, start=start, settled_until=SETTLED_UNTIL if start else datetime(2024, 5, 1, 12, 5)))

    assert sorted(emitted) == list(range(1, 1201)) + [2001, 2002, 2003]


def test_given_more_than_500_records_in_one_second_when_walking_then_that_second_is_paged_once():
    crowd = [{"id": i, "modifyDate": f"2024-05-01T12:00:30.{i:07d}"} for i in range(1, 1201)]
    source = FakeList(crowd + _records(3, first="2024-05-01T12:01:00.5000000", first_id=2001))

    _walk(source, start=SETTLED_UNTIL)

    crowded_windows = [r for r in source.requests if "modifyDateEnd" in r]
    assert len(crowded_windows) == 3  # pages 1-3 of the crowded second, once


def test_given_pages_zero_and_capped_size_when_walking_then_every_record():
    source = FakeList(_records(7), cap=2, pages_zero=True)

    assert _ids(_walk(source)) == list(range(1, 8))


# -- descending_scan --------------------------------------------------------------------------------


def test_given_newest_first_list_when_scanning_then_stops_at_first_record_older_than_since():
    source = FakeList(_records(10, step_seconds=60), cap=3)

    pages = list(descending_scan(source, {}, "ModifyDate", "modifyDate", datetime(2024, 5, 1, 10, 6, 0)))

    assert _ids(pages) == [10, 9, 8, 7]
    assert [r["page"] for r in source.requests] == [1, 2]
    assert all(r["sortDir"] == "DESC" and r["sortBy"] == "ModifyDate" for r in source.requests)


def test_given_since_in_the_same_second_as_a_record_when_scanning_then_that_record_included():
    source = FakeList(_records(3, first="2024-05-01T10:00:00.9000000", step_seconds=60), cap=2)

    pages = list(descending_scan(source, {}, "ModifyDate", "modifyDate", datetime(2024, 5, 1, 10, 1, 0)))

    assert _ids(pages) == [3, 2]


def test_given_record_without_the_field_when_scanning_then_scan_ends_there():
    records = _records(3, step_seconds=60) + [{"id": 99, "modifyDate": None}]
    source = FakeList(records, cap=10)

    pages = list(descending_scan(source, {}, "ModifyDate", "modifyDate", datetime(2024, 5, 1, 9, 0, 0)))

    assert _ids(pages) == [3, 2, 1]


def test_given_every_record_newer_when_scanning_then_every_page_read():
    source = FakeList(_records(7, step_seconds=60), cap=3, pages_zero=True)

    pages = list(descending_scan(source, {}, "ModifyDate", "modifyDate", datetime(2024, 5, 1, 9, 0, 0)))

    assert _ids(pages) == [7, 6, 5, 4, 3, 2, 1]


# -- a crowded second whose count keeps moving -------------------------------------------------------


def test_given_a_crowded_second_of_the_syncs_own_time_still_being_written_then_the_walk_ends_there():
    # More than a page of changes within one second after the window, and more arrive with every request.
    crowd = [{"id": i, "modifyDate": f"2024-05-01T12:03:00.{i:07d}"} for i in range(1, 601)]
    older = _records(3, first="2024-05-01T12:01:00.5000000", first_id=1001)
    arrivals = iter(range(2001, 10_000))

    def keep_writing(source):
        source.records.append({"id": next(arrivals), "modifyDate": "2024-05-01T12:03:00.9000000"})

    source = FakeList(older + crowd, between_requests=keep_writing)

    emitted = _ids(_walk(source, start=SETTLED_UNTIL))

    assert set(range(1001, 1004)) <= set(emitted)  # everything before the crowded second
    assert len(source.requests) < 20  # two passes over it, then the next sync's turn


def test_given_a_crowded_second_in_the_past_whose_count_keeps_moving_then_a_transient_error():
    crowd = [{"id": i, "modifyDate": f"2024-05-01T11:00:30.{i:07d}"} for i in range(1, 1201)]
    moved = iter(range(1, 1201))

    def keep_modifying(source):  # every request moves one record of the crowded second to now
        source.touch(next(moved), AFTER_SETTLED)

    source = FakeList(crowd, between_requests=keep_modifying)

    # Such a second is only walked by value when bridging two pages of the settled window.
    bridge = paging._from_second(source, {"sortBy": "ModifyDate"}, MODIFY_DATE, datetime(2024, 5, 1, 11, 0, 30),
                                 through=datetime(2024, 5, 1, 11, 0, 31))
    with pytest.raises(AirbyteTracedException) as failure:
        _ids(bridge)

    assert failure.value.failure_type == FailureType.transient_error
    assert "kept changing" in failure.value.message


def _page(*records: tuple) -> Page:
    return Page([{"id": key, "modifyDate": reading} for key, reading in records])


def test_given_a_page_overlapping_what_was_emitted_then_only_new_and_changed_records_pass():
    emitted = paging._Emitted("id", "modifyDate")
    first = _page((1, "2024-05-01T10:00:00.1"), (2, "2024-05-01T10:00:01.5"), (3, "2024-05-01T10:00:02.0"))
    assert emitted.fresh(first) is first  # nothing overlaps: the page is passed as it is

    again = emitted.fresh(_page((2, "2024-05-01T10:00:01.5"), (3, "2024-05-01T10:00:02.7"), (4, "2024-05-01T10:00:02.9"), (4, "2024-05-01T10:00:02.9")))

    assert [(r["id"], r["modifyDate"]) for r in again.records] == [(3, "2024-05-01T10:00:02.7"), (4, "2024-05-01T10:00:02.9")]


def test_given_the_walk_moved_on_then_pages_more_than_a_second_behind_it_are_forgotten():
    emitted = paging._Emitted("id", "modifyDate")
    for second in range(10):  # one page per second, each read from the second before (as by value)
        emitted.fresh(_page(*((second * 10 + n, f"2024-05-01T10:00:{second:02d}.{n}") for n in range(3))))

    assert len(emitted._pages) == 2  # seconds 8 and 9: the memory does not grow with the walk
    assert emitted.fresh(_page((81, "2024-05-01T10:00:08.1"))).records == []  # remembered
    assert len(emitted.fresh(_page((71, "2024-05-01T10:00:07.1"))).records) == 1  # forgotten
