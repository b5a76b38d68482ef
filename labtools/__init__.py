"""Helpers the Open Museums Lab notebooks import: data, self-checks and accessible charts.

``data_dir``, ``data_file`` and ``require_columns`` (pandas) and ``show_chart`` are imported when
first used: the grader imports ``labtools.checks`` in every grading process, and pandas would add
about 0.3 s to each.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .checks import check, expect
from .messages import say

_LATER = {"data_dir": "data", "data_file": "data", "require_columns": "data", "show_chart": "figures"}

__all__ = [
    "check",
    "data_dir",
    "data_file",
    "expect",
    "require_columns",
    "say",
    "show_chart",
]


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module 'labtools' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LATER})
