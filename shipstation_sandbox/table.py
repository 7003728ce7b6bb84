"""One stream's records kept compact: a few indexed columns per row, the rest rendered on demand.

A row is an insertion index; rows are appended with ever larger primary keys, so row order is
primary-key order. Filters and sorts read only the columns. A record's JSON bytes are cached per
row (and per variant, e.g. shipments with or without items) and dropped when the row changes, so a
page is a join of cached bytes.
"""

from __future__ import annotations

from array import array
from typing import Any, Callable

import orjson

# Rendered records kept per table and variant; past this the oldest are dropped (FIFO), which
# bounds a fully synced 200k-order sandbox to a few hundred MB.
CACHE_LIMIT = 100_000


class Table:
    def __init__(self, name: str, pk: str, columns: dict[str, str | None]):
        """columns: name -> array typecode ('q', 'b', ...) or None for a plain list."""
        self.name = name
        self.pk = pk
        self.ids = array("q")
        self.cols: dict[str, Any] = {c: (array(t) if t else []) for c, t in columns.items()}
        self.overrides: dict[int, dict] = {}  # row -> top-level fields a mutation replaced
        self.render: Callable[[int, int], dict] = lambda row, variant: {}
        self._row_of: dict[int, int] = {}
        self._bytes: dict[int, dict[int, bytes]] = {}
        self._sorted: dict[tuple[str | None, bool], list[int]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, pk: int, **values) -> int:
        row = len(self.ids)
        self.ids.append(pk)
        self._row_of[pk] = row
        for name, column in self.cols.items():
            column.append(values[name])
        self._sorted.clear()
        return row

    def row(self, pk: int) -> int | None:
        return self._row_of.get(pk)

    def set(self, row: int, column: str, value) -> None:
        """Change an indexed column: the row re-renders and every cached order is rebuilt."""
        self.cols[column][row] = value
        self._sorted.clear()
        self.changed(row)

    def override(self, row: int, **fields) -> None:
        """Replace top-level fields of the rendered record (no column, so no re-sort)."""
        self.overrides.setdefault(row, {}).update(fields)
        self.changed(row)

    def changed(self, row: int) -> None:
        """Drop the row's rendered bytes (something it is rendered from changed)."""
        for cache in self._bytes.values():
            cache.pop(row, None)

    def record(self, row: int, variant: int = 0) -> dict:
        record = self.render(row, variant)
        record.update(self.overrides.get(row, ()))
        return record

    def json(self, row: int, variant: int = 0) -> bytes:
        cache = self._bytes.setdefault(variant, {})
        body = cache.get(row)
        if body is None:
            if len(cache) >= CACHE_LIMIT:
                del cache[next(iter(cache))]
            body = cache[row] = orjson.dumps(self.record(row, variant))
        return body

    def sorted_rows(self, column: str | None, descending: bool = False) -> list[int]:
        """Every row by (column, primary key ascending); None sorts by primary key alone.

        Kept until the table changes. Python's sort is stable also with reverse=True, so ties
        stay in primary-key order in both directions; NULL dates (smallest int) come first
        ascending and last descending.
        """
        key = (column, descending)
        rows = self._sorted.get(key)
        if rows is None:
            rows = list(range(len(self.ids)))
            if column is not None:
                rows.sort(key=self.cols[column].__getitem__, reverse=descending)
            elif descending:
                rows.reverse()
            self._sorted[key] = rows
        return rows
