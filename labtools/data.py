"""Find a lab's data wherever the notebook runs: the repository, a released lab folder, a
learner's workspace, Binder or Colab."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .messages import say

REPO_ROOT = Path(__file__).resolve().parents[1]


def data_dir(name: str) -> Path:
    """The folder of dataset ``name``.

    Looks, in order: ``$OMLAB_DATA/<name>``, ``./data/<name>``, ``./data`` when it is that
    dataset, ``datasets/<name>`` in this folder or a parent, then the course repository.
    """
    here = Path.cwd()
    candidates = []
    if os.environ.get("OMLAB_DATA"):
        candidates.append(Path(os.environ["OMLAB_DATA"]) / name)
    candidates.append(here / "data" / name)
    candidates += [folder / "datasets" / name for folder in (here, *here.parents)]
    candidates.append(REPO_ROOT / "datasets" / name)
    for folder in candidates:
        if (folder / "DATASHEET.md").is_file():
            return folder
    raise FileNotFoundError(say("data.missing", name=name))


def data_file(name: str, filename: str) -> Path:
    path = data_dir(name) / filename
    if not path.is_file():
        raise FileNotFoundError(say("data.file_missing", name=name, file=filename))
    return path


def require_columns(table: object, columns: list[str], what: str = "data") -> pd.DataFrame:
    """Stop with a clear message when ``table`` is not a non-empty DataFrame with ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(say("input.not_a_table", kind=type(table).__name__))
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            say(
                "input.missing_columns",
                what=what,
                missing=", ".join(repr(c) for c in missing),
                present=", ".join(map(str, table.columns)) or "no columns",
            )
        )
    if table.empty:
        raise ValueError(say("input.empty_table", what=what))
    return table
