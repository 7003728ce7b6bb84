"""Find every datetime field of a stream's schema once, then convert those fields in each record.

The schema is the single list of which fields are timestamps (``format: date-time``); records are
fresh dicts parsed from the response, so they are converted in place.
"""

from __future__ import annotations

import logging
from collections import abc
from typing import Any, Iterable, Iterator, Mapping, MutableMapping, Optional, Sequence, Tuple

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


# Values a RecordTimes remembers having converted; cleared when full (well under a megabyte).
CONVERTED_LIMIT = 4096


class _Shape:
    """Where one schema node (an object, or an array's element) holds datetimes, as a tree of paths."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_datetime = False
        self.fields: dict = {}  # name -> _Shape of that field
        self.each: Optional[_Shape] = None  # the elements', for an array
        # Filled by seal(): the object's own datetime fields, looked up directly; its arrays of objects
        # holding datetimes (an order's items), walked directly; and the other deeper ones.
        self.datetimes: Tuple[str, ...] = ()
        self.object_arrays: Tuple[Tuple[str, _Shape], ...] = ()
        self.nested: Tuple[Tuple[str, _Shape], ...] = ()

    @classmethod
    def of(cls, paths: Iterable[Path]) -> "_Shape":
        root = cls(())
        for path in paths:
            shape = root
            for step in path:
                if step == EACH:
                    shape.each = shape.each or cls(shape.path + (EACH,))
                    shape = shape.each
                else:
                    shape = shape.fields.setdefault(step, cls(shape.path + (step,)))
            shape.is_datetime = True
        return root.seal()

    def seal(self) -> "_Shape":
        plain = [name for name, shape in self.fields.items() if shape.is_datetime and not (shape.fields or shape.each)]
        arrays = [name for name, shape in self.fields.items() if shape.is_array_of_objects()]
        self.datetimes = tuple(plain)
        self.object_arrays = tuple((name, self.fields[name].each.seal()) for name in arrays)  # type: ignore[union-attr]
        self.nested = tuple((name, shape.seal()) for name, shape in self.fields.items() if name not in plain and name not in arrays)
        if self.each:
            self.each.seal()
        return self

    def is_array_of_objects(self) -> bool:
        """An array of objects holding datetimes, and nothing more: not itself a datetime, no fields of its own."""
        each = self.each
        return bool(each and each.fields and not (each.is_datetime or each.each or self.fields or self.is_datetime))


class RecordTimes:
    """Converts a stream's datetime fields to RFC 3339, in place, in records parsed from JSON.

    This runs for every record, so it does the least it can: the schema's datetime paths are turned
    into a tree once, whose objects' own datetime fields are looked up by name; and a value converted
    lately is looked up rather than converted again (an order's items carry the order's createDate
    and modifyDate; many orders share a midnight shipByDate).
    """

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.paths: Sequence[Path] = tuple(datetime_paths(schema))
        self._root = _Shape.of(self.paths)
        self._converted: dict = {}
        self._complained: set = set()

    def convert(self, record: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        self._object(record, self._root)
        return record

    def _object(self, node: Any, shape: _Shape) -> None:
        if node.__class__ is not dict and not isinstance(node, abc.MutableMapping):
            return
        converted = self._converted
        for name in shape.datetimes:
            value = node.get(name)
            if value.__class__ is str:
                new = converted.get(value)
                node[name] = self._fresh(value, shape, name) if new is None else new
        for name, element_shape in shape.object_arrays:
            elements = node.get(name)
            if isinstance(elements, list):
                for element in elements:
                    self._object(element, element_shape)
        for name, below in shape.nested:
            value = node.get(name)
            if value is not None:
                new = self._value(value, below)
                if new is not value:
                    node[name] = new

    def _value(self, value: Any, shape: _Shape) -> Any:
        """``value`` converted where ``shape`` says: a new string for a datetime, else changed in place."""
        if isinstance(value, str):
            if not shape.is_datetime:
                return value
            new = self._converted.get(value)
            return self._fresh(value, shape) if new is None else new
        if shape.fields:
            self._object(value, shape)
        if shape.each and isinstance(value, list):
            for index, element in enumerate(value):
                new = self._value(element, shape.each)
                if new is not element:
                    value[index] = new
        return value

    def _fresh(self, value: str, shape: _Shape, name: Optional[str] = None) -> str:
        """``value`` (not converted lately) converted, or as it came if it is not a timestamp."""
        try:
            new = to_rfc3339(value)
        except NotAPacificTimestamp:
            # Keep the value as ShipStation sent it, saying so once per field: losing data is worse
            # than an odd format.
            path = shape.path if name is None else shape.path + (name,)
            if path not in self._complained:
                self._complained.add(path)
                logger.warning(f"Field {'.'.join(path)} holds {value!r}, which is not a ShipStation timestamp; kept as is.")
            return value
        if len(self._converted) >= CONVERTED_LIMIT:
            self._converted.clear()
        self._converted[value] = new
        return new
