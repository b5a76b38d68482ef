"""Show a matplotlib chart with alt text, so that screen-reader users get it too."""

from __future__ import annotations

import base64
import html
import io
from typing import Any


def show_chart(fig: Any, alt: str) -> None:
    """Display ``fig`` as a PNG image whose alt text is ``alt``.

    Jupyter shows plain matplotlib output without alt text; an HTML image carries it.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(
            "The chart needs alt text: one or two sentences that say what the chart shows and "
            "its main message, for people who cannot see it."
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    from IPython.display import HTML, display

    display(HTML(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'))
    import matplotlib.pyplot as plt

    plt.close(fig)  # avoid showing it a second time without alt text
