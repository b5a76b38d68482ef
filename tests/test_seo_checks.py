"""The SEO and accessibility checks lab: its generated website and its reference checks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from course import ROOT, reference_namespace, source_path

DATA = ROOT / "datasets" / "museum_website"
KEY = ROOT / "datasets" / "museum_website_defects" / "planted_defects.json"
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "website_html"

# Every defect the issue asks for, as the lab's check codes.
PLANTED_KINDS = {
    "title-missing", "title-duplicate", "title-too-long", "description-missing",
    "description-duplicate", "description-too-short", "description-too-long", "lang-missing",
    "h1-missing", "h1-multiple", "heading-skipped", "image-alt-missing", "link-text-vague",
    "link-uncrawlable", "canonical-relative", "canonical-multiple", "canonical-to-root",
    "canonical-to-translation", "noindex", "hreflang-invalid-code", "hreflang-no-self",
    "hreflang-not-reciprocal", "schema-property-missing", "schema-invalid",
    "paragraph-hard-to-read",
}
# Per-page functions of the lab and how to call them on one page.
PAGE_CALLS = {
    "extract_head": lambda ns, html, url: ns["extract_head"](html),
    "head_findings": lambda ns, html, url: ns["head_findings"](ns["extract_head"](html)),
    "heading_findings": lambda ns, html, url: ns["heading_findings"](html),
    "images_without_alt": lambda ns, html, url: ns["images_without_alt"](html),
    "vague_links": lambda ns, html, url: ns["vague_links"](html),
    "uncrawlable_links": lambda ns, html, url: ns["uncrawlable_links"](html),
    "indexing_findings": lambda ns, html, url: ns["indexing_findings"](html, url),
    "hreflang_links": lambda ns, html, url: ns["hreflang_links"](html),
    "schema_findings": lambda ns, html, url: ns["schema_findings"](html),
    "hard_paragraphs": lambda ns, html, url: ns["hard_paragraphs"](html, "en"),
}


@pytest.fixture(scope="module")
def ns():
    return reference_namespace("seo_checks")


def planted() -> dict[str, list[list[str]]]:
    return json.loads(KEY.read_text(encoding="utf-8"))["pages"]


def mismatches(report: pd.DataFrame, key: dict[str, list[list[str]]]) -> dict[str, dict]:
    """Per page, the planted findings the report misses and the findings it adds."""
    found: dict[str, Counter] = {url: Counter() for url in key}
    for row in report.itertuples():
        found.setdefault(row.url, Counter())[(row.check, row.detail)] += 1
    out = {}
    for url in sorted(set(found) | set(key)):
        want = Counter(tuple(pair) for pair in key.get(url, []))
        got = found.get(url, Counter())
        if want != got:
            out[url] = {"missed": sorted((want - got).elements()), "extra": sorted((got - want).elements())}
    return out


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "generate.py" and "__pycache__" not in p.parts}


# ------------------------------------------------------------------ the dataset

def test_generator_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path / "site"),
                    "--key", str(tmp_path / "key")], check=True, capture_output=True)
    fresh, committed = files_under(tmp_path / "site"), files_under(DATA)
    committed.pop("DATASHEET.md")
    assert sorted(fresh) == sorted(committed), "a fresh run writes other files than the committed ones"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"files differ from a fresh run of generate.py: {changed[:5]}"
    assert (tmp_path / "key" / "planted_defects.json").read_bytes() == KEY.read_bytes()


def test_site_is_a_bilingual_museum_website():
    pages = pd.read_csv(DATA / "pages.csv")
    assert len(pages) >= 25
    assert set(pages["lang"]) == {"en", "nl"}
    assert pages["lang"].value_counts().min() >= 12
    assert {"home", "visit", "collection", "exhibition", "event", "shop", "news", "about"} <= set(pages["page_type"])
    for row in pages.itertuples():
        assert (DATA / row.file).is_file(), row.file
        assert row.url.startswith("https://www.stadsmuseum-lindenhove.example/"), row.url
    assert set(pages.loc[pages["in_search"] == "no", "page_type"]) <= {"visit"}  # thank-you pages
    home = (DATA / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'alt=""' in home and 'hreflang="nl"' in home and "application/ld+json" in home


def test_every_defect_of_the_issue_is_planted_and_some_pages_are_correct():
    key = planted()
    assert set(key) == set(pd.read_csv(DATA / "pages.csv")["url"])
    kinds = {check for found in key.values() for check, _ in found}
    assert kinds == PLANTED_KINDS, f"missing: {PLANTED_KINDS - kinds}, unknown: {kinds - PLANTED_KINDS}"
    correct = [url for url, found in key.items() if not found]
    assert len(correct) >= 10, "too few correct pages to show that the checks flag nothing on them"
    details = {detail for found in key.values() for _, detail in found}
    assert {"read more", "klik hier", "lees meer", "en savoir plus"} <= details  # three languages


def test_answer_key_is_not_given_to_learners():
    meta = nbformat.read(source_path("seo_checks"), as_version=4).metadata["omlab"]
    assert meta["datasets"] == ["museum_website"]
    assert not list(DATA.rglob("planted_defects*")), "the answer key must stay out of the learner's data"


# ------------------------------------------------------------------ the reference checks

def test_reference_finds_every_planted_defect_and_nothing_else(ns):
    wrong = mismatches(ns["report"], planted())
    assert not wrong, f"reference checks disagree with the planted defects: {wrong}"


def test_reference_flags_nothing_on_the_correct_pages(ns):
    correct = {url for url, found in planted().items() if not found}
    flagged = sorted(set(ns["report"]["url"]) & correct)
    assert not flagged, f"findings on pages without planted defects: {flagged}"


def test_noindex_on_purpose_is_not_reported_but_the_accidental_one_is(ns):
    pages, report = ns["pages"], ns["report"]
    hidden = set(pages.loc[pages["in_search"] == "no", "url"])
    noindex = set(report.loc[report["check"] == "noindex", "url"])
    assert hidden and not noindex & hidden
    assert noindex == {"https://www.stadsmuseum-lindenhove.example/nl/tentoonstellingen/textiel-toekomst/"}


def test_comparison_catches_a_missed_and_an_extra_finding(ns):
    """The comparison above can fail: a report with one finding less and one more is caught."""
    report = ns["report"]
    broken = pd.concat([report.iloc[1:], pd.DataFrame([{
        "url": "https://www.stadsmuseum-lindenhove.example/en/about/contact/",
        "check": "h1-missing", "detail": ""}])], ignore_index=True)
    wrong = mismatches(broken, planted())
    first = report.iloc[0]
    assert wrong[first["url"]]["missed"] == [(first["check"], first["detail"])]
    assert wrong["https://www.stadsmuseum-lindenhove.example/en/about/contact/"]["extra"] == [("h1-missing", "")]


def test_every_finding_has_a_severity_and_the_fix_list_starts_with_errors(ns):
    report = ns["report"]
    assert set(report["check"]) <= set(ns["SEVERITY"])
    fixes = ns["fix_list"](report)
    assert list(fixes.columns) == ["severity", "pages", "findings"]
    assert fixes["findings"].sum() == len(report)
    ranks = [ns["SEVERITY_ORDER"].index(s) for s in fixes["severity"]]
    assert ranks == sorted(ranks)
    assert set(ns["SEVERITY"]) >= PLANTED_KINDS
    heuristics = {"title-too-long", "description-too-short", "description-too-long", "paragraph-hard-to-read"}
    assert {ns["SEVERITY"][c] for c in heuristics} == {"notice"}, "heuristics are notices, not errors"


def test_link_text_lists_cover_three_languages(ns):
    lists = ns["VAGUE_LINK_TEXTS"]
    assert set(lists) == {"en", "nl", "fr"}
    lighthouse = {"click here", "click this", "go", "here", "information", "learn more", "more",
                  "more info", "more information", "right here", "read more", "see more", "start", "this"}
    assert lists["en"] == lighthouse  # Lighthouse's list, as in domain-facts
    assert {"klik hier", "hier", "lees meer", "meer", "meer info", "meer informatie", "deze link"} <= lists["nl"]
    assert {"cliquez ici", "ici", "en savoir plus", "lire la suite", "plus"} <= lists["fr"]


@pytest.mark.parametrize("call, error, message", [
    (lambda ns: ns["reading_ease"]("Bonjour à tous.", "fr"), ValueError, "English"),
    (lambda ns: ns["reading_ease"]("", "en"), ValueError, "no words"),
    (lambda ns: ns["hard_paragraphs"]("<p>Hallo</p>", "de"), ValueError, "Dutch"),
    (lambda ns: ns["fix_list"](pd.DataFrame({"url": ["/a"], "check": ["noindex"]})), ValueError, "severity"),
    (lambda ns: ns["parse"](b"<html></html>"), TypeError, "as text"),
])
def test_bad_input_gets_a_clear_message(ns, call, error, message):
    with pytest.raises(error, match=message):
        call(ns)


MESSY = [
    "",
    "   ",
    "<",
    "<html>",
    "<HTML><BODY><H1>Only a body</H1><IMG SRC=x.jpg><A HREF=''>x</A></BODY></HTML>",
    "<head><title>No body</title><meta name=robots><link rel=canonical></head>",
    "<p>Unclosed <b>tags <i>everywhere <a href='/x'>read more",
    "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><head><title>XHTML</title></head></html>",
    "<title>&amp;&nbsp;&#8211;&bogus;</title><script type='application/ld+json'>{\"@graph\": 5}</script>",
    "<script type='application/ld+json'>[1, \"x\", {\"@type\": 7}, {\"@type\": \"Product\", \"offers\": [3]}]</script>",
    "<link rel='alternate' hreflang='' href=''><link rel='canonical' href='http://[::1'>",
    "<p>" + "Word " * 200 + "</p>",
    "index.html",
]


@pytest.mark.parametrize("html", MESSY, ids=range(len(MESSY)))
def test_reference_reports_and_does_not_crash_on_messy_html(ns, html):
    for name, call in PAGE_CALLS.items():
        try:
            call(ns, html, "https://museum.example/en/page/")
        except Exception as exc:  # pragma: no cover - the message says which function failed
            pytest.fail(f"{name} stopped on {html[:40]!r}: {exc!r}")


def test_reference_runs_on_every_page_of_a_real_site(ns):
    """Real, built pages of a museum publication site (not part of the project)."""
    if not REALDATA.is_dir():
        pytest.skip(f"real pages not available at {REALDATA}")
    files = sorted(REALDATA.rglob("*.html"))
    assert files, "no .html files in the real-data folder"
    for file in files:
        html = file.read_text(encoding="utf-8", errors="replace")
        url = "https://www.getty.edu/publications/artistryinbronze/" + file.stem + "/"
        for name, call in PAGE_CALLS.items():
            try:
                call(ns, html, url)
            except Exception as exc:
                pytest.fail(f"{name} stopped on {file.name}: {exc!r}")
    ns["problems"] = {}
    mine = ns["audit_folder"](REALDATA, "https://www.getty.edu/publications/artistryinbronze")
    assert ns["problems"] == {}, f"functions failed on real pages: {ns['problems']}"
    assert mine["url"].nunique() >= 1 and len(mine) > 0  # the real pages do have findings
    assert set(mine["check"]) <= set(ns["SEVERITY"])
    ns["fix_list"](mine)
    import matplotlib.pyplot as plt

    plt.close(ns["plot_findings"](mine))
