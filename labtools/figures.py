"""Show a matplotlib chart with alt text, so that screen-reader users get it too."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

JPEG_QUALITY = 85  # figures of photos: no visible loss at the size they are shown


def show_chart(fig: Any, alt: str, photos: bool = False) -> None:
    """Display ``fig`` as an image whose alt text is ``alt``.

    Jupyter shows plain matplotlib output without alt text; an HTML image carries it. A chart of
    lines, bars and text is shown as PNG; a figure of photos (``photos=True``) as JPEG, the format
    made for photos: about a quarter of the bytes in the notebook, and quicker to make.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(
            "The chart needs alt text: one or two sentences that say what the chart shows and "
            "its main message, for people who cannot see it."
        )
    kind = "jpeg" if photos else "png"
    buffer = io.BytesIO()
    with _hidden_axes_skipped(fig):
        fig.savefig(buffer, format=kind, dpi=100, bbox_inches="tight",
                    pil_kwargs={"quality": JPEG_QUALITY} if photos else None)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    from IPython.display import HTML, display

    display(HTML(f'<img src="data:image/{kind};base64,{data}" alt="{html.escape(alt, quote=True)}">'))
    import matplotlib.pyplot as plt

    plt.close(fig)  # avoid showing it a second time without alt text


@contextmanager
def _hidden_axes_skipped(fig: Any) -> Iterator[None]:
    """While saving, make the x and y axis of each Axes turned off (``ax.axis("off")``) invisible.

    Matplotlib does not draw them, but to place each title it still lays out their tick labels,
    which costs more than drawing a photo. Invisible, they are skipped; the image is the same.
    Their visibility is restored afterwards, so the figure can still be changed and shown again.
    """
    hidden = [axis for ax in fig.axes if not ax.axison for axis in (ax.xaxis, ax.yaxis)
              if axis.get_visible()]
    for axis in hidden:
        axis.set_visible(False)
    try:
        yield
    finally:
        for axis in hidden:
            axis.set_visible(True)
