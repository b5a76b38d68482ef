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


# ------------------------------------------------------------------ charts shown with alt text
def _shown(fig, alt, **options):
    """What show_chart displays for fig: the image's MIME type, its bytes and its alt text."""
    import base64
    import re
    from unittest import mock

    from labtools.figures import show_chart

    shown = []
    with mock.patch("IPython.display.display", shown.append):
        show_chart(fig, alt, **options)
    found = re.fullmatch(r'<img src="data:(image/\w+);base64,([^"]+)" alt="([^"]*)">', shown[0].data)
    return found.group(1), base64.b64decode(found.group(2)), found.group(3)


def _photo_figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), squeeze=False)
    for k, ax in enumerate(axes[0]):
        ax.imshow(np.random.default_rng(k).integers(0, 255, (240, 320, 3), dtype=np.uint8))
        ax.set_title(f"photo {k}", fontsize=9)
        ax.axis("off")
    return fig


def _saved(fig, kind, **options):
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, dpi=100, bbox_inches="tight", **options)
    return buffer.getvalue()


def test_a_chart_is_a_png_and_a_figure_of_photos_a_jpeg_each_with_its_alt_text():
    import io

    from PIL import Image

    kind, data, alt = _shown(_photo_figure(), 'Two photos, "before" & after.')
    assert kind == "image/png" and Image.open(io.BytesIO(data)).format == "PNG"
    assert alt == "Two photos, &quot;before&quot; &amp; after."
    kind, photos, _ = _shown(_photo_figure(), "Two photos.", photos=True)
    with Image.open(io.BytesIO(photos)) as image:
        assert (kind, image.format, image.mode) == ("image/jpeg", "JPEG", "RGB")
        assert image.size == Image.open(io.BytesIO(data)).size
    assert len(photos) < len(data) / 2
    with pytest.raises(ValueError, match="needs alt text"):
        _shown(_photo_figure(), "  ")


def test_axes_turned_off_are_drawn_as_before_without_laying_out_their_tick_labels():
    """Matplotlib lays out the tick labels of axes turned off to place their titles: show_chart
    skips that, and the image it shows is byte for byte what savefig makes of the figure."""
    from unittest import mock

    import matplotlib.axis

    from labtools.figures import JPEG_QUALITY

    jpeg = {"pil_kwargs": {"quality": JPEG_QUALITY}}
    for photos, kind, options in ((False, "png", {}), (True, "jpeg", jpeg)):
        expected = _saved(_photo_figure(), kind, **options)
        fig = _photo_figure()
        with mock.patch.object(matplotlib.axis.Axis, "_update_ticks", autospec=True,
                               side_effect=matplotlib.axis.Axis._update_ticks) as ticks:
            assert _shown(fig, "Two photos.", photos=photos)[1] == expected
        assert ticks.call_count == 0
        # the figure is as it was: turned on again, its axes show
        assert all(ax.xaxis.get_visible() and ax.yaxis.get_visible() for ax in fig.axes)
