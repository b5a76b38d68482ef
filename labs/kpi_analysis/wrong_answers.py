"""Plausible wrong answers for the KPI lab, one or more per graded question.

Each replaces the solution cell ``<question>-answer``; the tests grade it and check that it loses
exactly ``loses`` points of that question and nothing elsewhere. Never released to learners.
"""

WRONG_ANSWERS = [
    {
        "question": "q1",
        "why": "counts exactly 10 seconds as engaged and forgets newsletter sign-ups",
        "loses": 2,
        "code": '''def is_engaged(sessions):
    return ((sessions["engagement_time_s"] >= 10) | (sessions["ticket_purchases"] > 0)
            | (sessions["page_views"] >= 2))''',
    },
    {
        "question": "q2",
        "why": "uses Universal Analytics' bounce (one page view) and divides by zero on no sessions",
        "loses": 2,
        "code": '''def engagement_rate(engaged):
    engaged = list(engaged)
    return sum(engaged) / len(engaged)


def bounce_rate(engaged):
    return 0.5''',
    },
    {
        "question": "q2",
        "why": "gives percentages instead of fractions",
        "loses": 2,
        "code": '''def engagement_rate(engaged):
    if len(engaged) == 0:
        raise ValueError("There are no sessions.")
    return float(pd.Series(engaged).mean()) * 100


def bounce_rate(engaged):
    return 100 - engagement_rate(engaged)''',
    },
    {
        "question": "q3",
        "why": "counts key events instead of sessions with a key event, and no column check",
        "loses": 2,
        "code": '''def key_event_rate(sessions):
    events = sessions["ticket_purchases"].sum() + sessions.get("newsletter_signups", 0).sum()
    return float(events / len(sessions))''',
    },
    {
        "question": "q4",
        "why": "checks organic before paid, compares case-sensitively and has no Unassigned",
        "loses": 3,
        "code": '''def channel_group(source, medium):
    site = site_name(source)
    if source == "(direct)":
        return "Direct"
    if site in SEARCH_SITES or medium == "organic":
        return "Organic Search"
    if site in SOCIAL_SITES:
        return "Organic Social"
    if medium == "email":
        return "Email"
    return "Referral"''',
    },
    {
        "question": "q5",
        "why": "forgets to sort and counts engaged sessions instead of the rate",
        "loses": 3,
        "code": '''def traffic_by_channel(sessions):
    rows = {}
    for group, part in sessions.groupby("channel_group"):
        rows[group] = {"media": MEDIA_TYPE.get(group, "unknown"), "sessions": len(part),
                       "engagement_rate": int(part["engaged"].sum()),
                       "key_event_rate": int(part["has_key_event"].sum())}
    return pd.DataFrame.from_dict(rows, orient="index").sort_index(ascending=False)''',
    },
    {
        "question": "q6",
        "why": "uses fractions instead of percent and reports the pooled rate as the average",
        "loses": 2,
        "code": '''def add_engagement_rates(posts):
    rated = posts.copy()
    rated["er_reach"] = rated["engagements"] / rated["reach"]
    rated["er_followers"] = rated["engagements"] / rated["followers"]
    rated["er_impressions"] = rated["engagements"] / rated["impressions"]
    return rated


def average_and_pooled(posts):
    pooled = float(posts["engagements"].sum() / posts["reach"].sum() * 100)
    return {"average": pooled, "pooled": pooled}''',
    },
    {
        "question": "q7",
        "why": "labels weeks by their Sunday (pandas' default weekly resample)",
        "loses": 2,
        "code": '''def weekly_trend(sessions):
    weekly = sessions.set_index("session_start").resample("W")["engaged"].agg(["size", "mean"])
    weekly.columns = ["sessions", "engagement_rate"]
    return weekly[weekly["sessions"] > 0]''',
    },
    {
        "question": "q8",
        "why": "uses the mean and keeps slots with a single post",
        "loses": 2,
        "code": '''def best_posting_slot(posts, min_posts=3):
    day = posts["published_at"].dt.day_name()
    hour = posts["published_at"].dt.hour
    best_day, best_hour = posts.groupby([day, hour])["er_reach"].mean().idxmax()
    return (best_day, int(best_hour))''',
    },
    {
        "question": "q9",
        "why": "accepts blank text and text numbers, and flags R at exactly +50%",
        "loses": 2,
        "code": '''def smart_gaps(goal, max_growth=0.5):
    gaps = []
    if "metric" not in goal:
        gaps.append("S")
    if "baseline" not in goal or "target" not in goal:
        gaps.append("M")
    if "owner" not in goal:
        gaps.append("A")
    if "M" not in gaps and float(goal["target"]) >= float(goal["baseline"]) * 1.5:
        gaps.append("R")
    if "deadline" not in goal:
        gaps.append("T")
    return gaps''',
    },
    {
        "question": "q10",
        "why": "a bar chart without labels, and no alt text",
        "loses": 3,
        "code": '''def plot_weekly(weekly):
    fig, ax = plt.subplots()
    ax.bar(range(len(weekly)), weekly["sessions"])
    return fig


weekly_alt = "chart"''',
    },
]
