"""The reference records of a lab: what its solution returns for every hidden check.

They are computed by running the nbgrader *source* notebook (which holds the solutions) once, in
the grader's own process tree, and cached by a hash of everything they depend on. They never
enter a learner's kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from labtools.checks import RECORD_MIME
from labtools.compare import matches, raised

LABTOOLS = Path(__file__).resolve().parents[1] / "labtools"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"


class AuthoringError(RuntimeError):
    """The source notebook breaks the grading convention (see AUTHORING.md)."""


def records_in(outputs: list[dict]) -> dict[str, dict]:
    """The check records among a cell's outputs, by label (the last one of a label wins)."""
    found: dict[str, dict] = {}
    for output in outputs:
        data = output.get("data") or {}
        record = data.get(RECORD_MIME) if output.get("output_type") == "display_data" else None
        if isinstance(record, dict) and isinstance(record.get("label"), str):
            found[record["label"]] = json.loads(json.dumps(record))  # plain JSON, no NotebookNode
    return found


def grade_id(cell: dict) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution") and cell.get("cell_type") == "code":
        return meta.get("grade_id")
    return None


# Bump when the way reference records are made changes (the cache is keyed by this too).
RECORDS_VERSION = "sealed-2"


def source_hash(source: Path) -> str:
    digest = hashlib.sha256(RECORDS_VERSION.encode())
    digest.update(source.read_bytes())
    for folder in (LABTOOLS, DATASETS):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class _ReferenceClient(NotebookClient):
    """nbclient, waiting for the kernel's messages in short slices: a lost wake-up once stalled a
    cohort run here for minutes (``grading.execute.sliced_waits``)."""

    async def async_start_new_kernel_client(self) -> Any:
        from .execute import sliced_waits

        kc = await super().async_start_new_kernel_client()
        sliced_waits(kc.shell_channel)
        sliced_waits(kc.iopub_channel)
        return kc


def compute(source: Path, timeout: int = 600) -> dict[str, Any]:
    """Run the source notebook in a scratch copy of its folder and collect its records.

    The hidden checks are sealed exactly as when a learner's notebook is graded
    (``grading.plugins.SealChecks``), so a check the grader would not accept fails here first.
    """
    import secrets

    from .plugins import HIDDEN_BEGIN, seal_source

    nb = nbformat.read(source, as_version=4)
    seal = secrets.token_hex(16)
    for cell in nb.cells:
        if grade_id(cell) is not None and HIDDEN_BEGIN in cell.source:
            cell.source = seal_source(cell.source, seal)
    with tempfile.TemporaryDirectory(prefix="omlab-reference-") as tmp:
        work = Path(tmp) / source.parent.name
        shutil.copytree(source.parent, work)
        client = _ReferenceClient(nb, timeout=timeout, kernel_name="python3",
                                  resources={"metadata": {"path": str(work)}})
        env = dict(os.environ)  # the grader's own labtools, as in the learners' kernels
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(LABTOOLS.parent), env.get("PYTHONPATH", "")]))
        client.execute(env=env)
    checks: dict[str, list[dict]] = {}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise AuthoringError(
                    f"{source}: the reference solution fails in cell {gid!r}: "
                    f"{output.get('ename')}: {output.get('evalue')}"
                )
        found = records_in(cell.get("outputs", []))
        unsealed = [label for label, r in found.items() if r.get("seal") != seal]
        if unsealed:
            raise AuthoringError(
                f"{source}: cell {gid!r}: the checks {unsealed} were not recorded by a plain "
                "check(...) call in the hidden region, so the grader would ignore them."
            )
        records = [{k: v for k, v in r.items() if k != "seal"} for r in found.values()]
        if not records:
            continue
        total = sum(float(r["points"]) for r in records)
        declared = float(cell["metadata"]["nbgrader"]["points"])
        if abs(total - declared) > 1e-9:
            raise AuthoringError(
                f"{source}: cell {gid!r} is worth {declared:g} points but its checks add up to "
                f"{total:g}."
            )
        for r in records:
            _assert_reference_passes(source, gid, r)
        checks[gid] = records
    return {"source": str(source), "checks": checks}


def _assert_reference_passes(source: Path, gid: str, record: dict) -> None:
    rule, value = record["compare"], record["value"]
    if rule == "raises":
        if not (isinstance(value, dict) and "$error" in value):
            raise AuthoringError(f"{source}: {gid} / {record['label']!r}: the reference did not raise.")
        if raised(value, value) != "ok":
            raise AuthoringError(f"{source}: {gid} / {record['label']!r}: the reference's error has no message.")
    elif isinstance(value, dict) and "$error" in value:
        raise AuthoringError(
            f"{source}: {gid} / {record['label']!r}: the reference raised {value['$error']['type']}: "
            f"{value['$error']['message']}"
        )
    elif not matches(value, value, rule, **record.get("options", {})):
        raise AuthoringError(f"{source}: {gid} / {record['label']!r}: the reference fails its own rule {rule!r}.")


_MEMO: dict[tuple, dict[str, Any]] = {}


def _signature(source: Path) -> tuple:
    """A cheap fingerprint (names, sizes, times) of what the records depend on."""
    parts: list = [str(source.resolve())]
    for path in (source, *(p for folder in (LABTOOLS, DATASETS) for p in sorted(folder.rglob("*")))):
        if path.is_file() and "__pycache__" not in path.parts:
            st = path.stat()
            parts.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(parts)


def load(source: Path, cache_dir: Path) -> dict[str, Any]:
    """Cached reference records for ``source``; recomputed when the source or its data change."""
    signature = (_signature(source), str(cache_dir))
    if signature in _MEMO:  # a grading process asks once per notebook: hash once per process
        return _MEMO[signature]
    key = source_hash(source)
    cache = cache_dir / f"{source.parent.name}--{source.stem}.json"
    if cache.is_file():
        try:
            cached = json.loads(cache.read_text())
        except ValueError:
            cached = {}
        if cached.get("key") == key:
            _MEMO[signature] = cached
            return cached
    result = compute(source)
    result["key"] = key
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(result))
    tmp.replace(cache)  # atomic: parallel graders never read half a file
    _MEMO[signature] = result
    return result
