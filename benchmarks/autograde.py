"""Benchmark: stock serial ``nbgrader autograde`` against ``python -m grading autograde``.

    .venv/bin/python benchmarks/autograde.py [--learners 40] [--jobs 2] [--labs kpi_analysis ...]

Builds a synthetic cohort in a scratch folder: for every lab found by ``labs()`` (or the ones
named), ``--learners`` submissions cycling through the reference solution, the blank learver
version and each plausible wrong answer of ``labs/<lab>/wrong_answers.py``. Two identical course
roots with the project's nbgrader configuration are graded on this machine in one run: one by
stock serial ``nbgrader autograde LAB``, one by ``python -m grading autograde LAB --jobs N``, lab
by lab (each lab's two runs one after the other).
Prints seconds per submission for each, the ratio, and whether every score agrees.

With ``--ceiling`` it then measures, for each lab, the processor time of the lab's own cells
per notebook (the cohort's mix of answers, in a kernel that has already imported what the fast
command's kernels preload), and prints the ratio a grader that cost nothing else would reach on
this machine's cores: stock time / (cells time / cores). No grader can beat that figure.

A lab whose reference solution cannot be computed (a lab still being written) is reported and
skipped. The reference records are computed once before timing, so neither side pays for them.
Timings vary with the machine's load; the benchmark prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = os.pathsep.join([str(BIN), e.get("PATH", "")])
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH", "")]))
    return e


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env(), capture_output=True, text=True)


def make_course(folder: Path, labs: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "labs").mkdir()
    for lab in labs:
        shutil.copytree(ROOT / "labs" / lab, folder / "labs" / lab)
    (folder / "nbgrader_config.py").write_text(
        "from grading.config import configure\n"
        f"configure(get_config(), {str(folder)!r})\n"
        f"get_config().ScoreHiddenChecks.cache_directory = {str(ROOT / '.grading-cache')!r}\n"
    )
    return folder


def wrong_answers(lab: str) -> list[dict]:
    path = ROOT / "labs" / lab / "wrong_answers.py"
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location(f"wrong_{lab}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(getattr(module, "WRONG_ANSWERS", []))


def with_answer(nb: nbformat.NotebookNode, question: str, code: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{question}-answer":
            cell.source = code
    return nb


def variants(lab: str, learner: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The submissions a cohort cycles through: reference, blank, each plausible wrong answer."""
    source = nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4)
    return [source, learner] + [with_answer(source, w["question"], w["code"]) for w in wrong_answers(lab)]


def cohort(lab: str, learner: nbformat.NotebookNode, size: int) -> dict[str, nbformat.NotebookNode]:
    kinds = variants(lab, learner)
    return {f"learner{i:03d}": kinds[i % len(kinds)] for i in range(size)}


def as_graded(lab: str, submission: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What the grader runs: the lab's source with the submission's answer cells."""
    source = nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4)
    answers = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in submission.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in source.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and gid in answers:
            cell.source = answers[gid]
    return source


# Times each cell in the kernel's own processor time; the imports before it are not timed.
CELL_CLOCK = """import time as _omlab_time
_omlab_cpu = []
_omlab_start = _omlab_time.process_time()
def _omlab_before(info):
    global _omlab_start
    _omlab_start = _omlab_time.process_time()
def _omlab_after(result):
    _omlab_cpu.append(_omlab_time.process_time() - _omlab_start)
get_ipython().events.register("pre_run_cell", _omlab_before)
get_ipython().events.register("post_run_cell", _omlab_after)"""


def cells_cpu(lab: str, notebook: nbformat.NotebookNode, scratch: Path) -> float:
    """Processor seconds the lab's own cells take in one run of ``notebook``."""
    from nbclient import NotebookClient

    from grading.zygote import PRELOAD, lab_imports

    folder = scratch / "cells" / lab
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "labs" / lab, folder)
    modules = [*PRELOAD, *lab_imports(ROOT / "labs" / lab / f"{lab}.ipynb")]
    preload = (f"import importlib\nfor _m in {modules!r}:\n    try:\n        importlib.import_module(_m)\n"
               "    except Exception:\n        pass")
    nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
    nb.cells[:0] = [nbformat.v4.new_code_cell(preload), nbformat.v4.new_code_cell(CELL_CLOCK)]
    nb.cells.append(nbformat.v4.new_code_cell("print(sum(_omlab_cpu[1:]))"))
    client = NotebookClient(nb, timeout=600, allow_errors=True, kernel_name="python3",
                            extra_arguments=["--log-level=ERROR"],
                            resources={"metadata": {"path": str(folder)}})
    client.execute(cwd=str(folder), env=env())
    return float(nb.cells[-1].outputs[0]["text"])


def ceiling(labs: list[str], stock_root: Path, learners: int, scratch: Path) -> dict[str, float]:
    """Mean processor seconds of each lab's own cells per notebook, over the cohort's mix."""
    out = {}
    for lab in labs:
        learner = nbformat.read(stock_root / "_nbgrader" / "release" / lab / f"{lab}.ipynb", as_version=4)
        kinds = variants(lab, learner)
        seconds = [cells_cpu(lab, as_graded(lab, nb), scratch) for nb in kinds]
        out[lab] = sum(seconds[i % len(kinds)] for i in range(learners)) / learners
    return out


def scores(root: Path, lab: str) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{root / '_nbgrader' / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(lab):
            cells = {g.name: float(g.auto_score or 0) for nb in sub.notebooks for g in nb.grades}
            cells["__total__"] = float(sub.score)
            out[sub.student_id] = cells
    return out


def main(argv: list[str] | None = None) -> int:
    from grading.reference import load
    from grading.release import labs as all_labs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--labs", nargs="*", help="labs to grade (default: every lab)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch courses")
    parser.add_argument("--ceiling", action="store_true",
                        help="also measure the labs' own cells: the best ratio any grader could reach")
    args = parser.parse_args(argv)

    labs, skipped = [], {}
    for lab in args.labs or all_labs():
        try:
            load(ROOT / "labs" / lab / f"{lab}.ipynb", ROOT / ".grading-cache")
            labs.append(lab)
        except Exception as exc:  # noqa: BLE001 - a lab still being written
            skipped[lab] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    for lab, why in skipped.items():
        print(f"skipped {lab}: its reference records cannot be computed ({why})")
    if not labs:
        print("No lab to grade.")
        return 1

    scratch = Path(tempfile.mkdtemp(prefix="omlab-bench-"))
    stock_root = make_course(scratch / "stock", labs)
    fast_root = make_course(scratch / "fast", labs)
    submissions = 0
    for lab in labs:
        for root in (stock_root, fast_root):
            made = run([str(BIN / "nbgrader"), "generate_assignment", lab, "--force", "--log-level=ERROR"], root)
            if made.returncode != 0:
                print(made.stdout, made.stderr)
                return 1
        learner = nbformat.read(stock_root / "_nbgrader" / "release" / lab / f"{lab}.ipynb", as_version=4)
        for student, nb in cohort(lab, learner, args.learners).items():
            for root in (stock_root, fast_root):
                folder = root / "_nbgrader" / "submitted" / student / lab
                folder.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, folder / f"{lab}.ipynb")
            submissions += 1
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Cohort: {args.learners} learners x {len(labs)} lab(s) ({', '.join(labs)}) = {submissions} "
          f"submissions; {os.cpu_count()} cores; fast command with --jobs {args.jobs}.")

    # Each lab's two runs follow each other, so that a machine that slows down or speeds up during
    # the benchmark (a shared virtual machine does) weighs on both alike.
    stock: dict[str, float] = {}
    fast: dict[str, float] = {}
    for lab in labs:
        started = time.monotonic()
        result = run([str(BIN / "nbgrader"), "autograde", lab, "--force", "--log-level=ERROR"], stock_root)
        stock[lab] = time.monotonic() - started
        if result.returncode != 0:
            print(f"stock nbgrader autograde {lab} reported errors:\n{result.stderr[-2000:]}")
        started = time.monotonic()
        result = run([sys.executable, "-m", "grading", "autograde", lab, "--jobs", str(args.jobs), "--quiet"],
                     fast_root)
        fast[lab] = time.monotonic() - started
        if result.returncode != 0:
            print(f"python -m grading autograde {lab} reported errors:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")

    disagree = []
    for lab in labs:
        a, b = scores(stock_root, lab), scores(fast_root, lab)
        for student in sorted(set(a) | set(b)):
            if a.get(student) != b.get(student):
                disagree.append((lab, student, a.get(student, {}).get("__total__"), b.get(student, {}).get("__total__")))
        if len(a) != args.learners or len(b) != args.learners:
            disagree.append((lab, "(count)", len(a), len(b)))

    n = args.learners
    print(f"{'lab':<18} {'stock s/sub':>11} {'fast s/sub':>10} {'ratio':>6}")
    for lab in labs:
        print(f"{lab:<18} {stock[lab] / n:11.2f} {fast[lab] / n:10.2f} {stock[lab] / fast[lab]:5.2f}x")
    total_stock, total_fast = sum(stock.values()), sum(fast.values())
    print(f"stock serial nbgrader autograde : {total_stock:8.1f} s  {total_stock / submissions:6.2f} s per submission")
    print(f"python -m grading autograde     : {total_fast:8.1f} s  {total_fast / submissions:6.2f} s per submission")
    print(f"ratio (stock / fast)            : {total_stock / total_fast:8.2f}x")
    print(f"scores agree                    : {'yes, all ' + str(submissions) if not disagree else 'NO'}")
    print(f"load average before / after     : {load_before} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for row in disagree[:20]:
        print(f"  {row}")
    if args.ceiling:
        cores = os.cpu_count() or 1
        cells = ceiling(labs, stock_root, n, scratch)
        print(f"The labs' own cells (processor s per notebook), and the ratio a grader that cost nothing "
              f"else would reach on {cores} core(s):")
        print(f"{'lab':<18} {'cells s':>8} {'best ratio':>10}")
        for lab in labs:
            print(f"{lab:<18} {cells[lab]:8.2f} {stock[lab] / n / (cells[lab] / cores):9.2f}x")
        best = total_stock / sum(n * cells[lab] / cores for lab in labs)
        print(f"best possible ratio, all labs   : {best:8.2f}x")
    if args.keep:
        print(f"Scratch courses kept in {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if not disagree else 1


if __name__ == "__main__":
    sys.exit(main())
