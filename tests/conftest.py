"""Test-suite wide settings."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each module's tests on one xdist worker (`pytest -n 2 --dist loadgroup`).

    Many modules build an expensive module-scoped fixture (an nbgrader batch, a built course);
    grouping by module builds it once. Tests that carry their own group (one per lab's grading
    batch) keep it, so the labs spread over the workers.
    """
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
