"""The seeded, deterministic account: small global lists plus compact tables of the big streams.

Only what filters, sorts and relations need is generated up front (dates, status, store,
customer); everything else in a record is drawn at render time from a per-record seed (see
records.py), so 200,000 orders take a few seconds and little memory.

Timelines are drawn as real instants and converted to Pacific wall time, so records created in
the fall-back hour get wall values that go backwards. On top of that the generator plants, on
purpose: orders in every fall-back repeated hour and in every spring-forward gap of the span,
groups of orders and shipments sharing one second, `dense_second` orders in one single second,
voided shipments, customers without a `modifyDate`, and inactive stores, users and products.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial
from datetime import date, datetime
from time import gmtime

from . import catalog, records
from .clock import (
    NULL,
    TICKS_PER_DAY,
    TICKS_PER_SECOND,
    epoch_of_wall,
    fall_back_day,
    spring_forward_day,
    to_ticks,
    truncate_to_second,
    wall_ticks_of_epoch,
)
from .draw import Draw
from .records import EXTERNAL, TRIM_DATES
from .table import Table

STATUS_CODE = {name: code for code, name in enumerate(catalog.ORDER_STATUSES)}
SHIPPED = STATUS_CODE["shipped"]
AWAITING_SHIPMENT = STATUS_CODE["awaiting_shipment"]
AWAITING_PAYMENT = STATUS_CODE["awaiting_payment"]

DAY = 86_400.0
_SALT = {name: i for i, name in enumerate(("orders", "items", "shipments", "fulfillments", "customers",
                                           "customer-extra", "products", "product-extra"))}


@dataclass(frozen=True)
class DataOptions:
    seed: int = 1
    orders: int = 600
    customers: int | None = None  # default: max(20, orders // 4)
    products: int = 60
    shipments: float = 0.6  # share of orders shipped with a label (each has one or two shipments)
    fulfillments: float = 0.1  # share of orders fulfilled by a third party
    stores: int = 4  # the last one is inactive
    warehouses: int = 3
    carriers: int = 4
    users: int = 4  # the last one is inactive
    dense_second: int = 0  # that many orders share one single modifyDate second
    anchor: str = "2026-11-20T12:00:00"  # Pacific wall time the data ends at
    years: float = 3.0  # how far back the data goes


DATA_OPTIONS = frozenset(f.name for f in fields(DataOptions))


def sql_datetime(ticks: int) -> int:
    """Round to SQL Server `datetime` resolution (1/300 s: milliseconds ending in 0, 3 or 7), which is
    what every fraction in the documented examples looks like."""
    whole_ms, _ = divmod(ticks, 10_000)
    last = whole_ms % 10
    whole_ms += (0, -1, 1, 0, -1, 2, 1, 0, -1, 1)[last]
    return whole_ms * 10_000


def midnight(ticks: int) -> int:
    return ticks - ticks % TICKS_PER_DAY


def _epoch_of_date(day: date) -> float:
    return (datetime.combine(day, datetime.min.time()) - datetime(1970, 1, 1)).total_seconds()


class Dataset:
    def __init__(self, options: DataOptions):
        self.options = o = options
        if not (0 <= o.shipments and 0 <= o.fulfillments and o.shipments + o.fulfillments <= 1):
            raise ValueError("shipments and fulfillments are shares of orders: each >= 0, together <= 1")
        if o.orders and (o.products < 1 or o.stores < 1 or o.warehouses < 1 or o.carriers < 1 or o.users < 1
                         or o.customers == 0):
            raise ValueError("orders need at least one product, customer, store, warehouse, carrier and user")
        self.seed = o.seed
        rng = Draw(o.seed)
        self.anchor = to_ticks(datetime.fromisoformat(o.anchor))
        self._end = epoch_of_wall(self.anchor)
        self._start = self._end - o.years * 365.25 * DAY
        self._identities: dict[tuple[str, int], tuple] = {}

        self.marketplaces = [records.marketplace(m) for m in catalog.MARKETPLACES]
        self.tags = [records.tag(t) for t in catalog.TAGS]
        self.carriers = [records.carrier(rng, i) for i in range(o.carriers)]
        self.warehouses = self._make_warehouses(rng)
        self.stores = self._make_stores(rng)
        self.users, self.active_users = self._make_users(rng)
        self.webhooks = [records.webhook(i, store) for i, store in enumerate(self.stores[:2])]

        self.products = self._make_products(rng)
        self.initial_products = len(self.products)  # items pick among these, so inserts change no order
        self.customers = self._make_customers(rng)
        self.orders = Table("orders", "orderId", dict(
            create="q", modify="q", order_date="q", payment="q", ship_date="q", items_modify="q",
            status="b", store_id="q", customer="q", flags="b"))
        self.shipments = Table("shipments", "shipmentId", dict(
            order="q", create="q", ship_date="q", void="q", store_id="q"))
        self.fulfillments = Table("fulfillments", "fulfillmentId", dict(
            order="q", order_id="q", create="q", ship_date="q", void="q"))
        self._make_orders(rng)
        for table, render in ((self.orders, records.order), (self.shipments, records.shipment),
                              (self.fulfillments, records.fulfillment),
                              (self.customers, records.customer), (self.products, records.product)):
            table.render = partial(render, self)

    # --- helpers shared with mutations

    def rng(self, stream: str, pk: int) -> Draw:
        """The generator of one record's cosmetic fields: the same record renders the same way."""
        return Draw((self.seed * 1_000_003 + _SALT[stream]) << 48 | pk)

    def wall(self, epoch: float) -> int:
        return sql_datetime(wall_ticks_of_epoch(epoch))

    def table(self, stream: str) -> Table:
        return {"orders": self.orders, "shipments": self.shipments, "fulfillments": self.fulfillments,
                "customers": self.customers, "products": self.products}[stream]

    def next_id(self, table: Table, rng: Draw, first: int) -> int:
        return (table.ids[-1] if len(table) else first) + rng.between(1, 3)

    def store_ids(self, active_only: bool = False) -> list[int]:
        return [s["storeId"] for s in self.stores if s["active"] or not active_only]

    def identity(self, stream: str, row: int, make) -> tuple:
        """Memoized per-record facts other streams copy (a customer's address, a product's price)."""
        key = (stream, row)
        found = self._identities.get(key)
        if found is None:
            found = self._identities[key] = make(self, row)
        return found

    # --- small lists

    def _make_warehouses(self, rng):
        ids = sorted(rng.sample(range(10_000, 99_999), self.options.warehouses))
        return [records.warehouse_base(rng, i, wid, self.wall(self._start - rng.uniform(30, 400) * DAY))
                for i, wid in enumerate(ids)]

    def _make_stores(self, rng):
        n = self.options.stores
        ids = sorted(rng.sample(range(10_000, 99_999), n))
        picks = [0] + [m[0] for m in catalog.MARKETPLACES if m[0] in (36, 26, 2, 4, 8)]
        stores = []
        for i, sid in enumerate(ids):
            created = self._start - rng.uniform(30, 400) * DAY
            stores.append(records.store_base(rng, i, sid, picks[i % len(picks)], active=i < n - 1 or n == 1,
                                             created=self.wall(created),
                                             modified=self.wall(created + rng.uniform(1, 300) * DAY),
                                             refreshed=self.wall(self._end - rng.uniform(0, 2) * DAY)))
        return stores

    def _make_users(self, rng):
        n = self.options.users
        users = [records.user(rng, i) for i in range(n)]
        return users, [i < n - 1 or n == 1 for i in range(n)]

    def _make_products(self, rng) -> Table:
        n = self.options.products
        table = Table("products", "productId", dict(create="q", modify="q", sku=None, active="b"))
        created = sorted(rng.uniform(self._start - 365 * DAY, self._end - 30 * DAY) for _ in range(n))
        skus = rng.sample(range(1000, 1000 + 50 * max(n, 1)), n)
        pk = 7_000_000 + rng.below(900_000)
        for epoch, sku in zip(created, skus):
            pk += rng.between(1, 40)
            modified = epoch if rng.random() < 0.4 else min(self._end, epoch + rng.uniform(60, 500 * DAY))
            table.append(pk, create=self.wall(epoch), modify=self.wall(modified),
                         sku=f"{rng.pick(catalog.PRODUCT_NOUNS)[:3].upper()}-{sku}",
                         active=rng.random() >= 0.1 or epoch == created[0])
        return table

    def _make_customers(self, rng) -> Table:
        o = self.options
        n = o.customers if o.customers is not None else max(20, o.orders // 4)
        table = Table("customers", "customerId", dict(create="q", modify="q", name=None,
                                                       marketplaces=None, tags=None))
        created = sorted(rng.uniform(self._start - 200 * DAY, self._end - 3600) for _ in range(n))
        store_markets = sorted({s["marketplaceId"] for s in self.stores} - {0})
        pk = 12_000_000 + rng.below(1_000_000)
        for i, epoch in enumerate(created):
            pk += rng.between(1, 50)
            roll = rng.random()
            # Some customers have no modifyDate key at all (as in the docs); 1 in 7, and never the first.
            modified = (NULL if roll < 0.15 and i else self.wall(epoch) if roll < 0.5
                        else self.wall(min(self._end, epoch + rng.uniform(60, 400 * DAY))))
            others = store_markets + [67]  # TradeGecko, as in the docs
            markets = (0,) + tuple(sorted(rng.sample(others, min(len(others), rng.between(0, 2)))))
            tags = tuple(sorted(t[0] for t in rng.sample(catalog.TAGS, rng.pick((0, 0, 1, 2)))))
            table.append(pk, create=self.wall(epoch), modify=modified,
                         name=f"{rng.pick(catalog.FIRST_NAMES)} {rng.pick(catalog.LAST_NAMES)}",
                         marketplaces=markets, tags=tags)
        return table

    # --- orders, and the shipments and fulfillments that follow from them

    def _special_instants(self) -> list[tuple[float, str]]:
        """Creation instants (UTC seconds) of the planted DST orders, newest days first."""
        specials = []
        last, first = gmtime(self._end).tm_year, gmtime(self._start).tm_year
        for year in range(last, first - 1, -1):
            fall = _epoch_of_date(fall_back_day(year))
            # 08:20 and 08:50 UTC are 01:20 and 01:50 PDT; 09:05 and 09:40 UTC are 01:05 and 01:40 PST.
            for minutes in (8 * 60 + 20, 8 * 60 + 50, 9 * 60 + 5, 9 * 60 + 40):
                specials.append((fall + minutes * 60 + (minutes * 7919) % 299, "fall_back"))  # + some seconds
            spring = _epoch_of_date(spring_forward_day(year))
            specials.append((spring + 9.5 * 3600, "spring_gap"))  # created 01:30 PST, modified in the gap
            specials.append((spring + 9.6 * 3600, "spring_gap_created"))  # created and modified in the gap
        return [s for s in specials if self._start < s[0] < self._end - 3600]

    def _make_orders(self, rng: Draw) -> None:
        o = self.options
        n = o.orders
        specials = self._special_instants()[: n // 5]
        timeline = sorted([(rng.uniform(self._start, self._end - 600), "") for _ in range(n - len(specials))]
                          + specials)
        n_customers = len(self.customers)
        active_stores = self.store_ids(active_only=True)
        all_stores = self.store_ids()
        middle = (self._start + self._end) / 2
        other_statuses = [STATUS_CODE[s] for s in ("awaiting_payment", "awaiting_shipment", "awaiting_shipment",
                                                   "pending_fulfillment", "on_hold", "cancelled", "cancelled")]
        shipments: list[tuple[float, int, float]] = []  # (created, order row, voided at or 0)
        fulfillments: list[tuple[float, int, float]] = []
        # Two label batches: an order and the next two share one shipment createDate second (the first
        # batch one identical value, the second distinct fractions).
        batch_starts = {}
        for group, target in enumerate((n // 3, 2 * n // 3) if n >= 12 and o.shipments > 0 else ()):
            start = next((i for i in range(target, n - 2) if not any(t[1] for t in timeline[i:i + 3])), None)
            if start is not None:
                batch_starts[start] = group
        batch: list = []  # [epoch second, group, labels left, shared fraction]
        pk = 100_000_000 + rng.below(10_000_000)
        for i, (created, special) in enumerate(timeline):
            pk += rng.between(1, 3)
            roll = rng.random()
            batch_ship = None
            if i in batch_starts and i + 2 < n:
                second = float(int(min(self._end - 60, max(created + 3600, timeline[i + 2][0] + 600))))
                batch = [second, batch_starts[i], 3, rng.below(100) * 0.01]
            if batch and batch[2] and not special and created < batch[0]:
                batch[2] -= 1
                batch_ship = batch[0] + (batch[3] if batch[1] == 0 else rng.below(100) * 0.01)
                roll = 0.0  # shipped with a label
            flags = TRIM_DATES if rng.random() < 0.1 else 0
            status = (SHIPPED if roll < o.shipments + o.fulfillments
                      else other_statuses[int(rng.random() * len(other_statuses))])
            if special:
                status = SHIPPED if special == "fall_back" and i % 2 else AWAITING_SHIPMENT
            ordered = float(int(created - rng.uniform(0, 3 * DAY)))
            paid = NULL if status == AWAITING_PAYMENT else self.wall(ordered + int(rng.uniform(0, 60)))
            if special == "fall_back":
                modified = created + rng.uniform(30, 300)  # stays inside the repeated hour
            elif rng.random() < 0.5:
                modified = created + rng.uniform(0.05, 3)  # touched right after import, as in the docs
            else:
                modified = min(self._end, created + rng.uniform(60, 90 * DAY))
            ship_date = NULL
            if status == SHIPPED and special == "fall_back":
                shipped = created + rng.uniform(60, 240)
                shipments.append((shipped, i, 0.0))
                modified = shipped + rng.uniform(1, 60)
                ship_date = midnight(self.wall(shipped))
            elif status == SHIPPED and roll < o.shipments:
                shipped = batch_ship or min(created + rng.uniform(3600, 5 * DAY), self._end - 60)
                if rng.random() < 0.08:  # a first label that was voided and replaced
                    first = max(created + 1, shipped - rng.uniform(600, 3 * 3600))
                    shipments.append((first, i, min(shipped - 1, first + rng.uniform(60, 1800))))
                voided = 0.0
                if rng.random() < 0.03:  # the only label voided later: the order awaits shipment again
                    voided = min(self._end - 1, shipped + rng.uniform(3600, 10 * DAY))
                    status = AWAITING_SHIPMENT
                shipments.append((shipped, i, voided))
                modified = min(self._end, max(modified, voided or shipped) + rng.uniform(0.1, 5))
                ship_date = NULL if voided else midnight(self.wall(shipped))
            elif status == SHIPPED:
                flags |= EXTERNAL
                fulfilled = min(created + rng.uniform(3600, 3 * DAY), self._end - 60)
                voided = min(self._end - 1, fulfilled + rng.uniform(3600, 5 * DAY)) if rng.random() < 0.05 else 0.0
                fulfillments.append((fulfilled, i, voided))
                modified = min(self._end, max(modified, fulfilled) + rng.uniform(0.1, 5))
                ship_date = midnight(self.wall(fulfilled))
            create_ticks, modify_ticks = self.wall(created), self.wall(modified)
            if special.startswith("spring_gap"):  # wall values no real clock shows
                gap = midnight(create_ticks) + 2 * 3600 * TICKS_PER_SECOND
                modify_ticks = gap + sql_datetime(int(rng.uniform(1800, 3599) * TICKS_PER_SECOND))
                if special == "spring_gap_created":
                    create_ticks = gap + sql_datetime(int(rng.uniform(60, 1700) * TICKS_PER_SECOND))
            stores = all_stores if created < middle else active_stores
            self.orders.append(
                pk, create=create_ticks, modify=modify_ticks, order_date=self.wall(ordered), payment=paid,
                ship_date=ship_date, items_modify=NULL, status=status,
                store_id=stores[int(rng.random() * len(stores))],
                customer=int(rng.random() * max(1, min(n_customers, n_customers * (i + 1) // n))),
                flags=flags)
        self._share_seconds(rng, self.orders, "modify", exclude={i for i, (_, s) in enumerate(timeline) if s})
        self._dense_second(rng)
        self._make_shipments(rng, sorted(shipments))
        self._make_fulfillments(rng, fulfillments)

    def _share_seconds(self, rng, table: Table, column: str, exclude=frozenset(), groups=3, size=3) -> None:
        """Plant bulk edits: groups of records whose `column` moves to one later second. The first group
        gets one identical value, the others distinct fractions of the same second."""
        candidates = [r for r in range(len(table)) if r not in exclude]
        if len(candidates) < groups * size:
            return
        col = table.cols[column]
        chosen = rng.sample(candidates, groups * size)
        for g in range(groups):
            rows = chosen[g * size:(g + 1) * size]
            second = truncate_to_second(max(col[r] for r in rows)) + TICKS_PER_SECOND
            if second > self.anchor:
                continue
            fractions = sorted(rng.sample(range(0, 1000, 10), size)) if g else [10 * rng.below(100)] * size
            for r, ms in zip(rows, fractions):
                col[r] = sql_datetime(second + ms * 10_000)

    def _dense_second(self, rng) -> None:
        """`dense_second` orders whose modifyDate falls in one single second, three hours before the
        anchor: more than a page of records no one-second filter can split."""
        n = self.options.dense_second
        if not n:
            return
        second = self.anchor - 3 * 3600 * TICKS_PER_SECOND
        create, modify = self.orders.cols["create"], self.orders.cols["modify"]
        candidates = [r for r in range(len(self.orders)) if create[r] < second]
        if n > len(candidates):
            raise ValueError(f"dense_second={n} exceeds the {len(candidates)} orders created before that second")
        shared = sql_datetime(second + rng.below(10_000_000))
        for r in rng.sample(candidates, n):
            modify[r] = shared if rng.random() < 0.1 else sql_datetime(second + rng.below(10_000_000))

    def _make_shipments(self, rng, shipments) -> None:
        pk = 30_000_000 + rng.below(5_000_000)
        store_id = self.orders.cols["store_id"]
        for created, order_row, voided in shipments:
            pk += rng.between(1, 3)
            created_ticks = self.wall(created)
            self.shipments.append(pk, order=order_row, create=created_ticks, ship_date=midnight(created_ticks),
                                  void=self.wall(voided) if voided else NULL, store_id=store_id[order_row])

    def _make_fulfillments(self, rng, fulfillments) -> None:
        pk = 240_000 + rng.below(100_000)
        for created, order_row, voided in sorted(fulfillments):
            pk += rng.between(1, 3)
            created_ticks = self.wall(created)
            self.fulfillments.append(pk, order=order_row, order_id=self.orders.ids[order_row], create=created_ticks,
                                     ship_date=midnight(created_ticks), void=self.wall(voided) if voided else NULL)
