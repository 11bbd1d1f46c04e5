"""okrkit: check, score and teach OKRs (Objectives and Key Results).

Reading → checking → scoring → showing: ``load``/``loads`` give an OKRSet, ``lint`` gives findings,
``score`` gives progress. Heavy libraries (pandas, altair, ipywidgets) load only inside ``okrkit.views``.
"""

from __future__ import annotations

from okrkit.check.catalogue import catalogue
from okrkit.check.engine import lint, lint_statement
from okrkit.errors import LoadError, OKRKitError
from okrkit.model import KPI, Finding, Initiative, KeyResult, Note, Objective, OKRSet, Place
from okrkit.read import dumps, load, loads, to_dict
from okrkit.read.keyresult import parse_key_result
from okrkit.scoring import band, score, to_four_point
from okrkit.version import __version__


def rules() -> list:
    """The rule catalogue: code, name, category, severity, message, fix, lesson and examples."""
    return list(catalogue())


__all__ = [
    "KPI",
    "Finding",
    "Place",
    "Initiative",
    "KeyResult",
    "LoadError",
    "Note",
    "OKRKitError",
    "OKRSet",
    "Objective",
    "band",
    "dumps",
    "lint",
    "lint_statement",
    "load",
    "loads",
    "parse_key_result",
    "rules",
    "score",
    "to_dict",
    "to_four_point",
    "__version__",
]
