"""The token pass: one walk over the words finds the due phrase, the main verb and every number."""

from __future__ import annotations

from datetime import date

from okrkit.read.keyresult.dates import DATE_NEXT, DATE_WORD3, DUE_TRIGGERS, Due, due_at
from okrkit.read.keyresult.numbers import CURRENCY_SIGNS, CURRENCY_WORDS, NUMBER_WORDS
from okrkit.read.keyresult.quantities import Quantity, quantity
from okrkit.read.keyresult.verbs import Verb, verb_at
from okrkit.read.keyresult.words import TOKEN, Token

_NUM_START = {w for w in NUMBER_WORDS if " " not in w and "-" not in w} | CURRENCY_WORDS
# word → 1: it may start a due phrase, 2: it may start a number, 3: both
_WORD_KIND = {w: (w in DUE_TRIGGERS) | 2 * (w in _NUM_START) for w in DUE_TRIGGERS | _NUM_START}


def scan(low: str, start: int, ref: date) -> tuple[Due | None, Verb | None, list[Quantity]]:
    """One pass over the words: the due phrase, the main verb and every number."""
    toks: list[Token] = []  # words outside numbers and the due phrase
    qs: list[Quantity] = []
    due = verb = None
    skip = floor = pos = start
    nverb = 10  # the main verb is among the first ten words
    find = low.find
    for w in TOKEN.findall(low, start):
        a = find(w, pos)
        pos = a + len(w)
        if a < skip:
            continue
        if w < "a":  # digits
            if due is None and (
                len(w) == 4
                or low[pos : pos + 1] in DATE_NEXT
                or (low[pos : pos + 1] == " " and low[pos + 1 : pos + 4] in DATE_WORD3)
            ):
                due = due_at(low, a, w, toks, ref)
                if due is not None:
                    skip = floor = due[1]
                    while toks and toks[-1][1] >= due[0]:
                        toks.pop()
                    continue
            q = quantity(low, a - 1 if a > start and low[a - 1] in CURRENCY_SIGNS else a, toks, floor)
            if q is not None:
                qs.append(q)
                skip = floor = q.end
            continue
        kind = _WORD_KIND.get(w)
        if kind:
            if kind & 1 and due is None:
                due = due_at(low, a, w, toks, ref)
                if due is not None:
                    skip = floor = due[1]
                    while toks and toks[-1][1] >= due[0]:
                        toks.pop()
                    continue
            if kind & 2:
                q = quantity(low, a, toks, floor)
                if q is not None:
                    qs.append(q)
                    skip = floor = q.end
                    continue
        toks.append((w, a))
        if nverb:
            nverb -= 1
            verb = verb_at(low, w, a, pos)
            if verb is not None:
                nverb = 0
    return due, verb, qs
