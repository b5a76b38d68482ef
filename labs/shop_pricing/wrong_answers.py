"""Plausible wrong answers for the shop pricing lab, one or more per graded question.

Each replaces the solution cell ``<question>-answer``; the tests grade it and check that it loses
exactly ``loses`` points of that question and nothing elsewhere. Never released to learners.
"""

WRONG_ANSWERS = [
    {
        "question": "q1",
        "why": "takes the rate of the gross price (gross x 21%) and lets an unknown category raise KeyError",
        "loses": 3,
        "code": '''def split_gross(gross, vat_category):
    rate = VAT_RATES[vat_category]
    vat = (Decimal(gross) * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(gross) - vat, vat''',
    },
    {
        "question": "q2",
        "why": "computes margin and markup on the gross price (VAT included) and checks nothing",
        "loses": 3,
        "code": '''def margin(gross_price, unit_cost, vat_rate):
    return (gross_price - unit_cost) / gross_price


def markup(gross_price, unit_cost, vat_rate):
    return (gross_price - unit_cost) / unit_cost


def margin_from_markup(markup):
    return markup / (1 + markup)


def markup_from_margin(margin):
    return margin / (1 - margin)''',
    },
    {
        "question": "q2",
        "why": "mixes up the two conversion formulas",
        "loses": 1,
        "code": '''def margin(gross_price, unit_cost, vat_rate):
    net = gross_price / (1 + vat_rate)
    if unit_cost < 0 or net < unit_cost:
        raise ValueError("The cost is negative or above the net price.")
    return (net - unit_cost) / net


def markup(gross_price, unit_cost, vat_rate):
    net = gross_price / (1 + vat_rate)
    if unit_cost <= 0 or net < unit_cost:
        raise ValueError("The cost is not above zero or is above the net price.")
    return (net - unit_cost) / unit_cost


def margin_from_markup(markup):
    return markup / (1 - markup)


def markup_from_margin(margin):
    return margin / (1 + margin)''',
    },
    {
        "question": "q3",
        "why": "uses the margin target as a markup (cost x 1.6) and accepts any margin",
        "loses": 3,
        "code": '''def price_for_margin(unit_cost, target_margin, vat_rate):
    net = (unit_cost * (1 + target_margin)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net + (net * vat_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def keystone_price(unit_cost, vat_rate):
    return price_for_margin(unit_cost, Decimal("0.5"), vat_rate)''',
    },
    {
        "question": "q3",
        "why": "rounds with round(), which rounds half a cent to even",
        "loses": 1,
        "code": '''def price_for_margin(unit_cost, target_margin, vat_rate):
    if unit_cost < 0 or not 0 <= target_margin < 1:
        raise ValueError("The cost or the margin is not possible.")
    net = round(unit_cost / (1 - target_margin), 2)
    return net + round(net * vat_rate, 2)


def keystone_price(unit_cost, vat_rate):
    return price_for_margin(unit_cost, Decimal("0.5"), vat_rate)''',
    },
    {
        "question": "q4",
        "why": "takes 5 cents off any price and compares whole euros instead of the left digit",
        "loses": 2,
        "code": '''def charm_price(price, ending=Decimal("0.95")):
    return price - (1 - ending)


def left_digit_changes(old_price, new_price):
    return int(old_price) != int(new_price)''',
    },
    {
        "question": "q5",
        "why": "divides the discount by the old margin (d / m) and accepts a discount above the margin",
        "loses": 2,
        "code": '''def extra_volume_needed(margin, discount):
    return discount / margin''',
    },
    {
        "question": "q6",
        "why": "adds the discounts instead of multiplying them",
        "loses": 2,
        "code": '''def combined_discount(discounts):
    return sum(discounts, Decimal(0))


def sale_price(gross_price, discounts):
    price = gross_price * (1 - combined_discount(discounts))
    return price.quantize(CENT, rounding=ROUND_HALF_UP)''',
    },
    {
        "question": "q6",
        "why": "rounds with round(), which rounds half a cent to even",
        "loses": 1,
        "code": '''def combined_discount(discounts):
    left = Decimal(1)
    for discount in discounts:
        left *= 1 - discount
    return 1 - left


def sale_price(gross_price, discounts):
    return round(gross_price * (1 - combined_discount(discounts)), 2)''',
    },
    {
        "question": "q7",
        "why": "takes the wrong window: only prices set in the 30 days up to and including the reduction day",
        "loses": 2,
        "code": '''def prior_price(history, product_id, reduction_day):
    day = pd.Timestamp(reduction_day)
    own = history[history["product_id"] == product_id]
    window = own[(own["valid_from"] >= day - pd.Timedelta(days=30)) & (own["valid_from"] <= day)]
    return min(window["gross_price"])''',
    },
    {
        "question": "q7",
        "why": "shows the price just before the reduction instead of the lowest of 30 days",
        "loses": 2,
        "code": '''def prior_price(history, product_id, reduction_day):
    own = history[(history["product_id"] == product_id)
                  & (history["valid_from"] < pd.Timestamp(reduction_day))]
    return own.sort_values("valid_from")["gross_price"].iloc[-1]''',
    },
    {
        "question": "q8",
        "why": "divides by the first price and quantity instead of the midpoints",
        "loses": 2,
        "code": '''def midpoint_elasticity(p1, q1, p2, q2):
    if p1 == p2:
        raise ValueError("The price did not change.")
    return ((q2 - q1) / q1) / ((p2 - p1) / p1)


def category_elasticity(effects):
    values = [midpoint_elasticity(a, b, c, d) for a, b, c, d in
              zip(effects["regular_price"], effects["regular_units"], effects["sale_price"],
                  effects["sale_units"])]
    return pd.Series(values, index=effects["category"].to_numpy()).groupby(level=0).median()


def best_price(candidates, ref_price, ref_units, elasticity, unit_cost=0):
    return max(candidates, key=lambda p: (p - unit_cost) * ref_units * (p / ref_price) ** elasticity)''',
    },
    {
        "question": "q8",
        "why": "picks the price with the highest revenue even when the unit cost is given",
        "loses": 1,
        "code": '''def midpoint_elasticity(p1, q1, p2, q2):
    if p1 == p2:
        raise ValueError("The price did not change.")
    return float(((q2 - q1) / ((q1 + q2) / 2)) / ((p2 - p1) / ((p1 + p2) / 2)))


def category_elasticity(effects):
    values = [midpoint_elasticity(a, b, c, d) for a, b, c, d in
              zip(effects["regular_price"], effects["regular_units"], effects["sale_price"],
                  effects["sale_units"])]
    return pd.Series(values, index=effects["category"].to_numpy()).groupby(level=0).median()


def best_price(candidates, ref_price, ref_units, elasticity, unit_cost=0):
    return max(candidates, key=lambda p: p * ref_units * (p / ref_price) ** elasticity)''',
    },
    {
        "question": "q9",
        "why": "rounds to the nearest whole number and divides by zero when nothing is left per item",
        "loses": 2,
        "code": '''def break_even_units(fixed_costs, net_price, unit_variable_cost):
    return round(fixed_costs / (net_price - unit_variable_cost))''',
    },
    {
        "question": "q10",
        "why": "averages per order line and forgets the coupon discounts",
        "loses": 2,
        "code": '''def average_order_value(lines):
    paid = sum(u * q for u, q in zip(lines["unit_price"], lines["quantity"]))
    return (paid / len(lines)).quantize(CENT, rounding=ROUND_HALF_UP)


def free_shipping_range(aov):
    return ((aov * Decimal("1.15")).quantize(CENT, rounding=ROUND_HALF_UP),
            (aov * Decimal("1.30")).quantize(CENT, rounding=ROUND_HALF_UP))''',
    },
    {
        "question": "q11",
        "why": "counts every sale outside Belgium (also exports and businesses) and treats 'equal' as passed",
        "loses": 3,
        "code": '''def distance_sales(sales):
    return sum(sales.loc[sales["country"] != "BE", "net_amount"], Decimal(0))


def threshold_passed_on(sales, threshold):
    abroad = sales[sales["country"] != "BE"].sort_values("order_time")
    total = Decimal(0)
    for when, amount in zip(abroad["order_time"], abroad["net_amount"]):
        total += amount
        if total >= threshold:
            return when
    return None''',
    },
    {
        "question": "q12",
        "why": "counts event rows instead of sessions",
        "loses": 2,
        "code": '''STEPS = ["cart", "shipping", "payment", "confirmation"]


def funnel(events):
    counts = [int((events["step"] == step).sum()) for step in STEPS]
    table = pd.DataFrame({"sessions": counts}, index=STEPS)
    table["step_conversion"] = (table["sessions"] / table["sessions"].shift(1)).fillna(1.0)
    return table


def abandonment_rate(events):
    table = funnel(events)
    return float(1 - table.loc["confirmation", "sessions"] / table.loc["cart", "sessions"])''',
    },
    {
        "question": "q12",
        "why": "divides every step by the carts instead of by the step before",
        "loses": 1,
        "code": '''STEPS = ["cart", "shipping", "payment", "confirmation"]


def funnel(events):
    counts = [int(events.loc[events["step"] == step, "session_id"].nunique()) for step in STEPS]
    table = pd.DataFrame({"sessions": counts}, index=STEPS)
    table["step_conversion"] = table["sessions"] / table["sessions"].iloc[0]
    return table


def abandonment_rate(events):
    table = funnel(events)
    return float(1 - table.loc["confirmation", "sessions"] / table.loc["cart", "sessions"])''',
    },
]
