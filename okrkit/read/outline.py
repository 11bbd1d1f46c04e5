"""Plain-text outlines (an objective per line, key results as bullets under it) → OKRSet."""

from __future__ import annotations

import re
from datetime import date

from okrkit.errors import LoadError
from okrkit.model import Initiative, Objective, OKRSet
from okrkit.read.builder import Builder
from okrkit.read.fields import LEVELS
from okrkit.read.located import Located
from okrkit.read.periods import parse_period

_BULLET = re.compile(r"^\s*(?:[-*•▪–]|\d+[.)]\d*[.)]?|KR\s*\d*\s*[:.)-]|key\s*result\s*\d*\s*[:.)-])\s*(.*)$", re.I)
_OBJ_PREFIX = re.compile(r"^\s*(?:#+\s*)?(?:O\s*\d+|objective\s*\d*)\s*[:.)-]\s*", re.I)
_HEADER = re.compile(r"^\s*(title|owner|period|level|team)\s*:\s*(.+)$", re.I)
_INIT_HEADER = re.compile(r"^\s*initiatives?\s*:?\s*$", re.I)


def parse_outline(text: str, source: str | None, ref: date | None) -> OKRSet:
    """An objective per line with its key results as bullets under it → OKRSet."""
    s = OKRSet(source=source)
    builder = Builder(Located(None, {}), source, ref)
    in_initiatives = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if (m := _HEADER.match(raw)) and not s.objectives:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "period":
                try:
                    s.start, s.end = parse_period(value)
                except ValueError:
                    raise LoadError(
                        f"unknown period '{value}'",
                        file=source,
                        line=lineno,
                        field="period",
                        hint="write it like 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026",
                    ) from None
                s.period = value
                builder.ref = s.start
            elif key == "level":
                s.level = value.lower() if value.lower() in LEVELS else None
            else:
                setattr(s, "owner" if key == "team" else key, value)
            continue
        if _INIT_HEADER.match(raw):
            in_initiatives = True
            continue
        bullet = _BULLET.match(raw)
        if bullet and bullet.group(1).strip():
            body = bullet.group(1).strip()
            if not s.objectives:
                raise LoadError(
                    "a key result comes before any objective",
                    file=source,
                    line=lineno,
                    hint="write the objective on its own line above its '-' bullets",
                )
            obj = s.objectives[-1]
            if in_initiatives or re.match(r"(?i)initiative\s*:", body):
                obj.initiatives.append(Initiative(re.sub(r"(?i)^initiative\s*:\s*", "", body), line=lineno))
            else:
                kr = builder.build_key_result(body, (f"line {lineno}",))
                kr.line = lineno
                obj.key_results.append(kr)
            continue
        body = _OBJ_PREFIX.sub("", raw).strip()
        if body:
            in_initiatives = False
            s.objectives.append(Objective(objective=body, line=lineno))
    if not s.objectives:
        raise LoadError(
            "no objectives found",
            file=source,
            line=1,
            hint="write an objective on one line and its key results as '- ' bullets below it",
        )
    return s


_YAML_HINT = re.compile(r"^objectives\s*:|^\s*-\s+objective\s*:", re.M)


def looks_like_yaml(text: str) -> bool:
    """True when the text uses the YAML format's own keys."""
    return bool(_YAML_HINT.search(text))
