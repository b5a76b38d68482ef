"""Compare an encoded answer with an encoded expected value, by a named rule.

Used by the visible self-checks in the learner's kernel and by the grader outside it. Both sides
are plain JSON (see ``labtools.encode``), so nothing the learner defines can take part.
"""

from __future__ import annotations

import math
from typing import Any

RULES = ("exact", "approx", "frame", "set", "raises", "nonempty")


def matches(got: Any, want: Any, rule: str = "exact", **options: Any) -> bool:
    """True when ``got`` satisfies ``want`` under ``rule``."""
    if rule not in RULES:
        raise ValueError(f"Unknown comparison rule {rule!r}; use one of {', '.join(RULES)}.")
    if rule == "raises":
        return raised(got, want) == "ok"
    if _is_error(got):
        return False
    if rule == "nonempty":
        return isinstance(got, str) and len(got.strip()) >= int(options.get("min_length", 1))
    if rule == "set":
        return _same_set(got, want)
    tol = (float(options.get("rel", 1e-6)), float(options.get("abs", 1e-9)))
    exact = rule == "exact"
    if rule == "frame" and options.get("ignore_row_order"):
        got, want = _sorted_rows(got), _sorted_rows(want)
    return _equal(got, want, None if exact else tol)


def raised(got: Any, want: Any) -> str:
    """For a ``raises`` check: ``ok``, ``not_raised``, ``wrong_error`` or ``silent``."""
    want_type = want["$error"]["type"] if _is_error(want) else str(want)
    if not _is_error(got):
        return "not_raised"
    err = got["$error"]
    if want_type not in err.get("types", [err["type"]]):
        return "wrong_error"
    if not err.get("message", "").strip():
        return "silent"
    return "ok"


def expected_error_type(want: Any) -> str:
    return want["$error"]["type"] if _is_error(want) else str(want)


def _is_error(v: Any) -> bool:
    return isinstance(v, dict) and "$error" in v


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dict):
        if "$float" in v:
            return float(v["$float"])
        if "$decimal" in v:
            return float(v["$decimal"])
    return None


def _equal(a: Any, b: Any, tol: tuple[float, float] | None) -> bool:
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        if isinstance(a, dict) and "$decimal" in a and isinstance(b, dict) and "$decimal" in b:
            if tol is None:
                return a["$decimal"] == b["$decimal"] or float(a["$decimal"]) == float(b["$decimal"])
        if math.isnan(na) or math.isnan(nb):
            return math.isnan(na) and math.isnan(nb)
        if tol is None:
            return na == nb
        return math.isclose(na, nb, rel_tol=tol[0], abs_tol=tol[1])
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if set(a) != set(b):
            return False
        if "$dict" in a:
            da = {_key(k): v for k, v in a["$dict"]}
            db = {_key(k): v for k, v in b["$dict"]}
            return set(da) == set(db) and all(_equal(da[k], db[k], tol) for k in da)
        if "$set" in a:
            return _same_set(a, b)
        if "$frame" in a:
            fa, fb = a["$frame"], b["$frame"]
            if [_key(c) for c in fa["columns"]] != [_key(c) for c in fb["columns"]]:
                return False
            return _equal(fa["index"], fb["index"], tol) and _equal(fa["data"], fb["data"], tol)
        return all(_equal(a[k], b[k], tol) for k in a)
    return a == b


def _kind(v: Any) -> str:
    """The JSON kind of a value (subclasses such as nbformat's NotebookNode count as dict)."""
    for kind, types in (("bool", bool), ("number", (int, float)), ("text", str), ("list", list),
                        ("dict", dict)):
        if isinstance(v, types):
            return kind
    return "null" if v is None else type(v).__name__


def _key(v: Any) -> str:
    """A hashable, comparable form of an encoded dictionary key or column name."""
    return repr(v) if not isinstance(v, str) else v


def _same_set(a: Any, b: Any) -> bool:
    def items(v: Any) -> list[str] | None:
        if isinstance(v, dict) and "$set" in v:
            v = v["$set"]
        if isinstance(v, dict) and "$series" in v:
            v = v["$series"]["data"]
        if not isinstance(v, list):
            return None
        return sorted(repr(x) for x in v)

    ia, ib = items(a), items(b)
    return ia is not None and ia == ib


def _sorted_rows(v: Any) -> Any:
    if not (isinstance(v, dict) and "$frame" in v):
        return v
    f = v["$frame"]
    rows = sorted(zip(f["index"], f["data"], strict=True), key=repr)
    return {"$frame": {**f, "index": [r[0] for r in rows], "data": [r[1] for r in rows]}}
