"""grading/competences.yml: the course's competences come from the lessons' maps, map to DigComp
2.2, and tag every graded question of every lab (new labs included: labs() finds them)."""

from __future__ import annotations

import re

import pytest
from course import ROOT, labs

from grading import skills

DATA = skills.load_competences()
LESSONS = sorted((ROOT / "book" / "lessons").glob("[0-9]-*.md"))


def test_every_graded_cell_of_every_lab_is_tagged():
    found = labs()
    assert "kpi_analysis" in found
    problems = skills.problems(DATA, ROOT, found)
    assert not problems, "grading/competences.yml:\n" + "\n".join(problems)


@pytest.mark.parametrize("lab", labs())
def test_lab_has_tags(lab):
    cells = skills.graded_cells(lab, ROOT)
    assert cells, f"{lab} has no graded cells"
    assert set(DATA["tags"].get(lab, {})) == set(cells)


def test_problems_are_reported():
    broken = skills.load_competences()
    broken["tags"]["kpi_analysis"].pop("q1-checks")
    broken["tags"]["kpi_analysis"]["q2-checks"] = ["no-such-competence"]
    broken["competences"]["digital-strategy"]["digcomp"] = ["9.9"]
    found = "\n".join(skills.problems(broken, ROOT, ["kpi_analysis"]))
    assert "q1-checks is not tagged" in found
    assert "unknown competence 'no-such-competence'" in found
    assert "'9.9' is not a DigComp 2.2 competence" in found


def test_digcomp_22_reference_lists_21_competences_in_5_areas():
    assert len(DATA["digcomp"]["competences"]) == 21
    assert set(DATA["digcomp"]["areas"]) == {"1", "2", "3", "4", "5"}
    for code in DATA["digcomp"]["competences"]:
        assert code.split(".")[0] in DATA["digcomp"]["areas"]


def words(text: str) -> set[str]:
    text = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)  # {term}`KPIs <KPI>` -> KPIs
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def lesson_map(path) -> dict[str, str]:
    """The rows of a lesson's "Map of this lesson" table: One by One question -> text."""
    text = path.read_text(encoding="utf-8")
    section = text.split("## Map of this lesson", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2:
            for question in skills.QUESTIONS:
                if f"**{question}**" in cells[0].lower():
                    rows[question] = cells[1]
    return rows


def test_competences_come_from_the_lessons_maps():
    assert len(LESSONS) == 5
    competences = DATA["competences"]
    assert len(competences) == 4 * len(LESSONS)
    for number, path in enumerate(LESSONS, start=1):
        rows = lesson_map(path)
        assert set(rows) == set(skills.QUESTIONS), f"{path.name}: map rows {sorted(rows)}"
        for question, text in rows.items():
            mine = [c for c in competences.values() if c["lesson"] == number and c["question"] == question]
            assert len(mine) == 1, f"lesson {number} {question}: {len(mine)} competences"
            quoted, actual = words(mine[0]["map"]), words(text)
            # the quote may trail small edits of the lesson, never drift away from it
            overlap = len(quoted & actual) / max(len(quoted), 1)
            assert overlap >= 0.6, (
                f"lesson {number}, '{question}': the competence quotes {mine[0]['map']!r} but the "
                f"lesson's map now says {text!r}: update grading/competences.yml")
