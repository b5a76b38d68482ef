"""Start-up and per-notebook costs the fast command avoids, without changing what nbgrader does.

Measured with cProfile on the fast command (``benchmarks/autograde.py``, 2 cores):

- ``import nbformat`` imports ``jsonschema``, which imports ``rfc3987_syntax`` when it is
  installed and builds about forty parser grammars for the ``iri`` string format: 1.1 s in each
  new process (the main process, each worker). No notebook or nbgrader schema uses that format.
- nbgrader checks each cell's metadata with ``jsonschema.validate``, which checks the schema
  itself again on every call: about 0.1 s a notebook, three times per submission.
- nbconvert validates the whole notebook after each preprocessor (twelve times per submission);
  its own ``optimistic_validation`` setting validates once, after the last one.
- A process's garbage collector walks every object its imports built at each full collection,
  although those objects live as long as the process (a worker: nbgrader, SQLAlchemy, nbconvert;
  the zygote: what every kernel imports, which each forked kernel would walk and copy again).

All are pure costs: the same checks run, with the same results and the same errors (an invalid
notebook still fails validation, once).
"""

from __future__ import annotations

import sys
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
