"""Every sentence the lab tools say to a learner, in one place for translators.

Add a language by adding a dictionary with the same keys to ``CATALOGUE``; choose it with the
environment variable ``OMLAB_LANG`` (for example ``nl``). Missing keys fall back to English.
"""

from __future__ import annotations

import os

EN: dict[str, str] = {
    # Self-checks (visible, in the learner's notebook)
    "expect.pass": "✅ {label}: correct.",
    "expect.fail": "❌ {label}: your answer was {got}, the example expects {want}.",
    "expect.raised": "❌ {label}: your code stopped with {error}.",
    "expect.raise_ok": "✅ {label}: your function stops with a clear message, as it should.",
    "expect.raise_missing": (
        "❌ {label}: your function should stop with a {want} and a message that says what is "
        "wrong, but it returned {got}."
    ),
    "expect.raise_wrong": (
        "❌ {label}: your function should stop with a {want}, but it stopped with {error}."
    ),
    "expect.raise_silent": (
        "❌ {label}: your function stops with a {want}, but the message is empty. Say what is "
        "wrong and how to fix it."
    ),
    "expect.nonempty_fail": "❌ {label}: this is still empty. Write a few words.",
    "expect.todo": "⏳ {label}: not answered yet. Write your code in the cell above, run it, then run this cell again.",
    "expect.name_error": (
        "❌ {label}: {error}. Run the cells above this one first (from the top of the "
        "notebook), then run this cell again."
    ),
    "expect.hint": "   Tip: {hint}",
    # Hidden checks (the grader's feedback, written after grading)
    "grade.pass": "✔ {label}: correct ({points}).",
    "grade.fail_value": "✘ {label}: not correct ({points}). Your answer was {got}.",
    "grade.fail_raised": "✘ {label}: your code stopped with {error} ({points}).",
    "grade.fail_not_raised": (
        "✘ {label}: your function should stop here with a {want} and a clear message, but it "
        "returned {got} ({points})."
    ),
    "grade.fail_wrong_error": (
        "✘ {label}: your function should stop here with a {want}, but it stopped with {error} "
        "({points})."
    ),
    "grade.fail_silent_error": (
        "✘ {label}: your function stops with a {want}, but its message is empty ({points})."
    ),
    "grade.fail_empty": "✘ {label}: this is empty ({points}).",
    "grade.not_run": (
        "✘ {label}: this check could not run ({points}). The cells above may have stopped with "
        "an error, or the notebook ended before reaching it."
    ),
    "grade.not_answered": "✘ {label}: not answered yet ({points}).",
    "grade.hint": "   Tip: {hint}",
    "grade.points": "{score:g} of {total:g} points",
    "grade.summary": "Score for this question: {score:g} of {total:g} points.",
    "grade.cell_missing": (
        "This question's check cell was missing from your notebook, so it was put back and run. "
    ),
    # Data and set-up
    "data.missing": (
        "The lab could not find its data folder '{name}'. If you downloaded only the notebook, "
        "download the lab's zip file from its page in the course book (it contains a 'data' "
        "folder), unzip it, and open the notebook from there. On your own computer, `make lab` "
        "sets everything up."
    ),
    "data.file_missing": (
        "The data folder '{name}' has no file called '{file}'. Download the lab again, or ask your "
        "trainer."
    ),
    # Input validation shared by the labs
    "input.not_a_table": "Expected a table (a pandas DataFrame), but got {kind}.",
    "input.empty_table": "The table '{what}' is empty: there is nothing to calculate. Check the filter you used.",
    "input.missing_columns": (
        "The table '{what}' has no column {missing}. It has: {present}. Check the spelling, or "
        "load the file again."
    ),
    # Self-study workspace
    "workspace.added": "Added the lab '{lab}' to your workspace: {path}",
    "workspace.updated": "Updated '{path}' to the newest version (you had not changed it).",
    "workspace.kept": (
        "You have changed '{path}', so it was left exactly as it is. The newest version of the lab "
        "is saved next to it as '{new}'. Copy over what you need."
    ),
    "workspace.up_to_date": "Your workspace is up to date ({count} labs) in {path}",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN}


def say(key: str, **values: object) -> str:
    """The sentence ``key`` in the learner's language, with ``values`` filled in."""
    lang = os.environ.get("OMLAB_LANG", "en")
    template = CATALOGUE.get(lang, EN).get(key) or EN[key]
    return template.format(**values)
