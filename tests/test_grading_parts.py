"""The hardened grader's parts, without a kernel: reading and repairing damaged notebooks, sealed
records, feedback clean-up, the sandbox's file list. The whole pipeline, with hostile submissions
graded by nbgrader and by the fast command, is in tests/test_grading_hardening.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from course import ROOT, source_path

sys.path.insert(0, str(ROOT))  # this working tree's grading, whatever the venv's editable install says
from grading import plugins, repair  # noqa: E402
from grading.execute import learner_files, probe  # noqa: E402

LAB = "kpi_analysis"
RECORD_MIME = "application/vnd.omlab.check+json"


@pytest.fixture(scope="module")
def source():
    return nbformat.read(source_path(LAB), as_version=4)


@pytest.fixture(scope="module")
def anchors(source):
    return repair.source_model(source)


def grade_ids(nb) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")]


def copy(nb):
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def index_of(nb, gid):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


# -- reading


def test_a_valid_notebook_is_read_without_notes(tmp_path, source):
    path = tmp_path / "nb.ipynb"
    nbformat.write(source, path)
    nb, notes = repair.read_submission(path)
    assert notes == [] and len(nb.cells) == len(source.cells)


def test_a_truncated_notebook_keeps_its_complete_cells(tmp_path, source):
    text = nbformat.writes(source)
    path = tmp_path / "nb.ipynb"
    path.write_text(text[: text.index("def add_engagement_rates")])
    nb, notes = repair.read_submission(path)
    assert 10 < len(nb.cells) < len(source.cells)
    assert "damaged" in notes[0] and str(len(nb.cells)) in notes[0]


@pytest.mark.parametrize("content, why", [(b"", "empty"), (b"\x00\xff garbage", "not a notebook"),
                                          (b'{"hello": "world"}', "not a notebook")])
def test_unreadable_files_become_an_empty_notebook_with_a_reason(tmp_path, content, why):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(content)
    nb, notes = repair.read_submission(path)
    assert nb.cells == [] and why in notes[0]


def test_an_old_format_notebook_is_converted(tmp_path, source):
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(nbformat.convert(copy(source), 3), version=3))
    nb, notes = repair.read_submission(path)
    assert nb.nbformat == 4 and "older notebook format" in notes[0]
    assert len(nb.cells) >= len(source.cells) - 1


def test_a_link_is_refused(tmp_path, source):
    target = tmp_path / "solutions.ipynb"
    nbformat.write(source, target)
    (tmp_path / "nb.ipynb").symlink_to(target)
    nb, notes = repair.read_submission(tmp_path / "nb.ipynb")
    assert nb.cells == [] and "link" in notes[0]


def test_a_file_too_large_is_not_read(tmp_path, source):
    path = tmp_path / "nb.ipynb"
    nbformat.write(source, path)
    nb, notes = repair.read_submission(path, max_bytes=100)
    assert nb.cells == [] and "larger than" in notes[0]


# -- repairing


def test_repair_leaves_a_clean_notebook_alone(source, anchors):
    nb, notes, questions = repair.repair(copy(source), anchors)
    assert grade_ids(nb) == grade_ids(source) and notes == [] and questions == {}
    assert [c.source for c in nb.cells] == [c.source for c in source.cells]


def test_repair_puts_every_cell_back_in_order_once(source, anchors):
    nb = copy(source)
    twin = copy(nb).cells[index_of(nb, "q1-answer")]
    nb.cells.insert(index_of(nb, "q1-answer"), twin)  # duplicated answer
    nb.cells.insert(0, copy(nb).cells[index_of(nb, "q2-checks")])  # duplicated check at the top
    del nb.cells[index_of(nb, "q3-checks")]  # deleted check
    moved = nb.cells.pop(index_of(nb, "q4-answer"))
    nb.cells.append(moved)  # moved answer
    fixed, notes, questions = repair.repair(nb, anchors)
    assert grade_ids(fixed) == grade_ids(source)
    assert any("more than once" in n for n in questions["q1-checks"])
    assert any("missing" in n for n in questions["q3-checks"])
    assert any("not in its place" in n for n in questions["q4-checks"])
    ids = [c.id for c in fixed.cells]
    assert len(ids) == len(set(ids))
    nbformat.validate(fixed)


def test_repair_recognises_cells_without_metadata_or_ids(source, anchors):
    nb = copy(source)
    for cell in nb.cells:
        cell.metadata = {}
        cell.id = f"x{abs(hash(cell.source)) % 10**8}"
    fixed, notes, _ = repair.repair(nb, anchors)
    assert grade_ids(fixed) == grade_ids(source)
    assert any("hidden labels" in n for n in notes)
    answer = fixed.cells[index_of(fixed, "q1-answer")]
    assert "BEGIN SOLUTION" in answer.source  # the learner's (here: reference) code kept


def test_repair_turns_a_retyped_answer_back_into_code(source, anchors):
    nb = copy(source)
    i = index_of(nb, "q7-answer")
    nb.cells[i] = nbformat.from_dict({**nb.cells[i], "cell_type": "markdown"})
    del nb.cells[i]["outputs"], nb.cells[i]["execution_count"]
    fixed, _, questions = repair.repair(nb, anchors)
    assert fixed.cells[index_of(fixed, "q7-answer")].cell_type == "code"
    assert any("text cell" in n for n in questions["q7-checks"])


def test_repair_restores_check_cells_with_hidden_tests(source, anchors):
    nb = copy(source)
    nb.cells[index_of(nb, "q5-checks")].source = "pass"
    fixed, _, _ = repair.repair(nb, anchors)
    assert "BEGIN HIDDEN TESTS" in fixed.cells[index_of(fixed, "q5-checks")].source


def test_repair_strips_a_fake_graded_cell(source, anchors):
    nb = copy(source)
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 100, "schema_version": 3,
                                 "solution": False, "locked": False}
    nb.cells.append(cell)
    fixed, notes, _ = repair.repair(nb, anchors)
    assert "bonus" not in grade_ids(fixed) and any("claimed" in n for n in notes)


# -- sealing and scoring


def test_sealed_source_defines_check_inside_the_hidden_region():
    source = "expect(1)\n### BEGIN HIDDEN TESTS\ncheck('a', lambda: 1)\n### END HIDDEN TESTS"
    sealed = plugins.seal_source(source, "f" * 32)
    assert sealed.index("def check(") > sealed.index("BEGIN HIDDEN TESTS")
    assert "f" * 32 in sealed and sealed.endswith("### END HIDDEN TESTS")
    compile(sealed, "cell", "exec")


def record(label, value, seal=None):
    data = {"label": label, "value": value, "points": 1, "compare": "exact", "hint": "", "options": {}}
    if seal is not None:
        data["seal"] = seal
    return {"output_type": "display_data", "metadata": {}, "data": {RECORD_MIME: data, "text/plain": "x"}}


def test_only_records_with_this_runs_seal_count_and_the_last_one_wins():
    seal = "a" * 32
    outputs = [record("x", 1, seal), record("y", 2), record("z", 3, "b" * 32), record("x", 5, seal)]
    got = plugins.sealed_records(outputs, seal)
    assert set(got) == {"x"} and got["x"]["value"] == 5


def test_missing_records_say_why(source):
    expected = [{"label": "a", "value": 1, "points": 1, "compare": "exact", "hint": "try"}]
    score, lines = plugins.score_cell(expected, {}, not_run="stopped")
    assert score == 0 and "could not run" in lines[0] and len(lines) == 1


# -- feedback


def test_feedback_hides_hidden_tests_outputs_that_show_them_and_grader_paths(source, tmp_path):
    nb = copy(source)
    hidden_line = next(line.strip() for line in nb.cells[index_of(nb, "q1-checks")].source.splitlines()
                       if line.strip().startswith("_time"))
    leak = nbformat.v4.new_code_cell("print(In[-1])")
    leak.outputs = [nbformat.v4.new_output("stream", text=f"leaked: {hidden_line}\n")]
    path_cell = nbformat.v4.new_code_cell("1/0")
    path_cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="x",
                                                traceback=[f"File {plugins.grader_paths()[0][0]}/x.py"])]
    nb.cells += [leak, path_cell]
    out, _ = plugins.HideHiddenTests().preprocess(nb, {})
    text = nbformat.writes(out)
    assert "BEGIN HIDDEN TESTS" not in text and hidden_line not in text
    assert "removed from your feedback" in text
    assert plugins.grader_paths()[0][0] not in json.dumps(out.cells[-1].outputs)


# -- the sandbox's view of the learner's folder


def test_the_kernel_gets_the_learners_files_but_no_notebooks_or_links(tmp_path):
    graded, submitted = tmp_path / "graded", tmp_path / "submitted"
    for folder in (graded, submitted):
        (folder / "data").mkdir(parents=True)
    for folder in (graded, submitted):
        (folder / "mine.csv").write_text("a,b\n")
        (folder / "data" / "x.txt").write_text("x")
        (folder / "lab.ipynb").write_text("{}")
    (graded / "secret.txt").write_text("copied from a link")
    (submitted / "secret.txt").symlink_to(tmp_path / "elsewhere")
    (graded / "link.txt").symlink_to(graded / "mine.csv")
    assert learner_files(graded, submitted) == ["data/x.txt", "mine.csv"]


def test_the_sandbox_probe_names_a_mode():
    info = probe()
    assert info["mode"] in ("namespaces", "limits")


def test_repair_never_raises_on_nonsense(anchors):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def is_engaged(s):\n    return 1"),
                nbformat.v4.new_markdown_cell(""), nbformat.v4.new_raw_cell("raw")]
    fixed, notes, questions = repair.repair(nb, anchors)
    assert grade_ids(fixed) == [a.gid for a in anchors]
    assert "return 1" in fixed.cells[[a.gid for a in anchors].index("q1-answer")].source or any(
        "return 1" in c.source for c in fixed.cells)


def test_paths(tmp_path):
    assert Path(source_path(LAB)).is_file()


# --- the fast command's speed-ups (grading/speedups.py, grading/zygote.py) ---------------------


def test_cached_schema_checks_raise_what_jsonschema_raises():
    import jsonschema
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    from grading import speedups

    schema = MetadataValidatorV3().schema
    good = {"grade": True, "grade_id": "q1-checks", "locked": True, "points": 2, "schema_version": 3,
            "solution": False, "task": False}
    bad = [dict(good, points="two"), {k: v for k, v in good.items() if k != "locked"}, dict(good, solution=3)]
    cached = speedups._CachedJsonschema(jsonschema)
    assert cached.validate(good, schema) is None
    for meta in bad:
        with pytest.raises(jsonschema.ValidationError) as theirs:
            jsonschema.validate(meta, schema)
        with pytest.raises(jsonschema.ValidationError) as ours:
            cached.validate(meta, schema)
        assert str(ours.value) == str(theirs.value)
    assert cached.ValidationError is jsonschema.ValidationError  # the rest of the module is the real one


def test_nbgrader_reports_bad_metadata_with_cached_checks(source):
    from nbgrader.nbgraderformat import ValidationError, common
    from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

    from grading import speedups

    speedups.cache_nbgrader_schema_checks()
    assert isinstance(common.jsonschema, speedups._CachedJsonschema)
    nb = nbformat.from_dict(json.loads(json.dumps(source)))
    MetadataValidatorV3().validate_nb(nb)
    graded = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    graded.metadata.nbgrader["points"] = "lots"
    with pytest.raises(ValidationError):
        MetadataValidatorV3().validate_nb(nb)


def test_grading_processes_skip_the_iri_grammar_but_still_check_formats():
    import subprocess

    code = ("import grading, sys, nbformat, jsonschema\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)\n"
            "ok = jsonschema.Draft7Validator({'format': 'date'}, format_checker=jsonschema.FormatChecker())\n"
            "print(ok.is_valid('2026-11-21'), ok.is_valid('21/11/2026'))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False"]


def test_the_zygote_preloads_what_the_lab_source_imports(tmp_path):
    from grading.zygote import PRELOAD, lab_imports

    found = lab_imports(source_path("kpi_analysis"))
    assert "matplotlib.pyplot" in found
    assert not set(found) & set(PRELOAD)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import json, tqdm.auto as tq\nfrom PIL import Image\nfrom . import x"),
        nbformat.v4.new_code_cell("this is not python"),
        nbformat.v4.new_markdown_cell("import os"),
    ])
    path = tmp_path / "lab.ipynb"
    nbformat.write(nb, path)
    # never what hooks into a kernel (tqdm.auto), but what its notebook bar imports (ipywidgets)
    assert lab_imports(path) == ["json", "ipywidgets", "PIL", "PIL.Image"]
    assert "ipywidgets" in lab_imports(source_path("shop_pricing"))
    assert lab_imports(tmp_path / "missing.ipynb") == []


class _StrandedChannel:
    """A kernel channel whose message arrives while a poll is waiting, without waking it: as pyzmq
    does after a lost ZMQ wake-up, that poll finds the message only when its timeout runs out."""

    def __init__(self, message: dict, empty_polls: int = 0) -> None:
        self.message, self.empty_polls, self.timeouts = message, empty_polls, []

    async def get_msg(self, timeout: float | None = None) -> dict:
        import asyncio
        from queue import Empty

        self.timeouts.append(timeout)
        await asyncio.sleep(timeout or 0)
        if len(self.timeouts) <= self.empty_polls:
            raise Empty
        return self.message


def test_a_reply_that_does_not_wake_the_grader_costs_one_short_wait(monkeypatch):
    """The fast command once stalled for a cell's whole timeout (two minutes) on such a reply."""
    import asyncio
    from time import monotonic

    from grading import execute

    monkeypatch.setattr(execute, "WAKE_SLICE", 0.01)
    runner = execute.RobustExecute.__new__(execute.RobustExecute)
    channel = _StrandedChannel({"msg_type": "execute_reply"}, empty_polls=2)
    got = asyncio.run(runner._next_msg(channel, monotonic() + 120))  # a cell's timeout
    assert got == {"msg_type": "execute_reply"}
    assert len(channel.timeouts) == 3 and max(channel.timeouts) <= 0.01
    channel = _StrandedChannel({"msg_type": "status"})
    asyncio.run(runner._next_msg(channel, None))  # output: no time limit, still short waits
    assert channel.timeouts == [0.01]


def test_waiting_for_a_message_still_ends_at_the_deadline(monkeypatch):
    import asyncio
    from queue import Empty
    from time import monotonic

    from grading import execute

    monkeypatch.setattr(execute, "WAKE_SLICE", 0.01)
    runner = execute.RobustExecute.__new__(execute.RobustExecute)
    channel = _StrandedChannel({}, empty_polls=10**6)
    with pytest.raises(Empty):
        asyncio.run(runner._next_msg(channel, monotonic() + 0.05))
    # short waits that never reach past the deadline (each is at most what is left of it)
    assert channel.timeouts and all(0 < t <= 0.01 for t in channel.timeouts)
    assert sum(channel.timeouts) <= 0.05 + 1e-6


def test_grading_kernels_get_the_client_that_caps_message_size(tmp_path):
    """jupyter_client's AsyncKernelManager ignores ``client_class``; the cap must still apply."""
    import zmq
    from traitlets.config import Config

    from grading import execute
    from grading.config import configure

    config = Config()
    configure(config, tmp_path)
    km = execute.SandboxKernelManager(config=config)
    client = km.client()
    assert isinstance(client, execute.GuardedKernelClient)
    client.transport, client.ip, client.shell_port = "ipc", str(tmp_path / "k"), 1
    sock = client._create_connected_socket("shell")
    try:
        assert sock.getsockopt(zmq.MAXMSGSIZE) == client.max_message_bytes > 0
    finally:
        sock.close(linger=0)


class _ReadyClient:
    """Channels for ``GuardedKernelClient._async_wait_for_ready``: each poll takes the next answer."""

    def __init__(self, shell: list, iopub: list) -> None:
        self.shell, self.iopub, self.asked, self.iopub_timeouts, self.handled = shell, iopub, 0, [], []

    async def _get(self, answers: list, timeout: float) -> dict:
        from queue import Empty

        answer = answers.pop(0) if answers else Empty
        if answer is Empty:
            raise Empty
        return answer


def _ready_client(shell: list, iopub: list) -> tuple:
    from types import SimpleNamespace

    from grading import execute

    state = _ReadyClient(shell, iopub)

    class Client(execute.GuardedKernelClient):
        shell_channel = SimpleNamespace(get_msg=lambda timeout: state._get(state.shell, timeout))
        iopub_channel = None

        def kernel_info(self) -> str:
            state.asked += 1
            return "id"

        async def _async_is_alive(self) -> bool:
            return True

        def _handle_kernel_info_reply(self, msg: dict) -> None:
            state.handled.append(msg)

    async def iopub_get(timeout: float) -> dict:
        state.iopub_timeouts.append(timeout)
        return await state._get(state.iopub, timeout)

    Client.iopub_channel = SimpleNamespace(get_msg=iopub_get)
    return Client(), state


def test_a_ready_kernel_is_used_without_waiting_for_silence():
    """jupyter_client read IOPub until it was silent for 0.2 s: 0.2 s lost per notebook."""
    import asyncio

    reply, status = {"msg_type": "kernel_info_reply"}, {"msg_type": "status"}
    client, state = _ready_client([reply], [status, status, status])
    asyncio.run(client.wait_for_ready(timeout=5))
    assert state.asked == 1 and state.handled == [reply]
    assert state.iopub_timeouts == [0.2]  # one message proves IOPub is connected; the rest are left


def test_readiness_asks_again_until_iopub_is_connected():
    import asyncio
    from queue import Empty

    reply, status = {"msg_type": "kernel_info_reply"}, {"msg_type": "status"}
    client, state = _ready_client([reply, reply], [Empty, status])
    asyncio.run(client.wait_for_ready(timeout=5))
    assert state.asked == 2 and state.handled == [reply]


def test_a_killed_kernel_is_checked_soon_then_less_often(monkeypatch):
    import asyncio

    from grading import execute

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    km = execute.SandboxKernelManager()
    answers = iter([True] * 12 + [False])

    async def is_alive() -> bool:
        return next(answers)

    monkeypatch.setattr(km, "_async_is_alive", is_alive)
    monkeypatch.setattr(execute.asyncio, "sleep", sleep)
    asyncio.run(km._async_wait())
    assert len(waits) == 12 and waits[0] == 0.001
    assert waits == sorted(waits) and max(waits) == 0.1


def test_gradebooks_share_one_engine_only_inside_the_block(tmp_path, monkeypatch):
    import os
    import sys

    from nbgrader.api import Course, Gradebook

    # a new gradebook asks the alembic command for its schema version
    monkeypatch.setenv("PATH", os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))

    from grading.speedups import shared_gradebook_engines

    original = Gradebook.__init__, Gradebook.close
    url, other = f"sqlite:///{tmp_path / 'gradebook.db'}", f"sqlite:///{tmp_path / 'other.db'}"
    with shared_gradebook_engines():
        with Gradebook(url, "course1") as first:
            first.add_student("ann")
            engine = first.engine
        with Gradebook(url, "course2") as second:
            assert second.engine is engine
            assert [s.id for s in second.students] == ["ann"]
            assert {c.id for c in second.db.query(Course)} == {"course1", "course2"}  # course still checked
        with Gradebook(other) as third:  # another database: its own engine, tables made by nbgrader
            assert third.engine is not engine and third.students == []
    assert engine.pool.checkedin() == 0  # disposed of when the block ends
    assert (Gradebook.__init__, Gradebook.close) == original
    with Gradebook(url) as fourth:
        assert fourth.engine is not engine and [s.id for s in fourth.students] == ["ann"]


def test_the_compact_exporter_writes_what_nbformat_writes_without_the_indentation(source):
    from nbconvert.exporters import NotebookExporter

    from grading import speedups
    from grading.repair import RobustNotebookExporter

    nb = copy(source)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Prix: 12 €\nline two\n"),
                    nbformat.v4.new_output("display_data", data={"image/png": "aGk=", "text/plain": "<Figure>"})]
    nb.metadata["orig_nbformat"] = 3  # transient: neither writes it
    theirs, their_res = NotebookExporter().from_notebook_node(nb, {})
    cls = speedups.compact_exporter(RobustNotebookExporter)
    assert issubclass(cls, RobustNotebookExporter)  # reading damaged files still works
    ours, our_res = cls().from_notebook_node(nb, {})
    assert nbformat.reads(ours, as_version=4) == nbformat.reads(theirs, as_version=4)
    assert "orig_nbformat" not in ours and "€" in ours  # as nbformat writes: no transient keys, UTF-8
    assert ours.endswith("}\n") and "\n " not in ours and len(ours) < len(theirs)
    assert our_res["output_suffix"] == their_res["output_suffix"]


def test_compiled_part_checks_accept_and_reject_what_nbformat_does():
    from nbformat.v4 import nbbase

    from grading import speedups

    calls = []

    def original(node, ref=None):
        calls.append(ref)
        return nbbase.validate(node, ref=ref)

    check = speedups.compiled_part_checks(original)
    good = [nbbase.new_output("stream", name="stderr", text="warning"),
            nbbase.new_output("display_data", data={"text/plain": "x", "image/png": "aGk="}),
            nbbase.new_output("execute_result", data={"text/plain": "3"}, execution_count=1),
            nbbase.new_output("error", ename="ValueError", evalue="no", traceback=["line"])]
    for output in good:
        check(output, "output")
    assert calls == []  # the compiled check alone said yes
    bad = [{"output_type": "stream", "name": "stdout", "text": 5},
           {"output_type": "display_data", "data": {"text/plain": 5}, "metadata": {}},
           {"output_type": "execute_result", "data": {"text/plain": "x"}, "metadata": {}},
           {"output_type": "error", "ename": "E", "evalue": "v", "traceback": "not a list"},
           {"output_type": "stream", "name": "stdout", "text": "x", "extra": 1},
           {"output_type": "made up"}]
    for output in bad:
        with pytest.raises(nbformat.ValidationError) as theirs:
            nbbase.validate(output, "output")
        with pytest.raises(nbformat.ValidationError) as ours:
            check(output, "output")
        assert str(ours.value) == str(theirs.value)
    assert calls == ["output"] * len(bad)


def test_source_cells_are_looked_up_once_per_database_inside_the_block(tmp_path, monkeypatch):
    import os
    import sys

    from nbgrader.api import Gradebook, MissingEntry

    from grading.speedups import remember_source_cells

    monkeypatch.setenv("PATH", os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_assignment("lab")
        gb.add_notebook("lab", "lab")
        gb.add_source_cell("q1", "lab", "lab", cell_type="code", locked=True, source="x = 1", checksum="abc")
        gb.add_grade_cell("q1", "lab", "lab", max_score=3, cell_type="code")
    original = Gradebook.find_source_cell, Gradebook.find_graded_cell
    asked = []
    monkeypatch.setattr(Gradebook, "find_source_cell",
                        lambda self, *a: asked.append(a) or original[0](self, *a))
    with remember_source_cells():
        for _ in range(3):
            with Gradebook(url) as gb:
                cell = gb.find_source_cell("q1", "lab", "lab")
                assert (cell.source, cell.locked, cell.checksum, cell.cell_type) == ("x = 1", True, "abc", "code")
                assert gb.find_graded_cell("q1", "lab", "lab").max_score == 3
                with pytest.raises(MissingEntry):
                    gb.find_source_cell("q9", "lab", "lab")
    assert asked == [("q1", "lab", "lab"), ("q9", "lab", "lab")]  # each question once
    with Gradebook(url) as gb:
        gb.find_source_cell("q1", "lab", "lab")
    assert len(asked) == 3  # the block's end restores nbgrader's lookups
    assert Gradebook.find_graded_cell is original[1]


def test_saving_grades_at_once_leaves_the_gradebook_as_nbgrader_does(tmp_path, monkeypatch):
    import os
    import shutil
    import sqlite3
    import sys
    import warnings

    from nbgrader import utils
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import SaveAutoGrades
    from sqlalchemy.exc import SAWarning

    from grading.speedups import save_auto_grades_at_once

    monkeypatch.setenv("PATH", os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))

    def cell(kind, name, *, grade=False, solution=False, task=False, points=0, outputs=(), source="x = 1"):
        new = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
        new.metadata.nbgrader = {"grade": grade, "solution": solution, "task": task, "locked": False,
                                 "grade_id": name, "points": points, "schema_version": 3}
        if kind == "code":
            new.outputs = list(outputs)
        new.metadata.nbgrader["checksum"] = utils.compute_checksum(new)
        return new

    error = nbformat.v4.new_output("error", ename="AssertionError", evalue="no", traceback=[])
    nb = nbformat.v4.new_notebook(cells=[
        cell("code", "q1", grade=True, solution=True, points=2),  # an answer the learner changed
        cell("code", "q2-checks", grade=True, points=3, outputs=[error]),  # a failed check: 0
        cell("code", "q3-checks", grade=True, points=1),  # passed, but a trainer gave a manual score
        cell("markdown", "a4", grade=True, solution=True, points=2),  # written answer: manual grading
        cell("markdown", "task5", task=True, points=1),
        cell("code", "s6", solution=True),  # untouched: "No response."
    ])
    nb.cells[0].source = "x = 2"  # the learner changed it after all
    url = tmp_path / "gradebook.db"
    with Gradebook(f"sqlite:///{url}") as gb:
        gb.add_assignment("lab")
        gb.add_notebook("lab", "lab")
        for c in nb.cells:
            meta = c.metadata.nbgrader
            if meta["grade"]:
                gb.add_grade_cell(meta["grade_id"], "lab", "lab", max_score=meta["points"], cell_type=c.cell_type)
            if meta["solution"]:
                gb.add_solution_cell(meta["grade_id"], "lab", "lab")
            if meta["task"]:
                gb.add_task_cell(meta["grade_id"], "lab", "lab", max_score=meta["points"], cell_type=c.cell_type)
        gb.add_student("ann")
        with warnings.catch_warnings():  # nbgrader's own autoflush notes while it builds a submission
            warnings.simplefilter("ignore", SAWarning)
            gb.add_submission("lab", "ann")
        gb.find_grade("q3-checks", "lab", "lab", "ann").manual_score = 0.5
        gb.db.commit()
    resources = {"nbgrader": {"notebook": "lab", "assignment": "lab", "student": "ann"}}

    def saved_by(cls, name):
        db = tmp_path / f"{name}.db"
        shutil.copy(url, db)
        res = json.loads(json.dumps(resources))
        res["nbgrader"]["db_url"] = f"sqlite:///{db}"
        cls().preprocess(copy(nb), res)
        with sqlite3.connect(db) as con:
            grades = con.execute("select b.name, g.auto_score, g.manual_score, g.needs_manual_grade from grade g "
                                 "join base_cell b on b.id = g.cell_id order by b.name").fetchall()
            comments = con.execute("select b.name, c.auto_comment from comment c join base_cell b "
                                   "on b.id = c.cell_id order by b.name").fetchall()
        return grades, comments

    theirs, ours = saved_by(SaveAutoGrades, "theirs"), saved_by(save_auto_grades_at_once(), "ours")
    assert ours == theirs
    grades, comments = theirs  # and the example covers each branch
    assert ("q2-checks", 0.0, None, 0) in grades and ("q3-checks", 1.0, 0.5, 1) in grades
    assert ("a4", 0.0, None, 0) in grades  # a written answer left blank scores 0 at once
    assert ("q1", None, None, 1) in grades and ("task5", None, None, 1) in grades  # answers to read
    assert ("s6", "No response.") in comments and ("q1", None) in comments


def test_loggers_drop_at_once_what_no_handler_shows():
    import logging

    from grading.speedups import log_only_what_is_shown

    def logger(name: str, *levels: int, propagate: bool = False) -> logging.Logger:
        log = logging.getLogger(f"omlab-test-{name}")
        log.handlers, log.propagate = [], propagate
        log.setLevel(logging.DEBUG)
        for level in levels:
            handler = logging.NullHandler()
            handler.setLevel(level)
            log.addHandler(handler)
        log_only_what_is_shown(log)
        return log

    assert logger("warn", logging.WARNING).level == logging.WARNING
    assert logger("two", logging.WARNING, logging.INFO).level == logging.INFO
    assert logger("all", logging.WARNING, logging.NOTSET).level == logging.DEBUG  # a handler shows all
    assert logger("parent", logging.WARNING, propagate=True).level == logging.DEBUG  # its parents may show more
    assert logger("none").level == logging.DEBUG


def test_the_fast_commands_app_builds_no_debug_records_it_would_drop():
    import logging

    from grading.cohort import _app

    app = _app(ROOT, "kpi_analysis")
    assert not app.log.isEnabledFor(logging.DEBUG) and app.log.isEnabledFor(logging.WARNING)


def test_sliced_waits_find_a_stranded_message_soon_and_still_time_out(monkeypatch):
    """The reference run waits with nbclient's own polls; they are cut into short slices too."""
    import asyncio
    from queue import Empty

    from grading import execute

    monkeypatch.setattr(execute, "WAKE_SLICE", 0.01)
    channel = _StrandedChannel({"msg_type": "execute_reply"}, empty_polls=2)
    execute.sliced_waits(channel)
    assert asyncio.run(channel.get_msg(timeout=600)) == {"msg_type": "execute_reply"}
    assert len(channel.timeouts) == 3 and max(channel.timeouts) <= 0.01
    channel = _StrandedChannel({}, empty_polls=10**6)
    execute.sliced_waits(channel)
    with pytest.raises(Empty):
        asyncio.run(channel.get_msg(timeout=0.05))
    assert sum(channel.timeouts) <= 0.05 + 1e-6
    channel = _StrandedChannel({"msg_type": "status"})
    execute.sliced_waits(channel)
    assert asyncio.run(channel.get_msg(timeout=0)) == {"msg_type": "status"}  # polls once, as before
    assert channel.timeouts == [0]



def test_every_way_a_cell_can_stop_python_is_explained_twice():
    """Each fatal outcome needs its sentence for the notebook and one for the question's score:
    a missing one would stop ``ScoreHiddenChecks`` on the first submission that meets it."""
    from grading.execute import FATAL
    from grading.messages import EN, say

    assert "memory" in FATAL  # a cell that ends in MemoryError restarts Python too
    for outcome, key in FATAL.items():
        assert "{start}" in EN[key], key
        assert "hog = []" in say(key, start="hog = []", seconds=30)
        assert "score 0" in say(f"check.{outcome}"), outcome
