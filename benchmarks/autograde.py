"""Benchmark: stock serial ``nbgrader autograde`` against ``python -m grading autograde``.

    .venv/bin/python benchmarks/autograde.py [--learners 40] [--jobs 2] [--labs kpi_analysis ...]

Builds a synthetic cohort in a scratch folder: for every lab found by ``labs()`` (or the ones
named), ``--learners`` submissions cycling through the reference solution, the blank learver
version and each plausible wrong answer of ``labs/<lab>/wrong_answers.py``. Two identical course
roots with the project's nbgrader configuration are graded on this machine in one run: one by
stock serial ``nbgrader autograde LAB``, one by ``python -m grading autograde LAB --jobs N``.
Prints seconds per submission for each, the ratio, and whether every score agrees.

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


def cohort(lab: str, learner: nbformat.NotebookNode, size: int) -> dict[str, nbformat.NotebookNode]:
    source = nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4)
    variants = [source, learner] + [with_answer(source, w["question"], w["code"]) for w in wrong_answers(lab)]
    return {f"learner{i:03d}": variants[i % len(variants)] for i in range(size)}


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

    stock: dict[str, float] = {}
    for lab in labs:
        started = time.monotonic()
        result = run([str(BIN / "nbgrader"), "autograde", lab, "--force", "--log-level=ERROR"], stock_root)
        stock[lab] = time.monotonic() - started
        if result.returncode != 0:
            print(f"stock nbgrader autograde {lab} reported errors:\n{result.stderr[-2000:]}")

    fast: dict[str, float] = {}
    for lab in labs:
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
    if args.keep:
        print(f"Scratch courses kept in {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if not disagree else 1


if __name__ == "__main__":
    sys.exit(main())
