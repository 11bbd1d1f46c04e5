"""Checking: the lint engine, the rule registry and catalogue, statement facts and the rules themselves.

The catalogue is ``okrkit.check.catalogue.catalogue()`` (or the public ``okrkit.rules()``); it is not re-exported
here, so the name ``okrkit.check.catalogue`` always means the module.
"""

from okrkit.check.catalogue import get
from okrkit.check.engine import flagged, lint, lint_statement, sort_findings

__all__ = ["flagged", "get", "lint", "lint_statement", "sort_findings"]
