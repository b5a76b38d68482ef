"""Generate one year of online-shop data for a fictional Belgian museum shop.

    python datasets/museum_shop/generate.py            # writes the CSV files next to this script
    python datasets/museum_shop/generate.py --out DIR  # writes them elsewhere

The numbers come from a seeded random model with a documented demand model (see DATASHEET.md),
so every run writes the same bytes. Nothing here is real sales or customer data.
"""

from __future__ import annotations

import argparse
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250105
YEAR = 2025
HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")

# Belgian VAT categories of the product categories (the rates are in datasets/dated_facts).
VAT_CATEGORY = {"books": "books", "catalogues": "books", "posters": "standard",
                "replicas": "standard", "textiles": "standard", "stationery": "standard"}
VAT_RATE = {"books": Decimal("0.06"), "standard": Decimal("0.21")}

# The demand model: constant price elasticity per category (see DATASHEET.md).
ELASTICITY = {"books": -0.6, "catalogues": -0.4, "posters": -1.8, "replicas": -1.2,
              "textiles": -1.5, "stationery": -2.2}
# Cost as a share of the net price (lowest, highest), return rate, weight range in grams.
CATEGORY = {
    "books": ((0.55, 0.65), 0.01, (250, 900)),
    "catalogues": ((0.35, 0.45), 0.01, (600, 1800)),
    "posters": ((0.18, 0.30), 0.03, (150, 400)),
    "replicas": ((0.35, 0.48), 0.05, (100, 1500)),
    "textiles": ((0.35, 0.45), 0.08, (80, 400)),
    "stationery": ((0.25, 0.38), 0.02, (20, 300)),
}
PRODUCTS = {  # name, gross list price on 1 January 2025
    "books": [
        ("Lindenhove: a town and its museum", "29.95"), ("Flemish lace: a history", "34.95"),
        ("The weavers of the Leie", "24.95"), ("Children's guide to the museum", "12.95"),
        ("Guild silver of Flanders", "39.95"), ("A year in the museum garden", "19.95"),
        ("Dyes and colour: a handbook", "27.50"), ("Flax and linen in Flanders", "22.95"),
        ("Looking at textiles (Dutch edition)", "18.95"), ("The museum cookbook", "24.95"),
        ("Colouring book: patterns", "9.95"),
    ],
    "catalogues": [
        ("Textile Futures (English)", "39.95"), ("Textile Futures (Dutch)", "39.95"),
        ("Collection highlights", "24.95"), ("Silver and pewter", "29.95"),
        ("Portraits of Lindenhove", "34.95"), ("Museum Night 2024", "14.95"),
        ("Lace now", "27.95"), ("The Van Damme bequest", "45.00"),
        ("Small guide to the collection", "9.95"), ("Tapestry in focus", "32.95"),
    ],
    "posters": [
        ("Poster: The harvest", "14.95"), ("Poster: Lace pattern no. 4", "12.95"),
        ("Poster: Town hall, 1890", "14.95"), ("Poster: Textile Futures", "9.95"),
        ("Poster: The river Leie", "19.95"), ("Art print: Portrait of a lady (A3)", "24.95"),
        ("Art print: Still life with pewter (A3)", "24.95"), ("Poster: Museum Night", "7.95"),
        ("Poster set of three", "29.95"), ("Art print: The weaver (A2)", "39.95"),
        ("Poster: Map of Lindenhove, 1750", "16.95"),
    ],
    "replicas": [
        ("Replica: pewter jug", "49.95"), ("Replica: lace bobbin set", "19.95"),
        ("Replica: guild medal", "34.95"), ("Replica: silver spoon", "29.95"),
        ("Replica: tile with a ship", "22.50"), ("Replica: bronze brooch", "39.95"),
        ("Replica: glass bead necklace", "44.95"), ("Replica: tin toy soldier", "14.95"),
        ("Replica: clay pipe", "9.95"), ("Replica: wax seal and stamp", "24.95"),
        ("Replica: brass candlestick", "59.95"),
    ],
    "textiles": [
        ("Tote bag: Lace pattern", "14.95"), ("Tea towel: Town hall", "12.95"),
        ("Scarf: Textile Futures", "39.95"), ("T-shirt: Museum logo", "24.95"),
        ("Linen napkins (set of four)", "29.95"), ("Cushion cover: tapestry", "34.95"),
        ("Apron: The museum cookbook", "27.95"), ("Socks: Lace pattern", "12.50"),
        ("Tote bag: Textile Futures", "16.95"), ("Silk tie: Guild pattern", "44.95"),
        ("Baby bib: Little weaver", "9.95"),
    ],
    "stationery": [
        ("Notebook: Lace pattern", "12.95"), ("Postcards (set of ten)", "9.95"),
        ("Pencil set", "6.95"), ("Bookmark: The harvest", "3.95"), ("Wrapping paper (3 sheets)", "7.95"),
        ("Greeting card: Town hall", "3.50"), ("Sticker sheet", "4.95"), ("Desk calendar 2026", "14.95"),
        ("Fountain pen: museum edition", "34.95"), ("Sketchbook A5", "14.95"),
        ("Magnet: Portrait of a lady", "4.95"),
    ],
}
# Sales: (category, first day, days, discount). Four weeks each, spaced so that the four weeks
# before and after a sale have regular prices (the lab compares them).
SALES = [
    ("books", "2025-03-10", 28, "0.20"), ("catalogues", "2025-03-10", 28, "0.25"),
    ("posters", "2025-03-24", 28, "0.25"), ("replicas", "2025-03-24", 28, "0.20"),
    ("textiles", "2025-04-07", 28, "0.20"), ("stationery", "2025-04-07", 28, "0.25"),
    ("books", "2025-06-09", 28, "0.25"), ("catalogues", "2025-06-09", 28, "0.20"),
    ("posters", "2025-06-23", 28, "0.20"), ("replicas", "2025-06-23", 28, "0.25"),
    ("textiles", "2025-07-07", 28, "0.25"), ("stationery", "2025-07-07", 28, "0.20"),
    ("books", "2025-09-08", 28, "0.20"), ("catalogues", "2025-09-08", 28, "0.25"),
    ("posters", "2025-09-22", 28, "0.25"), ("replicas", "2025-09-22", 28, "0.20"),
    ("textiles", "2025-09-29", 28, "0.20"), ("stationery", "2025-09-29", 28, "0.25"),
]
PRICE_UPDATE_DAY = "2025-02-01"  # a few permanent price rises, before any sale window
# A "reduction" that is not one: the price goes up, then comes back down as a "sale".
TRAP = ("Poster: The harvest", [("2025-11-17", "17.95", "price update"),
                                ("2025-11-28", "14.95", "sale"),
                                ("2025-12-08", "17.95", "end of sale")])
SEASON = {1: 0.75, 2: 0.8, 3: 0.9, 4: 1.0, 5: 1.0, 6: 0.95, 7: 1.0, 8: 1.05, 9: 0.95, 10: 1.05,
          11: 1.25, 12: 1.6}
WEEKDAY = [1.0, 1.0, 1.0, 1.05, 0.95, 0.9, 1.15]  # Monday … Sunday
LINES_PER_YEAR = 12000
LINES_PER_ORDER = 1.55
# (country code, share of orders); BE = Belgium, NL = the Netherlands; the rest other EU or not EU.
COUNTRIES = [("BE", 0.74), ("NL", 0.12), ("DE", 0.025), ("FR", 0.03), ("LU", 0.015),
             ("ES", 0.005), ("IT", 0.005), ("AT", 0.004), ("IE", 0.006), ("GB", 0.02),
             ("US", 0.012), ("CH", 0.008), ("NO", 0.004), ("JP", 0.002), ("CA", 0.004)]
EU = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
      "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
SHIPPING = {"BE": Decimal("4.95"), "NL": Decimal("6.95"), "EU": Decimal("9.95"),
            "world": Decimal("19.95")}
HEAVY_GRAMS, HEAVY_SURCHARGE = 2000, Decimal("5.00")
COUPONS = [("WELCOME10", "0.10", 0.05), ("MEMBER15", "0.15", 0.04), ("BLOGLACE10", "0.10", 0.02)]
# Checkout funnel: the chance to go on to the next step.
FUNNEL = {"cart": 0.62, "shipping": 0.56, "payment": 0.82}


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def make_products(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for category, items in PRODUCTS.items():
        (low, high), _, (w_low, w_high) = CATEGORY[category]
        rate = VAT_RATE[VAT_CATEGORY[category]]
        prefix = category[:2].upper()
        for i, (name, gross) in enumerate(items, start=1):
            net = Decimal(gross) / (1 + rate)
            cost = (net * Decimal(str(round(rng.uniform(low, high), 3)))).quantize(CENT, ROUND_HALF_UP)
            rows.append({
                "product_id": f"{prefix}{i:02d}",
                "name": name,
                "category": category,
                "vat_category": VAT_CATEGORY[category],
                "unit_cost": money(cost),
                "gross_price": gross,  # the list price on 1 January 2025
                "stock": int(rng.integers(0, 160)) if rng.random() > 0.05 else 0,
                "weight_g": int(rng.integers(w_low, w_high + 1) // 10 * 10),
                "popularity": float(rng.lognormal(0, 0.6)),
            })
    return pd.DataFrame(rows)


def make_price_changes(products: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = [{"product_id": p, "valid_from": f"{YEAR}-01-01", "gross_price": g, "reason": "list price"}
            for p, g in zip(products["product_id"], products["gross_price"], strict=True)]
    current = dict(zip(products["product_id"], products["gross_price"], strict=True))
    trap_id = products.loc[products["name"] == TRAP[0], "product_id"].iloc[0]
    others = np.flatnonzero(products["product_id"] != trap_id)
    raised = rng.choice(others, size=12, replace=False)
    for i in sorted(raised):
        pid = products["product_id"].iloc[i]
        new = Decimal(current[pid]) + Decimal(str(rng.choice([1, 1, 2])))
        current[pid] = money(new)
        rows.append({"product_id": pid, "valid_from": PRICE_UPDATE_DAY, "gross_price": current[pid],
                     "reason": "price update"})
    for category, start, days, discount in SALES:
        first = pd.Timestamp(start)
        end = first + pd.Timedelta(days=days)
        for pid in products.loc[products["category"] == category, "product_id"]:
            regular = Decimal(current[pid])
            rows.append({"product_id": pid, "valid_from": first.strftime("%Y-%m-%d"),
                         "gross_price": money(regular * (1 - Decimal(discount))), "reason": "sale"})
            rows.append({"product_id": pid, "valid_from": end.strftime("%Y-%m-%d"),
                         "gross_price": money(regular), "reason": "end of sale"})
    for day, price, reason in TRAP[1]:
        rows.append({"product_id": trap_id, "valid_from": day, "gross_price": price, "reason": reason})
    changes = pd.DataFrame(rows).sort_values(["product_id", "valid_from"], kind="stable")
    return changes.reset_index(drop=True)


def daily_prices(changes: pd.DataFrame, days: pd.DatetimeIndex) -> pd.DataFrame:
    """The gross list price of every product on every day (rows: days, columns: products)."""
    table = changes.assign(valid_from=pd.to_datetime(changes["valid_from"]),
                           price=changes["gross_price"].astype(float))
    wide = table.pivot_table(index="valid_from", columns="product_id", values="price", aggfunc="last")
    return wide.reindex(days).ffill()


def make_orders(products: pd.DataFrame, changes: pd.DataFrame, rng: np.random.Generator):
    days = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
    prices = daily_prices(changes, days)
    reference = prices.iloc[0]
    elasticity = products.set_index("product_id")["category"].map(ELASTICITY)
    popularity = products.set_index("product_id")["popularity"]
    relative = (prices / reference) ** elasticity[prices.columns]
    season = np.array([SEASON[d.month] * WEEKDAY[d.day_of_week] for d in days])
    rate = relative.mul(season, axis=0) * popularity[prices.columns]
    rate *= LINES_PER_YEAR / rate.to_numpy().sum()
    counts = rng.poisson(rate.to_numpy())  # order lines per day and product

    info = products.set_index("product_id")
    lines, orders = [], []
    countries, shares = zip(*COUNTRIES, strict=True)
    shares = np.array(shares) / sum(shares)
    order_no = 0
    for d, day in enumerate(days):
        day_lines = [pid for j, pid in enumerate(prices.columns) for _ in range(counts[d, j])]
        rng.shuffle(day_lines)
        groups, current = [], []
        for pid in day_lines:
            if current and rng.random() < 1 - 1 / LINES_PER_ORDER and pid not in current:
                current.append(pid)
            else:
                if current:
                    groups.append(current)
                current = [pid]
        if current:
            groups.append(current)
        for group in groups:
            order_no += 1
            order_id = f"O{YEAR}-{order_no:05d}"
            country = str(rng.choice(countries, p=shares))
            business = country != "BE" and rng.random() < 0.06 and any(
                info.loc[p, "category"] in ("books", "catalogues") for p in group)
            coupon, cut = "", Decimal(0)
            draw = rng.random()
            for code, pct, share in COUPONS:
                if draw < share:
                    coupon, cut = code, Decimal(pct)
                    break
                draw -= share
            when = day + pd.Timedelta(minutes=int(rng.integers(7 * 60, 23 * 60 + 59)))
            goods, grams = Decimal(0), 0
            for pid in group:
                category = info.loc[pid, "category"]
                quantity = 1 + int(rng.poisson(0.6 if pid == "ST02" else 0.2))
                unit = Decimal(f"{prices.loc[day, pid]:.2f}")
                gross = unit * quantity
                discount = gross - (gross * (1 - cut)).quantize(CENT, ROUND_HALF_UP)
                returned = int(rng.binomial(quantity, CATEGORY[category][1]))
                lines.append({"order_id": order_id, "product_id": pid, "quantity": quantity,
                              "unit_price": money(unit), "discount": money(discount),
                              "returned_qty": returned})
                goods += gross - discount
                grams += int(info.loc[pid, "weight_g"]) * quantity
            pickup = country == "BE" and rng.random() < 0.08
            zone = country if country in ("BE", "NL") else ("EU" if country in EU else "world")
            shipping = Decimal(0) if pickup else SHIPPING[zone] + (HEAVY_SURCHARGE if grams > HEAVY_GRAMS else 0)
            orders.append({"order_id": order_id, "order_time": when.strftime("%Y-%m-%d %H:%M"),
                           "country": country, "customer_type": "business" if business else "consumer",
                           "coupon_code": coupon, "delivery": "pickup" if pickup else "post",
                           "shipping_charged": money(shipping)})
    return pd.DataFrame(orders), pd.DataFrame(lines)


def make_funnel(orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Checkout events: every order went through all steps; many more carts stopped earlier."""
    p_cart, p_ship, p_pay = FUNNEL["cart"], FUNNEL["shipping"], FUNNEL["payment"]
    completed = len(orders)
    carts = int(round(completed / (p_cart * p_ship * p_pay)))
    # How many sessions stop after each step (a multinomial draw, so the shares vary a little).
    stop_probs = np.array([1 - p_cart, p_cart * (1 - p_ship), p_cart * p_ship * (1 - p_pay)])
    stops = rng.multinomial(carts - completed, stop_probs / stop_probs.sum())
    steps = ["cart", "shipping", "payment", "confirmation"]
    times = pd.to_datetime(orders["order_time"])
    sessions = [(t, 4, oid) for t, oid in zip(times, orders["order_id"], strict=True)]
    for reached, n in zip((1, 2, 3), stops, strict=True):
        picks = rng.choice(completed, size=n)  # abandoned carts follow the orders' rhythm
        jitter = rng.integers(-3 * 24 * 60, 3 * 24 * 60, size=n)
        for k, j in zip(picks, jitter, strict=True):
            t = times.iloc[k] + pd.Timedelta(minutes=int(j))
            if t.year != YEAR:
                t = times.iloc[k]
            sessions.append((t, reached, ""))
    sessions.sort(key=lambda s: (s[0], s[1], s[2]))
    rows = []
    for n, (end, reached, order_id) in enumerate(sessions, start=1):
        sid = f"C{YEAR}-{n:06d}"
        gaps = np.cumsum(rng.integers(20, 240, size=reached))[::-1]
        stamps = [end - pd.Timedelta(seconds=int(g)) for g in gaps]
        for step, stamp in zip(steps[:reached], stamps, strict=True):
            rows.append({"session_id": sid, "event_time": stamp, "step": step, "order_id": ""})
            if step == "shipping" and reached >= 3 and rng.random() < 0.10:  # went back once
                rows.append({"session_id": sid, "event_time": stamp + pd.Timedelta(seconds=5),
                             "step": "shipping", "order_id": ""})
            if step == "payment" and rng.random() < 0.06:  # a second payment attempt
                rows.append({"session_id": sid, "event_time": stamp + pd.Timedelta(seconds=9),
                             "step": "payment", "order_id": ""})
        if order_id:
            rows[-1]["order_id"] = order_id
    events = pd.DataFrame(rows).sort_values(["event_time", "session_id"], kind="stable")
    events["event_time"] = events["event_time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return events.reset_index(drop=True)


def generate(out: Path) -> list[Path]:
    rng = np.random.default_rng(SEED)
    products = make_products(rng)
    changes = make_price_changes(products, rng)
    orders, lines = make_orders(products, changes, rng)
    events = make_funnel(orders, rng)
    products = products.drop(columns="popularity")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("products.csv", products), ("price_changes.csv", changes),
                        ("orders.csv", orders), ("order_lines.csv", lines),
                        ("checkout_events.csv", events)):
        path = out / name
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the CSV files to")
    args = parser.parse_args()
    for path in generate(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
