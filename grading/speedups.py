"""Start-up and per-notebook costs the fast command avoids, without changing what nbgrader does.

Measured with cProfile on the fast command (``benchmarks/autograde.py``, 2 cores):

- ``import nbformat`` imports ``jsonschema``, which imports ``rfc3987_syntax`` when it is
  installed and builds about forty parser grammars for the ``iri`` string format: 1.1 s in each
  new process (the main process, each worker). No notebook or nbgrader schema uses that format.
- nbgrader checks each cell's metadata with ``jsonschema.validate``, which checks the schema
  itself again on every call: about 0.1 s a notebook, three times per submission.
- nbconvert validates the whole notebook after each preprocessor (twelve times per submission);
  its own ``optimistic_validation`` setting validates once, after the last one.
- nbgrader opens a ``Gradebook`` about seven times per submission (registering it, overwriting
  cells, saving grades, late penalties), and each one builds a new SQLAlchemy engine, asks sqlite
  whether each of its thirteen tables exists, and compiles every query again: a fifth of the main
  process's time. Within ``shared_gradebook_engines`` they share one engine per database.
- traitlets sets an application's logger to DEBUG and filters in its handler: every debug line
  nbclient and nbgrader write (several per kernel message) built a log record, with a walk up the
  stack, only to be dropped. ``log_only_what_is_shown`` gives the logger its handlers' level.
- nbconvert's notebook exporter writes JSON with ``indent=1``, which Python's ``json`` can only do
  in pure Python: 15% of a worker's time went to the two notebooks it hands on (the sanitized
  file, the executed notebook for the main process), which only the grader reads again. The
  main process writes the final file as nbgrader does (``compact_exporter``).
- nbclient checks each output of a cell against the notebook schema as it arrives, and nbformat
  does a check against part of its schema with ``jsonschema`` (it uses the compiled
  ``fastjsonschema`` for whole notebooks only): 6% of a worker's time. ``check_outputs_compiled``
  uses ``fastjsonschema`` for parts too; an output it rejects is checked again by nbformat's own
  code, which raises the same error as before.
- nbgrader's ``OverwriteCells`` asks the gradebook for each graded cell's source, one query per
  cell and per submission, from a worker's snapshot that never changes (``remember_source_cells``).
- nbgrader's ``SaveAutoGrades`` looks up each graded cell's grade and comment with a query of six
  joins and commits after each: 40% of the main process's time. ``save_auto_grades_at_once``
  reads the submission's grades and comments in four queries and commits once.
- A process's garbage collector walks every object its imports built at each full collection,
  although those objects live as long as the process (a worker: nbgrader, SQLAlchemy, nbconvert;
  the zygote: what every kernel imports, which each forked kernel would walk and copy again).
- ipykernel waits twice after each cell before it replies: it sleeps half a millisecond (a
  mitigation for front ends that lost output), and each of its four ``flush()`` calls on stdout and
  stderr hands a flush to its output thread and waits for it, even when nothing was printed. A
  trivial cell took 4.4 ms of wall time and 3.3 ms of processor time; ``answer_without_waiting``
  skips the sleep and the flushes of empty streams: 3.1 ms and 2.5 ms. Output still arrives in the
  same order and before the kernel says it is idle (a flush with something to send still waits).
- Every grading kernel, forked or fresh, keeps the large blocks it frees (``execute.KERNEL_MALLOC``):
  with glibc's defaults each one went back to the system and the next came back one page fault
  per 4 KiB, a tenth of the image lab's cells' time. glibc reads those settings when a program
  starts; ``malloc_as_in_environment`` gives them to a kernel forked from the zygote.

All are pure costs: the same checks run, with the same results and the same errors (an invalid
notebook still fails validation, once), and the final notebooks are written as nbgrader writes them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any


def skip_iri_grammar() -> None:
    """Make ``jsonschema`` skip its optional ``iri`` format checker (call before it is imported).

    jsonschema imports ``rfc3987_syntax`` inside ``suppress(ImportError)``: without it, an ``iri``
    string is simply not format-checked, as on a machine where the package is not installed.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError


class _CachedJsonschema:
    """Stands in for the ``jsonschema`` module inside ``nbgrader.nbgraderformat.common``."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def validate(self, instance: Any, schema: dict, cls: Any = None, *args: Any, **kwargs: Any) -> None:
        """``jsonschema.validate`` with the schema checked once, not on every call."""
        if cls is not None or args or kwargs:
            return self._module.validate(instance, schema, cls, *args, **kwargs)
        validator = _validator(schema)
        error = self._module.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error
        return None


_VALIDATORS: dict[int, tuple[Any, Any]] = {}  # id(schema) -> (schema, its validator)


def _validator(schema: Any) -> Any:
    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:  # the schema itself is kept, so its id stays its own
        return cached[1]
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


def cache_nbgrader_schema_checks() -> None:
    """Let nbgrader's cell-metadata check reuse one validator per schema."""
    import jsonschema
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _CachedJsonschema):
        common.jsonschema = _CachedJsonschema(jsonschema)


def validate_once(exporter: Any) -> None:
    """Validate the notebook after the last preprocessor only, not after each one."""
    exporter.optimistic_validation = True


def freeze_startup_objects() -> None:
    """Leave what this process built at start-up out of later full garbage collections (the gc
    docs' advice before a fork without exec, too)."""
    import gc

    gc.collect()
    gc.freeze()


def answer_without_waiting(app: Any) -> None:
    """Let a grading kernel (``app``, an initialised ``IPKernelApp``) reply to a cell without
    ipykernel's idle waits: no sleep before the reply, no wait on a flush with nothing to send.

    Both waits are for front ends; nbclient takes a cell's outputs until the kernel says it is
    idle, and that message leaves through the same output thread, after every output before it.
    A flush of a stream with output pending still waits, so outputs keep their order. What this
    ipykernel does not have (another version) is left as it is.
    """
    kernel = getattr(app, "kernel", None)
    if isinstance(getattr(kernel, "_execute_sleep", None), float):
        kernel._execute_sleep = 0.0
    for stream in (sys.stdout, sys.stderr):
        _skip_empty_flushes(stream)


# glibc's malloc settings read from the environment when a program starts, and mallopt's names
MALLOPT = {"MALLOC_TRIM_THRESHOLD_": -1, "MALLOC_TOP_PAD_": -2, "MALLOC_MMAP_THRESHOLD_": -3}


def malloc_as_in_environment() -> None:
    """Give this running process the glibc malloc settings of its environment (``MALLOC_*_``),
    which glibc reads only when a program starts: for a kernel forked from the zygote, whose
    environment is the kernel's but whose malloc started as the zygote's. Elsewhere (no glibc):
    nothing."""
    import ctypes
    import os

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    for name, option in MALLOPT.items():
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) < 2**31:
            mallopt(option, int(value))


def _skip_empty_flushes(stream: Any) -> None:
    try:
        from ipykernel.iostream import OutStream
    except ImportError:
        return
    if not isinstance(stream, OutStream) or getattr(stream, "echo", True) is not None:
        return
    if not isinstance(getattr(stream, "_flush_pending", None), bool):
        return
    waiting_flush = stream.flush

    def flush() -> None:
        # False only when every write has been taken by a flush already done or running on the
        # output thread, which sends it before anything scheduled after this call.
        if stream._flush_pending or not stream._is_master_process():
            waiting_flush()

    stream.flush = flush


def log_only_what_is_shown(logger: Any) -> None:
    """Let ``logger`` drop at once what none of its handlers would show."""
    import logging

    levels = [h.level for h in getattr(logger, "handlers", [])]
    if levels and logger.propagate is False and min(levels) > logging.NOTSET:
        logger.setLevel(max(logger.level, min(levels)))


@contextlib.contextmanager
def shared_gradebook_engines() -> Iterator[None]:
    """While the block runs, every nbgrader ``Gradebook`` on one database URL uses one engine.

    The first one is made by nbgrader's own ``__init__`` (engine, tables, course); the others take
    its engine, and so its pooled connection and compiled queries, and still check the course as
    nbgrader does. Each keeps its own session, closed as before. The engines are disposed of, and
    ``Gradebook`` is restored, when the block ends: only the fast command's own processes use it.
    """
    from nbgrader import api
    from sqlalchemy.orm import scoped_session, sessionmaker

    original_init, original_close = api.Gradebook.__init__, api.Gradebook.close
    engines: dict[str, Any] = {}

    def init(self: Any, db_url: str, course_id: str = "default_course", authenticator: Any = None) -> None:
        engine = engines.get(db_url)
        if engine is None:
            original_init(self, db_url, course_id, authenticator)
            engines[db_url] = self.engine
            return
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    def close(self: Any) -> None:
        if any(self.engine is engine for engine in engines.values()):
            self.db.remove()  # the engine stays, for the next Gradebook
        else:
            original_close(self)

    api.Gradebook.__init__, api.Gradebook.close = init, close  # type: ignore[method-assign]
    try:
        yield
    finally:
        api.Gradebook.__init__, api.Gradebook.close = original_init, original_close  # type: ignore[method-assign]
        for engine in engines.values():
            engine.dispose()


def compact_exporter(base: type) -> type:
    """``base`` (a notebook exporter), but writing its notebooks as compact JSON with the C encoder.

    For notebooks only the grader reads again (``JSONReader`` reads both forms alike): the same
    content as ``nbformat.writes`` gives, without the indentation, the copy it makes and the
    second validation (it only logs; the exporter has already validated).
    """
    from nbconvert.exporters import NotebookExporter

    class CompactNotebookExporter(base):  # type: ignore[misc, valid-type]
        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
            import json

            from nbformat.v4.nbjson import BytesEncoder
            from nbformat.v4.rwbase import strip_transient

            if nb.get("nbformat") != self.nbformat_version:  # a conversion: nbformat's own path
                return super().from_notebook_node(nb, resources, **kw)
            nb_copy, resources = super(NotebookExporter, self).from_notebook_node(nb, resources, **kw)
            resources["output_suffix"] = ".nbconvert"
            text = json.dumps(strip_transient(nb_copy), cls=BytesEncoder, sort_keys=True, ensure_ascii=False,
                              separators=(",", ":"))
            return text + "\n", resources

    CompactNotebookExporter.__name__ = CompactNotebookExporter.__qualname__ = f"Compact{base.__name__}"
    return CompactNotebookExporter


@contextlib.contextmanager
def remember_source_cells() -> Iterator[None]:
    """While the block runs, ``Gradebook.find_source_cell`` and ``find_graded_cell`` answer each
    question once per database: for a gradebook that does not change meanwhile (a worker's
    snapshot). The answers are detached copies of the rows' columns; a missing cell raises
    ``MissingEntry`` every time, as before."""
    from nbgrader import api
    from sqlalchemy import inspect

    originals = {name: getattr(api.Gradebook, name) for name in ("find_source_cell", "find_graded_cell")}
    answers: dict[tuple, Any] = {}

    def remembering(name: str) -> Any:
        original = originals[name]

        def find(self: Any, cell: str, notebook: str, assignment: str) -> Any:
            key = (name, str(self.engine.url), self.course_id, cell, notebook, assignment)
            if key not in answers:
                try:
                    row = original(self, cell, notebook, assignment)
                except api.MissingEntry:
                    answers[key] = None
                else:
                    answers[key] = _columns(row, inspect)
            answer = answers[key]
            if answer is None:
                raise api.MissingEntry()
            return answer

        return find

    for name in originals:
        setattr(api.Gradebook, name, remembering(name))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(api.Gradebook, name, original)


def _columns(row: Any, inspect: Any) -> Any:
    import types

    return types.SimpleNamespace(**{c.key: getattr(row, c.key) for c in inspect(row).mapper.column_attrs})


def check_outputs_compiled() -> None:
    """Let ``nbformat.v4.nbbase.validate`` (each new output, each new cell) check a part of the
    schema with ``fastjsonschema``, compiled once per part; what it rejects goes to the original."""
    from nbformat.v4 import nbbase

    if not getattr(nbbase.validate, "_omlab_compiled", False):
        nbbase.validate = compiled_part_checks(nbbase.validate)


def compiled_part_checks(original: Any) -> Any:
    """``original`` (nbformat's ``validate(node, ref)``), trying a compiled check first."""
    compiled: dict[str, Any] = {}

    def validate(node: Any, ref: str | None = None) -> Any:
        if ref is not None:
            check = compiled.get(ref) or compiled.setdefault(ref, _compile_part(ref))
            try:
                check(node)
            except Exception:  # noqa: BLE001 - nbformat's own check says what is wrong
                return original(node, ref=ref)
            return None
        return original(node, ref=ref)

    validate._omlab_compiled = True  # type: ignore[attr-defined]
    return validate


def _compile_part(ref: str) -> Any:
    """``fastjsonschema``'s check of ``#/definitions/<ref>`` in the schema nbformat uses for v4."""
    import fastjsonschema
    from nbformat import v4
    from nbformat.validator import _get_schema_json

    schema = _get_schema_json(v4, version=4, version_minor=v4.nbformat_minor)
    return fastjsonschema.compile({"$schema": schema.get("$schema"), "definitions": schema["definitions"],
                                   "$ref": f"#/definitions/{ref}"})


_SAVE_AT_ONCE: list[type] = []


def save_auto_grades_at_once() -> type:
    """nbgrader's ``SaveAutoGrades``, reading the notebook's grades and comments at once and
    committing once; the same rows get the same values (``_add_score`` and ``_add_comment`` are
    nbgrader's, without the commit)."""
    if _SAVE_AT_ONCE:
        return _SAVE_AT_ONCE[0]
    from nbgrader import utils
    from nbgrader.api import Comment, Grade, Gradebook, GradeCell, SolutionCell, TaskCell
    from nbgrader.preprocessors import SaveAutoGrades

    class SaveAutoGradesAtOnce(SaveAutoGrades):
        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            self.notebook_id = resources["nbgrader"]["notebook"]
            self.assignment_id = resources["nbgrader"]["assignment"]
            self.student_id = resources["nbgrader"]["student"]
            self.db_url = resources["nbgrader"]["db_url"]
            self.gradebook = Gradebook(self.db_url)
            with self.gradebook:
                db = self.gradebook.db
                submitted = self.gradebook.find_submission_notebook(self.notebook_id, self.assignment_id,
                                                                    self.student_id).id

                def by_name(model: Any, *cells: Any) -> dict[str, Any]:
                    found: dict[str, Any] = {}
                    for cell in cells:  # in nbgrader's order: a grade cell before a task cell
                        rows = db.query(model, cell.name).join(cell, cell.id == model.cell_id) \
                            .filter(model.notebook_id == submitted)
                        for row, name in rows:
                            found.setdefault(name, row)
                    return found

                self._grades = by_name(Grade, GradeCell, TaskCell)
                self._comments = by_name(Comment, SolutionCell, TaskCell)
                nb, resources = super(SaveAutoGrades, self).preprocess(nb, resources)
                db.commit()
            return nb, resources

        def _grade_id(self, cell: Any) -> str:
            return cell.metadata["nbgrader"]["grade_id"]

        def _add_score(self, cell: Any, resources: Any) -> None:
            grade = self._grades.get(self._grade_id(cell)) or self.gradebook.find_grade(
                self._grade_id(cell), self.notebook_id, self.assignment_id, self.student_id)
            auto_score, _ = utils.determine_grade(cell, self.log)
            grade.auto_score = auto_score
            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None

        def _add_comment(self, cell: Any, resources: Any) -> None:
            comment = self._comments.get(self._grade_id(cell)) or self.gradebook.find_comment(
                self._grade_id(cell), self.notebook_id, self.assignment_id, self.student_id)
            if cell.metadata.nbgrader.get("checksum", None) == utils.compute_checksum(cell) \
                    and not utils.is_task(cell):
                comment.auto_comment = "No response."
            else:
                comment.auto_comment = None

    _SAVE_AT_ONCE.append(SaveAutoGradesAtOnce)
    return SaveAutoGradesAtOnce
