"""The streams: a base that talks to ShipStation, two incremental bases, and one thin leaf per endpoint.

Every stream reads through :meth:`ShipstationStream.fetch` (the CDK's HTTP client: auth, shared
rate budget, retries, error messages) and walks pages with :mod:`.paging`. Leaves only name their
endpoint, key, envelope and filters; API reference: https://www.shipstation.com/docs/api/
"""

from __future__ import annotations

import logging
from abc import ABC
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, List, Mapping, MutableMapping, Optional, Tuple

import requests
from airbyte_cdk.models import ConfiguredAirbyteStream, FailureType, StreamDescriptor, SyncMode
from airbyte_cdk.sources.streams import CheckpointMixin
from airbyte_cdk.sources.streams.core import StreamData
from airbyte_cdk.sources.streams.http import HttpStream
from airbyte_cdk.sources.streams.http.error_handlers import ErrorHandler, ErrorResolution, ResponseAction
from airbyte_cdk.sources.streams.http.exceptions import BaseBackoffException
from airbyte_cdk.sources.streams.http.requests_native_auth import BasicHttpAuthenticator
from airbyte_cdk.sources.utils.schema_helpers import InternalConfig
from airbyte_cdk.sources.utils.slice_logger import SliceLogger
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

from .budget import SharedRateBudget
from .constants import CLOCK_SKEW_MARGIN_SECONDS, PAGE_SIZE
from .errors import MAX_RETRIES, ShipstationBackoff, ShipstationErrorHandler
from .pacific import ONE_SECOND, filter_value, floor_to_second, parse_instant, resume_wall_time, to_rfc3339, wall_time
from .paging import CursorFilter, Page, ascending_walk, descending_scan, numbered_pages
from .pipeline import OrderedPipeline
from .record_times import RecordTimes
from .responses import json_body
from .settings import Settings


@dataclass(frozen=True)
class Connection:
    """What every stream of one sync shares: settings, where and how to call, one budget, one pipeline."""

    settings: Settings
    base_url: str
    authenticator: BasicHttpAuthenticator
    budget: SharedRateBudget
    pipeline: OrderedPipeline
    max_retries: int = MAX_RETRIES
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


def _integer(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class ShipstationStream(HttpStream, ABC):
    """One ShipStation endpoint. By default a single request whose answer is a bare JSON array."""

    primary_key: str
    endpoint: str
    envelope: Optional[str] = None  # the key holding the records of a paged answer
    fixed_params: Mapping[str, Any] = {}
    store_filtered = False  # whether the endpoint takes `storeId` (only orders and shipments do)
    page_size = PAGE_SIZE

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._times = RecordTimes(self.get_json_schema())
        super().__init__(authenticator=connection.authenticator, api_budget=connection.budget)

    # -- the request, as the CDK builds it ---------------------------------------------------------

    @property
    def url_base(self) -> str:
        return self._connection.base_url

    def path(self, *, stream_slice: Optional[Mapping[str, Any]] = None, **_: Any) -> str:
        return self.endpoint

    def request_params(
        self,
        stream_state: Optional[Mapping[str, Any]] = None,
        stream_slice: Optional[Mapping[str, Any]] = None,
        next_page_token: Optional[Mapping[str, Any]] = None,
    ) -> MutableMapping[str, Any]:
        # The walks in paging.py decide every query parameter and hand them over as the "token".
        return dict(next_page_token or {})

    def request_kwargs(self, *_: Any, **__: Any) -> Mapping[str, Any]:
        # stream: the error handler reads each body in one piece (responses.read_body)
        return {"timeout": self._connection.settings.request_timeout_seconds, "stream": True}

    def next_page_token(self, response: requests.Response) -> Optional[Mapping[str, Any]]:
        return None  # paging lives in paging.py, which needs more than one response to decide

    def parse_response(self, response: requests.Response, **_: Any) -> Iterable[Mapping[str, Any]]:
        return self._records_of(json_body(response))

    def get_error_handler(self) -> Optional[ErrorHandler]:
        return ShipstationErrorHandler(
            self.logger, self.shape_problem, not_found=self.not_found, max_retries=self._connection.max_retries
        )

    def get_backoff_strategy(self) -> ShipstationBackoff:
        return ShipstationBackoff()

    # -- what an answer must look like ------------------------------------------------------------

    not_found: Optional[ErrorResolution] = None  # how a 404 is taken; None: an error

    def shape_problem(self, body: Any) -> Optional[str]:
        if self.envelope:
            if isinstance(body, dict) and isinstance(body.get(self.envelope), list):
                return None
            return f"JSON that has no '{self.envelope}' list (keys: {sorted(body)[:8] if isinstance(body, dict) else type(body).__name__})"
        return None if isinstance(body, list) else f"JSON that is not a list ({type(body).__name__})"

    def _records_of(self, body: Any) -> List[MutableMapping[str, Any]]:
        if self.envelope:
            return body[self.envelope]
        return body if isinstance(body, list) else [body]

    # -- fetching pages ---------------------------------------------------------------------------

    def base_params(self) -> Mapping[str, Any]:
        store_id = self._connection.settings.store_id
        if self.store_filtered and store_id:
            return {**self.fixed_params, "storeId": store_id}
        return dict(self.fixed_params)

    def fetch(self, params: Mapping[str, Any], path_slice: Optional[Mapping[str, Any]] = None) -> Page:
        """One request with ``params`` and the stream's own; records come back with RFC 3339 timestamps."""
        try:
            _, response = self._fetch_next_page(path_slice, None, {**self.base_params(), **params})
        except AirbyteTracedException as error:
            raise self._explained(error) from None
        if response.status_code == 404:  # only reaches here when `not_found` says to ignore it
            return Page([])
        body = json_body(response)
        records = [self._times.convert(record) for record in self._records_of(body)]
        if not self.envelope:
            return Page(records)
        return Page(records, number=params.get("page", 1), total=_integer(body.get("total")), pages=_integer(body.get("pages")))

    def fetch_many(self, params: Iterable[Mapping[str, Any]]) -> Iterator[Page]:
        return self._connection.pipeline.map(self.fetch, params)

    def _explained(self, error: AirbyteTracedException) -> AirbyteTracedException:
        # After the last retry the CDK says "Exhausted available request attempts ... Exception: <ours>";
        # lead with our explanation of the last failure instead.
        cause = error.__context__
        if not isinstance(cause, BaseBackoffException):
            return error
        return AirbyteTracedException(
            message=f"{cause} Gave up after {self._connection.max_retries + 1} attempts.",
            internal_message=error.internal_message,
            failure_type=error.failure_type,
            exception=cause,
            stream_descriptor=StreamDescriptor(name=self.name),
        )

    # -- reading ----------------------------------------------------------------------------------

    @property
    def is_resumable(self) -> bool:
        # Full-refresh streams start over after a failure (their answers are small or cheap to redo);
        # the CDK would otherwise treat our own paging as "resumable full refresh" and re-read forever.
        return self.supports_incremental

    def read_pages(self, sync_mode: SyncMode) -> Iterator[Page]:
        yield self.fetch({})

    def read_records(
        self,
        sync_mode: SyncMode,
        cursor_field: Optional[List[str]] = None,
        stream_slice: Optional[Mapping[str, Any]] = None,
        stream_state: Optional[Mapping[str, Any]] = None,
    ) -> Iterable[Mapping[str, Any]]:
        for page in self.read_pages(sync_mode):
            yield from self.emit(page)

    def emit(self, page: Page) -> Iterator[Mapping[str, Any]]:
        yield from page.records


class DetailStream(ShipstationStream, ABC):
    """One ``GET /<endpoint>/{id}`` per id: the configured one, or every id its list stream returns."""

    list_stream: type
    id_field: str

    def __init__(self, connection: Connection, ids: Optional[List[int]] = None) -> None:
        self._ids = ids
        if ids is None:
            # An id from the list that is gone a moment later was deleted meanwhile: nothing to read.
            self.not_found = ErrorResolution(ResponseAction.IGNORE, None, f"A listed {self.id_field} was deleted meanwhile; skipped.")
        else:
            self.not_found = ErrorResolution(
                ResponseAction.FAIL,
                FailureType.config_error,
                f"{self.id_field} {', '.join(map(str, ids))} does not exist in this ShipStation account (HTTP 404). "
                "Check the ID in the connector's settings.",
            )
        super().__init__(connection)

    def path(self, *, stream_slice: Optional[Mapping[str, Any]] = None, **_: Any) -> str:
        return f"{self.endpoint}/{stream_slice['id']}"

    def shape_problem(self, body: Any) -> Optional[str]:
        if isinstance(body, dict) and self.id_field in body:
            return None
        return f"JSON that is not a single object with '{self.id_field}'"

    def fetch_one(self, identifier: int) -> Page:
        return self.fetch({}, {"id": identifier})

    def read_pages(self, sync_mode: SyncMode) -> Iterator[Page]:
        ids = self._ids
        if ids is None:
            listed = self.list_stream(self._connection).fetch({})
            ids = [record[self.id_field] for record in listed.records]
        yield from self._connection.pipeline.map(self.fetch_one, ids)


class IncrementalStream(ShipstationStream, CheckpointMixin, ABC):
    """A paged stream with a date cursor, kept in state as RFC 3339 and checkpointed after every page."""

    honours_start_date = True

    def __init__(self, connection: Connection) -> None:
        self._cursor_value: Optional[str] = None
        super().__init__(connection)

    @property
    def state(self) -> MutableMapping[str, Any]:
        return {self.cursor_field: self._cursor_value} if self._cursor_value else {}

    @state.setter
    def state(self, value: Mapping[str, Any]) -> None:
        self._cursor_value = self._valid_state(value).get(self.cursor_field)

    def _valid_state(self, value: Any) -> Mapping[str, Any]:
        """Refuse a state we cannot resume from, saying how to recover, rather than guessing."""
        if not value:
            return {}
        problem = None
        if not isinstance(value, Mapping):
            problem = f"it is {type(value).__name__}, not an object"
        else:
            for key in self.state_keys:
                if key in value and not _is_instant(value[key]):
                    problem = f"'{key}' is {value[key]!r}, not an RFC 3339 date-time"
        if problem:
            raise AirbyteTracedException(
                message=f"The saved state of stream '{self.name}' cannot be used: {problem}. Reset this stream "
                f"(or fix its state to e.g. {{\"{self.cursor_field}\": \"2024-01-01T00:00:00-08:00\"}}) and sync again.",
                internal_message=f"Invalid state for {self.name}: {value!r}",
                failure_type=FailureType.config_error,
            )
        return value

    @property
    def state_keys(self) -> Tuple[str, ...]:
        return (self.cursor_field,)

    def read(  # type: ignore[override]  # the CDK's own signature, untyped there
        self,
        configured_stream: ConfiguredAirbyteStream,
        logger: logging.Logger,
        slice_logger: SliceLogger,
        stream_state: MutableMapping[str, Any],
        state_manager: Any,
        internal_config: InternalConfig,
    ) -> Iterator[StreamData]:
        """The CDK's ``Stream.read`` for our one slice, checkpointing after each page.

        ``Stream.read`` asks about every record whether it is a Mapping (typing's slow check, twice),
        what the state is now and whether to checkpoint: about 8 us a record, as much as converting
        its timestamps. The messages are the same as it gives a stream with one slice, a state and no
        cursor object: each page's records, then a STATE if the state is not empty; at the end one
        more STATE in any case. Nothing is checkpointed before a page's last record is out.
        """
        self.configured_json_schema = configured_stream.stream.json_schema
        if slice_logger.should_log_slice_message(logger):
            yield slice_logger.create_slice_log_message({})
        checkpoint = self.state
        limit, emitted = internal_config.limit, 0
        for page in self.read_pages(configured_stream.sync_mode):
            if not page.records:
                continue
            if limit and emitted + len(page.records) >= limit:
                # A test's record limit: stop right at it with only the final STATE, as Stream.read does.
                yield from islice(self.emit(page), limit - emitted)
                break
            yield from self.emit(page)
            emitted += len(page.records)
            checkpoint = self.state or checkpoint
            if state_manager and checkpoint:
                yield self._checkpoint_state(checkpoint, state_manager)
        if state_manager:
            yield self._checkpoint_state(self.state or checkpoint, state_manager)

    def emit(self, page: Page) -> Iterator[Mapping[str, Any]]:
        self.advance(page)  # before the records: the checkpoint after them covers the whole page
        yield from page.records

    def advance(self, page: Page) -> None:
        """Move the cursor to the newest record of a page that is about to be emitted."""
        self._cursor_value = _later(self._cursor_value, _newest(page.records, self.cursor_field))

    def resume_second(self, sync_mode: SyncMode, saved: Optional[str] = None) -> Optional[datetime]:
        """The wall-clock second to read from: the later of the start date and the state minus the lookback."""
        settings = self._connection.settings
        candidates = []
        if self.honours_start_date and settings.start_date:
            candidates.append(settings.start_date)
        saved = saved or self._cursor_value
        if sync_mode == SyncMode.incremental and saved:
            candidates.append(parse_instant(saved) - settings.lookback)
        if not candidates:
            return None
        return resume_wall_time(floor_to_second(wall_time(max(candidates))))

    def settled_until(self) -> datetime:
        return floor_to_second(wall_time(self._connection.now() - timedelta(seconds=CLOCK_SKEW_MARGIN_SECONDS)))


def _is_instant(value: Any) -> bool:
    try:
        parse_instant(value)
        return True
    except (TypeError, ValueError, AttributeError):
        return False


def _newest(records: List[Mapping[str, Any]], *fields: str) -> Optional[str]:
    """The newest reading among the records' first present field (all share one format)."""
    values = [value for value in (_first_of(record, fields) for record in records) if value]
    return max(values) if values else None


def _first_of(record: Mapping[str, Any], fields: Tuple[str, ...]) -> Optional[str]:
    for field in fields:
        if record.get(field):
            return record[field]
    return None


def _later(current: Optional[str], candidate: Optional[str]) -> Optional[str]:
    if candidate is None:
        return current
    if current is None or parse_instant(candidate) > parse_instant(current):
        return candidate
    return current


class AscendingCursorStream(IncrementalStream, ABC):
    """Incremental by a date the API can filter and sort on; see paging.ascending_walk."""

    cursor_filter: CursorFilter

    @property
    def cursor_field(self) -> str:
        return self.cursor_filter.field

    def read_pages(self, sync_mode: SyncMode) -> Iterator[Page]:
        start = self.resume_second(sync_mode)
        walk = ascending_walk(self, {}, self.cursor_filter, self.primary_key, start, self.settled_until())
        start_date = self._connection.settings.start_date
        if not start_date:
            yield from walk
            return
        # The start filter is sent a second early (see paging); drop what lies before the start date.
        first = wall_time(start_date).strftime("%Y-%m-%dT%H:%M:%S")
        for page in walk:
            yield replace(page, records=[r for r in page.records if r[self.cursor_filter.field][:19] >= first])


class DescendingScanStream(IncrementalStream, ABC):
    """Incremental by ``modifyDate`` where the API can sort by it but not filter by it.

    The first sync reads everything in creation order. Later syncs read newest-first by modification
    time until the records are older than the state, then newest-first by creation time (records
    without a ``modifyDate`` sort last by modification and would be missed). The state can only move
    once both scans are done, so each page's checkpoint repeats the previous state until the end.
    """

    cursor_field = "modifyDate"
    honours_start_date = False  # no server filter; these are small tables read whole the first time
    scans = (("ModifyDate", "modifyDate"), ("CreateDate", "createDate"))

    def __init__(self, connection: Connection) -> None:
        self._newest_seen: Optional[str] = None  # the state to be, once the scans are done
        super().__init__(connection)

    def advance(self, page: Page) -> None:
        # A record without modifyDate counts with its createDate.
        self._newest_seen = _later(self._newest_seen, _newest(page.records, "modifyDate", "createDate"))

    def read_pages(self, sync_mode: SyncMode) -> Iterator[Page]:
        self._newest_seen = None
        since = self.resume_second(sync_mode)
        if since is None:
            yield from numbered_pages(self, {"sortBy": "CreateDate", "sortDir": "ASC"})
        else:
            for sort_by, field in self.scans:
                yield from descending_scan(self, {}, sort_by, field, since)
        self._cursor_value = _later(self._cursor_value, self._newest_seen)


# -- the streams ------------------------------------------------------------------------------------


class Carriers(ShipstationStream):
    """List Carriers: https://www.shipstation.com/docs/api/carriers/list/ (`code` repeats across accounts)."""

    primary_key = "shippingProviderId"
    endpoint = "carriers"


class Stores(ShipstationStream):
    """List Stores, inactive ones included: https://www.shipstation.com/docs/api/stores/list/"""

    primary_key = "storeId"
    endpoint = "stores"
    fixed_params = {"showInactive": "true"}


class Marketplaces(ShipstationStream):
    """List Marketplaces (ShipStation's global list): https://www.shipstation.com/docs/api/stores/list-marketplaces/"""

    primary_key = "marketplaceId"
    endpoint = "stores/marketplaces"


class Users(ShipstationStream):
    """List Users, inactive ones included: https://www.shipstation.com/docs/api/users/list/"""

    primary_key = "userId"
    endpoint = "users"
    fixed_params = {"showInactive": "true"}


class Warehouses(ShipstationStream):
    """List Warehouses: https://www.shipstation.com/docs/api/warehouses/list/"""

    primary_key = "warehouseId"
    endpoint = "warehouses"


class StoreDetails(DetailStream):
    """Get Store (adds statusMappings), for the configured store or every store: https://www.shipstation.com/docs/api/stores/get-store/"""

    primary_key = "storeId"
    endpoint = "stores"
    list_stream = Stores
    id_field = "storeId"


class WarehouseDetails(DetailStream):
    """Get Warehouse, for every warehouse: https://www.shipstation.com/docs/api/warehouses/get/"""

    primary_key = "warehouseId"
    endpoint = "warehouses"
    list_stream = Warehouses
    id_field = "warehouseId"


class Orders(AscendingCursorStream):
    """List Orders, full orders with items: https://www.shipstation.com/docs/api/orders/list-orders/"""

    primary_key = "orderId"
    endpoint = "orders"
    envelope = "orders"
    store_filtered = True
    cursor_filter = CursorFilter("modifyDate", "ModifyDate", "modifyDateStart", "modifyDateEnd")


class Fulfillments(AscendingCursorStream):
    """List Fulfillments: https://www.shipstation.com/docs/api/fulfillments/list-fulfillments/"""

    primary_key = "fulfillmentId"
    endpoint = "fulfillments"
    envelope = "fulfillments"
    cursor_filter = CursorFilter("createDate", "CreateDate", "createDateStart", "createDateEnd")


class Shipments(AscendingCursorStream):
    """List Shipments with their items: https://www.shipstation.com/docs/api/shipments/list/

    Voiding a label changes a shipment but not its createDate, so an incremental sync also reads the
    shipments voided since the last one. Its own mark, ``voidDate`` in the state, moves only when
    that read has finished, so an interrupted sync never skips a void.
    """

    primary_key = "shipmentId"
    endpoint = "shipments"
    envelope = "shipments"
    store_filtered = True
    fixed_params = {"includeShipmentItems": "true"}
    cursor_filter = CursorFilter("createDate", "CreateDate", "createDateStart", "createDateEnd")
    void_date_start = "voidDateStart"
    state_keys = ("createDate", "voidDate")

    def __init__(self, connection: Connection) -> None:
        self._voids_read_until: Optional[str] = None
        super().__init__(connection)

    @property
    def state(self) -> MutableMapping[str, Any]:
        state = dict(super().state)
        if self._voids_read_until:
            state["voidDate"] = self._voids_read_until
        return state

    @state.setter
    def state(self, value: Mapping[str, Any]) -> None:
        valid = self._valid_state(value)
        self._cursor_value = valid.get("createDate")
        self._voids_read_until = valid.get("voidDate")

    def read_pages(self, sync_mode: SyncMode) -> Iterator[Page]:
        void_mark = self._voids_read_until or self._cursor_value
        settled = self.settled_until()
        yield from super().read_pages(sync_mode)
        if sync_mode == SyncMode.incremental and void_mark:
            since = self.resume_second(sync_mode, saved=void_mark)
            query = {"sortBy": "CreateDate", "sortDir": "ASC", self.void_date_start: filter_value(since - ONE_SECOND)}
            # Voids are only ever added to this list, which shifts records later: paging by number is safe.
            yield from numbered_pages(self, query)
        self._voids_read_until = to_rfc3339(settled.strftime("%Y-%m-%dT%H:%M:%S"))


class Customers(DescendingScanStream):
    """List Customers: https://www.shipstation.com/docs/api/customers/list/"""

    primary_key = "customerId"
    endpoint = "customers"
    envelope = "customers"


class Products(DescendingScanStream):
    """List Products, inactive ones included: https://www.shipstation.com/docs/api/products/list/"""

    primary_key = "productId"
    endpoint = "products"
    envelope = "products"
    fixed_params = {"showInactive": "true"}
