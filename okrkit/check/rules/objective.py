"""OKR2xx: rules about one objective."""

from __future__ import annotations

import re

from okrkit.check.facts import WORD, find, generic_words, opens_with, strip_lead
from okrkit.check.registry import Context, check
from okrkit.model import Objective

_DATES = re.compile(
    r"\b[A-Za-z]+\d+[A-Za-z]+\b|\b[A-Za-z]\d\b|\b(?:19|20)\d\d\b|\bQ[1-4]\b|\bH[12]\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d+(?:st|nd|rd|th)\b",
    re.I,
)
_METRIC_NUMBER = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b|x\b|pp\b)|[$€£]\s*\d|\d[\d,.]*\s*(?:k|m|bn|million|billion)\b|"
    r"\bfrom\s+[$€£]?\d[\d,.]*\s*\S*\s+to\s+[$€£]?\d|\b(?:double|triple|halve)\b",
    re.I,
)
_ANY_NUMBER = re.compile(r"\d[\d,.]*")


@check("OKR201", "objective")
def objective_is_metric(obj: Objective, ctx: Context):
    """A number in the objective: a clear metric is a warning, a plain count a tip."""
    text = _DATES.sub(" ", obj.objective)
    if m := _METRIC_NUMBER.search(text):
        return {"number": m.group(0).strip()}
    if m := _ANY_NUMBER.search(text):
        metric = find(text, "outcome_words")
        return {
            "number": f"{metric} … {m.group(0).strip()}" if metric else m.group(0).strip(),
            **({} if metric else {"_severity": "info"}),
        }
    return None


@check("OKR202", "objective")
def objective_is_task(obj: Objective, ctx: Context):
    """Opens with a task verb and names no aim, beneficiary or purpose."""
    verb = opens_with(obj.objective, "task_verbs")
    if not verb:
        return None
    counted = _ANY_NUMBER.search(_DATES.sub(" ", obj.objective)) or re.search(
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen)\b", obj.objective, re.I
    )
    if counted or (not find(obj.objective, "aim_words") and not find(obj.objective, "outcome_clauses")):
        return {"verb": verb}
    return None


@check("OKR203", "objective")
def vague_objective(obj: Objective, ctx: Context):
    """Made only of general words, or two words with one that says little."""
    body = strip_lead(obj.objective).lower()
    words = WORD.findall(body)
    content = [w for w in words if w not in generic_words() and len(w) > 2]
    if not words:
        return {}
    if not content or (len(words) <= 2 and len(content) <= 1 and not find(body, "aim_words")):
        return {}
    return None
