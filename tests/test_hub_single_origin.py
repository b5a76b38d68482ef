"""The cohort hub without per-user subdomains (one origin, as on a default TLJH): the course
service keeps JupyterHub's "frame-ancestors 'none'" and opens on the formgrader as a page of its
own. Runs with `make test-hub`, as root, like tests/test_hub_e2e.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_hub_e2e import CHROMIUM, HUB, cohort_hub, free_base_port, pytestmark  # noqa: F401

PREFIX = "omlab-so"


@pytest.fixture(scope="module")
def single_origin():
    if os.geteuid() != 0:
        pytest.skip("the hub's end-to-end tests run as root (separate Linux accounts)")
    state = Path(tempfile.mkdtemp(prefix="omlab-hub-so-", dir="/tmp"))
    os.chmod(state, 0o755)
    roster = state / "roster.csv"
    roster.write_text(f"username,role\n{PREFIX}-trainer,trainer\n{PREFIX}-ana,learner\n")
    env = {**os.environ, "OMLAB_HUB_STATE": str(state / "state"), "OMLAB_HUB_PORT": str(free_base_port()),
           "OMLAB_HUB_HOST": "", "OMLAB_HUB_ROSTER": str(roster),
           "OMLAB_HUB_GRADER": f"{PREFIX}-grader", "OMLAB_HUB_GROUP": PREFIX}
    layout = cohort_hub.Layout.from_env(env)
    command = [sys.executable, str(HUB / "cohort_hub.py")]
    # the test's accounts start empty, whatever an interrupted run left behind
    subprocess.run([*command, "remove"], env=env, capture_output=True, text=True, timeout=300)
    started = subprocess.run([*command, "start"], env=env, capture_output=True, text=True, timeout=1200)
    try:
        assert started.returncode == 0, f"{started.stdout}\n{started.stderr}"
        yield layout, state
    finally:
        subprocess.run([*command, "remove"], env=env, capture_output=True, text=True, timeout=300)
        shutil.rmtree(state, ignore_errors=True)


def test_formgrader_opens_as_a_page_and_cannot_be_framed(single_origin):
    layout, state = single_origin
    assert layout.service_url == f"http://127.0.0.1:{layout.port}/services/open-museums-lab/"
    config = {"hub": layout.public_url, "serviceUrl": layout.service_url, "trainer": f"{PREFIX}-trainer",
              "accounts": cohort_hub.read_accounts(layout), "profiles": str(state / "profiles"),
              "screenshots": str(state / "screenshots"), "chromium": CHROMIUM, "userUrl": {}}
    (state / "config.json").write_text(json.dumps(config))
    done = subprocess.run(["node", str(HUB / "e2e" / "cohort.e2e.mjs"), str(state / "config.json"),
                           "formgrader-page"], capture_output=True, text=True, timeout=600, cwd=HUB)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1][len("RESULT "):])
    assert "/services/open-museums-lab/formgrader" in result["url"]
    assert "kpi_analysis" in result["rows"]
    assert "frame-ancestors 'none'" in result["csp"]
    assert result["framed"] is False
    grader = json.loads((layout.etc / "grader" / "jupyter_server_config.json").read_text())
    assert "tornado_settings" not in grader["ServerApp"]
