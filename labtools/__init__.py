"""Helpers the Open Museums Lab notebooks import: data, self-checks and accessible charts."""

from .checks import check, expect
from .data import data_dir, data_file, require_columns
from .figures import show_chart
from .messages import say

__all__ = [
    "check",
    "data_dir",
    "data_file",
    "expect",
    "require_columns",
    "say",
    "show_chart",
]
