"""Checking: the lint engine, the rule registry and catalogue, statement facts and the rules themselves."""

from okrkit.check.catalogue import catalogue, get
from okrkit.check.engine import flagged, lint, lint_statement, sort_findings

__all__ = ["catalogue", "flagged", "get", "lint", "lint_statement", "sort_findings"]
