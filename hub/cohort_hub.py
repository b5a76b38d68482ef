"""Set up, start and stop the course's demo cohort hub (a real JupyterHub on 127.0.0.1).

    python hub/cohort_hub.py start      set up (idempotent), start in the background, wait until ready
    python hub/cohort_hub.py stop       stop the hub, its proxy, the formgrader service and all servers
    python hub/cohort_hub.py status     is it running, where, and which accounts exist
    python hub/cohort_hub.py links      the nbgitpuller link of every lab on this hub
    python hub/cohort_hub.py password USER   give USER a new random password
    python hub/cohort_hub.py remove     stop, then delete the demo's state, Linux accounts and ACL

Settings (environment variables, all optional):

    OMLAB_HUB_STATE   where the hub keeps its state (root: /srv/omlab-hub; others: hub/.state)
    OMLAB_HUB_PORT    public port on 127.0.0.1 (8000); the proxy API, hub API and the course
                      service use the next three ports
    OMLAB_HUB_HOST    host name for per-user subdomains ("hub.localhost"; "" = one origin, see
                      hub/README.md on the formgrader)
    OMLAB_HUB_ROSTER  the cohort's roster CSV (hub/demo_roster.csv)

Run as root, every learner, the trainer and the course's grader account is a Linux account of
its own (created with useradd): the operating system keeps their files apart. Run as a normal
user, every server runs as that user: fine to try the workflow, with no protection between
accounts (hub/README.md, "Root or not").
"""

from __future__ import annotations

import argparse
import grp
import json
import os
import pwd
import shutil
import signal
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for folder in (REPO, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import accounts  # noqa: E402

from grading import roster as rosters  # noqa: E402
from grading.config import COURSE_ID, WORK  # noqa: E402

GRADER = "omlab-grader"  # default Linux account that owns the course (root mode)
LEARNERS_GROUP = "omlab-learners"  # default Linux group of the roster's accounts (root mode)
DEMO_ROSTER = HERE / "demo_roster.csv"
# What the grader's copy of the course holds (everything else in the repository stays out).
COURSE_PARTS = ("nbgrader_config.py", "_config.yml", "pyproject.toml", "labs", "labtools",
                "grading", "datasets")
ACL_XATTR = "system.posix_acl_access"


@dataclass(frozen=True)
class Layout:
    """Where everything of one hub lives. The hub's config and this script compute it alike."""

    state: Path
    port: int
    host: str  # "" = single origin
    roster_path: Path
    as_root: bool
    grader: str = GRADER
    group: str = LEARNERS_GROUP

    @classmethod
    def from_env(cls, environ: dict | None = None) -> Layout:
        env = os.environ if environ is None else environ
        as_root = os.geteuid() == 0
        default_state = Path("/srv/omlab-hub") if as_root else HERE / ".state"
        return cls(
            state=Path(env.get("OMLAB_HUB_STATE") or default_state).resolve(),
            port=int(env.get("OMLAB_HUB_PORT") or 8000),
            host=env.get("OMLAB_HUB_HOST", "hub.localhost").strip(),
            roster_path=Path(env.get("OMLAB_HUB_ROSTER") or DEMO_ROSTER).resolve(),
            as_root=as_root,
            grader=env.get("OMLAB_HUB_GRADER") or GRADER,
            group=env.get("OMLAB_HUB_GROUP") or LEARNERS_GROUP,
        )

    def environ(self) -> dict[str, str]:
        return {"OMLAB_HUB_STATE": str(self.state), "OMLAB_HUB_PORT": str(self.port),
                "OMLAB_HUB_HOST": self.host, "OMLAB_HUB_ROSTER": str(self.roster_path),
                "OMLAB_HUB_GRADER": self.grader, "OMLAB_HUB_GROUP": self.group}

    # ports
    @property
    def proxy_api_port(self) -> int:
        return self.port + 1

    @property
    def hub_api_port(self) -> int:
        return self.port + 2

    @property
    def service_port(self) -> int:
        return self.port + 3

    # addresses
    @property
    def public_url(self) -> str:
        return f"http://{self.host or '127.0.0.1'}:{self.port}"

    @property
    def service_url(self) -> str:
        """Where the trainer opens the course's formgrader service."""
        if self.host:
            return f"http://{COURSE_ID}--service.{self.host}:{self.port}/services/{COURSE_ID}/"
        return f"{self.public_url}/services/{COURSE_ID}/"

    def user_url(self, user: str) -> str:
        if self.host:
            return f"http://{user}.{self.host}:{self.port}/user/{user}/"
        return f"{self.public_url}/user/{user}/"

    # folders
    @property
    def hub_dir(self) -> Path:  # the hub's database, secrets, log, pid: root only
        return self.state / "hub"

    @property
    def env(self) -> Path:  # the Python environment the servers run in
        return self.state / "env" if self.as_root else Path(sys.prefix)

    @property
    def etc(self) -> Path:
        return self.state / "etc"

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def git_repo(self) -> Path:  # stands in for the course's GitHub repository (learner branch)
        return self.state / "git" / "open-museums-lab"

    @property
    def homes(self) -> Path:  # normal-user mode only; as root, accounts live in /home
        return self.state / "homes"

    def home(self, user: str) -> Path:
        if self.as_root:
            return Path(pwd.getpwnam(user).pw_dir)
        return self.homes / user

    @property
    def course(self) -> Path:
        """The course root the formgrader service works in (the grader's private copy)."""
        if self.as_root:
            return Path("/home") / self.grader / COURSE_ID
        return self.state / "course"

    @property
    def accounts_file(self) -> Path:
        return self.hub_dir / "demo-accounts.txt"

    @property
    def pid_file(self) -> Path:
        return self.hub_dir / "jupyterhub.pid"

    @property
    def log_file(self) -> Path:
        return self.hub_dir / "jupyterhub.log"

    def roster(self) -> rosters.Roster:
        return rosters.read(self.roster_path)

    # environments of the processes the hub starts
    def base_env(self) -> dict[str, str]:
        return {
            "PATH": os.pathsep.join([str(self.env / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
            "LANG": "C.UTF-8",
            # nbgitpuller's git may read the root-owned learner repository
            "GIT_CONFIG_SYSTEM": str(self.etc / "gitconfig"),
            "MPLBACKEND": "Agg",
        }

    def learner_env(self) -> dict[str, str]:
        return {**self.base_env(), "JUPYTER_CONFIG_PATH": str(self.etc / "learner")}

    def grader_env(self) -> dict[str, str]:
        env = {**self.base_env(), "JUPYTER_CONFIG_PATH": str(self.etc / "grader"),
               # the course's own grading/ and labtools/ come first, as in the repository
               "PYTHONPATH": str(self.course)}
        if self.as_root:
            env.update(HOME=str(Path("/home") / self.grader), USER=self.grader)
        return env


# ---------------------------------------------------------------------------------------------
# helpers


def say(message: str) -> None:
    print(f"[hub] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    kwargs.setdefault("text", True)
    return subprocess.run(cmd, **kwargs)


def run_as_grader(layout: Layout, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command in the course as the grader account (as root) or as oneself."""
    kwargs.setdefault("cwd", str(layout.course))
    kwargs.setdefault("env", layout.grader_env())
    kwargs.setdefault("capture_output", True)
    if layout.as_root:
        kwargs.update(user=layout.grader, group=layout.grader, extra_groups=[])
    return run(cmd, **kwargs)


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for folder, dirs, files in os.walk(path):
        os.lchown(folder, entry.pw_uid, entry.pw_gid)
        for name in files + dirs:
            os.lchown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)


def world_usable(path: Path) -> bool:
    """Can an account without any privilege run this file (every folder on the way is
    searchable by others)?"""
    real = Path(os.path.realpath(path))
    if not real.is_file() or not os.stat(real).st_mode & 0o001:
        return False
    return all(os.stat(folder).st_mode & 0o001 for folder in real.parents)


# ---------------------------------------------------------------------------------------------
# accounts (root mode)


def ensure_accounts(layout: Layout, roster: rosters.Roster) -> None:
    if not group_exists(layout.group):
        run(["groupadd", "--system", layout.group])
    if not user_exists(layout.grader):
        run(["useradd", "--system", "--create-home", "--home-dir", f"/home/{layout.grader}",
             "--shell", "/bin/bash", "--user-group", layout.grader])
        say(f"created the Linux account {layout.grader} (owns the course and its gradebook)")
    os.chmod(f"/home/{layout.grader}", 0o700)
    for member in roster.members:
        if not user_exists(member.username):
            run(["useradd", "--create-home", "--shell", "/bin/bash", "--user-group",
                 "--groups", layout.group, "--comment", member.name, member.username])
            say(f"created the Linux account {member.username} ({member.role})")
        else:
            run(["usermod", "--append", "--groups", layout.group, member.username])
        os.chmod(pwd.getpwnam(member.username).pw_dir, 0o700)


ACL_GROUP, ACL_MASK, ACL_OWNER, ACL_GROUP_OBJ, ACL_OTHER = 0x08, 0x10, 0x01, 0x04, 0x20
NO_ID = 0xFFFFFFFF


def _read_acl(path: Path) -> list[tuple[int, int, int]]:
    """The access ACL of ``path`` as (tag, permissions, id) entries (Linux xattr format)."""
    try:
        blob = os.getxattr(path, ACL_XATTR)
    except OSError:
        mode = os.stat(path).st_mode
        return [(ACL_OWNER, (mode >> 6) & 7, NO_ID), (ACL_GROUP_OBJ, (mode >> 3) & 7, NO_ID),
                (ACL_OTHER, mode & 7, NO_ID)]
    return [struct.unpack_from("<HHI", blob, offset) for offset in range(4, len(blob), 8)]


def _write_acl(path: Path, entries: list[tuple[int, int, int]]) -> None:
    named = [e for e in entries if e[0] == ACL_GROUP or e[0] == 0x02]
    entries = [e for e in entries if e[0] != ACL_MASK]
    if not named:  # only the mode bits are left: no ACL at all
        try:
            os.removexattr(path, ACL_XATTR)
        except OSError:
            pass
        return
    group_obj = next(p for t, p, _ in entries if t == ACL_GROUP_OBJ)
    mask = group_obj
    for _, perms, _ in named:
        mask |= perms
    entries.append((ACL_MASK, mask, NO_ID))
    entries.sort(key=lambda e: (e[0], e[2]))
    os.setxattr(path, ACL_XATTR, struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries))


def deny_repository(layout: Layout) -> None:
    """Keep the roster's accounts out of this repository (its labs hold the solutions, .git
    their history) with one POSIX ACL entry for their group, "group:<group>:---"; nobody
    else's access changes. ``remove`` takes the entry away again."""
    gid = grp.getgrnam(layout.group).gr_gid
    entries = [e for e in _read_acl(REPO) if not (e[0] == ACL_GROUP and e[2] == gid)]
    _write_acl(REPO, [*entries, (ACL_GROUP, 0, gid)])


def allow_repository(layout: Layout) -> None:
    try:
        gid = grp.getgrnam(layout.group).gr_gid
    except KeyError:
        return
    _write_acl(REPO, [e for e in _read_acl(REPO) if not (e[0] == ACL_GROUP and e[2] == gid)])


# ---------------------------------------------------------------------------------------------
# the Python environment of the servers (root mode): a copy of .venv that needs nothing under
# /root or in this repository, so that the repository can stay closed to learners


def python_for_servers(layout: Layout) -> Path:
    """The interpreter of this environment, or, when it lives in a private folder (pyenv under
    /root, say), a copy of it in the hub's state folder. It must be the very same build: the
    packages of .venv were installed for it (an older 3.11.x, for one, mis-parses soupsieve's
    regular expressions, and nbconvert's feedback pages with them)."""
    real = Path(os.path.realpath(sys._base_executable))
    if os.environ.get("OMLAB_HUB_PYTHON"):
        real = Path(os.environ["OMLAB_HUB_PYTHON"])
    if world_usable(real) and all(world_usable(lib) for lib in _private_libraries(real)):
        return real
    return relocate_python(layout)


def _private_libraries(executable: Path) -> list[Path]:
    """The shared libraries an interpreter loads from its own installation (libpython)."""
    prefix = Path(sys.base_prefix)
    return [p for p in (prefix / "lib").glob("libpython*.so*") if p.is_file()] if \
        str(executable).startswith(str(prefix)) else []


def relocate_python(layout: Layout) -> Path:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    base, target = Path(sys.base_prefix), layout.state / "python"
    executable = target / "bin" / f"python{version}"
    stamp = json.dumps({"base": str(base), "version": sys.version})
    if (target / ".omlab-python").is_file() and (target / ".omlab-python").read_text() == stamp:
        return executable
    say(f"copying Python {sys.version.split()[0]} from {base} (a private folder) to {target}")
    new = target.with_name("python.new")
    shutil.rmtree(new, ignore_errors=True)
    (new / "bin").mkdir(parents=True)
    shutil.copy2(os.path.realpath(sys._base_executable), new / "bin" / f"python{version}")
    (new / "lib").mkdir()
    for library in (base / "lib").glob(f"libpython{version}*"):
        shutil.copy2(library, new / "lib" / library.name, follow_symlinks=False)
    stdlib = base / "lib" / f"python{version}"
    skip = {"site-packages", "test", "idlelib", "turtledemo", "__pycache__"}
    shutil.copytree(stdlib, new / "lib" / f"python{version}", symlinks=True, ignore=lambda folder, names: [
        n for n in names if (Path(folder) == stdlib and n in skip) or n.endswith(".a")])
    (new / "lib" / f"python{version}" / "site-packages").mkdir()
    # The interpreter finds libpython through an absolute RUNPATH into the private folder;
    # point it next to itself instead.
    set_runpath(new / "bin" / f"python{version}", "$ORIGIN/../lib")
    run(["chmod", "-R", "a+rX,go-w", str(new)])
    shutil.rmtree(target, ignore_errors=True)
    new.rename(target)
    (target / ".omlab-python").write_text(stamp)
    return executable


def set_runpath(binary: Path, runpath: str) -> bool:
    """Rewrite an ELF64 file's RUNPATH (or RPATH) in place, as chrpath does; the new value may
    not be longer than the old one. False when there is none."""
    data = bytearray(binary.read_bytes())
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return False
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, *_ in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for entry in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, entry)
            if tag in (15, 29):  # DT_RPATH, DT_RUNPATH
                start = strtab + value
                end = data.index(b"\0", start)
                new = runpath.encode()
                if len(new) > end - start:
                    raise ValueError(f"{binary}: the new RUNPATH is longer than the old one")
                data[start:end] = new + b"\0" * (end - start - len(new))
                binary.write_bytes(bytes(data))
                return True
    return False


def build_env(layout: Layout) -> None:
    source = Path(sys.prefix)
    stamp_value = json.dumps({
        "source": str(source),
        "python": sys.version,
        "installed": os.stat(source / ".installed").st_mtime if (source / ".installed").exists() else 0,
        "site": os.stat(next((source / "lib").glob("python3*/site-packages"))).st_mtime,
        "labtools": sorted((p.name, p.stat().st_mtime) for p in (REPO / "labtools").glob("*.py")),
    })
    target = layout.env
    stamp = target / ".omlab-env"
    if stamp.is_file() and stamp.read_text() == stamp_value:
        return
    python = python_for_servers(layout)
    say(f"copying the Python environment to {target} (for the servers, with {python})")
    new = target.with_name("env.new")
    shutil.rmtree(new, ignore_errors=True)
    run(["cp", "-a", str(source), str(new)])
    for link in new.glob("bin/python*"):
        link.unlink()
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for name in ("python", "python3", f"python{version}"):
        (new / "bin" / name).symlink_to(python)
    real_version = run([str(python), "-c", "import platform; print(platform.python_version())"],
                       capture_output=True).stdout.strip()
    (new / "pyvenv.cfg").write_text(
        f"home = {python.parent}\ninclude-system-site-packages = false\nversion = {real_version}\n"
    )
    old, fresh = str(source).encode(), str(target).encode()
    for script in (new / "bin").iterdir():
        if script.is_file() and not script.is_symlink():
            data = script.read_bytes()
            if data.startswith(b"#!") and old in data:
                script.write_bytes(data.replace(old, fresh))
    site = next((new / "lib").glob("python3*/site-packages"))
    for editable in site.glob("__editable__*open_museums_lab*"):
        editable.unlink()
    shutil.rmtree(site / "labtools", ignore_errors=True)
    shutil.copytree(REPO / "labtools", site / "labtools",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run(["chmod", "-R", "a+rX,go-w", str(new)])
    shutil.rmtree(target, ignore_errors=True)
    new.rename(target)
    stamp.write_text(stamp_value)


# ---------------------------------------------------------------------------------------------
# configuration files the servers read


def write_configs(layout: Layout) -> None:
    learner, grader = layout.etc / "learner", layout.etc / "grader"
    for folder in (learner / "labconfig", grader / "labconfig"):
        folder.mkdir(parents=True, exist_ok=True)
    exchange = (f"c.Exchange.root = {str(layout.exchange)!r}\n"
                f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
    who = "" if layout.as_root else (
        "# Not root: every server runs as the same Linux user, whose name nbgrader would give\n"
        "# every submission. Name the learner after their hub account instead.\n"
        "import os\n"
        "if os.environ.get('JUPYTERHUB_USER'):\n"
        "    c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']\n")
    (learner / "nbgrader_config.py").write_text(
        "# Written by hub/cohort_hub.py: the learners' side of the course exchange.\n"
        "c = get_config()  # noqa: F821\n" + exchange + who
    )
    # Learners get the Assignment List and Validate; the trainer tools are not even loaded.
    # Terminals start bash without "-l": a login shell would reset PATH to the system's and
    # lose the course environment (python, nbgrader).
    terminal = {"shell_command": ["/bin/bash"]}
    (learner / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {
        "terminado_settings": terminal,
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.course_list": False,
            "nbgrader.server_extensions.assignment_list": True,
            "nbgrader.server_extensions.validate_assignment": True,
        }}}, indent=1))
    (learner / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:course-list": True,
        "@jupyterlab/apputils-extension:announcements": True,
    }}, indent=1))
    strict = ("c.ExchangeFactory.collect = 'grading.roster.StrictCollect'\n" if layout.as_root else
              "# Not root: every account is the same Linux user, so the owner check is off.\n"
              "c.ExchangeCollect.check_owner = False\n")
    (grader / "nbgrader_config.py").write_text(
        "# Written by hub/cohort_hub.py: the course service's side of the exchange.\n"
        "c = get_config()  # noqa: F821\n" + exchange + strict
    )
    server: dict = {"ServerApp": {"terminado_settings": terminal, "jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": True,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.assignment_list": False,
        "nbgrader.server_extensions.validate_assignment": True,
    }}}
    if layout.host:
        # The formgrader panel is an iframe of this same server. JupyterHub >= 4.1 forbids all
        # framing ("frame-ancestors 'none'") because on a single origin any user's page could
        # frame another's. Here the service has an origin of its own (a subdomain only it
        # serves, only trainers may open), so allowing its own origin allows nobody else.
        server["ServerApp"]["tornado_settings"] = {
            "headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
    (grader / "jupyter_server_config.json").write_text(json.dumps(server, indent=1))
    (grader / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {
        "@jupyter/nbgrader:assignment-list": True,
        "@jupyter/nbgrader:course-list": True,
        "@jupyterlab/apputils-extension:announcements": True,
    }}, indent=1))
    (layout.etc / "gitconfig").write_text(f"[safe]\n\tdirectory = {layout.git_repo}\n")
    run(["chmod", "-R", "a+rX,go-w", str(layout.etc)])


# ---------------------------------------------------------------------------------------------
# the course: the grader's private copy, the exchange, the learner repository


def copy_course(layout: Layout) -> None:
    """Bring the grader's copy of the course up to date with this repository. The gradebook and
    every nbgrader folder (_nbgrader/) are the cohort's and are never touched."""
    course = layout.course
    course.mkdir(parents=True, exist_ok=True)
    for part in COURSE_PARTS:
        source, target = REPO / part, course / part
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", ".ipynb_checkpoints"))
        elif source.is_file():
            shutil.copy2(source, target)
    # Each lab carries its data in its source folder, so that nbgrader's own generate_assignment
    # (the formgrader's "Generate" button too) releases the lab with its data.
    from grading import release as releasing

    for lab in releasing.labs(course):
        for name in releasing.lab_meta(lab, course).get("datasets", []):
            releasing.copy_dataset(course / "datasets" / name, course / "labs" / lab / "data" / name)
    cache = REPO / ".grading-cache"  # reference records are keyed by content: safe to share
    if cache.is_dir():
        shutil.copytree(cache, course / ".grading-cache", dirs_exist_ok=True)
    (course / WORK).mkdir(exist_ok=True)
    if layout.as_root:
        chown_tree(course, layout.grader)
        os.chmod(course, 0o700)


def prepare_exchange(layout: Layout) -> None:
    layout.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(layout.exchange, 0o1777)  # nbgrader's exchange: everyone writes, sticky


def generate_learner_versions(layout: Layout) -> list[str]:
    """Learner versions of every lab that builds (labs still being written may not)."""
    from grading import release as releasing

    made = []
    for lab in releasing.labs(layout.course):
        result = run_as_grader(layout, ["nbgrader", "generate_assignment", lab, "--force",
                                        "--log-level=WARN"], check=False)
        if result.returncode == 0:
            made.append(lab)
        else:
            say(f"skipped {lab}: nbgrader could not make its learner version yet")
    return made


def publish_learner_branch(layout: Layout, labs: list[str]) -> None:
    """Commit the learner versions to the 'learner' branch of the local repository that the
    nbgitpuller links of this hub point to (on a real hub: the course's GitHub repository)."""
    repo = layout.git_repo
    if not (repo / "HEAD").exists():
        repo.parent.mkdir(parents=True, exist_ok=True)
        run(["git", "init", "--quiet", "--bare", str(repo)])
    work = layout.state / "git" / "work"
    shutil.rmtree(work, ignore_errors=True)
    run(["git", "init", "--quiet", str(work)])
    for lab in labs:
        shutil.copytree(layout.course / WORK / "release" / lab, work / lab)
    git = ["git", "-C", str(work), "-c", "user.name=Open Museums Lab",
           "-c", "user.email=course@open-museums-lab.invalid"]
    run([*git, "add", "--all"])
    run([*git, "commit", "--quiet", "--allow-empty", "-m", "Learner versions of the labs"])
    current = run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "learner^{tree}"],
                  check=False, capture_output=True).stdout.strip()
    new_tree = run([*git, "rev-parse", "HEAD^{tree}"], capture_output=True).stdout.strip()
    if current != new_tree:
        if current:  # build on the published history, so learners' clones can pull
            run([*git, "fetch", "--quiet", str(repo), "learner"])
            run([*git, "reset", "--soft", "FETCH_HEAD"])
            run([*git, "commit", "--quiet", "-m", "Update the learner versions of the labs"])
        run([*git, "push", "--quiet", "--force", str(repo), "HEAD:learner"])
    shutil.rmtree(work, ignore_errors=True)
    run(["chmod", "-R", "a+rX,go-w", str(repo.parent)])


def nbgitpuller_links(layout: Layout, labs: list[str]) -> dict[str, str]:
    """The book's launch link of each lab (grading.release.launch_links), for this hub."""
    from grading import release as releasing

    config = {"repository": {"url": f"file://{layout.git_repo}"},
              "course": {"jupyterhub_url": layout.public_url, "learner_branch": "learner"}}
    return {lab: releasing.launch_links(lab, config)["hub"] for lab in labs}


def import_roster(layout: Layout, roster: rosters.Roster) -> None:
    run_as_grader(layout, [str(layout.env / "bin" / "python"), "-m", "grading", "roster",
                           "import", str(layout.state / "roster.csv")])


def setup(layout: Layout) -> None:
    roster = layout.roster()
    layout.state.mkdir(parents=True, exist_ok=True)
    os.chmod(layout.state, 0o755)
    layout.hub_dir.mkdir(exist_ok=True)
    os.chmod(layout.hub_dir, 0o700)  # the hub's database (password hashes) and secrets
    shutil.copy2(layout.roster_path, layout.state / "roster.csv")
    os.chmod(layout.state / "roster.csv", 0o644)
    if layout.as_root:
        ensure_accounts(layout, roster)
        deny_repository(layout)
        build_env(layout)
    else:
        for member in roster.members:
            (layout.homes / member.username).mkdir(parents=True, exist_ok=True)
    write_configs(layout)
    prepare_exchange(layout)
    copy_course(layout)
    labs = generate_learner_versions(layout)
    publish_learner_branch(layout, labs)
    import_roster(layout, roster)
    (layout.state / "labs.json").write_text(json.dumps(labs))


# ---------------------------------------------------------------------------------------------
# start, stop, accounts


def running_pid(layout: Layout) -> int | None:
    try:
        pid = int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def _get(url: str, host: str | None = None, timeout: float = 3) -> int:
    """Status of a GET through the proxy on 127.0.0.1, as a browser asking for ``host`` gets it
    (without following redirects); 0 when nothing answers."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def healthy(layout: Layout) -> bool:
    return _get(f"http://127.0.0.1:{layout.hub_api_port}/hub/health") == 200


def ready(layout: Layout) -> bool:
    """The hub answers through the proxy, and so does the course service."""
    public = f"{layout.host}:{layout.port}" if layout.host else None
    service = f"{COURSE_ID}--service.{layout.host}:{layout.port}" if layout.host else None
    base = f"http://127.0.0.1:{layout.port}"
    return (healthy(layout)
            and _get(f"{base}/hub/login", public) == 200
            and _get(f"{base}/services/{COURSE_ID}/", service) in (200, 302))


def start(layout: Layout, timeout: float = 180) -> None:
    if running_pid(layout):
        say(f"already running (pid {running_pid(layout)})")
        return
    stop(layout, quiet=True)  # whatever a hub that crashed left behind
    proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        raise SystemExit("configurable-http-proxy is missing: run `npm ci` in hub/ (or `make hub`).")
    setup(layout)
    env = {**os.environ, **layout.environ()}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    with open(layout.log_file, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HERE / "jupyterhub_config.py")],
            cwd=layout.hub_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    layout.pid_file.write_text(str(process.pid))
    deadline = time.monotonic() + timeout
    while not ready(layout):
        if process.poll() is not None:
            raise SystemExit(f"JupyterHub stopped at start-up; see {layout.log_file}:\n"
                             + layout.log_file.read_text()[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit(f"JupyterHub did not answer within {timeout:.0f} s; see {layout.log_file}")
        time.sleep(0.5)
    ensure_passwords(layout)
    describe(layout)


def our_processes(layout: Layout) -> list[int]:
    """Processes this hub left behind: its proxy (pid file) and every server, service or kernel
    started with this hub's configuration folders (their environment names them)."""
    found = []
    proxy_pid = layout.hub_dir / "jupyterhub-proxy.pid"
    try:
        found.append(int(proxy_pid.read_text().strip()))
    except (OSError, ValueError):
        pass
    marker = f"JUPYTER_CONFIG_PATH={layout.etc}/".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                variables = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(v.startswith(marker) for v in variables):
                found.append(int(entry.name))
    return found


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.3)
        alive = [pid for pid in alive if _alive(pid)]
    return alive


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def stop(layout: Layout, timeout: float = 60, quiet: bool = False) -> None:
    pid = running_pid(layout)
    if pid:
        os.kill(pid, signal.SIGTERM)  # JupyterHub stops its proxy, the service and the servers
        if _wait_gone([pid], timeout):
            os.kill(pid, signal.SIGKILL)
        say("stopped")
    elif not quiet:
        say("not running")
    layout.pid_file.unlink(missing_ok=True)
    leftovers = [p for p in our_processes(layout) if _alive(p)]
    for signum in (signal.SIGTERM, signal.SIGKILL):
        for leftover in leftovers:
            try:
                os.kill(leftover, signum)
            except ProcessLookupError:
                pass
        leftovers = _wait_gone(leftovers, 10)
        if not leftovers:
            break
    (layout.hub_dir / "jupyterhub-proxy.pid").unlink(missing_ok=True)


def hub_db(layout: Layout) -> Path:
    return layout.hub_dir / "jupyterhub.sqlite"


def read_accounts(layout: Layout) -> dict[str, str]:
    return accounts.read_passwords(layout.accounts_file)


def set_password(layout: Layout, username: str) -> str:
    passwords = read_accounts(layout)
    passwords[username] = accounts.set_password(hub_db(layout), username)
    accounts.write_passwords(layout.accounts_file, passwords)
    return passwords[username]


def ensure_passwords(layout: Layout) -> None:
    """Every roster account gets a random password of its own (no shared password anywhere);
    accounts made before keep theirs."""
    accounts.ensure(hub_db(layout), layout.roster().usernames, layout.accounts_file)


def describe(layout: Layout) -> None:
    roster = layout.roster()
    labs = json.loads((layout.state / "labs.json").read_text()) if (layout.state / "labs.json").exists() else []
    say(f"JupyterHub is running: open {layout.public_url}/hub/login")
    say(f"  accounts and passwords: {layout.accounts_file} (readable by you only)")
    say(f"  trainers ({', '.join(m.username for m in roster.trainers)}): the course's formgrader "
        f"is the service {COURSE_ID}: {layout.service_url}")
    say(f"  learners: {', '.join(m.username for m in roster.learners)}")
    for lab, link in nbgitpuller_links(layout, labs).items():
        say(f"  {lab} (nbgitpuller): {link}")
    say(f"  course (gradebook, sources): {layout.course}; exchange: {layout.exchange}")
    say(f"  log: {layout.log_file}; stop with: hub/stop.sh")


def remove(layout: Layout) -> None:
    stop(layout)
    if layout.as_root:
        roster = layout.roster() if layout.roster_path.exists() else rosters.Roster()
        allow_repository(layout)
        for name in [*roster.usernames, layout.grader]:
            if user_exists(name):
                run(["userdel", "--remove", name], check=False, capture_output=True)
        if group_exists(layout.group):
            run(["groupdel", layout.group], check=False)
    shutil.rmtree(layout.state, ignore_errors=True)
    say(f"removed {layout.state}" + (" and the demo's Linux accounts" if layout.as_root else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python hub/cohort_hub.py",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status", "links", "password",
                                            "remove", "setup"])
    parser.add_argument("user", nargs="?", help="for 'password': the account")
    args = parser.parse_args(argv)
    layout = Layout.from_env()
    if args.command == "start":
        start(layout)
    elif args.command == "setup":
        setup(layout)
    elif args.command == "stop":
        stop(layout)
    elif args.command == "remove":
        remove(layout)
    elif args.command == "status":
        if running_pid(layout) and healthy(layout):
            describe(layout)
        else:
            say("not running")
            return 1
    elif args.command == "links":
        labs = json.loads((layout.state / "labs.json").read_text())
        for lab, link in nbgitpuller_links(layout, labs).items():
            print(f"{lab}\t{link}")
    elif args.command == "password":
        if not args.user or not layout.roster().get(args.user):
            parser.error("give the username of someone on the roster")
        print(f"{args.user} {set_password(layout, args.user)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
