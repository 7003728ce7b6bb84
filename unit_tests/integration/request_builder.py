"""One factory per ShipStation endpoint, producing the exact ``HttpRequest`` the connector sends.

The query parameters mirror ``source_shipstation/streams.py`` and ``paging.py``:

* stores and users always ask for inactive records too (``showInactive=true``), shipments for their
  items (``includeShipmentItems=true``);
* paged lists send ``page`` and ``pageSize=500``;
* orders, shipments and fulfillments are read sorted ascending by their cursor
  (``sortBy``/``sortDir=ASC``) within a window ending at the settled second (``<cursor>DateEnd``),
  then from one second before that (``<cursor>DateStart``): see :meth:`window` and :meth:`tail`;
* customers and products are read in creation order on a first sync, newest-first by
  modification (then creation) date on later ones.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from airbyte_cdk.test.mock_http import HttpRequest

from unit_tests.frozen_time import SETTLED_UNTIL, TAIL_START

DEFAULT_BASE_URL = "https://ssapi.shipstation.com"
PAGE_SIZE = 500

# (sortBy, start filter, end filter) of the date cursor of each incrementally walked endpoint.
_CURSOR_FILTERS = {
    "orders": ("ModifyDate", "modifyDateStart", "modifyDateEnd"),
    "shipments": ("CreateDate", "createDateStart", "createDateEnd"),
    "fulfillments": ("CreateDate", "createDateStart", "createDateEnd"),
}


class ShipstationRequestBuilder:
    @classmethod
    def carriers_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("carriers")

    @classmethod
    def customers_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("customers")

    @classmethod
    def fulfillments_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("fulfillments")

    @classmethod
    def products_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("products").with_param("showInactive", "true")

    @classmethod
    def shipments_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("shipments").with_param("includeShipmentItems", "true")

    @classmethod
    def stores_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("stores").with_param("showInactive", "true")

    @classmethod
    def store_endpoint(cls, store_id: int) -> "ShipstationRequestBuilder":
        return cls(f"stores/{store_id}")

    @classmethod
    def marketplaces_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("stores/marketplaces")

    @classmethod
    def users_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("users").with_param("showInactive", "true")

    @classmethod
    def warehouses_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("warehouses")

    @classmethod
    def warehouse_endpoint(cls, warehouse_id: int) -> "ShipstationRequestBuilder":
        return cls(f"warehouses/{warehouse_id}")

    @classmethod
    def orders_endpoint(cls) -> "ShipstationRequestBuilder":
        return cls("orders")

    def __init__(self, resource: str, base_url: str = DEFAULT_BASE_URL) -> None:
        self._resource = resource
        self._base_url = base_url.rstrip("/")
        self._params: Dict[str, Any] = {}

    def with_base_url(self, base_url: str) -> "ShipstationRequestBuilder":
        self._base_url = base_url.rstrip("/")
        return self

    def with_param(self, key: str, value: Any) -> "ShipstationRequestBuilder":
        self._params[key] = str(value)
        return self

    def with_page(self, page: int, page_size: int = PAGE_SIZE) -> "ShipstationRequestBuilder":
        return self.with_param("page", page).with_param("pageSize", page_size)

    def with_sort(self, sort_by: str, sort_dir: str) -> "ShipstationRequestBuilder":
        return self.with_param("sortBy", sort_by).with_param("sortDir", sort_dir)

    def with_store_id(self, store_id: int) -> "ShipstationRequestBuilder":
        return self.with_param("storeId", store_id)

    def window(self, page: int, start: Optional[str] = None, end: str = SETTLED_UNTIL) -> "ShipstationRequestBuilder":
        """Page ``page`` of the settled window, sorted ascending by the endpoint's cursor."""
        sort_by, start_param, end_param = _CURSOR_FILTERS[self._resource]
        self.with_sort(sort_by, "ASC").with_page(page).with_param(end_param, end)
        return self.with_param(start_param, start) if start else self

    def tail(self, start: str = TAIL_START) -> "ShipstationRequestBuilder":
        """Page 1 of what changed from ``start`` on (after the settled window)."""
        sort_by, start_param, _ = _CURSOR_FILTERS[self._resource]
        return self.with_sort(sort_by, "ASC").with_page(1).with_param(start_param, start)

    def build(self) -> HttpRequest:
        return HttpRequest(f"{self._base_url}/{self._resource}", query_params=dict(self._params) or None)
