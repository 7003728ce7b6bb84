"""The API's endpoints: path -> answer, for an authenticated request within the rate limit.

Paths and parameter names match case-insensitively, as ASP.NET routing and binding do.
"""

from __future__ import annotations

import re
import threading
from functools import partial
from typing import Callable

from . import records
from .config import Switches
from .data import Dataset
from .filters import LISTS, page_of, parse_bool, parse_int, select
from .mutations import Mutator
from .responses import ApiError, Request, Response, aspnet_error, json_response

BASE_URL = "https://ssapi.shipstation.com"
SHIPMENT_ITEMS = 1  # the table variant with shipmentItems filled

# Streams the ground truth covers, as the connector names them.
TRUTH_STREAMS = ("carriers", "customers", "fulfillments", "products", "shipments", "stores", "store_details",
                 "marketplaces", "users", "warehouses", "warehouse_details", "orders")


class Api:
    def __init__(self, data: Dataset, switches: Switches, lock: threading.RLock, mutator: Mutator):
        self.data = data
        self.switches = switches
        self.lock = lock
        self.mutator = mutator
        self._routes: list[tuple[re.Pattern, Callable[..., Response]]] = [
            (re.compile(pattern), handler) for pattern, handler in (
                ("/orders", partial(self._list, "orders")),
                ("/orders/([^/]+)", partial(self._get, "orders", "Order")),
                ("/shipments", partial(self._list, "shipments")),
                ("/fulfillments", partial(self._list, "fulfillments")),
                ("/customers", partial(self._list, "customers")),
                ("/customers/([^/]+)", partial(self._get, "customers", "Customer")),
                ("/products", partial(self._list, "products")),
                ("/products/([^/]+)", partial(self._get, "products", "Product")),
                ("/carriers", lambda args: json_response(self.data.carriers)),
                ("/carriers/listservices", partial(self._carrier_list, records.services)),
                ("/carriers/listpackages", partial(self._carrier_list, records.packages)),
                ("/stores", self._stores),
                ("/stores/marketplaces", lambda args: json_response(self.data.marketplaces)),
                ("/stores/([^/]+)", self._store),
                ("/users", self._users),
                ("/warehouses", lambda args: json_response(self.data.warehouses)),
                ("/warehouses/([^/]+)", self._warehouse),
                ("/accounts/listtags", lambda args: json_response(self.data.tags)),
                ("/webhooks", lambda args: json_response({"webhooks": self.data.webhooks})),
            )]

    def serve(self, request: Request) -> Response:
        path = request.path.rstrip("/").lower() or "/"
        for pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match:
                break
        else:
            return aspnet_error(404, f"No HTTP resource was found that matches the request URI "
                                     f"'{BASE_URL}{request.path}'.")
        if request.method != "GET":
            return aspnet_error(405, f"The requested resource does not support http method '{request.method}'.")
        try:
            return handler(request.args, *match.groups())
        except ApiError as error:
            return error.response

    # --- paged lists and single records

    def _list(self, stream: str, args: dict[str, str]) -> Response:
        spec = LISTS[stream]
        table = self.data.table(stream)
        variant = SHIPMENT_ITEMS if stream == "shipments" and parse_bool(args, "includeShipmentItems") else 0
        with self.lock:
            self.mutator.before_list(stream)
            rows, total, page, pages = page_of(select(table, spec, args, self.switches), args, self.switches)
            items = b",".join([table.json(row, variant) for row in rows])
        return json_response(b'{"%s":[%s],"total":%d,"page":%d,"pages":%d}'
                             % (stream.encode(), items, total, page, pages))

    def _unknown(self, entity: str, key) -> ApiError:
        return ApiError(aspnet_error(self.switches.unknown_id_status, f"{entity} not found: {key}"))

    def _id(self, name: str, value: str) -> int:
        """A path id; like Web API's int binding, anything else is a 400."""
        try:
            return int(value)
        except ValueError:
            raise ApiError(aspnet_error(
                400, "The request is invalid.",
                MessageDetail=f"The parameters dictionary contains a null entry for parameter '{name}' of "
                              f"non-nullable type 'System.Int32'.")) from None

    def _get(self, stream: str, entity: str, args: dict[str, str], key: str) -> Response:
        table = self.data.table(stream)
        with self.lock:
            row = table.row(self._id(table.pk, key))
            if row is None:
                raise self._unknown(entity, key)
            return json_response(table.json(row))

    # --- small lists

    def _carrier_list(self, make, args: dict[str, str]) -> Response:
        code = args.get("carriercode", "")
        if not code:
            raise ApiError(aspnet_error(400, "The request is invalid.",
                                        ModelState={"carrierCode": ["The carrierCode field is required."]}))
        if code not in {c["code"] for c in self.data.carriers}:
            raise self._unknown("Carrier", code)
        return json_response(make(code))

    def stores(self, show_inactive: bool = True, marketplace_id: int | None = None) -> list[dict]:
        return [s for s in self.data.stores if (show_inactive or s["active"])
                and (marketplace_id is None or s["marketplaceId"] == marketplace_id)]

    def _stores(self, args: dict[str, str]) -> Response:
        return json_response(self.stores(parse_bool(args, "showInactive"), parse_int(args, "marketplaceId")))

    def _store(self, args: dict[str, str], key: str) -> Response:
        store_id = self._id("storeId", key)
        for store in self.data.stores:
            if store["storeId"] == store_id:
                return json_response(records.store_details(store))
        raise self._unknown("Store", key)

    def users(self, show_inactive: bool = True) -> list[dict]:
        return [u for u, active in zip(self.data.users, self.data.active_users) if show_inactive or active]

    def _users(self, args: dict[str, str]) -> Response:
        return json_response(self.users(parse_bool(args, "showInactive")))

    def _warehouse(self, args: dict[str, str], key: str) -> Response:
        warehouse_id = self._id("warehouseId", key)
        for warehouse in self.data.warehouses:
            if warehouse["warehouseId"] == warehouse_id:
                return json_response(records.warehouse_details(warehouse))
        raise self._unknown("Warehouse", key)

    # --- ground truth

    def truth_json(self, stream: str, store_id: int | None = None) -> bytes:
        """Every record of a connector stream, exactly as the API returns it, as one JSON array."""
        small = {
            "carriers": lambda: self.data.carriers,
            "stores": self.stores,
            "store_details": lambda: [records.store_details(s) for s in self.data.stores
                                      if store_id is None or s["storeId"] == store_id],
            "marketplaces": lambda: self.data.marketplaces,
            "users": self.users,
            "warehouses": lambda: self.data.warehouses,
            "warehouse_details": lambda: [records.warehouse_details(w) for w in self.data.warehouses],
        }
        if stream in small:
            return json_response(small[stream]()).body
        if stream not in LISTS:
            raise KeyError(f"unknown stream {stream!r}; one of {TRUTH_STREAMS}")
        table = self.data.table(stream)
        variant = SHIPMENT_ITEMS if stream == "shipments" else 0
        with self.lock:
            rows = range(len(table))
            if store_id is not None and stream in ("orders", "shipments"):
                stores = table.cols["store_id"]
                rows = [row for row in rows if stores[row] == store_id]
            return b"[%s]" % b",".join([table.json(row, variant) for row in rows])
