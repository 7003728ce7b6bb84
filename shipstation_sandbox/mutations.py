"""Changes to the account while a sync pages through it.

Direct calls (`modify`, `insert`, `void_shipments`) and rules that fire between list requests of a
stream. "Now" comes from the injectable clock, so a test can place a change at a chosen instant.
The caller holds the sandbox lock, so a page never sees half a change.

What "modify" changes per stream:
- orders: modifyDate (and the items' modifyDate) = now, internalNotes rewritten
- customers, products: modifyDate = now, internalNotes/phone rewritten
- fulfillments: deliveryDate = now (fulfillments have no modifyDate: no date filter sees it)
- shipments: voided (a label void is the only change a shipment ever sees)
"Insert" creates records dated now; a new shipment or fulfillment ships an order awaiting
shipment, which also modifies that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .clock import F7, NULL, TICKS_PER_SECOND, render, to_ticks, truncate_to_second
from .data import AWAITING_SHIPMENT, SHIPPED, Dataset, midnight
from .draw import Draw
from .records import EXTERNAL

STREAMS = ("orders", "shipments", "fulfillments", "customers", "products")


@dataclass
class MutationRule:
    stream: str
    after_requests: int = 0  # list requests served before the first change
    every_requests: int = 0  # then again every this many requests (0: only once)
    modify: int = 0
    insert: int = 0
    void: int = 0
    times: int = -1  # how often the rule may fire at most (-1: no limit)
    seen: int = 0
    fired: int = 0

    def __post_init__(self):
        if self.stream not in STREAMS:
            raise ValueError(f"stream must be one of {STREAMS}, not {self.stream!r}")
        for name in ("after_requests", "every_requests", "modify", "insert", "void", "times"):
            setattr(self, name, int(getattr(self, name)))

    def due(self) -> bool:
        """Count one list request about to be served; True if the change goes in before it."""
        self.seen += 1
        since = self.seen - self.after_requests - 1  # requests served since the first change was due
        if since < 0 or (0 <= self.times <= self.fired):
            return False
        return since == 0 if self.every_requests <= 0 else since % self.every_requests == 0

    def as_json(self) -> dict:
        return dict(self.__dict__)


class Mutator:
    def __init__(self, data: Dataset, clock: Callable[[], datetime]):
        self.data = data
        self.clock = clock
        self.rng = Draw(data.seed * 7919 + 17)
        self.rules: list[MutationRule] = []
        self.applied = 0

    def now(self) -> int:
        return to_ticks(self.clock())

    # --- rules

    def add_rule(self, **rule) -> MutationRule:
        added = MutationRule(**rule)
        self.rules.append(added)
        return added

    def before_list(self, stream: str) -> None:
        for rule in self.rules:
            if rule.stream == stream and rule.due():
                rule.fired += 1
                if rule.modify:
                    self.modify(stream, rule.modify)
                if rule.insert:
                    self.insert(stream, rule.insert)
                if rule.void:
                    self.void_shipments(rule.void)

    # --- direct changes

    def _rows(self, stream: str, count_or_ids, eligible: Callable[[int], bool] = lambda row: True) -> list[int]:
        table = self.data.table(stream)
        if isinstance(count_or_ids, int):
            candidates = [row for row in range(len(table)) if eligible(row)]
            return sorted(self.rng.sample(candidates, min(count_or_ids, len(candidates))))
        rows = []
        for pk in count_or_ids:
            row = table.row(int(pk))
            if row is None:
                raise KeyError(f"no {stream} record with id {pk}")
            rows.append(row)
        return rows

    def modify(self, stream: str, count_or_ids: int | list[int]) -> list[int]:
        """Change `count` seeded-random records (or those with the given ids); returns their ids."""
        if stream == "shipments":
            return self.void_shipments(count_or_ids)
        table = self.data.table(stream)
        now = self.now()
        stamp = f"Edited in the sandbox at {render(now, F7)}"
        rows = self._rows(stream, count_or_ids)
        for row in rows:
            if stream == "fulfillments":
                table.override(row, deliveryDate=render(now, F7), marketplaceNotified=True)
                continue
            table.set(row, "modify", now)
            if stream == "orders":
                table.set(row, "items_modify", now)
                table.override(row, internalNotes=stamp)
            elif stream == "customers":
                table.override(row, phone=f"555-555-{self.rng.below(10_000):04d}")
            else:
                table.override(row, internalNotes=stamp)
        self.applied += len(rows)
        return [table.ids[row] for row in rows]

    def void_shipments(self, count_or_ids: int | list[int]) -> list[int]:
        shipments = self.data.shipments
        void = shipments.cols["void"]
        rows = self._rows("shipments", count_or_ids, lambda row: void[row] == NULL)
        now = self.now()
        for row in rows:
            shipments.set(row, "void", now)
        self.applied += len(rows)
        return [shipments.ids[row] for row in rows]

    def insert(self, stream: str, count: int) -> list[int]:
        """Create `count` records dated now; returns their ids."""
        made = [getattr(self, f"_insert_{stream}")(self.now()) for _ in range(int(count))]
        self.applied += len(made)
        return made

    def _insert_orders(self, now: int) -> int:
        data, orders = self.data, self.data.orders
        pk = data.next_id(orders, self.rng, 100_000_000)
        ordered = truncate_to_second(now) - self.rng.below(3600) * TICKS_PER_SECOND
        orders.append(pk, create=now, modify=now, order_date=ordered, payment=ordered, ship_date=NULL,
                      items_modify=NULL, status=AWAITING_SHIPMENT,
                      store_id=self.rng.pick(data.store_ids(active_only=True)),
                      customer=self.rng.below(len(data.customers)), flags=0)
        return pk

    def _order_to_ship(self) -> int:
        """An order awaiting shipment (any order if none is)."""
        status = self.data.orders.cols["status"]
        waiting = [row for row in range(len(status)) if status[row] == AWAITING_SHIPMENT]
        return self.rng.pick(waiting) if waiting else self.rng.below(len(status))

    def _ship(self, order_row: int, now: int, external: bool) -> None:
        orders = self.data.orders
        orders.set(order_row, "status", SHIPPED)
        orders.set(order_row, "ship_date", midnight(now))
        orders.set(order_row, "modify", now)
        if external:
            orders.set(order_row, "flags", orders.cols["flags"][order_row] | EXTERNAL)

    def _insert_shipments(self, now: int) -> int:
        data = self.data
        order_row = self._order_to_ship()
        pk = data.next_id(data.shipments, self.rng, 30_000_000)
        data.shipments.append(pk, order=order_row, create=now, ship_date=midnight(now), void=NULL,
                              store_id=data.orders.cols["store_id"][order_row])
        self._ship(order_row, now, external=False)
        return pk

    def _insert_fulfillments(self, now: int) -> int:
        data = self.data
        order_row = self._order_to_ship()
        pk = data.next_id(data.fulfillments, self.rng, 240_000)
        data.fulfillments.append(pk, order=order_row, order_id=data.orders.ids[order_row], create=now,
                                 ship_date=midnight(now), void=NULL)
        self._ship(order_row, now, external=True)
        return pk

    def _insert_customers(self, now: int) -> int:
        customers = self.data.customers
        pk = self.data.next_id(customers, self.rng, 12_000_000)
        customers.append(pk, create=now, modify=now, name=f"New Customer {pk % 10_000}", marketplaces=(0,), tags=())
        return pk

    def _insert_products(self, now: int) -> int:
        products = self.data.products
        pk = self.data.next_id(products, self.rng, 7_000_000)
        products.append(pk, create=now, modify=now, sku=f"NEW-{pk}", active=True)
        return pk
