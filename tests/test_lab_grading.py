"""Every lab, graded by real nbgrader with the course configuration.

For each lab, in one autograde batch: the reference solution scores full marks, the blank
learner version scores zero, and each plausible wrong answer loses exactly the points it should,
on its own question only.
"""

from __future__ import annotations

import nbformat
import pytest
from course import (
    labs,
    make_course,
    max_points,
    nbgrader,
    release,
    scores,
    source_path,
    submit,
    with_answer,
    wrong_answers,
)

pytestmark = pytest.mark.slow


# One xdist group per lab: its tests share one autograde batch, so they run on one worker.
@pytest.fixture(scope="module",
                params=[pytest.param(lab, marks=pytest.mark.xdist_group(f"grading-{lab}")) for lab in labs()])
def graded(request, tmp_path_factory):
    lab = request.param
    root = make_course(tmp_path_factory.mktemp(lab), lab)
    source = nbformat.read(source_path(lab), as_version=4)
    learner = release(root, lab)
    submit(root, lab, "reference", source)
    submit(root, lab, "blank", learner)
    wrong = wrong_answers(lab)
    for i, answer in enumerate(wrong):
        submit(root, lab, f"wrong-{i:02d}", with_answer(source, answer["question"], answer["code"]))
    nbgrader(root, "autograde", lab, "--force")
    return lab, source, wrong, scores(root, lab)


def test_reference_solution_scores_full_marks(graded):
    lab, source, _, result = graded
    full = max_points(source)
    got = result["reference"]
    assert {k: got[k] for k in full} == full, f"{lab}: the reference solution lost points"
    assert got["__total__"] == sum(full.values())


def test_blank_learner_version_scores_zero(graded):
    lab, source, _, result = graded
    assert result["blank"]["__total__"] == 0, f"{lab}: the blank notebook earned points: {result['blank']}"


def test_every_question_has_a_wrong_answer(graded):
    lab, source, wrong, _ = graded
    questions = {gid.removesuffix("-checks") for gid in max_points(source)}
    covered = {w["question"] for w in wrong}
    assert questions <= covered, f"{lab}: no wrong answer for {sorted(questions - covered)}"


def test_each_wrong_answer_loses_exactly_its_points(graded):
    lab, source, wrong, result = graded
    full = max_points(source)
    for i, answer in enumerate(wrong):
        got = result[f"wrong-{i:02d}"]
        question = f"{answer['question']}-checks"
        expected = dict(full)
        expected[question] = full[question] - answer["loses"]
        assert answer["loses"] > 0
        actual = {k: got[k] for k in full}
        assert actual == expected, (
            f"{lab}: wrong answer {i} ({answer['why']}) should lose {answer['loses']} point(s) "
            f"on {question} only; scores were {actual}"
        )
