"""The shop pricing lab: its dataset, its demand model and its reference money functions."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import re
import subprocess
import sys
from decimal import Decimal

import nbformat
import pandas as pd
import pytest
from course import ROOT, reference_namespace, source_path

DATA = ROOT / "datasets" / "museum_shop"
FILES = ("products.csv", "price_changes.csv", "orders.csv", "order_lines.csv", "checkout_events.csv")
MONEY = {"products.csv": ["unit_cost", "gross_price"], "price_changes.csv": ["gross_price"],
         "orders.csv": ["shipping_charged"], "order_lines.csv": ["unit_price", "discount"]}
EU_ABROAD = {"NL", "DE", "FR", "LU", "ES", "IT", "AT", "IE"}
D = Decimal


def generator():
    spec = importlib.util.spec_from_file_location("museum_shop_generate", DATA / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ns():
    return reference_namespace("shop_pricing")


@pytest.fixture(scope="module")
def raw():
    """The CSV files as plain text columns, exactly as written."""
    return {name: pd.read_csv(DATA / name, dtype=str, keep_default_na=False) for name in FILES}


# ---------------------------------------------------------------- the dataset

def test_generator_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for name in FILES:
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), f"{name} differs from a fresh run"


def test_products_meet_the_issue(raw):
    products = raw["products.csv"]
    assert len(products) >= 60
    assert products["product_id"].is_unique
    vat = dict(zip(products["category"], products["vat_category"], strict=True))
    assert vat == {"books": "books", "catalogues": "books", "posters": "standard",
                   "replicas": "standard", "textiles": "standard", "stationery": "standard"}
    for column in ("stock", "weight_g"):
        assert products[column].astype(int).ge(0).all()
    assert (products["unit_cost"].map(D) > 0).all()


def test_money_is_text_with_two_decimals(raw):
    for name, columns in MONEY.items():
        for column in columns:
            bad = [v for v in raw[name][column] if not re.fullmatch(r"\d+\.\d\d", v)]
            assert not bad, f"{name}:{column} has amounts without two decimals: {bad[:5]}"


def test_orders_cover_a_year_with_countries_coupons_shipping_and_returns(raw):
    orders, lines = raw["orders.csv"], raw["order_lines.csv"]
    assert len(lines) >= 5000
    months = pd.to_datetime(orders["order_time"]).dt.to_period("M")
    assert set(months.astype(str)) == {f"2025-{m:02d}" for m in range(1, 13)}
    countries = set(orders["country"])
    assert {"BE", "NL"} <= countries
    assert countries & (EU_ABROAD - {"NL"}), "no other EU country"
    assert countries & {"GB", "US", "CH", "NO", "CA", "JP"}, "no country outside the EU"
    assert {"WELCOME10", "MEMBER15"} <= set(orders["coupon_code"])
    assert (orders["shipping_charged"].map(D) > 0).mean() > 0.8
    assert lines["returned_qty"].astype(int).sum() > 0
    assert (lines["returned_qty"].astype(int) <= lines["quantity"].astype(int)).all()
    assert set(lines["order_id"]) == set(orders["order_id"])


def test_coupon_discounts_follow_the_documented_rule(raw):
    """Each line's discount is the coupon's share of the line, rounded half up to the cent."""
    cut = {"": D(0), "WELCOME10": D("0.10"), "MEMBER15": D("0.15"), "BLOGLACE10": D("0.10")}
    coupon = dict(zip(raw["orders.csv"]["order_id"], raw["orders.csv"]["coupon_code"], strict=True))
    for oid, unit, qty, discount in raw["order_lines.csv"][["order_id", "unit_price", "quantity",
                                                           "discount"]].itertuples(index=False):
        gross = D(unit) * int(qty)
        paid = (gross * (1 - cut[coupon[oid]])).quantize(D("0.01"), rounding="ROUND_HALF_UP")
        assert D(discount) == gross - paid


def test_checkout_events_have_the_four_steps_and_every_order(raw):
    events = raw["checkout_events.csv"]
    assert set(events["step"]) == {"cart", "shipping", "payment", "confirmation"}
    confirmed = events[events["step"] == "confirmation"]
    assert set(confirmed["order_id"]) == set(raw["orders.csv"]["order_id"])
    reached = events.groupby("step")["session_id"].nunique()
    assert reached["cart"] > reached["shipping"] > reached["payment"] > reached["confirmation"]


def test_price_history_has_sales_for_every_category(raw):
    changes = raw["price_changes.csv"].merge(raw["products.csv"][["product_id", "category"]])
    sales = changes[changes["reason"] == "sale"].groupby("category")["valid_from"].nunique()
    assert (sales >= 3).all() and len(sales) == 6


# ---------------------------------------------------------------- the demand model is recoverable

def test_reference_recovers_the_generators_elasticities(ns):
    truth = generator().ELASTICITY
    found = ns["category_elasticity"](ns["sale_effects"])
    assert set(found.index) == set(truth)
    for category, elasticity in truth.items():
        assert found[category] == pytest.approx(elasticity, abs=0.35), (category, found[category])
        assert (found[category] < -1) == (elasticity < -1), f"{category}: elastic or not"
    assert found.idxmax() == "catalogues" and found.idxmin() == "stationery"


def test_the_30_day_rule_finds_the_planted_false_reduction(ns):
    prices = ns["prices"]
    sales = prices[prices["reason"] == "sale"]
    flagged = []
    for pid, day in zip(sales["product_id"], sales["valid_from"], strict=True):
        before = prices[(prices["product_id"] == pid) & (prices["valid_from"] < day)]
        was = before.sort_values("valid_from")["gross_price"].iloc[-1]
        if ns["prior_price"](prices, pid, day) != was:
            flagged.append((pid, str(day.date())))
    assert flagged == [("PO01", "2025-11-28")]
    assert ns["prior_price"](prices, "PO01", "2025-11-28") == D("14.95")


def test_funnel_matches_the_model(ns):
    table = ns["funnel"](ns["checkout"])
    model = generator().FUNNEL
    for step, before in (("shipping", "cart"), ("payment", "shipping"), ("confirmation", "payment")):
        assert table.loc[step, "step_conversion"] == pytest.approx(model[before], abs=0.02)
    assert 0.65 < ns["abandonment_rate"](ns["checkout"]) < 0.78


def test_distance_sales_count_only_eu_consumers_abroad(ns):
    sales = ns["order_sales"]
    counted = sales[sales["country"].isin(EU_ABROAD) & (sales["customer_type"] == "consumer")]
    assert ns["distance_sales"](sales) == sum(counted["net_amount"], D(0))
    assert ns["distance_sales"](sales) < sum(sales.loc[sales["country"] != "BE", "net_amount"], D(0))
    passed = ns["threshold_passed_on"](sales, ns["OSS_THRESHOLD"])
    counted = counted.sort_values("order_time")
    total_before = sum(counted.loc[counted["order_time"] < passed, "net_amount"], D(0))
    assert total_before <= D("10000") < total_before + counted.loc[counted["order_time"] == passed, "net_amount"].sum()


# ---------------------------------------------------------------- exact money

@pytest.mark.parametrize("gross, category, net, vat", [
    ("24.95", "standard", "20.62", "4.33"),
    ("24.20", "standard", "20.00", "4.20"),
    ("29.95", "books", "28.25", "1.70"),
    ("0.53", "books", "0.50", "0.03"),
])
def test_split_gross_on_hand_computed_cases(ns, gross, category, net, vat):
    assert ns["split_gross"](D(gross), category) == (D(net), D(vat))


def test_split_gross_always_adds_up(ns):
    for gross, category in zip(ns["products"]["gross_price"], ns["products"]["vat_category"], strict=True):
        net, vat = ns["split_gross"](gross, category)
        assert net + vat == gross and net.as_tuple().exponent == -2


def test_prices_round_half_up_like_an_invoice(ns):
    rate = ns["VAT_RATES"]
    assert ns["price_for_margin"](D("8.00"), D("0.6"), rate["standard"]) == D("24.20")
    assert ns["price_for_margin"](D("5.10"), D("0.6"), rate["books"]) == D("13.52")  # 0.765 -> 0.77
    assert ns["keystone_price"](D("7.50"), rate["books"]) == D("15.90")
    assert ns["sale_price"](D("24.85"), [D("0.10")]) == D("22.37")  # 22.365, not 22.36
    assert ns["sale_price"](D("39.95"), [D("0.20"), D("0.10")]) == D("28.76")
    assert ns["combined_discount"]([D("0.20"), D("0.10")]) == D("0.28")
    assert ns["free_shipping_range"](D("37.50")) == (D("43.13"), D("48.75"))


def test_margin_markup_and_break_even(ns):
    rate = ns["VAT_RATES"]["standard"]
    assert ns["margin"](D("24.20"), D("8.00"), rate) == D("0.6")
    assert ns["markup"](D("24.20"), D("8.00"), rate) == D("1.5")
    assert float(ns["extra_volume_needed"](D("0.5"), D("0.2"))) == pytest.approx(2 / 3)
    assert ns["break_even_units"](D("3000"), D("20.00"), D("9.50")) == 286
    assert ns["break_even_units"](D("3000"), D("20.00"), D("10.00")) == 300
    assert ns["midpoint_elasticity"](25, 40, 20, 56) == pytest.approx(-1.5)


def test_average_order_value_of_the_shop(ns, raw):
    lines = raw["order_lines.csv"]
    paid = sum(D(u) * int(q) - D(d) for u, q, d in zip(lines["unit_price"], lines["quantity"],
                                                        lines["discount"], strict=True))
    expected = (paid / lines["order_id"].nunique()).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert ns["average_order_value"](ns["lines"]) == expected


@pytest.mark.parametrize("call, message", [
    (lambda ns: ns["split_gross"](D("10.00"), "food"), "Unknown VAT category 'food'"),
    (lambda ns: ns["margin"](D("12.95"), D("-2.00"), D("0.21")), "negative"),
    (lambda ns: ns["margin"](D("6.05"), D("6.00"), D("0.21")), "below the unit cost"),
    (lambda ns: ns["price_for_margin"](D("8.00"), D("1"), D("0.21")), "not possible"),
    (lambda ns: ns["extra_volume_needed"](D("0.25"), D("0.30")), "loses money"),
    (lambda ns: ns["break_even_units"](D("1000"), D("8.00"), D("8.00")), "no\\s+break-even"),
    (lambda ns: ns["prior_price"](ns["prices"], "XX99", "2025-06-01"), "no price"),
])
def test_bad_input_gets_a_clear_message(ns, call, message):
    with pytest.raises(ValueError, match=message):
        call(ns)


# ---------------------------------------------------------------- dated figures live in one file

def test_rates_and_thresholds_come_from_the_dated_file(ns):
    facts = json.loads((ROOT / "datasets" / "dated_facts" / "dated_facts.json").read_text())
    belgium = {r["category"]: D(r["rate"]) for r in facts["vat_rates"]["rates"] if r["country"] == "BE"}
    assert ns["VAT_RATES"] == belgium
    assert ns["OSS_THRESHOLD"] == D(facts["vat_rates"]["eu_distance_selling_threshold_eur"])
    assert D(facts["checkout_abandonment"]["average_rate"]) == D("0.7019")
    code = "\n".join(c.source for c in nbformat.read(source_path("shop_pricing"), as_version=4).cells
                     if c.cell_type == "code")
    for literal in ('"0.21"', '"0.06"', '"0.7019"', "10000", "10_000"):
        assert literal not in code, f"the lab types in {literal}: read it from dated_facts.json"
