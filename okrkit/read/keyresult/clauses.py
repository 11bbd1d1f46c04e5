"""The clause that states the key result: a purpose clause ("to learn …", "so that …") is cut off."""

from __future__ import annotations

from okrkit.lexicon.lazyre import lazy
from okrkit.read.keyresult.quantities import Quantity
from okrkit.read.keyresult.verbs import NOT_PURPOSE_AFTER, PURPOSE, VERBS, Verb

_CUT = lazy(
    r"\s(?:in\s+order\s+to\s|so\s+as\s+to\s|so\s+that\s|so\s+we\s|through\s|via\s"
    r"|by\s+(?=[a-z]+ing\b)|to\s+(?=(?P<pv>[a-z]+)\b))"
)


def _cut(low: str, pos: int) -> tuple[int, Verb | None]:
    """Where a purpose clause ("to learn …", "so that …") starts, and its verb if any."""
    for m in _CUT.finditer(low, pos):
        pv = m.group("pv")
        if pv is None:
            return m.start(), None
        hit = VERBS.get(pv)
        if hit is None and pv not in PURPOSE:
            continue
        before = low[pos : m.start()]
        last = before.rsplit(None, 1)
        if last and last[-1] in NOT_PURPOSE_AFTER:
            continue
        if before.rfind(" from ") > before.rfind(" to "):
            continue
        vs = m.end()
        return m.start(), (hit[0], hit[1], vs, vs + len(pv)) if hit else None
    return len(low), None


def region(low: str, start: int, verb: Verb | None, qs: list[Quantity]) -> tuple[int, int, Verb | None]:
    """The part of the text that states the key result, and its verb.

    A purpose clause is dropped ("run three experiments to learn …") unless it carries the
    measured outcome of a deliverable ("launch X to increase conversion 5%").
    """
    cut, pverb = _cut(low, verb[3] if verb else start)
    if pverb is None or pverb[0] == "ach" or not any(q.start >= cut for q in qs):
        return start, cut, verb
    main_has_number = any(start <= q.start < cut and q.pre != "skip" and q.pre != "win" for q in qs)
    if verb is None or verb[0] == "ach" or not main_has_number:
        return pverb[2], len(low), pverb
    return start, cut, verb
