"""The KPI analysis lab: its dataset and its reference functions."""

from __future__ import annotations

import filecmp
import subprocess
import sys

import pandas as pd
import pytest
from course import ROOT, reference_namespace

DATA = ROOT / "datasets" / "museum_kpi"


@pytest.fixture(scope="module")
def ns():
    return reference_namespace("kpi_analysis")


def test_generator_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for name in ("sessions.csv", "social_posts.csv"):
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), f"{name} differs from a fresh run"


def test_dataset_has_the_mess_the_lab_teaches(ns):
    sessions = ns["sessions"]
    assert len(sessions) >= 20000
    assert {"Newsletter", "newsletter"} <= set(sessions["source"])  # inconsistent tagging
    assert "(not set)" in set(sessions["medium"])
    assert sessions["session_start"].dt.year.eq(2025).all()


def test_reference_rates_are_plausible_and_consistent(ns):
    sessions = ns["sessions"]
    engaged = ns["is_engaged"](sessions)
    rate = ns["engagement_rate"](engaged)
    assert 0.5 < rate < 0.8
    assert ns["bounce_rate"](engaged) == pytest.approx(1 - rate)
    by_channel = ns["traffic_by_channel"](sessions)
    assert by_channel["sessions"].sum() == len(sessions)
    assert set(by_channel["media"]) <= {"owned", "earned", "paid", "unknown"}
    assert "Unassigned" in by_channel.index  # the (not set) sessions


def test_planted_posting_pattern_is_found(ns):
    assert ns["best_posting_slot"](ns["posts"]) == ("Thursday", 20)


@pytest.mark.parametrize("call, message", [
    (lambda ns: ns["engagement_rate"](pd.Series([], dtype=bool)), "no sessions"),
    (lambda ns: ns["key_event_rate"](pd.DataFrame({"ticket_purchases": [1]})), "no column 'newsletter_signups'"),
    (lambda ns: ns["traffic_by_channel"](pd.DataFrame({"channel_group": [], "engaged": [], "has_key_event": []})), "is empty"),
])
def test_bad_input_gets_a_clear_message(ns, call, message):
    with pytest.raises(ValueError, match=message):
        call(ns)


def test_smart_gaps_of_a_vague_goal(ns):
    assert ns["smart_gaps"]({"metric": "more engagement"}) == ["M", "A", "T"]
