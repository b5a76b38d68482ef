"""Kernels forked from the fast command's zygote behave like fresh kernels (grading/zygote.py)."""

from __future__ import annotations

import sys

import pytest
from course import ROOT

sys.path.insert(0, str(ROOT))

from grading import execute  # noqa: E402


def comm_targets(tmp_path, preload: list[str]) -> list[str]:
    from jupyter_core.utils import run_sync
    from traitlets.config import Config

    from grading.config import configure

    config = Config()
    configure(config, tmp_path)
    pool = execute.KernelPool(config, preload=preload)
    if pool.zygote is None:
        pool.close()
        pytest.skip("no zygote on this machine (no pidfd_open, or the sandbox is off)")
    folder = tmp_path / "work"
    folder.mkdir()
    pool.prelaunch(str(folder))
    km = pool.take(str(folder))
    assert km is not None, "the kernel did not start"
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        code = "import ipywidgets\nprint(*sorted(get_ipython().kernel.comm_manager.targets))"
        run_sync(kc.execute_interactive)(code, timeout=60,
                                         output_hook=lambda m: out.append(m["content"].get("text", "")))
    finally:
        kc.stop_channels()
        execute._stop(km)
        pool.close()
    return "".join(out).split()


def test_widgets_imported_by_the_zygote_still_register_with_the_kernel(tmp_path):
    """ipywidgets registers its comm targets when imported inside a kernel; the zygote imports it
    before any kernel exists, so the forked kernel must register them as a fresh one would."""
    assert comm_targets(tmp_path, ["ipywidgets"]) == ["jupyter.widget", "jupyter.widget.control"]
