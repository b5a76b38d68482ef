"""python -m grading: the course's commands for authors and trainers."""

from __future__ import annotations

import argparse
import sys

from . import cohort, roster, skills
from . import release as releasing


def cmd_release(args: argparse.Namespace) -> int:
    for lab in args.labs or releasing.labs():
        made = releasing.release(lab)
        print(f"{lab}: learner version {made['release']}, book page {made['page']}, zip {made['zip']}")
    return 0


def cmd_labs(args: argparse.Namespace) -> int:
    for lab in releasing.labs():
        meta = releasing.lab_meta(lab)
        print(f"{lab}\tlesson {meta.get('lesson', '?')}\t{meta.get('title', '')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("release", help="derive learner versions, book pages and zips from the sources")
    p.add_argument("labs", nargs="*", help="labs to release (default: all)")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("labs", help="list the labs")
    p.set_defaults(func=cmd_labs)
    roster.add_command(sub)  # python -m grading roster check|import ROSTER.csv
    skills.add_command(sub)  # python -m grading skills
    cohort.add_command(sub)  # python -m grading autograde|feedback|export
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
