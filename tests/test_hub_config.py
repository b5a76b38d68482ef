"""The cohort hub's configuration files, without starting a hub: the demo hub's settings, the
accounts tool, the roster, the strict collector, the TLJH and Zero to JupyterHub configurations
and the user image (not built here: there is no Docker engine)."""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"
sys.path.insert(0, str(HUB))

import accounts  # noqa: E402
import cohort_hub  # noqa: E402

from grading import roster as rosters  # noqa: E402
from grading.config import COURSE_ID  # noqa: E402

# --- the roster -------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_roster_has_a_trainer_and_three_learners():
    roster = rosters.read(HUB / "demo_roster.csv")
    assert len(roster.trainers) == 1 and len(roster.learners) == 3
    groups = roster.hub_groups(COURSE_ID)
    assert groups == {f"formgrade-{COURSE_ID}": ["omlab-trainer"],
                      f"nbgrader-{COURSE_ID}": ["omlab-ana", "omlab-bram", "omlab-chen"]}


@pytest.mark.parametrize("text, message", [
    ("username,role\nAna,learner\n", "lower case"),
    ("username,role\nana,learner\nana,trainer\n", "appears twice"),
    ("username,role\nana,student\n", "'learner' or 'trainer'"),
    ("name,role\nana,learner\n", "no 'username' column"),
    ("username,role\n", "empty"),
])
def test_roster_errors_name_the_line(tmp_path, text, message):
    with pytest.raises(rosters.RosterError, match=re.escape(message)):
        rosters.read(write(tmp_path / "r.csv", text))


def test_roster_from_a_spreadsheet(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffUsername,Role,First_Name,Organisation\nana,Learner,Ana,Museum\n\n".encode())
    roster = rosters.read(path)
    assert roster.members[0] == rosters.Member("ana", "learner", first_name="Ana", organisation="Museum")


def test_roster_import_into_the_gradebook(tmp_path):
    roster = rosters.read(write(tmp_path / "r.csv", "username,role,first_name,last_name,email\n"
                                "ana,learner,Ana,Peeters,ana@example.org\ntess,trainer,Tess,,\n"))
    (tmp_path / "_nbgrader").mkdir()
    url = rosters.course_db_url(tmp_path)
    assert rosters.sync_gradebook(roster, url, prefix="jupyter-") == ["added jupyter-ana"]
    assert rosters.sync_gradebook(roster, url, prefix="jupyter-") == ["updated jupyter-ana"]
    rows = sqlite3.connect(tmp_path / "_nbgrader" / "gradebook.db").execute(
        "select id, first_name, last_name, email from student").fetchall()
    assert rows == [("jupyter-ana", "Ana", "Peeters", "ana@example.org")]


def test_strict_collect_refuses_a_submission_owned_by_someone_else(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give files to two accounts")
    from traitlets.config import Config

    others = [p for p in pwd.getpwall() if p.pw_uid not in (0,) and p.pw_name != "root"][:2]
    if len(others) < 2:
        pytest.skip("needs two accounts besides root")
    real, impostor = others
    inbound = tmp_path / "exchange" / COURSE_ID / "inbound"
    inbound.mkdir(parents=True)
    genuine = inbound / f"{real.pw_name}+lab+2026-01-01 10:00:00.000000 UTC+aaaa"
    forged = inbound / f"{real.pw_name}+lab+2026-01-02 10:00:00.000000 UTC+bbbb"  # later!
    for folder, owner in ((genuine, real), (forged, impostor)):
        folder.mkdir()
        (folder / "lab.ipynb").write_text("{}")
        for path in (folder, folder / "lab.ipynb"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    (tmp_path / "_nbgrader").mkdir()
    config = Config()
    config.Exchange.root = str(tmp_path / "exchange")
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.assignment_id = "lab"
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / '_nbgrader' / 'gradebook.db'}"
    from nbgrader.coursedir import CourseDirectory

    collect = rosters.StrictCollect(coursedir=CourseDirectory(config=config), config=config)
    collect.init_src()
    assert [r["filename"] for r in collect.src_records] == [genuine.name]


# --- the demo hub ------------------------------------------------------------------------------


def layout(tmp_path: Path, host: str = "hub.localhost") -> cohort_hub.Layout:
    return cohort_hub.Layout.from_env({"OMLAB_HUB_STATE": str(tmp_path / "state"), "OMLAB_HUB_PORT": "8100",
                                       "OMLAB_HUB_HOST": host, "OMLAB_HUB_ROSTER": str(HUB / "demo_roster.csv")})


def test_addresses(tmp_path):
    sub, one = layout(tmp_path), layout(tmp_path, host="")
    assert sub.public_url == "http://hub.localhost:8100"
    assert sub.service_url == f"http://{COURSE_ID}--service.hub.localhost:8100/services/{COURSE_ID}/"
    assert sub.user_url("omlab-ana") == "http://omlab-ana.hub.localhost:8100/user/omlab-ana/"
    assert one.service_url == f"http://127.0.0.1:8100/services/{COURSE_ID}/"
    assert (sub.proxy_api_port, sub.hub_api_port, sub.service_port) == (8101, 8102, 8103)


@pytest.mark.parametrize("host", ["hub.localhost", ""])
def test_server_configs(tmp_path, host):
    hub = layout(tmp_path, host)
    cohort_hub.write_configs(hub)
    learner = json.loads((hub.etc / "learner" / "jupyter_server_config.json").read_text())["ServerApp"]
    grader = json.loads((hub.etc / "grader" / "jupyter_server_config.json").read_text())["ServerApp"]
    assert learner["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert learner["jpserver_extensions"]["nbgrader.server_extensions.assignment_list"] is True
    assert "tornado_settings" not in learner  # JupyterHub's frame-ancestors 'none' stays
    assert grader["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is True
    if host:  # an origin of its own: may be framed by itself only
        assert grader["tornado_settings"]["headers"]["Content-Security-Policy"] == "frame-ancestors 'self'"
    else:
        assert "tornado_settings" not in grader
    pages = json.loads((hub.etc / "learner" / "labconfig" / "page_config.json").read_text())
    assert pages["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    nbgrader = (hub.etc / "learner" / "nbgrader_config.py").read_text()
    assert str(hub.exchange) in nbgrader and COURSE_ID in nbgrader


def test_learners_submit_in_their_own_name_without_root(tmp_path):
    """As a normal user every server is the same Linux user, whose name nbgrader would put on
    every submission: learners are named after their hub account instead."""
    one_user = cohort_hub.Layout(state=tmp_path / "state", port=8100, host="", roster_path=HUB / "demo_roster.csv",
                                 as_root=False)
    cohort_hub.write_configs(one_user)
    config = (one_user.etc / "learner" / "nbgrader_config.py").read_text()
    assert "c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']" in config
    grader = (one_user.etc / "grader" / "nbgrader_config.py").read_text()
    assert "check_owner = False" in grader and "StrictCollect" not in grader
    as_root = cohort_hub.Layout(state=tmp_path / "root", port=8100, host="", roster_path=HUB / "demo_roster.csv",
                                as_root=True)
    cohort_hub.write_configs(as_root)
    assert "student_id" not in (as_root.etc / "learner" / "nbgrader_config.py").read_text()
    assert "grading.roster.StrictCollect" in (as_root.etc / "grader" / "nbgrader_config.py").read_text()


def test_hub_config_loads(tmp_path):
    """jupyterhub_config.py, loaded the way JupyterHub loads it, for the demo roster."""
    code = (
        "import json\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        f"c = PyFileConfigLoader('jupyterhub_config.py', path={str(HUB)!r}).load_config()\n"
        "print(json.dumps({'services': [dict(s, environment=None) for s in c.JupyterHub.services],\n"
        "  'roles': c.JupyterHub.load_roles, 'groups': c.JupyterHub.load_groups,\n"
        "  'allowed': sorted(c.Authenticator.allowed_users), 'signup': c.NativeAuthenticator.enable_signup,\n"
        "  'subdomain': c.JupyterHub.subdomain_host, 'bind': c.JupyterHub.bind_url}))\n"
    )
    env = {**os.environ, "OMLAB_HUB_STATE": str(tmp_path / "state"), "OMLAB_HUB_HOST": "hub.localhost",
           "OMLAB_HUB_PORT": "8100", "OMLAB_HUB_OPS_TOKEN": ""}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=HUB)
    assert done.returncode == 0, done.stderr
    c = json.loads(done.stdout.splitlines()[-1])
    assert [s["name"] for s in c["services"]] == [COURSE_ID]  # no automation service by default
    assert c["bind"] == "http://127.0.0.1:8100" and c["subdomain"] == "http://hub.localhost:8100"
    assert c["allowed"] == ["omlab-ana", "omlab-bram", "omlab-chen", "omlab-trainer"]
    assert c["signup"] is False
    role = c["roles"][0]
    assert role["groups"] == [f"formgrade-{COURSE_ID}"]
    assert f"access:services!service={COURSE_ID}" in role["scopes"]
    assert c["groups"][f"nbgrader-{COURSE_ID}"]["users"] == ["omlab-ana", "omlab-bram", "omlab-chen"]
    # no password is set anywhere in the configuration
    settings = re.findall(r"^c\.(\w+\.\w+)\s*=", (HUB / "jupyterhub_config.py").read_text(), re.M)
    assert [s for s in settings if s.split(".")[1].lower() in ("password", "passwords", "api_token")] == []
    assert "DummyAuthenticator" not in (HUB / "jupyterhub_config.py").read_text()


def test_set_runpath_rewrites_in_place(tmp_path):
    binary = Path(os.path.realpath(sys._base_executable))
    copy = tmp_path / "python"
    shutil.copy2(binary, copy)
    if not cohort_hub.set_runpath(copy, "$ORIGIN/../lib"):
        pytest.skip("this Python has no RUNPATH")
    assert b"$ORIGIN/../lib\0" in copy.read_bytes()
    assert copy.stat().st_size == binary.stat().st_size


def test_acl_entry_for_one_group_only(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    gid = os.getgid()
    try:
        entries = cohort_hub._read_acl(folder)
        cohort_hub._write_acl(folder, [*entries, (cohort_hub.ACL_GROUP, 0, gid + 4242)])
    except OSError as error:
        pytest.skip(f"no POSIX ACLs here: {error}")
    after = cohort_hub._read_acl(folder)
    assert (cohort_hub.ACL_GROUP, 0, gid + 4242) in after
    assert os.stat(folder).st_mode & 0o777 == 0o755  # mask = group bits: nobody else changes
    cohort_hub._write_acl(folder, [e for e in after if e[0] != cohort_hub.ACL_GROUP])
    with pytest.raises(OSError):
        os.getxattr(folder, cohort_hub.ACL_XATTR)


def test_nbgitpuller_links_are_the_books(tmp_path):
    from grading.release import launch_links

    hub = layout(tmp_path)
    link = cohort_hub.nbgitpuller_links(hub, ["kpi_analysis"])["kpi_analysis"]
    book = launch_links("kpi_analysis", {"repository": {"url": "https://github.com/o/open-museums-lab"},
                                         "course": {"jupyterhub_url": "https://hub.example.org"}})["hub"]
    assert link.split("?")[0].endswith("/hub/user-redirect/git-pull") and book.split("?")[0].endswith(
        "/hub/user-redirect/git-pull")
    assert link.split("&", 1)[1] == book.split("&", 1)[1]  # same branch and path in the lab
    assert "repo=file%3A%2F%2F" in link


# --- accounts -----------------------------------------------------------------------------------


def test_accounts_random_passwords_kept_private(tmp_path):
    import bcrypt

    db, out = tmp_path / "hub.sqlite", tmp_path / "accounts.txt"
    made = accounts.ensure(db, ["ana", "bram", "ana"], out)
    assert made == ["ana", "bram"]
    assert out.stat().st_mode & 0o077 == 0
    passwords = accounts.read_passwords(out)
    assert len(set(passwords.values())) == 2 and all(len(p) == 16 for p in passwords.values())
    rows = dict(sqlite3.connect(db).execute("select username, password from users_info").fetchall())
    assert bcrypt.checkpw(passwords["ana"].encode(), rows["ana"])
    assert accounts.ensure(db, ["ana", "chen"], out) == ["chen"]  # existing accounts kept
    assert accounts.read_passwords(out)["ana"] == passwords["ana"]


# --- The Littlest JupyterHub --------------------------------------------------------------------


def test_tljh_config_adds_to_tljhs_own(tmp_path):
    from traitlets.config import Config

    roster = write(tmp_path / "roster.csv", "username,role\ntess,trainer\nana,learner\n")
    source = (HUB / "tljh" / "jupyterhub_config.d" / "omlab.py").read_text()
    source = source.replace('"/opt/tljh/config/omlab-roster.csv"', repr(str(roster)))
    c = Config()
    c.JupyterHub.services = [{"name": "cull-idle", "admin": True, "command": ["cull"]}]  # TLJH's
    c.JupyterHub.load_roles = [{"name": "tljh-culler", "services": ["cull-idle"], "scopes": ["admin:users"]}]
    exec(compile(source, "omlab.py", "exec"), {"get_config": lambda: c})
    names = [s["name"] for s in c.JupyterHub.services]
    assert names == ["cull-idle", COURSE_ID]
    service = c.JupyterHub.services[1]
    assert service["user"] == "omlab-grader" and service["environment"]["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    assert [r["name"] for r in c.JupyterHub.load_roles] == ["tljh-culler", "course-trainer"]
    assert c.Authenticator.allowed_users == {"tess", "ana"}
    assert c.NativeAuthenticator.enable_signup is False


def test_tljh_setup_script_parses():
    done = subprocess.run(["bash", "-n", str(HUB / "tljh" / "setup.sh")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert os.access(HUB / "tljh" / "setup.sh", os.X_OK)


# --- Zero to JupyterHub ---------------------------------------------------------------------------

VALUES = yaml.safe_load((HUB / "k8s" / "values.yaml").read_text())
# The keys of the z2jh chart (4.x) these values use; anything else is a typo the chart would
# reject (its values.schema.json forbids unknown keys).
CHART_KEYS = {
    "hub": {"config", "loadRoles", "services", "extraConfig", "db", "resources"},
    "proxy": {"https"},
    "singleuser": {"image", "defaultUrl", "memory", "cpu", "storage", "extraEnv", "networkPolicy",
                   "startTimeout"},
    "cull": {"enabled", "users", "timeout", "every", "maxAge", "concurrency"},
    "scheduling": {"userScheduler", "podPriority", "userPlaceholder"},
    "prePuller": {"hook", "continuous"},
}


def to_mib(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)\s*([KMGT]i?)?", str(size)).groups()
    factor = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return float(number) * factor.get(unit or "", 1) / 2**20


def test_k8s_values_use_only_chart_keys():
    assert set(VALUES) == set(CHART_KEYS)
    for section, keys in CHART_KEYS.items():
        assert set(VALUES[section]) <= keys, f"{section}: {set(VALUES[section]) - keys}"


def test_k8s_values_resources_culling_and_course():
    user = VALUES["singleuser"]
    guarantee, limit = to_mib(user["memory"]["guarantee"]), to_mib(user["memory"]["limit"])
    assert 420 <= guarantee <= limit  # the image editing lab holds about 420 MiB (sizing guide)
    assert float(user["cpu"]["limit"]) >= 1
    assert VALUES["cull"]["enabled"] is True and VALUES["cull"]["timeout"] <= 3600
    config = VALUES["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    assert config["NativeAuthenticator"]["enable_signup"] is False
    assert set(config["JupyterHub"]["load_groups"]) == {f"formgrade-{COURSE_ID}", f"nbgrader-{COURSE_ID}"}
    role = VALUES["hub"]["loadRoles"]["course-trainer"]
    assert role["groups"] == [f"formgrade-{COURSE_ID}"]
    assert f"access:servers!user=grader-{COURSE_ID}" in role["scopes"]
    assert "ngshare" in VALUES["hub"]["services"] and VALUES["hub"]["loadRoles"]["ngshare"]["services"] == ["ngshare"]
    for name, code in VALUES["hub"]["extraConfig"].items():
        compile(code, name, "exec")
    assert user["defaultUrl"] == "/lab"


def test_user_image_holds_the_tools_not_the_solutions():
    dockerfile = (HUB / "k8s" / "Dockerfile").read_text()
    lines = [line for line in dockerfile.splitlines() if line and not line.startswith("#")]
    assert lines[0].startswith("FROM ")
    copies = [line.split()[-2] for line in lines if line.startswith("COPY")]
    for source in copies:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which does not exist"
        assert not source.startswith(("labs", ".", "_nbgrader")), f"{source} must stay out of the image"
    assert "requirements.txt" in dockerfile and "ngshare_exchange" in dockerfile
    for path in (HUB / "k8s" / "jupyter_server_config.json", HUB / "k8s" / "grader" / "jupyter_server_config.json"):
        json.loads(path.read_text())
    for path in (HUB / "k8s" / "nbgrader_config.py", HUB / "k8s" / "grader" / "nbgrader_config.py"):
        compile(path.read_text(), str(path), "exec")
