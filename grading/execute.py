"""Run a learner's notebook so that nothing in it can stop the batch or reach what it must not.

``RobustExecute`` replaces nbgrader's ``Execute`` in the autograde pipeline (``grading.config``):

- every kernel starts in the sandbox (``SandboxKernelManager`` → ``python -m grading.sandbox``),
  over private IPC sockets, with limits on memory, processes, CPU time and file size;
- a kernel that fails to start is retried cleanly (``start_attempts``);
- a cell that runs too long is interrupted; if it cannot be interrupted, or the kernel dies
  (``sys.exit``, ``os._exit``, a segfault, a memory bomb), or a cell ends in ``MemoryError`` (what
  filled the memory would still be held), the kernel is started again, the cells
  above are re-run without keeping their output, and grading carries on after the cell; a check
  cell in which that happened scores 0 (``ScoreHiddenChecks`` says why);
- output is capped per cell while it arrives (and per message, on the socket), so a flood of
  output cannot exhaust the grader's memory; check records are kept apart from the cap;
- the whole notebook has a time budget; what could not run is marked "not run" with the reason.

What happened to each cell is left in ``resources["omlab"]["run"]`` for ``ScoreHiddenChecks``.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellExecutionComplete, CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from traitlets import Bool, DottedObjectName, Enum, Instance, Integer, List, Unicode, default
from traitlets.config import Configurable

from labtools.checks import RECORD_MIME

from .messages import say

REPO = Path(__file__).resolve().parents[1]
LABTOOLS = REPO / "labtools"
DATASETS = REPO / "datasets"
GiB = 2**30
MiB = 2**20
# Longest single wait on a kernel socket (seconds); see RobustExecute._next_msg.
WAKE_SLICE = 0.5
# glibc's malloc gives a large freed block back to the system at once, and the next large block
# comes back page by page, one page fault each: in the image lab, a tenth of the kernel's time.
# Grading kernels live seconds, so they keep what they free (up to the memory limit) and reuse it.
KERNEL_MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 * MiB), "MALLOC_TRIM_THRESHOLD_": str(GiB)}

# ---------------------------------------------------------------------------------------------
# The sandbox around the kernel


class Sandbox(Configurable):
    """Limits and isolation for grading kernels (``c.Sandbox.*`` in nbgrader_config.py)."""

    mode = Enum(["auto", "namespaces", "limits", "off"], "auto", help=(
        "auto: namespaces when this machine allows them, else limits. namespaces: private "
        "file system view, processes, network and IPC (Linux namespaces). limits: private copy "
        "of the learner's folder, own user id when run as root, resource limits. off: "
        "nbgrader's plain kernel (not for learners' work)."
    )).tag(config=True)
    memory_limit = Integer(4 * GiB, help="Address space of the kernel process, bytes (0: none).").tag(config=True)
    max_processes = Integer(256, help="Processes and threads of the kernel's user (0: none).").tag(config=True)
    cpu_seconds = Integer(1800, help="CPU seconds per kernel process (0: none).").tag(config=True)
    max_file_size = Integer(256 * MiB, help="Largest file the kernel may write, bytes.").tag(config=True)
    tmp_size = Unicode("256m", help="Size of the kernel's /tmp (RAM).").tag(config=True)
    work_size = Unicode("512m", help="Size of the kernel's working folder (RAM).").tag(config=True)
    network = Bool(False, help="Whether the kernel may use the network.").tag(config=True)
    allow = List(Unicode(), help=(
        "More folders the kernel may read (read-only). It sees only the system folders, Python "
        "and its libraries, labtools, the datasets and its own working folder.")).tag(config=True)
    uid_base = Integer(2_000_000, help="As root, kernels run as uid_base + a random number.").tag(config=True)
    fail_first_starts_file = Unicode("", help="Testing only: a file holding how many starts fail.").tag(config=True)


_PROBE: dict[str, Any] | None = None


def probe() -> dict[str, Any]:
    """What isolation this machine allows (cached per process)."""
    global _PROBE
    if _PROBE is None:
        try:
            out = subprocess.run([sys.executable, "-m", "grading.sandbox", "--probe"], cwd=REPO,
                                 capture_output=True, text=True, timeout=30, env=_tool_env())
            _PROBE = json.loads(out.stdout.strip().splitlines()[-1])
        except Exception as exc:  # noqa: BLE001 - any failure means: no namespaces
            _PROBE = {"mode": "limits", "namespaces": False, "reason": str(exc),
                      "root": os.geteuid() == 0}
    return _PROBE


def _tool_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def _within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or inside it."""
    path, folder = os.path.normpath(path), os.path.normpath(folder)
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _existing(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if p and os.path.isdir(p) and p not in out:
            out.append(p)
    return out


def _matplotlib_cache() -> dict[str, str]:
    """The grader's matplotlib font list, copied into each kernel's home (saves a rebuild)."""
    candidates = [Path.home() / ".cache" / "matplotlib"]
    if os.environ.get("MPLCONFIGDIR"):
        candidates.insert(0, Path(os.environ["MPLCONFIGDIR"]))
    for folder in candidates:
        found = sorted(folder.glob("fontlist-*.json")) if folder.is_dir() else []
        if found:
            return {f".cache/matplotlib/{found[-1].name}": str(found[-1])}
    return {}


def learner_files(folder: Path, submitted: Path | None) -> list[str]:
    """Relative paths of the regular files the kernel gets a copy of.

    Never notebooks (the graded copy holds the hidden tests), never links, and nothing that is a
    link in the learner's submitted folder (nbgrader copies the target of a link).
    """
    files = []
    if not folder.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not (here / d).is_symlink()]
        for name in filenames:
            path = here / name
            rel = path.relative_to(folder)
            if path.is_symlink() or not path.is_file() or name.endswith(".ipynb"):
                continue
            if submitted is not None and _link_in(submitted, rel):
                continue
            files.append(str(rel))
    return sorted(files)


def _link_in(base: Path, rel: Path) -> bool:
    path = base
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


class GuardedKernelClient(AsyncKernelClient):
    """A kernel client whose sockets refuse messages larger than ``max_message_bytes``."""

    max_message_bytes = Integer(64 * MiB).tag(config=True)

    def _create_connected_socket(self, channel: str, identity: bytes | None = None) -> zmq.Socket:
        url = self._make_url(channel)
        from jupyter_client.connect import channel_socket_types

        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        if self.max_message_bytes > 0:
            sock.setsockopt(zmq.MAXMSGSIZE, int(self.max_message_bytes))
        if identity:
            sock.identity = identity
        if getattr(self, "curve_publickey", None) is not None:
            sock.curve_secretkey = self.curve_secretkey
            sock.curve_publickey = self.curve_publickey
            sock.curve_serverkey = self.curve_publickey
        sock.connect(url)
        return sock

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        """jupyter_client's wait: a ``kernel_info`` reply on the shell channel, and a message on
        IOPub to show it is connected; without its last step, which reads IOPub until it has been
        silent for 0.2 s. Each notebook paid that 0.2 s. The messages it threw away (the kernel's
        start-up status) are skipped anyway: nbclient takes a cell's output only from messages
        whose parent is that cell's request."""
        deadline = monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(msg)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    wait_for_ready = _async_wait_for_ready


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through ``python -m grading.sandbox`` with a private folder and limits."""

    sandbox = Instance(Sandbox)
    client_class = DottedObjectName("grading.execute.GuardedKernelClient")

    @default("client_factory")
    def _client_factory_default(self) -> type:
        # AsyncKernelManager gives client_factory a fixed default, so client_class alone is ignored
        return GuardedKernelClient

    @default("sandbox")
    def _sandbox_default(self) -> Sandbox:
        return Sandbox(config=self.config)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zygote: Any = None  # set by KernelPool: fork the kernel from a warm process
        self._staging: Path | None = None
        self._spec: dict[str, Any] | None = None
        self.sandbox_status: dict[str, Any] = {}

    # -- which mode, and the folders

    def effective_mode(self) -> str:
        mode = self.sandbox.mode
        if mode == "auto":
            return probe()["mode"]
        return mode

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if self.effective_mode() != "off":
            self._prepare_staging(kw.get("cwd") or os.getcwd())
            if self.zygote is not None and self.provisioner is None:
                import uuid

                from .zygote import provisioner_class

                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                provisioner = provisioner_class()(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                  parent=self)
                provisioner.zygote = self.zygote
                self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)

    def _prepare_staging(self, cwd: str) -> None:
        self._cleanup_staging()
        root = os.geteuid() == 0
        base = Path(tempfile.mkdtemp(prefix="omlab-kernel-"))
        os.chmod(base, 0o711)
        ipc = base / "ipc"
        ipc.mkdir()
        uid = gid = None
        if root:
            uid = gid = self.sandbox.uid_base + secrets.randbelow(1_000_000)
            os.chown(ipc, uid, gid)
        os.chmod(ipc, 0o700)
        self._staging = base
        self.transport = "ipc"
        self.ip = str(ipc / "k")
        self.connection_file = str(ipc / "connection.json")
        self._spec = self._make_spec(Path(cwd).resolve(), base, ipc, uid, gid)

    def _make_spec(self, cwd: Path, base: Path, ipc: Path, uid: int | None, gid: int | None) -> dict[str, Any]:
        sb = self.sandbox
        coursedir = CourseDirectory(config=self.config)
        course = Path(coursedir.root).resolve()
        submitted = self._submitted_folder(coursedir, course, cwd)
        mode = self.effective_mode()
        home = str(base / "home")
        # Folders whose content must stay out of the kernel's reach (the course, the repository
        # with the source notebooks, the gradebook, the reference cache, the exchange). The kernel
        # sees only what is allowed below; these keep a wrongly placed library path from
        # bringing them in.
        roots = [str(course), str(REPO)]  # no allowed folder may hold these
        secret = [str(course / coursedir.source_directory), str(REPO / "labs"), str(REPO / "tests")]
        for name in ("submitted", "autograded", "feedback", "release", "solution", "source_with_tests"):
            folder = Path(getattr(coursedir, f"{name}_directory")).parts
            if folder:
                secret.append(str(course / folder[0]))
        db = coursedir.db_url
        if db.startswith("sqlite:///"):
            secret.append(str(Path(db[len("sqlite:///"):]).resolve()))
        cache = self.config.get("ScoreHiddenChecks", {}).get("cache_directory") or ".grading-cache"
        secret += [str((course / cache).resolve()), str(REPO / ".grading-cache")]
        secret.append(str(self.config.get("Exchange", {}).get("root") or "/srv/nbgrader/exchange"))
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.realpath(sys.prefix),
                    os.path.realpath(sys.base_prefix), os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
        libraries = [p for p in sys.path if p and os.path.isabs(p)
                     and (any(_within(p, prefix) for prefix in prefixes)
                          or Path(p).name in ("site-packages", "dist-packages"))]
        allow = [a for a in _existing([*sorted(prefixes), *libraries, *sb.allow])
                 if not any(_within(r, a) for r in roots)
                 and not any(_within(h, a) or _within(a, h) for h in secret)]
        allow += _existing([str(LABTOOLS), str(DATASETS)])
        env = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": home,
            "USER": "learner",
            "LOGNAME": "learner",
            "TMPDIR": "/tmp",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            # the grader's own labtools (an editable install may point elsewhere)
            "PYTHONPATH": str(REPO),
            "OMLAB_DATA": str(DATASETS),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            **KERNEL_MALLOC,
        }
        for key in ("NBGRADER_EXECUTION", "OMLAB_LANG", "TZ", "LC_ALL", "LC_CTYPE"):
            if key in os.environ:
                env[key] = os.environ[key]
        limits = {"as": sb.memory_limit or None, "nproc": sb.max_processes or None,
                  "cpu": sb.cpu_seconds or None, "fsize": sb.max_file_size or None, "core": 0}
        if mode == "limits" and os.geteuid() != 0:
            limits["nproc"] = None  # would count every process of the trainer's own account
        spec = {
            "mode": mode,
            "reason": probe().get("reason", "") if mode == "limits" else "",
            # a working folder that would cover the sandbox's own folders moves inside them
            "workdir": str(cwd) if not _within(str(base), str(cwd)) and str(cwd) != "/" else str(base / "work"),
            "fallback_workdir": str(base / "work"),
            "source_dir": str(cwd) if cwd.is_dir() else "",
            "files": learner_files(cwd, submitted),
            "ipc_dir": str(ipc),
            "allow": allow,
            "root_dir": str(base / "root"),
            "uid": uid,
            "gid": gid,
            "limits": limits,
            "network": bool(sb.network),
            "tmp_size": sb.tmp_size,
            "work_size": sb.work_size,
            "env": env,
            "home_files": _matplotlib_cache(),
            "status_file": str(base / "status.json"),
            "kernel_log": str(base / "kernel.log"),
            "fail_first_starts_file": sb.fail_first_starts_file,
        }
        (base / "spec.json").write_text(json.dumps(spec))
        os.chmod(base / "spec.json", 0o600)
        return spec

    @staticmethod
    def _submitted_folder(coursedir: CourseDirectory, course: Path, cwd: Path) -> Path | None:
        try:
            rel = cwd.relative_to(course / coursedir.autograded_directory)
        except ValueError:
            return None
        if len(rel.parts) < 2:
            return None
        student, assignment = rel.parts[0], rel.parts[1]
        return Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))

    def write_connection_file(self, **kwargs: Any) -> None:
        super().write_connection_file(**kwargs)
        if self._spec and self._spec.get("uid") is not None and os.path.exists(self.connection_file):
            os.chown(self.connection_file, self._spec["uid"], self._spec["gid"])

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        if self._spec is None or self._staging is None:
            return cmd
        return [sys.executable, "-m", "grading.sandbox", str(self._staging / "spec.json"), "--", *cmd]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self._spec is not None:
            env = dict(kw.get("env") or os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
            kw["env"] = env
            assert self._staging is not None
            log = open(self._staging / "kernel.log", "ab")  # noqa: SIM115 - the kernel writes here
            kw["stdout"] = kw["stderr"] = log
            try:
                await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                log.close()
            return
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def kernel_log(self, limit: int = 2000) -> str:
        if self._staging is None:
            return ""
        try:
            return (self._staging / "kernel.log").read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def read_sandbox_status(self) -> dict[str, Any]:
        if self._staging is None:
            return {"mode": "off"}
        try:
            self.sandbox_status = json.loads((self._staging / "status.json").read_text() or "{}")
        except (OSError, ValueError):
            self.sandbox_status = {}
        return self.sandbox_status

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super()._async_cleanup_resources(restart=restart)
        except Exception:  # noqa: BLE001 - the files may already be gone
            pass
        self._cleanup_staging()

    cleanup_resources = _async_cleanup_resources

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Wait for a killed kernel to end: first checks after 1 ms, then less often, up to
        jupyter_client's 0.1 s (its first check came after 0.1 s; a killed kernel ends at once)."""
        interval = 0.001
        while await self._async_is_alive():
            await asyncio.sleep(interval)
            interval = min(pollinterval, interval * 2)

    def _cleanup_staging(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


# ---------------------------------------------------------------------------------------------
# Kernels started ahead of time (the fast command's workers)


class KernelPool:
    """Start the next notebook's kernel while the current one runs.

    ``python -m grading autograde`` registers one per worker process; ``RobustExecute`` asks it
    for a kernel started for the same folder before it starts one itself. Plain ``nbgrader``
    has no pool, and grades the same way.
    """

    def __init__(self, config: Any, warm: bool = True, preload: list[str] | tuple[str, ...] = (),
                 zygote: Any = None) -> None:
        """``zygote``: one already started (``Zygote(preload, wait=False)``), to use or to stop."""
        self.config = config
        self.ready: dict[str, SandboxKernelManager] = {}
        self.zygote: Any = None
        if warm and hasattr(os, "pidfd_open") and Sandbox(config=config).mode != "off":
            try:
                from .zygote import Zygote

                self.zygote = zygote or Zygote(preload)
                self.zygote.wait_ready()
            except Exception:  # noqa: BLE001 - kernels then start the ordinary way
                self.zygote = None
        elif zygote is not None:
            zygote.close()

    def prelaunch(self, cwd: str, kernel_name: str = "python3") -> None:
        cwd = str(Path(cwd).resolve())
        if cwd in self.ready:
            return
        km = self.attach(SandboxKernelManager(kernel_name=kernel_name, config=self.config))
        try:
            run_sync(km.start_kernel)(cwd=cwd, extra_arguments=["--HistoryManager.hist_file=:memory:"])
        except Exception:  # noqa: BLE001 - the notebook will start its own kernel
            _stop(km)
            return
        self.ready[cwd] = km

    def attach(self, km: Any) -> Any:
        """``km`` will fork its kernel from this pool's zygote (when it has a live one)."""
        if isinstance(km, SandboxKernelManager) and self.zygote is not None and self.zygote.alive():
            km.zygote = self.zygote
        return km

    def take(self, cwd: str) -> SandboxKernelManager | None:
        return self.ready.pop(str(Path(cwd).resolve()), None)

    def close(self) -> None:
        for km in self.ready.values():
            _stop(km)
        self.ready.clear()
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None


def _stop(km: AsyncKernelManager) -> None:
    try:
        run_sync(_async_stop)(km)
    except Exception:  # noqa: BLE001
        pass


async def _async_stop(km: AsyncKernelManager) -> None:
    try:
        if km.has_kernel:
            await ensure_async(km.shutdown_kernel(now=True))
    except Exception:  # noqa: BLE001 - already gone
        pass
    finally:
        try:
            await ensure_async(km.cleanup_resources())
        except Exception:  # noqa: BLE001
            pass


POOL: KernelPool | None = None


# ---------------------------------------------------------------------------------------------
# Execution


class _Stuck(Exception):
    """The cell ran past its time and did not stop when interrupted."""


class _OutputLost(Exception):
    """The kernel answered but its output never finished arriving: a message over the client's
    ``max_message_bytes`` is refused by the socket, and the output stream stops there."""


# What stops a cell and the kernel with it (the kernel is started again), and the note for each
FATAL = {"died": "run.kernel_died", "stuck": "run.stuck", "flooded": "run.flooded",
         "memory": "run.out_of_memory"}


class RobustExecute(Execute):
    """nbgrader's Execute, made to survive anything a notebook does (see the module docstring)."""

    notebook_timeout = Integer(900, help="Seconds for the whole notebook, restarts included.").tag(config=True)
    interrupt_grace = Integer(5, help="Seconds a timed-out cell gets to stop after an interrupt.").tag(config=True)
    max_restarts = Integer(3, help="How often the kernel may be started again in one notebook.").tag(config=True)
    start_attempts = Integer(3, help="Attempts to start a kernel before giving up.").tag(config=True)
    max_output_bytes = Integer(1 * MiB, help="Output kept per cell (check records apart).").tag(config=True)
    max_records = Integer(1000, help="Check records kept per cell.").tag(config=True)
    max_record_bytes = Integer(8 * MiB, help="Size of one check record.").tag(config=True)
    max_stretch = Integer(4, help=(
        "On a busy machine (load above the number of cores) a cell's timeout stretches by the "
        "load per core, up to this factor, so slow grading does not fail honest work.")).tag(config=True)
    shutdown_kernel = Enum(["graceful", "immediate"], "immediate").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)

    # -- the loop

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> tuple[NotebookNode, Any]:
        from nbclient.client import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self.run_log: dict[int, dict[str, Any]] = {}
        self.run_notes: list[str] = []
        run_sync(self._async_run)()
        self.set_widgets_metadata()
        omlab = self.resources.setdefault("omlab", {})
        omlab["run"] = self.run_log
        omlab["run_notes"] = self.run_notes
        omlab["sandbox"] = getattr(self, "_sandbox_status", {})
        return self.nb, self.resources

    async def _async_run(self) -> None:
        cells = self.nb.cells
        deadline = monotonic() + self.notebook_timeout if self.notebook_timeout > 0 else None
        fatal: set[int] = set()
        restarts = 0
        if not await self._start():
            self._not_run(0, say("run.why_start"))
            return
        try:
            i = 0
            while i < len(cells):
                cell = cells[i]
                if cell.cell_type != "code" or not cell.source.strip():
                    i += 1
                    continue
                if deadline is not None and monotonic() > deadline:
                    self._not_run(i, say("run.why_time", minutes=self.notebook_timeout / 60))
                    return
                outcome = await self._run_cell(cell, i)
                if outcome not in FATAL:
                    i += 1
                    continue
                fatal.add(i)
                self._mark_fatal(cell, i, outcome)
                await self._stop_kernel()
                if restarts >= self.max_restarts:
                    self._not_run(i + 1, say("run.why_restarts"))
                    return
                restarts += 1
                if not await self._start():
                    self._not_run(i + 1, say("run.why_start"))
                    return
                if not await self._replay(i, fatal, deadline):
                    self._not_run(i + 1, say("run.why_replay"))
                    return
                i += 1
        finally:
            await self._stop_kernel()

    async def _run_cell(self, cell: NotebookNode, index: int, log: bool = True) -> str:
        self._cell_bytes = 0
        self._cell_records = 0
        self._cut = False
        self._timed_out = False
        try:
            await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
        except DeadKernelError:
            return "died"
        except (_Stuck, CellTimeoutError):
            return "stuck"
        except _OutputLost:
            return "flooded"
        except asyncio.CancelledError:
            return "died"
        except Exception as exc:  # noqa: BLE001 - anything else: treat as a lost kernel
            self.log.warning("Unexpected error while running cell %s: %s", index, exc)
            return "stuck"
        if _ran_out_of_memory(cell):
            # what filled the memory is still held, so every later cell would fail or not,
            # depending on how much was left: start afresh, as when the kernel dies
            return "memory"
        status = "timeout" if self._timed_out else ("output_cut" if self._cut else "ok")
        if status != "ok" and log:
            self.run_log[index] = {"status": status, "start": _start_of(cell.source),
                                   "seconds": self.timeout}
            key = "run.timeout" if status == "timeout" else "run.output_cut"
            self.run_notes.append(say(key, start=_start_of(cell.source), seconds=self.timeout))
        return status

    async def _replay(self, upto: int, fatal: set[int], deadline: float | None) -> bool:
        """Re-run the code cells above ``upto`` in the fresh kernel; keep their first outputs."""
        for j in range(upto):
            original = self.nb.cells[j]
            if original.cell_type != "code" or not original.source.strip() or j in fatal:
                continue
            if deadline is not None and monotonic() > deadline:
                return False
            scratch = copy.deepcopy(original)
            saved = self._display_id_map
            self._display_id_map = {}
            try:
                outcome = await self._run_cell(scratch, j, log=False)
            finally:
                self.nb.cells[j] = original
                self._display_id_map = saved
            if outcome in FATAL:
                return False
        return True

    def _mark_fatal(self, cell: NotebookNode, index: int, outcome: str) -> None:
        start = _start_of(cell.source)
        text = say(FATAL[outcome], start=start, seconds=self.timeout)
        self.run_log[index] = {"status": outcome, "start": start, "seconds": self.timeout}
        self.run_notes.append(text)
        cell.outputs = [o for o in cell.get("outputs", []) if not _is_record(o)]
        cell.outputs.append(_note_output(text))

    def _not_run(self, start: int, why: str) -> None:
        self.run_notes.append(say("run.not_run", why=why))
        for j in range(start, len(self.nb.cells)):
            cell = self.nb.cells[j]
            if cell.cell_type == "code" and cell.source.strip():
                self.run_log.setdefault(j, {"status": "not_run", "why": why})

    # -- kernels

    async def _start(self) -> bool:
        cwd = self.resources.get("metadata", {}).get("path") or None
        for attempt in range(max(1, self.start_attempts)):
            try:
                km = POOL.take(cwd) if (POOL is not None and attempt == 0 and cwd) else None
                if km is not None and await ensure_async(km.is_alive()):
                    self.km, self.owns_km = km, True
                else:
                    if km is not None:
                        await _async_stop(km)
                    self.km = self.create_kernel_manager()
                    if POOL is not None:
                        POOL.attach(self.km)  # a restart is forked too: as fresh, sooner
                    self.owns_km = True
                    await self.async_start_new_kernel()
                await self.async_start_new_kernel_client()
                info = await self.async_wait_for_reply(await ensure_async(self.kc.kernel_info()))
                if info is not None and "language_info" in info["content"]:
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                if isinstance(self.km, SandboxKernelManager):
                    self._sandbox_status = self.km.read_sandbox_status()
                return True
            except Exception as exc:  # noqa: BLE001 - retry with a fresh kernel
                self.log.warning("The grading kernel did not start (attempt %d): %s", attempt + 1, exc)
                await self._stop_kernel()
        return False

    async def _stop_kernel(self) -> None:
        km, kc = self.km, self.kc
        self.km, self.kc = None, None
        if kc is not None:
            try:
                await ensure_async(kc.stop_channels())
            except Exception:  # noqa: BLE001
                pass
        if km is not None:
            await _async_stop(km)

    # -- nbclient hooks

    async def _async_poll_for_reply(self, msg_id: str, cell: NotebookNode, timeout: int | None,
                                    task_poll_output_msg: asyncio.Future, task_poll_kernel_alive: asyncio.Future) -> dict:
        assert self.kc is not None
        started = monotonic()
        deadline = started + timeout if timeout else None
        interrupted = stretched = False
        while True:
            try:
                msg = await self._next_msg(self.kc.shell_channel, deadline)
            except Empty:
                await self._async_check_alive()
                busy = _busy_factor(self.max_stretch)
                if not interrupted and not stretched and timeout and busy > 1:
                    # the machine is busy: the cell gets its time in (roughly) uncontended seconds
                    stretched = True
                    deadline = started + timeout * busy
                    continue
                if interrupted:
                    task_poll_kernel_alive.cancel()
                    task_poll_output_msg.cancel()
                    raise _Stuck() from None
                interrupted = True
                self._timed_out = True
                await ensure_async(self.km.interrupt_kernel())
                deadline = monotonic() + self.interrupt_grace
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            try:
                await asyncio.wait_for(task_poll_output_msg, self.iopub_timeout)
            except (asyncio.TimeoutError, Empty):
                task_poll_kernel_alive.cancel()
                task_poll_output_msg.cancel()
                raise _OutputLost() from None
            task_poll_kernel_alive.cancel()
            return msg

    async def _async_poll_output_msg(self, parent_msg_id: str, cell: NotebookNode, cell_index: int) -> None:
        assert self.kc is not None
        while True:
            msg = await self._next_msg(self.kc.iopub_channel, None)
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)  # raises when the cell is done
                except CellExecutionComplete:
                    return

    async def _next_msg(self, channel: Any, deadline: float | None) -> dict:
        """The channel's next message, waiting until ``deadline`` (monotonic; None: no limit).

        Waits in slices of at most ``WAKE_SLICE`` seconds rather than one long poll. Now and then
        a message reaches a socket without waking the asyncio poller that waits on it (a lost
        edge-triggered ZMQ wake-up); pyzmq finds it only with the fresh check it makes when the
        poll times out. With one long poll that cost the whole cell timeout (two minutes, in about
        one cohort run of the shop lab in three); a slice bounds it to ``WAKE_SLICE``.

        A message that is already waiting is taken at once: most are (a cell's outputs arrive
        together), and an asyncio poll for each cost more than reading the message itself."""
        socket = getattr(channel, "socket", None)
        recv = getattr(channel, "_recv", None)  # jupyter_client's own read and decode
        while True:
            if socket is not None and recv is not None and socket.get(zmq.EVENTS) & zmq.POLLIN:
                try:
                    return await recv(flags=zmq.NOBLOCK)
                except zmq.Again:
                    pass
            remaining = None if deadline is None else deadline - monotonic()
            if remaining is not None and remaining <= 0:
                raise Empty
            wait = WAKE_SLICE if remaining is None else min(WAKE_SLICE, remaining)
            try:
                return await ensure_async(channel.get_msg(timeout=wait))
            except Empty:
                continue

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> NotebookNode | None:
        content = msg.get("content", {})
        data = content.get("data") or {}
        size = _size(content)
        if msg["msg_type"] == "display_data" and RECORD_MIME in data:
            self._cell_records += 1
            if self._cell_records > self.max_records or size > self.max_record_bytes:
                self._cut = True
                return None
            return super().output(outs, msg, display_id, cell_index)
        if self._cell_bytes + size > self.max_output_bytes:
            if not self._cut:
                self._cut = True
                outs.append(from_dict({"output_type": "stream", "name": "stdout",
                                       "text": "\n" + say("run.output_cut_here") + "\n"}))
            return None
        self._cell_bytes += size
        return super().output(outs, msg, display_id, cell_index)


def sliced_waits(channel: Any) -> Any:
    """Make ``channel.get_msg`` wait in slices of at most ``WAKE_SLICE`` seconds, for a client that
    waits with nbclient's own long polls (the reference run): see ``RobustExecute._next_msg``."""
    original = channel.get_msg

    async def get_msg(timeout: float | None = None) -> dict:
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - monotonic())
            wait = WAKE_SLICE if remaining is None else min(WAKE_SLICE, remaining)
            try:
                return await ensure_async(original(timeout=wait))
            except Empty:
                if remaining is not None and remaining <= wait:
                    raise

    channel.get_msg = get_msg
    return channel


def _busy_factor(limit: float) -> float:
    """How many times over the machine's cores are booked (1 when not busy)."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1.0
    return max(1.0, min(float(limit), load / max(1, os.cpu_count() or 1)))


def _size(content: dict) -> int:
    total = 0
    for key in ("text", "evalue"):
        if isinstance(content.get(key), str):
            total += len(content[key])
    for value in (content.get("data") or {}).values():
        total += len(value) if isinstance(value, str) else len(json.dumps(value))
    for line in content.get("traceback") or []:
        total += len(line)
    return total + 64


def _ran_out_of_memory(cell: NotebookNode) -> bool:
    return any(o.get("output_type") == "error" and o.get("ename") == "MemoryError"
               for o in cell.get("outputs", []))


def _is_record(output: dict) -> bool:
    return output.get("output_type") == "display_data" and RECORD_MIME in (output.get("data") or {})


def _start_of(source: str, length: int = 40) -> str:
    for line in source.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line if len(line) <= length else line[: length - 1] + "…"
    return source.strip()[:length]


def _note_output(text: str) -> NotebookNode:
    return from_dict({"output_type": "error", "ename": "GraderNote", "evalue": text, "traceback": [text]})
