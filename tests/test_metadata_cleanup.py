"""The metadata cleanup lab: its two datasets and its reference functions."""

from __future__ import annotations

import csv
import filecmp
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from course import ROOT, reference_namespace

EXPORT = ROOT / "datasets" / "collection_export"
VOCABULARY = ROOT / "datasets" / "authority_vocabulary"
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
REAL_DATES = [  # (folder, file, column with the date as free text)
    ("tate_collection", "tate_artworks_sample2000.csv", "dateText"),
    ("moma_collection", "moma_artworks_2015_sample2000.csv", "Date"),
    ("cmoa_collection", "cmoa_objects_sample2000.csv", "creation_date"),
]
MIN_PARSED_SHARE = 0.70  # of the real exports' non-empty dates


@pytest.fixture(scope="module")
def ns(tmp_path_factory):
    # run in a scratch folder: the notebook saves its clean table and JSON-LD in its folder
    return reference_namespace("metadata_cleanup", cwd=tmp_path_factory.mktemp("metadata_cleanup"))


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("collection_export_generate", EXPORT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_export() -> pd.DataFrame:
    return pd.read_csv(EXPORT / "collection_export.csv", dtype=str, keep_default_na=False)


def read_concepts() -> list[dict[str, str]]:
    with (VOCABULARY / "concepts.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def clean_date(ns, text):
    """The lab's reference date cleaning: Dutch words to English (q3), then EDTF (q4)."""
    return ns["parse_date"](ns["dutch_date_words"](text))


# ------------------------------------------------------------------------------------ datasets

@pytest.mark.parametrize("folder, files", [(EXPORT, ["collection_export.csv"]), (VOCABULARY, ["concepts.csv"])],
                         ids=["collection_export", "authority_vocabulary"])
def test_generators_are_deterministic(tmp_path, folder, files):
    subprocess.run([sys.executable, str(folder / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for name in files:
        assert filecmp.cmp(tmp_path / name, folder / name, shallow=False), f"{name} differs from a fresh run"


def test_export_has_the_mess_the_lab_teaches():
    export = read_export()
    assert len(export) >= 1500
    text = {column: " ".join(export[column]) for column in export.columns}
    for column, signs in {
        "date": ["c. ", "ca. ", "circa", "omstreeks", "vermoedelijk", "eeuw", "century", "s ", "?c.",
                 "(circa)", "tussen", "after", "na ", "/", "cast", "onbekend"],
        "dimensions": [" in. (", '"', " mm", ",", "; ", "1/", "kg", "diam."],
        "maker": ["attributed to", "toegeschreven aan", "naar ", "atelier van", "anoniem", "$", "|", ", "],
        "materials": ["$", "|"],
        "rights": ["https://", "Publiek domein", "©", "CC BY"],
    }.items():
        missing = [s for s in signs if s not in text[column]]
        assert not missing, f"the export's {column} column lacks {missing}"
    assert (export["object_name"].str.strip() == "").any() and (export["date"] == "").any()
    keys = export["object_number"].str.strip().str.upper()
    assert keys.duplicated().sum() >= 50, "the export should hold repeated and conflicting records"
    tidied = export["object_name"].str.casefold().str.split().str.join(" ")
    assert export["object_name"].nunique() > 1.3 * tidied.nunique(), "object names should vary in capitals"


def test_vocabulary_is_a_sound_thesaurus():
    from rapidfuzz import utils

    concepts = read_concepts()
    ids = [c["id"] for c in concepts]
    assert len(concepts) >= 300
    assert len(set(ids)) == len(ids), "concept ids must be unique"
    assert {c["scheme"] for c in concepts} == {"object type", "material"}
    broken = [c["id"] for c in concepts if c["broader"] and c["broader"] not in set(ids)]
    assert not broken, f"broader concepts that do not exist: {broken}"
    assert all(c["pref_label_en"].strip() and c["pref_label_nl"].strip() for c in concepts)
    owner: dict[str, str] = {}
    for c in concepts:
        for label in [c["pref_label_en"], c["pref_label_nl"], *c["alt_labels"].split("|")]:
            key = utils.default_process(label)
            if key:
                assert owner.setdefault(key, c["id"]) == c["id"], f"label {label!r} belongs to two concepts"
    # no invented external identifiers: the match column is empty unless it holds a real AAT URI
    assert all(c["exact_match"] == "" or re.fullmatch(r"http://vocab\.getty\.edu/aat/300\d{6}", c["exact_match"])
               for c in concepts)


def test_broader_terms_have_no_cycles():
    broader = {c["id"]: c["broader"] for c in read_concepts()}
    for start in broader:
        seen, node = set(), start
        while node:
            assert node not in seen, f"a cycle of broader terms through {start}"
            seen.add(node)
            node = broader[node]


def test_dated_facts_list_the_rights_statements_europeana_accepts():
    facts = json.loads((ROOT / "datasets" / "dated_facts" / "dated_facts.json").read_text())["europeana_rights"]
    uris = [s["uri"] for s in facts["statements"]]
    assert len(uris) == len(set(uris)) == 14
    assert all(u.startswith("http://") and u.endswith("/") for u in uris)
    assert re.fullmatch(facts["cc_licence_pattern"], "http://creativecommons.org/licenses/by-sa/3.0/nl/")
    assert not re.fullmatch(facts["cc_licence_pattern"], "https://creativecommons.org/licenses/by/4.0/")


# ------------------------------------------------------------------------------ reference dates

def test_reference_date_parser_handles_every_generated_pattern(ns, generator):
    rows, truths = generator.make_export()
    wrong = []
    for truth in truths:
        got = clean_date(ns, truth["text"])
        want = {k: truth[k] for k in ("edtf", "earliest", "latest", "flag")}
        if {k: got[k] for k in want} != want:
            wrong.append((truth["text"], {k: got[k] for k in want}, want))
    assert not wrong, f"{len(wrong)} generated dates are cleaned wrongly, e.g. {wrong[:5]}"


def test_generated_dates_cover_the_patterns_the_issue_lists(generator):
    _, truths = generator.make_export()
    texts = [t["text"] for t in truths]
    for pattern in [r"^c\. \d{4}$", r"^ca\. \d{4}-\d{4}$", r"^\d{3}0s$", r"^\d{2}th century$", r"(eind|einde|laat) \d+(ste|de|e) eeuw",
                    r"^\d{4}, cast \d{4}$", r"^\?c\.\d{4}$", r"^\d{1,2}/\d{1,2}/\d{4}$",
                    r"^;?\d{4} \(circa\) - \d{4} ?\(vermoedelijk\)$"]:
        assert any(re.search(pattern, t) for t in texts), f"no generated date matches {pattern}"


def test_reference_dates_keep_uncertainty(ns):
    assert clean_date(ns, "c. 1850")["edtf"] == "1850~"
    assert clean_date(ns, "ca. 1850-1860")["edtf"] == "1850~/1860~"
    assert clean_date(ns, "eind 19de eeuw") == {"original": "late 19th century", "edtf": "1860/1899",
                                                "earliest": 1860, "latest": 1899, "flag": None}
    assert clean_date(ns, "na 1850")["edtf"] == "1850/.."
    assert clean_date(ns, "05/06/1936")["flag"] == "ambiguous"
    assert clean_date(ns, "zie dossier")["flag"] == "unparsed"


def real_date_shares(ns, folder, filename, column):
    """Clean every date of a real export; return (share parsed of the non-empty dates, flags)."""
    path = REALDATA / folder / filename
    if not path.is_file():
        pytest.skip(f"{path} is not here: the real exports are only on the authors' machines")
    values = pd.read_csv(path, dtype=str, keep_default_na=False)[column]
    results = [clean_date(ns, v) for v in values]  # must never raise
    flags = pd.Series([r["flag"] or "ok" for r in results])
    assert all(r["edtf"] is None or r["earliest"] is not None or r["latest"] is not None for r in results)
    assert all(r["edtf"] is None for r in results if r["flag"] in ("unparsed", "empty"))
    non_empty = flags != "empty"
    parsed = pd.Series([r["edtf"] is not None for r in results])[non_empty]
    return float(parsed.mean()), flags.value_counts().to_dict()


@pytest.mark.parametrize("folder, filename, column", REAL_DATES, ids=[f for f, _, _ in REAL_DATES])
def test_reference_date_parser_on_real_exports(ns, folder, filename, column):
    share, flags = real_date_shares(ns, folder, filename, column)
    print(f"{folder}: {share:.1%} of the non-empty dates parsed; flags {flags}")
    assert share >= MIN_PARSED_SHARE, f"{folder}: only {share:.1%} of the dates were parsed"


@pytest.mark.parametrize("folder, filename, column", [
    ("tate_collection", "tate_artworks_sample2000.csv", "dimensions"),
    ("moma_collection", "moma_artworks_2015_sample2000.csv", "Dimensions"),
], ids=["tate", "moma"])
def test_reference_dimension_parser_never_raises_on_real_exports(ns, folder, filename, column):
    path = REALDATA / folder / filename
    if not path.is_file():
        pytest.skip(f"{path} is not here: the real exports are only on the authors' machines")
    results = [ns["parse_dimensions"](v) for v in pd.read_csv(path, dtype=str, keep_default_na=False)[column]]
    parsed = sum(1 for r in results if r["parts"] and r["flag"] is None)
    print(f"{folder}: {parsed / len(results):.1%} of the sizes parsed without a flag")
    assert all(r["parts"] or r["flag"] for r in results), "a size was neither parsed nor flagged"


# -------------------------------------------------------------------------- reference pipeline

def test_reference_pipeline_keeps_every_original_value(ns):
    export, clean = read_export(), ns["clean"]
    assert len(clean) == len(export)
    for column in ("object_number", "object_name", "materials", "maker", "date", "dimensions", "rights"):
        assert clean[column].tolist() == export[column].tolist(), f"{column} was changed"


def test_reference_pipeline_links_flags_and_checks(ns):
    links, marked, rights = ns["links"], ns["marked"], ns["rights"]
    shares = links["status"].value_counts(normalize=True)
    assert shares["matched"] > 0.9 and shares.get("review", 0) > 0 and shares.get("no match", 0) > 0
    assert set(marked["duplicate"]) == {"keep", "drop", "review"}
    assert (marked["duplicate"] == "drop").sum() == 48
    uris = rights["uri"].dropna()
    assert len(uris) > 1000 and all(ns["is_accepted_rights"](u) and u.startswith("http://") for u in uris)
    checked = ns["checked"]
    assert 0.3 < checked["publishable"].mean() < 0.9
    assert len(ns["review"]) > 0


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own parser
def test_reference_jsonld_sample_is_valid_edm(ns):
    from rdflib import Graph
    from rdflib.namespace import RDF

    graph = Graph().parse(data=ns["jsonld"], format="json-ld")
    edm, ore = ns["EDM"], ns["ORE"]
    chos = set(graph.subjects(RDF.type, edm.ProvidedCHO))
    aggregations = set(graph.subjects(RDF.type, ore.Aggregation))
    assert len(chos) == len(aggregations) == 3
    for aggregation in aggregations:
        assert graph.value(aggregation, edm.aggregatedCHO) in chos
        assert ns["is_accepted_rights"](str(graph.value(aggregation, edm.rights)))


@pytest.mark.parametrize("call, message", [
    (lambda ns: ns["image_file_name"]("LH", " / ", 1), "object number is empty"),
    (lambda ns: ns["image_file_name"]("LH", "1987.041", 100), "from 1 to 99"),
    (lambda ns: ns["mark_duplicates"](pd.DataFrame({"title": ["Kan"]})), "no column 'object_number'"),
    (lambda ns: ns["years_of"]("c. 1850"), "not a valid EDTF date"),
])
def test_bad_input_gets_a_clear_message(ns, call, message):
    with pytest.raises(ValueError, match=message):
        call(ns)
