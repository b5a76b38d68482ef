"""The cohort hub run by a normal user (not root): every server runs as that user, each account in
a folder of its own (SimpleLocalProcessSpawner). The workflow must still work end to end: release,
fetch, complete, submit, collect, autograde, feedback. (There is no protection between accounts
in this mode; hub/README.md says so, and the security tests run as root.)

As root, the test makes a Linux account for the operator and a copy of the course's Python that
any account may run (cohort_hub.build_env), then starts the hub as the operator. Runs with
`make test-hub`, like tests/test_hub_e2e.py.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from test_hub_e2e import HUB, LAB, Cohort, cohort_hub, free_base_port, max_points, pytestmark  # noqa: F401

OPERATOR = "omlab-nu-op"
NAMES = {"trainer": "omlab-nu-trainer", "learner": "omlab-nu-ana", "other": "omlab-nu-bram",
         "puller": "omlab-nu-chen"}
STEPS = ["trainer-release", "learner-submit", "trainer-grade", "learner-feedback"]


def as_operator(command: list[str], env: dict, timeout: int = 1200) -> subprocess.CompletedProcess:
    entry = pwd.getpwnam(OPERATOR)
    return subprocess.run(command, env={**env, "HOME": entry.pw_dir, "USER": OPERATOR},
                          user=entry.pw_uid, group=entry.pw_gid, extra_groups=[],
                          cwd=str(HUB.parent), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def normal_user_hub(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("the test makes the operator's account as root (run make hub as a normal user to try it)")
    if subprocess.run(["id", OPERATOR], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", OPERATOR], check=True)
    home = Path(pwd.getpwnam(OPERATOR).pw_dir)
    shared = Path(tempfile.mkdtemp(prefix="omlab-hub-nu-", dir="/tmp"))
    os.chmod(shared, 0o755)
    python = cohort_hub.Layout.from_env({"OMLAB_HUB_STATE": str(shared / "python")})
    python.state.mkdir()
    os.chmod(python.state, 0o755)
    cohort_hub.build_env(python)  # a Python every account may run, with the course's packages
    roster = shared / "roster.csv"
    roster.write_text("username,role\n" + "".join(
        f"{name},{'trainer' if role == 'trainer' else 'learner'}\n" for role, name in NAMES.items()))
    os.chmod(roster, 0o644)
    env = {"PATH": f"{python.env / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "OMLAB_HUB_STATE": str(home / "omlab-hub-test"), "OMLAB_HUB_PORT": str(free_base_port()),
           "OMLAB_HUB_HOST": "hub.localhost", "OMLAB_HUB_ROSTER": str(roster)}
    command = [str(python.env / "bin" / "python"), str(HUB / "cohort_hub.py")]
    as_operator([*command, "remove"], env, timeout=300)
    started = as_operator([*command, "start"], env)
    layout = cohort_hub.Layout(state=home / "omlab-hub-test", port=int(env["OMLAB_HUB_PORT"]),
                               host="hub.localhost", roster_path=roster, as_root=False)
    try:
        assert started.returncode == 0, f"{started.stdout}\n{started.stderr}"
        yield layout
    finally:
        as_operator([*command, "remove"], env, timeout=300)
        shutil.rmtree(shared, ignore_errors=True)
        subprocess.run(["userdel", "--remove", OPERATOR], capture_output=True)


@pytest.fixture(scope="module")
def cohort(normal_user_hub, tmp_path_factory):
    return Cohort(normal_user_hub, tmp_path_factory.mktemp("nu"), names=NAMES, steps=STEPS)


def test_everything_runs_as_the_operator(normal_user_hub):
    layout = normal_user_hub
    assert layout.course.owner() == OPERATOR
    for name in NAMES.values():
        assert (layout.homes / name).is_dir()
        with pytest.raises(KeyError):
            pwd.getpwnam(name)  # no Linux account per learner


def test_cohort_workflow_as_a_normal_user(cohort):
    cohort.step("trainer-release")
    submitted = cohort.step("learner-submit")
    assert submitted["selfChecksPassed"] >= 10 and submitted["selfChecksFailed"] == 0
    graded = cohort.step("trainer-grade")
    assert graded["gradingExit"] == 0, graded["gradingOutput"]
    total = sum(max_points().values())
    assert graded["score"] == pytest.approx(total)
    feedback = cohort.step("learner-feedback")
    assert feedback["score"] == pytest.approx(total)
