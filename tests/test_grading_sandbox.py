"""The grading kernel's sandbox, seen from inside: what code under grading can and cannot reach,
as root (CI) and as a normal user (simulated with a user namespace that maps to an unprivileged
id), and that no kernel outlives the grader."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from course import ROOT

pytestmark = pytest.mark.slow

# Run by a grader process: start one sandboxed kernel for a scratch course, run PROBE in it,
# print what it reports as JSON.
GRADER = textwrap.dedent('''
    import asyncio, json, os, sys
    sys.path.insert(0, {root!r})
    from traitlets.config import Config
    from grading.execute import SandboxKernelManager

    course = {course!r}
    c = Config()
    c.CourseDirectory.root = course
    c.CourseDirectory.db_url = "sqlite:///" + course + "/_nbgrader/gradebook.db"
    c.Sandbox.max_processes = 64

    async def main():
        km = SandboxKernelManager(kernel_name="python3", config=c)
        await km.start_kernel(cwd=course + "/_nbgrader/autograded/alice/lab")
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        out = []
        await kc.execute_interactive({probe!r}, timeout=60,
                                     output_hook=lambda m: out.append(m["content"].get("text", "")))
        status = km.read_sandbox_status()
        await km.shutdown_kernel(now=True)
        print(json.dumps({{"report": json.loads("".join(out)), "status": status}}))

    asyncio.run(main())
''')

PROBE = textwrap.dedent('''
    import json, os, resource, socket
    report = {"uid": os.getuid(), "cwd_files": sorted(os.listdir(".")), "root": sorted(os.listdir("/")),
              "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
    for name, path in SECRETS.items():
        report[name] = os.path.exists(path)
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2)
        report["network"] = True
    except OSError:
        report["network"] = False
    try:
        open("/usr/omlab-probe", "w")
        report["writes_system"] = True
    except OSError:
        report["writes_system"] = False
    report["as_limit"] = resource.getrlimit(resource.RLIMIT_AS)[0]
    report["nproc_limit"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    import labtools
    report["labtools"] = labtools.__file__
    print(json.dumps(report))
''')


@pytest.fixture
def scratch(tmp_path):
    course = tmp_path / "course"
    for folder in ("labs/lab", "_nbgrader/submitted/alice/lab", "_nbgrader/submitted/bob/lab",
                   "_nbgrader/autograded/alice/lab"):
        (course / folder).mkdir(parents=True)
    (course / "labs/lab/lab.ipynb").write_text("solutions")
    (course / "_nbgrader/gradebook.db").write_text("grades")
    (course / "_nbgrader/submitted/bob/lab/lab.ipynb").write_text("bob's work")
    (course / "_nbgrader/submitted/alice/lab/mine.csv").write_text("a,b\n")
    (course / "_nbgrader/autograded/alice/lab/mine.csv").write_text("a,b\n")
    (course / "_nbgrader/autograded/alice/lab/lab.ipynb").write_text("graded copy with hidden tests")
    return course


def secrets(course: Path) -> dict[str, str]:
    return {"sees_source": str(course / "labs/lab/lab.ipynb"),
            "sees_gradebook": str(course / "_nbgrader/gradebook.db"),
            "sees_other_learner": str(course / "_nbgrader/submitted/bob/lab/lab.ipynb"),
            "sees_repo_labs": str(ROOT / "labs"),
            "sees_reference_cache": str(ROOT / ".grading-cache"),
            "sees_grading_package": str(ROOT / "grading"),
            "sees_root_home": "/root/.bashrc"}


def run_grader(course: Path, prefix: list[str] | None = None) -> dict:
    probe = f"SECRETS = {secrets(course)!r}\n" + PROBE
    script = GRADER.format(root=str(ROOT), course=str(course), probe=probe)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([*(prefix or []), sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def toplevel_dirs_of_this_checkout() -> set[str]:
    """The first folder of the paths the kernel must see (the course and its Python), wherever they are cloned."""
    paths = (ROOT, Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve())
    return {p.resolve().parts[1] for p in paths if len(p.resolve().parts) > 1}


def assert_isolated(got: dict, root_grader: bool) -> None:
    report, status = got["report"], got["status"]
    assert status["mode"] == "namespaces", status
    for key, seen in report.items():
        if key.startswith("sees_"):
            assert not seen, f"the kernel {key.removeprefix('sees_').replace('_', ' ')}"
    assert report["cwd_files"] == ["mine.csv"], "the kernel's folder holds only the learner's own files"
    assert report["pids"] == [1, 2], "the kernel sees only itself and its init"
    assert not report["network"] and not report["writes_system"]
    assert set(report["root"]) <= {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "root",
                                   "sbin", "sys", "tmp", "usr", "opt", "home"} | toplevel_dirs_of_this_checkout()
    assert report["labtools"].startswith(str(ROOT))
    assert report["as_limit"] > 0
    if root_grader:
        assert report["uid"] >= 1_000_000 and report["nproc_limit"] == 64


needs_root = pytest.mark.skipif(os.geteuid() != 0 or not hasattr(os, "unshare") and not shutil.which("unshare"),
                                reason="needs root (CI) and util-linux unshare")


def namespaces_available() -> bool:
    out = subprocess.run([sys.executable, "-m", "grading.sandbox", "--probe"], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout)["mode"] == "namespaces"


@pytest.mark.skipif(not namespaces_available(), reason="this machine refuses Linux namespaces (limits mode)")
def test_the_kernel_reaches_only_what_it_needs(scratch):
    assert_isolated(run_grader(scratch), root_grader=os.geteuid() == 0)


@needs_root
def test_the_same_holds_when_a_normal_user_grades(scratch):
    """As an unprivileged user (here: root mapped to uid 1000 in a user namespace, without any
    capability on the machine), the sandbox uses a user namespace of its own."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare")
    got = run_grader(scratch, ["unshare", "--user", "--map-user=1000", "--map-group=1000"])
    assert_isolated(got, root_grader=False)
    assert "user namespace" in got["status"]["user"]


def test_no_kernel_outlives_a_killed_grader(scratch):
    script = GRADER.format(root=str(ROOT), course=str(scratch),
                           probe="import time, os\nprint(os.getpid(), flush=True)\ntime.sleep(600)")
    script = script.replace("timeout=60,", "timeout=600,")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    grader = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    kernels: list[int] = []
    while time.monotonic() < deadline and not kernels:
        time.sleep(0.5)
        kernels = [p for p in _children_of(grader.pid)]
    assert kernels, "the kernel did not start"
    os.kill(grader.pid, signal.SIGKILL)
    grader.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in kernels):
        time.sleep(0.2)
    assert not any(_alive(p) for p in kernels), "a sandboxed process outlived the grader"


def _children_of(pid: int) -> list[int]:
    """Every descendant of ``pid`` (the sandbox wrapper, its init, the kernel)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current:
                found.append(child)
                frontier.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
