"""Grading for Open Museums Lab: nbgrader configuration, plugins and trainers' commands.

Run ``python -m grading --help`` for the commands.
"""

from .speedups import skip_iri_grammar

skip_iri_grammar()  # 1 s less for every grading process (grading/speedups.py)
