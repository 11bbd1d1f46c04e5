"""Numbers in a statement: each with its value, unit, the role word before it and the cue after it."""

from __future__ import annotations

import re

from okrkit import lexicon
from okrkit.lexicon.lazyre import lazy
from okrkit.read.keyresult.dates import event_after, service_window
from okrkit.read.keyresult.numbers import (
    CURRENCY,
    CURRENCY_RE,
    CURRENCY_SIGNS,
    NUMBER_WORDS,
    NUMBER_WORDS_RE,
    SCALES,
    SCALES_RE,
    UNITS,
    trie_alt,
    unit_of,
)
from okrkit.read.keyresult.words import TOKEN, Token, split_words


def _markers() -> tuple[dict[str, str], dict[str, str], dict[str, str], set[str]]:
    """Role words before a number (one-, two- and three-word) and the fillers skipped between."""
    data = lexicon.load("parser_markers")
    one = {w: str(role) for role, words in data["one_word"].items() for w in split_words(words)}
    two = {str(p): str(role) for role, phrases in data["two_words"].items() for p in phrases}
    three = {str(p): str(role) for role, phrases in data["three_words"].items() for p in phrases}
    return one, two, three, set(split_words(data["filler"]))


_MARK1, _MARK2, _MARK3, _FILLER = _markers()
_MULTI_END = {p.rsplit(None, 1)[-1] for p in (*_MARK2, *_MARK3)}  # last words of the phrases
BOUND_PHRASES = tuple(p for p, role in (*_MARK2.items(), *_MARK3.items()) if role == "cmp")  # "at least" …

# a comparison with an earlier period: "from last quarter", "year-over-year", "YoY"
COMPARISON = (
    r"(?:from|over|vs\.?|versus|compared\s+(?:to|with)|relative\s+to|on|against)\s+"
    r"(?:the\s+)?(?:last|previous|prior|past)\s+(?:quarter|year|month|week|period|cycle|half)"
    r"|(?:year|quarter|month|week)[\s-]over[\s-](?:year|quarter|month|week)|yoy|qoq|mom|wow"
)
_QTY = lazy(
    rf"(?<![\w.,/{re.escape(CURRENCY_SIGNS)}])"
    rf"(?P<cur>(?:{CURRENCY_RE})\s?)?"
    rf"(?P<num>\d+(?:,\d{{3}})+(?:\.\d+)?|\d*\.\d+|\d+|{NUMBER_WORDS_RE})"
    r"(?![\d/])(?!-[a-z])"
    rf"(?:\s?(?P<scale>{SCALES_RE})(?![a-z0-9]))?"
    rf"(?:\s?(?P<unit>{trie_alt(UNITS)})(?![a-z0-9]))?"
    r"(?P<plus>\+)?"
    r"(?![a-z0-9])"
)
_POST = lazy(
    rf"\s*(?:(?P<cmp>{COMPARISON})"
    r"|(?P<more>more|higher|greater|bigger|larger|better)(?!\s+than)"
    r"|(?P<less>fewer|less|lower|smaller|shorter|cheaper)(?!\s+than)"
    r"|(?P<orx>(?:or|and)\s+(?:more|higher|greater|better|above|less|fewer|lower|below|under|up|over)"
    r"|at\s+(?:least|most)|minimum|maximum)"
    r"|(?P<arrow>->|→|=>))(?![a-z])"
)
_POST_FIRST = set("fovcrayqmwhgblse-→=")
_SPANS_OF_TIME = frozenset(("days", "weeks", "months", "years"))  # units a metric can be measured over
_SINGULAR_SPAN = frozenset(("day", "week", "month", "year", "hour", "minute"))  # "30 day retention"
_TIME_UNITS = _SPANS_OF_TIME | {"hours", "minutes"}  # the units of _SINGULAR_SPAN's words and _SPANS_OF_TIME
# words after "1 day" that show the duration is not a modifier of the next word ("1 day for new teams")
_NOT_A_NOUN = frozenset(
    "by before until till through thru in within during for on at over of to from with without and or "
    "is are was were will be per each every a an the than after since or less more".split()
)
_WINDOW_PREPS = frozenset(("for", "over", "during", "in", "within", "across", "throughout"))
_WINDOW_ADJ = frozenset(("first", "last", "past", "previous", "prior", "trailing", "rolling"))
_SEP = lazy(r"\s*(?:(?P<dash>[-–—])|(?P<word>to|or|and))\s*")


class Quantity:
    """One number found in the text, with the words around it."""

    __slots__ = ("start", "end", "mstart", "pend", "value", "hi", "unit", "pre", "post")

    def __init__(self, start: int, end: int, value: float, unit: str | None) -> None:
        self.start, self.end, self.value, self.hi, self.unit = start, end, value, value, unit
        self.mstart, self.pend, self.pre, self.post = start, end, "", ""

    def pick(self, high: bool) -> float:
        """The value, or one end of a range."""
        return self.hi if high else self.value


def _marker(low: str, q: Quantity, toks: list[Token], floor: int) -> None:
    """Classify the words right before a number (from/to/by/at least …) into q.pre."""
    t = low[max(floor, q.start - 4) : q.start].rstrip()
    if t:
        c = t[-1]
        if c == "→" or (c == ">" and t[-2:-1] in ("-", "=")):
            q.pre, q.mstart = "to", low.rfind(c, floor, q.start) - (0 if c == "→" else 1)
            return
        if c in "<>≤≥~":
            q.pre = "cmp" if c != "~" else ""
            q.mstart = low.rfind(c, floor, q.start) - (1 if t[-2:-1] in ("<", ">") else 0)
            return
    j = len(toks)
    while j and toks[j - 1][1] >= floor and toks[j - 1][0] in _FILLER:
        j -= 1
    if j and toks[j - 1][1] >= floor:
        w1 = toks[j - 1][0]
        if w1 in _MULTI_END and j >= 2 and toks[j - 2][1] >= floor:
            w2 = toks[j - 2][0] + " " + w1
            if j >= 3 and toks[j - 3][1] >= floor:
                kind = _MARK3.get(toks[j - 3][0] + " " + w2)
                if kind is not None:
                    q.pre, q.mstart = kind, toks[j - 3][1]
                    return
            kind = _MARK2.get(w2)
            if kind is not None:
                q.pre, q.mstart = kind, toks[j - 2][1]
                return
        kind = _MARK1.get(w1)
        if kind is not None:
            q.pre, q.mstart = kind, toks[j - 1][1]
            return
    if j < len(toks):  # only fillers ("about", "an additional") before it
        q.mstart = toks[j][1]


def _span_of_time(low: str, q: Quantity, word: str, toks: list[Token], floor: int) -> None:
    """Mark a duration that is part of the measure rather than a value of its own.

    "30 day retention", "a 2 hour window": the duration qualifies a noun (pre "skip"). "runs for
    10 days", "uptime over 30 days", "in the first 90 days", "within 10 days of signing": the
    stretch of time the metric is measured over (pre "win"; the target only when nothing else is).
    """
    if word in _SINGULAR_SPAN and not q.pre and low[q.end : q.end + 1] == " ":
        nxt = TOKEN.match(low, q.end + 1)
        if nxt is not None and nxt.group() not in _NOT_A_NOUN and nxt.group()[0] >= "a":
            q.pre = "skip"  # "a 1 month boot camp", "30 day retention"; not "1 day for new teams"
            return
    if q.unit not in _SPANS_OF_TIME or q.pre not in ("", "cmp"):
        return
    j = len(toks)
    while j and toks[j - 1][1] >= floor and (toks[j - 1][0] in _FILLER or toks[j - 1][0] in _WINDOW_ADJ):
        adj = toks[j - 1][0] in _WINDOW_ADJ
        j -= 1
        if adj:
            q.pre = "win"  # "the last 30 days", "14 consecutive days"
            return
    w = toks[j - 1][0] if j and toks[j - 1][1] >= floor else ""
    if w in _WINDOW_PREPS and (
        w not in ("in", "within") or event_after(low, q.end) or service_window(low, q.start, q.value, q.unit[0])
    ):
        q.pre = "win"


def quantity(low: str, b: int, toks: list[Token], floor: int) -> Quantity | None:
    """The number starting at b with its unit, role word and following cue, or None."""
    if b and low[b - 1] == "-" and (not low[b].isdigit() or low[b - 2 : b - 1].isalpha()):
        return None  # part of a compound: "day-one", "covid-19"
    m = _QTY.match(low, b)
    if m is None:
        return None
    cur, num, scale, unit, plus = m.group("cur", "num", "scale", "unit", "plus")
    if num[0] in "0123456789.":
        value = float(num.replace(",", ""))
    else:
        value = NUMBER_WORDS.get(" ".join(num.split()))
        if value is None or (num == "one" and low.startswith(" of", m.end())):
            return None
    if scale:
        value *= SCALES[scale]
    word = unit
    if unit:
        unit = unit_of(unit)
    if cur:
        unit = CURRENCY.get(cur.strip(), unit)
    q = Quantity(m.start(), m.end(), value, unit)
    _marker(low, q, toks, floor)
    if q.pre == "by" and unit == "%" and low.startswith(" of ", q.end):
        q.pre = ""  # "adopted by 40% of squads": a share of a population, not a change of 40%
    if unit in _TIME_UNITS:
        _span_of_time(low, q, word, toks, floor)
    e = q.end
    c = low[e + 1 : e + 2] if low[e : e + 1] == " " else low[e : e + 1]
    p = _POST.match(low, e) if c and c in _POST_FIRST else None
    if p:
        q.post = p.lastgroup or ""
        if q.post != "arrow":
            q.pend = p.end()
    if plus:
        q.post = q.post or "orx"
    return q


def merge_ranges(low: str, qs: list[Quantity], change: bool) -> list[Quantity]:
    """Join "2 to 3 days" and "2–3 days" into one ranged number."""
    merged = [qs[0]]
    for q in qs[1:]:
        prev = merged[-1]
        s = _SEP.fullmatch(low, prev.end, q.start)
        if (
            s
            and prev.pend == prev.end
            and (prev.unit is None or prev.unit == q.unit)
            and prev.pre != "from"
            and (s.group("word") != "and" or prev.pre == "between")
        ):
            if change and s.group("word") == "to" and prev.pre not in ("to", "down", "cmp", "between"):
                prev.post = "arrow"  # "20 to 23%": a baseline and a target, not a range
                merged.append(q)
                continue
            prev.hi, prev.unit = q.value, q.unit or prev.unit
            prev.end, prev.pend, prev.post = q.end, q.pend, q.post
            if prev.hi < prev.value:
                prev.value, prev.hi = prev.hi, prev.value
            continue
        merged.append(q)
    return merged
