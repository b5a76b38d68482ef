# nbgrader reads this file when run from the repository root; the settings live in grading/.
from pathlib import Path

from grading.config import configure

configure(get_config(), Path(__file__).resolve().parent)  # noqa: F821 (get_config is nbgrader's)
