"""`okrkit grade`'s release options: --roster, --overrides, --times, --export, --lms-column (issue 12)."""

from __future__ import annotations

import argparse
from typing import Any

EXPORTS = ("canvas", "moodle", "nbgrader")  # okrkit.grade.export.KINDS, kept here so --help stays light


def add_release_options(p: argparse.ArgumentParser) -> None:
    """Add the options that turn a graded folder into grades ready for the LMS."""
    g = p.add_argument_group("releasing grades")
    g.add_argument(
        "--roster",
        metavar="CSV",
        help="the class list (Student, ID, SIS User ID, SIS Login ID, Email, Section …): maps each submission to "
        "a student; students with no submission get a 'missing' row",
    )
    g.add_argument(
        "--overrides",
        metavar="FILE",
        help="CSV or YAML of student, question, points, reason: applied at every run, shown in the feedback",
    )
    g.add_argument(
        "--times",
        metavar="CSV",
        help="submission times (student, submitted) for the spec's late policy; without it nbgrader's "
        "timestamp.txt files are read",
    )
    g.add_argument(
        "--export",
        action="append",
        choices=EXPORTS,
        default=[],
        help="also write <LMS>.csv in the layout that LMS imports (repeat for several)",
    )
    g.add_argument(
        "--lms-column",
        metavar="NAME",
        help="the assignment's column name in the LMS (default: the spec's title; for an existing Canvas "
        "column use its exported header, e.g. 'Assignment 03 (123456)')",
    )


def load_release_options(args: argparse.Namespace) -> Any:
    """The Release of these options (None when none was given); reads and checks every file before grading."""
    from okrkit.assignment import load_assignment

    assignment = load_assignment(args.spec)
    if not (args.roster or args.overrides or args.times or args.export or args.lms_column or assignment.late):
        return None
    from okrkit.grade.release import load_release

    return load_release(
        assignment,
        roster=args.roster,
        overrides=args.overrides,
        times=args.times,
        submissions=args.submissions,
        exports=tuple(args.export),
        column=args.lms_column,
    )
