"""Kernels forked from the fast command's zygote behave like fresh kernels (grading/zygote.py)."""

from __future__ import annotations

import json
import sys

import pytest
from course import ROOT

sys.path.insert(0, str(ROOT))

from grading import execute  # noqa: E402


def run_in_kernel(tmp_path, code: str, preload: list[str] = (), forked: bool = True) -> str:
    """What ``code`` prints in a grading kernel: forked from a zygote, or started the ordinary way."""
    outputs = run_cells(tmp_path, [code], preload, forked)[0]
    return "".join(text for kind, text in outputs if kind == "stdout")


def run_cells(tmp_path, cells: list[str], preload: list[str] = (), forked: bool = True) -> list[list]:
    """Each cell's outputs, in the order they came, as (stream name or "display", text): only
    those the kernel sent before it said the cell was done."""
    from jupyter_core.utils import run_sync
    from traitlets.config import Config

    from grading.config import configure

    config = Config()
    configure(config, tmp_path)
    pool = execute.KernelPool(config, warm=forked, preload=preload)
    if forked and pool.zygote is None:
        pool.close()
        pytest.skip("no zygote on this machine (no pidfd_open, or the sandbox is off)")
    folder = tmp_path / ("forked" if forked else "fresh")
    folder.mkdir()
    pool.prelaunch(str(folder))
    km = pool.take(str(folder))
    assert km is not None, "the kernel did not start"
    assert (getattr(km, "zygote", None) is not None) == forked
    kc = km.client()
    kc.start_channels()
    results: list[list] = []

    def keep(message: dict) -> None:
        content = message["content"]
        if message["msg_type"] == "stream":
            results[-1].append((content["name"], content["text"]))
        elif message["msg_type"] in ("display_data", "execute_result"):
            results[-1].append(("display", content["data"]["text/plain"]))

    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        for code in cells:
            results.append([])
            run_sync(kc.execute_interactive)(code, timeout=60, output_hook=keep)
    finally:
        kc.stop_channels()
        execute._stop(km)
        pool.close()
    return results


def comm_targets(tmp_path, preload: list[str]) -> list[str]:
    code = "import ipywidgets\nprint(*sorted(get_ipython().kernel.comm_manager.targets))"
    return run_in_kernel(tmp_path, code, preload).split()


def test_widgets_imported_by_the_zygote_still_register_with_the_kernel(tmp_path):
    """ipywidgets registers its comm targets when imported inside a kernel; the zygote imports it
    before any kernel exists, so the forked kernel must register them as a fresh one would."""
    assert comm_targets(tmp_path, ["ipywidgets"]) == ["jupyter.widget", "jupyter.widget.control"]


def test_a_forked_kernel_has_the_environment_of_a_fresh_one(tmp_path):
    """Modules imported by the zygote that set environment variables at import (the debugger sets
    PYDEVD_USE_FRAME_EVAL) must leave the forked kernel's environment as a fresh kernel's."""
    code = "import json, os\nprint(json.dumps(sorted(k for k in os.environ if k != 'JPY_PARENT_PID')))"
    forked = run_in_kernel(tmp_path, code)
    fresh = run_in_kernel(tmp_path, code, forked=False)
    assert json.loads(forked) == json.loads(fresh)
    assert "PYDEVD_USE_FRAME_EVAL" in json.loads(fresh)  # so the check above checks something


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # dead, not yet collected
    except OSError:
        return True


def test_the_kernels_of_a_worker_that_dies_die_with_it(tmp_path):
    """The fast command's workers share one zygote, which outlives any of them: a worker that dies
    without stopping its kernel (a crash) must not leave that kernel running."""
    import os
    import subprocess
    import textwrap
    import time

    from grading.zygote import Zygote

    if not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd_open on this machine: no zygote")
    zygote = Zygote([])
    try:
        worker = textwrap.dedent(f"""
            import os, sys
            sys.path.insert(0, {str(ROOT)!r})
            from traitlets.config import Config
            from grading import execute
            from grading.config import configure
            from grading.zygote import SharedZygote
            config = Config()
            configure(config, {str(tmp_path)!r})
            pool = execute.KernelPool(config, zygote=SharedZygote(*{zygote.shared()!r}))
            if pool.zygote is None:
                print("none", flush=True)
                os._exit(0)
            folder = {str(tmp_path / "work")!r}
            os.makedirs(folder)
            pool.prelaunch(folder)
            km = pool.take(folder)
            print(km.provisioner.pid if km is not None else "none", flush=True)
            os._exit(1)  # dies with its kernel running
        """)
        out = subprocess.run([sys.executable, "-c", worker], capture_output=True, text=True, timeout=120)
        answer = (out.stdout.split() or ["none"])[-1]
        if answer == "none":
            pytest.skip(f"no forked kernel on this machine: {out.stderr[-500:]}")
        kernel = int(answer)
        deadline = time.monotonic() + 10
        while not _gone(kernel) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(kernel), "the dead worker's kernel is still running"
        assert zygote.alive()  # and the zygote goes on for the other workers
    finally:
        zygote.close()


def test_the_early_zygote_is_used_only_for_the_lab_it_preloads(tmp_path):
    """The fast command starts its zygote before it imports nbgrader, from where the course layout
    keeps the lab's source; once the configuration is read, a zygote for another source is not used."""
    import os
    from types import SimpleNamespace

    import nbformat
    from traitlets.config import Config

    from grading import cohort
    from grading.config import SOURCE_DIRECTORY, configure

    if not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd_open on this machine: no zygote")
    assert cohort._early_zygote(tmp_path, "demo") is None  # no source there: nothing to preload
    sources = {}
    for folder in (tmp_path / SOURCE_DIRECTORY / "demo", tmp_path / "elsewhere" / "demo"):
        folder.mkdir(parents=True)
        sources[folder.parent.name] = folder / "demo.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import json")])
        nbformat.write(nb, sources[folder.parent.name])
    config = Config()
    configure(config, tmp_path)
    converter = SimpleNamespace(config=config)
    early = cohort._early_zygote(tmp_path, "demo")
    assert early is not None
    try:
        assert cohort._start_zygote(converter, str(sources[SOURCE_DIRECTORY]), early) is early
        other = cohort._start_zygote(converter, str(sources["elsewhere"]), early)
        assert other is not None and other is not early
        other.close()
    finally:
        early.close()


def test_a_forked_kernel_sends_each_cells_output_in_order_before_it_is_done(tmp_path):
    """Forked kernels skip ipykernel's waits on empty flushes (speedups.answer_without_waiting):
    every output must still come in the order a fresh kernel sends it, and within its own cell."""
    cells = [
        "print('a')\ndisplay('shown')\nprint('b')",
        "import sys\nsys.stderr.write('warned\\n')\nprint('printed')\nsys.stderr.write('again\\n')",
        "import threading\nt = threading.Thread(target=print, args=('from a thread',))\nt.start(); t.join()",
        "print('no newline', end='')",
        "for i in range(3):\n    print(i, flush=True)\n    display(i * 10)",
        "x = 1",
        *[f"print({n})" for n in range(20)],
        "'the last value'",
    ]
    forked = run_cells(tmp_path, cells)
    fresh = run_cells(tmp_path, cells, forked=False)
    assert forked == fresh
    assert forked[0] == [("stdout", "a\n"), ("display", "'shown'"), ("stdout", "b\n")]
    assert [output for n in range(20) for output in forked[6 + n]] == [("stdout", f"{n}\n") for n in range(20)]


def test_a_forked_kernel_replies_without_idle_waits(tmp_path):
    """The speed-up is in place in forked kernels: no sleep before each reply, and flushes of an
    empty stream that do not wait for the output thread."""
    code = ("import sys\nprint(get_ipython().kernel._execute_sleep, "
            "sys.stdout.flush.__qualname__, sys.stderr.flush.__qualname__)")
    flush = "_skip_empty_flushes.<locals>.flush"
    assert run_in_kernel(tmp_path, code).split() == ["0.0", flush, flush]


REUSE_FREED_MEMORY = """import resource

def page_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

block = b"x" * (24 * 2**20)  # 24 MiB, every page written
del block
before = page_faults()
block = b"y" * (24 * 2**20)
print(page_faults() - before)"""


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "fresh"])
def test_a_grading_kernel_reuses_the_memory_it_has_freed(tmp_path, forked):
    """A large block freed and taken again costs (almost) no new page faults (``KERNEL_MALLOC``).
    With glibc's defaults the block goes back to the system when freed and returns page by page,
    one fault per 4 KiB page: 6144 here. A forked kernel gets the setting from the zygote's code,
    a fresh one from its environment."""
    faults = int(run_in_kernel(tmp_path, REUSE_FREED_MEMORY, forked=forked))
    assert faults < 600, f"{faults} page faults to reuse 24 MiB just freed"


def test_a_notebook_progress_bar_is_a_widget_in_a_kernel_forked_after_ipywidgets(tmp_path):
    """A lab that imports tqdm.auto gets ipywidgets preloaded (its notebook bar is made of them),
    never tqdm.auto itself (it chooses its bar when imported): the bar is still the notebook's
    widget bar, shown as in a fresh kernel."""
    from grading.zygote import lab_imports

    code = ("import sys\nprint(sorted(m for m in ('ipywidgets', 'tqdm.auto') if m in sys.modules))\n"
            "from tqdm.auto import tqdm\nfor _ in tqdm(range(3)):\n    pass\n"
            "print(tqdm.__mro__[1].__module__)")
    forked = run_cells(tmp_path, [code], lab_imports(ROOT / "labs" / "image_editing" / "image_editing.ipynb"))[0]
    fresh = run_cells(tmp_path, [code], forked=False)[0]
    assert forked[0] == ("stdout", "['ipywidgets']\n")
    assert fresh[0] == ("stdout", "[]\n")
    assert [kind for kind, _ in forked] == [kind for kind, _ in fresh] == ["stdout", "display", "stdout"]
    assert forked[-1] == fresh[-1] == ("stdout", "tqdm.notebook\n")
