"""The `okrkit grade` and `okrkit gradescope` commands (loaded by okrkit.cli as a plugin; imports stay light)."""

from __future__ import annotations

import argparse
import os
import sys

from okrkit.cli.commands import command
from okrkit.cli.release_options import add_release_options, load_release_options


def _positive(kind: type):
    """argparse type for a positive number."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a number above 0, got {text}")
        return value

    return parse


def _limits(p: argparse.ArgumentParser) -> None:
    """The per-submission limit options both commands share."""
    p.add_argument(
        "--max-size",
        type=_positive(float),
        default=None,
        metavar="MB",
        help="refuse notebooks larger than this, without reading them (default: 5)",
    )
    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=None,
        metavar="SECONDS",
        help="time allowed to read and check one submission (default: 10)",
    )


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so a stopped run still removes its workers and temporary files."""
    import signal
    import threading

    if hasattr(signal, "SIGTERM") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


@command(
    "grade",
    "grade a folder of submitted notebooks: grades.csv, feedback, Gradescope results, report "
    "(exit 0: every row graded, 1: a row is an error, 2: the run failed)",
)
def _grade_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "spec", metavar="SPEC", help="the assignment: assignment.yaml, its folder, or an id like assignment-03"
    )
    p.add_argument(
        "submissions",
        metavar="SUBMISSIONS",
        help="folder of <student>.ipynb files, or nbgrader's submitted/<student>/<assignment>/",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="folder for grades.csv, feedback/, gradescope/, report.html, run.json, changes.csv (e.g. grades/)",
    )
    p.add_argument(
        "--jobs",
        type=_positive(int),
        default=None,
        metavar="N",
        help=f"worker processes (default: the number of CPUs, {os.cpu_count()})",
    )
    p.add_argument(
        "--assignment",
        metavar="NAME",
        default=None,
        help="nbgrader layout: the assignment folder to grade, submitted/<student>/NAME/ (default: the spec's id)",
    )
    p.add_argument(
        "--progress",
        choices=("auto", "bar", "lines", "none"),
        default="auto",
        help="how to show progress on stderr: a bar, plain lines (for logs), or none "
        "(default auto: a bar on a terminal, lines otherwise)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress and no summary")
    p.add_argument("--no-report", action="store_true", help="skip report.html")
    _limits(p)
    add_release_options(p)  # issue 12: --roster, --overrides, --times, --export, --lms-column

    def run(args: argparse.Namespace) -> int:
        from okrkit.grade.batch import DEFAULT_MAX_MB, DEFAULT_TIME_LIMIT, grade_class
        from okrkit.grade.status import exit_code

        _exit_on_sigterm()
        release = load_release_options(args)
        gb = grade_class(
            args.spec,
            args.submissions,
            args.out,
            jobs=args.jobs,
            max_mb=args.max_size or DEFAULT_MAX_MB,
            time_limit=args.timeout or DEFAULT_TIME_LIMIT,
            progress="none" if args.quiet else args.progress,
            report=not args.no_report,
            assignment_folder=args.assignment,
            release=release,
        )
        if not args.quiet:
            print(gb.summary())
            for line in release.summary() if release is not None else []:
                print(line)
        return exit_code(r.status for r in gb.rows)

    return run


@command("gradescope", "grade one submission inside Gradescope's autograder (writes results.json)")
def _gradescope_setup(p: argparse.ArgumentParser):
    p.add_argument(
        "--spec",
        metavar="SPEC",
        help="the assignment (default: $OKRKIT_SPEC, else assignment.yaml in /autograder/source)",
    )
    p.add_argument(
        "--submission",
        metavar="DIR",
        help="the student's files (default: $OKRKIT_SUBMISSION_DIR, else /autograder/submission)",
    )
    p.add_argument(
        "--results",
        metavar="FILE",
        help="where to write (default: $OKRKIT_RESULTS, else /autograder/results/results.json)",
    )
    p.add_argument(
        "--root",
        metavar="DIR",
        help="the autograder folder holding source/, submission/, results/ (default: $OKRKIT_AUTOGRADER_ROOT, "
        "else /autograder)",
    )
    _limits(p)

    def run(args: argparse.Namespace) -> int:
        from okrkit.grade.autograder import run as run_gradescope

        data = run_gradescope(
            args.spec, args.submission, args.results, max_mb=args.max_size, time_limit=args.timeout, root=args.root
        )
        status = data["extra_data"]["okrkit"]["status"]
        print(f"okrkit gradescope: {data['score']} points, status {status}", file=sys.stderr)
        return 0

    return run
