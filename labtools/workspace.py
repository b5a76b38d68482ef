"""Keep a self-study learner's workspace up to date without ever losing their work.

    python -m labtools.workspace SOURCE WORKSPACE

``SOURCE`` holds one folder per lab with its learner version and data (``_nbgrader/release``).
A file is copied when the workspace lacks it, and replaced only when the learner has not changed
it since it was copied (its bytes equal the copy we recorded). A file the learner changed is left
byte for byte; the new version is saved beside it, and the learner is told.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
from pathlib import Path

from .messages import say

MANIFEST = ".omlab-workspace.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _beside(path: Path, today: dt.date) -> Path:
    """Where the new version of a changed file goes: ``name (new version 2026-11-21).ext``."""
    return path.with_name(f"{path.stem} (new version {today.isoformat()}){path.suffix}")


def sync(source: Path, workspace: Path, today: dt.date | None = None) -> list[str]:
    """Bring ``workspace`` up to date with ``source``; return what was done, in plain words."""
    today = today or dt.date.today()
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    copied: dict[str, str] = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    messages: list[str] = []
    labs = sorted(p for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    for lab in labs:
        new_lab = not (workspace / lab.name).exists()
        for src in sorted(p for p in lab.rglob("*") if p.is_file()):
            rel = src.relative_to(source).as_posix()
            dst = workspace / rel
            new_hash = _sha(src)
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
                copied[rel] = new_hash
                continue
            current = _sha(dst)
            if current == new_hash:
                copied[rel] = new_hash
            elif copied.get(rel) == current:  # untouched since we copied it: safe to update
                shutil.copy2(src, dst)
                copied[rel] = new_hash
                messages.append(say("workspace.updated", path=rel))
            else:  # the learner's own work: never overwrite it
                beside = _beside(dst, today)
                if not beside.exists() or _sha(beside) != new_hash:
                    shutil.copy2(src, beside)
                    messages.append(say("workspace.kept", path=rel, new=beside.name))
        if new_lab:
            notebook = workspace / lab.name / f"{lab.name}.ipynb"
            messages.append(say("workspace.added", lab=lab.name, path=notebook))
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(copied, indent=1, sort_keys=True))
    tmp.replace(manifest_path)
    messages.append(say("workspace.up_to_date", count=len(labs), path=workspace))
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labtools.workspace", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with one folder per lab (learner versions)")
    parser.add_argument("workspace", type=Path, help="the learner's workspace folder")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"There are no learner versions in {args.source}. Run `make learner` first.", file=sys.stderr)
        return 1
    for line in sync(args.source, args.workspace):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
