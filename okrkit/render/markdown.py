"""Markdown text: the one escape for student and team text placed in Markdown (feedback, Gradescope, handout)."""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: Any) -> str:
    """Text made literal on one Markdown line: whitespace folded, markup and HTML characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str("" if text is None else text).split()))
