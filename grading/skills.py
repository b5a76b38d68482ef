"""Skills report: what a cohort's lab grades say about each learner's competences.

    python -m grading skills [--course DIR] [--out DIR] [--roster ROSTER.csv]

Every graded question of every lab is tagged with the course competences it shows
(``grading/competences.yml``: one competence per row of each lesson's map, each mapped to
DigComp 2.2). For a learner and a competence the report gives the points earned in the questions
tagged with it, out of the points those questions are worth, over the labs the learner handed in.
A question tagged with two competences counts, in full, for both. Late penalties do not lower a
competence (they are about the date, not the skill).

It reads the course's gradebook and writes, into ``--out`` (default ``_nbgrader/skills``):

    skills.csv           one row per learner and competence: for the training coordinator's records
    skills-digcomp.csv   one row per learner and DigComp 2.2 area
    index.html           the cohort: a heatmap (heatmap.png, with alt text) and the same numbers
                         as a table, with a link to each learner's profile
    learners/<id>.html   a learner's profile: a bar chart (learners/<id>.png, with alt text),
                         the competences with their DigComp areas, levels and the labs counted
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import COURSE_ID, WORK

COMPETENCES = Path(__file__).with_name("competences.yml")
QUESTIONS = ("make", "manage", "understand", "use")
# Levels, by the share of points: said in words on every page and in the CSV.
LEVELS = ((80.0, "secure"), (50.0, "developing"), (0.0, "beginning"))
NOT_ASSESSED = "not assessed yet"
CSV_COLUMNS = ["course", "learner", "first_name", "last_name", "organisation", "competence",
               "competence_name", "lesson", "one_by_one", "digcomp", "digcomp_areas", "points",
               "max_points", "percent", "level", "labs", "questions", "report_date"]
DIGCOMP_COLUMNS = ["course", "learner", "first_name", "last_name", "organisation", "digcomp_area",
                   "digcomp_area_name", "points", "max_points", "percent", "level", "report_date"]


# --- the competence list and the tags ----------------------------------------------------------


def load_competences(path: str | Path = COMPETENCES) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    data.setdefault("tags", {})
    for lab, tags in list(data["tags"].items()):
        data["tags"][lab] = {gid: list(comps or []) for gid, comps in (tags or {}).items()}
    return data


def graded_cells(lab: str, root: Path) -> dict[str, float]:
    """The graded cells of a lab's source notebook: grade_id -> points."""
    import nbformat

    nb = nbformat.read(root / "labs" / lab / f"{lab}.ipynb", as_version=4)
    return {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader.get("points", 0))
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def problems(data: dict, root: Path, labs: list[str]) -> list[str]:
    """Everything wrong with the competence list and the tags, in plain words (empty: all good)."""
    found = []
    codes, areas = data["digcomp"]["competences"], data["digcomp"]["areas"]
    seen = set()
    for cid, comp in data["competences"].items():
        for key in ("name", "lesson", "question", "map", "digcomp"):
            if not comp.get(key):
                found.append(f"competence {cid}: no {key}")
        if comp.get("question") not in QUESTIONS:
            found.append(f"competence {cid}: question must be one of {', '.join(QUESTIONS)}")
        pair = (comp.get("lesson"), comp.get("question"))
        if pair in seen:
            found.append(f"competence {cid}: lesson {pair[0]} has two '{pair[1]}' competences")
        seen.add(pair)
        for code in comp.get("digcomp") or []:
            if code not in codes:
                found.append(f"competence {cid}: {code!r} is not a DigComp 2.2 competence")
            elif code.split(".")[0] not in areas:
                found.append(f"competence {cid}: {code!r} has no DigComp area")
    for lab in labs:
        cells = graded_cells(lab, root)
        tags = data["tags"].get(lab)
        if tags is None:
            found.append(f"{lab}: no tags at all (add '{lab}:' under 'tags:' in grading/competences.yml)")
            continue
        for gid in cells:
            if not tags.get(gid):
                found.append(f"{lab}: graded cell {gid} is not tagged with any competence")
        for gid, comps in tags.items():
            if gid not in cells:
                found.append(f"{lab}: {gid} is tagged but is not a graded cell of the lab")
            for comp in comps:
                if comp not in data["competences"]:
                    found.append(f"{lab}: {gid} is tagged with unknown competence {comp!r}")
    return found


def level(percent: float | None) -> str:
    if percent is None:
        return NOT_ASSESSED
    return next(name for floor, name in LEVELS if percent >= floor - 1e-9)


# --- the gradebook -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeRow:
    learner: str
    lab: str
    grade_id: str
    score: float
    max_score: float


@dataclass
class Learner:
    id: str
    first_name: str = ""
    last_name: str = ""
    organisation: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.id


def read_gradebook(db_url: str) -> tuple[list[GradeRow], dict[str, Learner]]:
    """Every grade of every submitted notebook, and every learner, from an nbgrader gradebook."""
    from nbgrader.api import Gradebook

    from .roster import with_python_tools

    with_python_tools()
    rows, learners = [], {}
    with Gradebook(db_url) as gb:
        for student in gb.students:
            learners[student.id] = Learner(student.id, student.first_name or "", student.last_name or "")
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append(GradeRow(submission.student_id, assignment.name, grade.name,
                                             float(grade.score or 0), float(grade.max_score or 0)))
    return rows, learners


# --- the report ----------------------------------------------------------------------------------


@dataclass
class Cell:
    points: float = 0.0
    max_points: float = 0.0
    labs: set[str] = field(default_factory=set)
    questions: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.points / self.max_points if self.max_points else None


@dataclass
class Report:
    data: dict
    learners: list[Learner]
    competences: list[str]  # in lesson order
    cells: dict[tuple[str, str], Cell]  # (learner, competence)
    areas: dict[tuple[str, str], Cell]  # (learner, DigComp area)
    untagged: list[str]
    date: str

    def cell(self, learner: str, competence: str) -> Cell:
        return self.cells.get((learner, competence)) or Cell()

    def assessed(self) -> list[str]:
        """Competences that at least one learner's labs assessed."""
        return [c for c in self.competences if any(self.cell(p.id, c).max_points for p in self.learners)]


def build(rows: list[GradeRow], data: dict, learners: dict[str, Learner],
          date: str | None = None) -> Report:
    order = sorted(data["competences"], key=lambda c: (data["competences"][c]["lesson"],
                                                       QUESTIONS.index(data["competences"][c]["question"])))
    cells: dict[tuple[str, str], Cell] = {}
    areas: dict[tuple[str, str], Cell] = {}
    untagged = set()
    for row in rows:
        learners.setdefault(row.learner, Learner(row.learner))
        comps = data["tags"].get(row.lab, {}).get(row.grade_id)
        if not comps:
            untagged.add(f"{row.lab}/{row.grade_id}")
            continue
        for comp in comps:
            cell = cells.setdefault((row.learner, comp), Cell())
            cell.points += row.score
            cell.max_points += row.max_score
            cell.labs.add(row.lab)
            cell.questions.append(f"{row.lab}/{row.grade_id}")
        # a question counts once per DigComp area, however many of its competences map there
        for area in sorted({code.split(".")[0] for comp in comps
                            for code in data["competences"][comp]["digcomp"]}):
            cell = areas.setdefault((row.learner, area), Cell())
            cell.points += row.score
            cell.max_points += row.max_score
            cell.labs.add(row.lab)
            cell.questions.append(f"{row.lab}/{row.grade_id}")
    people = sorted(learners.values(), key=lambda p: (p.last_name.lower(), p.first_name.lower(), p.id))
    return Report(data, people, order, cells, areas, sorted(untagged),
                  date or dt.date.today().isoformat())


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def csv_rows(report: Report) -> list[dict]:
    comps = report.data["competences"]
    names = report.data["digcomp"]["competences"]
    out = []
    for learner in report.learners:
        for cid in report.competences:
            cell, comp = report.cell(learner.id, cid), comps[cid]
            pct = cell.percent
            out.append({
                "course": COURSE_ID, "learner": learner.id, "first_name": learner.first_name,
                "last_name": learner.last_name, "organisation": learner.organisation,
                "competence": cid, "competence_name": comp["name"], "lesson": comp["lesson"],
                "one_by_one": comp["question"],
                "digcomp": "; ".join(f"{c} {names[c]}" for c in comp["digcomp"]),
                "digcomp_areas": "; ".join(sorted({c.split(".")[0] for c in comp["digcomp"]})),
                "points": _fmt(cell.points) if cell.max_points else "",
                "max_points": _fmt(cell.max_points) if cell.max_points else "",
                "percent": f"{pct:.1f}" if pct is not None else "",
                "level": level(pct), "labs": "; ".join(sorted(cell.labs)),
                "questions": "; ".join(cell.questions), "report_date": report.date,
            })
    return out


def digcomp_rows(report: Report) -> list[dict]:
    areas = report.data["digcomp"]["areas"]
    out = []
    for learner in report.learners:
        for area, name in areas.items():
            cell = report.areas.get((learner.id, area)) or Cell()
            pct = cell.percent
            out.append({
                "course": COURSE_ID, "learner": learner.id, "first_name": learner.first_name,
                "last_name": learner.last_name, "organisation": learner.organisation,
                "digcomp_area": area, "digcomp_area_name": name,
                "points": _fmt(cell.points) if cell.max_points else "",
                "max_points": _fmt(cell.max_points) if cell.max_points else "",
                "percent": f"{pct:.1f}" if pct is not None else "", "level": level(pct),
                "report_date": report.date,
            })
    return out


# --- figures and pages ---------------------------------------------------------------------------


def heatmap(report: Report, path: Path) -> str:
    """Draw the cohort heatmap; return its alt text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    comps = report.assessed() or report.competences
    names = [report.data["competences"][c]["name"] for c in comps]
    values = np.array([[np.nan if (pct := report.cell(person.id, c).percent) is None else pct
                        for c in comps] for person in report.learners] or [[np.nan] * len(comps)])
    height = 1.6 + 0.45 * max(len(report.learners), 1)
    fig, ax = plt.subplots(figsize=(2.2 + 0.62 * len(comps), height + 1.8))
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad="#d9d9d9")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(comps)), labels=names, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(report.learners)), labels=[person.name for person in report.learners], fontsize=9)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = "–" if np.isnan(v) else f"{v:.0f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="black" if np.isnan(v) or v > 55 else "white")
    ax.set_title("Share of points per competence (%), grey: not assessed yet", fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.02, label="% of points")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return heatmap_alt(report, comps)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def heatmap_alt(report: Report, comps: list[str]) -> str:
    names = report.data["competences"]
    averages = {c: _mean([p for person in report.learners
                          if (p := report.cell(person.id, c).percent) is not None]) for c in comps}
    scored = {c: a for c, a in averages.items() if a is not None}
    missing = sum(1 for person in report.learners for c in comps
                  if report.cell(person.id, c).percent is None)
    text = (f"Heatmap: rows are {len(report.learners)} learners, columns {len(comps)} course "
            f"competences; each cell is the share of points the learner earned in the lab questions "
            f"on that competence.")
    if scored:
        best = max(scored, key=scored.get)
        worst = min(scored, key=scored.get)
        text += (f" Highest cohort average: {names[best]['name']} ({scored[best]:.0f} %);"
                 f" lowest: {names[worst]['name']} ({scored[worst]:.0f} %).")
    if missing:
        text += f" {missing} cells are grey: not assessed yet. The table below gives every number."
    return text


def profile_chart(report: Report, learner: Learner, path: Path) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    comps = report.assessed() or report.competences
    names = [report.data["competences"][c]["name"] for c in comps]
    pcts = [report.cell(learner.id, c).percent for c in comps]
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.32 * len(comps)))
    ys = list(range(len(comps)))[::-1]
    ax.barh(ys, [p or 0 for p in pcts], color=["#1f4e79" if p is not None else "#d9d9d9" for p in pcts])
    for y, p in zip(ys, pcts, strict=True):
        ax.text((p or 0) + 1, y, f"{p:.0f} %" if p is not None else NOT_ASSESSED, va="center", fontsize=8)
    ax.set_yticks(ys, labels=names, fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel("Share of points in the lab questions on the competence (%)")
    ax.set_title(f"{learner.name}: competences shown in the labs", fontsize=10)
    for floor, _name in LEVELS[:-1]:
        ax.axvline(floor, color="#999999", linewidth=0.8, linestyle=":")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    scored = {c: p for c, p in zip(comps, pcts, strict=True) if p is not None}
    names_by = report.data["competences"]
    if not scored:
        return (f"Bar chart of {learner.name}'s competences: none assessed yet (no graded lab "
                "handed in).")
    best = max(scored, key=scored.get)
    worst = min(scored, key=scored.get)
    return (f"Bar chart of the share of points {learner.name} earned per competence, "
            f"{len(scored)} of {len(comps)} competences assessed. Strongest: {names_by[best]['name']} "
            f"({scored[best]:.0f} %); weakest: {names_by[worst]['name']} ({scored[worst]:.0f} %). "
            "The table below gives every number.")


STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid
#bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}td.n{text-align:right}caption{text-align:
left;font-weight:bold;margin-bottom:.3rem}img{max-width:100%;height:auto}.muted{color:#555}"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def _levels_note() -> str:
    return ("<p>Levels, by the share of points in the lab questions on a competence: "
            "<strong>secure</strong> 80 % or more, <strong>developing</strong> 50 to 79 %, "
            "<strong>beginning</strong> below 50 %; <strong>not assessed yet</strong> when no lab "
            "handed in has a question on it. A question on two competences counts for both. The "
            "competences are the course's own, one per row of each lesson's map, each drawing on "
            "DigComp 2.2 competences.</p>")


def cohort_page(report: Report, alt: str, links: dict[str, str]) -> str:
    comps = report.assessed() or report.competences
    names = report.data["competences"]
    head = "".join(f'<th scope="col">{html.escape(names[c]["name"])}</th>' for c in comps)
    rows = []
    for learner in report.learners:
        cells = []
        for c in comps:
            pct = report.cell(learner.id, c).percent
            cells.append(f'<td class="n">{pct:.0f} %</td>' if pct is not None else
                         '<td class="muted">–</td>')
        rows.append(f'<tr><th scope="row"><a href="{html.escape(links[learner.id])}">'
                    f"{html.escape(learner.name)}</a></th>{''.join(cells)}</tr>")
    untagged = ""
    if report.untagged:
        untagged = ("<p><strong>Not counted:</strong> these graded questions have no competence "
                    "tag in grading/competences.yml: " + html.escape(", ".join(report.untagged)) + ".</p>")
    body = (
        f"<h1>Skills report: {html.escape(COURSE_ID)}</h1>\n"
        f'<p class="muted">From the gradebook, {html.escape(report.date)}. '
        f"{len(report.learners)} learners. The CSV files <a href=\"skills.csv\">skills.csv</a> "
        f"(per competence) and <a href=\"skills-digcomp.csv\">skills-digcomp.csv</a> (per DigComp "
        f"area) hold every number, for your records.</p>\n"
        f"{_levels_note()}\n"
        f'<figure>\n<img src="heatmap.png" alt="{html.escape(alt)}">\n'
        f"<figcaption>The cohort at a glance: one row per learner, one column per competence "
        f"assessed so far.</figcaption>\n</figure>\n"
        f"<table>\n<caption>Share of points per learner and competence</caption>\n"
        f'<thead><tr><th scope="col">Learner</th>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows) + "\n</tbody>\n</table>\n" + untagged
    )
    return _page(f"Skills report: {COURSE_ID}", body)


def learner_page(report: Report, learner: Learner, alt: str, image: str) -> str:
    comps = report.data["competences"]
    codes = report.data["digcomp"]["competences"]
    areas = report.data["digcomp"]["areas"]
    rows = []
    for cid in report.competences:
        cell, comp = report.cell(learner.id, cid), comps[cid]
        pct = cell.percent
        digcomp = "; ".join(f"{c} {codes[c]}" for c in comp["digcomp"])
        rows.append(
            f'<tr><th scope="row">{html.escape(comp["name"])}</th>'
            f'<td>{comp["lesson"]} ({html.escape(comp["question"])})</td>'
            f"<td>{html.escape(digcomp)}</td>"
            f'<td class="n">{_fmt(cell.points) + " / " + _fmt(cell.max_points) if cell.max_points else "–"}</td>'
            f'<td class="n">{f"{pct:.0f} %" if pct is not None else "–"}</td>'
            f"<td>{html.escape(level(pct))}</td><td>{html.escape(', '.join(sorted(cell.labs)))}</td></tr>")
    area_rows = []
    for area, name in areas.items():
        cell = report.areas.get((learner.id, area)) or Cell()
        pct = cell.percent
        area_rows.append(
            f'<tr><th scope="row">{html.escape(area)}. {html.escape(name)}</th>'
            f'<td class="n">{_fmt(cell.points) + " / " + _fmt(cell.max_points) if cell.max_points else "–"}</td>'
            f'<td class="n">{f"{pct:.0f} %" if pct is not None else "–"}</td>'
            f"<td>{html.escape(level(pct))}</td></tr>")
    extra = f" ({html.escape(learner.organisation)})" if learner.organisation else ""
    body = (
        f'<p><a href="../index.html">Back to the cohort</a></p>\n'
        f"<h1>Skills profile: {html.escape(learner.name)}{extra}</h1>\n"
        f'<p class="muted">Learner {html.escape(learner.id)}, course {html.escape(COURSE_ID)}, '
        f"from the gradebook on {html.escape(report.date)}.</p>\n{_levels_note()}\n"
        f'<figure>\n<img src="{html.escape(image)}" alt="{html.escape(alt)}">\n'
        f"<figcaption>Share of points per competence assessed so far.</figcaption>\n</figure>\n"
        f"<table>\n<caption>Course competences</caption>\n<thead><tr>"
        f'<th scope="col">Competence</th><th scope="col">Lesson (One by One question)</th>'
        f'<th scope="col">DigComp 2.2</th><th scope="col">Points</th><th scope="col">Share</th>'
        f'<th scope="col">Level</th><th scope="col">Labs counted</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows) + "\n</tbody>\n</table>\n"
        "<table>\n<caption>DigComp 2.2 areas (each lab question counted once per area)</caption>\n"
        '<thead><tr><th scope="col">Area</th><th scope="col">Points</th><th scope="col">Share</th>'
        '<th scope="col">Level</th></tr></thead>\n<tbody>\n' + "\n".join(area_rows) + "\n</tbody>\n</table>\n"
    )
    return _page(f"Skills profile: {learner.name}", body)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def write(report: Report, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "learners").mkdir(exist_ok=True)
    written: dict[str, Path] = {}
    for name, columns, rows in (("skills.csv", CSV_COLUMNS, csv_rows(report)),
                                ("skills-digcomp.csv", DIGCOMP_COLUMNS, digcomp_rows(report))):
        with open(out / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        written[name] = out / name
    links = {}
    for learner in report.learners:
        stem = _safe(learner.id)
        alt = profile_chart(report, learner, out / "learners" / f"{stem}.png")
        page = out / "learners" / f"{stem}.html"
        page.write_text(learner_page(report, learner, alt, f"{stem}.png"), encoding="utf-8")
        links[learner.id] = f"learners/{stem}.html"
        written[f"learner:{learner.id}"] = page
    alt = heatmap(report, out / "heatmap.png")
    (out / "index.html").write_text(cohort_page(report, alt, links), encoding="utf-8")
    written["heatmap.png"] = out / "heatmap.png"
    written["index.html"] = out / "index.html"
    return written


def report_for_course(course: Path, roster_csv: Path | None = None, date: str | None = None,
                      prefix: str = "") -> Report:
    from .roster import course_db_url

    db = course / WORK / "gradebook.db"
    if not db.is_file():
        raise FileNotFoundError(f"No gradebook at {db}: grade a lab first (python -m grading autograde LAB).")
    rows, learners = read_gradebook(course_db_url(course))
    if roster_csv:
        from . import roster as rosters

        for member in rosters.read(roster_csv).learners:
            student = prefix + member.username
            person = learners.setdefault(student, Learner(student))
            person.first_name = member.first_name or person.first_name
            person.last_name = member.last_name or person.last_name
            person.organisation = member.organisation
    return build(rows, load_competences(), learners, date)


def add_command(sub) -> None:
    """Register ``python -m grading skills`` (called by grading/__main__.py)."""
    p = sub.add_parser("skills", help="per-learner skills profiles, a cohort heatmap and a CSV, from the gradebook",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("--course", type=Path, default=Path("."), help="the course root (default: this folder)")
    p.add_argument("--out", type=Path, default=None, help="where to write (default: <course>/_nbgrader/skills)")
    p.add_argument("--roster", type=Path, default=None,
                   help="the cohort's roster CSV: adds organisations, and learners who handed nothing in")
    p.add_argument("--student-prefix", default="",
                   help="what goes before a roster username in the nbgrader student id "
                        "(The Littlest JupyterHub: jupyter-)")
    p.add_argument("--check", action="store_true",
                   help="only check grading/competences.yml against the labs, and say what is wrong")
    p.set_defaults(func=_command)


def _command(args) -> int:
    from .release import labs

    course = args.course.resolve()
    if args.check:
        found = problems(load_competences(), course, labs(course))
        for line in found:
            print(line)
        print("competences.yml: all graded questions tagged" if not found else f"{len(found)} problems")
        return 1 if found else 0
    try:
        report = report_for_course(course, args.roster, prefix=args.student_prefix)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    out = (args.out or course / WORK / "skills").resolve()
    write(report, out)
    print(f"Skills report of {len(report.learners)} learners on {len(report.assessed())} competences: "
          f"{out / 'index.html'}")
    print(f"For your records: {out / 'skills.csv'} and {out / 'skills-digcomp.csv'}")
    if report.untagged:
        print("Not counted (no competence tag): " + ", ".join(report.untagged), file=sys.stderr)
    return 0
