"""The course's nbgrader configuration, applied by ``nbgrader_config.py`` at the repository root.

Trainers who run plain ``nbgrader`` commands or the formgrader from the course root get the same
grading as ``python -m grading``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

COURSE_ID = "open-museums-lab"
WORK = "_nbgrader"  # every folder nbgrader writes lives here, outside the book and the labs
SOURCE_DIRECTORY = "labs"  # the nbgrader source notebooks: labs/<lab>/<lab>.ipynb


def configure(c: Any, root: str | Path) -> None:
    """Fill the traitlets config ``c`` for a course whose repository is at ``root``."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        GetGrades,
        IgnorePattern,
        LimitOutput,
        OverwriteCells,
        OverwriteKernelspec,
        SaveAutoGrades,
    )

    from .execute import RobustExecute
    from .plugins import HideHiddenTests, ScoreHiddenChecks, SealChecks
    from .repair import RepairSubmission, RobustNotebookExporter

    root = Path(root).resolve()
    (root / WORK).mkdir(exist_ok=True)  # sqlite cannot create the gradebook's folder itself
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = SOURCE_DIRECTORY
    for name in ("release", "submitted", "autograded", "feedback", "solution", "source_with_tests"):
        setattr(c.CourseDirectory, f"{name}_directory", f"{WORK}/{name}")
    c.CourseDirectory.db_url = f"sqlite:///{root / WORK / 'gradebook.db'}"
    # Trainer-only files in a lab folder never reach learners.
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*",
                                "wrong_answers.py", "TRAINER.md"]

    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    c.Execute.timeout = 120  # seconds per cell (RobustExecute inherits Execute's settings)
    c.Execute.interrupt_on_timeout = True

    # Hardening (grading/README.md): any file gives a notebook, the notebook is rebuilt on the
    # lab's source before nbgrader's sanitizers, the kernel runs sealed checks in a sandbox.
    c.Autograde.exporter_class = RobustNotebookExporter
    c.Autograde.pre_convert_hook = "grading.repair.adopt_renamed_notebook"
    c.Autograde.sanitize_preprocessors = [
        RepairSubmission,  # first: nbgrader's own sanitizers then see a well-formed notebook
        ClearOutput,
        DeduplicateIds,
        OverwriteKernelspec,
        OverwriteCells,
        CheckCellMetadata,
    ]
    c.RobustExecute.notebook_timeout = 900  # seconds for a whole notebook, restarts included
    c.Sandbox.mode = "auto"  # namespaces where Linux allows them, else limits only (README)
    c.Sandbox.memory_limit = 4 * 2**30
    c.Sandbox.max_processes = 256

    c.Autograde.autograde_preprocessors = [
        SealChecks,  # right before execution: this run's secret stamp for check records
        RobustExecute,
        ScoreHiddenChecks,  # right after execution, before anything reads the outputs
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
