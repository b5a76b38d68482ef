"""Memory per learner on the cohort hub, with the labs running: the figures of the sizing guide.

    sudo .venv/bin/python benchmarks/hub_memory.py [--learners 3] [--labs kpi_analysis ...] [--keep]

Starts a hub of its own (hub/cohort_hub.py, a scratch state folder, free ports, a roster of
``--learners`` made-up learners; as root, so every learner is a Linux account of their own),
then for every learner, all at once:

1. starts their server through the hub's REST API and measures it idle;
2. copies each lab's learner version (with its data) into their home, as the Assignment List
   does, opens it in a kernel of their server and runs the lab's code cells with the reference
   answers (the code of the source notebook), one lab after another, measuring the kernel of
   each lab once it has run (the memory a learner holds while working on that lab);

and prints, per lab, the memory of a learner's server plus that lab's kernel: PSS (shared
libraries split between the processes that share them: what adding a learner costs) and RSS (the
pages each process maps). It also gives the hub's own processes (hub, proxy, the course service).
``--keep`` leaves the hub running afterwards (stop it with ``hub/cohort_hub.py stop`` and the
same OMLAB_HUB_* variables).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pwd
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hub"))
sys.path.insert(0, str(ROOT))

import cohort_hub  # noqa: E402

from grading import release as releasing  # noqa: E402


def free_base_port() -> int:
    for base in range(19000, 20000, 10):
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


def memory_of(pids: list[int]) -> dict[str, float]:
    """PSS and RSS in MiB of these processes (from /proc/<pid>/smaps_rollup)."""
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return {"pss": pss / 1024, "rss": rss / 1024}


def pids_of(uid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def children(pid: int) -> list[int]:
    """pid and all its descendants."""
    tree, todo = [], [pid]
    by_parent: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            by_parent.setdefault(ppid, []).append(int(entry.name))
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(by_parent.get(current, []))
    return tree


def kernel_pids(uid: int) -> list[int]:
    out = []
    for pid in pids_of(uid):
        try:
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(pid)
        except OSError:
            pass
    return out


class Hub:
    """Talks to the hub's REST API and to the learners' servers through the proxy."""

    def __init__(self, layout: cohort_hub.Layout, token: str):
        self.layout, self.token = layout, token

    def _host(self, user: str | None) -> str:
        host = self.layout.host
        if not host:
            return f"127.0.0.1:{self.layout.port}"
        return f"{user}.{host}:{self.layout.port}" if user else f"{host}:{self.layout.port}"

    async def request(self, method: str, path: str, user: str | None = None, body=None):
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        request = HTTPRequest(
            f"http://127.0.0.1:{self.layout.port}{path}", method=method,
            headers={"Host": self._host(user), "Authorization": f"token {self.token}",
                     "Content-Type": "application/json"},
            body=None if body is None and method == "GET" else json.dumps(body or {}),
            request_timeout=300, follow_redirects=False, allow_nonstandard_methods=True,
        )
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        text = response.body.decode() if response.body else ""
        return response.code, (json.loads(text) if text.startswith(("{", "[")) else text)

    async def start_server(self, user: str, timeout: float = 300) -> None:
        code, _ = await self.request("POST", f"/hub/api/users/{user}/server")
        if code not in (201, 202, 400):
            raise RuntimeError(f"cannot start {user}'s server: {code}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code, model = await self.request("GET", f"/hub/api/users/{user}")
            if code == 200 and model.get("servers", {}).get("", {}).get("ready"):
                return
            await asyncio.sleep(1)
        raise RuntimeError(f"{user}'s server did not start")

    async def run_notebook(self, user: str, path: str, cells: list[str]) -> list[str]:
        """Open ``path`` in a new kernel of the user's server and run ``cells``; return errors."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        code, session = await self.request("POST", f"/user/{user}/api/sessions", user, {
            "path": path, "type": "notebook", "name": Path(path).name, "kernel": {"name": "python3"}})
        if code not in (200, 201):
            raise RuntimeError(f"no kernel for {user}: {code} {session}")
        kernel = session["kernel"]["id"]
        ws = await websocket_connect(HTTPRequest(
            f"ws://127.0.0.1:{self.layout.port}/user/{user}/api/kernels/{kernel}/channels",
            headers={"Host": self._host(user), "Authorization": f"token {self.token}"}),
            max_message_size=64 * 1024 * 1024)
        errors, client = [], uuid.uuid4().hex
        for source in cells:
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": user, "session": client,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False},
            }))
            while True:
                raw = await asyncio.wait_for(ws.read_message(), timeout=600)
                if raw is None:
                    raise RuntimeError(f"{user}: the kernel's connection closed")
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if message["msg_type"] == "error":
                    errors.append(f"{message['content']['ename']}: {message['content']['evalue']}")
                if message.get("channel") == "shell" and message["msg_type"] == "execute_reply":
                    break
        ws.close()
        return errors


def lab_code(lab: str) -> list[str]:
    """The code cells of a lab's source notebook (the reference answers and the checks), without
    shell or magic lines."""
    nb = nbformat.read(ROOT / "labs" / lab / f"{lab}.ipynb", as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            cells.append("\n".join(line for line in cell.source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    return cells


def give_lab(layout: cohort_hub.Layout, user: str, lab: str) -> str:
    """Copy the lab's learner version into the learner's home, as fetching it does."""
    entry = pwd.getpwnam(user)
    target = Path(entry.pw_dir) / lab
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(layout.course / "_nbgrader" / "release" / lab, target)
    for folder, dirs, files in os.walk(target):
        for name in [folder, *(os.path.join(folder, n) for n in files + dirs)]:
            os.lchown(name, entry.pw_uid, entry.pw_gid)
    return f"{lab}/{lab}.ipynb"


async def measure(layout: cohort_hub.Layout, token: str, learners: list[str], labs: list[str]) -> dict:
    hub = Hub(layout, token)
    await asyncio.gather(*(hub.start_server(u) for u in learners))
    await asyncio.sleep(5)
    uids = {u: pwd.getpwnam(u).pw_uid for u in learners}
    idle = {u: memory_of(pids_of(uids[u])) for u in learners}
    per_lab: dict[str, dict] = {}
    errors: dict[str, list[str]] = {}

    async def learner_runs(user: str, lab: str) -> None:
        path = give_lab(layout, user, lab)
        errors[f"{user}/{lab}"] = await hub.run_notebook(user, path, lab_code(lab))

    for lab in labs:
        started = time.monotonic()
        await asyncio.gather(*(learner_runs(u, lab) for u in learners))
        await asyncio.sleep(2)
        servers, kernels = [], []
        for u in learners:
            kpids = kernel_pids(uids[u])
            kernel = memory_of([p for k in kpids for p in children(k)])
            everything = memory_of(pids_of(uids[u]))
            kernels.append(kernel)
            servers.append({"pss": everything["pss"] - kernel["pss"], "rss": everything["rss"] - kernel["rss"]})
        per_lab[lab] = {
            "seconds": time.monotonic() - started,
            "kernel_pss": statistics.mean(k["pss"] for k in kernels),
            "kernel_rss": statistics.mean(k["rss"] for k in kernels),
            "learner_pss": statistics.mean(s["pss"] + k["pss"] for s, k in zip(servers, kernels, strict=True)),
            "learner_rss": statistics.mean(s["rss"] + k["rss"] for s, k in zip(servers, kernels, strict=True)),
        }
        # the learner closes the lab before the next one (shuts its kernel down)
        for u in learners:
            code, sessions = await hub.request("GET", f"/user/{u}/api/sessions", u)
            for session in sessions if code == 200 else []:
                await hub.request("DELETE", f"/user/{u}/api/sessions/{session['id']}", u)
        await asyncio.sleep(2)

    hub_pid = cohort_hub.running_pid(layout)
    try:
        proxy_pid = int((layout.hub_dir / "jupyterhub-proxy.pid").read_text().strip())
    except (OSError, ValueError):
        proxy_pid = None
    grader = pwd.getpwnam(layout.grader).pw_uid
    return {
        "learners": len(learners),
        "idle_server_pss": statistics.mean(m["pss"] for m in idle.values()),
        "idle_server_rss": statistics.mean(m["rss"] for m in idle.values()),
        "labs": per_lab,
        "hub_and_proxy": memory_of([p for p in (hub_pid, proxy_pid) if p]),
        "course_service": memory_of(pids_of(grader)),
        "errors": {k: v for k, v in errors.items() if v},
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=3)
    parser.add_argument("--labs", nargs="*", default=None, help="default: every lab")
    parser.add_argument("--keep", action="store_true", help="leave the hub running")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        parser.error("run as root: every learner must be a Linux account of their own")
    state = Path(tempfile.mkdtemp(prefix="omlab-hub-memory-", dir="/tmp"))
    os.chmod(state, 0o755)
    learners = [f"omlab-mem-{i:02d}" for i in range(1, args.learners + 1)]
    roster = state / "roster.csv"
    roster.write_text("username,role\nomlab-mem-trainer,trainer\n" + "".join(f"{u},learner\n" for u in learners))
    token = secrets.token_hex(32)
    env = {**os.environ, "OMLAB_HUB_STATE": str(state / "state"), "OMLAB_HUB_PORT": str(free_base_port()),
           "OMLAB_HUB_HOST": "hub.localhost", "OMLAB_HUB_ROSTER": str(roster),
           "OMLAB_HUB_GRADER": "omlab-mem-grader", "OMLAB_HUB_GROUP": "omlab-mem",
           "OMLAB_HUB_OPS_TOKEN": token}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    layout = cohort_hub.Layout.from_env(env)
    command = [sys.executable, str(ROOT / "hub" / "cohort_hub.py")]
    print(f"Starting a hub for {len(learners)} learners in {state} ...", flush=True)
    subprocess.run([*command, "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        made = json.loads((layout.state / "labs.json").read_text())
        labs = [lab for lab in (args.labs or releasing.labs()) if lab in made]
        result = asyncio.run(measure(layout, token, learners, labs))
    finally:
        if not args.keep:
            subprocess.run([*command, "remove"], env=env, stdout=subprocess.DEVNULL)
            shutil.rmtree(state, ignore_errors=True)
    print(f"\n{result['learners']} learners at once, {result['machine']['cpus']} CPUs, "
          f"Python {result['machine']['python']}. Memory in MiB (mean per learner).")
    print(f"\n{'':34}{'PSS':>8}{'RSS':>8}{'run (s)':>9}")
    print(f"{'server alone (idle)':34}{result['idle_server_pss']:8.0f}{result['idle_server_rss']:8.0f}")
    for lab, m in result["labs"].items():
        print(f"{lab + ': kernel':34}{m['kernel_pss']:8.0f}{m['kernel_rss']:8.0f}{m['seconds']:9.0f}")
        print(f"{lab + ': server + kernel':34}{m['learner_pss']:8.0f}{m['learner_rss']:8.0f}")
    print(f"{'hub + proxy (once)':34}{result['hub_and_proxy']['pss']:8.0f}{result['hub_and_proxy']['rss']:8.0f}")
    print(f"{'course service (once)':34}{result['course_service']['pss']:8.0f}{result['course_service']['rss']:8.0f}")
    if result["errors"]:
        print("\nErrors while running the labs (the figures of those labs are too low):")
        for where, errs in result["errors"].items():
            print(f"  {where}: {errs[:3]}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
