# The Open Museums Lab course on The Littlest JupyterHub (TLJH).
#
# hub/tljh/setup.sh copies this file to /opt/tljh/config/jupyterhub_config.d/omlab.py and the
# roster to /opt/tljh/config/omlab-roster.csv; `sudo tljh-config reload hub` applies it.
# Accounts, passwords and HTTPS stay TLJH's business (tljh-config); this file adds the course:
#
# - the roster's users may log in (Native Authenticator: one password each, no sign-up);
# - groups with nbgrader's names: trainers (formgrade-open-museums-lab) and learners
#   (nbgrader-open-museums-lab);
# - the course service "open-museums-lab": the formgrader in the grader account's copy of the
#   course, running as that Linux account; only trainers may open it.
import csv
from pathlib import Path

c = get_config()  # noqa: F821

COURSE_ID = "open-museums-lab"
GRADER = "omlab-grader"  # a Linux account of its own (setup.sh creates it)
COURSE = f"/home/{GRADER}/{COURSE_ID}"  # its clone of the course repository
ROSTER = Path("/opt/tljh/config/omlab-roster.csv")
USER_ENV = "/opt/tljh/user"

members = []
if ROSTER.is_file():
    with open(ROSTER, encoding="utf-8-sig", newline="") as handle:
        members = [{k.strip().lower(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
trainers = [m["username"] for m in members if m.get("role") == "trainer"]
learners = [m["username"] for m in members if m.get("role") == "learner"]

c.NativeAuthenticator.enable_signup = False  # the admin creates accounts (README step 4)
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 12
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300
if members:
    c.Authenticator.allowed_users = set(trainers) | set(learners)

# TLJH's own configuration already has services and roles (the idle culler): add to them.
c.JupyterHub.load_groups.update({
    f"formgrade-{COURSE_ID}": {"users": trainers},
    f"nbgrader-{COURSE_ID}": {"users": learners},
})
c.JupyterHub.load_roles.append(
    {
        "name": "course-trainer",
        "description": "Open the course's formgrader service",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [f"access:services!service={COURSE_ID}", "list:services",
                   f"read:services!service={COURSE_ID}"],
    }
)

# TLJH serves everyone from one origin (https://your-hub/), so JupyterHub forbids framing
# ("frame-ancestors 'none'") and the formgrader cannot show inside JupyterLab. It opens as a page
# of its own instead: the service's default page is the formgrader. (With per-user subdomains and
# a wildcard certificate it could be framed safely; hub/README.md explains.)
c.JupyterHub.services.append(
    {
        "name": COURSE_ID,
        "url": "http://127.0.0.1:9999",
        "command": [f"{USER_ENV}/bin/jupyterhub-singleuser"],
        "user": GRADER,
        "cwd": COURSE,
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "PATH": f"{USER_ENV}/bin:/usr/local/bin:/usr/bin:/bin",
            "PYTHONPATH": COURSE,
            "JUPYTER_CONFIG_PATH": "/opt/tljh/config/omlab-grader",
            "MPLBACKEND": "Agg",
        },
        "oauth_no_confirm": True,
        "display": True,
    }
)
