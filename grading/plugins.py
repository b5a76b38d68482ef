"""nbgrader preprocessors that make grades fair and feedback safe.

``ScoreHiddenChecks`` runs right after nbgrader's ``Execute``: it compares what each hidden
check recorded with the reference solution's record, outside the learner's kernel, and replaces
the test cell's outputs with one plain-language line per check and the partial score nbgrader
reads. ``HideHiddenTests`` removes hidden test code from feedback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from labtools.compare import expected_error_type, matches, raised
from labtools.encode import describe, is_error
from labtools.messages import say

from . import reference

HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"


def score_cell(expected: list[dict], got: dict[str, dict]) -> tuple[float, list[str]]:
    """The score and feedback lines for one test cell: ``expected`` are the reference records,
    ``got`` the learner's records by label."""
    score, lines = 0.0, []
    for ref in expected:
        points = float(ref["points"])
        mine = got.get(ref["label"])
        ok, line = _verdict(ref, mine)
        earned = points if ok else 0.0
        score += earned
        shown = say("grade.points", score=earned, total=points)
        lines.append(line.format(points=shown))
        if not ok and ref.get("hint"):
            lines.append(say("grade.hint", hint=ref["hint"]))
    return score, lines


def _verdict(ref: dict, mine: dict | None) -> tuple[bool, str]:
    label, rule = ref["label"], ref["compare"]
    if mine is None:
        return False, say("grade.not_run", label=label, points="{points}")
    got = mine.get("value")
    if rule == "raises":
        verdict = raised(got, ref["value"])
        want = expected_error_type(ref["value"])
        if verdict == "ok":
            return True, say("grade.pass", label=label, points="{points}")
        if verdict == "not_raised":
            return False, say("grade.fail_not_raised", label=label, want=want, got=describe(got),
                              points="{points}")
        if _not_answered(got):
            return False, say("grade.not_answered", label=label, points="{points}")
        if verdict == "silent":
            return False, say("grade.fail_silent_error", label=label, want=want, points="{points}")
        return False, say("grade.fail_wrong_error", label=label, want=want, error=describe(got),
                          points="{points}")
    if is_error(got):
        if _not_answered(got):
            return False, say("grade.not_answered", label=label, points="{points}")
        return False, say("grade.fail_raised", label=label, error=describe(got), points="{points}")
    if matches(got, ref["value"], rule, **ref.get("options", {})):
        return True, say("grade.pass", label=label, points="{points}")
    if rule == "nonempty":
        return False, say("grade.fail_empty", label=label, points="{points}")
    return False, say("grade.fail_value", label=label, got=describe(got), points="{points}")


def _not_answered(got: Any) -> bool:
    return is_error(got) and got["$error"]["type"] == "NotImplementedError"


def feedback_outputs(score: float, total: float, lines: list[str]) -> list[NotebookNode]:
    """Outputs nbgrader reads: the feedback as text, then the score as the cell's result."""
    text = "\n".join([*lines, say("grade.summary", score=score, total=total)]) + "\n"
    return [
        from_dict({"output_type": "stream", "name": "stdout", "text": text}),
        from_dict({
            "output_type": "execute_result",
            "execution_count": None,
            "metadata": {},
            "data": {"text/plain": f"{score:g}"},
        }),
    ]


class ScoreHiddenChecks(NbGraderPreprocessor):
    """Score recorded checks against the reference solution, outside the learner's kernel."""

    cache_directory = Unicode(
        ".grading-cache", help="Where reference records are cached, relative to the course root."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        coursedir = CourseDirectory(config=self.config)
        assignment = resources["nbgrader"]["assignment"]
        notebook = resources["nbgrader"]["notebook"]
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        if not source.is_file():
            self.log.warning("No source notebook at %s: hidden checks are scored by nbgrader's rules.", source)
            return nb, resources
        cache = Path(coursedir.root) / self.cache_directory
        expected = reference.load(source, cache)["checks"]
        for cell in nb.cells:
            gid = reference.grade_id(cell)
            if gid is None or gid not in expected:
                continue
            total = float(cell.metadata.nbgrader.points)
            score, lines = score_cell(expected[gid], reference.records_in(cell.get("outputs", [])))
            cell.outputs = feedback_outputs(min(score, total), total, lines)
        return nb, resources


def hide_hidden_tests(source: str) -> str:
    """``source`` with every hidden test region replaced by one comment line."""
    out, hidden = [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            out.append("# The grader's hidden checks ran here; their results are below.")
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


class HideHiddenTests(NbGraderPreprocessor):
    """Keep hidden test code out of the feedback a learner receives."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "code" and HIDDEN_BEGIN in cell.source:
            cell.source = hide_hidden_tests(cell.source)
        return cell, resources
