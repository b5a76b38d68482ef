"""nbgrader preprocessors that make grades fair and feedback safe.

``SealChecks`` runs right before execution: it gives each hidden region of a check cell a
``check`` that stamps its records with a secret made for this run only, so a record printed by the
learner's code, or left in the file, is ignored.

``ScoreHiddenChecks`` runs right after execution: it compares what each hidden check recorded
(with this run's seal) with the reference solution's record, outside the learner's kernel, and
replaces the check cell's outputs with one plain-language line per check, any note about repairs
or stopped kernels, and the partial score nbgrader reads. Graded cells without recorded checks
follow nbgrader's rule, except that printing to stderr never costs points.

``HideHiddenTests`` (feedback) removes hidden test code from check cells, removes any output that
shows it, and replaces the grader's folders in what is left.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from labtools.checks import RECORD_MIME
from labtools.compare import expected_error_type, matches, raised
from labtools.encode import describe, is_error

from . import reference
from .execute import FATAL
from .messages import say
from .repair import NOTES_KEY

HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
NOTES_CELL_ID = "omlab-grader-notes"


# ---------------------------------------------------------------------------------------------
# Scoring


def score_cell(expected: list[dict], got: dict[str, dict], not_run: str = "") -> tuple[float, list[str]]:
    """The score and feedback lines for one test cell: ``expected`` are the reference records,
    ``got`` the learner's records by label; ``not_run`` says why missing records are missing."""
    score, lines = 0.0, []
    for ref in expected:
        points = float(ref["points"])
        mine = got.get(ref["label"])
        ok, line = _verdict(ref, mine)
        earned = points if ok else 0.0
        score += earned
        shown = say("grade.points", score=earned, total=points)
        lines.append(line.format(points=shown))
        if mine is None and not_run:
            continue
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
            return False, say("grade.fail_not_raised", label=label, want=want, got=_safe(describe(got)),
                              points="{points}")
        if _not_answered(got):
            return False, say("grade.not_answered", label=label, points="{points}")
        if verdict == "silent":
            return False, say("grade.fail_silent_error", label=label, want=want, points="{points}")
        return False, say("grade.fail_wrong_error", label=label, want=want, error=_safe(describe(got)),
                          points="{points}")
    if is_error(got):
        if _not_answered(got):
            return False, say("grade.not_answered", label=label, points="{points}")
        return False, say("grade.fail_raised", label=label, error=_safe(describe(got)), points="{points}")
    if matches(got, ref["value"], rule, **ref.get("options", {})):
        return True, say("grade.pass", label=label, points="{points}")
    if rule == "nonempty":
        return False, say("grade.fail_empty", label=label, points="{points}")
    return False, say("grade.fail_value", label=label, got=_safe(describe(got)), points="{points}")


def _safe(text: str) -> str:
    """Learner-made text going into a format string: keep braces literal."""
    return text.replace("{", "{{").replace("}", "}}")


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


def sealed_records(outputs: list[dict], seal: str | None) -> dict[str, dict]:
    """The records this run's sealed ``check`` made (all records when there is no seal)."""
    if seal is None:
        return reference.records_in(outputs)
    mine = [o for o in outputs
            if isinstance((o.get("data") or {}).get(RECORD_MIME), dict)
            and o["data"][RECORD_MIME].get("seal") == seal]
    return reference.records_in(mine)


# ---------------------------------------------------------------------------------------------
# Sealing


SEALED_CHECK = '''\
def check(label, thunk, *, points=1, compare="exact", hint="", **options):  # the grader's own
    from IPython.display import display as _omlab_display
    from labtools.encode import encode as _omlab_encode
    try:
        _omlab_value = thunk() if callable(thunk) else thunk
    except BaseException as _omlab_exc:  # also exit() and interrupts: this check still records
        _omlab_value = _omlab_exc
    try:
        _omlab_value = _omlab_encode(_omlab_value)
    except Exception as _omlab_exc:
        _omlab_value = {"$repr": f"value that could not be read ({type(_omlab_exc).__name__})"}
    _omlab_display({"%(mime)s": {"label": label, "value": _omlab_value, "points": points,
                    "compare": compare, "hint": hint, "options": options, "seal": "%(seal)s"},
                    "text/plain": f"(check recorded: {label})"}, raw=True)
'''


def seal_source(source: str, seal: str) -> str:
    """``source`` with the grader's sealed ``check`` defined at the top of each hidden region."""
    out = []
    for line in source.split("\n"):
        out.append(line)
        if HIDDEN_BEGIN in line:
            indent = line[: len(line) - len(line.lstrip())]
            snippet = SEALED_CHECK % {"mime": RECORD_MIME, "seal": seal}
            out.extend(indent + s if s else s for s in snippet.rstrip("\n").split("\n"))
    return "\n".join(out)


class SealChecks(NbGraderPreprocessor):
    """Before execution: seal the hidden checks of every graded cell with a secret for this run."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        omlab = resources.setdefault("omlab", {})
        seal = secrets.token_hex(16)
        omlab["seal"] = seal
        originals = {}
        for index, cell in enumerate(nb.cells):
            if reference.grade_id(cell) is not None and HIDDEN_BEGIN in cell.source:
                originals[index] = cell.source
                cell.source = seal_source(cell.source, seal)
        omlab["sealed"] = originals
        return nb, resources


def unseal(nb: NotebookNode, resources: dict) -> None:
    """Give the sealed cells their own source back (the seal never reaches a written file)."""
    for index, source in (resources.get("omlab", {}).pop("sealed", None) or {}).items():
        if int(index) < len(nb.cells):
            nb.cells[int(index)].source = source


# ---------------------------------------------------------------------------------------------
# Scoring preprocessor


class ScoreHiddenChecks(NbGraderPreprocessor):
    """Score recorded checks against the reference solution, outside the learner's kernel."""

    cache_directory = Unicode(
        ".grading-cache", help="Where reference records are cached, relative to the course root."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        unseal(nb, resources)
        omlab = resources.setdefault("omlab", {})
        seal = omlab.get("seal")
        coursedir = CourseDirectory(config=self.config)
        assignment = resources["nbgrader"]["assignment"]
        notebook = resources["nbgrader"]["notebook"]
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        grading = dict(nb.metadata.get(NOTES_KEY) or {})
        notes = list(grading.get("notes") or [])
        per_question = {k: list(v) for k, v in (grading.get("questions") or {}).items()}
        run: dict[int, dict] = {int(k): v for k, v in (omlab.get("run") or {}).items()}
        notes += [n for n in omlab.get("run_notes", []) if n not in notes]
        if source.is_file():
            cache = Path(coursedir.root) / self.cache_directory
            expected = reference.load(source, cache)["checks"]
        else:
            self.log.warning("No source notebook at %s: hidden checks are scored by nbgrader's rules.", source)
            expected = {}

        question_of = _questions(nb)
        suspicious = {"unsealed_records": 0, "repeated_records": 0}
        for index, info in run.items():  # what happened in other cells shows with their question
            gid = question_of.get(index)
            cell = nb.cells[index] if index < len(nb.cells) else None
            if gid and cell is not None and reference.grade_id(cell) is None and info["status"] != "not_run":
                key = {**FATAL, "timeout": "run.timeout", "output_cut": "run.output_cut"}[info["status"]]
                text = say(key, start=info.get("start", ""), seconds=info.get("seconds", ""))
                per_question.setdefault(gid, []).append(text)

        for index, cell in enumerate(nb.cells):
            gid = reference.grade_id(cell)
            if gid is None:
                continue
            outputs = cell.get("outputs", [])
            if gid not in expected:
                # nbgrader's rule (an error costs the points), but stderr never does
                cell.outputs = [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
                continue
            total = float(cell.metadata.nbgrader.points)
            info = run.get(index, {})
            status = info.get("status", "ok")
            lines = [say("check.note", note=n) for n in per_question.get(gid, [])]
            records = sealed_records(outputs, seal)
            repeated = _count_suspicious(outputs, seal, suspicious)
            for label in repeated:  # a second sealed record: code in the notebook interfered
                records.pop(label, None)
            if repeated:
                lines.append(say("check.repeated"))
            not_run = ""
            if status in FATAL:
                records = {}
                not_run = say(f"check.{status}")
                lines.append(not_run)
            elif status == "not_run":
                not_run = say("check.not_run", why=info.get("why", ""))
                lines.append(not_run)
            elif status == "timeout":
                lines.append(say("check.timeout"))
            elif status == "output_cut":
                lines.append(say("check.output_cut"))
            score, check_lines = score_cell(expected[gid], records, not_run)
            cell.outputs = feedback_outputs(min(score, total), total, lines + check_lines)

        for cell in nb.cells:  # records anywhere else were printed by the learner's code
            if reference.grade_id(cell) is None and cell.get("cell_type") == "code":
                suspicious["unsealed_records"] += sum(1 for o in cell.get("outputs", []) if _is_record(o))
        grading.update({"notes": notes, "questions": per_question, "sandbox": omlab.get("sandbox", {}),
                        "suspicious": suspicious})
        nb.metadata[NOTES_KEY] = grading
        if notes:
            nb.cells = [c for c in nb.cells if c.get("id") != NOTES_CELL_ID]
            text = "\n".join([say("repair.notes_title"), "", *[f"- {n}" for n in notes]])
            cell = from_dict({"cell_type": "markdown", "id": NOTES_CELL_ID, "metadata": {}, "source": text})
            nb.cells.insert(0, cell)
        return nb, resources


def _is_record(output: dict) -> bool:
    return isinstance((output.get("data") or {}).get(RECORD_MIME), dict)


def _count_suspicious(outputs: list[dict], seal: str | None, counts: dict[str, int]) -> set[str]:
    """Records the sealed check did not make, and labels recorded more than once: signs that code
    in the notebook tried to forge a result (they never count; trainers see the numbers). Returns
    the labels recorded more than once with the seal: the sealed check records each label once,
    so such a check scores 0."""
    repeated: set[str] = set()
    if seal is None:
        return repeated
    seen: set[str] = set()
    for output in outputs:
        if not _is_record(output):
            continue
        record = output["data"][RECORD_MIME]
        if record.get("seal") != seal:
            counts["unsealed_records"] += 1
        elif record.get("label") in seen:
            counts["repeated_records"] += 1
            repeated.add(record.get("label"))
        else:
            seen.add(record.get("label"))
    return repeated


def _questions(nb: NotebookNode) -> dict[int, str]:
    """For every cell index, the check cell (grade id) of the question it belongs to."""
    out, current = {}, None
    for index in range(len(nb.cells) - 1, -1, -1):
        gid = reference.grade_id(nb.cells[index])
        if gid is not None:
            current = gid
        if current is not None:
            out[index] = current
    return out


# ---------------------------------------------------------------------------------------------
# Feedback


def hide_hidden_tests(source: str) -> str:
    """``source`` with every hidden test region replaced by one comment line."""
    out, hidden = [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            out.append(say("feedback.hidden"))
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def hidden_fingerprints(nb: NotebookNode, min_length: int = 16) -> set[str]:
    """Lines of hidden test code distinctive enough to recognise in an output: long enough, and
    not also part of what the learner may see (visible checks, instructions)."""
    prints: set[str] = set()
    visible = "\n".join(hide_hidden_tests(c.source) if c.get("cell_type") == "code" else c.source
                        for c in nb.cells)
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or HIDDEN_BEGIN not in cell.source:
            continue
        hidden = False
        for line in cell.source.split("\n"):
            if HIDDEN_BEGIN in line:
                hidden = True
            elif HIDDEN_END in line:
                hidden = False
            elif hidden:
                text = line.strip()
                if (len(text) >= min_length and re.search(r"[A-Za-z0-9]", text) and not text.startswith("#")
                        and text not in visible):
                    prints.add(text)
    return prints


def _output_text(output: dict) -> str:
    parts = []
    for key in ("text", "evalue", "ename"):
        if isinstance(output.get(key), str):
            parts.append(output[key])
        elif isinstance(output.get(key), list):
            parts.extend(map(str, output[key]))
    for line in output.get("traceback") or []:
        parts.append(_ANSI.sub("", str(line)))
    for value in (output.get("data") or {}).values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(map(str, value))
    return "\n".join(parts)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def grader_paths(root: str | Path | None = None) -> list[tuple[str, str]]:
    """(path, replacement) pairs for folders a learner's feedback should not name."""
    pairs = []
    repo = str(Path(__file__).resolve().parents[1])
    for path, shown in ((str(root) if root else "", "<course>"), (repo, "<course>"),
                        (sys.prefix, "<python>"), (sys.base_prefix, "<python>"),
                        (os.path.realpath(sys.base_prefix), "<python>"),
                        (str(Path.home()), "<home>"), (tempfile.gettempdir(), "<tmp>")):
        if path and len(path) > 1 and (path, shown) not in pairs:
            pairs.append((path, shown))
    return sorted(pairs, key=lambda p: -len(p[0]))


def scrub_paths(text: str, pairs: list[tuple[str, str]]) -> str:
    for path, shown in pairs:
        text = text.replace(path, shown)
    return re.sub(r"<tmp>/omlab-kernel-[A-Za-z0-9_]+", "<sandbox>", text)


def _scrub_value(value: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        return scrub_paths(value, pairs)
    if isinstance(value, list):
        return [_scrub_value(v, pairs) for v in value]
    return value


class HideHiddenTests(NbGraderPreprocessor):
    """Keep hidden test code, and the grader's folders, out of the feedback a learner receives."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        self._prints = hidden_fingerprints(nb)
        try:
            root = CourseDirectory(config=self.config).root
        except Exception:  # noqa: BLE001
            root = None
        self._pairs = grader_paths(root)
        for index, cell in enumerate(nb.cells):
            nb.cells[index], resources = self.preprocess_cell(cell, resources, index)
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int) -> tuple[NotebookNode, ResourcesDict]:
        prints = getattr(self, "_prints", set())
        pairs = getattr(self, "_pairs", None) or grader_paths()
        if cell.cell_type == "code" and HIDDEN_BEGIN in cell.source:
            cell.source = hide_hidden_tests(cell.source)
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            text = _output_text(output)
            if any(p in text for p in prints) or RECORD_MIME in (output.get("data") or {}):
                if not any(o.get("text") == say("feedback.removed_output") + "\n" for o in kept):
                    kept.append(from_dict({"output_type": "stream", "name": "stdout",
                                           "text": say("feedback.removed_output") + "\n"}))
                continue
            for key in ("text", "evalue", "traceback"):
                if key in output:
                    output[key] = _scrub_value(output[key], pairs)
            for mime, value in list((output.get("data") or {}).items()):
                if mime.startswith("text/"):
                    output["data"][mime] = _scrub_value(value, pairs)
            kept.append(output)
        cell.outputs = kept
        return cell, resources
