"""The grader's own sentences for learners (repairs, stopped kernels, limits) and for trainers.

Learner-facing text belongs in ``labtools/messages.py`` (one place for translators). Until these
keys are moved there, they live here; ``say`` prefers ``labtools.messages`` when it has the key,
so moving a key (and translating it) needs no change in this file's callers.
"""

from __future__ import annotations

from labtools import messages as _labtools_messages

EN: dict[str, str] = {
    # Repairs of the submitted notebook (one line each, shown in the feedback)
    "repair.notes_title": "**Notes from the grader about your notebook**",
    "repair.file_damaged": (
        "Your notebook file was damaged (for example, saving stopped halfway), so only part of "
        "it could be read: {count} cells were recovered. Answers that were lost score 0 points."
    ),
    "repair.file_unreadable": (
        "Your notebook file could not be read ({why}), so it was graded as an empty notebook. "
        "Ask your trainer to look at the file you handed in."
    ),
    "repair.file_link": (
        "Your notebook file was a link to another file, which cannot be graded. It was graded as "
        "an empty notebook. Hand in the notebook file itself."
    ),
    "repair.renamed": (
        "Your notebook was handed in as “{name}”; it was graded as the lab's notebook. Next "
        "time, keep the notebook's own name."
    ),
    "repair.old_format": "Your notebook was saved in an older notebook format ({version}); it was converted.",
    "repair.metadata_lost": (
        "Your notebook had lost the hidden labels that mark answer and check cells (this happens "
        "when cells are copied into another notebook or the file is saved by another program). "
        "The grader recognised the cells by their content."
    ),
    "repair.test_missing": "This question's check cell was missing from your notebook, so it was put back and run.",
    "repair.answer_missing": (
        "Your answer cell for this question was missing, so the empty answer cell was put back."
    ),
    "repair.answer_moved": (
        "Your answer cell for this question was not in its place, so it was moved back above its "
        "check cell before grading."
    ),
    "repair.test_moved": (
        "This question's check cell was not in its place, so it was moved back below its answer "
        "cell before grading."
    ),
    "repair.duplicate": (
        "A cell of this question appeared more than once in your notebook. The check cell ran "
        "once; copies of your answer were kept and ran in order."
    ),
    "repair.retyped": (
        "Your answer cell for this question had been changed into a text cell; it was changed "
        "back into a code cell."
    ),
    "repair.locked_restored": "Cells you may not change (instructions, set-up) were restored.",
    "repair.extra_grade_cell": (
        "A cell you added claimed to be a graded cell; it was kept as an ordinary cell."
    ),
    # Running the notebook
    "run.kernel_died": (
        "Python stopped while running the cell starting with “{start}” (the code may call "
        "exit(), crash Python, or use too much memory). The grader started Python again, re-ran "
        "the cells above it and carried on after it."
    ),
    "run.stuck": (
        "The cell starting with “{start}” ran for more than {seconds} seconds and could not be "
        "interrupted, so Python was stopped. The grader started Python again, re-ran the cells "
        "above it and carried on after it."
    ),
    "run.flooded": (
        "The cell starting with “{start}” printed more at once than the grader can take in, so "
        "Python was stopped. The grader started Python again, re-ran the cells above it and "
        "carried on after it."
    ),
    "run.out_of_memory": (
        "The cell starting with “{start}” used all the memory the grader allows, so Python was "
        "started again with its memory free. The grader re-ran the cells above it and carried "
        "on after it."
    ),
    "run.timeout": (
        "The cell starting with “{start}” ran for more than {seconds} seconds, so it was "
        "interrupted."
    ),
    "run.output_cut": "The cell starting with “{start}” printed a lot; only the first part was kept.",
    "run.output_cut_here": "(The rest of this cell's output was cut: it printed more than the grader keeps.)",
    "run.not_run": "The grader could not run the rest of your notebook: {why}",
    "run.why_time": "it took more than {minutes:g} minutes in total.",
    "run.why_restarts": "Python had to be started again too many times.",
    "run.why_start": "Python could not be started (this is not your fault; tell your trainer).",
    "run.why_replay": "Python stopped again while the cells above were re-run.",
    "run.cell_error_title": "Grading stopped here",
    # Per question, in the check cell's feedback
    "check.died": (
        "Python stopped while this question was being checked, so its checks score 0. Make sure "
        "your code does not call exit() and finishes quickly."
    ),
    "check.stuck": (
        "This question's checks ran for too long and were stopped, so they score 0. Look for a "
        "loop that never ends."
    ),
    "check.flooded": (
        "This question's checks printed more at once than the grader can take in, so they score "
        "0. Print less: a count, or the first rows of a table."
    ),
    "check.memory": (
        "This question's checks ran out of memory, so they score 0. Work with a smaller part of "
        "the data, or do not keep large objects you no longer need."
    ),
    "check.timeout": "This question's checks ran for too long and were interrupted.",
    "check.output_cut": "Your code printed so much while being checked that the output was cut.",
    "check.not_run": "This question's checks were not run: {why}",
    "check.note": "ℹ {note}",
    "check.repeated": (
        "A check of this question was recorded more than once: code in your notebook interfered "
        "with the grader, so that check scores 0."
    ),
    # Feedback clean-up
    "feedback.removed_output": (
        "(This output was removed from your feedback because it showed the grader's hidden "
        "checks.)"
    ),
    "feedback.hidden": "# The grader's hidden checks ran here; their results are below.",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN}


def say(key: str, **values: object) -> str:
    """The sentence ``key``, from ``labtools.messages`` when it has it, else from this file."""
    if key in _labtools_messages.EN:
        return _labtools_messages.say(key, **values)
    import os

    lang = os.environ.get("OMLAB_LANG", "en")
    template = CATALOGUE.get(lang, EN).get(key) or EN[key]
    return template.format(**values)
