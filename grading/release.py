"""Derive every learner-facing copy of a lab from its one nbgrader source notebook.

    labs/<lab>/<lab>.ipynb  (source: solutions and hidden tests; authors edit only this)
      -> _nbgrader/release/<lab>/          learner version + data/, for the hub and self-study
      -> book/labs/<lab>.ipynb             learner version + "open this lab" links, for the book
      -> book/labs/downloads/<lab>.zip     the release folder, for download
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from copy import deepcopy
from pathlib import Path
from urllib.parse import quote

import nbformat
import yaml

from .config import WORK

ROOT = Path(__file__).resolve().parents[1]
DATA_SKIP = {"generate.py", "__pycache__"}


def labs(root: Path = ROOT) -> list[str]:
    """The labs, in lesson order: every labs/<lab>/<lab>.ipynb."""
    found = [p.parent.name for p in sorted((root / "labs").glob("*/*.ipynb"))
             if p.stem == p.parent.name]
    return sorted(found, key=lambda lab: (lab_meta(lab, root).get("lesson", 99), lab))


def lab_meta(lab: str, root: Path = ROOT) -> dict:
    nb = nbformat.read(root / "labs" / lab / f"{lab}.ipynb", as_version=4)
    return dict(nb.metadata.get("omlab", {}))


def book_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text())


def generate_learner_version(lab: str, root: Path = ROOT) -> Path:
    """Run ``nbgrader generate_assignment`` with the course configuration; return the folder."""
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", lab, "--force", "--log-level=WARN"],
        cwd=root, capture_output=True, text=True, env=tool_env(),
    )
    release = root / WORK / "release" / lab
    if result.returncode != 0 or not (release / f"{lab}.ipynb").is_file():
        raise RuntimeError(f"nbgrader could not make the learner version of {lab}:\n{result.stderr}")
    for name in lab_meta(lab, root).get("datasets", []):
        copy_dataset(root / "datasets" / name, release / "data" / name)
    return release


def tool_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: this Python's scripts (alembic) come first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def copy_dataset(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=lambda _dir, names: [n for n in names if n in DATA_SKIP])


def launch_links(lab: str, config: dict) -> dict[str, str]:
    """The URLs that open the lab on a JupyterHub (nbgitpuller), Binder and Colab."""
    repo = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    org_repo = repo.split("github.com/")[-1]
    repo_name = org_repo.split("/")[-1]
    course = config.get("course", {})
    hub = course.get("jupyterhub_url", "").rstrip("/")
    learner_branch = course.get("learner_branch", "learner")
    page = f"book/labs/{lab}.ipynb"
    buttons = config.get("launch_buttons", {})
    links = {
        "hub": (f"{hub}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
                f"&branch={learner_branch}"
                f"&urlpath={quote(f'lab/tree/{repo_name}/{lab}/{lab}.ipynb', safe='')}"),
        "binder": (f"{buttons.get('binderhub_url', 'https://mybinder.org').rstrip('/')}/v2/gh/"
                   f"{org_repo}/{branch}?urlpath={quote(f'lab/tree/{page}', safe='')}"),
        "colab": (f"{buttons.get('colab_url', 'https://colab.research.google.com').rstrip('/')}"
                  f"/github/{org_repo}/blob/{branch}/{page}"),
    }
    return links


def launch_cell(lab: str, config: dict) -> nbformat.NotebookNode:
    links = launch_links(lab, config)
    text = f"""```{{admonition}} How to open this lab
:class: tip

Choose the way that suits you. Each opens the same notebook.

- **On your course's JupyterHub** (if your trainer runs one): [open the lab on the course hub]({links['hub']}).
  Your work is saved on the hub; opening the link again never overwrites it.
- **On Binder** (free, no account; your work is lost when you close the tab, so download it):
  [open the lab on Binder]({links['binder']}).
- **On Google Colab** (needs a Google account): [open the lab in Colab]({links['colab']}).
  Run the cell marked "Only on Google Colab" first.
- **On your own computer**: {{download}}`download the lab with its data (zip) <downloads/{lab}.zip>`,
  unzip it and open the notebook in JupyterLab; or clone the course and run `make lab`
  (see {{doc}}`../how-to-follow`). You can also {{download}}`download the notebook only <{lab}.ipynb>`
  to upload it to a Jupyter service you already use (it then needs the course's data and tools).
```"""
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = "open-this-lab"
    return cell


def book_page(lab: str, release: Path, root: Path = ROOT) -> Path:
    """The book's page for the lab: the learner version with launch links after its title."""
    nb = nbformat.read(release / f"{lab}.ipynb", as_version=4)
    nb = deepcopy(nb)
    nb.cells.insert(1, launch_cell(lab, book_config(root)))
    target = root / "book" / "labs" / f"{lab}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def download_zip(lab: str, release: Path, root: Path = ROOT) -> Path:
    target = root / "book" / "labs" / "downloads" / f"{lab}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    # The lab folder plus the labtools package, so the notebook runs anywhere once unzipped.
    files = [(path, Path(lab) / path.relative_to(release)) for path in sorted(release.rglob("*"))]
    tools = root / "labtools"
    files += [(path, Path(lab) / "labtools" / path.relative_to(tools)) for path in sorted(tools.glob("*.py"))]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, name in files:
            if path.is_file():
                info = zipfile.ZipInfo(str(name), (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return target


def release(lab: str, root: Path = ROOT) -> dict[str, Path]:
    folder = generate_learner_version(lab, root)
    return {"release": folder, "page": book_page(lab, folder, root), "zip": download_zip(lab, folder, root)}
