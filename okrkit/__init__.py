"""okrkit: check, score and teach OKRs (Objectives and Key Results).

Reading → checking → scoring → showing: ``load``/``loads`` give an OKRSet, ``lint`` gives findings,
``score`` gives progress. Heavy libraries (pandas, altair, ipywidgets) load only inside ``okrkit.views``.
"""
from __future__ import annotations

from .errors import LoadError, OKRKitError
from .io import dumps, load, loads, to_dict
from .lint import lint, lint_statement
from .model import KPI, Finding, Initiative, KeyResult, Objective, OKRSet
from .parse import parse_key_result
from .scoring import band, score, to_four_point

__version__ = "0.1.0"


def rules() -> list:
    """The rule catalogue: code, name, category, severity, message, fix, lesson and examples."""
    from .rules import catalogue
    return list(catalogue())


__all__ = [
    "KPI", "Finding", "Initiative", "KeyResult", "LoadError", "OKRKitError", "OKRSet", "Objective",
    "band", "dumps", "lint", "lint_statement", "load", "loads", "parse_key_result", "rules", "score",
    "to_dict", "to_four_point", "__version__",
]
