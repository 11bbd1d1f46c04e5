"""One statement → KeyResult: the token pass, roles, direction and metric, then the explicit from/to pass."""

from __future__ import annotations

from datetime import date

from okrkit.lexicon.lazyre import lazy
from okrkit.model import KeyResult
from okrkit.read.keyresult.clauses import region
from okrkit.read.keyresult.fromto import from_to, trim_tail
from okrkit.read.keyresult.metric import LEAD_JUNK, METRIC_NOUNS, metric
from okrkit.read.keyresult.quantities import merge_ranges
from okrkit.read.keyresult.roles import direction, roles
from okrkit.read.keyresult.scan import scan
from okrkit.read.keyresult.verbs import CHANGE, MODALS, RELATIVE_VERBS

MAX_CHARS = 1000  # only this much of a statement is examined

_LEAD = lazy(
    r"[\s\-*•·>#]*(?:\d{1,2}[.)]\s+)?"
    r"(?:(?:key\s+result|kr|okr)\s*#?\d*(?:\.\d+)?\s*[:.)\-–—]\s*)?"
)
_HALF = lazy(r"\b(?:by|in)\s+half\b")


def parse_statement(text: str, ref: date | None) -> KeyResult:
    """Parse a stripped statement (no caching); ref resolves partial dates, None leaves them unresolved."""
    kr = KeyResult(text)
    s = text[:MAX_CHARS]
    low = s.lower()
    if len(low) != len(s):  # a few characters change length when lowercased
        s = low
    start = _LEAD.match(low).end()
    due, verb, qs, spans = scan(low, start, ref)  # spans: what the metric leaves out, fiscal labels first
    if due is not None:
        kr.due, kr.due_text = due[2], s[due[0] : due[1]].strip()
        spans.append((due[0], due[1]))
    if len(qs) > 1:
        qs = merge_ranges(low, qs, verb is not None and verb[0] in CHANGE)
    r0, r1, verb = region(low, start, verb, qs)
    cls = base = None
    if verb is not None:
        cls, base, va, vb = verb
        spans.append((va, vb))
        if va > r0:  # "we will increase …": drop the lead-in
            lead = low[r0:va].split()
            if not lead or lead[-1] in MODALS or lead[-1] in LEAD_JUNK or lead[-1].endswith("ly"):
                spans.append((r0, va))
    in_region = qs if r0 == start and r1 >= len(low) else [q for q in qs if r0 <= q.start < r1]
    baseline, target, delta, rc, hint, bound = roles(in_region, cls, spans)
    if base == "hold" and not bound and (target is None or target.unit != "%"):
        cls = "ach"  # "hold 4 workshops" counts; "hold churn below 2%" keeps
    if rc is None and base in RELATIVE_VERBS:
        rc = RELATIVE_VERBS[base]
    if " half" in low and rc is None:
        h = _HALF.search(low, r0, r1)
        if h:
            rc, hint = 50.0, "decrease"
            spans.append(h.span())
    measured = target is not None or baseline is not None or delta is not None or rc is not None
    way = kr.direction = direction(cls, baseline, target, hint, bound, measured)

    high = way == "decrease"  # a range gives its less ambitious end
    if target is not None:
        kr.target = target.pick(high)
    elif base == "eliminate":
        kr.target = 0.0
    if baseline is not None:
        kr.baseline = baseline.value
    if delta is not None:
        kr.delta = delta.pick(high)
    kr.relative_change = rc
    if baseline is not None and target is None and (way == "increase" or way == "decrease"):
        sign = -1.0 if high else 1.0
        if delta is not None and (delta.unit is None or delta.unit == baseline.unit):
            kr.target = kr.baseline + sign * kr.delta
        elif rc is not None:
            kr.target = kr.baseline + sign * kr.baseline * rc / 100.0
    for q in (target, baseline, delta):
        if q is not None and q.unit and q.unit != "x":
            kr.unit = q.unit
            break

    if " from " in low:
        from_to(kr, low)
        measured = measured or kr.target is not None
    if kr.direction == "achieve":  # a yes/no deliverable measures nothing
        return kr
    phrase = metric(low, r0, r1, spans)
    if not phrase and kr.unit in ("lb", "kg"):
        phrase = "weight"
    if phrase and not measured and (way is None or METRIC_NOUNS.isdisjoint(phrase.split())):
        phrase = ""
    if phrase and " from " in low:
        phrase = trim_tail(phrase)
    kr.metric = phrase or None
    return kr
