"""Warm kernels for the fast command: fork each grading kernel from a process that has already
imported what every kernel imports (IPython, ipykernel, numpy, pandas, matplotlib, labtools).

A fresh kernel spends most of its start-up importing; a lab's set-up cell imports pandas again.
The fast command (``grading.cohort``) runs one zygote, ``python -m grading.zygote``, which all its
workers ask for kernels (``SharedZygote``).
For each kernel it forks a child that builds exactly the sandbox the wrapper builds
(``grading.sandbox.start``), then runs ``ipykernel`` in the sandboxed process instead of executing
a new Python. The kernel is as fresh as a new one: no learner code ever ran in the zygote, modules
are only imported (not used), the random generators are re-seeded, the environment, path,
working folder and arguments are the kernel's own; what a module does at import only inside a
kernel (ipywidgets registers its comm targets) is done once the kernel exists. The zygote also
imports what the lab's source notebook imports. Only the time spent importing is saved, and the
objects those imports built are frozen out of the garbage collector (``gc.freeze``), so a kernel's
collections do not walk them again (the only visible trace: ``gc.get_objects()`` leaves them out).

Plain ``nbgrader autograde`` does not use it; both give the same scores (tested).

Lifetimes: the zygote dies with the process that started it, a forked kernel dies with the zygote
(parent-death signals) and with the worker that asked for it (the zygote watches each worker and
kills a gone worker's kernels), and everything a kernel started dies with its PID namespace.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import struct
import sys
import tempfile
from pathlib import Path
from typing import Any

PRELOAD = ("numpy", "pandas", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "ipykernel.zmqshell", "ipykernel.debugger", "matplotlib", "matplotlib_inline", "labtools",
           "labtools.data", "labtools.figures",
           # what the kernel app imports as it starts (its history, its debugger, its process info)
           "psutil", "sqlite3", "pdb", "faulthandler", "IPython.extensions", "tornado.platform.asyncio")


# Modules that hook into the running kernel when imported (tqdm.auto chooses its notebook bar) would
# miss it when the zygote imports them before any kernel exists: they are never preloaded.
# ipywidgets is: all it does at import is register its comm targets, and each forked kernel does
# that for it (``_as_if_imported_now``).
KERNEL_AWARE = ("tqdm.auto", "tqdm.notebook", "tqdm.autonotebook", "ipympl", "plotly",
                "bokeh", "panel", "ipyleaflet", "comm")
# What those import in a kernel that can be preloaded: tqdm's notebook bar is made of ipywidgets.
PRELOAD_FOR = {"tqdm.auto": ("ipywidgets",), "tqdm.notebook": ("ipywidgets",),
               "tqdm.autonotebook": ("ipywidgets",)}


IMPORT_ENV: dict[str, str] = {}  # environment variables the zygote's imports set


def _kernel_aware(name: str) -> bool:
    return any(name == k or name.startswith(k + ".") for k in KERNEL_AWARE)


def lab_imports(source_notebook: str | Path) -> list[str]:
    """The modules a lab's source notebook imports (its author's code, never a learner's): the
    zygote imports them too. ``matplotlib.pyplot`` is safe to import early: it chooses its
    backend, and so hooks into the kernel's shell, only when the kernel first draws."""
    import ast

    try:
        cells = json.loads(Path(source_notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []
    found: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # "from PIL import Image": PIL, and PIL.Image if that is a module (tried, not required)
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names if a.name != "*")]
            else:
                names = []
            names += [m for n in names for m in PRELOAD_FOR.get(n, ())]
            found += [n for n in names if n not in found and n not in PRELOAD and not _kernel_aware(n)]
    return found


# ---------------------------------------------------------------------------------------------
# The zygote process


def serve(sock_path: str, extra: tuple[str, ...] | list[str] = ()) -> None:
    from . import sandbox, speedups

    sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGKILL)
    # Import as a fresh kernel would: its backend, and an empty home (no user configuration is
    # read at import time; a kernel's home is empty too).
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ["HOME"] = tempfile.mkdtemp(prefix="home-", dir=os.path.dirname(sock_path))
    os.environ.pop("MPLCONFIGDIR", None)
    os.environ.pop("IPYTHONDIR", None)
    before = dict(os.environ)
    # What imports print (the debugger warns about frozen modules) belongs in a kernel's log, and
    # each kernel writes its own: the zygote's copy would reach the trainer's terminal.
    saved_stderr = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        for name in (*PRELOAD, *extra):
            try:
                __import__(name)
            except Exception:  # noqa: BLE001 - a missing library is imported (or not) by the kernel
                pass
    finally:
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)
        os.close(null)
    # Variables the imports set (the debugger sets PYDEVD_USE_FRAME_EVAL): a fresh kernel's own
    # imports would set them in its environment, so the forked kernel gets them too.
    IMPORT_ENV.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    # What the imports built lives as long as the kernel: a kernel's full collections skip it, and
    # do not copy its memory pages.
    speedups.freeze_startup_objects()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(16)
    signal.signal(signal.SIGCHLD, _reap)
    print("ready", flush=True)
    askers: dict[int, tuple[int, list[int]]] = {}  # a worker's pid: (its pidfd, the kernels it asked for)
    while True:
        watched = {fd: pid for pid, (fd, _) in askers.items()}
        ready, _, _ = select.select([listener, *watched], [], [])
        for fd in ready:
            if fd in watched:  # a worker has gone: its kernels go too
                _, kernels = askers.pop(watched[fd])
                os.close(fd)
                _kill_groups(kernels)
        if listener not in ready:
            continue
        try:
            conn, _ = listener.accept()
        except InterruptedError:
            continue
        with conn:
            request = json.loads(_read_line(conn))
            asker = _peer_pid(conn)
            child = os.fork()
            if child == 0:
                listener.close()
                conn.close()
                for fd, _ in askers.values():
                    os.close(fd)
                _child(request["spec"], request["cmd"])
            _REAPED.discard(child)  # a new process, whatever an earlier one with its pid did
            if asker and asker not in askers:
                try:
                    askers[asker] = (os.pidfd_open(asker), [])
                except OSError:  # already gone: nobody waits for this kernel
                    _kill_groups([child])
            if asker in askers:
                kernels = askers[asker][1]
                kernels[:] = [k for k in kernels if k not in _REAPED] + [child]
            conn.sendall(json.dumps({"pid": child}).encode() + b"\n")


_REAPED: set[int] = set()  # children the zygote has reaped (their pids may be reused)


def _kill_groups(kernels: list[int]) -> None:
    for pid in kernels:
        if pid not in _REAPED:
            try:
                os.killpg(pid, signal.SIGKILL)  # each kernel leads its own process group
            except OSError:
                pass


def _peer_pid(conn: socket.socket) -> int:
    try:
        pid, _uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                               struct.calcsize("3i")))
    except OSError:
        return 0
    return pid


def _reap(_sig: int, _frame: Any) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _REAPED.add(pid)


def _read_line(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode()


def _child(spec_path: str, cmd: list[str]) -> None:
    """In the forked child: the same sandbox as the wrapper, then ipykernel in this process."""
    from . import sandbox

    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # its own process group: the grader interrupts and kills the group
        sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGKILL)
        spec = json.loads(Path(spec_path).read_text())
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = os.open(spec["kernel_log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sandbox.start(spec, cmd, launch=_launch_in_process)
    finally:
        os._exit(sandbox.EXIT_SETUP_FAILED)


def _launch_in_process(spec: dict[str, Any], cmd: list[str], userns: bool = False) -> None:
    """Become the kernel: what ``python -m ipykernel_launcher ARGS`` would do, without a new Python."""
    from . import sandbox, speedups

    sandbox.become_kernel(spec, userns)
    env = dict(spec.get("env", {}))
    os.environ.clear()
    os.environ.update(env)
    for name, value in IMPORT_ENV.items():
        os.environ.setdefault(name, value)
    speedups.malloc_as_in_environment()  # a new Python would read them at its start
    try:
        argv = cmd[cmd.index("ipykernel_launcher") + 1:]
    except ValueError:  # not an IPython kernel: start it the ordinary way
        os.execve(cmd[0], cmd, env)
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    rest = [p for p in sys.path[1:] if p not in extra]
    sys.path[:] = [os.getcwd(), *extra, *rest]
    import importlib.util

    spec_of = importlib.util.find_spec("ipykernel_launcher")
    sys.argv = [spec_of.origin if spec_of and spec_of.origin else "ipykernel_launcher", *argv]
    _reseed()
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    speedups.answer_without_waiting(app)
    _as_if_imported_now()
    app.start()
    os._exit(0)


def _as_if_imported_now() -> None:
    """Do what a preloaded module does at import when a kernel is running (the zygote imported it
    before any kernel existed): ipywidgets registers its comm targets with the kernel."""
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None and hasattr(widgets, "_handle_ipython"):
        widgets._handle_ipython()


def _reseed() -> None:
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


# ---------------------------------------------------------------------------------------------
# The worker's side


class Zygote:
    """A running zygote (one per worker)."""

    def __init__(self, preload: list[str] | tuple[str, ...] = (), wait: bool = True) -> None:
        """Start the zygote; with ``wait=False`` it imports while the caller goes on (``wait_ready``
        before the first kernel)."""
        import subprocess

        self.folder = tempfile.mkdtemp(prefix="omlab-zygote-")
        os.chmod(self.folder, 0o700)
        self.path = os.path.join(self.folder, "zygote.sock")
        env = dict(os.environ)
        repo = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [repo, env.get("PYTHONPATH", "")]))
        self.process = subprocess.Popen([sys.executable, "-m", "grading.zygote", self.path, *preload], env=env,
                                        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=self.folder)
        self.ready = False
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 120) -> None:
        """Wait until the zygote has imported everything; raise (and stop it) if it cannot."""
        if self.ready:
            return
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready or self.process.stdout.readline().strip() != b"ready":
            self.close()
            raise RuntimeError("the zygote did not start")
        self.ready = True

    def alive(self) -> bool:
        return self.process.poll() is None

    def spawn(self, spec_path: str, cmd: list[str]) -> int:
        self.wait_ready()
        return _ask(self.path, spec_path, cmd)

    def shared(self) -> tuple[str, int]:
        """What another process needs to use this zygote: ``SharedZygote(*zygote.shared())``."""
        return self.path, self.process.pid

    def close(self) -> None:
        import shutil

        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _ask(path: str, spec_path: str, cmd: list[str]) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(60)
        conn.connect(path)
        conn.sendall(json.dumps({"spec": spec_path, "cmd": cmd}).encode() + b"\n")
        return int(json.loads(_read_line(conn))["pid"])


class SharedZygote:
    """A zygote another process started and stops (the fast command's main process): a worker
    forks its kernels from it; the zygote kills them if the worker dies."""

    def __init__(self, path: str, pid: int) -> None:
        self.path = path
        self._fd: int | None = os.pidfd_open(pid)

    def wait_ready(self, timeout: float = 120) -> None:
        """Its owner waits until it is ready before handing out work; here only check it lives."""
        if not self.alive():
            raise RuntimeError("the zygote has stopped")

    def alive(self) -> bool:
        return self._fd is not None and not select.select([self._fd], [], [], 0)[0]

    def spawn(self, spec_path: str, cmd: list[str]) -> int:
        return _ask(self.path, spec_path, cmd)

    def close(self) -> None:
        """Let go of it (its owner stops it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class ForkedProcess:
    """Enough of ``subprocess.Popen`` for jupyter_client, for a process that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self._finish()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if not ready:
                import subprocess

                raise subprocess.TimeoutExpired("kernel", timeout)
            self._finish()
        return self.returncode or 0

    def _finish(self) -> None:
        self.returncode = -signal.SIGKILL
        try:
            os.close(self._fd)
        except OSError:
            pass

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def provisioner_class() -> type:
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ZygoteProvisioner(LocalProvisioner):
        """Launch by asking the worker's zygote to fork (see the module docstring)."""

        zygote: Zygote | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            if "grading.sandbox" not in cmd or self.zygote is None or not self.zygote.alive():
                return await super().launch_kernel(cmd, **kwargs)
            spec_path = cmd[cmd.index("grading.sandbox") + 1]
            kernel_cmd = cmd[cmd.index("--") + 1:]
            pid = self.zygote.spawn(spec_path, kernel_cmd)
            self.process = ForkedProcess(pid)
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd")
            return self.connection_info

    return ZygoteProvisioner


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
