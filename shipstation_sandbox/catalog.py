"""Fixed reference data: what is the same for every seed (marketplaces are ShipStation's global
list) and the word pools generated records draw from."""

# (marketplaceId, name, canRefresh, supportsCustomMappings, supportsCustomStatuses, canConfirmShipments)
MARKETPLACES = [
    (0, "ShipStation", False, False, False, False),
    (2, "Amazon", True, True, False, True),
    (4, "eBay", True, True, False, True),
    (6, "Etsy", True, False, False, True),
    (8, "BigCommerce", True, True, True, True),
    (11, "Magento", True, True, True, True),
    (23, "3DCart", True, True, False, True),
    (26, "Shopify", True, True, False, True),
    (32, "Amazon CA", True, True, False, True),
    (36, "WooCommerce", True, True, True, True),
    (45, "Walmart", True, False, False, True),
    (67, "TradeGecko", True, True, False, True),
]

# Status keys a store maps ShipStation's statuses to; "{}" takes the marketplace's style.
STATUS_MAPPINGS = {
    36: ["Pending", "Processing", "Completed", "Cancelled", "On-hold"],
    26: ["pending", "paid", "fulfilled", "cancelled", "on_hold"],
    2: ["Pending", "Unshipped", "Shipped", "Canceled", "PendingAvailability"],
}
MAPPED_STATUSES = ["awaiting_payment", "awaiting_shipment", "shipped", "cancelled", "on_hold"]

# (name, code, accountNumber, requiresFundedAccount, nickname); the FedEx account number is a JSON
# number as in the docs, and stamps_com repeats: the code is not a key, shippingProviderId is.
CARRIERS = [
    ("Stamps.com", "stamps_com", "SS123", True, None),
    ("UPS", "ups", "ABCR80", False, None),
    ("FedEx", "fedex", 297929999, False, "SS"),
    ("Stamps.com", "stamps_com", "SS1234", True, "Stamps.com 2"),
    ("Endicia", "endicia", "913999", True, None),
]

# carrierCode -> [(code, name, domestic, international)]
SERVICES = {
    "stamps_com": [
        ("usps_first_class_mail", "USPS First Class Mail", True, False),
        ("usps_priority_mail", "USPS Priority Mail", True, False),
        ("usps_priority_mail_international", "USPS Priority Mail Intl", False, True),
    ],
    "ups": [
        ("ups_ground", "UPS® Ground", True, False),
        ("ups_next_day_air", "UPS Next Day Air®", True, False),
        ("ups_worldwide_saver", "UPS Worldwide Saver®", False, True),
    ],
    "fedex": [
        ("fedex_ground", "FedEx Ground®", True, False),
        ("fedex_home_delivery", "FedEx Home Delivery®", True, False),
        ("fedex_2day", "FedEx 2Day®", True, False),
        ("fedex_international_economy", "FedEx International Economy®", False, True),
    ],
    "endicia": [
        ("usps_first_class_mail", "USPS First Class Mail", True, False),
        ("usps_media_mail", "USPS Media Mail", True, False),
    ],
}

# (code, name, domestic, international), offered by every carrier
PACKAGES = [
    ("package", "Package", True, True),
    ("flat_rate_envelope", "Flat Rate Envelope", True, True),
    ("large_envelope_or_flat", "Large Envelope or Flat", True, True),
    ("letter", "Letter", True, True),
    ("medium_flat_rate_box", "Medium Flat Rate Box", True, True),
    ("regional_rate_box_a", "Regional Rate Box A", True, False),
]

# (tagId, name, color)
TAGS = [
    (8362, "Backorder", "#800080"),
    (8324, "Canada", "#ff0000"),
    (8336, "Fragile", "#33CCCC"),
    (8221, "Repeat Buyer", "#CC99FF"),
    (1234, "Expedited", "#00FF00"),
    (9725, "00 BULK ORDERED", "#C0C0C0"),
]

ORDER_STATUSES = [
    "awaiting_payment",
    "awaiting_shipment",
    "pending_fulfillment",
    "shipped",
    "on_hold",
    "cancelled",
]

FIRST_NAMES = ["Alex", "Pat", "Sam", "Jo", "Jamie", "Casey", "Robin", "Taylor", "Morgan", "Drew",
               "Jordan", "Riley", "Avery", "Quinn", "Reese", "Kim", "Lee", "Dana", "Chris", "Terry"]
LAST_NAMES = ["Sample", "Example", "Tester", "Demo", "Placeholder", "Mock", "Dummy", "Fixture",
              "Stub", "Fake", "Specimen", "Model"]
STREETS = ["Example Ave", "Example St", "Example Blvd", "Example Rd", "Example Ln", "Sample Way",
           "Test Ct", "Demo Pkwy"]
# (city, state, postalCode, country)
CITIES = [
    ("Austin", "TX", "78703", "US"),
    ("Auburn", "AL", "36830", "US"),
    ("Washington", "DC", "00000", "US"),
    ("Elmurst", "IL", "60126", "US"),
    ("Portland", "OR", "97201", "US"),
    ("Denver", "CO", "80202", "US"),
    ("Boston", "MA", "02108", "US"),
    ("Seattle", "WA", "98101", "US"),
    ("London", "", "ZZ1 1ZZ", "GB"),
    ("Toronto", "ON", "M5H 2N2", "CA"),
]
COMPANIES = [None, "", "Example Co", "Test Company", "Sample LLC", "Demo Inc"]
ADDRESS_VERIFIED = ["Address not yet validated", "Address validated successfully",
                    "Address validation warning", "Address validation failed"]
PRODUCT_ADJECTIVES = ["Fine", "Elementary", "Classic", "Rugged", "Compact", "Deluxe", "Vintage",
                      "Modern", "Tiny", "Grand"]
PRODUCT_NOUNS = ["Coffee Mug", "Oak Cane", "Disguise Kit", "Door Closer", "Floor Mat", "Lamp",
                 "Notebook", "Backpack", "Teapot", "Umbrella", "Scarf", "Clock"]
PRODUCT_CATEGORIES = [(9999, "Door Closers"), (9690, "Floor Matting"), (9001, "Kitchen"),
                      (9002, "Apparel"), (9003, "Outdoor")]
ITEM_OPTIONS = [("Size", ["Small", "Medium", "Large"]), ("Color", ["Red", "Blue", "Black"])]
PAYMENT_METHODS = [None, "Credit Card", "PayPal", "Cash"]
REQUESTED_SERVICES = ["Priority Mail", "Standard Shipping", "Ground", "Priority Mail Int", None]
CONFIRMATIONS = ["none", "delivery", "signature", "adult_signature", "direct_signature"]
SOURCES = [None, "Webstore", "Amazon", "Manual"]
NOTES = [None, "Please ship as soon as possible!", "Leave at the back door.",
         "Please be careful when packing."]
