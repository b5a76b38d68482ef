"""Damaged and hostile submissions, built from a lab's reference solution, with the score each
deserves. Used by tests/test_grading_hardening.py (the KPI lab) and benchmarks/autograde.py.

A case builds a submission from the source notebook (reference answers) or the blank learner
version, and says what it deserves, per question: ``FULL`` (every point), ``ZERO``, or the full
marks except some questions. Cases that cheat start from the *blank* learner version, so any
point they earn is a point they did not deserve.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

RECORD_MIME = "application/vnd.omlab.check+json"


@dataclass
class Context:
    source: nbformat.NotebookNode  # the lab's source notebook (reference answers, hidden tests)
    learner: nbformat.NotebookNode  # the blank learner version
    points: dict[str, float]  # grade id of each check cell -> points
    reference: dict[str, list[dict]]  # the reference records per check cell
    course: Path  # the scratch course root
    repo: Path  # the repository (labtools, datasets, .grading-cache)
    lab: str


@dataclass
class Submission:
    nb: nbformat.NotebookNode | None = None
    raw: bytes | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # more files in the learner's folder
    links: dict[str, str] = field(default_factory=dict)  # name -> target (symbolic links)
    notebook_link: str | None = None  # the notebook itself is a link to this path
    filename: str | None = None  # handed in under another name than <lab>.ipynb


@dataclass
class Case:
    name: str
    what: str
    build: Callable[[Context], Submission]
    deserves: Callable[[Context], dict[str, float]]
    slow: bool = False  # waits for a timeout


# ---------------------------------------------------------------------------------------------
# helpers


def copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def gid(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def index_of(nb: nbformat.NotebookNode, grade_id: str) -> int:
    for i, cell in enumerate(nb.cells):
        if gid(cell) == grade_id:
            return i
    raise KeyError(grade_id)


def insert_after(nb: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    nb = copy(nb)
    cell = nbformat.v4.new_code_cell(code)
    nb.cells.insert(index_of(nb, grade_id) + 1, cell)
    return nb


def set_answer(nb: nbformat.NotebookNode, question: str, code: str) -> nbformat.NotebookNode:
    nb = copy(nb)
    nb.cells[index_of(nb, f"{question}-answer")].source = code
    return nb


def answer_source(ctx: Context, question: str) -> str:
    return ctx.source.cells[index_of(ctx.source, f"{question}-answer")].source


def full(ctx: Context) -> dict[str, float]:
    return dict(ctx.points)


def zero(ctx: Context) -> dict[str, float]:
    return {k: 0.0 for k in ctx.points}


def full_except(*questions: str) -> Callable[[Context], dict[str, float]]:
    def deserves(ctx: Context) -> dict[str, float]:
        out = dict(ctx.points)
        for q in questions:
            out[f"{q}-checks"] = 0.0
        return out

    return deserves


def only(*questions: str) -> Callable[[Context], dict[str, float]]:
    def deserves(ctx: Context) -> dict[str, float]:
        return {k: (v if k.removesuffix("-checks") in questions else 0.0) for k, v in ctx.points.items()}

    return deserves


def in_stubs(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """Put ``code`` before ``raise NotImplementedError()`` in every indented answer stub."""
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-answer") and cell.cell_type == "code":
            cell.source = re.sub(r"^([ \t]+)raise NotImplementedError\(\)",
                                 lambda m: f"{m.group(1)}{code}\n{m.group(1)}raise NotImplementedError()",
                                 cell.source, flags=re.M)
    return nb


def questions(ctx: Context) -> list[str]:
    return [k.removesuffix("-checks") for k in ctx.points]


def reference_values(ctx: Context) -> dict[str, dict]:
    """Every reference record by label: what a learner would need to know to forge a record."""
    return {r["label"]: r for records in ctx.reference.values() for r in records}


# ---------------------------------------------------------------------------------------------
# honest work, mangled


def reference_solution(ctx: Context) -> Submission:
    return Submission(copy(ctx.source))


def blank_learner_version(ctx: Context) -> Submission:
    return Submission(copy(ctx.learner))


def answer_cell_pasted_twice(ctx: Context) -> Submission:
    """nbgrader issue 1083: the q1 answer cell duplicated, metadata and all."""
    nb = copy(ctx.source)
    i = index_of(nb, "q1-answer")
    twin = copy(nb).cells[i]
    twin["id"] = "pasted-copy"
    nb.cells.insert(i + 1, twin)
    return Submission(nb)


def stale_answer_copy_above_edited_answer(ctx: Context) -> Submission:
    """The blank q2 answer pasted above the finished one (same grade id): the finished one counts."""
    nb = copy(ctx.source)
    i = index_of(nb, "q2-answer")
    stale = copy(ctx.learner).cells[index_of(ctx.learner, "q2-answer")]
    stale["id"] = "stale-copy"
    nb.cells.insert(i, stale)
    return Submission(nb)


def check_cell_pasted_twice(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    i = index_of(nb, "q2-checks")
    twin = copy(nb).cells[i]
    twin["id"] = "pasted-checks"
    nb.cells.insert(i + 1, twin)
    return Submission(nb)


def check_cell_deleted(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    del nb.cells[index_of(nb, "q3-checks")]
    return Submission(nb)


def answer_cell_deleted(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    del nb.cells[index_of(nb, "q9-answer")]
    return Submission(nb)


def answer_cell_moved_down(ctx: Context) -> Submission:
    """The q3 answer dragged below the q5 check cell."""
    nb = copy(ctx.source)
    cell = nb.cells.pop(index_of(nb, "q3-answer"))
    nb.cells.insert(index_of(nb, "q5-checks") + 1, cell)
    return Submission(nb)


def check_cell_moved_above_its_answer(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    cell = nb.cells.pop(index_of(nb, "q2-checks"))
    nb.cells.insert(index_of(nb, "q2-answer"), cell)
    return Submission(nb)


def answer_cell_turned_into_markdown(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    i = index_of(nb, "q7-answer")
    old = nb.cells[i]
    cell = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
    cell["id"] = old.get("id", "q7-answer")
    nb.cells[i] = cell
    return Submission(nb)


def nbgrader_metadata_stripped(ctx: Context) -> Submission:
    """Saved by another program that dropped the cell metadata (cell ids survive)."""
    nb = copy(ctx.source)
    for cell in nb.cells:
        cell.metadata = {}
    return Submission(nb)


def metadata_and_cell_ids_stripped(ctx: Context) -> Submission:
    """Cells copied into a new notebook: no metadata, no ids (nbformat 4.4)."""
    nb = copy(ctx.source)
    data = json.loads(nbformat.writes(nb))
    data["nbformat_minor"] = 4
    for cell in data["cells"]:
        cell["metadata"] = {}
        cell.pop("id", None)
    return Submission(raw=json.dumps(data, indent=1).encode())


def old_notebook_format_v3(ctx: Context) -> Submission:
    v3 = nbformat.convert(copy(ctx.source), 3)
    return Submission(raw=nbformat.writes(v3, version=3).encode())


def truncated_file(ctx: Context) -> Submission:
    """Saving stopped halfway: the file ends inside the q6 answer cell."""
    text = nbformat.writes(copy(ctx.source))
    cut = text.index("def add_engagement_rates(posts)")
    return Submission(raw=text[:cut].encode())


def empty_file(ctx: Context) -> Submission:
    return Submission(raw=b"")


def not_a_notebook(ctx: Context) -> Submission:
    return Submission(raw=b"PK\x03\x04 this is a zip file, not a notebook \x00\xff\xfe")


def notebook_saved_under_another_name(ctx: Context) -> Submission:
    return Submission(copy(ctx.source), filename=f"{ctx.lab} (1).ipynb")


def stray_sys_exit_cell(ctx: Context) -> Submission:
    return Submission(insert_after(ctx.source, "q2-checks", "import sys\nsys.exit('bye')"))


def stray_os_exit_cell(ctx: Context) -> Submission:
    return Submission(insert_after(ctx.source, "q3-checks", "import os\nos._exit(3)"))


def stray_segfault_cell(ctx: Context) -> Submission:
    return Submission(insert_after(ctx.source, "q4-checks", "import ctypes\nctypes.string_at(0)"))


def memory_bomb_cell(ctx: Context) -> Submission:
    # big blocks, then small ones: what is left afterwards is too little for any later cell,
    # so the case fails for certain unless the grader starts Python afresh
    code = ("hog = []\n"
            "for size in (200 * 2**20, 2**20):\n"
            "    try:\n"
            "        while True:\n"
            "            hog.append(bytearray(size))\n"
            "    except MemoryError:\n"
            "        pass\n"
            "hog.append(bytearray(2**20))")
    return Submission(insert_after(ctx.source, "q1-checks", code))


def fork_bomb_cell(ctx: Context) -> Submission:
    code = ("import os, time\n"
            "for _ in range(100000):\n"
            "    try:\n"
            "        if os.fork() == 0:\n"
            "            time.sleep(3600)\n"
            "    except OSError:\n"
            "        break\n")
    return Submission(insert_after(ctx.source, "q5-checks", code))


def huge_output_cell(ctx: Context) -> Submission:
    code = "print('x' * 30_000_000)\nfor i in range(300_000):\n    print(i)"
    return Submission(insert_after(ctx.source, "q6-checks", code))


def print_over_the_message_limit(ctx: Context) -> Submission:
    """One print of 80 MB: a single message over the grader's socket limit (64 MiB)."""
    return Submission(insert_after(ctx.source, "q3-checks", "print('z' * 80_000_000)"))


def noisy_answer_under_check(ctx: Context) -> Submission:
    """The q1 answer prints 2 MB every time it is called, also while it is checked."""
    code = answer_source(ctx, "q1").replace('"""True for every engaged session (GA4\'s rules), False for the others."""',
                                            '"""noisy"""\n    print("y" * 2_000_000)')
    return Submission(set_answer(ctx.source, "q1", code))


def stderr_and_warnings_everywhere(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    noise = "import sys, warnings\nprint('debug: still working', file=sys.stderr)\nwarnings.warn('just a warning')\n"
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-answer") and cell.cell_type == "code":
            cell.source = noise + cell.source
    nb = insert_after(nb, "q8-checks", "import sys\nsys.stderr.write('Traceback (most recent call last): nothing\\n')")
    return Submission(nb)


def infinite_loop_in_answer(ctx: Context) -> Submission:
    """q8's function never returns: the check cell is interrupted, the rest is graded."""
    code = "def best_posting_slot(posts, min_posts=3):\n    while True:\n        pass"
    return Submission(set_answer(ctx.source, "q8", code))


def loop_that_ignores_interrupts(ctx: Context) -> Submission:
    code = ("import time\n"
            "while True:\n"
            "    try:\n"
            "        time.sleep(0.1)\n"
            "    except KeyboardInterrupt:\n"
            "        pass")
    return Submission(insert_after(ctx.source, "q7-checks", code))


def python_stops_while_checked(ctx: Context) -> Submission:
    """q2's function ends Python on the hidden 'no sessions' input: q2 scores 0, the rest counts."""
    code = answer_source(ctx, "q2").replace(
        "    if len(engaged) == 0:\n", "    if len(engaged) == 0:\n        import os\n        os._exit(1)\n", 1)
    assert "os._exit" in code
    return Submission(set_answer(ctx.source, "q2", code))


def kill_every_process(ctx: Context) -> Submission:
    return Submission(insert_after(ctx.source, "q9-checks", "import os, signal\nos.kill(-1, signal.SIGKILL)"))


def fake_bonus_grade_cell(ctx: Context) -> Submission:
    nb = copy(ctx.source)
    cell = nbformat.v4.new_code_cell("print('bonus')")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "locked": False, "points": 100,
                                 "schema_version": 3, "solution": False}
    nb.cells.append(cell)
    return Submission(nb)


# ---------------------------------------------------------------------------------------------
# cheating (from the blank learner version: every point would be unearned)


def check_cells_emptied(ctx: Context) -> Submission:
    nb = copy(ctx.learner)
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-checks"):
            cell.source = "pass"
    return Submission(nb)


def input_transformer_skips_checks(ctx: Context) -> Submission:
    code = ("def _skip(lines):\n"
            "    return ['pass\\n'] if any('check(' in line for line in lines) else lines\n"
            "get_ipython().input_transformers_cleanup.append(_skip)")
    return Submission(insert_after(ctx.learner, "setup", code))


def input_transformer_forges_records(ctx: Context) -> Submission:
    """Rewrites every check cell into records with the reference's own values (as if known)."""
    fakes = [{"label": r["label"], "value": r["value"], "points": r["points"], "compare": r["compare"],
              "hint": "", "options": r.get("options", {})} for r in reference_values(ctx).values()]
    body = ["for _r in _FAKES:\n", f"    display({{{RECORD_MIME!r}: _r, 'text/plain': 'ok'}}, raw=True)\n"]
    code = ("import json\n"
            f"_FAKES = json.loads({json.dumps(json.dumps(fakes))})\n"
            f"_BODY = {body!r}\n"
            "def _forge(lines):\n"
            "    return list(_BODY) if any('check(' in line for line in lines) else lines\n"
            "get_ipython().input_transformers_cleanup.append(_forge)")
    return Submission(insert_after(ctx.learner, "setup", code))


def records_printed_by_answers(ctx: Context) -> Submission:
    """Every answer displays the reference's records (as if known) while it is being checked."""
    fakes = [{"label": r["label"], "value": r["value"], "points": r["points"], "compare": r["compare"],
              "hint": "", "options": r.get("options", {})} for r in reference_values(ctx).values()]
    code = ("import json, builtins\n"
            "from IPython.display import display\n"
            f"_FAKES = json.loads({json.dumps(json.dumps(fakes))})\n"
            "def _emit(*args, **kwargs):\n"
            "    for _r in _FAKES:\n"
            f"        display({{{RECORD_MIME!r}: _r, 'text/plain': 'ok'}}, raw=True)\n")
    return Submission(in_stubs(insert_after(ctx.learner, "setup", code), "_emit()"))


def records_forged_after_each_cell(ctx: Context) -> Submission:
    """A post_run_cell hook displays the reference's records after every cell, with a guessed seal."""
    fakes = [{"label": r["label"], "value": r["value"], "points": r["points"], "compare": r["compare"],
              "hint": "", "options": r.get("options", {}), "seal": "0" * 32}
             for r in reference_values(ctx).values()]
    code = ("import json\n"
            "from IPython.display import display\n"
            f"_FAKES = json.loads({json.dumps(json.dumps(fakes))})\n"
            "def _after(result):\n"
            "    for _r in _FAKES:\n"
            f"        display({{{RECORD_MIME!r}: _r, 'text/plain': 'ok'}}, raw=True)\n"
            "get_ipython().events.register('post_run_cell', _after)")
    return Submission(insert_after(ctx.learner, "setup", code))


def stolen_seal_forges_current_check(ctx: Context) -> Submission:
    """The q1 answer reads the grader's seal from the calling frame and forges its own check's
    record with the right value; the real record comes after it, and the last one counts."""
    values = {label: r["value"] for label, r in reference_values(ctx).items()}
    code = ("import sys, json\n"
            "from IPython.display import display\n"
            f"_WANT = json.loads({json.dumps(json.dumps(values))})\n"
            "def is_engaged(sessions):\n"
            "    frame = sys._getframe(1)\n"
            "    while frame is not None and 'label' not in frame.f_locals:\n"
            "        frame = frame.f_back\n"
            "    if frame is not None:\n"
            "        code = frame.f_code.co_consts\n"
            "        seal = [c for c in code if isinstance(c, str) and len(c) == 32 and set(c) <= set('0123456789abcdef')]\n"
            "        label = frame.f_locals['label']\n"
            f"        display({{{RECORD_MIME!r}: {{'label': label, 'value': _WANT.get(label), 'points': 1,\n"
            "                 'compare': 'exact', 'hint': '', 'options': {}, 'seal': (seal or [''])[0]},\n"
            "                 'text/plain': 'forged'}, raw=True)\n"
            "    return [False] * len(sessions)\n")
    return Submission(set_answer(ctx.learner, "q1", code))


def stolen_seal_forges_later_checks_then_aborts(ctx: Context) -> Submission:
    """q2's functions steal the seal, forge sealed records with the right values for every q2
    check, then stop each check with KeyboardInterrupt so the real records never come."""
    values = {label: r["value"] for label, r in reference_values(ctx).items()}
    code = ("import sys, json\n"
            "from IPython.display import display\n"
            f"_WANT = json.loads({json.dumps(json.dumps(values))})\n"
            "def _forge_and_stop():\n"
            "    frame = sys._getframe(1)\n"
            "    while frame is not None and 'label' not in frame.f_locals:\n"
            "        frame = frame.f_back\n"
            "    seal = [c for c in frame.f_code.co_consts if isinstance(c, str) and len(c) == 32\n"
            "            and set(c) <= set('0123456789abcdef')] if frame is not None else []\n"
            "    if seal:  # only inside the grader's own check\n"
            "        for label, value in _WANT.items():\n"
            f"            display({{{RECORD_MIME!r}: {{'label': label, 'value': value, 'points': 1,\n"
            "                     'compare': 'exact', 'hint': '', 'options': {}, 'seal': seal[0]},\n"
            "                     'text/plain': 'forged'}, raw=True)\n"
            "        raise KeyboardInterrupt\n"
            "    return 0.5\n"
            "def engagement_rate(engaged):\n"
            "    _forge_and_stop()\n"
            "def bounce_rate(engaged):\n"
            "    _forge_and_stop()\n")
    return Submission(set_answer(ctx.learner, "q2", code))


def check_helpers_monkeypatched(ctx: Context) -> Submission:
    fakes = {label: r for label, r in reference_values(ctx).items()}
    code = ("import json, labtools, labtools.checks, labtools.encode\n"
            "from IPython.display import display\n"
            f"_FAKES = json.loads({json.dumps(json.dumps(fakes))})\n"
            "def check(label, thunk, **kw):\n"
            f"    display({{{RECORD_MIME!r}: _FAKES.get(label, {{}}), 'text/plain': 'ok'}}, raw=True)\n"
            "labtools.check = labtools.checks.check = check\n"
            "labtools.encode.encode = lambda value, _depth=0: _FAKES\n"
            "import IPython.display\n"
            "_real = IPython.display.display\n")
    return Submission(insert_after(ctx.learner, "setup", code))


def answers_that_equal_everything(ctx: Context) -> Submission:
    """Every answer returns objects whose == always says yes."""
    nb = insert_after(ctx.learner, "setup",
                      "class Yes(list):\n"
                      "    def __eq__(self, other):\n        return True\n"
                      "    def __ne__(self, other):\n        return False\n"
                      "    __hash__ = None\n"
                      "class YesFloat(float):\n"
                      "    def __eq__(self, other):\n        return True\n"
                      "YES = Yes()\n")
    return Submission(in_stubs(nb, "return YES"))


def reads_the_solutions_from_disk(ctx: Context) -> Submission:
    """Looks for the source notebook (with solutions) on disk and runs its answer cells."""
    paths = [str(ctx.course / "labs" / ctx.lab / f"{ctx.lab}.ipynb"),
             str(ctx.repo / "labs" / ctx.lab / f"{ctx.lab}.ipynb"), "notes.txt",
             f"../../../../labs/{ctx.lab}/{ctx.lab}.ipynb"]
    code = ("import json\n"
            f"for _path in {paths!r}:\n"
            "    try:\n"
            "        _nb = json.load(open(_path))\n"
            "    except Exception:\n"
            "        continue\n"
            "    for _c in _nb['cells']:\n"
            "        if _c['metadata'].get('nbgrader', {}).get('solution'):\n"
            "            exec(''.join(_c['source']), globals())\n"
            "    break\n")
    nb = copy(ctx.learner)
    # run after the learner's own (blank) answers, just before each check cell
    out = []
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-checks"):
            out.append(nbformat.v4.new_code_cell(code))
        out.append(cell)
    nb.cells = out
    return Submission(nb, links={"notes.txt": str(ctx.course / "labs" / ctx.lab / f"{ctx.lab}.ipynb")})


def reads_grader_files(ctx: Context) -> Submission:
    """Tries the reference cache, the gradebook and other learners' notebooks for answers."""
    code = ("import glob, json, os\n"
            "found = []\n"
            f"for pattern in [{str(ctx.repo / '.grading-cache' / '*.json')!r}, "
            f"{str(ctx.course / '_nbgrader' / 'gradebook.db')!r}, "
            f"{str(ctx.course / '_nbgrader' / 'submitted' / '*' / ctx.lab / '*.ipynb')!r}, "
            f"{str(ctx.course / '_nbgrader' / 'autograded' / '*' / ctx.lab / '*.ipynb')!r}, "
            "'/root/*', '/home/*/*', '*.ipynb']:\n"
            "    found += glob.glob(pattern)\n"
            "print('found', found)\n"
            "for _path in found:\n"
            "    try:\n"
            "        _nb = json.load(open(_path))\n"
            "        for _c in _nb.get('cells', []):\n"
            "            if _c.get('metadata', {}).get('nbgrader', {}).get('solution'):\n"
            "                exec(''.join(_c['source']), globals())\n"
            "    except Exception:\n"
            "        pass\n")
    nb = copy(ctx.learner)
    out = []
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-checks"):
            out.append(nbformat.v4.new_code_cell(code))
        out.append(cell)
    nb.cells = out
    return Submission(nb)


def notebook_is_a_link_to_the_solutions(ctx: Context) -> Submission:
    return Submission(notebook_link=str(ctx.course / "labs" / ctx.lab / f"{ctx.lab}.ipynb"))


def check_cells_rewritten(ctx: Context) -> Submission:
    """The check cells' hidden part written by the learner: check() of constants."""
    nb = copy(ctx.learner)
    for cell in nb.cells:
        if (gid(cell) or "").endswith("-checks"):
            cell.source = "check('anything', lambda: 1, points=100)"
    return Submission(nb)


# ---------------------------------------------------------------------------------------------

CASES: list[Case] = [
    Case("reference_solution", "the reference solution", reference_solution, full),
    Case("blank_learner_version", "the learner version as released", blank_learner_version, zero),
    Case("answer_cell_pasted_twice", "nbgrader issue 1083: a duplicated answer cell", answer_cell_pasted_twice, full),
    Case("stale_answer_copy_above_edited_answer", "a blank copy of an answer cell above the finished one",
         stale_answer_copy_above_edited_answer, full),
    Case("check_cell_pasted_twice", "a duplicated check cell", check_cell_pasted_twice, full),
    Case("check_cell_deleted", "a deleted check cell is put back and run", check_cell_deleted, full),
    Case("answer_cell_deleted", "a deleted answer cell: that question only scores 0", answer_cell_deleted,
         full_except("q9")),
    Case("answer_cell_moved_down", "an answer cell dragged below later questions", answer_cell_moved_down, full),
    Case("check_cell_moved_above_its_answer", "a check cell above its answer", check_cell_moved_above_its_answer, full),
    Case("answer_cell_turned_into_markdown", "an answer cell retyped as text", answer_cell_turned_into_markdown, full),
    Case("nbgrader_metadata_stripped", "cell metadata dropped by another program", nbgrader_metadata_stripped, full),
    Case("metadata_and_cell_ids_stripped", "cells copied into a new notebook (nbformat 4.4)",
         metadata_and_cell_ids_stripped, full),
    Case("old_notebook_format_v3", "saved as nbformat 3", old_notebook_format_v3, full),
    Case("truncated_file", "the file ends inside question 6's answer", truncated_file,
         only("q1", "q2", "q3", "q4", "q5")),
    Case("empty_file", "a file of 0 bytes", empty_file, zero),
    Case("not_a_notebook", "a binary file under the notebook's name", not_a_notebook, zero),
    Case("notebook_saved_under_another_name", "the finished notebook handed in as '<lab> (1).ipynb'",
         notebook_saved_under_another_name, full),
    Case("stray_sys_exit_cell", "a cell that calls sys.exit()", stray_sys_exit_cell, full),
    Case("stray_os_exit_cell", "a cell that kills Python with os._exit()", stray_os_exit_cell, full),
    Case("stray_segfault_cell", "a cell that crashes Python (segfault via ctypes)", stray_segfault_cell, full),
    Case("memory_bomb_cell", "a cell that allocates memory until it runs out", memory_bomb_cell, full),
    Case("fork_bomb_cell", "a cell that forks until it cannot", fork_bomb_cell, full),
    Case("huge_output_cell", "a cell that prints 30 MB at once and 300,000 lines", huge_output_cell, full),
    Case("print_over_the_message_limit", "a cell that prints 80 MB in one message (over the socket limit)",
         print_over_the_message_limit, full),
    Case("noisy_answer_under_check", "an answer that prints 2 MB each time it is checked",
         noisy_answer_under_check, full),
    Case("stderr_and_warnings_everywhere", "answers that print to stderr and warn", stderr_and_warnings_everywhere, full),
    Case("infinite_loop_in_answer", "an answer that never returns (interrupted)", infinite_loop_in_answer,
         full_except("q8"), slow=True),
    Case("loop_that_ignores_interrupts", "a cell that catches KeyboardInterrupt forever", loop_that_ignores_interrupts,
         full, slow=True),
    Case("python_stops_while_checked", "an answer that ends Python on one hidden input",
         python_stops_while_checked, full_except("q2")),
    Case("kill_every_process", "a cell that sends SIGKILL to every process it can", kill_every_process, full),
    Case("fake_bonus_grade_cell", "an added cell claiming to be graded, worth 100 points", fake_bonus_grade_cell, full),
    Case("check_cells_emptied", "blank answers, check cells replaced by pass", check_cells_emptied, zero),
    Case("check_cells_rewritten", "blank answers, check cells replaced by the learner's own check()",
         check_cells_rewritten, zero),
    Case("input_transformer_skips_checks", "blank answers, an input transformer turns checks into pass",
         input_transformer_skips_checks, zero),
    Case("input_transformer_forges_records", "blank answers, a transformer swaps checks for the right records",
         input_transformer_forges_records, zero),
    Case("records_printed_by_answers", "blank answers that display the right records while checked",
         records_printed_by_answers, zero),
    Case("records_forged_after_each_cell", "a post_run_cell hook that displays the right records",
         records_forged_after_each_cell, zero),
    Case("stolen_seal_forges_current_check", "an answer that steals the seal and forges its own record",
         stolen_seal_forges_current_check, zero),
    Case("stolen_seal_forges_later_checks_then_aborts",
         "answers that steal the seal, forge every check of their question, then abort the checks",
         stolen_seal_forges_later_checks_then_aborts, zero),
    Case("check_helpers_monkeypatched", "labtools.check and labtools.encode replaced by fakes",
         check_helpers_monkeypatched, zero),
    Case("answers_that_equal_everything", "answers whose == always says yes", answers_that_equal_everything, zero),
    Case("reads_the_solutions_from_disk", "blank answers that load the source notebook's solutions",
         reads_the_solutions_from_disk, zero),
    Case("reads_grader_files", "blank answers that look in the cache, gradebook and other learners' work",
         reads_grader_files, zero),
    Case("notebook_is_a_link_to_the_solutions", "the notebook file is a link to the source notebook",
         notebook_is_a_link_to_the_solutions, zero),
]


def write_submission(course: Path, lab: str, student: str, sub: Submission) -> Path:
    """Put ``sub`` where nbgrader expects learner ``student``'s submission."""
    folder = course / "_nbgrader" / "submitted" / student / lab
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (sub.filename or f"{lab}.ipynb")
    if sub.notebook_link:
        target.symlink_to(sub.notebook_link)
    elif sub.raw is not None:
        target.write_bytes(sub.raw)
    else:
        nbformat.write(sub.nb, target)
    for name, data in sub.files.items():
        (folder / name).write_bytes(data)
    for name, link in sub.links.items():
        (folder / name).symlink_to(link)
    return target


def context(course: Path, repo: Path, lab: str, learner: nbformat.NotebookNode, cache: Path) -> Context:
    import sys

    sys.path.insert(0, str(repo))
    from grading import reference

    source_path = repo / "labs" / lab / f"{lab}.ipynb"
    source = nbformat.read(source_path, as_version=4)
    points = {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
              for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
    expected = reference.load(source_path, cache)["checks"]
    return Context(source, learner, points, expected, course, repo, lab)


def deserved_total(scores: dict[str, float]) -> float:
    return float(sum(scores.values()))
