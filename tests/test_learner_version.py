"""The learner version of every lab holds no solution and no hidden test, and the committed book
page is exactly what `python -m grading release` derives from the source."""

from __future__ import annotations

import re
import subprocess

import nbformat
import pytest
from course import ROOT, labs, make_course, release, source_path

BEGIN_END = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)(.*?)### END \1", re.S)


def secret_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Lines of solutions and hidden tests long enough to be recognisable."""
    lines = set()
    for cell in nb.cells:
        for match in BEGIN_END.finditer(cell.source):
            for line in match.group(2).splitlines():
                text = line.strip()
                if len(text) >= 12 and not text.startswith("#") and text not in {"return rated", "### END SOLUTION"}:
                    lines.add(text)
    return lines


@pytest.fixture(scope="module", params=labs())
def versions(request, tmp_path_factory):
    lab = request.param
    root = make_course(tmp_path_factory.mktemp(lab), lab)
    source = nbformat.read(source_path(lab), as_version=4)
    learner = release(root, lab)
    book = nbformat.read(ROOT / "book" / "labs" / f"{lab}.ipynb", as_version=4)
    return lab, source, learner, book


def test_source_has_solutions_and_hidden_tests(versions):
    lab, source, _, _ = versions
    text = "\n".join(c.source for c in source.cells)
    assert "### BEGIN SOLUTION" in text and "### BEGIN HIDDEN TESTS" in text, lab
    assert secret_lines(source), f"{lab}: no solution or hidden test lines found"


@pytest.mark.parametrize("which", ["learner", "book"])
def test_no_solution_or_hidden_test_leaks(versions, which):
    lab, source, learner, book = versions
    nb = learner if which == "learner" else book
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    # A line may legitimately appear in both (e.g. a visible example repeated); none may leak
    # unless it is also visible in the source outside the secret regions.
    visible = "\n".join(BEGIN_END.sub("", c.source) for c in source.cells)
    leaked = [line for line in secret_lines(source) if line in text and line not in visible]
    assert not leaked, f"{lab} {which} version shows secret lines: {leaked[:5]}"


def test_source_is_committed_without_outputs(versions):
    lab, source, _, book = versions
    for nb in (source, book):
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{lab}: {cell.get('id')} has outputs"


def test_book_page_is_the_derived_learner_version(versions):
    lab, _, learner, book = versions
    book_cells = [c for c in book.cells if c.get("id") != "open-this-lab"]
    assert [c.source for c in book_cells] == [c.source for c in learner.cells], (
        f"book/labs/{lab}.ipynb is not the learner version: run `python -m grading release {lab}`"
    )
    launch = [c for c in book.cells if c.get("id") == "open-this-lab"]
    assert launch, f"book/labs/{lab}.ipynb has no launch links"
    for what in ("git-pull?repo=", "mybinder.org/v2/gh/", "colab.research.google.com/github/", f"downloads/{lab}.zip"):
        assert what in launch[0].source, f"{lab}: launch links lack {what}"


def test_committed_book_page_matches_the_command(versions):
    """In a checkout, `make learner` rewrote the page; it must equal the committed one."""
    lab = versions[0]
    page = f"book/labs/{lab}.ipynb"
    committed = subprocess.run(["git", "show", f"HEAD:{page}"], cwd=ROOT, capture_output=True)
    if committed.returncode != 0:
        pytest.skip(f"{page} is not committed yet (or this is not a git checkout)")
    assert committed.stdout == (ROOT / page).read_bytes(), (
        f"{page} differs from what `python -m grading release {lab}` derives from the source: "
        "run it and commit the result; never edit the page by hand"
    )


def test_download_zip_runs_anywhere(versions):
    """The zip holds the learner version, its data and the labtools package."""
    import zipfile

    lab = versions[0]
    archive = ROOT / "book" / "labs" / "downloads" / f"{lab}.zip"
    if not archive.is_file():
        pytest.skip("run `make learner` first")
    names = set(zipfile.ZipFile(archive).namelist())
    assert f"{lab}/{lab}.ipynb" in names
    assert f"{lab}/labtools/__init__.py" in names and f"{lab}/labtools/checks.py" in names
    datasets = {n.split("/")[2] for n in names if n.startswith(f"{lab}/data/")}
    assert datasets, f"{lab}.zip has no data folder"
    for name in datasets:
        assert f"{lab}/data/{name}/DATASHEET.md" in names
    assert not any("wrong_answers" in n or "generate.py" in n for n in names)
