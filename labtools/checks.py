"""Self-checks for learners and recorded checks for the grader.

``expect`` is for the visible check cells: it compares the learner's answer with an example and
prints feedback that teaches. It never raises, so a notebook always runs to the end.

``check`` is for hidden tests: it only *records* what the learner's code returns, as JSON in a
display output of type ``RECORD_MIME``. The grader compares the records with the reference
solution's, outside this kernel (``grading.plugins``).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from .compare import expected_error_type, matches, raised
from .encode import describe, encode, is_error
from .messages import say

RECORD_MIME = "application/vnd.omlab.check+json"


def _run(thunk: Callable[[], Any] | Any) -> Any:
    """Call ``thunk`` (if callable) and encode its result, or the error it raised."""
    try:
        value = thunk() if callable(thunk) else thunk
    except Exception as exc:  # the learner's error becomes data, not a crash
        return encode(exc)
    try:
        return encode(value)
    except Exception as exc:  # an object that breaks encoding counts as a wrong answer
        return {"$repr": f"value that could not be read ({type(exc).__name__})"}


def check(
    label: str,
    thunk: Callable[[], Any] | Any,
    *,
    points: float = 1,
    compare: str = "exact",
    hint: str = "",
    **options: Any,
) -> None:
    """Record the value of ``thunk()`` for the grader. Prints nothing a learner needs to read."""
    record = {
        "label": label,
        "value": _run(thunk),
        "points": points,
        "compare": compare,
        "hint": hint,
        "options": options,
    }
    try:
        from IPython.display import display

        display({RECORD_MIME: record, "text/plain": f"(check recorded: {label})"}, raw=True)
    except ImportError:  # outside Jupyter there is no grader to record for
        pass


def expect(
    label: str,
    thunk: Callable[[], Any] | Any,
    want: Any = None,
    *,
    compare: str = "exact",
    hint: str = "",
    **options: Any,
) -> bool:
    """Print whether the learner's answer matches the example; return True when it does."""
    got = _run(thunk)
    print(_feedback(label, got, want, compare, hint, options))
    if compare == "raises":
        return raised(got, {"$error": {"type": want}}) == "ok"
    return not is_error(got) and matches(got, encode(want), compare, **options)


def _feedback(label: str, got: Any, want: Any, rule: str, hint: str, options: dict) -> str:
    tip = "\n" + say("expect.hint", hint=hint) if hint else ""
    if rule == "raises":
        verdict = raised(got, {"$error": {"type": want}})
        wanted = expected_error_type({"$error": {"type": want}})
        if verdict == "ok":
            return say("expect.raise_ok", label=label)
        if verdict == "not_raised":
            return say("expect.raise_missing", label=label, want=wanted, got=describe(got)) + tip
        if _not_done(got):
            return say("expect.todo", label=label)
        if verdict == "silent":
            return say("expect.raise_silent", label=label, want=wanted) + tip
        return say("expect.raise_wrong", label=label, want=wanted, error=describe(got)) + tip
    if is_error(got):
        if _not_done(got):
            return say("expect.todo", label=label)
        if got["$error"]["type"] == "NameError":
            return say("expect.name_error", label=label, error=got["$error"]["message"])
        return say("expect.raised", label=label, error=describe(got)) + tip
    if rule == "nonempty":
        if matches(got, None, "nonempty", **options):
            return say("expect.pass", label=label)
        return say("expect.nonempty_fail", label=label) + tip
    if matches(got, encode(want), rule, **options):
        return say("expect.pass", label=label)
    return say("expect.fail", label=label, got=describe(got), want=describe(encode(want))) + tip


def _not_done(got: Any) -> bool:
    """The learner has not written this answer yet (nbgrader's placeholder is still there)."""
    return is_error(got) and got["$error"]["type"] == "NotImplementedError"


def format_exception(exc: BaseException) -> str:
    """One line naming an error, without the traceback a museum professional cannot use."""
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()
