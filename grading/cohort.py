"""Cohort grading for trainers: ``python -m grading autograde | feedback | export``.

``autograde LAB [--jobs N]`` grades every submission of a lab with the course's own nbgrader
configuration (the same preprocessors as ``nbgrader autograde``, so the same scores), in
parallel:

- the main process does what touches the gradebook, in nbgrader's own code and order: it
  registers each submission (``Autograde.init_assignment``), and once a worker has run the
  notebook it saves the grades (``SaveAutoGrades``, ``AssignLatePenalties``) and writes the
  graded notebook. sqlite only ever sees one writer;
- each worker process sanitizes and runs notebooks with a read-only snapshot of the gradebook,
  and starts the next notebook's kernel while the current one runs (``grading.execute.KernelPool``);
- a worker that dies has its submissions handed to a new worker once; a submission that still
  cannot be graded scores 0 with the reason in the summary (never left ungraded);
- a progress bar while it runs, a summary table at the end.

``feedback LAB`` runs ``nbgrader generate_feedback`` and checks that no feedback file shows
hidden test code. ``export`` writes grades per learner and per question as CSV for Moodle or
Canvas (columns: ``grading/README.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing as mp
import os
import queue
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def _cd(folder: str | Path) -> Any:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def course_root(start: Path | None = None) -> Path:
    """The nbgrader course root: the current folder if it has nbgrader_config.py, else the repo."""
    here = (start or Path.cwd()).resolve()
    if (here / "nbgrader_config.py").is_file():
        return here
    return ROOT


# ---------------------------------------------------------------------------------------------
# nbgrader, configured as the course configures it


def _app(root: Path, lab: str, student: str | None = None, log_level: str = "WARN") -> Any:
    from nbgrader.apps import AutogradeApp

    from .speedups import log_only_what_is_shown

    argv = [lab, f"--log-level={log_level}"]
    if student:
        argv.append(f"--student={student}")
    AutogradeApp.clear_instance()
    app = AutogradeApp()
    with _cd(root):
        app.initialize(argv)
    app.coursedir.assignment_id = lab
    log_only_what_is_shown(app.log)
    return app


def _converter(app: Any, cls: type | None = None, force: bool = False) -> Any:
    from nbconvert.writers import FilesWriter
    from nbgrader.converters import Autograde

    converter = (cls or Autograde)(coursedir=app.coursedir, parent=app)
    converter.force = force or converter.force
    converter.writer = FilesWriter(parent=converter, config=converter.config)
    converter.exporter = converter.exporter_class(parent=converter, config=converter.config)
    return converter


def _split(preprocessors: list) -> int:
    """Index of the first preprocessor that writes the gradebook: the main process runs it on."""
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    for i, pp in enumerate(preprocessors):
        if isinstance(pp, type) and issubclass(pp, (SaveAutoGrades, AssignLatePenalties)):
            return i
    return len(preprocessors)


def _worker_converter_class() -> type:
    from nbgrader.converters import Autograde

    class WorkerAutograde(Autograde):
        """Sanitize and run, but leave the gradebook writes to the main process."""

        captured: list = []

        def _init_preprocessors(self) -> None:
            self.exporter._preprocessors = []
            chain = self.sanitize_preprocessors if self._sanitizing else \
                self.autograde_preprocessors[: _split(self.autograde_preprocessors)]
            for pp in chain:
                self.exporter.register_preprocessor(pp)

        def write_single_notebook(self, output: str, resources: Any) -> None:
            if self._sanitizing:
                super().write_single_notebook(output, resources)
            else:
                self.captured.append((output, _portable(resources)))

        def convert_single_notebook(self, notebook_filename: str) -> None:
            """nbgrader's two passes; the second starts from the first's result in memory
            (nbgrader reads back the file it has just written: the same notebook)."""
            import datetime as dt

            from nbconvert.exporters.exporter import ResourcesDict
            from nbgrader import utils

            self._sanitizing = True
            self._init_preprocessors()
            resources = self.init_single_notebook_resources(notebook_filename)
            output, resources = self.exporter.from_filename(notebook_filename, resources=resources)
            self.write_single_notebook(output, resources)
            graded = os.path.join(self.writer.build_directory, os.path.basename(notebook_filename))
            self._sanitizing = False
            self._init_preprocessors()
            try:
                with utils.setenv(NBGRADER_EXECUTION="autograde"):
                    resources = self.init_single_notebook_resources(graded)
                    meta = resources.setdefault("metadata", ResourcesDict())
                    meta["name"] = os.path.splitext(os.path.basename(graded))[0]
                    meta["path"] = os.path.dirname(graded)
                    stamp = dt.datetime.fromtimestamp(os.path.getmtime(graded), tz=dt.timezone.utc)
                    meta["modified_date"] = stamp.strftime("%B %d, %Y")
                    resources["omlab_read_notes"] = []
                    nb = read_valid(output)
                    output, resources = self.exporter.from_notebook_node(nb, resources)
                    self.write_single_notebook(output, resources)
            finally:
                self._sanitizing = True

    return WorkerAutograde


def read_valid(text: str) -> Any:
    """A notebook nbformat itself has just written: read as ``nbformat.reads`` does, without
    validating it again (the slowest part)."""
    from nbformat.v4.nbjson import JSONReader

    return JSONReader().reads(text)


def _portable(resources: Any) -> dict:
    keep = ("unique_key", "output_files_dir", "output_extension", "nbgrader", "metadata", "omlab")
    return json.loads(json.dumps({k: resources.get(k) for k in keep if k in resources}, default=str))


# ---------------------------------------------------------------------------------------------
# Workers


@dataclass
class Job:
    number: int
    folder: str
    student: str
    lab: str
    notebooks: list[str]
    kernel_folder: str
    tries: int = 0


# What every worker imports: the server the workers fork from imports it once for the whole run
# (a spawned worker took 1.2 s of processor time to import nbgrader alone).
WORKER_IMPORTS = ("grading.cohort", "grading.execute", "grading.plugins", "grading.repair", "grading.zygote",
                  "grading.speedups", "nbgrader.converters", "nbgrader.preprocessors", "nbconvert.exporters",
                  "nbclient", "jupyter_client", "sqlalchemy.orm")


def _worker_context() -> Any:
    """On Linux, workers are forked from this process, which has already imported what they use
    (``WORKER_IMPORTS``); ``_autograde`` starts the first ones before any thread, gradebook
    connection or progress bar exists here. A replacement for a worker that died is forked later,
    while the job queue's feeder thread and the progress bar run: the child uses neither, and
    ``mp.Queue`` resets itself after a fork (Python 3.12 warns about such forks). Elsewhere (fork
    is unsafe on macOS) workers are spawned."""
    if sys.platform.startswith("linux"):
        import importlib

        for name in WORKER_IMPORTS:
            importlib.import_module(name)
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _worker(root: str, lab: str, db_copy: str, jobs: Any, results: Any, worker_id: int, source: str,
            env: dict[str, str] | None = None, zygote: tuple[str, int] | None = None) -> None:
    """A worker process: take jobs (one ahead), run them, send the notebooks back."""
    if env is not None:  # a spawned worker's environment is the one this process started with
        os.environ.clear()
        os.environ.update(env)
    os.chdir(root)
    sys.path.insert(0, root)
    from . import speedups

    # the worker's snapshot of the gradebook: one engine, and it does not change
    with speedups.shared_gradebook_engines(), speedups.remember_source_cells():
        _work(root, lab, db_copy, jobs, results, worker_id, source, zygote)


def _work(root: str, lab: str, db_copy: str, jobs: Any, results: Any, worker_id: int,
          source: str, shared: tuple[str, int] | None) -> None:
    from .zygote import SharedZygote, lab_imports

    try:  # the run's zygote (without one, the pool starts its own)
        zygote = SharedZygote(*shared) if shared else None
    except OSError:
        zygote = None
    from . import execute, speedups

    speedups.cache_nbgrader_schema_checks()
    speedups.check_outputs_compiled()

    app = _app(Path(root), lab)
    app.coursedir.db_url = f"sqlite:///{db_copy}"
    converter = _converter(app, _worker_converter_class())
    # what this worker writes is read again by the grader only; the main process writes the file
    converter.exporter = speedups.compact_exporter(converter.exporter_class)(parent=converter,
                                                                             config=converter.config)
    speedups.validate_once(converter.exporter)
    pool = execute.KernelPool(converter.config, preload=lab_imports(source), zygote=zygote)
    execute.POOL = pool
    speedups.freeze_startup_objects()
    current = jobs.get()
    if current is not None:
        pool.prelaunch(current.kernel_folder)  # the first kernel is forked from the zygote too
    try:
        while current is not None:
            results.put(("took", worker_id, current.number))
            upcoming = jobs.get()
            if upcoming is not None:
                results.put(("took", worker_id, upcoming.number))
                pool.prelaunch(upcoming.kernel_folder)
            started = time.monotonic()
            try:
                converter.captured = []
                converter.notebooks = list(current.notebooks)
                for notebook in current.notebooks:
                    converter.convert_single_notebook(notebook)
                results.put(("done", worker_id, current.number,
                             {"notebooks": converter.captured, "seconds": time.monotonic() - started}))
            except Exception:  # noqa: BLE001 - report, keep working
                results.put(("failed", worker_id, current.number, traceback.format_exc(limit=5)))
            current = upcoming
    finally:
        pool.close()


# ---------------------------------------------------------------------------------------------
# The command


@dataclass
class Outcome:
    student: str
    seconds: float = 0.0
    status: str = "graded"
    notes: list[str] = field(default_factory=list)


def autograde(lab: str, jobs: int = 0, root: Path | None = None, force: bool = True,
              student: str | None = None, progress: bool = True, out: Any = None) -> dict[str, Outcome]:
    """Grade every submission of ``lab``; returns what happened per student."""
    early = _early_zygote(course_root(root), lab)  # it imports while this process imports nbgrader
    try:
        from .speedups import cache_nbgrader_schema_checks, shared_gradebook_engines

        cache_nbgrader_schema_checks()
        with shared_gradebook_engines():
            return _autograde(lab, jobs, root, force, student, progress, out, early)
    finally:
        if early is not None:
            early.close()  # a second close does nothing


def _autograde(lab: str, jobs: int, root: Path | None, force: bool, student: str | None, progress: bool,
               out: Any, early: Any = None) -> dict[str, Outcome]:
    from nbgrader.converters.base import NbGraderException

    out = out or sys.stdout
    root = course_root(root)
    jobs = jobs or max(1, min(os.cpu_count() or 1, 8))
    app = _app(root, lab, student)
    converter = _converter(app, force=force)
    outcomes: dict[str, Outcome] = {}
    with _cd(root):
        try:
            converter.init_notebooks()
        except NbGraderException as exc:
            print(f"Nothing to grade: {exc}", file=out)
            return outcomes
        source = str(Path(root) / app.coursedir.source_directory / lab / f"{lab}.ipynb")
        db_copy = _snapshot_path()
        zygote = _start_zygote(converter, source, early)
        ctx = _worker_context()
        job_q, result_q = ctx.Queue(), ctx.Queue()
        pending: dict[int, Job] = {}
        workers: dict[int, Any] = {}
        taken: dict[int, set[int]] = {}
        next_worker = 0

        def start_worker() -> None:
            nonlocal next_worker
            proc = ctx.Process(target=_worker, args=(str(root), lab, db_copy, job_q, result_q, next_worker,
                                                     source, dict(os.environ), zygote and zygote.shared()),
                               daemon=True)
            proc.start()
            workers[next_worker] = proc
            taken[next_worker] = set()
            next_worker += 1

        bar: Any = _NoBar()
        finished = False
        try:
            # the workers start (imports, warm kernels) while the reference is checked, the
            # gradebook copied for them and the submissions registered: they read neither before
            # their first job
            for _ in range(min(jobs, len(converter.assignments))):
                start_worker()
            _warm_reference(converter, lab, out)
            _snapshot(app.coursedir.db_url, db_copy)
            if zygote is not None:
                with contextlib.suppress(Exception):  # a failed zygote stops: kernels start the ordinary way
                    zygote.wait_ready()
            _register(converter, pending, outcomes, job_q)
            todo = list(pending.values())
            for _ in range(len(workers)):
                job_q.put(None)
            bar = _progress(len(todo), progress, out)
            done: set[int] = set()
            budget = [MAX_WORKER_STARTS]
            while len(done) < len(todo):
                try:
                    message = result_q.get(timeout=1.0)
                except queue.Empty:
                    _recover(workers, taken, pending, done, job_q, start_worker, outcomes, converter, out,
                             budget)
                    _finish_failed(pending, done, outcomes, converter, bar)
                    continue
                kind, wid, num = message[0], message[1], message[2]
                if kind == "took":
                    taken.setdefault(wid, set()).add(num)
                    continue
                taken.get(wid, set()).discard(num)
                if num in done:
                    continue
                job = pending[num]
                if kind == "done":
                    outcomes[job.student] = _save(converter, job, message[3])
                else:
                    outcomes[job.student] = _zero(converter, job, f"grading failed: {message[3].strip().splitlines()[-1]}")
                done.add(num)
                bar.update(1)
            finished = True
        finally:
            bar.close()
            for proc in workers.values():
                proc.join(timeout=5 if finished else 0)  # after an error, workers wait for jobs in vain
                if proc.is_alive():
                    proc.kill()
            if zygote is not None:
                zygote.close()
            with contextlib.suppress(OSError):
                os.unlink(db_copy)
    return outcomes


def _early_zygote(root: Path, lab: str) -> Any:
    """The run's zygote (``grading/zygote.py``), started before this process imports nbgrader, so
    that the two import side by side. It preloads what the lab's source notebook imports, found
    where the course configuration keeps sources; ``_start_zygote`` checks that guess."""
    from .config import SOURCE_DIRECTORY

    source = root / SOURCE_DIRECTORY / lab / f"{lab}.ipynb"
    if not hasattr(os, "pidfd_open") or not source.is_file():
        return None
    try:
        from .zygote import Zygote, lab_imports

        zygote = Zygote(lab_imports(source), wait=False)
    except Exception:  # noqa: BLE001 - _start_zygote tries again
        return None
    zygote.source = str(source.resolve())
    return zygote


def _start_zygote(converter: Any, source: str, early: Any = None) -> Any:
    """The run's one zygote: it imports what kernels import while this process checks the
    reference and registers the submissions; every kernel forks from it. ``early`` is used when
    it preloads this lab's source (the caller stops it otherwise)."""
    from .execute import Sandbox

    if not hasattr(os, "pidfd_open") or Sandbox(config=converter.config).mode == "off":
        return None
    if early is not None and early.source == str(Path(source).resolve()):
        return early
    try:
        from .zygote import Zygote, lab_imports

        return Zygote(lab_imports(source), wait=False)
    except Exception:  # noqa: BLE001 - the workers start their kernels the ordinary way
        return None


def _register(converter: Any, pending: dict[int, Job], outcomes: dict[str, Outcome], job_q: Any) -> None:
    """nbgrader's own steps before grading a submission (in its order), then queue it."""
    regexp = converter._format_source("(?P<assignment_id>.*)", "(?P<student_id>.*)", escape=True)
    number = 0
    for folder in sorted(converter.assignments):
        m = re.match(regexp, folder)
        if m is None:
            continue
        sid, aid = m.group("student_id"), m.group("assignment_id")
        converter.notebooks = sorted(converter.assignments[folder])
        try:
            if not converter.init_destination(aid, sid):
                outcomes[sid] = Outcome(sid, status="skipped", notes=["already graded (use --force)"])
                continue
            converter.run_pre_convert_hook()
            converter.init_assignment(aid, sid)
        except Exception as exc:  # noqa: BLE001 - e.g. no notebook the gradebook knows
            outcomes[sid] = Outcome(sid, status="not graded", notes=[str(exc)])
            continue
        job = Job(number, folder, sid, aid, list(converter.notebooks), converter._format_dest(aid, sid))
        pending[number] = job
        job_q.put(job)
        number += 1


MAX_WORKER_STARTS = 3  # new workers started, in all, after workers stopped


def _recover(workers: dict, taken: dict, pending: dict, done: set, job_q: Any, start_worker: Any,
             outcomes: dict, converter: Any, out: Any, budget: list[int] | None = None) -> None:
    """A worker that died: its unfinished submissions go to a new worker (once). When no worker is
    left and none may be started, whatever is left scores 0 with the reason (never ungraded)."""
    budget = budget if budget is not None else [MAX_WORKER_STARTS]
    for wid, proc in list(workers.items()):
        if proc.is_alive():
            continue
        lost = [n for n in taken.get(wid, set()) if n not in done]
        workers.pop(wid)
        taken.pop(wid, None)
        if not lost and proc.exitcode == 0:
            continue
        for num in sorted(lost):
            job = pending[num]
            job.tries += 1
            if job.tries <= 1:
                job_q.put(job)
            else:
                job.tries = 99  # give up: scored 0 by _finish_failed
        if any(pending[n].tries <= 1 for n in lost) and budget[0] > 0:
            budget[0] -= 1
            start_worker()
            job_q.put(None)
    if not any(proc.is_alive() for proc in workers.values()) and len(done) < len(pending):
        if budget[0] > 0:
            budget[0] -= 1
            start_worker()
            job_q.put(None)
        else:
            for num, job in pending.items():
                if num not in done:
                    job.tries = 99  # scored 0 by _finish_failed


def _finish_failed(pending: dict, done: set, outcomes: dict, converter: Any, bar: Any) -> None:
    for num, job in pending.items():
        if num not in done and job.tries == 99:
            outcomes[job.student] = _zero(converter, job, "grading failed (the grading process stopped twice, "
                                                           "or could not start)")
            done.add(num)
            bar.update(1)


def _warm_reference(converter: Any, lab: str, out: Any) -> None:
    """Compute (or check) the reference records once, before the workers need them."""
    from .plugins import ScoreHiddenChecks
    from .reference import load

    scorer = ScoreHiddenChecks(config=converter.config)
    folder = Path(converter.coursedir.format_path(converter.coursedir.source_directory, ".", lab))
    for source in sorted(folder.glob("*.ipynb")):
        load(source, Path(converter.coursedir.root) / scorer.cache_directory)


def _snapshot_path() -> str:
    fd, path = tempfile.mkstemp(prefix="omlab-gradebook-", suffix=".db")
    os.close(fd)
    return path


def _snapshot(db_url: str, path: str | None = None) -> str:
    """A private, consistent copy of the gradebook for the workers to read (at ``path``)."""
    source = db_url[len("sqlite:///"):] if db_url.startswith("sqlite:///") else None
    path = path or _snapshot_path()
    if source and os.path.exists(source):
        with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
    return path


def _save(converter: Any, job: Job, payload: dict) -> Outcome:
    """In the main process: the gradebook steps of nbgrader's pipeline, then write the notebook."""
    from nbconvert.exporters.exporter import ResourcesDict

    outcome = Outcome(job.student, seconds=float(payload.get("seconds", 0.0)))
    exporter = _save_exporter(converter)
    with _cd(converter.coursedir.root):
        for output, resources in payload["notebooks"]:
            nb = read_valid(output)
            res = ResourcesDict()
            res.update(resources)
            res["nbgrader"]["db_url"] = converter.coursedir.db_url
            converter._sanitizing = False
            try:
                written, res = exporter.from_notebook_node(nb, res)
                converter.write_single_notebook(written, res)
            finally:
                converter._sanitizing = True
            grading = nb.metadata.get("omlab_grading") or {}
            forged = sum((grading.get("suspicious") or {}).values())
            if forged:
                outcome.notes.append(f"{forged} check record(s) not made by the grader were ignored "
                                     "(possible tampering; look at the notebook)")
            outcome.notes += grading.get("notes", [])
            for texts in (grading.get("questions") or {}).values():
                outcome.notes += [t for t in texts if t not in outcome.notes]
        converter.set_permissions(job.lab, job.student)
        converter.run_post_convert_hook()
    return outcome


def _save_exporter(converter: Any) -> Any:
    """One exporter with the gradebook steps, for all the run's submissions (as nbgrader keeps one
    for all its notebooks), validating each notebook once, after the last step."""
    from .speedups import save_auto_grades_at_once, validate_once

    exporter = getattr(converter, "_omlab_save_exporter", None)
    if exporter is None:
        exporter = converter.exporter_class(parent=converter, config=converter.config)
        exporter._preprocessors = []
        from nbgrader.preprocessors import SaveAutoGrades

        chain = converter.autograde_preprocessors
        for pp in chain[_split(chain):]:
            exporter.register_preprocessor(save_auto_grades_at_once() if pp is SaveAutoGrades else pp)
        validate_once(exporter)
        converter._omlab_save_exporter = exporter
    return exporter


def _zero(converter: Any, job: Job, why: str) -> Outcome:
    """Never ungraded: every grade of the submission gets 0, with the reason in the summary."""
    from nbgrader.api import Gradebook

    with Gradebook(converter.coursedir.db_url, converter.coursedir.course_id) as gb:
        for nb in gb.find_submission(job.lab, job.student).notebooks:
            for grade in nb.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
    return Outcome(job.student, status="scored 0", notes=[why])


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, show: bool, out: Any) -> Any:
    if not show or total == 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="notebook", desc="Grading", file=sys.stderr, dynamic_ncols=True)


def summary_table(lab: str, root: Path, outcomes: dict[str, Outcome]) -> str:
    """A plain-text table: one row per learner, with totals per question and notes."""
    scores = gradebook_scores(root, [lab]).get(lab, {})
    questions = scores.get("__questions__", [])
    lines = []
    short = [q.removesuffix("-checks") for q, _ in questions]
    head = ["learner", "score", *short, "time", "notes"]
    rows = []
    for student in sorted(set(outcomes) | set(scores.get("__students__", {}))):
        record = scores.get("__students__", {}).get(student, {})
        outcome = outcomes.get(student, Outcome(student, status="not graded now"))
        total = record.get("__total__")
        score = "-" if total is None else f"{total:g}/{scores['__max__']:g}"
        cells = [_fmt(record.get(q)) for q, _ in questions]
        notes = outcome.status if outcome.status != "graded" else ""
        if outcome.notes:
            notes = (notes + "; " if notes else "") + f"{len(outcome.notes)} note(s): " + outcome.notes[0][:60]
        rows.append([student, score, *cells, f"{outcome.seconds:.1f}s" if outcome.seconds else "", notes])
    if not rows:
        return f"{lab}: no submissions."
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines.append(fmt.format(*head))
    lines.append(fmt.format(*["-" * w for w in widths]))
    lines += [fmt.format(*r) for r in rows]
    graded = [r for r in rows if r[1] != "-"]
    lines.append("")
    lines.append(f"{len(graded)} of {len(rows)} submissions graded; maximum {scores.get('__max__', 0):g} points.")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:g}"


def gradebook_scores(root: Path, labs: list[str] | None = None) -> dict[str, dict]:
    """Per lab: its questions (grade id, max points), max total, and per student the scores."""
    from nbgrader.api import Gradebook, MissingEntry

    app_db = _db_url(root)
    result: dict[str, dict] = {}
    with Gradebook(app_db) as gb:
        assignments = [a.name for a in gb.assignments] if not labs else labs
        for lab in assignments:
            try:
                assignment = gb.find_assignment(lab)
            except MissingEntry:
                continue
            questions = []
            for notebook in assignment.notebooks:
                order = _cell_order(root, lab, notebook.name)
                cells = sorted(notebook.grade_cells, key=lambda c: order.get(c.name, 10**6))
                questions += [(c.name, float(c.max_score)) for c in cells]
            students: dict[str, dict] = {}
            for sub in gb.assignment_submissions(lab):
                record: dict[str, Any] = {}
                for nb in sub.notebooks:
                    for g in nb.grades:
                        record[g.name] = None if g.score is None else float(g.score)
                record["__total__"] = float(sub.score)
                students[sub.student_id] = record
            result[lab] = {"__questions__": questions, "__max__": float(assignment.max_score),
                           "__students__": students}
    return result


def _cell_order(root: Path, lab: str, notebook: str) -> dict[str, int]:
    import nbformat

    path = root / "labs" / lab / f"{notebook}.ipynb"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001
        return {}
    return {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)
            if c.metadata.get("nbgrader", {}).get("grade_id")}


def _db_url(root: Path) -> str:
    app = _app(root, "x")
    return app.coursedir.db_url


# ---------------------------------------------------------------------------------------------
# Export


EXPORT_FORMATS = ("generic", "moodle", "canvas")


def export_rows(root: Path, labs: list[str] | None = None, fmt: str = "generic",
                per_question: bool = True) -> list[list[str]]:
    """CSV rows (header first): one row per learner, columns per lab and question."""
    from nbgrader.api import Gradebook

    data = gradebook_scores(root, labs)
    with Gradebook(_db_url(root)) as gb:
        people = {s.id: s for s in gb.students}
    columns: list[tuple[str, str, str | None, float]] = []  # (title, lab, grade id or None, max)
    for lab, info in data.items():
        title = _lab_title(root, lab)
        columns.append((f"{title} (total)", lab, None, info["__max__"]))
        if per_question:
            for gid, points in info["__questions__"]:
                columns.append((f"{title}: {gid.removesuffix('-checks')}", lab, gid, points))
    students = sorted({s for info in data.values() for s in info["__students__"]} | set(people))

    def value(student: str, lab: str, gid: str | None) -> str:
        record = data[lab]["__students__"].get(student)
        if record is None:
            return ""
        score = record["__total__"] if gid is None else record.get(gid)
        return "" if score is None else f"{score:g}"

    rows: list[list[str]] = []
    if fmt == "canvas":
        rows.append(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *[c[0] for c in columns]])
        rows.append(["Points Possible", "", "", "", "", *[f"{c[3]:g}" for c in columns]])
        for s in students:
            p = people.get(s)
            name = ", ".join(x for x in (getattr(p, "last_name", None), getattr(p, "first_name", None)) if x) or s
            rows.append([name, "", s, s, "", *[value(s, c[1], c[2]) for c in columns]])
    elif fmt == "moodle":
        rows.append(["Username", "Email address", "First name", "Last name", *[c[0] for c in columns]])
        for s in students:
            p = people.get(s)
            rows.append([s, getattr(p, "email", None) or "", getattr(p, "first_name", None) or "",
                         getattr(p, "last_name", None) or "", *[value(s, c[1], c[2]) for c in columns]])
    else:
        rows.append(["student_id", "first_name", "last_name", "email",
                     *[f"{c[1]}:{c[2] or 'total'}" for c in columns]])
        rows.append(["max_points", "", "", "", *[f"{c[3]:g}" for c in columns]])
        for s in students:
            p = people.get(s)
            rows.append([s, getattr(p, "first_name", None) or "", getattr(p, "last_name", None) or "",
                         getattr(p, "email", None) or "", *[value(s, c[1], c[2]) for c in columns]])
    return rows


def _lab_title(root: Path, lab: str) -> str:
    import nbformat

    try:
        nb = nbformat.read(root / "labs" / lab / f"{lab}.ipynb", as_version=4)
        title = nb.metadata.get("omlab", {}).get("title")
        return str(title).split(":")[0].strip() if title else lab
    except Exception:  # noqa: BLE001
        return lab


# ---------------------------------------------------------------------------------------------
# Feedback


def feedback(lab: str, root: Path | None = None, student: str | None = None, out: Any = None) -> list[str]:
    """Run ``nbgrader generate_feedback``; return feedback files that show hidden test code."""
    import nbformat

    from .plugins import hidden_fingerprints

    out = out or sys.stdout
    root = course_root(root)
    args = [sys.executable, "-m", "nbgrader", "generate_feedback", lab, "--force", "--log-level=WARN"]
    if student:
        args.append(f"--student={student}")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=out)
    app = _app(root, lab)
    folder = Path(app.coursedir.format_path(app.coursedir.feedback_directory, student or "*", lab))
    files = sorted(Path(root).glob(str(folder.relative_to(root)) + "/*.html")) if folder.is_absolute() else \
        sorted(Path(root).glob(str(folder) + "/*.html"))
    source = root / "labs" / lab / f"{lab}.ipynb"
    prints = hidden_fingerprints(nbformat.read(source, as_version=4)) if source.is_file() else set()
    leaks = []
    import html

    for path in files:
        text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))
        if any(p in text for p in prints):
            leaks.append(str(path))
    print(f"{len(files)} feedback file(s) for {lab} in {folder}", file=out)
    if leaks:
        print("WARNING: these feedback files show hidden test code; do not release them:", file=out)
        for leak in leaks:
            print(f"  {leak}", file=out)
    return leaks


# ---------------------------------------------------------------------------------------------
# argparse


def add_command(sub: Any) -> None:
    """Register ``autograde``, ``feedback`` and ``export`` (called by grading/__main__.py)."""
    p = sub.add_parser("autograde", help="grade every submission of a lab, in parallel")
    p.add_argument("lab")
    p.add_argument("--jobs", "-j", type=int, default=0, help="parallel workers (default: one per core)")
    p.add_argument("--student", help="grade only this learner")
    p.add_argument("--no-force", action="store_true", help="skip submissions graded before")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_autograde)
    p = sub.add_parser("feedback", help="generate feedback files for a lab (and check them)")
    p.add_argument("lab")
    p.add_argument("--student")
    p.set_defaults(func=_cmd_feedback)
    p = sub.add_parser("export", help="grades per learner and question as CSV (Moodle, Canvas)")
    p.add_argument("labs", nargs="*", help="labs to export (default: all in the gradebook)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="generic")
    p.add_argument("--totals-only", action="store_true", help="one column per lab, no questions")
    p.add_argument("--output", "-o", help="file to write (default: print)")
    p.set_defaults(func=_cmd_export)


def _cmd_autograde(args: argparse.Namespace) -> int:
    root = course_root()
    started = time.monotonic()
    outcomes = autograde(args.lab, jobs=args.jobs, root=root, force=not args.no_force,
                         student=args.student, progress=not args.quiet)
    print(summary_table(args.lab, root, outcomes))
    print(f"Time: {time.monotonic() - started:.1f} s for {len(outcomes)} submission(s).")
    from .execute import probe

    info = probe()
    print(f"Sandbox: {info['mode']}" + (f" ({info.get('reason')})" if info.get("reason") else ""))
    failed = [o for o in outcomes.values() if o.status not in ("graded", "skipped")]
    return 1 if failed else 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    return 1 if feedback(args.lab, student=args.student) else 0


def _cmd_export(args: argparse.Namespace) -> int:
    rows = export_rows(course_root(), args.labs or None, args.format, not args.totals_only)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    if args.output:
        Path(args.output).write_text(buffer.getvalue(), encoding="utf-8")
        print(f"Wrote {len(rows) - 1} rows to {args.output}")
    else:
        sys.stdout.write(buffer.getvalue())
    return 0

