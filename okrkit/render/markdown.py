"""Markdown text: the one escape for student and team text placed in Markdown (feedback, Gradescope, handout)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: Any) -> str:
    """Text made literal on one Markdown line: whitespace folded, markup and HTML characters backslash-escaped."""
    return _md(text if type(text) is str else str("" if text is None else text))


@lru_cache(maxsize=4096)  # feedback repeats the same rule messages, labels and hints for every student
def _md(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))
