"""The self-check tools: encoding, comparison rules and feedback."""

from __future__ import annotations

import math
from decimal import Decimal

import nbformat
import pandas as pd
import pytest

from labtools import expect
from labtools.compare import matches, raised
from labtools.data import require_columns
from labtools.encode import describe, encode


class AlwaysEqual:
    def __eq__(self, other):
        return True


def test_encode_plain_values_and_tables():
    assert encode(3) == 3 and encode(True) is True and encode("x") == "x"
    assert encode(Decimal("4.33")) == {"$decimal": "4.33"}
    assert encode(float("nan")) == {"$float": "nan"}
    frame = encode(pd.DataFrame({"a": [1, 2]}, index=["x", "y"]))
    assert frame == {"$frame": {"columns": ["a"], "index": ["x", "y"], "data": [[1], [2]]}}
    assert encode(ValueError("bad"))["$error"]["types"][:2] == ["ValueError", "Exception"]


def test_object_that_claims_equality_matches_nothing():
    cheat = encode(AlwaysEqual())
    for want in (1, "x", [1], {"$decimal": "1.00"}):
        assert not matches(cheat, encode(want), "exact")
        assert not matches(cheat, encode(want), "approx")


def test_approx_and_exact():
    assert matches(0.1 + 0.2, 0.3, "approx") and not matches(0.1 + 0.2, 0.3, "exact")
    assert not matches(0.31, 0.3, "approx")
    assert not matches(encode(float("nan")), 0.3, "approx")
    assert matches(encode(Decimal("4.33")), encode(Decimal("4.330")), "exact")
    assert not matches(encode(Decimal("4.33")), encode(Decimal("4.34")), "exact")
    assert not matches(True, 1, "exact")  # a boolean is not a number


def test_notebook_nodes_compare_like_plain_json():
    """Records read back from a notebook are NotebookNode objects (a bug once scored them 0)."""
    value = encode(pd.DataFrame({"a": [1.0]}))
    node = nbformat.from_dict({"v": value})["v"]
    assert matches(node, value, "frame") and matches(value, node, "frame")


def test_frame_rule_checks_columns_index_and_values():
    a = encode(pd.DataFrame({"x": [1.0, 2.0]}))
    assert matches(encode(pd.DataFrame({"x": [1.0, 2.0000001]})), a, "frame")
    assert not matches(encode(pd.DataFrame({"y": [1.0, 2.0]})), a, "frame")
    assert not matches(encode(pd.DataFrame({"x": [2.0, 1.0]})), a, "frame")
    assert matches(encode(pd.DataFrame({"x": [2.0, 1.0]}, index=[1, 0])), a, "frame", ignore_row_order=True)


def test_raises_rule():
    want = encode(ValueError("x"))
    assert raised(encode(ValueError("There are no sessions.")), want) == "ok"
    assert raised(encode(ValueError("")), want) == "silent"
    assert raised(encode(ZeroDivisionError("division by zero")), want) == "wrong_error"
    assert raised(0.5, want) == "not_raised"


def test_set_and_nonempty_rules():
    assert matches(["b", "a"], ["a", "b"], "set") and not matches(["a"], ["a", "b"], "set")
    assert matches("A line chart of sessions", None, "nonempty", min_length=10)
    assert not matches("   ", None, "nonempty")


def test_expect_never_raises_and_teaches(capsys):
    assert expect("sum", lambda: 1 + 1, 2) is True
    assert expect("broken", lambda: 1 / 0, 2, hint="Divide by the number of sessions.") is False
    out = capsys.readouterr().out
    assert "✅ sum: correct." in out
    assert "ZeroDivisionError" in out and "Tip: Divide by the number of sessions." in out
    assert expect("todo", lambda: (_ for _ in ()).throw(NotImplementedError()), 1) is False
    assert "not answered yet" in capsys.readouterr().out


def test_require_columns_names_the_problem_and_the_fix():
    with pytest.raises(ValueError, match=r"no column 'reach'.*It has: engagements"):
        require_columns(pd.DataFrame({"engagements": [1]}), ["reach"], "posts")
    with pytest.raises(ValueError, match="is empty"):
        require_columns(pd.DataFrame({"reach": []}), ["reach"], "posts")
    with pytest.raises(TypeError, match="Expected a table"):
        require_columns([1, 2], ["reach"])


def test_describe_is_short_and_readable():
    assert describe(encode(ValueError("bad input"))) == "ValueError: bad input"
    assert len(describe(list(range(1000)))) <= 120
    assert math.isclose(float(describe(0.123456789)), 0.123457)


def test_the_check_tools_load_without_pandas_and_the_rest_on_first_use():
    """The grader imports labtools.checks in each grading process; pandas would cost 0.3 s each."""
    import subprocess
    import sys

    code = ("import sys, labtools.checks; print('pandas' in sys.modules); "
            "from labtools import data_file, show_chart; print('pandas' in sys.modules, callable(show_chart))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "True"]
    import labtools

    assert labtools.require_columns is require_columns and "show_chart" in dir(labtools)
    with pytest.raises(AttributeError, match="no attribute 'chart'"):
        labtools.chart  # noqa: B018
