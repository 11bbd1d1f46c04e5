"""The token pass: one walk over the words finds the due phrase, the main verb, every number and the labels."""

from __future__ import annotations

from datetime import date

from okrkit.read.keyresult.dates import (
    DATE_NEXT,
    DATE_WORD3,
    DAY_N,
    DUE_TRIGGERS,
    FISCAL_TRIGGERS,
    Due,
    due_at,
    fiscal_at,
)
from okrkit.read.keyresult.numbers import (
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    IDIOM_PHRASES,
    IDIOM_VERBS,
    NUMBER_WORDS,
)
from okrkit.read.keyresult.quantities import Quantity, quantity
from okrkit.read.keyresult.verbs import VERBS, Verb, forms, verb_at
from okrkit.read.keyresult.words import TOKEN, Token

_NUM_START = {w for w in NUMBER_WORDS if " " not in w and "-" not in w} | CURRENCY_WORDS


def _idiom_tails() -> dict[str, tuple[str, ...]]:
    """First word of each idiom → the rest of it, each starting with its space ("double" → (" down",))."""
    phrases = IDIOM_PHRASES + [f"{f} {p.split(None, 1)[1]}" for p in IDIOM_VERBS for f in forms(p.split(None, 1)[0])]
    tails: dict[str, tuple[str, ...]] = {}
    for p in phrases:
        first, rest = p.split(None, 1)
        tails[first] = (*tails.get(first, ()), " " + rest)
    return tails


_IDIOM_TAILS = _idiom_tails()
_IDIOM_START = set(_IDIOM_TAILS)
# word → bits: 1 it may start a due phrase, 2 a number, 4 a fiscal label, 8 an idiom
_WORD_KIND = {
    w: (w in DUE_TRIGGERS) | 2 * (w in _NUM_START) | 4 * (w in FISCAL_TRIGGERS) | 8 * (w in _IDIOM_START)
    for w in DUE_TRIGGERS | _NUM_START | FISCAL_TRIGGERS | _IDIOM_START
}
# after "release 12" these words show that the number names a release ("Release 12 ships …")
_AFTER_NAME = frozenset(
    "by before until till through in within during for on at over of to from with without and or "
    "is are was were will be has have gets goes".split()
)


def _names_release(low: str, q: Quantity, r: int, verb: Verb | None) -> bool:
    """True when "release N" names a version rather than counting what is released ("release 3 guides")."""
    if verb is None or verb[2] != r or not q.value.is_integer():
        return True  # "ship Release 12", "release 2.1": a name
    nxt = TOKEN.match(low, q.pend + 1) if low[q.pend : q.pend + 1] == " " else None
    if nxt is None:
        return True  # "Release 12." or the end: nothing counted
    w = nxt.group()
    return w in _AFTER_NAME or w in VERBS


def _idiom_end(low: str, pos: int, tails: tuple[str, ...]) -> int:
    """Where the idiom whose first word ends at pos ends, or 0 ("one by one" but not "one by ones")."""
    for t in tails:
        e = pos + len(t)
        if low.startswith(t, pos) and not (low[e : e + 1].isalnum() or low[e : e + 1] == "-"):
            return e
    return 0


def _label_or_day(low: str, a: int, w: str, toks: list[Token], ref: date | None, day_n) -> int:
    """Where the 'by day N' phrase or a date phrase read as a label (it is not the deadline) starting at a ends; else 0."""
    if day_n.start() <= a < day_n.end():
        return day_n.end()
    other = due_at(low, a, w, toks, ref)
    if other is None:
        return 0
    while toks and toks[-1][1] >= other[0]:
        toks.pop()
    return other[1]


def _take(old: Due | None, new: Due, a: int, labels: list[tuple[int, int]], toks: list[Token]) -> tuple[Due, bool]:
    """Make new (its core at a) the due phrase, an old one a label; (new, whether new is itself only a label)."""
    if old is not None:
        labels.append((old[0], old[1]))  # "next quarter's roadmap … by 2026-09-25": the quarter names the roadmap
    while toks and toks[-1][1] >= new[0]:
        toks.pop()
    return new, old is None and new[0] == a


def scan(
    low: str, start: int, ref: date | None
) -> tuple[Due | None, Verb | None, list[Quantity], list[tuple[int, int]]]:
    """One pass over the words: the due phrase, the main verb, every number and the fiscal labels' spans."""
    toks: list[Token] = []  # words outside numbers and the due phrase
    qs: list[Quantity] = []
    labels: list[tuple[int, int]] = []
    due = verb = None
    label = False  # the due phrase so far has no "by"/"in"/"end of" before it ("the Q3 launch"): a later one wins
    skip = floor = pos = start
    nverb = 10  # the main verb is among the first ten words
    has_fy = "fy" in low  # every fiscal label has "FY" in it
    day_n = DAY_N.search(low, start) if "day " in low else None
    if day_n is not None:  # "by day 60" is the deadline; a quarter or a date elsewhere is only a label
        due = (day_n.start(), day_n.end(), None)
    find = low.find
    for w in TOKEN.findall(low, start):
        a = find(w, pos)
        pos = a + len(w)
        if a < skip:
            continue
        if w < "a":  # digits
            if day_n is not None and (lab := _label_or_day(low, a, w, toks, ref, day_n)):
                skip = floor = lab
                continue
            if (due is None or label) and (
                len(w) == 4
                or (c := low[pos : pos + 1]) in DATE_NEXT
                or (c == " " and low[pos + 1 : pos + 4] in DATE_WORD3)
            ):
                d = due_at(low, a, w, toks, ref, strong=label)
                if d is not None:
                    due, label = _take(due, d, a, labels, toks)
                    skip = floor = due[1]
                    continue
            q = quantity(low, a - 1 if a > start and low[a - 1] in CURRENCY_SIGNS else a, toks, floor)
            if q is not None:
                if not q.pre and toks and toks[-1][0] == "release" and _names_release(low, q, toks[-1][1], verb):
                    q.pre = "skip"  # "Release 12": a version's name, not a value
                qs.append(q)
                skip = floor = q.end
            continue
        kind = _WORD_KIND.get(w)
        if kind:
            if kind & 8 and low.startswith(_IDIOM_TAILS[w], pos) and not (a and low[a - 1].isalnum()):
                end = _idiom_end(low, pos, _IDIOM_TAILS[w])
                if end:
                    skip = end  # "double down", "one by one": plain words, no number, no verb
                    continue
            if kind & 4 and has_fy:
                lab = fiscal_at(low, a, toks)
                if lab is not None:
                    s, e, deadline = lab
                    skip = floor = e
                    while toks and toks[-1][1] >= s:
                        toks.pop()
                    if deadline and due is None:
                        due = (s, e, None)  # "in FY26": a deadline, but not a calendar date
                    else:
                        labels.append((s, e))
                    continue
            if kind & 1 and day_n is not None and (lab := _label_or_day(low, a, w, toks, ref, day_n)):
                skip = floor = lab
                continue
            if kind & 1 and (due is None or label):
                d = due_at(low, a, w, toks, ref, strong=label)
                if d is not None:
                    due, label = _take(due, d, a, labels, toks)
                    skip = floor = due[1]
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
    return due, verb, qs, labels
