"""List endpoints: the query vocabulary of each paged stream, and how it selects, sorts and pages.

Dates compare as ticks of Pacific wall time, exactly as ShipStation's SQL Server compares its
naive local datetimes: the record's wall value against the filter's wall value, DST ignored.
Whether a bound is inclusive, and whether the record's fraction of a second counts, are switches
because the real API does not document them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .catalog import ORDER_STATUSES
from .clock import NULL, TICKS_PER_SECOND, parse_filter_value
from .config import Switches
from .responses import invalid_parameter
from .table import Table


@dataclass(frozen=True)
class Range:
    start: str  # query parameter names
    end: str
    column: str


@dataclass(frozen=True)
class Match:
    param: str
    column: str
    kind: str  # "eq": column equals the int value; "in": the value is in the column's tuple;
    #            "status": order status name; "inactive": hidden unless the param is true


@dataclass(frozen=True)
class ListSpec:
    stream: str  # the table and the envelope key
    ranges: tuple[Range, ...] = ()
    sorts: dict[str, str] = field(default_factory=dict)  # sortBy value -> column
    default_sort: str | None = None  # None: primary key
    matches: tuple[Match, ...] = ()


def _dates(*names: str, **columns: str) -> tuple[Range, ...]:
    return tuple(Range(f"{n}Start", f"{n}End", columns[n]) for n in names)


ORDERS = ListSpec(
    "orders",
    _dates("modifyDate", "createDate", "orderDate", "paymentDate",
           modifyDate="modify", createDate="create", orderDate="order_date", paymentDate="payment"),
    {"OrderDate": "order_date", "ModifyDate": "modify", "CreateDate": "create"},
    None,
    (Match("storeId", "store_id", "eq"), Match("orderStatus", "status", "status")),
)
SHIPMENTS = ListSpec(
    "shipments",
    _dates("createDate", "shipDate", "voidDate", createDate="create", shipDate="ship_date", voidDate="void"),
    {"ShipDate": "ship_date", "CreateDate": "create"},
    "create",
    (Match("storeId", "store_id", "eq"),),
)
FULFILLMENTS = ListSpec(
    "fulfillments",
    _dates("createDate", "shipDate", createDate="create", shipDate="ship_date"),
    {"ShipDate": "ship_date", "CreateDate": "create"},
    "create",
    (Match("orderId", "order_id", "eq"),),
)
CUSTOMERS = ListSpec(
    "customers",
    (),
    {"Name": "name", "ModifyDate": "modify", "CreateDate": "create"},
    None,
    (Match("marketplaceId", "marketplaces", "in"), Match("tagId", "tags", "in")),
)
PRODUCTS = ListSpec(
    "products",
    (Range("startDate", "endDate", "create"),),
    {"SKU": "sku", "ModifyDate": "modify", "CreateDate": "create"},
    None,
    (Match("showInactive", "active", "inactive"),),
)
LISTS = {spec.stream: spec for spec in (ORDERS, SHIPMENTS, FULFILLMENTS, CUSTOMERS, PRODUCTS)}


def parse_int(args: dict[str, str], name: str, default: int | None = None) -> int | None:
    value = args.get(name.lower(), "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise invalid_parameter(name, value) from None


def parse_bool(args: dict[str, str], name: str, default: bool = False) -> bool:
    value = args.get(name.lower(), "").lower()
    if value == "":
        return default
    if value not in ("true", "false"):
        raise invalid_parameter(name, args[name.lower()])
    return value == "true"


def _date(args: dict[str, str], name: str) -> int | None:
    value = args.get(name.lower(), "")
    if value.strip() == "":
        return None
    try:
        return parse_filter_value(value)
    except ValueError:
        raise invalid_parameter(name, value) from None


def _range_key(values, switches: Switches):
    if switches.filter_precision == "second":
        return lambda row: (v := values[row]) - v % TICKS_PER_SECOND
    return values.__getitem__


def _range_rows(table: Table, column: str, start, end, switches: Switches) -> list[int]:
    """Rows with start <= value <= end (per the switches) by bisecting the column's sorted index;
    they come out in (value, primary key) order."""
    index = table.sorted_rows(column)
    values = table.cols[column]
    key = _range_key(values, switches)
    low = bisect_right(index, NULL, key=values.__getitem__)  # null never matches a date filter
    high = len(index)
    if start is not None:
        find = bisect_left if switches.filter_start == "inclusive" else bisect_right
        low = max(low, find(index, start, key=key))
    if end is not None:
        find = bisect_right if switches.filter_end == "inclusive" else bisect_left
        high = find(index, end, key=key)
    return index[low:high] if low < high else []


def _range_test(values, start, end, switches: Switches):
    key = _range_key(values, switches)
    start_inclusive = switches.filter_start == "inclusive"
    end_inclusive = switches.filter_end == "inclusive"

    def test(row: int) -> bool:
        if values[row] == NULL:
            return False
        v = key(row)
        if start is not None and (v < start if start_inclusive else v <= start):
            return False
        return end is None or (v <= end if end_inclusive else v < end)

    return test


def _match_test(table: Table, match: Match, args: dict[str, str]):
    """A row predicate for one equality-like parameter, or None when it filters nothing."""
    values = table.cols[match.column]
    if match.kind == "inactive":
        return None if parse_bool(args, match.param) else values.__getitem__
    if match.kind == "status":
        status = args.get(match.param.lower(), "")
        if status == "":
            return None
        code = ORDER_STATUSES.index(status) if status in ORDER_STATUSES else -1
        return lambda row: values[row] == code
    wanted = parse_int(args, match.param)
    if wanted is None:
        return None
    if match.kind == "in":
        return lambda row: wanted in values[row]
    return lambda row: values[row] == wanted


def select(table: Table, spec: ListSpec, args: dict[str, str], switches: Switches) -> list[int]:
    """The rows a list request returns, in response order. Ties (and the default order) go by
    ascending primary key; null sort values come first ascending and last descending."""
    sort_by = args.get("sortby", "").lower()
    sort_column = next((c for name, c in spec.sorts.items() if name.lower() == sort_by), spec.default_sort)
    descending = args.get("sortdir", "").upper() == "DESC"
    ranges = []
    for r in spec.ranges:
        start, end = _date(args, r.start), _date(args, r.end)
        if start is not None or end is not None:
            ranges.append((r.column, start, end))
    tests = [t for m in spec.matches if (t := _match_test(table, m, args)) is not None]
    if ranges:
        column, start, end = ranges[0]
        rows = _range_rows(table, column, start, end, switches)
        tests += [_range_test(table.cols[c], s, e, switches) for c, s, e in ranges[1:]]
        if sort_column != column or descending:
            rows.sort()
            if sort_column is not None:
                rows.sort(key=table.cols[sort_column].__getitem__, reverse=descending)
            elif descending:
                rows.reverse()
    else:
        rows = table.sorted_rows(sort_column, descending)
    for test in tests:
        rows = [row for row in rows if test(row)]
    return rows


def page_of(rows: list[int], args: dict[str, str], switches: Switches) -> tuple[list[int], int, int, int]:
    """(rows of the requested page, total, page, pages); pageSize is capped silently."""
    page = max(1, parse_int(args, "page", 1))
    size = parse_int(args, "pageSize", 100)
    size = min(size if size > 0 else 100, switches.max_page_size)
    total = len(rows)
    pages = 0 if switches.pages_field == "zero" else -(-total // size)
    return rows[(page - 1) * size:page * size], total, page, pages
