"""Due dates: dates, months, quarters, halves, year ends and relative deadlines ("in 90 days")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from okrkit import lexicon
from okrkit.lexicon.lazyre import lazy
from okrkit.read.calendar import add_months, month_end, quarter_bounds
from okrkit.read.keyresult.numbers import NUMBER_WORDS, NUMBER_WORDS_RE, alt
from okrkit.read.keyresult.words import Token, split_words

Due = tuple[int, int, date | None]  # a due phrase: (start, end, date), the date None when it cannot be resolved

_DATA = lexicon.load("parser_dates")
_MONTHS: dict[str, int] = {str(k): int(v) for k, v in _DATA["months"].items()}
_QUARTER_WORDS: dict[str, int] = {str(k): int(v) for k, v in _DATA["quarters"].items()}
_DUE_PREPS = set(split_words(_DATA["prepositions"]))
_YEAR_OK_NEXT = set(split_words(_DATA["after_year"]))

_MONTH_RE = alt(_MONTHS)
_DUE = lazy(  # the core of a due phrase; "by"/"end of" are read from the words
    r"(?:(?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?P<us>(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))"
    rf"|(?P<md>(?P<mdm>{_MONTH_RE})\.?\s*(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    r"(?:,?\s*(?P<mdy>\d{4}))?)"
    rf"|(?P<dm>(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{_MONTH_RE})(?![a-z])"
    r"\.?(?:,?\s*(?P<dmy>\d{4}))?)"
    r"|(?P<qy>(?P<qyy>\d{4})[\s-]?q(?P<qyn>[1-4]))"
    rf"|(?P<q>(?:q(?P<qn>[1-4])|quarter\s+(?P<qn2>[1-4])|(?P<qw>{alt(_QUARTER_WORDS)})"
    r"\s+quarter)(?:[\s,-]*(?:of\s+)?(?P<qy4>\d{4})|\s?['’](?P<qy2>\d{2}))?)"
    r"|(?P<h>h(?P<hn>[12])(?:[\s,-]*(?P<hy4>\d{4})|\s?['’](?P<hy2>\d{2}))?)"
    rf"|(?P<my>(?P<mym>{_MONTH_RE})(?![a-z])\.?(?:,?\s*(?P<myy>\d{{4}}))?)"
    r"|(?P<y>(?P<yy>(?:19|20)\d{2}))"
    r"|(?P<eo>eo(?P<eou>[yqm]))"
    r"|(?P<ye>(?P<yeu>year|quarter|month)[\s-]end)"
    r"|(?P<dur>(?P<dn>\d{1,4})\s+(?P<du>days?|weeks?|months?|years?))"
    r"|(?P<rel>(?:(?P<rw>this|next|current|coming)\s+)?(?P<ru>quarter|month|year|week)))"
    r"(?![\w])"
)
# a fiscal label: "FY26", "FY2025 H2", "FY24-Q3", "Q3 FY26", "the first quarter of FY26". A fiscal year's
# end is not a calendar date, so a label is never resolved: "in FY26" is a deadline without a day.
_FISCAL = lazy(
    rf"(?:(?:q[1-4]|h[12]|(?:{alt(_QUARTER_WORDS)})\s+(?:quarter|half))[\s,/-]*(?:of\s+)?(?:the\s+)?)?"
    r"fy(?:\s?['’]?(?:\d{4}|\d{2}))?(?:[\s/-]*(?:q[1-4]|h[12])(?!\w))?(?!\w)"
)
FISCAL_TRIGGERS = {"fy", "q", "h"} | {w for w in _QUARTER_WORDS if w.isalpha()}  # words that may start one
_WORD_DUR = lazy(rf"(?:{NUMBER_WORDS_RE})\s+(?P<du>days?|weeks?|months?|years?)(?![\w])")
_DUR3 = {"day", "wee", "mon", "yea"}
# prepositions that make a duration a deadline ("in 90 days", "within 6 weeks"); "for 10 days" and
# "over 30 days" name a stretch of time the metric is measured over
_DEADLINE_PREPS = set(split_words(_DATA["deadline_prepositions"]))
# after a duration, an event makes it a window of the measure: "within 10 days of signing"
_EVENT_AFTER = lazy(r"\s+(?:of|after|following|since|from(?!\s+(?:now|today)\b))\s+[a-z]")


def event_after(low: str, e: int) -> bool:
    """True when an event follows position e ("… of signing", "… after sign-up", "… from launch")."""
    c = low[e + 1 : e + 2]
    if low[e : e + 1] == " " and c.isalpha() and c not in "oafs":
        return False  # the usual case, decided without the regex: no event word starts so
    return _EVENT_AFTER.match(low, e) is not None


# a share of items ("85% of requests", "every question") before "within 10 days" makes the duration a service
# level each item must meet, when it is shorter than a month; "Move 30% of customers … within 90 days" is a deadline
_SHARE_BEFORE = lazy(r"\d\s*(?:%|percent)\s+of\b|\b(?:all|every|each|any)\b")
_MONTH_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def service_window(low: str, s: int, n: float, unit: str) -> bool:
    """True when the duration of n days/weeks/… at s is a per-item service level: a share before it, under a month."""
    return n * _MONTH_DAYS.get(unit, 1) < 28 and _SHARE_BEFORE.search(low, 0, s) is not None


# "by day 60": the plan's own day count, counted from its start, which only the caller knows. It is the deadline
# whatever else the statement names ("The Q4 roadmap is approved by day 60"), and it has no calendar date here.
DAY_N = lazy(r"\b(?:by|before|until)\s+(?:the\s+end\s+of\s+)?day\s+\d{1,3}(?![\w.,]\d)(?!\w)")


_DUR_PREV = _DUE_PREPS | {"next", "the"}

# words that can start a due phrase, besides digits
DUE_TRIGGERS = (
    set(_MONTHS)
    | {w for w in _QUARTER_WORDS if w.isalpha()}
    | set("q h eoy eoq eom this next current coming quarter month year week".split())
    | {w for w in NUMBER_WORDS if " " not in w}
)
DATE_NEXT = {"/", "s", "n", "r", "t"}  # after digits that may start a date: 9/30, 1st, 2nd, 3rd, 4th
DATE_WORD3 = _DUR3 | {m[:3] for m in _MONTHS} | {"of "}  # first three letters of a word after such digits


# "a due date that needs the reference date, and there is none" ("by March" with no ref): the phrase
# is a due phrase (due_text) without a day. A private object, so no computed date can be it.
_OPEN = date(1, 1, 1)


def _quarter_end(y: int, q: int) -> date:
    """Last day of a calendar quarter."""
    return quarter_bounds(y, q)[1]


def _roll(make: Callable[[int], date], ref: date | None) -> date:
    """make(year) for ref's year, or next year's if that date is already past; _OPEN without a ref."""
    if ref is None:
        return _OPEN
    d = make(ref.year)
    return d if d >= ref else make(ref.year + 1)


def _year(s4: str | None, s2: str | None) -> int | None:
    """A four- or two-digit year, or None."""
    return int(s4) if s4 else (2000 + int(s2) if s2 else None)


def _due_date(m: re.Match, pre: bool, end: bool, low: str, ref: date | None) -> date | None:
    """The date a due-phrase core stands for, _OPEN when it needs a ref, or None when it is not a due date here."""
    form, g = m.lastgroup, m.group
    if form == "iso":
        y, mo, d = m.group("iy", "im", "id")
        return date(int(y), int(mo), int(d))
    if form == "us":
        return date(int(g("uy")), int(g("um")), int(g("ud")))
    if form == "md" or form == "dm":
        mon = _MONTHS[g("mdm") or g("dmm")]
        day = int(g("mdd") or g("dmd"))
        y = g("mdy") or g("dmy")
        return date(int(y), mon, day) if y else _roll(lambda yy: date(yy, mon, day), ref)
    if form == "qy":
        return _quarter_end(int(g("qyy")), int(g("qyn")))
    if form == "q":
        q = int(g("qn") or g("qn2") or 0) or _QUARTER_WORDS[g("qw")]
        y = _year(g("qy4"), g("qy2"))
        return _quarter_end(y, q) if y else _roll(lambda yy: _quarter_end(yy, q), ref)
    if form == "h":
        mon = 6 * int(g("hn"))
        y = _year(g("hy4"), g("hy2"))
        return month_end(y, mon) if y else _roll(lambda yy: month_end(yy, mon), ref)
    if form == "eo" or form == "ye":
        return _period_end((g("eou") or g("yeu"))[0], ref, 0)
    if form == "rel":
        rw = g("rw")
        if rw is None and not (end or pre):
            return None
        return _period_end(g("ru")[0], ref, 1 if rw in ("next", "coming") else 0)
    if form == "my":
        mon = _MONTHS[g("mym")]
        if g("myy"):
            return month_end(int(g("myy")), mon)
        return _roll(lambda yy: month_end(yy, mon), ref) if pre else None
    if not pre:  # a bare year or duration needs "by", "in", "end of" …
        return None
    if form == "y":
        if not end:
            nxt = low[m.end() : m.end() + 16].split(None, 1)
            if nxt and nxt[0][0].isalnum() and nxt[0] not in _YEAR_OK_NEXT:
                return None
        return date(int(g("yy")), 12, 31)
    if form == "dur" and not end:
        return _after(ref, int(g("dn")), g("du")[0])
    return None


def _after(ref: date | None, n: int, unit: str) -> date | None:
    """ref plus n days/weeks/months/years; None for under a week (that reads as a threshold); _OPEN without a ref."""
    if unit == "d" and n < 7:
        return None
    if ref is None:
        return _OPEN
    if unit == "d":
        return ref + timedelta(days=n)
    if unit == "w":
        return ref + timedelta(weeks=n)
    return add_months(ref, n * (12 if unit == "y" else 1))


def _period_end(unit: str, ref: date | None, ahead: int) -> date:
    """End of ref's year/quarter/month/week (ahead=1: the next one); _OPEN without a ref."""
    if ref is None:
        return _OPEN
    if unit == "y":
        return date(ref.year + ahead, 12, 31)
    if unit == "q":
        q = (ref.month - 1) // 3 + ahead
        return _quarter_end(ref.year + q // 4, q % 4 + 1)
    if unit == "m":
        first = add_months(ref.replace(day=1), ahead)
        return month_end(first.year, first.month)
    return ref + timedelta(days=6 - ref.weekday() + 7 * ahead)


def _due_pre(toks: list[Token], a: int, dur: bool) -> tuple[int, str, bool, int]:
    """The words before a due core ("by the end of"): (start, preposition or "", "end of", det).

    det is 2 when "next" comes right before a duration ("in the next 90 days"), 1 for "the"
    ("within the quarter"), else 0.
    """
    i = n = len(toks) - 1
    det = 0
    if dur and i >= 0 and toks[i][0] == "next":
        i, det = i - 1, 2
    core = i
    if i >= 0 and toks[i][0] == "the":
        i, det = i - 1, det or 1
    end = i >= 1 and toks[i][0] == "of" and toks[i - 1][0] in ("end", "close")
    if end:
        i -= 2
        if i >= 0 and toks[i][0] == "the":
            i -= 1
    prep = toks[i][0] if i >= 0 and toks[i][0] in _DUE_PREPS else ""
    if prep:
        i -= 1
        if i >= 0 and toks[i + 1][0] == "by" and toks[i][0] == "due":
            i -= 1
    elif i >= 2 and toks[i][0] == "than" and toks[i - 1][0] == "later" and toks[i - 2][0] == "no":
        prep, i = "by", i - 3
    if not (prep or end):
        i = core
    return (a if i == n else toks[i + 1][1]), prep, end, det


def _deadline_span(prep: str, end: bool, det: int, low: str, e: int) -> bool:
    """True when a duration ("90 days") or a period ("the quarter") is a deadline, not part of the measure.

    "in 90 days", "within the quarter", "over the next 8 weeks" are deadlines; "for 10 days",
    "over 30 days", "within 10 days of signing", "in the month after sign-up" belong to the metric.
    """
    if end or not (det == 2 or prep in _DEADLINE_PREPS or (det == 1 and prep)):
        return False
    return not event_after(low, e)


def fiscal_at(low: str, a: int, toks: list[Token]) -> tuple[int, int, bool] | None:
    """The fiscal label starting at a: (start, end, deadline), deadline when "by"/"in"/"end of" … comes before it."""
    if a and low[a - 1].isalnum():
        return None
    m = _FISCAL.match(low, a)
    if m is None:
        return None
    s, prep, end, _ = _due_pre(toks, a, False)
    return (s if prep or end else a), m.end(), bool(prep or end)


def due_at(low: str, a: int, w: str, toks: list[Token], ref: date | None, strong: bool = False) -> Due | None:
    """The due phrase whose core starts at word w (position a): (start, end, date).

    Without a ref a phrase that needs one ("by March", "in 6 weeks", "end of next quarter") is
    still a due phrase, with no date; the wall clock is never read. strong: only a phrase that
    outranks a label read earlier ("the Q3 launch … by 2026-08-01"): a date or period after a
    deadline word (by, before, until, no later than, in, …) or "end of"; never a duration.
    """
    b = a + len(w)
    try:
        if w in NUMBER_WORDS:
            if strong:
                return None  # a duration: "by 2 weeks" after a label may be the change, not the deadline
            m = _WORD_DUR.match(low, a)
            if m is None:
                return None
            s, prep, end, det = _due_pre(toks, a, True)
            n = int(NUMBER_WORDS[" ".join(w.split())])
            du = m.group("du")
            if not _deadline_span(prep, end, det, low, m.end()) or (du[-1] != "s" and n != 1):
                return None
            if det == 0 and service_window(low, s, n, du[0]):
                return None
            d = _after(ref, n, du[0])
        else:
            if (
                w < "a"
                and len(w) != 4
                and low[b : b + 1] == " "
                and low[b + 1 : b + 4] in _DUR3
                and not (toks and toks[-1][0] in _DUR_PREV)
            ):
                return None  # "57 days" without "in"/"within" is an amount
            m = _DUE.match(low, a)
            if m is None:
                return None
            form = m.lastgroup
            s, prep, end, det = _due_pre(toks, a, form == "dur")
            if strong and (form == "dur" or not (end or prep in _DEADLINE_PREPS)):
                return None
            if form == "dur":
                if not _deadline_span(prep, end, det, low, m.end()):
                    return None  # "runs for 10 days", "within 10 days of signing": part of the measure
                if m.group("du")[-1] != "s" and m.group("dn") != "1":
                    return None  # "in 30 day trials": the duration qualifies a noun
                if det == 0 and service_window(low, s, int(m.group("dn")), m.group("du")[0]):
                    return None  # "resolve 90% of tickets within 7 days": each ticket's window, not the deadline
            elif form == "rel" and m.group("rw") is None and not end:
                if det != 1 or not _deadline_span(prep, end, det, low, m.end()):
                    return None  # a bare "quarter"; "in the month after sign-up" is part of the measure
            d = _due_date(m, bool(prep) or end, end, low, ref)
    except (ValueError, OverflowError, KeyError):
        return None
    if d is None:
        return None
    return s, m.end(), (None if d is _OPEN else d)
