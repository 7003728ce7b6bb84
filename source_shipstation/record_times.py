"""Find every datetime field of a stream's schema once, then convert those fields in each record.

The schema is the single list of which fields are timestamps (``format: date-time``); records are
fresh dicts parsed from the response, so they are converted in place.
"""

from __future__ import annotations

import logging
from typing import Any, Iterator, Mapping, MutableMapping, Sequence, Tuple

from .pacific import NotAPacificTimestamp, to_rfc3339

logger = logging.getLogger("airbyte")

Path = Tuple[str, ...]
EACH = "[]"  # a path step meaning "every element of this array"


def _types(schema: Mapping[str, Any]) -> set:
    kind = schema.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def datetime_paths(schema: Mapping[str, Any], prefix: Path = ()) -> Iterator[Path]:
    if schema.get("format") == "date-time":
        yield prefix
    if "object" in _types(schema):
        for name, child in schema.get("properties", {}).items():
            yield from datetime_paths(child, prefix + (name,))
    if "array" in _types(schema) and isinstance(schema.get("items"), Mapping):
        yield from datetime_paths(schema["items"], prefix + (EACH,))


class RecordTimes:
    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.paths: Sequence[Path] = tuple(datetime_paths(schema))
        self._complained: set = set()

    def convert(self, record: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for path in self.paths:
            self._convert_at(record, path)
        return record

    def _convert_at(self, node: Any, path: Path) -> None:
        step, rest = path[0], path[1:]
        if step == EACH:
            if isinstance(node, list):
                for element in node:
                    self._convert_at(element, rest)
            return
        if not isinstance(node, MutableMapping):
            return
        value = node.get(step)
        if value is None:
            return
        if rest:
            self._convert_at(value, rest)
        elif isinstance(value, str):
            try:
                node[step] = to_rfc3339(value)
            except NotAPacificTimestamp:
                # Keep the value as ShipStation sent it: losing data is worse than an odd format.
                if path not in self._complained:
                    self._complained.add(path)
                    logger.warning(f"Field {'.'.join(path)} holds {value!r}, which is not a ShipStation timestamp; kept as is.")
