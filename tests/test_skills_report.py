"""The skills report (python -m grading skills): its figures are the gradebook's, summed per
competence with grading/competences.yml, and its pages are readable (alt text, tables)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course import (
    ROOT,
    env,
    make_course,
    max_points,
    nbgrader,
    release,
    scores,
    source_path,
    submit,
    with_answer,
    wrong_answers,
)

from grading import skills

LAB = "kpi_analysis"


# --- arithmetic, without a gradebook ---------------------------------------------------------------


def fake_data() -> dict:
    return {
        "digcomp": {"areas": {"1": "Information", "3": "Content"},
                    "competences": {"1.2": "Evaluating", "1.3": "Managing", "3.1": "Developing"}},
        "competences": {
            "a": {"name": "A", "lesson": 1, "question": "make", "map": "x", "digcomp": ["1.2"]},
            "b": {"name": "B", "lesson": 1, "question": "use", "map": "x", "digcomp": ["1.3", "3.1"]},
            "c": {"name": "C", "lesson": 2, "question": "make", "map": "x", "digcomp": ["3.1"]},
        },
        "tags": {"lab1": {"q1-checks": ["a"], "q2-checks": ["a", "b"], "q3-checks": ["b"]}},
    }


def test_points_per_competence_and_area():
    rows = [skills.GradeRow("ann", "lab1", "q1-checks", 2, 2),
            skills.GradeRow("ann", "lab1", "q2-checks", 1, 4),
            skills.GradeRow("ann", "lab1", "q3-checks", 0, 3),
            skills.GradeRow("ann", "lab1", "q4-checks", 1, 1)]  # not tagged
    report = skills.build(rows, fake_data(), {"ann": skills.Learner("ann", "Ann", "Aerts")},
                          date="2026-01-01")
    assert (report.cell("ann", "a").points, report.cell("ann", "a").max_points) == (3, 6)
    assert (report.cell("ann", "b").points, report.cell("ann", "b").max_points) == (1, 7)
    assert report.cell("ann", "c").percent is None
    assert report.untagged == ["lab1/q4-checks"]
    # q2 counts once for area 1 although both of its competences map there (1.2 and 1.3)
    assert (report.areas[("ann", "1")].points, report.areas[("ann", "1")].max_points) == (3, 9)
    assert (report.areas[("ann", "3")].points, report.areas[("ann", "3")].max_points) == (1, 7)
    assert report.assessed() == ["a", "b"]
    levels = {r["competence"]: (r["percent"], r["level"]) for r in skills.csv_rows(report)}
    assert levels == {"a": ("50.0", "developing"), "b": ("14.3", "beginning"),
                      "c": ("", "not assessed yet")}


def test_levels():
    assert [skills.level(p) for p in (100, 80, 79.9, 50, 49.9, 0, None)] == [
        "secure", "secure", "developing", "developing", "beginning", "beginning", "not assessed yet"]


def test_pages_have_alt_text_and_a_table(tmp_path):
    rows = [skills.GradeRow("ann", "lab1", "q1-checks", 2, 2), skills.GradeRow("bob", "lab1", "q1-checks", 0, 2)]
    learners = {"ann": skills.Learner("ann", "Ann", "Aerts", "Museum A"), "bob": skills.Learner("bob")}
    report = skills.build(rows, fake_data(), learners, date="2026-01-01")
    written = skills.write(report, tmp_path)
    index = written["index.html"].read_text()
    alt = re.search(r'<img src="heatmap.png" alt="([^"]+)"', index)
    assert alt and "2 learners" in alt.group(1) and "A (50 %)" in alt.group(1)
    assert "<caption>" in index and '<th scope="row">' in index
    ann = (tmp_path / "learners" / "ann.html").read_text()
    assert re.search(r'<img src="ann.png" alt="[^"]*Ann Aerts[^"]*Strongest: A \(100 %\)', ann)
    assert "Museum A" in ann
    for png in ("heatmap.png", "learners/ann.png", "learners/bob.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the real thing: a graded cohort of the KPI lab ------------------------------------------------


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("skills"), LAB)
    source = nbformat.read(source_path(LAB), as_version=4)
    learner = release(root, LAB)
    submit(root, LAB, "ref", source)
    submit(root, LAB, "blank", learner)
    wrong = wrong_answers(LAB)
    mixed = source
    for answer in wrong[:3]:  # three mistakes in one notebook
        mixed = with_answer(mixed, answer["question"], answer["code"])
    submit(root, LAB, "mixed", mixed)
    nbgrader(root, "autograde", LAB, "--force")
    roster = root / "roster.csv"
    roster.write_text("username,role,first_name,last_name,organisation\n"
                      "ref,learner,Rita,Ref,Museum R\nblank,learner,Bo,Blank,Museum B\n"
                      "mixed,learner,Mia,Mixed,Museum M\nlate,learner,Lou,Late,Museum L\n"
                      "tess,trainer,Tess,Trainer,\n")
    out = root / "report"
    done = subprocess.run([sys.executable, "-m", "grading", "skills", "--course", str(root),
                           "--out", str(out), "--roster", str(roster)],
                          cwd=ROOT, env=env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root, out, source, scores(root, LAB)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_from_gradebook(gradebook: dict[str, dict[str, float]], source) -> dict:
    """Per learner and competence: (points, max points), summed from the gradebook's scores of
    the questions competences.yml tags with it."""
    tags = skills.load_competences()["tags"][LAB]
    full = max_points(source)
    out: dict = {}
    for learner, cells in gradebook.items():
        for gid, comps in tags.items():
            for comp in comps:
                points, most = out.get((learner, comp), (0.0, 0.0))
                out[(learner, comp)] = (points + cells[gid], most + full[gid])
    return out


def test_report_figures_match_the_gradebook(cohort):
    root, out, source, gradebook = cohort
    assert set(gradebook) == {"ref", "blank", "mixed"}
    expected = expected_from_gradebook(gradebook, source)
    rows = read_csv(out / "skills.csv")
    competences = skills.load_competences()["competences"]
    assert {r["learner"] for r in rows} == {"ref", "blank", "mixed", "late"}  # no trainer
    assert len(rows) == 4 * len(competences)
    for row in rows:
        key = (row["learner"], row["competence"])
        if key in expected:
            points, most = expected[key]
            assert float(row["points"]) == pytest.approx(points), key
            assert float(row["max_points"]) == pytest.approx(most), key
            assert float(row["percent"]) == pytest.approx(100 * points / most, abs=0.05), key
            assert row["labs"] == LAB
        else:
            assert (row["points"], row["max_points"], row["level"]) == ("", "", "not assessed yet"), key


def test_reference_blank_and_mistakes_read_as_they_should(cohort):
    root, out, source, gradebook = cohort
    rows = {(r["learner"], r["competence"]): r for r in read_csv(out / "skills.csv")}
    assessed = {c for (_, c), r in rows.items() if r["max_points"]}
    assert assessed == {c for comps in skills.load_competences()["tags"][LAB].values() for c in comps}
    assert all(rows[("ref", c)]["level"] == "secure" and rows[("ref", c)]["percent"] == "100.0" for c in assessed)
    assert all(rows[("blank", c)]["level"] == "beginning" and float(rows[("blank", c)]["points"]) == 0
               for c in assessed)
    # the mixed notebook lost points exactly on the competences of the questions it got wrong
    tags = skills.load_competences()["tags"][LAB]
    lost = {c for gid, cells in gradebook["mixed"].items() if gid in tags
            and cells < max_points(source)[gid] for c in tags[gid]}
    assert lost
    for comp in assessed:
        assert (float(rows[("mixed", comp)]["percent"]) < 100) == (comp in lost), comp
    assert rows[("late", "measurement-kpi")]["organisation"] == "Museum L"


def test_digcomp_areas_match_the_gradebook(cohort):
    root, out, source, gradebook = cohort
    data = skills.load_competences()
    tags, full = data["tags"][LAB], max_points(source)
    for row in read_csv(out / "skills-digcomp.csv"):
        if row["learner"] not in gradebook:
            continue
        area = row["digcomp_area"]
        questions = [gid for gid, comps in tags.items()
                     if any(code.split(".")[0] == area for c in comps for code in data["competences"][c]["digcomp"])]
        if not questions:
            assert row["points"] == ""
            continue
        assert float(row["points"]) == pytest.approx(sum(gradebook[row["learner"]][q] for q in questions))
        assert float(row["max_points"]) == pytest.approx(sum(full[q] for q in questions))


def test_cohort_and_learner_pages(cohort):
    root, out, source, gradebook = cohort
    index = (out / "index.html").read_text()
    alt = re.search(r'<img src="heatmap.png" alt="([^"]+)"', index).group(1)
    assert "4 learners" in alt and "not assessed yet" in alt
    for learner in ("ref", "blank", "mixed", "late"):
        assert f'href="learners/{learner}.html"' in index
        page = (out / "learners" / f"{learner}.html").read_text()
        assert re.search(rf'<img src="{learner}.png" alt="[^"]{{40,}}"', page)
        assert (out / "learners" / f"{learner}.png").stat().st_size > 1000
    assert "Rita Ref" in (out / "learners" / "ref.html").read_text()
