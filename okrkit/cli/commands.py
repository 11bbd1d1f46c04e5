"""The command registry: @command adds a subcommand; shared argument types and input reading."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from okrkit.model import OKRSet
from okrkit.read import load, loads

SEVERITY_CHOICES = ("info", "warning", "error")
Runner = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], Runner], str]] = {}


def command(name: str, help: str) -> Callable:
    """Register a subcommand: the decorated function adds its arguments and returns the runner."""

    def register(setup: Callable[[argparse.ArgumentParser], Runner]):
        COMMANDS[name] = (setup, help)
        return setup

    return register


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-09-30, got {text!r}") from None


def read_set(path: str) -> OKRSet:
    """An OKRSet from a path, or from standard input for '-'."""
    if path == "-":
        return loads(sys.stdin.read(), source="<stdin>")  # no file name: the reader is chosen by the text's shape
    return load(path)
