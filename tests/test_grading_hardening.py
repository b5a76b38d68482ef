"""Damaged and hostile submissions (tests/grading_cases.py), graded by plain ``nbgrader autograde``
with the course configuration AND by ``python -m grading autograde``: each gets exactly the score
it deserves, the batch completes, the gradebook stays consistent, both agree, and no feedback file
shows hidden test code or the grader's folders.

The KPI lab (finished) is the subject. Limits are lowered so the slow cases stay short.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import grading_cases as gc
import nbformat
import pytest
from course import BIN, ROOT, make_course, scores
from course import env as course_env

sys.path.insert(0, str(ROOT))  # this working tree's grading, whatever the venv's editable install says
from grading.plugins import hidden_fingerprints  # noqa: E402

pytestmark = pytest.mark.slow

LAB = "kpi_analysis"
CONFIG = """
c = get_config()
c.Execute.timeout = 20
c.RobustExecute.interrupt_grace = 3
c.RobustExecute.notebook_timeout = 400
c.Sandbox.memory_limit = 2 * 2**30
c.Sandbox.max_processes = 128
"""
PATHS = ("nbgrader", "fast")


def env() -> dict[str, str]:
    """The tests' environment, with this working tree first on the path: the shared virtual
    environment's editable install may point at another clone."""
    e = course_env()
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH", "")]))
    return e


@dataclass
class Graded:
    ctx: gc.Context
    roots: dict[str, Path]
    runs: dict[str, subprocess.CompletedProcess]
    scores: dict[str, dict[str, dict[str, float]]]
    feedback: dict[str, subprocess.CompletedProcess]


def course(base: Path, name: str) -> tuple[Path, nbformat.NotebookNode]:
    root = make_course(base / name, LAB)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(CONFIG)
    made = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", LAB, "--force"], cwd=root, env=env(),
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return root, nbformat.read(root / "_nbgrader" / "release" / LAB / f"{LAB}.ipynb", as_version=4)


def grade_both(roots: dict[str, Path], extra: list[str] | None = None) -> dict[str, subprocess.CompletedProcess]:
    """Plain nbgrader and the fast command, at the same time (separate course roots)."""
    procs = {
        "nbgrader": subprocess.Popen([str(BIN / "nbgrader"), "autograde", LAB, "--force", *(extra or [])],
                                     cwd=roots["nbgrader"], env=env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True),
        "fast": subprocess.Popen([sys.executable, "-m", "grading", "autograde", LAB, "--jobs", "2", "--quiet"],
                                 cwd=roots["fast"], env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True),
    }
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=3600)
        out[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    base = tmp_path_factory.mktemp("hardening")
    roots, learner = {}, None
    for name in PATHS:
        roots[name], learner = course(base, name)
    ctx = gc.context(roots["nbgrader"], ROOT, LAB, learner, ROOT / ".grading-cache")
    for root in roots.values():
        ctx.course = root
        for case in gc.CASES:
            gc.write_submission(root, LAB, case.name, case.build(ctx))
    runs = grade_both(roots)
    feedback = {}
    procs = {name: subprocess.Popen([sys.executable, "-m", "grading", "feedback", LAB], cwd=root, env=env(),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, root in roots.items()}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=1800)
        feedback[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return Graded(ctx, roots, runs, {name: scores(root, LAB) for name, root in roots.items()}, feedback)


def autograded(graded: Graded, path: str, student: str) -> nbformat.NotebookNode:
    return nbformat.read(graded.roots[path] / "_nbgrader" / "autograded" / student / LAB / f"{LAB}.ipynb",
                         as_version=4)


def test_the_batch_completes(graded):
    for path in PATHS:
        run = graded.runs[path]
        assert run.returncode == 0, f"{path} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
        missing = [c.name for c in gc.CASES if c.name not in graded.scores[path]]
        assert not missing, f"{path}: ungraded submissions {missing}"
    summary = graded.runs["fast"].stdout
    assert f"{len(gc.CASES)} of {len(gc.CASES)} submissions graded" in summary, summary[-2000:]
    assert "Sandbox: namespaces" in summary or "Sandbox: limits" in summary
    assert all(case.name in summary for case in gc.CASES)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", gc.CASES, ids=[c.name for c in gc.CASES])
def test_each_submission_gets_the_score_it_deserves(graded, case, path):
    deserved = case.deserves(graded.ctx)
    got = graded.scores[path].get(case.name)
    assert got is not None, f"{case.name} ({case.what}) was not graded by {path}"
    actual = {k: got[k] for k in deserved}
    assert actual == deserved, f"{case.name} ({case.what}), graded by {path}: {actual} != {deserved}"
    assert got["__total__"] == sum(deserved.values())


def test_fast_and_serial_grading_agree_exactly(graded):
    assert graded.scores["fast"] == graded.scores["nbgrader"]


def test_fast_grading_shows_the_same_outputs(graded):
    """The fast command's warm kernels (pyplot imported before the kernel starts) still show every
    chart and printout a fresh kernel shows, in the graded notebook the trainer opens."""
    def outputs(path: str) -> list[list[tuple[str, object]]]:
        nb = autograded(graded, path, "reference_solution")
        cells = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            shown: list[tuple[str, object]] = []
            for o in cell.get("outputs", []):
                if o.output_type == "stream" and shown and shown[-1][0] == f"stream:{o.name}":
                    # a kernel may send one printout in several pieces, depending on timing
                    shown[-1] = (shown[-1][0], shown[-1][1] + o.text)
                elif o.output_type == "stream":
                    shown.append((f"stream:{o.name}", o.text))
                else:
                    shown.append((o.output_type, tuple(sorted(o.get("data", {})))))
            cells.append(shown)
        return cells

    fast, plain = outputs("fast"), outputs("nbgrader")
    assert fast == plain
    assert any(("display_data", ("text/html", "text/plain")) in cell for cell in fast), "a chart is shown"


@pytest.mark.parametrize("path", PATHS)
def test_the_gradebook_stays_consistent(graded, path):
    from nbgrader.api import Gradebook

    points = graded.ctx.points
    with Gradebook(f"sqlite:///{graded.roots[path] / '_nbgrader' / 'gradebook.db'}") as gb:
        submissions = gb.assignment_submissions(LAB)
        assert sorted(s.student_id for s in submissions) == sorted(c.name for c in gc.CASES)
        for sub in submissions:
            grades = {g.name: g for nb in sub.notebooks for g in nb.grades}
            assert set(grades) == set(points), sub.student_id
            for grade in grades.values():
                assert grade.auto_score is not None and not grade.needs_manual_grade, (sub.student_id, grade.name)
                assert 0 <= grade.auto_score <= grade.max_score
            assert sub.score == pytest.approx(sum(g.auto_score for g in grades.values()))
        assert gb.find_assignment(LAB).max_score == sum(points.values())


@pytest.mark.parametrize("path", PATHS)
def test_no_feedback_shows_hidden_tests_or_grader_folders(graded, path):
    run = graded.feedback[path]
    assert run.returncode == 0, run.stdout + run.stderr
    files = sorted((graded.roots[path] / "_nbgrader" / "feedback").glob(f"*/{LAB}/*.html"))
    assert len(files) == len(gc.CASES)
    prints = hidden_fingerprints(graded.ctx.source)
    assert prints
    forbidden = [str(graded.roots[path]), str(ROOT), "BEGIN HIDDEN TESTS", "omlab-kernel-", '"seal"']
    for file in files:
        text = html.unescape(re.sub(r"<[^>]+>", "", file.read_text()))
        # what the learner wrote themselves (a path typed into a cell) is not a leak
        submitted = graded.roots[path] / "_nbgrader" / "submitted" / file.parent.parent.name / LAB / f"{LAB}.ipynb"
        own = submitted.read_text(errors="replace") if submitted.is_file() and not submitted.is_symlink() else ""
        leaked = [p for p in prints if p in text] + [f for f in forbidden if f in text and f not in own]
        assert not leaked, f"{file.parent.parent.name}: feedback shows {leaked[:3]}"


NOTES = {
    "truncated_file": "damaged",
    "empty_file": "could not be read",
    "not_a_notebook": "could not be read",
    "notebook_is_a_link_to_the_solutions": "link",
    "old_notebook_format_v3": "older notebook format",
    "check_cell_deleted": "missing from your notebook",
    "answer_cell_deleted": "answer cell for this question was missing",
    "answer_cell_pasted_twice": "more than once",
    "answer_cell_moved_down": "not in its place",
    "answer_cell_turned_into_markdown": "text cell",
    "metadata_and_cell_ids_stripped": "hidden labels",
    "stray_os_exit_cell": "Python stopped",
    "stray_segfault_cell": "Python stopped",
    "loop_that_ignores_interrupts": "could not be interrupted",
    "infinite_loop_in_answer": "interrupted",
    "python_stops_while_checked": "Python stopped while this question was being checked",
    "fake_bonus_grade_cell": "claimed to be a graded cell",
    "huge_output_cell": "printed a lot",
    "print_over_the_message_limit": "printed more at once than the grader can take in",
    "notebook_saved_under_another_name": "was handed in as",
}


@pytest.mark.parametrize("path", PATHS)
def test_each_repair_or_stop_is_explained_in_plain_language(graded, path):
    for student, words in NOTES.items():
        nb = autograded(graded, path, student)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        text += "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert words in text, f"{student} ({path}): no note saying '{words}'"


FORGERS = ["input_transformer_forges_records", "records_printed_by_answers", "records_forged_after_each_cell",
           "stolen_seal_forges_current_check", "stolen_seal_forges_later_checks_then_aborts"]


@pytest.mark.parametrize("path", PATHS)
def test_forged_records_reached_the_grader_and_were_ignored(graded, path):
    """The cheats really ran (their records arrived) and scored nothing."""
    for student in FORGERS:
        meta = autograded(graded, path, student).metadata["omlab_grading"]
        assert sum(meta["suspicious"].values()) > 0, f"{student}: the forged records never arrived"
        assert graded.scores[path][student]["__total__"] == 0


def test_every_case_is_valid_python(graded):
    """A cheat with a syntax error would cheat nobody: every code cell of every case parses."""
    import ast

    for case in gc.CASES:
        sub = case.build(graded.ctx)
        for cell in (sub.nb.cells if sub.nb is not None else []):
            if cell.cell_type == "code":
                ast.parse(cell.source), case.name


def test_the_grading_kernel_ran_in_the_sandbox(graded):
    meta = autograded(graded, "nbgrader", "reference_solution").metadata["omlab_grading"]
    assert meta["sandbox"].get("mode") in ("namespaces", "limits")


def test_control_the_cheats_work_without_the_protections(tmp_path, graded):
    """Without the sandbox and the seal (stock nbgrader's situation), two of the cheats earn
    points: so the cases above test something real."""
    root, learner = course(tmp_path, "control")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("c.Sandbox.mode = 'off'\n"
                     "c.Autograde.autograde_preprocessors = [p for p in c.Autograde.autograde_preprocessors "
                     "if p.__name__ != 'SealChecks']\n")
    ctx = graded.ctx
    ctx.course = root
    for name in ("reads_the_solutions_from_disk", "records_printed_by_answers"):
        case = next(c for c in gc.CASES if c.name == name)
        gc.write_submission(root, LAB, name, case.build(ctx))
    run = subprocess.run([str(BIN / "nbgrader"), "autograde", LAB, "--force"], cwd=root, env=env(),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    got = scores(root, LAB)
    assert got["reads_the_solutions_from_disk"]["__total__"] == sum(ctx.points.values())
    assert got["records_printed_by_answers"]["__total__"] > 0


def test_a_kernel_that_fails_to_start_is_retried(tmp_path, graded):
    roots = {}
    for name in PATHS:
        roots[name], learner = course(tmp_path, name)
        counter = tmp_path / f"{name}-fails"
        counter.write_text("2")
        with open(roots[name] / "nbgrader_config.py", "a") as config:
            config.write(f"c.Sandbox.fail_first_starts_file = {str(counter)!r}\n")
        gc.write_submission(roots[name], LAB, "reference", gc.Submission(graded.ctx.source))
    runs = grade_both(roots)
    for name in PATHS:
        assert runs[name].returncode == 0, runs[name].stderr[-2000:]
        assert scores(roots[name], LAB)["reference"]["__total__"] == sum(graded.ctx.points.values())
        assert (tmp_path / f"{name}-fails").read_text() == "0"


def test_export_writes_csv_for_moodle_and_canvas(graded):
    root = graded.roots["fast"]
    for fmt, first in (("generic", "student_id"), ("moodle", "Username"), ("canvas", "Student")):
        run = subprocess.run([sys.executable, "-m", "grading", "export", LAB, "--format", fmt], cwd=root,
                             env=env(), capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        import csv
        import io

        rows = list(csv.reader(io.StringIO(run.stdout)))
        assert rows[0][0] == first
        header = rows[0]
        total = next(i for i, h in enumerate(header) if "(total)" in h or h.endswith(":total"))
        assert len([h for h in header if re.search(r"\bq1(-checks)?$", h)]) == 1
        by_id = {r[0] if fmt != "canvas" else r[2]: r for r in rows[1:]}
        assert float(by_id["reference_solution"][total]) == sum(graded.ctx.points.values())
        assert float(by_id["blank_learner_version"][total]) == 0
