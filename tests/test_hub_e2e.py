"""End to end, on a real JupyterHub: a cohort from release to feedback, and its security rules.

A hub is started for a test roster (hub/cohort_hub.py, in a scratch state folder, on free
ports) and driven in headless Chromium by hub/e2e/cohort.e2e.mjs, one step at a time; between
the steps these tests check what happened on disk and in the gradebook.

Needs root (every account is a Linux user of its own, which the security rules rely on),
Debian's chromium and `npm ci` in hub/. Runs with `make test-hub` (which sets OMLAB_HUB_E2E=1);
a plain `pytest` skips it.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"
sys.path.insert(0, str(HUB))

import cohort_hub  # noqa: E402

LAB = "kpi_analysis"
PREFIX = "omlab-e2e"
TRAINER, ANA, BRAM, CHEN = (f"{PREFIX}-{n}" for n in ("trainer", "ana", "bram", "chen"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STEPS = ["trainer-release", "learner-submit", "impostor-submit", "other-refused", "trainer-grade",
         "learner-feedback", "puller-open", "publish-update", "puller-again"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("OMLAB_HUB_E2E") != "1",
                       reason="the hub's end-to-end test runs with `make test-hub`"),
]


def free_base_port() -> int:
    """A port p such that p..p+3 are free on 127.0.0.1."""
    for base in range(18000, 19000, 10):
        sockets = []
        try:
            for port in range(base, base + 4):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


def reference_answers(lab: str) -> dict[str, str]:
    """The source notebook's solution cells, as a learner who found the answers would type them."""
    nb = nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4)
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def as_user(name: str, code: str, layout: cohort_hub.Layout, cwd: str | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run Python ``code`` as the Linux account ``name``, with all its groups, the way its
    server and kernels run."""
    entry = pwd.getpwnam(name)
    environment = {**layout.learner_env(), "HOME": entry.pw_dir, "USER": name, **(env or {})}
    return subprocess.run(
        [str(layout.env / "bin" / "python"), "-c", code], cwd=cwd or entry.pw_dir, env=environment,
        user=entry.pw_uid, group=entry.pw_gid, extra_groups=os.getgrouplist(name, entry.pw_gid),
        capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def layout():
    if os.geteuid() != 0:
        pytest.skip("the hub's end-to-end test runs as root (separate Linux accounts)")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    if not (HUB / "node_modules" / "playwright-core").is_dir():
        pytest.fail("run `npm ci` in hub/ (make test-hub does)")
    state = Path(tempfile.mkdtemp(prefix="omlab-hub-e2e-", dir="/tmp"))
    os.chmod(state, 0o755)
    roster = state / "e2e-roster.csv"
    roster.write_text(
        "username,role,first_name,last_name,email,organisation\n"
        f"{TRAINER},trainer,Tess,Trainer,,Open Museums Lab\n"
        f"{ANA},learner,Ana,Peeters,,Stadsmuseum Lindenhove\n"
        f"{BRAM},learner,Bram,De Smet,,Stadsmuseum Lindenhove\n"
        f"{CHEN},learner,Chen,Wouters,,Textielmuseum Aalst\n"
    )
    env = {
        **os.environ,
        "OMLAB_HUB_STATE": str(state / "state"),
        "OMLAB_HUB_PORT": str(free_base_port()),
        "OMLAB_HUB_HOST": "hub.localhost",
        "OMLAB_HUB_ROSTER": str(roster),
        "OMLAB_HUB_GRADER": f"{PREFIX}-grader",
        "OMLAB_HUB_GROUP": PREFIX,
    }
    hub = cohort_hub.Layout.from_env(env)
    command = [sys.executable, str(HUB / "cohort_hub.py")]
    # the test's accounts start empty, whatever an interrupted run left behind
    subprocess.run([*command, "remove"], env=env, capture_output=True, text=True, timeout=300)
    started = subprocess.run([*command, "start"], env=env, capture_output=True, text=True, timeout=1200)
    try:
        assert started.returncode == 0, f"the hub did not start:\n{started.stdout}\n{started.stderr}"
        yield hub
    finally:
        subprocess.run([*command, "remove"], env=env, capture_output=True, text=True, timeout=300)
        shutil.rmtree(state, ignore_errors=True)


class Cohort:
    """Runs the end-to-end steps in order, each once, and keeps their results."""

    def __init__(self, layout: cohort_hub.Layout, work: Path, names: dict | None = None,
                 steps: list[str] | None = None):
        names = names or {"trainer": TRAINER, "learner": ANA, "other": BRAM, "puller": CHEN}
        self.layout, self.work, self.results, self.failed = layout, work, {}, set()
        self.steps = steps or STEPS
        links = cohort_hub.nbgitpuller_links(layout, [LAB])
        grade = "python -m grading autograde {lab} --jobs 2"
        fast = subprocess.run([sys.executable, "-m", "grading", "autograde", "--help"], cwd=ROOT,
                              capture_output=True)
        if fast.returncode != 0:  # the course's fast command is not there yet: nbgrader's own
            grade = "nbgrader autograde {lab}"
        self.config = {
            "hub": layout.public_url,
            "serviceUrl": layout.service_url,
            "userUrl": {u: layout.user_url(u) for u in names.values()},
            "accounts": cohort_hub.read_accounts(layout),
            **names,
            "lab": LAB,
            "answers": reference_answers(LAB),
            "gradeCommand": grade.format(lab=LAB),
            "pullerLink": links[LAB],
            "pullerPath": f"open-museums-lab/{LAB}/{LAB}.ipynb",
            "pullerCell": "q1-answer",
            "pullerMark": "# My own note: engaged means at least one rule holds.",
            "updateMark": "Updated by the course team for this test.",
            "profiles": str(work / "profiles"),
            "screenshots": str(work / "screenshots"),
            "chromium": CHROMIUM,
        }
        (work / "config.json").write_text(json.dumps(self.config))

    def step(self, name: str) -> dict:
        for earlier in self.steps[: self.steps.index(name) + 1]:
            if earlier in self.failed:  # a step that failed fails every test that needs it, once
                pytest.fail(f"an earlier step failed: {earlier}", pytrace=False)
            if earlier not in self.results:
                try:
                    self.results[earlier] = self._run(earlier)
                except AssertionError:
                    self.failed.add(earlier)
                    raise
        return self.results[name]

    def _run(self, name: str) -> dict:
        if name == "impostor-submit":
            return impostor_submits(self.layout)
        if name == "publish-update":
            return publish_update(self.layout, self.config["updateMark"])
        result = subprocess.run(
            ["node", str(HUB / "e2e" / "cohort.e2e.mjs"), str(self.work / "config.json"), name],
            capture_output=True, text=True, timeout=900, cwd=HUB,
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
        assert result.returncode == 0 and lines, (
            f"step {name} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}\n"
            f"hub log:\n{self.layout.log_file.read_text()[-4000:]}"
        )
        return json.loads(lines[-1][len("RESULT "):])


def impostor_submits(layout: cohort_hub.Layout) -> dict:
    """Bram fetches the lab in a terminal and submits the blank copy as Ana: nbgrader's
    `--student` option names the submission after whoever the learner says they are."""
    code = (
        "import subprocess, sys\n"
        f"f = subprocess.run(['nbgrader', 'fetch_assignment', '{LAB}'], capture_output=True, text=True)\n"
        f"s = subprocess.run(['nbgrader', 'submit', '{LAB}', '--student', '{ANA}'],\n"
        "    capture_output=True, text=True)\n"
        "print(f.returncode, s.returncode)\n"
        "sys.stderr.write(f.stderr + s.stderr)\n"
    )
    done = as_user(BRAM, code, layout)
    inbound = layout.exchange / "open-museums-lab" / "inbound"
    fakes = [p.name for p in inbound.iterdir()
             if p.name.startswith(f"{ANA}+") and pwd.getpwuid(p.stat().st_uid).pw_name == BRAM]
    return {"stdout": done.stdout, "stderr": done.stderr[-2000:], "fakes": fakes}


def publish_update(layout: cohort_hub.Layout, mark: str) -> dict:
    """The course team publishes a new version of the lab on the learner branch."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        subprocess.run(["git", "clone", "--quiet", "--branch", "learner", str(layout.git_repo),
                        str(work)], check=True)
        path = work / LAB / f"{LAB}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source += f"\n\n{mark}"
        nbformat.write(nb, path)
        git = ["git", "-C", str(work), "-c", "user.name=Course", "-c", "user.email=course@example.invalid"]
        subprocess.run([*git, "commit", "--quiet", "-am", "Clearer introduction"], check=True)
        subprocess.run([*git, "push", "--quiet", "origin", "learner"], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(layout.git_repo)], check=True)
    return {"published": True}


@pytest.fixture(scope="module")
def cohort(layout, tmp_path_factory):
    return Cohort(layout, tmp_path_factory.mktemp("e2e"))


def gradebook_scores(layout: cohort_hub.Layout) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{layout.course / '_nbgrader' / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(LAB):
            cells = {g.name: float(g.score) for nb in sub.notebooks for g in nb.grades}
            cells["__total__"] = float(sub.score)
            out[sub.student_id] = cells
    return out


def max_points() -> dict[str, float]:
    nb = nbformat.read(ROOT / "labs" / LAB / f"{LAB}.ipynb", as_version=4)
    return {c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


# --- the workflow ---------------------------------------------------------------------------


def test_trainer_sees_the_formgrader_inside_jupyterlab_and_releases_the_lab(cohort):
    result = cohort.step("trainer-release")
    assert result["formgraderFramed"]
    assert (cohort.layout.exchange / "open-museums-lab" / "outbound" / LAB / f"{LAB}.ipynb").is_file()


def test_formgrader_may_be_framed_by_its_own_origin_only(cohort):
    cohort.step("trainer-release")
    config = json.loads((cohort.layout.etc / "grader" / "jupyter_server_config.json").read_text())
    csp = config["ServerApp"]["tornado_settings"]["headers"]["Content-Security-Policy"]
    assert csp == "frame-ancestors 'self'"
    learner = json.loads((cohort.layout.etc / "learner" / "jupyter_server_config.json").read_text())
    assert "tornado_settings" not in learner["ServerApp"]  # learners keep JupyterHub's 'none'
    # every account and the service have an origin of their own
    assert cohort.layout.service_url.startswith("http://open-museums-lab--service.hub.localhost:")


def test_learner_fetches_completes_and_submits(cohort):
    result = cohort.step("learner-submit")
    assert result["answered"] == len(reference_answers(LAB))
    assert result["selfChecksPassed"] >= 10 and result["selfChecksFailed"] == 0
    inbound = cohort.layout.exchange / "open-museums-lab" / "inbound"
    mine = [p for p in inbound.iterdir() if p.name.startswith(f"{ANA}+{LAB}+")
            and pwd.getpwuid(p.stat().st_uid).pw_name == ANA]
    assert len(mine) == 1


def test_trainer_autogrades_and_the_score_is_the_reference_score(cohort):
    result = cohort.step("trainer-grade")
    assert result["gradingExit"] == 0, result["gradingOutput"]
    points = max_points()
    assert result["score"] == pytest.approx(sum(points.values()))
    assert result["maxScore"] == pytest.approx(sum(points.values()))
    assert ANA in result["review"]
    scores = gradebook_scores(cohort.layout)
    assert set(scores) == {ANA}  # nobody else submitted; Bram's forgery was refused
    assert scores[ANA] == pytest.approx({**points, "__total__": sum(points.values())})


def test_learner_fetches_feedback_and_sees_the_score(cohort):
    result = cohort.step("learner-feedback")
    total = sum(max_points().values())
    assert result["score"] == pytest.approx(total) and result["maxScore"] == pytest.approx(total)
    assert result["hidesChecks"]


def test_nbgitpuller_link_opens_the_lab_and_updates_never_overwrite_work(cohort):
    opened = cohort.step("puller-open")
    assert opened["saved"] == 200
    assert f"{LAB}.ipynb" in opened["opened"]
    again = cohort.step("puller-again")
    assert again["keptWork"], "the learner's change was lost"
    assert again["gotUpdate"], "the course's update did not arrive"


# --- security ---------------------------------------------------------------------------------


def test_a_learner_cannot_submit_as_another(cohort):
    forged = cohort.step("impostor-submit")
    assert forged["fakes"], f"the forgery was not even attempted: {forged}"
    graded = cohort.step("trainer-grade")
    assert "Refused" in graded["collected"] and BRAM in graded["collected"]  # the trainer sees it
    scores = gradebook_scores(cohort.layout)
    assert scores[ANA]["__total__"] == pytest.approx(sum(max_points().values()))  # Ana's own work


def test_a_learner_cannot_open_the_formgrader_or_a_classmates_server(cohort):
    result = cohort.step("other-refused")
    assert result["formgrader"]["status"] == 403, result["formgrader"]
    assert result["formgraderApi"]["status"] in (401, 403) or result["formgraderApi"]["status"] == 0
    assert result["classmateServer"]["status"] == 403, result["classmateServer"]
    assert result["outsideHome"]["status"] in (403, 404)
    assert result["classmateFiles"]["status"] in (403, 404)
    assert result["classmateApi"]["status"] != 200


def test_a_learner_cannot_read_sources_gradebook_or_classmates_files(cohort):
    layout = cohort.layout
    cohort.step("learner-submit")
    inbound = layout.exchange / "open-museums-lab" / "inbound"
    targets = {
        "source notebook (course)": layout.course / "labs" / LAB / f"{LAB}.ipynb",
        "gradebook": layout.course / "_nbgrader" / "gradebook.db",
        "source notebook (repository)": ROOT / "labs" / LAB / f"{LAB}.ipynb",
        "repository history": ROOT / ".git" / "HEAD",
        "reference cache": ROOT / ".grading-cache",
        "hub database": layout.hub_dir / "jupyterhub.sqlite",
        "classmate's home": Path(pwd.getpwnam(ANA).pw_dir),
        "submissions (inbound)": inbound,
        "classmate's fetched lab": Path(pwd.getpwnam(ANA).pw_dir) / LAB / f"{LAB}.ipynb",
    }
    code = (
        "import json, os\n"
        f"targets = {json.dumps({k: str(v) for k, v in targets.items()})}\n"
        "out = {}\n"
        "for name, path in targets.items():\n"
        "    try:\n"
        "        if os.path.isdir(path):\n"
        "            os.listdir(path)\n"
        "        else:\n"
        "            open(path, 'rb').read(1)\n"
        "        out[name] = 'READ'\n"
        "    except PermissionError:\n"
        "        out[name] = 'denied'\n"
        "    except FileNotFoundError:\n"
        "        out[name] = 'missing'\n"
        "print(json.dumps(out))\n"
    )
    done = as_user(BRAM, code, layout)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert all(v == "denied" for v in seen.values()), seen
    # while the learner may still write a submission of their own into the exchange
    assert os.stat(inbound).st_mode & 0o003 == 0o003
