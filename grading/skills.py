"""Skills report (being written)."""

from __future__ import annotations


def add_command(sub) -> None:
    """Register ``python -m grading skills`` (called by grading/__main__.py)."""
