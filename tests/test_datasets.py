"""Every dataset has a datasheet that says what it is, how it was made and its licence."""

from __future__ import annotations

import re

import pytest
from course import ROOT

DATASETS = sorted(p for p in (ROOT / "datasets").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_datasheet_has_what_how_licence(folder):
    sheet = folder / "DATASHEET.md"
    assert sheet.is_file(), f"{folder.name} has no DATASHEET.md"
    headings = [h.lower() for h in re.findall(r"^##\s+(.+)$", sheet.read_text(), re.M)]
    for needed in ("what", "how", "licen"):
        assert any(needed in h for h in headings), f"{folder.name}/DATASHEET.md lacks a '{needed}…' section"


def test_no_real_data_in_the_project():
    """Files from ../shared/realdata must never be committed (they are someone else's data)."""
    import hashlib

    shared = ROOT.parent / "shared" / "realdata"
    if not shared.is_dir():
        pytest.skip("../shared/realdata is not here")
    theirs = {hashlib.sha256(p.read_bytes()).hexdigest() for p in shared.rglob("*") if p.is_file() and p.stat().st_size}
    ours = [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts
            and not {"_build", "node_modules", "_nbgrader", "workspace"} & set(p.parts) and p.stat().st_size < 50_000_000]
    copies = [str(p.relative_to(ROOT)) for p in ours if hashlib.sha256(p.read_bytes()).hexdigest() in theirs]
    assert not copies, f"copies of ../shared/realdata in the project: {copies}"
