"""Generate one year of digital-marketing data for a fictional small museum.

    python datasets/museum_kpi/generate.py            # writes the CSV files next to this script
    python datasets/museum_kpi/generate.py --out DIR  # writes them elsewhere

The numbers come from a seeded random model (see DATASHEET.md), so every run writes the same
bytes. Nothing here is real visitor data.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250101
YEAR = 2025
HERE = Path(__file__).resolve().parent

# (source, medium, share of sessions, mean engagement seconds, ticket rate, sign-up rate)
TRAFFIC = [
    ("google", "organic", 0.330, 55, 0.030, 0.006),
    ("bing", "organic", 0.030, 50, 0.025, 0.004),
    ("duckduckgo", "organic", 0.010, 48, 0.020, 0.004),
    ("ecosia", "organic", 0.010, 52, 0.020, 0.004),
    ("(direct)", "(none)", 0.220, 45, 0.045, 0.008),
    ("google", "cpc", 0.040, 30, 0.020, 0.003),
    ("facebook", "cpc", 0.020, 14, 0.008, 0.002),
    ("instagram", "paid_social", 0.020, 12, 0.006, 0.002),
    ("l.instagram.com", "referral", 0.050, 22, 0.012, 0.006),
    ("m.facebook.com", "referral", 0.040, 25, 0.012, 0.005),
    ("linkedin.com", "referral", 0.010, 40, 0.005, 0.004),
    ("instagram", "social", 0.020, 20, 0.010, 0.006),
    ("newsletter", "email", 0.050, 70, 0.080, 0.000),
    ("Newsletter", "Email", 0.010, 65, 0.070, 0.000),
    ("uitinvlaanderen.be", "referral", 0.040, 60, 0.060, 0.004),
    ("visitflanders.com", "referral", 0.030, 58, 0.040, 0.003),
    ("tripadvisor.com", "referral", 0.030, 50, 0.035, 0.002),
    ("standaard.be", "referral", 0.010, 35, 0.015, 0.003),
    ("cultuurkrant", "display", 0.010, 8, 0.004, 0.001),
    ("(not set)", "(not set)", 0.020, 15, 0.005, 0.001),
]
LANDING_PAGES = [
    ("/", 0.30), ("/en/visit", 0.18), ("/nl/bezoek", 0.12), ("/en/exhibitions/textile-futures", 0.12),
    ("/nl/tentoonstellingen/textiel-toekomst", 0.08), ("/en/collection", 0.07), ("/shop", 0.05),
    ("/en/events/museum-night", 0.04), ("/nl/agenda", 0.04),
]
DEVICES = [("mobile", 0.62), ("desktop", 0.32), ("tablet", 0.06)]
PLATFORMS = {  # posts per year, followers on 1 January, yearly follower growth, base reach share
    "Instagram": (200, 4200, 0.30, 0.35),
    "Facebook": (150, 6800, 0.05, 0.12),
    "LinkedIn": (40, 1100, 0.25, 0.20),
    "TikTok": (30, 600, 1.20, 0.90),
}
FORMATS = {"Instagram": ["image", "carousel", "reel"], "Facebook": ["image", "link", "video"],
           "LinkedIn": ["image", "link"], "TikTok": ["video"]}
TOPICS = ["exhibition", "collection", "behind the scenes", "event", "practical info"]


def daily_weight(day: pd.Timestamp) -> float:
    """Relative traffic on a day: weekends, the spring exhibition, summer and Museum Night."""
    weight = 1.0 + 0.35 * (day.day_of_week >= 5) - 0.15 * (day.day_of_week == 0)
    if pd.Timestamp(YEAR, 3, 7) <= day <= pd.Timestamp(YEAR, 6, 22):
        weight *= 1.45  # "Textile Futures" exhibition
    if day.month in (7, 8):
        weight *= 1.2
    if day.month in (1, 2):
        weight *= 0.8
    if pd.Timestamp(YEAR, 10, 4) <= day <= pd.Timestamp(YEAR, 10, 11):
        weight *= 1.9  # Museum Night week
    return weight


def make_sessions(rng: np.random.Generator, n_sessions: int = 24000) -> pd.DataFrame:
    days = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
    weights = np.array([daily_weight(d) for d in days])
    day_idx = rng.choice(len(days), size=n_sessions, p=weights / weights.sum())
    hours = rng.choice(24, size=n_sessions, p=_hour_profile())
    seconds = rng.integers(0, 3600, size=n_sessions)
    starts = days[day_idx] + pd.to_timedelta(hours, unit="h") + pd.to_timedelta(seconds, unit="s")

    shares = np.array([t[2] for t in TRAFFIC])
    channel = rng.choice(len(TRAFFIC), size=n_sessions, p=shares / shares.sum())
    # Paid social ran only during the exhibition campaign: move other paid-social sessions.
    in_campaign = (starts >= pd.Timestamp(YEAR, 3, 1)) & (starts <= pd.Timestamp(YEAR, 4, 30))
    paid_social = np.isin(channel, [6, 7])
    channel[paid_social & ~in_campaign] = 0

    mean_time = np.array([TRAFFIC[c][3] for c in channel], dtype=float)
    engaged_time = rng.gamma(shape=1.2, scale=mean_time / 1.2)
    bounce_like = rng.random(n_sessions) < 0.38  # many visits leave within seconds
    engaged_time[bounce_like] = rng.integers(0, 11, size=bounce_like.sum())
    page_views = 1 + rng.poisson(np.where(bounce_like, 0.15, 1.6))
    ticket_p = np.array([TRAFFIC[c][4] for c in channel]) * np.where(bounce_like, 0.1, 1.6)
    signup_p = np.array([TRAFFIC[c][5] for c in channel]) * np.where(bounce_like, 0.1, 1.6)
    tickets = (rng.random(n_sessions) < ticket_p).astype(int) * rng.choice([1, 1, 1, 2], n_sessions)
    signups = (rng.random(n_sessions) < signup_p).astype(int)

    pages, page_p = zip(*LANDING_PAGES, strict=True)
    devices, device_p = zip(*DEVICES, strict=True)
    frame = pd.DataFrame({
        "session_start": starts,
        "source": [TRAFFIC[c][0] for c in channel],
        "medium": [TRAFFIC[c][1] for c in channel],
        "landing_page": rng.choice(pages, size=n_sessions, p=np.array(page_p) / sum(page_p)),
        "device": rng.choice(devices, size=n_sessions, p=np.array(device_p) / sum(device_p)),
        "page_views": page_views,
        "engagement_time_s": np.round(engaged_time).astype(int),
        "ticket_purchases": tickets,
        "newsletter_signups": signups,
    }).sort_values("session_start", kind="stable").reset_index(drop=True)
    frame.insert(0, "session_id", [f"S{YEAR}-{i:06d}" for i in range(1, n_sessions + 1)])
    frame["session_start"] = frame["session_start"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame


def _hour_profile() -> np.ndarray:
    profile = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 4.5, 4, 4.5,
                        5, 5, 4, 3, 2], dtype=float)
    return profile / profile.sum()


def make_posts(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for platform, (n_posts, followers0, growth, reach_share) in PLATFORMS.items():
        days = np.sort(rng.choice(365, size=n_posts, replace=False))
        for day in days:
            published = pd.Timestamp(YEAR, 1, 1) + pd.Timedelta(days=int(day))
            hour = int(rng.choice([8, 9, 11, 12, 13, 16, 17, 19, 20, 21]))
            published += pd.Timedelta(hours=hour, minutes=int(rng.integers(0, 60)))
            followers = int(followers0 * (1 + growth * day / 365))
            fmt = str(rng.choice(FORMATS[platform]))
            topic = str(rng.choice(TOPICS))
            slot_boost = 1.0
            if published.day_of_week == 3 and 19 <= hour <= 20:
                slot_boost = 1.8  # Thursday evening: the audience is at home and planning
            if published.day_of_week == 6 and 11 <= hour <= 12:
                slot_boost = 1.5
            reach = int(followers * reach_share * rng.lognormal(0, 0.45)
                        * (1.6 if fmt in ("reel", "video") else 1.0))
            impressions = int(reach * rng.uniform(1.1, 1.8))
            rate = 0.045 * slot_boost * (1.3 if topic == "behind the scenes" else 1.0)
            engagements = int(rng.binomial(max(reach, 1), min(rate * rng.lognormal(0, 0.35), 0.9)))
            clicks = int(rng.binomial(max(reach, 1), 0.004 if fmt != "link" else 0.015))
            rows.append({
                "platform": platform,
                "published_at": published.strftime("%Y-%m-%d %H:%M"),
                "format": fmt,
                "topic": topic,
                "followers": followers,
                "reach": reach,
                "impressions": impressions,
                "engagements": engagements,
                "link_clicks": clicks,
            })
    posts = pd.DataFrame(rows).sort_values(["published_at", "platform"], kind="stable")
    posts = posts.reset_index(drop=True)
    posts.insert(0, "post_id", [f"P{YEAR}-{i:04d}" for i in range(1, len(posts) + 1)])
    return posts


def generate(out: Path) -> list[Path]:
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("sessions.csv", make_sessions(rng)), ("social_posts.csv", make_posts(rng))):
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
