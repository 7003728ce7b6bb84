"""Records in exactly the shapes of the documented examples (key order, casing, which keys exist).

The big streams render from a table row: dates, status, store and relations come from the
row's columns (and mutation overrides), the rest from the record's own seeded generator, so a
record looks the same every time it is rendered.
"""

from __future__ import annotations

import orjson

from . import catalog
from .draw import Draw
from .clock import DATE, F3, F7, NULL, TICKS_PER_DAY, TICKS_PER_SECOND, TRIM, render


# Order flags (a column of the orders table)
TRIM_DATES = 1  # order-level dates written without trailing zeros (0 to 7 digits), as some imports show
EXTERNAL = 2  # fulfilled by a third party: has a fulfillment and the externallyFulfilledBy* fields


def _money(amount: float) -> float | int:
    """Rounded to cents; whole amounts as JSON integers, as in the docs (`"shippingAmount": 10`)."""
    amount = round(amount, 2)
    return int(amount) if amount == int(amount) else amount


def _phone(rng: Draw) -> str:
    return f"555-555-{rng.below(10_000):04d}"


def _address(name, company, street1, street2, city, state, postal, country, phone, residential,
             verified=...) -> dict:
    """The Address shape; `verified` left out drops the addressVerified key (warehouse lists, shipments)."""
    address = {"name": name, "company": company, "street1": street1, "street2": street2, "street3": None,
               "city": city, "state": state, "postalCode": postal, "country": country, "phone": phone,
               "residential": residential}
    if verified is not ...:
        address["addressVerified"] = verified
    return address


# --- small lists


def marketplace(m) -> dict:
    marketplace_id, name, refresh, mappings, statuses, confirm = m
    return {"name": name, "marketplaceId": marketplace_id, "canRefresh": refresh,
            "supportsCustomMappings": mappings, "supportsCustomStatuses": statuses,
            "canConfirmShipments": confirm}


def tag(t) -> dict:
    return {"tagId": t[0], "name": t[1], "color": t[2]}


def carrier(rng: Draw, i: int) -> dict:
    name, code, account, funded, nickname = catalog.CARRIERS[i % len(catalog.CARRIERS)]
    if i >= len(catalog.CARRIERS):
        nickname = f"{name} {i + 1}"
    return {"name": name, "code": code, "accountNumber": account, "requiresFundedAccount": funded,
            "balance": _money(rng.uniform(0, 2500)) if funded else 0, "nickname": nickname,
            "shippingProviderId": 12345 + i, "primary": nickname is None}


def warehouse_base(rng: Draw, i: int, warehouse_id: int, created: int) -> dict:
    city, state, postal, country = catalog.CITIES[i % 8]
    street = f"{rng.between(100, 999)} {rng.pick(catalog.STREETS)}"
    phone = f"512555{rng.below(10_000):04d}"
    name = "Main warehouse" if i == 0 else f"{city} warehouse"
    return {"warehouseId": warehouse_id, "warehouseName": name,
            "originAddress": _address(name, "", street, "", city, state, postal, country, phone, False),
            "returnAddress": _address("ShipStation", "ShipStation", street, "", city, state, postal, country,
                                      phone, None),
            "createDate": render(created, F7), "isDefault": i == 0}


def warehouse_details(base: dict) -> dict:
    """Get Warehouse: the list shape, plus addressVerified in both addresses."""
    details = dict(base)
    for key in ("originAddress", "returnAddress"):
        details[key] = {**base[key], "addressVerified": None}
    return details


def store_base(rng: Draw, i: int, store_id: int, marketplace_id: int, active: bool,
               created: int, modified: int, refreshed: int) -> dict:
    market = next(m for m in catalog.MARKETPLACES if m[0] == marketplace_id)
    manual = marketplace_id == 0
    # refreshDate 8 h after lastRefreshAttempt on some stores: the docs' UTC-next-to-Pacific quirk.
    attempt = refreshed - (0 if rng.chance(0.5) else 8 * 3600 * TICKS_PER_SECOND)
    return {"storeId": store_id,
            "storeName": "ShipStation Manual Store" if manual else f"Sample's {market[1]} Store {i}",
            "marketplaceId": marketplace_id, "marketplaceName": market[1], "accountName": None, "email": None,
            "integrationUrl": None if manual else f"http://store{i}.example.com/", "active": active,
            "companyName": "", "phone": "", "publicEmail": f"store{i}@example.com" if manual else "",
            "website": "", "refreshDate": render(refreshed, TRIM), "lastRefreshAttempt": render(attempt, TRIM),
            "createDate": render(created, TRIM), "modifyDate": render(modified, TRIM), "autoRefresh": not manual}


def store_details(store: dict) -> dict:
    keys = catalog.STATUS_MAPPINGS.get(store["marketplaceId"], [s.title() for s in ("pending", "processing",
                                                                                     "completed", "cancelled",
                                                                                     "on-hold")])
    return {**store, "statusMappings": [{"orderStatus": status, "statusKey": key}
                                        for status, key in zip(catalog.MAPPED_STATUSES, keys)]}


def user(rng: Draw, i: int) -> dict:
    return {"userId": rng.guid(), "userName": f"SS-user{i + 1}", "name": f"Shipping Employee {i + 1}"}


def webhook(i: int, store: dict) -> dict:
    hook_type, url = [("ITEM_ORDER_NOTIFY", "http://example.endpoint/orders"),
                      ("SHIP_NOTIFY", "https://example.endpoint/shipment")][i % 2]
    return {"IsLabelAPIHook": False, "WebHookID": 123 + 333 * i, "SellerID": 100000, "StoreID": store["storeId"],
            "HookType": hook_type, "MessageFormat": "Json", "Url": url,
            "Name": ["My Order Webhook", "My Shipment Webhook"][i % 2], "BulkCopyBatchID": None,
            "BulkCopyRecordID": None, "Active": True, "WebhookLogs": [], "Seller": None, "Store": None}


def services(carrier_code: str) -> list[dict]:
    return [{"carrierCode": carrier_code, "code": code, "name": name, "domestic": dom, "international": intl}
            for code, name, dom, intl in catalog.SERVICES.get(carrier_code, [])]


def packages(carrier_code: str) -> list[dict]:
    return [{"carrierCode": carrier_code, "code": code, "name": name, "domestic": dom, "international": intl}
            for code, name, dom, intl in catalog.PACKAGES]


# --- facts other streams copy, memoized per row by Dataset.identity


def customer_identity(ds, row: int) -> tuple:
    pk = ds.customers.ids[row]
    rng = ds.rng("customers", pk)
    name = ds.customers.cols["name"][row]
    city, state, postal, country = rng.pick(catalog.CITIES)
    email = f"{name.lower().replace(' ', '.')}{pk % 10_000}@example.com"
    return (pk, name, rng.pick(catalog.COMPANIES[1:]), f"{rng.between(1, 9999)} {rng.pick(catalog.STREETS)}",
            rng.pick(("", "", "Suite 100", "Apt 4")), city, state, postal, country, _phone(rng), email)


def product_identity(ds, row: int) -> tuple:
    pk = ds.products.ids[row]
    rng = ds.rng("products", pk)
    sku = ds.products.cols["sku"][row]
    name = f"{rng.pick(catalog.PRODUCT_ADJECTIVES)} {rng.pick(catalog.PRODUCT_NOUNS)}"
    price = _money(rng.pick((9.99, 10, 26, 49.99, 99.99, 225)) * rng.pick((1, 1, 0.5, 2)))
    return (pk, sku, name, price, rng.pick((0, 8, 12, 24, 26, 80, 96)), f"Bin {rng.between(1, 120)}",
            rng.pick((None, f"F{sku}")), rng.pick((None, None, f"{rng.below(10**12):012d}")))


# --- the big streams


def order_items(ds, row: int) -> list[dict]:
    t = ds.orders
    pk = t.ids[row]
    rng = ds.rng("items", pk)
    created = render(t.cols["create"][row], F3)
    item_modify = t.cols["items_modify"][row]
    modified = created if item_modify == NULL else render(item_modify, F3)
    items = []
    for k in range(rng.pick((1, 1, 1, 2, 2, 3))):
        product_id, sku, name, price, weight, location, fulfillment_sku, upc = ds.identity(
            "products", rng.below(ds.initial_products), product_identity)
        option_name, values = rng.pick(catalog.ITEM_OPTIONS)
        items.append({
            "orderItemId": pk * 4 + k, "lineItemKey": rng.pick((None, f"vd08-{rng.below(10**6):06d}")),
            "sku": sku, "name": name, "imageUrl": rng.pick((None, None, f"https://img.example.com/{sku}.jpg")),
            "weight": {"value": weight, "units": "ounces"}, "quantity": rng.between(1, 3), "unitPrice": price,
            "taxAmount": None, "shippingAmount": None, "warehouseLocation": location,
            "options": [{"name": option_name, "value": rng.pick(values)}] if rng.chance(0.3) else [],
            "productId": product_id, "fulfillmentSku": fulfillment_sku, "adjustment": False, "upc": upc,
            "createDate": created, "modifyDate": modified})
    if rng.chance(0.08):  # a discount line, as in the docs: no product, negative price
        items.append({
            "orderItemId": pk * 4 + 3, "lineItemKey": None, "sku": "DISCOUNT CODE", "name": "10% OFF",
            "imageUrl": None, "weight": {"value": 0, "units": "ounces"}, "quantity": 1,
            "unitPrice": -_money(rng.uniform(1, 30)), "taxAmount": None, "shippingAmount": None,
            "warehouseLocation": None, "options": [], "productId": None, "fulfillmentSku": None,
            "adjustment": True, "upc": None, "createDate": created, "modifyDate": modified})
    return items


def order(ds, row: int, variant: int = 0) -> dict:
    t, c = ds.orders, ds.orders.cols
    pk = t.ids[row]
    rng = ds.rng("orders", pk)
    fmt = TRIM if c["flags"][row] & TRIM_DATES else F7
    external = bool(c["flags"][row] & EXTERNAL)
    status = catalog.ORDER_STATUSES[c["status"][row]]
    customer_id, name, company, street1, street2, city, state, postal, country, phone, email = ds.identity(
        "customers", c["customer"][row], customer_identity)
    ordered = c["order_date"][row]
    items = order_items(ds, row)
    goods = [i for i in items if not i["adjustment"]]
    subtotal = sum(i["quantity"] * i["unitPrice"] for i in items)
    tax = _money(subtotal * rng.pick((0, 0, 0.0625, 0.0825)))
    shipping = rng.pick((0, 5, 10, 35))
    total = _money(subtotal + tax + shipping)
    weight = sum(i["weight"]["value"] * i["quantity"] for i in items)
    carrier = ds.carriers[rng.below(len(ds.carriers))]
    has_carrier = rng.chance(0.7) or status == "shipped"  # draw first: a status change must not reshuffle
    service = catalog.SERVICES.get(carrier["code"], [("standard", "", True, True)])[0][0]
    warehouse = ds.warehouses[rng.below(len(ds.warehouses))]["warehouseId"]
    international = country != "US"
    record = {
        "orderId": pk,
        "orderNumber": f"{100000 + pk % 900000}",
        "orderKey": rng.pick((rng.guid(), f"{pk:x}{rng.below(10**6)}")),
        "orderDate": render(ordered, fmt),
        "createDate": render(c["create"][row], fmt),
        "modifyDate": render(c["modify"][row], fmt),
        "paymentDate": render(c["payment"][row], fmt),
        "shipByDate": render(ordered - ordered % TICKS_PER_DAY + 5 * TICKS_PER_DAY, fmt)
        if rng.chance(0.7) else None,
        "orderStatus": status,
        "customerId": customer_id,
        "customerUsername": email,
        "customerEmail": email,
        "billTo": _address(name, None, None, None, None, None, None, None, None, None, None),
        "shipTo": _address(name, company, street1, street2, city, state, postal, country,
                           rng.pick((phone, None)), rng.pick((True, False)),
                           rng.pick(catalog.ADDRESS_VERIFIED)),
        "items": items,
        "orderTotal": total,
        "amountPaid": 0 if status == "awaiting_payment" else total,
        "taxAmount": tax,
        "shippingAmount": shipping,
        "customerNotes": rng.pick(catalog.NOTES),
        "internalNotes": rng.pick((None, None, "Customer called and would like to upgrade shipping")),
        "gift": (gift := rng.chance(0.1)),
        "giftMessage": "Thank you!" if gift else None,
        "paymentMethod": rng.pick(catalog.PAYMENT_METHODS),
        "requestedShippingService": rng.pick(catalog.REQUESTED_SERVICES),
        "carrierCode": carrier["code"] if has_carrier else None,
        "serviceCode": service if has_carrier else None,
        "packageCode": "package" if has_carrier else None,
        "confirmation": rng.pick(catalog.CONFIRMATIONS),
        "shipDate": render(c["ship_date"][row], DATE),
        "holdUntilDate": render(ordered - ordered % TICKS_PER_DAY + 7 * TICKS_PER_DAY, fmt)
        if status == "on_hold" else None,
        "weight": {"value": weight, "units": "ounces"},
        "dimensions": {"units": "inches", "length": rng.between(4, 40), "width": rng.between(3, 12),
                       "height": rng.between(1, 10)} if rng.chance(0.6) else None,
        "insuranceOptions": (
            {"provider": "carrier", "insureShipment": True, "insuredValue": round(total)}
            if rng.chance(0.2) else {"provider": None, "insureShipment": False, "insuredValue": 0}),
        "internationalOptions": {
            "contents": "merchandise",
            "customsItems": [{"customsItemId": pk * 4 + k + 10**10, "description": i["name"],
                              "quantity": i["quantity"], "value": i["unitPrice"], "harmonizedTariffCode": None,
                              "countryOfOrigin": "US"} for k, i in enumerate(goods)],
            "nonDelivery": "return_to_sender"} if international
        else {"contents": None, "customsItems": None, "nonDelivery": None},
        "advancedOptions": {
            "warehouseId": warehouse, "nonMachinable": False, "saturdayDelivery": False,
            "containsAlcohol": False, "mergedOrSplit": False, "mergedIds": [], "parentId": None,
            "storeId": c["store_id"][row],
            "customField1": rng.pick((None, f"SKU: {items[0]['sku']} x {items[0]['quantity']}")),
            "customField2": None, "customField3": None, "source": rng.pick(catalog.SOURCES),
            "billToParty": None, "billToAccount": None, "billToPostalCode": None, "billToCountryCode": None},
        "tagIds": sorted({rng.pick(ds.tags)["tagId"] for _ in range(rng.between(1, 2))})
        if rng.chance(0.15) else None,
        "userId": ds.users[rng.below(len(ds.users))]["userId"] if rng.chance(0.3) else None,
        "externallyFulfilled": external,
        "externallyFulfilledBy": "Example Fulfillment Provider" if external else None,
    }
    if external:  # present on some orders only, as in the docs
        record["externallyFulfilledById"] = 12345
        record["externallyFulfilledByName"] = "Example Fulfillment Provider Name"
    return record


_SHIPMENT_ITEM_KEYS = ("orderItemId", "lineItemKey", "sku", "name", "imageUrl", "weight", "quantity",
                       "unitPrice", "warehouseLocation", "options", "productId", "fulfillmentSku")


def shipment(ds, row: int, variant: int = 0) -> dict:
    """variant 1 fills shipmentItems (includeShipmentItems=true); otherwise it is null."""
    t, c = ds.shipments, ds.shipments.cols
    pk = t.ids[row]
    rng = ds.rng("shipments", pk)
    the_order = orjson.loads(ds.orders.json(c["order"][row]))  # reuses the order's cached rendering
    void = c["void"][row]
    record = {"shipmentId": pk, "orderId": the_order["orderId"]}
    if rng.chance(0.5):  # later copies of the docs example add orderKey; the 2017 one has none
        record["orderKey"] = the_order["orderKey"]
    ship_to = dict(the_order["shipTo"])
    del ship_to["addressVerified"]
    record.update({
        "userId": ds.users[rng.below(len(ds.users))]["userId"],
        "orderNumber": the_order["orderNumber"],
        "createDate": render(c["create"][row], F7),
        "shipDate": render(c["ship_date"][row], DATE),
        "shipmentCost": _money(rng.uniform(1.5, 40)),
        "insuranceCost": 0,
        "trackingNumber": f"94001118995617{rng.below(10**8):08d}",
        "isReturnLabel": False,
        "batchNumber": rng.pick((None, f"{100000 + rng.below(900000)}")),
        "carrierCode": the_order["carrierCode"] or ds.carriers[0]["code"],
        "serviceCode": the_order["serviceCode"],
        "packageCode": the_order["packageCode"] or "package",
        "confirmation": the_order["confirmation"],
        "warehouseId": the_order["advancedOptions"]["warehouseId"],
        "voided": void != NULL,
        "voidDate": render(void, F7),
        "marketplaceNotified": rng.chance(0.8),
        "notifyErrorMessage": None,
        "shipTo": ship_to,
        "weight": the_order["weight"],
        "dimensions": the_order["dimensions"],
        "insuranceOptions": the_order["insuranceOptions"],
        "advancedOptions": the_order["advancedOptions"],
        "shipmentItems": [{k: item[k] for k in _SHIPMENT_ITEM_KEYS} for item in the_order["items"]
                          if not item["adjustment"]] if variant else None,
        "labelData": None,
        "formData": None,
    })
    return record


def fulfillment(ds, row: int, variant: int = 0) -> dict:
    t, c = ds.fulfillments, ds.fulfillments.cols
    pk = t.ids[row]
    rng = ds.rng("fulfillments", pk)
    the_order = orjson.loads(ds.orders.json(c["order"][row]))  # reuses the order's cached rendering
    void = c["void"][row]
    record = {
        "fulfillmentId": pk, "orderId": the_order["orderId"], "orderNumber": the_order["orderNumber"],
        "userId": ds.users[rng.below(len(ds.users))]["userId"], "customerEmail": the_order["customerEmail"],
        "trackingNumber": f"7834{rng.below(10**8):08d}", "createDate": render(c["create"][row], F7),
        "shipDate": render(c["ship_date"][row], F7), "voidDate": render(void, F7), "deliveryDate": None,
        # a display name here, unlike the codes on shipments
        "carrierCode": rng.pick(("USPS", "FedEx", "UPS")),
    }
    if rng.chance(0.5):  # present on some fulfillments only, absent (not null) on the others
        record["sellerFillProviderId"] = 12345
        record["sellerFillProviderName"] = "Example Fulfillment Provider Name"
    record.update({
        "fulfillmentProviderCode": None, "fulfillmentServiceCode": None,
        "fulfillmentFee": rng.pick((0, 0, 2.5)), "voidRequested": void != NULL, "voided": void != NULL,
        "marketplaceNotified": rng.chance(0.9), "notifyErrorMessage": None, "shipTo": the_order["shipTo"],
    })
    return record


def customer(ds, row: int, variant: int = 0) -> dict:
    c = ds.customers.cols
    pk, name, company, street1, street2, city, state, postal, country, phone, email = ds.identity(
        "customers", row, customer_identity)
    rng = ds.rng("customer-extra", pk)
    created = c["create"][row]
    record = {"customerId": pk, "createDate": render(created, F7)}
    if c["modify"][row] != NULL:  # some customers have no modifyDate key at all
        record["modifyDate"] = render(c["modify"][row], F7)
    names = {m[0]: m[1] for m in catalog.MARKETPLACES}
    usernames = []
    for k, market in enumerate(c["marketplaces"][row]):
        dated = market != 67 and rng.chance(0.9)
        usernames.append({
            "customerUserId": pk * 4 + k, "customerId": pk,
            "createDate": render(created + k * TICKS_PER_SECOND * 7, F7) if dated else None,
            "modifyDate": render(created + k * TICKS_PER_SECOND * 7, F7) if dated else None,
            "marketplaceId": market, "marketplace": names[market],
            "username": email if k == 1 else email.replace("@", f".{names[market].lower()[:4]}@")})
    tag_names = {t[0]: t[1] for t in catalog.TAGS}
    record.update({
        "name": name, "company": company, "street1": street1, "street2": street2, "city": city,
        "state": state, "postalCode": postal, "countryCode": country, "phone": phone, "email": email,
        "addressVerified": rng.pick(("Verified", "Verified", "Unverified")),
        "marketplaceUsernames": usernames,
        "tags": [{"tagId": t, "name": tag_names[t]} for t in c["tags"][row]],
    })
    return record


def product(ds, row: int, variant: int = 0) -> dict:
    c = ds.products.cols
    pk, sku, name, price, weight, location, fulfillment_sku, upc = ds.identity("products", row, product_identity)
    rng = ds.rng("product-extra", pk)
    newer = rng.chance(0.4)  # the later Get Product example adds aliases, upc and thumbnailURL
    category = rng.pick(catalog.PRODUCT_CATEGORIES + [None])
    record = {"aliases": rng.pick((None, [f"{sku}-ALT"]))} if newer else {}
    carrier = rng.pick(ds.carriers)["code"]
    customs = rng.chance(0.3)
    tags = sorted({rng.pick(catalog.TAGS) for _ in range(rng.pick((0, 1, 1, 2)))})
    record.update({
        "productId": pk, "sku": sku, "name": name, "price": price,
        "defaultCost": rng.pick((None, 0, _money(price / 2))),
        "length": rng.between(1, 20), "width": rng.between(1, 20), "height": rng.between(1, 20), "weightOz": weight,
        "internalNotes": rng.pick((None, None, "Fragile")), "fulfillmentSku": fulfillment_sku,
        "createDate": render(c["create"][row], F3), "modifyDate": render(c["modify"][row], F3),
        "active": bool(c["active"][row]),
        "productCategory": {"categoryId": category[0], "name": category[1]} if category else None,
        "productType": None, "warehouseLocation": location,
        "defaultCarrierCode": carrier, "defaultServiceCode": (catalog.SERVICES.get(carrier) or [[None]])[0][0],
        "defaultPackageCode": "package", "defaultIntlCarrierCode": rng.pick((None, "ups")),
        "defaultIntlServiceCode": None, "defaultIntlPackageCode": rng.pick((None, "package")),
        "defaultConfirmation": rng.pick(catalog.CONFIRMATIONS), "defaultIntlConfirmation": None,
        "customsDescription": "customs declaration" if customs else None,
        "customsValue": round(price) if customs else None, "customsTariffNo": "1234567" if customs else None,
        "customsCountryCode": "US" if customs else None, "noCustoms": None,
        "tags": [{"tagId": t[0], "name": t[1]} for t in tags],
    })
    if newer:
        record["upc"] = upc
        record["thumbnailURL"] = rng.pick((None, f"https://img.example.com/{sku}.png"))
    return record
