# JupyterHub configuration of the Open Museums Lab cohort hub.
#
# Start it with hub/start.sh (or `make hub`), which prepares everything this file points to:
# see hub/cohort_hub.py and hub/README.md. Every setting comes from the roster and the
# OMLAB_HUB_* environment variables; there is no password in this file.
#
#   accounts       the roster CSV; each account has its own password (Native Authenticator's
#                  local database, bcrypt hashes); nobody can sign up
#   learners       group nbgrader-open-museums-lab: their own JupyterLab, Assignment List
#   trainers       group formgrade-open-museums-lab: may open the service "open-museums-lab",
#                  the course's JupyterLab with the formgrader, running as the grader account
#   exchange       nbgrader's file exchange in $OMLAB_HUB_STATE/exchange
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from cohort_hub import Layout  # noqa: E402
from nativeauthenticator import NativeAuthenticator  # noqa: E402

from grading.config import COURSE_ID  # noqa: E402
from grading.roster import FORMGRADE_GROUP, LEARNER_GROUP  # noqa: E402

c = get_config()  # noqa: F821
layout = Layout.from_env()
roster = layout.roster()

# --- where it listens: only on this machine ----------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{layout.port}"
if layout.host:
    # Every user and the course service get an origin of their own ("ana.hub.localhost"), so
    # a page one account serves can never script another account's pages.
    c.JupyterHub.subdomain_host = f"http://{layout.host}:{layout.port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = layout.hub_api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{layout.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{layout.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(layout.hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(layout.hub_dir / "jupyterhub.pid")


# --- accounts: the roster, each with a password of their own ------------------------------------
class CohortAuthenticator(NativeAuthenticator):
    """Native Authenticator without self sign-up: the accounts are the roster's, created with
    a random password each (hub/cohort_hub.py); people change it at /hub/change-password."""


c.JupyterHub.authenticator_class = CohortAuthenticator
c.NativeAuthenticator.enable_signup = False
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 12
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300
c.Authenticator.allowed_users = set(roster.usernames)
c.Authenticator.admin_users = {u for u in os.environ.get("OMLAB_HUB_ADMINS", "").split(",") if u}

# --- groups and roles (nbgrader's names) --------------------------------------------------------
c.JupyterHub.load_groups = {name: {"users": users} for name, users in roster.hub_groups(COURSE_ID).items()}
trainers = FORMGRADE_GROUP.format(course=COURSE_ID)
c.JupyterHub.load_roles = [
    {
        "name": "course-trainer",
        "description": "Open the course's formgrader service",
        "groups": [trainers],
        "scopes": [f"access:services!service={COURSE_ID}", "list:services",
                   f"read:services!service={COURSE_ID}"],
    },
]
learners = LEARNER_GROUP.format(course=COURSE_ID)  # no extra rights: their own server only

# --- learners' (and trainers' own) servers ------------------------------------------------------
if layout.as_root:
    # Each account is a Linux user of its own (created by hub/cohort_hub.py with useradd).
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.notebook_dir = "~"
else:
    # One Linux user runs everything: each account only gets a folder of its own.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(layout.homes / "{username}")
c.Spawner.cmd = [str(layout.env / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = ["LANG", "LC_ALL", "TZ"]
c.Spawner.environment = layout.learner_env()
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.cleanup_servers = True

# --- the course service: JupyterLab with the formgrader, in the grader's copy of the course -----
service = {
    "name": COURSE_ID,
    "url": f"http://127.0.0.1:{layout.service_port}",
    "command": [str(layout.env / "bin" / "jupyterhub-singleuser")],
    "cwd": str(layout.course),
    "environment": {
        **layout.grader_env(),
        # With an origin of its own the formgrader works inside JupyterLab; on a single origin
        # it opens as a page of its own (never framed: see hub/README.md).
        "JUPYTERHUB_DEFAULT_URL": "/lab" if layout.host else "/formgrader",
    },
    "oauth_no_confirm": True,
    "display": True,
}
if layout.as_root:
    service["user"] = layout.grader
c.JupyterHub.services = [service]

# --- automation (optional): benchmarks/hub_memory.py starts and measures servers with a token it
# makes up for one run and passes in the environment only; without it there is no such service.
if os.environ.get("OMLAB_HUB_OPS_TOKEN"):
    c.JupyterHub.services.append({"name": "omlab-ops", "api_token": os.environ["OMLAB_HUB_OPS_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "omlab-ops", "services": ["omlab-ops"],
                                    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]})


# --- patience with a slow machine -----------------------------------------------------------------
# JupyterHub gives a managed service 10 seconds to answer and stops when it does not. The course's
# JupyterLab with nbgrader can need longer on a small server that is also starting everything
# else, so wait up to two minutes while its process is alive.
from jupyterhub import app as _hubapp  # noqa: E402
from jupyterhub.objects import Server as _Server  # noqa: E402
from jupyterhub.utils import AnyTimeoutError as _AnyTimeoutError  # noqa: E402

_start_service = _hubapp.JupyterHub.start_service


async def _patient_start_service(self, service_name, service, ssl_context=None):
    if await _start_service(self, service_name, service, ssl_context):
        return True
    if not service.managed:
        return False
    self.log.info("Still waiting for the service %s (up to two minutes)", service_name)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if await service.spawner.poll() is not None:
            return False
        try:
            await _Server.from_orm(service.orm.server).wait_up(http=True, timeout=5, ssl_context=ssl_context)
            self.log.info("The service %s is up", service_name)
            return True
        except _AnyTimeoutError:
            pass
    return False


_hubapp.JupyterHub.start_service = _patient_start_service
