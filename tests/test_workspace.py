"""Self-study: `make lab` adds new labs and never overwrites a learner's changed notebook."""

from __future__ import annotations

import datetime as dt

from labtools.workspace import MANIFEST, sync

TODAY = dt.date(2026, 11, 21)


def release_tree(root, version: str):
    (root / "kpi_analysis" / "data").mkdir(parents=True, exist_ok=True)
    (root / "kpi_analysis" / "kpi_analysis.ipynb").write_text(f'{{"version": "{version}"}}')
    (root / "kpi_analysis" / "data" / "a.csv").write_text(f"x\n{version}\n")
    return root


def test_first_sync_copies_every_lab(tmp_path):
    source = release_tree(tmp_path / "release", "1")
    messages = sync(source, tmp_path / "ws", TODAY)
    assert (tmp_path / "ws" / "kpi_analysis" / "kpi_analysis.ipynb").read_text() == '{"version": "1"}'
    assert (tmp_path / "ws" / MANIFEST).is_file()
    assert any("Added the lab 'kpi_analysis'" in m for m in messages)


def test_unchanged_notebook_is_updated(tmp_path):
    source = release_tree(tmp_path / "release", "1")
    sync(source, tmp_path / "ws", TODAY)
    release_tree(source, "2")
    messages = sync(source, tmp_path / "ws", TODAY)
    assert (tmp_path / "ws" / "kpi_analysis" / "kpi_analysis.ipynb").read_text() == '{"version": "2"}'
    assert any("Updated" in m for m in messages)


def test_changed_notebook_is_kept_byte_for_byte_and_new_version_saved_beside(tmp_path):
    source = release_tree(tmp_path / "release", "1")
    ws = tmp_path / "ws"
    sync(source, ws, TODAY)
    mine = ws / "kpi_analysis" / "kpi_analysis.ipynb"
    work = b'{"version": "1", "my answers": "\xc3\xa9t\xc3\xa9"}\n'
    mine.write_bytes(work)
    release_tree(source, "2")
    messages = sync(source, ws, TODAY)
    assert mine.read_bytes() == work
    beside = ws / "kpi_analysis" / "kpi_analysis (new version 2026-11-21).ipynb"
    assert beside.read_text() == '{"version": "2"}'
    assert any("left exactly as it is" in m and beside.name in m for m in messages)
    # Running again changes nothing and says nothing new about the kept file.
    again = sync(source, ws, TODAY)
    assert mine.read_bytes() == work
    assert not any("left exactly" in m for m in again)


def test_file_that_was_not_ours_is_never_overwritten(tmp_path):
    source = release_tree(tmp_path / "release", "1")
    ws = tmp_path / "ws"
    (ws / "kpi_analysis").mkdir(parents=True)
    (ws / "kpi_analysis" / "kpi_analysis.ipynb").write_text("learner's own file")
    sync(source, ws, TODAY)
    assert (ws / "kpi_analysis" / "kpi_analysis.ipynb").read_text() == "learner's own file"


def test_new_lab_added_on_update(tmp_path):
    source = release_tree(tmp_path / "release", "1")
    sync(source, tmp_path / "ws", TODAY)
    (source / "seo_checks").mkdir()
    (source / "seo_checks" / "seo_checks.ipynb").write_text("{}")
    messages = sync(source, tmp_path / "ws", TODAY)
    assert (tmp_path / "ws" / "seo_checks" / "seo_checks.ipynb").is_file()
    assert any("seo_checks" in m for m in messages)
