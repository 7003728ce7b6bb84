"""Responses built from the templates in ``unit_tests/resource/http/response/<stream>.json``.

The templates are ShipStation's documented example bodies (``shared/shipstation-samples``). A record
builder starts from the first record of a template; a response builder puts records in the
template's envelope (or a bare array) and sets ``total``/``page``/``pages`` of a paged answer.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Mapping, Optional

from airbyte_cdk.test.mock_http import HttpResponse
from airbyte_cdk.test.mock_http.response_builder import (
    FieldPath,
    RecordBuilder,
    RootPath,
    create_record_builder,
    find_template,
)

# stream -> (records key of a paged answer or None for a bare array, id field, cursor field)
_SHAPES: Dict[str, tuple] = {
    "carriers": (None, "shippingProviderId", None),
    "customers": ("customers", "customerId", "modifyDate"),
    "fulfillments": ("fulfillments", "fulfillmentId", "createDate"),
    "products": ("products", "productId", "modifyDate"),
    "shipments": ("shipments", "shipmentId", "createDate"),
    "stores": (None, "storeId", None),
    "marketplaces": (None, "marketplaceId", None),
    "users": (None, "userId", None),
    "warehouses": (None, "warehouseId", None),
    "orders": ("orders", "orderId", "modifyDate"),
}
# Detail endpoints answer one object: the template is the record.
_DETAILS = {"store_details": "storeId", "warehouse_details": "warehouseId"}


def template(stream: str) -> Any:
    """A fresh copy of the stream's whole example body."""
    return find_template(stream, __file__)


def template_records(stream: str) -> List[Dict[str, Any]]:
    """Every record of the stream's example body, unchanged."""
    body = template(stream)
    if stream in _DETAILS:
        return [body]
    envelope = _SHAPES[stream][0]
    return body[envelope] if envelope else body


def record(stream: str) -> RecordBuilder:
    """A builder for one record shaped like the first record of the stream's template."""
    if stream in _DETAILS:
        return RecordBuilder(template(stream), FieldPath(_DETAILS[stream]), None)
    envelope, id_field, cursor_field = _SHAPES[stream]
    return create_record_builder(
        template(stream),
        FieldPath(envelope) if envelope else RootPath(),
        record_id_path=FieldPath(id_field),
        record_cursor_path=FieldPath(cursor_field) if cursor_field else None,
    )


def records(
    stream: str, count: int, first_id: int = 1, cursor: Optional[str] = None, cursor_step_seconds: int = 0
) -> List[Dict[str, Any]]:
    """``count`` records with ids ``first_id``, ``first_id + 1``...

    With ``cursor`` (a ShipStation reading such as ``2024-05-01T10:00:00.0000000``) the first record
    gets that cursor value and each next one ``cursor_step_seconds`` later (same fraction).
    """
    built = []
    for offset in range(count):
        number = first_id + offset
        # users are keyed by a GUID string, every other stream by an integer
        identifier = f"00000000-0000-4000-8000-{number:012d}" if stream == "users" else number
        builder = record(stream).with_id(identifier)
        if cursor is not None:
            builder = builder.with_cursor(shift_reading(cursor, offset * cursor_step_seconds))
        built.append(builder.build())
    return built


def shift_reading(reading: str, seconds: int) -> str:
    """A ShipStation reading moved by ``seconds``, keeping its fractional digits."""
    moved = datetime.strptime(reading[:19], "%Y-%m-%dT%H:%M:%S") + timedelta(seconds=seconds)
    return moved.strftime("%Y-%m-%dT%H:%M:%S") + reading[19:]


class ShipstationResponseBuilder:
    def __init__(self, stream: str) -> None:
        self._stream = stream
        self._body = template(stream)
        self._records: Optional[List[Mapping[str, Any]]] = None
        self._status_code = 200
        self._headers: Dict[str, str] = {}

    @property
    def _envelope(self) -> Optional[str]:
        return None if self._stream in _DETAILS else _SHAPES[self._stream][0]

    def with_records(self, new_records: Iterable[Mapping[str, Any]]) -> "ShipstationResponseBuilder":
        self._records = [copy.deepcopy(dict(r)) for r in new_records]
        return self

    def with_paging(self, total: Optional[int], page: int = 1, pages: Optional[int] = None) -> "ShipstationResponseBuilder":
        """``total``/``page``/``pages`` as ShipStation reports them (``pages`` may be 0 beside a non-zero total)."""
        if not self._envelope:
            raise ValueError(f"{self._stream} answers are not paged")
        self._body["total"] = total
        self._body["page"] = page
        self._body["pages"] = pages
        return self

    def with_status_code(self, status_code: int) -> "ShipstationResponseBuilder":
        self._status_code = status_code
        return self

    def with_header(self, name: str, value: str) -> "ShipstationResponseBuilder":
        self._headers[name] = value
        return self

    def build(self) -> HttpResponse:
        body = self._body
        if self._records is not None:
            if self._stream in _DETAILS:
                (body,) = self._records
            elif self._envelope:
                body[self._envelope] = self._records
            else:
                body = self._records
        return HttpResponse(json.dumps(body), self._status_code, self._headers)


def response(stream: str) -> ShipstationResponseBuilder:
    return ShipstationResponseBuilder(stream)


def paged_response(stream: str, page_records: List[Mapping[str, Any]], total: int, page: int = 1, pages: Optional[int] = None) -> HttpResponse:
    """One page of a paged list; ``pages`` defaults to what a correct server would say."""
    if pages is None:
        per_page = max(len(page_records), 1)
        pages = -(-total // per_page) if total else 0
    return response(stream).with_records(page_records).with_paging(total, page, pages).build()


def empty_page(stream: str) -> HttpResponse:
    """An empty list, as ShipStation answers it (``pages: 0``)."""
    return response(stream).with_records([]).with_paging(0, 1, 0).build()


def error_response(status_code: int, body: str = "", content_type: str = "text/plain") -> HttpResponse:
    return HttpResponse(body, status_code, {"Content-Type": content_type})
