"""A cohort from a CSV roster: who the learners and trainers are, for nbgrader and the hub.

The roster is one CSV file a trainer or training coordinator keeps (UTF-8, comma-separated,
a header row). Columns:

    username     required; the hub account, the nbgrader student id and, on a hub that runs as
                 root, the Linux account: lower case, starts with a letter, up to 32 of a-z 0-9 - _
    role         required; ``learner`` or ``trainer``
    first_name, last_name, email, organisation   optional

    python -m grading roster check ROSTER.csv     check the file and list the cohort
    python -m grading roster import ROSTER.csv    add or update the learners in the gradebook

``StrictCollect`` is the exchange collector the course hub uses: it collects a submission only
when the Linux account that owns it is the learner it claims to be (nbgrader's own check only
warns), so a learner cannot submit as another.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import WORK

ROLES = ("learner", "trainer")
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
COLUMNS = ("username", "role", "first_name", "last_name", "email", "organisation")
FORMGRADE_GROUP = "formgrade-{course}"  # nbgrader's names for a course's groups on a hub
LEARNER_GROUP = "nbgrader-{course}"


class RosterError(ValueError):
    """The roster file cannot be used; the message says which line and why."""


@dataclass(frozen=True)
class Member:
    username: str
    role: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    organisation: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.username


@dataclass
class Roster:
    members: list[Member] = field(default_factory=list)
    source: Path | None = None

    @property
    def learners(self) -> list[Member]:
        return [m for m in self.members if m.role == "learner"]

    @property
    def trainers(self) -> list[Member]:
        return [m for m in self.members if m.role == "trainer"]

    @property
    def usernames(self) -> list[str]:
        return [m.username for m in self.members]

    def get(self, username: str) -> Member | None:
        return next((m for m in self.members if m.username == username), None)

    def hub_groups(self, course: str) -> dict[str, list[str]]:
        """JupyterHub groups, named the way nbgrader expects: trainers may open the course's
        formgrader service, learners take the course."""
        return {
            FORMGRADE_GROUP.format(course=course): [m.username for m in self.trainers],
            LEARNER_GROUP.format(course=course): [m.username for m in self.learners],
        }


def read(path: str | Path) -> Roster:
    """Read and check a roster CSV; raise RosterError naming the line of the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's "CSV UTF-8" has a BOM
    except FileNotFoundError:
        raise RosterError(f"No roster at {path}.") from None
    rows = list(csv.DictReader(text.splitlines()))
    if not rows:
        raise RosterError(f"{path}: the roster is empty (it needs a header row and one row per person).")
    header = [h.strip().lower() for h in rows[0].keys() if h is not None]
    for needed in ("username", "role"):
        if needed not in header:
            raise RosterError(f"{path}: the header has no '{needed}' column (found: {', '.join(header)}).")
    members: list[Member] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(clean.values()):
            continue
        username, role = clean.get("username", ""), clean.get("role", "").lower()
        if not USERNAME.match(username):
            raise RosterError(
                f"{path}, line {number}: username {username!r} must be lower case, start with a "
                "letter and use only a-z, 0-9, '-' and '_' (at most 32 characters)."
            )
        if username in seen:
            raise RosterError(f"{path}, line {number}: username {username!r} appears twice.")
        if role not in ROLES:
            raise RosterError(f"{path}, line {number}: role {role!r} must be 'learner' or 'trainer'.")
        seen.add(username)
        members.append(Member(username=username, role=role,
                              **{c: clean.get(c, "") for c in COLUMNS[2:]}))
    if not members:
        raise RosterError(f"{path}: the roster lists nobody.")
    return Roster(members=members, source=path)


def sync_gradebook(roster: Roster, db_url: str, prefix: str = "") -> list[str]:
    """Add every learner to the nbgrader gradebook, or update their name and email there.

    ``prefix`` goes before each username to make the nbgrader student id: nbgrader names a
    learner after their Linux account, which The Littlest JupyterHub calls ``jupyter-<name>``.
    Learners who left the roster are kept: their grades stay in the gradebook."""
    from nbgrader.api import Gradebook

    with_python_tools()
    done = []
    with Gradebook(db_url) as gb:
        existing = {s.id for s in gb.students}
        for m in roster.learners:
            student = prefix + m.username
            gb.update_or_create_student(student, first_name=m.first_name or None,
                                        last_name=m.last_name or None, email=m.email or None)
            done.append(("updated " if student in existing else "added ") + student)
    return done


def with_python_tools() -> None:
    """Put this Python's scripts first on PATH: nbgrader runs ``alembic`` to create a gradebook,
    and a trainer may call ``.venv/bin/python -m grading`` without activating the environment."""
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])


def course_db_url(root: str | Path) -> str:
    """The gradebook of the course whose nbgrader_config.py is at ``root``."""
    return f"sqlite:///{Path(root).resolve() / WORK / 'gradebook.db'}"


@functools.cache
def _strict_collect_class():
    import glob
    import os
    import pwd

    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.exchange.default.collect import ExchangeCollect, groupby
    from nbgrader.utils import check_mode

    class StrictCollect(ExchangeCollect):
        """nbgrader's collector, except that a submission whose files belong to another Linux
        account than the learner it names is refused, before the latest submission of each
        learner is chosen (nbgrader itself only warns, and collects it)."""

        def owners(self, path: str) -> set[str]:
            found = set()
            for folder, _dirs, files in os.walk(path):
                for name in (folder, *(os.path.join(folder, f) for f in files)):
                    try:
                        found.add(pwd.getpwuid(os.lstat(name).st_uid).pw_name)
                    except KeyError:
                        found.add("an unknown account")
            return found

        def init_src(self):
            # nbgrader's ExchangeCollect.init_src, with the owner check before the choice of
            # each learner's latest submission
            if self.coursedir.course_id == "":
                self.fail("No course id specified. Re-run with --course flag.")
            self.course_path = os.path.join(self.root, self.coursedir.course_id)
            self.inbound_path = os.path.join(self.course_path, "inbound")
            if not os.path.isdir(self.inbound_path):
                self.fail(f"Course not found: {self.inbound_path}")
            if not check_mode(self.inbound_path, read=True, execute=True):
                self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
            student = self.coursedir.student_id or "*"
            pattern = os.path.join(self.inbound_path, f"{student}+{self.coursedir.assignment_id}+*")
            records = []
            for path in glob.glob(pattern):
                record = self._path_to_record(path)
                owners = self.owners(path)
                if owners == {record["username"]}:
                    records.append(record)
                else:
                    self.log.warning("Refused %s: it claims to be from %s but belongs to %s.",
                                     record["filename"], record["username"], ", ".join(sorted(owners)))
            with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
                try:
                    self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
                except MissingEntry:
                    self.duedate = None
            self.src_records = []
            for mine in groupby(records, lambda r: r["username"]).values():
                mine = self._sort_by_timestamp(mine)
                if self.duedate is not None and self.before_duedate:
                    mine = [r for r in mine if r["timestamp"] <= self.duedate] or mine
                self.src_records.append(mine[0])

    return StrictCollect


def __getattr__(name: str):  # nbgrader imports "grading.roster.StrictCollect" by name
    if name == "StrictCollect":
        return _strict_collect_class()
    raise AttributeError(name)


def describe(path: str | Path) -> str:
    roster = read(path)
    lines = [f"{roster.source}: {len(roster.learners)} learners, {len(roster.trainers)} trainers"]
    for m in roster.members:
        extra = ", ".join(p for p in (m.organisation, m.email) if p)
        lines.append(f"  {m.role:8} {m.username:20} {m.name}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)


def add_command(sub) -> None:
    """Register ``python -m grading roster`` (called by grading/__main__.py)."""
    p = sub.add_parser("roster", help="check a cohort's roster CSV, or add its learners to the gradebook",
                       description="Check a cohort's roster CSV, or add or update its learners in "
                                   "the gradebook of the course.")
    p.add_argument("action", choices=["check", "import"],
                   help="check: read the file and list the cohort; import: add the learners to the gradebook")
    p.add_argument("csv", type=Path, help="the roster: username, role (learner or trainer), "
                                          "first_name, last_name, email, organisation")
    p.add_argument("--course", type=Path, default=Path("."),
                   help="the course root, where nbgrader_config.py is (default: this folder)")
    p.add_argument("--student-prefix", default="",
                   help="put this before each username to make the nbgrader student id "
                        "(The Littlest JupyterHub: jupyter-)")
    p.set_defaults(func=_command)


def _command(args) -> int:
    try:
        if args.action == "check":
            print(describe(args.csv))
            return 0
        roster = read(args.csv)
        (args.course / WORK).mkdir(parents=True, exist_ok=True)
        for line in sync_gradebook(roster, course_db_url(args.course), args.student_prefix):
            print(line)
        print(f"{len(roster.learners)} learners are in the gradebook of {args.course.resolve()}.")
        return 0
    except RosterError as error:
        print(error, file=sys.stderr)
        return 2
