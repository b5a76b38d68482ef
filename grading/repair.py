"""Read and repair what learners hand in, before nbgrader's own sanitizers see it.

Museum learners mangle notebooks by accident: a truncated save, a cell pasted twice (nbgrader
issue 1083), a deleted or moved check cell, an answer cell turned into text, metadata stripped by
another program, an old notebook format. Stock nbgrader then leaves the submission ungraded or
stops the batch. Here:

- ``RobustNotebookExporter`` (``c.Autograde.exporter_class``) reads any file: a damaged file is
  salvaged cell by cell, an unreadable one becomes an empty notebook; links are refused. It never
  raises, so nbgrader always gets a notebook.
- ``RepairSubmission`` (first of ``c.Autograde.sanitize_preprocessors``) rebuilds the notebook on
  the lab's source notebook: every graded and locked cell in its place and exactly once, answer
  cells recognised by grade id, cell id or content, the learner's own extra cells kept in order
  after the cell they followed. Each repair leaves one plain-language note, shown in the feedback
  (``grading.plugins.ScoreHiddenChecks``).
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import difflib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor
from traitlets import Integer

from .messages import say

NOTES_KEY = "omlab_grading"  # notebook metadata written by the grader (a learner's copy is dropped)
MAX_FILE_BYTES = 200 * 2**20
_ID_RE = re.compile(r"^[a-zA-Z0-9-_]+$")


# ---------------------------------------------------------------------------------------------
# Reading


def empty_notebook() -> NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    return nb


def read_submission(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[NotebookNode, list[str]]:
    """The notebook at ``path`` and notes about what had to be done to read it. Never raises."""
    try:
        return _read(Path(path), max_bytes)
    except Exception as exc:  # noqa: BLE001 - whatever the file holds, the batch goes on
        return empty_notebook(), [say("repair.file_unreadable", why=type(exc).__name__)]


def _read(path: Path, max_bytes: int) -> tuple[NotebookNode, list[str]]:
    if path.is_symlink():
        return empty_notebook(), [say("repair.file_link")]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return empty_notebook(), [say("repair.file_unreadable", why=f"it is larger than {max_bytes // 2**20} MB")]
        raw = path.read_bytes()
    except OSError as exc:
        return empty_notebook(), [say("repair.file_unreadable", why=exc.strerror or "it cannot be opened")]
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.strip():
        return empty_notebook(), [say("repair.file_unreadable", why="it is empty")]
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    notes: list[str] = []
    if isinstance(data, dict):
        version = data.get("nbformat")
        if isinstance(version, int) and version < 4:
            notes.append(say("repair.old_format", version=f"version {version}"))
        try:
            nb = nbformat.reads(text, as_version=4)
            if isinstance(nb.get("cells"), list):
                if not all(_well_formed(c) for c in nb.cells):
                    nb.cells = [c for c in (normalize_cell(c) for c in nb.cells) if c is not None]
                return nb, notes
        except Exception:  # noqa: BLE001 - fall through to salvaging the parts
            pass
        cells = _cells_of(data)
        nb = empty_notebook()
        if cells is None:
            return nb, [say("repair.file_unreadable", why="it is not a notebook")]
        if isinstance(data.get("metadata"), dict):
            nb.metadata.update({k: v for k, v in data["metadata"].items() if k in ("kernelspec", "language_info")})
        nb.cells = [c for c in (normalize_cell(c) for c in cells) if c is not None]
        return nb, notes
    cells = salvage_cells(text)
    nb = empty_notebook()
    nb.cells = [c for c in (normalize_cell(c) for c in cells) if c is not None]
    if not nb.cells:
        return nb, [say("repair.file_unreadable", why="it is not a notebook, or it is badly damaged")]
    return nb, [say("repair.file_damaged", count=len(nb.cells))]


def _well_formed(cell: Any) -> bool:
    if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict):
        return False
    kind = cell.get("cell_type")
    if kind == "code":
        return isinstance(cell.get("source"), str) and isinstance(cell.get("outputs"), list)
    return kind in ("markdown", "raw") and isinstance(cell.get("source"), str)


def _cells_of(data: dict) -> list | None:
    if isinstance(data.get("cells"), list):
        return data["cells"]
    if isinstance(data.get("worksheets"), list):  # nbformat 3
        return [c for ws in data["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])]
    return None


def salvage_cells(text: str) -> list[dict]:
    """The complete cells at the start of a damaged notebook's JSON text."""
    match = re.search(r'"cells"\s*:\s*\[', text)
    if not match:
        return []
    decoder = json.JSONDecoder()
    pos, cells = match.end(), []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] != "{":
            break
        try:
            cell, pos = decoder.raw_decode(text, pos)
        except ValueError:
            break
        if isinstance(cell, dict):
            cells.append(cell)
    return cells


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


def make_cell(kind: str, source: str, metadata: dict, cell_id: str | None = None) -> NotebookNode:
    """A well-formed nbformat 4.5 cell (built directly: nbformat's helpers validate every call)."""
    cell: dict[str, Any] = {"cell_type": kind, "id": cell_id or uuid.uuid4().hex[:8], "metadata": metadata,
                            "source": source}
    if kind == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    return from_dict(cell)


def normalize_cell(cell: Any) -> NotebookNode | None:
    """A valid nbformat 4.5 cell built from whatever ``cell`` holds, or None."""
    if not isinstance(cell, dict):
        return None
    kind = cell.get("cell_type")
    if kind not in ("code", "markdown", "raw", "heading"):
        return None
    source = _text(cell.get("source", cell.get("input", "")))
    meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    meta = json.loads(json.dumps(meta, default=str))
    if kind == "heading":  # nbformat 3
        kind, source = "markdown", "#" * int(cell.get("level", 1) or 1) + " " + source
    new = make_cell(kind, source, meta)
    if kind == "markdown" and isinstance(cell.get("attachments"), dict):
        new["attachments"] = cell["attachments"]
    cid = cell.get("id")
    if isinstance(cid, str) and _ID_RE.match(cid) and 1 <= len(cid) <= 64:
        new["id"] = cid
    return new


class RobustNotebookExporter(NotebookExporter):
    """nbconvert's notebook exporter, but any submitted file gives a notebook (see module doc)."""

    max_file_bytes = Integer(MAX_FILE_BYTES, help="Larger files are not read.").tag(config=True)

    def from_filename(self, filename: str, resources: dict | None = None, **kw: Any) -> tuple[Any, dict]:
        if resources is None:
            resources = ResourcesDict()
        if "metadata" not in resources or resources["metadata"] == "":
            resources["metadata"] = ResourcesDict()
        path, basename = os.path.split(filename)
        resources["metadata"]["name"] = os.path.splitext(basename)[0]
        resources["metadata"]["path"] = path
        try:
            stamp = dt.datetime.fromtimestamp(os.lstat(filename).st_mtime, tz=dt.timezone.utc)
        except OSError:
            stamp = dt.datetime.now(tz=dt.timezone.utc)
        resources["metadata"]["modified_date"] = stamp.strftime("%B %d, %Y")
        nb, notes = read_submission(filename, self.max_file_bytes)
        resources["omlab_read_notes"] = notes
        return self.from_notebook_node(nb, resources, **kw)


# ---------------------------------------------------------------------------------------------
# Repairing


def nbgrader_meta(cell: dict) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def kind_of(cell: dict) -> str | None:
    meta = nbgrader_meta(cell)
    if not meta.get("grade_id"):
        return None
    if meta.get("solution"):
        return "solution"
    if meta.get("grade") and cell.get("cell_type") == "code":
        return "test"
    if meta.get("grade") or meta.get("task") or meta.get("locked"):
        return "locked"
    return None


def defined_names(source: str) -> set[str]:
    """Top-level names a code cell defines (functions, classes, assignments)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set(re.findall(r"^(?:def|class)\s+([A-Za-z_]\w*)", source, flags=re.M))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def _norm(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _hidden_removed(source: str) -> str:
    out, hidden = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


class Anchor:
    """One cell of the source notebook that nbgrader manages."""

    def __init__(self, index: int, cell: NotebookNode, stub: NotebookNode) -> None:
        self.index = index
        self.cell = cell
        self.stub = stub
        self.kind = kind_of(cell)
        self.gid = nbgrader_meta(cell)["grade_id"]
        self.question: str | None = None
        self.names = defined_names(stub.source) | defined_names(cell.source) if cell.cell_type == "code" else set()
        self.norm = _norm(cell.source)
        self.texts = {self.norm, _norm(stub.source), _norm(_hidden_removed(cell.source))}


_MODELS: dict[tuple, list[Anchor]] = {}


def cached_source_model(path: Path, config: Any = None) -> list[Anchor]:
    """``source_model`` of the notebook at ``path``, once per process and version of the file."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, repr(getattr(config, "ClearSolutions", None)))
    if key not in _MODELS:
        _MODELS[key] = source_model(nbformat.read(path, as_version=4), config)
    return _MODELS[key]


def source_model(source_nb: NotebookNode, config: Any = None) -> list[Anchor]:
    stub_nb = copy.deepcopy(source_nb)
    ClearSolutions(config=config).preprocess(stub_nb, ResourcesDict())
    anchors = [Anchor(i, c, s) for i, (c, s) in enumerate(zip(source_nb.cells, stub_nb.cells, strict=True))
               if kind_of(c) is not None]
    question = None
    for anchor in reversed(anchors):  # a cell belongs to the next check cell's question
        if anchor.kind == "test":
            question = anchor.gid
        anchor.question = question
    return anchors


def repair(nb: NotebookNode, anchors: list[Anchor]) -> tuple[NotebookNode, list[str], dict[str, list[str]]]:
    """``nb`` rebuilt on ``anchors``; notebook notes and notes per question (check cell id)."""
    notes: list[str] = []
    per_question: dict[str, list[str]] = {}

    def note(anchor: Anchor | None, key: str) -> None:
        text = say(key)
        if anchor is not None and anchor.question:
            bucket = per_question.setdefault(anchor.question, [])
            if text not in bucket:
                bucket.append(text)
        elif text not in notes:
            notes.append(text)

    by_gid = {a.gid: a for a in anchors}
    by_id = {a.cell.get("id"): a for a in anchors if a.cell.get("id")}
    claims: dict[str, list[int]] = {a.gid: [] for a in anchors}
    how: dict[int, str] = {}
    cells = list(nb.cells)
    for i, cell in enumerate(cells):
        anchor = _identify(cell, by_gid, by_id, anchors, claims)
        if anchor is not None:
            claims[anchor[0].gid].append(i)
            how[i] = anchor[1]
        elif nbgrader_meta(cell).get("grade_id") and (nbgrader_meta(cell).get("grade") or nbgrader_meta(cell).get("solution")):
            note(None, "repair.extra_grade_cell")
    if any(h != "grade_id" for h in how.values()):
        note(None, "repair.metadata_lost")

    designated: dict[int, Anchor] = {}
    dropped: set[int] = set()
    for anchor in anchors:
        mine = claims[anchor.gid]
        if not mine:
            if anchor.kind == "locked":
                note(None, "repair.locked_restored")
            else:
                note(anchor, "repair.test_missing" if anchor.kind == "test" else "repair.answer_missing")
            continue
        if len(mine) > 1 and anchor.kind in ("test", "solution"):
            note(anchor, "repair.duplicate")
        if anchor.kind == "solution":
            answered = [i for i in mine if _norm(cells[i].source) not in (_norm(anchor.stub.source),)]
            chosen = (answered or mine)[-1]
        else:
            chosen = mine[0]
            dropped |= set(mine[1:])
        designated[chosen] = anchor

    # which anchors the learner moved out of order
    order = [designated[i].index for i in sorted(designated)]
    keep = set(_longest_increasing(order))
    for i in sorted(designated):
        anchor = designated[i]
        if anchor.index not in keep and anchor.kind in ("solution", "test"):
            note(anchor, "repair.answer_moved" if anchor.kind == "solution" else "repair.test_moved")

    attached: dict[int | None, list[NotebookNode]] = {None: []}
    current: int | None = None
    for i, cell in enumerate(cells):
        if i in designated:
            current = designated[i].index
            attached.setdefault(current, [])
            continue
        if i in dropped:
            continue
        extra = _plain(cell)
        attached.setdefault(current, []).append(extra)

    out = list(attached[None])
    chosen_by_anchor = {a.index: i for i, a in designated.items()}
    for anchor in anchors:
        if anchor.index in chosen_by_anchor:
            learner = cells[chosen_by_anchor[anchor.index]]
            out.append(_rebuilt(anchor, learner, note))
        else:
            out.append(_fresh(anchor))
        out.extend(attached.get(anchor.index, []))
    _unique_ids(out)
    nb.cells = out
    return nb, notes, per_question


def _identify(cell: NotebookNode, by_gid: dict, by_id: dict, anchors: list[Anchor],
              claims: dict[str, list[int]]) -> tuple[Anchor, str] | None:
    gid = nbgrader_meta(cell).get("grade_id")
    if gid in by_gid:
        return by_gid[gid], "grade_id"
    if nbgrader_meta(cell).get("grade_id"):
        return None  # claims a cell this lab does not have
    if cell.get("id") in by_id and _compatible(cell, by_id[cell.get("id")]):
        return by_id[cell["id"]], "id"
    text = _norm(cell.source)
    if not text:
        return None
    exact = [a for a in anchors if text in a.texts and a.kind != "solution"]
    if exact:
        unclaimed = [a for a in exact if not claims[a.gid]]
        return (unclaimed or exact)[0], "content"
    if cell.cell_type == "code":
        names = defined_names(cell.source)
        solutions = [a for a in anchors if a.kind == "solution" and a.cell.cell_type == "code" and names & a.names]
        if len(solutions) == 1:
            return solutions[0], "content"
        if len(solutions) > 1:
            best = max(solutions, key=lambda a: len(names & a.names))
            return best, "content"
    best, best_ratio = None, 0.9
    for anchor in anchors:
        if anchor.kind not in ("test", "locked") or anchor.cell.cell_type != cell.cell_type:
            continue
        # cheap upper bounds first: most cells are nothing alike. The first is the matcher's
        # real_quick_ratio, computed before building the matcher (which indexes the anchor).
        if 2 * min(len(text), len(anchor.norm)) / (len(text) + len(anchor.norm)) < best_ratio:
            continue
        matcher = difflib.SequenceMatcher(None, text, anchor.norm)
        if matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = anchor, ratio
    return (best, "content") if best is not None else None


def _compatible(cell: NotebookNode, anchor: Anchor) -> bool:
    """A cell id match counts unless the content clearly belongs elsewhere."""
    return anchor.kind == "solution" or cell.cell_type == anchor.cell.cell_type or _norm(cell.source) in anchor.texts


def _longest_increasing(seq: list[int]) -> list[int]:
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    parent = [-1] * len(seq)
    for i, value in enumerate(seq):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tails_at.append(i)
        else:
            tails[pos] = value
            tails_at[pos] = i
        parent[i] = tails_at[pos - 1] if pos > 0 else -1
    out, i = [], tails_at[-1] if tails_at else -1
    while i >= 0:
        out.append(seq[i])
        i = parent[i]
    return out[::-1]


def _plain(cell: NotebookNode) -> NotebookNode:
    """A learner's own cell, without any nbgrader metadata."""
    cell = copy.deepcopy(cell)
    cell.metadata.pop("nbgrader", None)
    return cell


def _rebuilt(anchor: Anchor, learner: NotebookNode, note: Any) -> NotebookNode:
    if anchor.kind != "solution":
        return _fresh(anchor, source=anchor.cell.source)
    cell = _fresh(anchor, source=learner.source)
    if learner.cell_type != anchor.cell.cell_type:
        note(anchor, "repair.retyped")
    return cell


def _fresh(anchor: Anchor, source: str | None = None) -> NotebookNode:
    src = anchor.cell if anchor.kind != "solution" else anchor.stub
    meta = copy.deepcopy(src.metadata)
    text = src.source if source is None else source
    cell = make_cell(src.cell_type if src.cell_type in ("code", "markdown") else "raw", text, meta)
    if anchor.cell.get("id"):
        cell["id"] = anchor.cell["id"]
    return cell


def _unique_ids(cells: list[NotebookNode]) -> None:
    seen: set[str] = set()
    # anchors keep their ids; the learner's extra cells give way
    for cell in cells:
        if nbgrader_meta(cell).get("grade_id") and cell.get("id"):
            seen.add(cell["id"])
    for cell in cells:
        if nbgrader_meta(cell).get("grade_id") and cell.get("id"):
            continue
        cid = cell.get("id")
        if not isinstance(cid, str) or not _ID_RE.match(cid) or cid in seen:
            cid = uuid.uuid4().hex[:8]
            while cid in seen:
                cid = uuid.uuid4().hex[:8]
            cell["id"] = cid
        seen.add(cid)


def source_notebook_path(config: Any, assignment: str, notebook: str) -> Path:
    coursedir = CourseDirectory(config=config)
    folder = coursedir.format_path(coursedir.source_directory, ".", assignment)
    return Path(folder) / f"{notebook}.ipynb"


class RepairSubmission(NbGraderPreprocessor):
    """Rebuild a submitted notebook on the lab's source notebook (see the module docstring)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        read_notes = list(resources.pop("omlab_read_notes", []) or [])
        nb.metadata.pop(NOTES_KEY, None)  # only the grader writes this
        renamed = nb.metadata.pop(RENAMED_KEY, None)
        if isinstance(renamed, str):
            read_notes.append(say("repair.renamed", name=renamed[:120]))
        nb.nbformat, nb.nbformat_minor = 4, max(5, int(nb.get("nbformat_minor", 5) or 5))
        nb.cells = [c for c in (normalize_cell(c) for c in nb.cells) if c is not None]
        info = resources.get("nbgrader", {})
        source = source_notebook_path(self.config, info.get("assignment", ""), info.get("notebook", ""))
        notes, per_question = list(read_notes), {}
        if source.is_file():
            try:
                anchors = cached_source_model(source, self.config)
                nb, more, per_question = repair(nb, anchors)
                notes += more
            except Exception as exc:  # noqa: BLE001 - never stop the batch over a repair
                self.log.warning("Could not repair %s: %s", info, exc)
        else:
            self.log.warning("No source notebook at %s: the submission is not repaired.", source)
        nb.metadata[NOTES_KEY] = {"notes": notes, "questions": per_question}
        if notes or per_question:
            self.log.info("Repaired %s/%s: %s", info.get("student"), info.get("assignment"),
                          "; ".join([*notes, *[n for v in per_question.values() for n in v]]))
        return nb, resources


# ---------------------------------------------------------------------------------------------
# A notebook handed in under another name


RENAMED_KEY = "omlab_renamed_from"


def adopt_renamed_notebook(assignment: str = "", student: str = "", notebooks: list | None = None,
                           **_: Any) -> None:
    """``c.Autograde.pre_convert_hook``: a learner who handed in one notebook under another name
    (``kpi_analysis (1).ipynb``, a download's usual fate) gets it graded as the lab's notebook.

    nbgrader calls the hook for each submission folder with the list of its notebooks (the same
    list it then grades), from the course root. The notebook is copied under the expected name in
    the grader's copy of the submission (a link stays a link, and is then refused), and the list
    is updated. ``RepairSubmission`` turns the mark left in the copy into a note.
    """
    from .config import SOURCE_DIRECTORY

    if not notebooks or len(notebooks) != 1 or not assignment or "*" in assignment:
        return
    expected = sorted(p.stem for p in (Path.cwd() / SOURCE_DIRECTORY / assignment).glob("*.ipynb"))
    handed_in = Path(notebooks[0])
    if len(expected) != 1 or handed_in.stem == expected[0]:
        return
    target = handed_in.with_name(f"{expected[0]}.ipynb")
    if target.exists() or target.is_symlink():
        return
    if handed_in.is_symlink():
        os.symlink(os.readlink(handed_in), target)
    else:
        try:
            data = json.loads(handed_in.read_text(encoding="utf-8", errors="replace"))
            data.setdefault("metadata", {})[RENAMED_KEY] = handed_in.name
            target.write_text(json.dumps(data), encoding="utf-8")
        except (ValueError, AttributeError, TypeError):
            target.write_bytes(handed_in.read_bytes())  # damaged: read (and noted) later
    notebooks[:] = [str(target)]
