"""Helpers for tests that grade notebooks with real nbgrader in a scratch course."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = os.pathsep.join([str(BIN), e.get("PATH", "")])
    return e


def labs() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "labs").glob("*/*.ipynb") if p.stem == p.parent.name)


def source_path(lab: str) -> Path:
    return ROOT / "labs" / lab / f"{lab}.ipynb"


def wrong_answers(lab: str) -> list[dict]:
    spec = importlib.util.spec_from_file_location(f"wrong_{lab}", ROOT / "labs" / lab / "wrong_answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


def make_course(tmp: Path, lab: str) -> Path:
    """A scratch course root holding one lab, configured exactly like the real one."""
    root = tmp / "course"
    (root / "labs").mkdir(parents=True)
    shutil.copytree(ROOT / "labs" / lab, root / "labs" / lab)
    (root / "nbgrader_config.py").write_text(
        "from grading.config import configure\n"
        f"configure(get_config(), {str(root)!r})\n"
        # share the reference cache with the repository: it is keyed by content
        f"get_config().ScoreHiddenChecks.cache_directory = {str(ROOT / '.grading-cache')!r}\n"
    )
    return root


def nbgrader(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=root, env=env(),
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def release(root: Path, lab: str) -> nbformat.NotebookNode:
    nbgrader(root, "generate_assignment", lab, "--force")
    return nbformat.read(root / "_nbgrader" / "release" / lab / f"{lab}.ipynb", as_version=4)


def submit(root: Path, lab: str, student: str, nb: nbformat.NotebookNode | str | bytes) -> Path:
    folder = root / "_nbgrader" / "submitted" / student / lab
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{lab}.ipynb"
    if isinstance(nb, (str, bytes)):
        target.write_bytes(nb.encode() if isinstance(nb, str) else nb)
    else:
        nbformat.write(nb, target)
    return target


def with_answer(nb: nbformat.NotebookNode, question: str, code: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose answer cell for ``question`` holds ``code``."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"{question}-answer"]
    assert cells, f"no answer cell {question}-answer"
    cells[0].source = code
    return nb


def scores(root: Path, lab: str) -> dict[str, dict[str, float]]:
    """Per student, the auto score of every graded cell, and the total under '__total__'."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{root / '_nbgrader' / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(lab):
            cells = {g.name: float(g.auto_score or 0) for nb in sub.notebooks for g in nb.grades}
            cells["__total__"] = float(sub.score)
            out[sub.student_id] = cells
    return out


def max_points(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def reference_namespace(lab: str, cwd: Path | None = None) -> dict:
    """Run the source notebook's code cells, except its check cells, in a fresh namespace.

    Gives tests the reference functions of a lab (``ns["is_engaged"]`` …) without a kernel.
    """
    import contextlib
    import tempfile

    nb = nbformat.read(source_path(lab), as_version=4)
    ns: dict = {"__name__": f"reference_{lab}", "display": lambda *a, **k: None}
    # A scratch folder by default: a notebook that saves files must not leave them in labs/,
    # where nbgrader would release them to learners.
    with contextlib.chdir(cwd or tempfile.mkdtemp(prefix=f"omlab-{lab}-")):
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("grade"):
                continue
            code = "\n".join(line for line in cell.source.splitlines()
                             if not line.lstrip().startswith(("%", "!")))
            exec(compile(code, f"{lab}:{cell.get('id', '?')}", "exec"), ns)
    return ns
