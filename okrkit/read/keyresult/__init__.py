"""Free text → KeyResult fields: metric, baseline, target, unit, direction, change and due date.

Conventions (what each parsed field means):

* ``unit`` belongs to baseline/target/delta: ``%`` for a level in percent, ``pp`` for
  percentage points, ``points`` for score points, ISO currency codes (``USD``, ``EUR``,
  ``GBP``, ``JPY``), ``ms``/``seconds``/``minutes``/``hours``/``days``/``weeks``/``months``/
  ``years``, ``lb``/``kg`` (see ``lexicon/units.yaml``). Count nouns ("users",
  "interviews") are not units: they stay in the metric and ``unit`` is None.
* ``relative_change`` is always a percent of the baseline ("by 15%", "15% from last
  quarter", a bare "15%" after a change verb, "double" = 100, "3x" = 200, "halve" = 50);
  a relative change alone sets no unit.
* ``delta`` is an absolute change: "by 500 users", "lose 15 pounds", "by 5pp" (unit
  ``pp``), "by 10 points" (unit ``points``), "500 more customers".
* A range ("2 to 3 days", "2–3 days") gives the less ambitious end: the upper end for a
  decrease, the lower end otherwise.
* When the baseline is known, a missing target is derived from the delta or relative change.
* ``direction``: a keep verb wins; then the order of baseline and target; then the verb
  ("reduce" → decrease, "reach"/"increase" → increase); deliverable verbs ("launch",
  "ship", "run", "conduct") give ``achieve`` without a number and ``increase`` with a
  count; a bare bound ("at least 90%", "under 2%") gives ``keep``; otherwise None.
* ``metric`` is the lowercased rest of the statement once the verb, the numbers with their
  from/to/by words, the due phrase, comparisons ("from last quarter") and purpose clauses
  ("to learn …") are removed. It is None for yes/no deliverables, and when no number is
  stated and either no direction was found or the rest names nothing measurable (no word
  like rate, time, users, revenue, NPS, churn …). "Lose 15 pounds" gives "weight".
* Numbers that qualify a noun are not values: "two-year", "30-day", "top two", "per 1,000
  users", "p95", "v2", "SOC 2"; "within 2 days" and shorter read as a threshold, not a due date.
* Partial dates resolve to their next occurrence on or after ``ref`` ("by Sep 30",
  "by Q1", "by March"); a stated year is kept as written. Quarters are calendar quarters.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from okrkit import lexicon
from okrkit.model import KeyResult

_MAX_CHARS = 1000  # only this much of a statement is examined
_CACHE_MAX_CHARS = 1000  # longer statements are parsed but not cached

# ---------------------------------------------------------------- lexicon


def _load_units() -> tuple[dict[str, str], dict[str, str]]:
    """Unit words and currency prefixes from lexicon/units.yaml."""
    data = lexicon.load("units")
    units = {" ".join(str(k).lower().split()): str(v) for k, v in data["units"].items()}
    cur = {str(k).lower(): str(v) for k, v in data["currency_prefixes"].items()}
    return units, cur


_UNITS, _CURRENCY = _load_units()

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_ONES)}
_NUMBER_WORDS.update({w: float(v) for w, v in _TENS.items()})
for _t, _tv in _TENS.items():
    for _i, _o in enumerate(_ONES[1:10], 1):
        _NUMBER_WORDS[f"{_t}-{_o}"] = _NUMBER_WORDS[f"{_t} {_o}"] = float(_tv + _i)
_NUMBER_WORDS.update({"dozen": 12.0, "a dozen": 12.0, "hundred": 100.0, "a hundred": 100.0, "a thousand": 1000.0})
_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "hundred": 1e2,
}

# Verb classes: inc/dec change a number, lvl names a level to reach, keep holds one,
# ach is a deliverable or activity, dinc/ddec take an absolute amount ("lose 15 pounds").
_VERB_LISTS = {
    "inc": "increase grow raise boost improve lift expand accelerate maximize maximise enhance "
    "strengthen deepen broaden extend multiply double triple quadruple growth rise "
    "improvement uplift increment",
    "lvl": "reach hit achieve attain exceed surpass beat get bring move generate earn collect",
    "dec": "reduce cut lower decrease drop shrink halve eliminate minimize minimise shorten "
    "trim slash decline lessen curb limit remove reduction fall",
    "dinc": "add gain",
    "ddec": "lose shed save",
    "keep": "maintain keep sustain stay remain preserve protect retain ensure guarantee hold",
    "ach": "launch ship release complete deliver publish finish build create implement "
    "introduce deploy migrate design redesign define document establish integrate "
    "finalize finalise develop draft prototype pilot automate upgrade refactor rebuild "
    "rewrite own open start pass conduct run host give participate attend interview "
    "write hire onboard sign recruit train close book win acquire secure organize "
    "organise present fix resolve test validate sell",
}
_PHRASES = {  # (verb, particle) → class
    ("bring", "down"): "dec",
    ("cut", "down"): "dec",
    ("get", "down"): "dec",
    ("wind", "down"): "dec",
    ("scale", "up"): "inc",
    ("ramp", "up"): "inc",
    ("roll", "out"): "ach",
    ("set", "up"): "ach",
    ("kick", "off"): "ach",
    ("take", "ownership"): "ach",
    ("sign", "up"): "ach",
    ("go", "live"): "ach",
    ("get", "certified"): "ach",
    ("step", "up"): "inc",
}
_IRREGULAR = {
    "grow": "grew grown",
    "win": "won",
    "run": "ran",
    "lose": "lost",
    "get": "got gotten",
    "hold": "held",
    "keep": "kept",
    "give": "gave given",
    "write": "wrote written",
    "build": "built",
    "drive": "drove driven",
    "bring": "brought",
    "take": "took taken",
    "rise": "rose risen",
    "fall": "fell fallen",
    "beat": "beaten",
    "go": "went gone",
}
_CHANGE = frozenset(("inc", "dec", "dinc", "ddec"))
_POINTS = frozenset(("pp", "points", "bps"))
_MODALS = frozenset(("will", "shall", "to", "should", "must", "can", "would"))
_RELATIVE_VERBS = {"double": 100.0, "triple": 200.0, "quadruple": 300.0, "halve": 50.0}
_PURPOSE = set(
    "learn understand validate identify discover find help enable support ensure "
    "prove gather determine see measure explore assess evaluate inform unlock "
    "make allow".split()
)
_NO_CUT_BEFORE = {"time", "ability", "ratio", "cost", "path", "days", "hours", "ready"}


def _forms(base: str) -> set[str]:
    """Inflected forms of an English verb (increase → increases, increasing, increased)."""
    forms = {base}
    forms.update(_IRREGULAR.get(base, "").split())
    if base.endswith("e"):
        forms |= {base + "s", base[:-1] + "ing", base + "d"}
    elif base.endswith(("sh", "ch", "x", "ss")):
        forms |= {base + "es", base + "ing", base + "ed"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base + "ing", base[:-1] + "ied"}
    elif (
        len(base) <= 4
        and len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
        and base not in ("open", "book", "host", "pilot")
    ):
        forms |= {base + "s", base + base[-1] + "ing", base + base[-1] + "ed"}
    else:
        forms |= {base + "s", base + "ing", base + "ed"}
    return forms


_VERBS: dict[str, tuple[str, str]] = {}  # form → (class, base)
for _cls, _words in _VERB_LISTS.items():
    for _base in _words.split():
        for _f in _forms(_base):
            _VERBS.setdefault(_f, (_cls, _base))
_PHRASE_VERBS: dict[tuple[str, str], tuple[str, str]] = {}
for (_v, _p), _cls in _PHRASES.items():
    for _f in _forms(_v):
        _PHRASE_VERBS[(_f, _p)] = (_cls, _v)
_PHRASE_FIRST = {k[0] for k in _PHRASE_VERBS}

_METRIC_NOUNS = set(
    "rate rates ratio time duration latency uptime downtime availability users customers "
    "accounts subscribers members visitors revenue arr mrr sales income profit profits margin "
    "margins cost costs spend price nps csat ces churn retention conversion conversions "
    "activation adoption engagement sessions signups sign-ups registrations downloads installs "
    "traffic visits views clicks ctr leads pipeline bookings satisfaction score scores accuracy "
    "errors bugs defects incidents tickets complaints throughput velocity frequency share value "
    "volume count number percentage speed weight usage dau mau wau ltv cac aov gmv roi "
    "coverage utilization efficiency productivity happiness loyalty referrals".split()
)
_LEAD_JUNK = set(
    "the a an our my your their its his her this that these those of in on for at with to by "
    "from and or than be is are will shall should must can would could may we i you they try "
    "aim plan want need going continue further significantly substantially dramatically "
    "drastically meaningfully considerably greatly steadily consistently out up off down all "
    "ownership like about around approximately roughly some".split()
)
_TRAIL_JUNK = set(
    "the a an of in on for at with to by from and or than down up more fewer less higher lower "
    "significantly substantially dramatically further lot lots possible much as is are be will "
    "per each every over under above below within about around like approximately roughly "
    "least most somewhat slightly bit quickly soon asap possible".split()
)
_FILLER = {
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "like",
    "nearly",
    "almost",
    "just",
    "only",
    "some",
    "circa",
    "ca",
    "an",
    "additional",
    "extra",
    "another",
    "a",
    "the",
    "our",
    "total",
    "of",
}
_MARK1 = {
    "from": "from",
    "to": "to",
    "into": "to",
    "by": "by",
    "under": "cmp",
    "below": "cmp",
    "above": "cmp",
    "over": "cmp",
    "beyond": "cmp",
    "exceeding": "cmp",
    "min": "cmp",
    "minimum": "cmp",
    "max": "cmp",
    "maximum": "cmp",
    "per": "skip",
    "top": "skip",
    "version": "skip",
    "v": "skip",
    "each": "skip",
    "every": "skip",
    "no": "skip",
    "between": "between",
    "phase": "skip",
    "step": "skip",
    "level": "skip",
    "tier": "skip",
    "round": "skip",
    "sprint": "skip",
    "soc": "skip",
    "iso": "skip",
    "web": "skip",
    "ios": "skip",
    "android": "skip",
    "python": "skip",
    "p": "skip",
}
_MARK2 = {
    "at least": "cmp",
    "at most": "cmp",
    "more than": "cmp",
    "less than": "cmp",
    "fewer than": "cmp",
    "greater than": "cmp",
    "higher than": "cmp",
    "lower than": "cmp",
    "down to": "down",
    "up to": "to",
    "all the": "",
    "out of": "skip",
    "one of": "skip",
}
_MULTI_END = {"least", "most", "than", "to", "of", "the"}
_MARK3 = {
    "no more than": "cmp",
    "not more than": "cmp",
    "no less than": "cmp",
    "not less than": "cmp",
    "of at least": "cmp",
    "of at most": "cmp",
    "a minimum of": "cmp",
    "a maximum of": "cmp",
    "no fewer than": "cmp",
}

# ---------------------------------------------------------------- regexes


def _alt(words) -> str:
    """A regex alternation of literal words, longest first, inner spaces flexible."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in sorted(words, key=len, reverse=True))


_NUMWORDS_RE = _alt(w for w in _NUMBER_WORDS if w != "zero") + "|zero"
_QTY = re.compile(
    r"(?<![\w.,/$€£¥])"
    rf"(?P<cur>(?:{_alt(_CURRENCY)})\s?)?"
    rf"(?P<num>\d+(?:,\d{{3}})+(?:\.\d+)?|\d*\.\d+|\d+|{_NUMWORDS_RE})"
    r"(?![\d/])(?!-[a-z])"
    r"(?:\s?(?P<scale>k|mm|mn|m|bn|b|thousand|million|billion|hundred)(?![a-z0-9]))?"
    rf"(?:\s?(?P<unit>{_alt(_UNITS)})(?![a-z0-9]))?"
    r"(?P<plus>\+)?"
    r"(?![a-z0-9])"
)
_POST = re.compile(
    r"\s*(?:(?P<cmp>(?:from|over|vs\.?|versus|compared\s+(?:to|with)|relative\s+to|on|against)"
    r"\s+(?:the\s+)?(?:last|previous|prior|past)\s+(?:quarter|year|month|week|period|cycle|half)"
    r"|(?:year|quarter|month|week)[\s-]over[\s-](?:year|quarter|month|week)|yoy|qoq|mom|wow)"
    r"|(?P<more>more|higher|greater|bigger|larger|better)(?!\s+than)"
    r"|(?P<less>fewer|less|lower|smaller|shorter|cheaper)(?!\s+than)"
    r"|(?P<orx>(?:or|and)\s+(?:more|higher|greater|better|above|less|fewer|lower|below|under|up|over)"
    r"|at\s+(?:least|most)|minimum|maximum)"
    r"|(?P<arrow>->|→|=>))(?![a-z])"
)
_POST_FIRST = set("fovcrayqmwhgblse-→=")
_SEP = re.compile(r"\s*(?:(?P<dash>[-–—])|(?P<word>to|or|and))\s*")
_LEAD = re.compile(
    r"[\s\-*•·>#]*(?:\d{1,2}[.)]\s+)?"
    r"(?:(?:key\s+result|kr|okr)\s*#?\d*(?:\.\d+)?\s*[:.)\-–—]\s*)?"
)
_TOK = re.compile(r"[a-z]+|\d+")
_CUT = re.compile(
    r"\s(?:in\s+order\s+to\s|so\s+as\s+to\s|so\s+that\s|so\s+we\s|through\s|via\s"
    r"|by\s+(?=[a-z]+ing\b)|to\s+(?=(?P<pv>[a-z]+)\b))"
)
_HALF = re.compile(r"\b(?:by|in)\s+half\b")
_CMP_PHRASE = re.compile(
    r"\b(?:(?:from|over|vs\.?|versus|compared\s+(?:to|with)|relative\s+to|on|against)\s+"
    r"(?:the\s+)?(?:last|previous|prior|past)\s+(?:quarter|year|month|week|period|cycle|half)"
    r"|(?:year|quarter|month|week)[\s-]over[\s-](?:year|quarter|month|week)|yoy|qoq|mom|wow)\b"
)
_PUNCT = ".!?\"'`“”‘’*_,-–—/&+"
_CMP_HINT = re.compile(r"last|prev|prior|past|over|yoy|qoq|mom|wow")
_METRIC_SEP = re.compile(r"[;:(\[,\-–—]")
_PER_PERIOD = re.compile(r"\ba (day|week|month|quarter|year)\b")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_QWORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_DUE = re.compile(  # the core of a due phrase; "by"/"end of" are read from the words
    r"(?:(?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?P<us>(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))"
    rf"|(?P<md>(?P<mdm>{_MONTH_RE})\.?\s*(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    r"(?:,?\s*(?P<mdy>\d{4}))?)"
    rf"|(?P<dm>(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{_MONTH_RE})(?![a-z])"
    r"\.?(?:,?\s*(?P<dmy>\d{4}))?)"
    r"|(?P<qy>(?P<qyy>\d{4})[\s-]?q(?P<qyn>[1-4]))"
    r"|(?P<q>(?:q(?P<qn>[1-4])|(?P<qw>first|second|third|fourth|final|1st|2nd|3rd|4th)"
    r"\s+quarter)(?:[\s,-]*(?:of\s+)?(?:fy\s?)?(?P<qy4>\d{4})|\s?(?:['’]|fy\s?)(?P<qy2>\d{2}))?)"
    r"|(?P<h>h(?P<hn>[12])(?:[\s,-]*(?P<hy4>\d{4})|\s?(?:['’]|fy\s?)(?P<hy2>\d{2}))?)"
    rf"|(?P<my>(?P<mym>{_MONTH_RE})(?![a-z])\.?(?:,?\s*(?P<myy>\d{{4}}))?)"
    r"|(?P<y>(?:fy\s?)?(?P<yy>(?:19|20)\d{2}))"
    r"|(?P<eo>eo(?P<eou>[yqm]))"
    r"|(?P<ye>(?P<yeu>year|quarter|month)[\s-]end)"
    r"|(?P<dur>(?P<dn>\d{1,4})\s+(?P<du>days?|weeks?|months?|years?))"
    r"|(?P<rel>(?:(?P<rw>this|next|current|coming)\s+)?(?P<ru>quarter|month|year|week)))"
    r"(?![\w])"
)
_WORD_DUR = re.compile(rf"(?:{_NUMWORDS_RE})\s+(?P<du>days?|weeks?|months?|years?)(?![\w])")
_DUR3 = {"day", "wee", "mon", "yea"}
_DATE_NEXT = {"/", "s", "n", "r", "t"}  # 9/30, 1st, 2nd, 3rd, 4th
_DATE_WORD3 = _DUR3 | set(_MONTHS) | {"of "}
_DUE_PREPS = set("by before until till through thru in within during for on at over".split())
_DUE_TRIGGERS = set(
    "jan january feb february mar march apr april may jun june jul july aug august "
    "sep sept september oct october nov november dec december q h fy eoy eoq eom "
    "this next current coming quarter month year week first second third fourth "
    "final".split()
) | {w for w in _NUMBER_WORDS if " " not in w}
_NUM_START = {w for w in _NUMBER_WORDS if " " not in w and "-" not in w} | {"usd", "eur", "gbp", "us"}
_DUR_PREV = _DUE_PREPS | {"next", "the"}
_WORD_KIND = {w: 1 for w in _DUE_TRIGGERS}
for _w in _NUM_START:
    _WORD_KIND[_w] = _WORD_KIND.get(_w, 0) | 2
_YEAR_OK_NEXT = {
    "and",
    "with",
    "while",
    "via",
    "through",
    "for",
    "so",
    "to",
    "across",
    "in",
    "on",
    "at",
    "by",
    "from",
    "as",
    "when",
    "or",
}


_Verb = tuple[str, str, int, int]  # a verb found in the text: (class, base form, start, end)


class _Q:
    """One number found in the text, with the words around it."""

    __slots__ = ("start", "end", "mstart", "pend", "value", "hi", "unit", "pre", "post")

    def __init__(self, start: int, end: int, value: float, unit: str | None) -> None:
        self.start, self.end, self.value, self.hi, self.unit = start, end, value, value, unit
        self.mstart, self.pend, self.pre, self.post = start, end, "", ""

    def pick(self, high: bool) -> float:
        """The value, or one end of a range."""
        return self.hi if high else self.value


# ---------------------------------------------------------------- dates


def _month_end(y: int, m: int) -> date:
    """Last day of a month."""
    return date(y, 12, 31) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)


def _add_months(d: date, n: int) -> date:
    """A date n months later, clamped to the month's end."""
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, _month_end(y, m).day))


def _quarter_end(y: int, q: int) -> date:
    """Last day of a calendar quarter."""
    return _month_end(y, 3 * q)


def _roll(make: Callable[[int], date], ref: date) -> date:
    """make(year) for ref's year, or next year's if that date is already past."""
    d = make(ref.year)
    return d if d >= ref else make(ref.year + 1)


def _year(s4: str | None, s2: str | None) -> int | None:
    """A four- or two-digit year, or None."""
    return int(s4) if s4 else (2000 + int(s2) if s2 else None)


def _due_date(m: re.Match, pre: bool, end: bool, low: str, ref: date) -> date | None:
    """The date a due-phrase core stands for, or None when it is not a due date here."""
    form, g = m.lastgroup, m.group
    if form == "iso":
        y, mo, d = m.group("iy", "im", "id")
        return date(int(y), int(mo), int(d))
    if form == "us":
        return date(int(g("uy")), int(g("um")), int(g("ud")))
    if form == "md" or form == "dm":
        mon = _MONTHS[(g("mdm") or g("dmm"))[:3]]
        day = int(g("mdd") or g("dmd"))
        y = g("mdy") or g("dmy")
        return date(int(y), mon, day) if y else _roll(lambda yy: date(yy, mon, day), ref)
    if form == "qy":
        return _quarter_end(int(g("qyy")), int(g("qyn")))
    if form == "q":
        q = int(g("qn")) if g("qn") else _QWORDS[g("qw")]
        y = _year(g("qy4"), g("qy2"))
        return _quarter_end(y, q) if y else _roll(lambda yy: _quarter_end(yy, q), ref)
    if form == "h":
        mon = 6 * int(g("hn"))
        y = _year(g("hy4"), g("hy2"))
        return _month_end(y, mon) if y else _roll(lambda yy: _month_end(yy, mon), ref)
    if form == "eo" or form == "ye":
        return _period_end((g("eou") or g("yeu"))[0], ref, 0)
    if form == "rel":
        rw = g("rw")
        if rw is None and not end:
            return None
        return _period_end(g("ru")[0], ref, 1 if rw in ("next", "coming") else 0)
    if form == "my":
        mon = _MONTHS[g("mym")[:3]]
        if g("myy"):
            return _month_end(int(g("myy")), mon)
        return _roll(lambda yy: _month_end(yy, mon), ref) if pre else None
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


def _after(ref: date, n: int, unit: str) -> date | None:
    """ref plus n days/weeks/months/years; None for under a week (that reads as a threshold)."""
    if unit == "d":
        return ref + timedelta(days=n) if n >= 7 else None
    if unit == "w":
        return ref + timedelta(weeks=n)
    return _add_months(ref, n * (12 if unit == "y" else 1))


def _period_end(unit: str, ref: date, ahead: int) -> date:
    """End of ref's year/quarter/month/week (ahead=1: the next one)."""
    if unit == "y":
        return date(ref.year + ahead, 12, 31)
    if unit == "q":
        q = (ref.month - 1) // 3 + ahead
        return _quarter_end(ref.year + q // 4, q % 4 + 1)
    if unit == "m":
        first = _add_months(ref.replace(day=1), ahead)
        return _month_end(first.year, first.month)
    return ref + timedelta(days=6 - ref.weekday() + 7 * ahead)


def _due_pre(toks: list[tuple[str, int]], a: int, dur: bool) -> tuple[int, bool, bool]:
    """Where the words before a due core start ("by the end of"): (start, has_prep, has_end)."""
    i = n = len(toks) - 1
    if dur and i >= 0 and toks[i][0] == "next":
        i -= 1
    core = i
    if i >= 0 and toks[i][0] == "the":
        i -= 1
    end = i >= 1 and toks[i][0] == "of" and toks[i - 1][0] in ("end", "close")
    if end:
        i -= 2
        if i >= 0 and toks[i][0] == "the":
            i -= 1
    prep = i >= 0 and toks[i][0] in _DUE_PREPS
    if prep:
        i -= 1
        if i >= 0 and toks[i + 1][0] == "by" and toks[i][0] == "due":
            i -= 1
    elif i >= 2 and toks[i][0] == "than" and toks[i - 1][0] == "later" and toks[i - 2][0] == "no":
        prep, i = True, i - 3
    if not (prep or end):
        i = core
    return (a if i == n else toks[i + 1][1]), prep, end


def _due_at(low: str, a: int, w: str, toks: list[tuple[str, int]], ref: date) -> tuple[int, int, date] | None:
    """The due phrase whose core starts at word w (position a): (start, end, date)."""
    b = a + len(w)
    try:
        if w in _NUMBER_WORDS:
            m = _WORD_DUR.match(low, a)
            if m is None:
                return None
            s, prep, end = _due_pre(toks, a, True)
            d = _after(ref, int(_NUMBER_WORDS[" ".join(w.split())]), m.group("du")[0]) if prep and not end else None
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
            s, prep, end = _due_pre(toks, a, m.group("dur") is not None)
            d = _due_date(m, prep or end, end, low, ref)
    except (ValueError, OverflowError, KeyError):
        return None
    return (s, m.end(), d) if d is not None else None


def _verb_at(low: str, w: str, a: int, b: int) -> _Verb | None:
    """The verb (or verb + particle) starting at word w, as (class, base, start, end)."""
    if low[b : b + 1] == "-" or low[a - 1 : a] == "-":
        return None  # part of a hyphenated word ("sign-up", "drop-off")
    if w in _PHRASE_FIRST and low[b : b + 1] == " ":
        nm = _TOK.match(low, b + 1)
        hit = _PHRASE_VERBS.get((w, nm.group())) if nm else None
        if hit:
            return hit[0], hit[1], a, nm.end()
    hit = _VERBS.get(w)
    return (hit[0], hit[1], a, b) if hit else None


def _marker(low: str, q: _Q, toks: list[tuple[str, int]], floor: int) -> None:
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


def _quantity(low: str, b: int, toks: list[tuple[str, int]], floor: int) -> _Q | None:
    """The number starting at b with its unit, marker and following cue, or None."""
    if b and low[b - 1] == "-" and (not low[b].isdigit() or low[b - 2 : b - 1].isalpha()):
        return None  # part of a compound: "day-one", "covid-19"
    m = _QTY.match(low, b)
    if m is None:
        return None
    cur, num, scale, unit, plus = m.group("cur", "num", "scale", "unit", "plus")
    if num[0] in "0123456789.":
        value = float(num.replace(",", ""))
    else:
        value = _NUMBER_WORDS.get(" ".join(num.split()))
        if value is None or (num == "one" and low.startswith(" of", m.end())):
            return None
    if scale:
        value *= _SCALES[scale]
    if unit:
        unit = _UNITS.get(" ".join(unit.split()) if " " in unit else unit)
    if cur:
        unit = _CURRENCY.get(cur.strip(), unit)
    q = _Q(m.start(), m.end(), value, unit)
    _marker(low, q, toks, floor)
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


def _scan(low: str, start: int, ref: date) -> tuple[tuple[int, int, date] | None, _Verb | None, list[_Q]]:
    """One pass over the words: the due phrase, the main verb and every number."""
    toks: list[tuple[str, int]] = []  # words outside numbers and the due phrase
    qs: list[_Q] = []
    due = verb = None
    skip = floor = pos = start
    nverb = 10  # the main verb is among the first ten words
    find = low.find
    for w in _TOK.findall(low, start):
        a = find(w, pos)
        pos = a + len(w)
        if a < skip:
            continue
        if w < "a":  # digits
            if due is None and (
                len(w) == 4
                or low[pos : pos + 1] in _DATE_NEXT
                or (low[pos : pos + 1] == " " and low[pos + 1 : pos + 4] in _DATE_WORD3)
            ):
                due = _due_at(low, a, w, toks, ref)
                if due is not None:
                    skip = floor = due[1]
                    while toks and toks[-1][1] >= due[0]:
                        toks.pop()
                    continue
            q = _quantity(low, a - 1 if a > start and low[a - 1] in "$€£¥" else a, toks, floor)
            if q is not None:
                qs.append(q)
                skip = floor = q.end
            continue
        kind = _WORD_KIND.get(w)
        if kind:
            if kind & 1 and due is None:
                due = _due_at(low, a, w, toks, ref)
                if due is not None:
                    skip = floor = due[1]
                    while toks and toks[-1][1] >= due[0]:
                        toks.pop()
                    continue
            if kind & 2:
                q = _quantity(low, a, toks, floor)
                if q is not None:
                    qs.append(q)
                    skip = floor = q.end
                    continue
        toks.append((w, a))
        if nverb:
            nverb -= 1
            verb = _verb_at(low, w, a, pos)
            if verb is not None:
                nverb = 0
    return due, verb, qs


def _merge_ranges(low: str, qs: list[_Q], change: bool) -> list[_Q]:
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


def _cut(low: str, pos: int) -> tuple[int, _Verb | None]:
    """Where a purpose clause ("to learn …", "so that …") starts, and its verb if any."""
    for m in _CUT.finditer(low, pos):
        pv = m.group("pv")
        if pv is None:
            return m.start(), None
        hit = _VERBS.get(pv)
        if hit is None and pv not in _PURPOSE:
            continue
        before = low[pos : m.start()]
        last = before.rsplit(None, 1)
        if last and last[-1] in _NO_CUT_BEFORE:
            continue
        if before.rfind(" from ") > before.rfind(" to "):
            continue
        vs = m.end()
        return m.start(), (hit[0], hit[1], vs, vs + len(pv)) if hit else None
    return len(low), None


# ---------------------------------------------------------------- the parser


def _metric(low: str, r0: int, r1: int, spans: list[tuple[int, int]]) -> str:
    """The text of the region without the removed spans, trimmed to a noun phrase."""
    parts, pos = [], r0
    spans.sort()
    for a, b in spans:
        if b <= pos:
            continue
        if a >= r1:
            break
        if a > pos:
            parts.append(low[pos:a])
        pos = b
    if pos < r1:
        parts.append(low[pos:r1])
    text = " ".join(parts)
    if _CMP_HINT.search(text):
        text = _CMP_PHRASE.sub(" ", text)
    sep = _METRIC_SEP.search(text)
    while sep:
        c, i = sep.group(), sep.start()
        if c in ";:([" or text[i + 1 : i + 2] == " " and (c == "," or text[i - 1 : i] == " "):
            text = text[:i]
            break
        sep = _METRIC_SEP.search(text, i + 1)
    words = text.split()
    i, j = 0, len(words)
    while i < j:
        w = words[i].strip(_PUNCT)
        if w and w not in _LEAD_JUNK:
            break
        i += 1
    while j > i:
        w = words[j - 1].strip(_PUNCT)
        if w and w not in _TRAIL_JUNK:
            break
        j -= 1
    if i >= j:
        return ""
    words = words[i:j]
    words[0], words[-1] = words[0].lstrip(_PUNCT), words[-1].rstrip(_PUNCT)
    text = " ".join(words)
    if " a " in text:
        text = _PER_PERIOD.sub(r"per \1", text)
    return text


def _region(low: str, start: int, verb: _Verb | None, qs: list[_Q]) -> tuple[int, int, _Verb | None]:
    """The part of the text that states the key result, and its verb.

    A purpose clause is dropped ("run three experiments to learn …") unless it carries the
    measured outcome of a deliverable ("launch X to increase conversion 5%").
    """
    cut, pverb = _cut(low, verb[3] if verb else start)
    if pverb is None or pverb[0] == "ach" or not any(q.start >= cut for q in qs):
        return start, cut, verb
    main_has_number = any(start <= q.start < cut and q.pre != "skip" for q in qs)
    if verb is None or verb[0] == "ach" or not main_has_number:
        return pverb[2], len(low), pverb
    return start, cut, verb


def _roles(
    region: list[_Q], cls: str | None, spans: list[tuple[int, int]]
) -> tuple[_Q | None, _Q | None, _Q | None, float | None, str | None, bool]:
    """Assign each number a role: (baseline, target, delta, relative change, hint, bound)."""
    baseline = target = delta = rc = hint = None
    bound = False
    change = cls in _CHANGE
    for q in region:
        pre, post, unit = q.pre, q.post, q.unit
        if pre == "skip":
            continue
        if unit == "x":
            if rc is None:
                rc = (q.value - 1.0) * 100.0
        elif post == "arrow" and baseline is None:
            baseline = q
        elif pre == "from":
            if baseline is not None:
                continue
            baseline = q
        elif pre == "to" or pre == "down":
            if target is not None:
                continue
            target = q
            if pre == "down":
                hint = "decrease"
        elif pre == "by":
            if unit == "%":
                rc = q.value
            elif delta is None:
                delta = q
            else:
                continue
        elif pre == "cmp":
            if target is not None:
                continue
            target, bound = q, True
        elif post == "cmp" and unit == "%" and rc is None:
            rc = q.value
        elif post == "more" or post == "less":
            hint = "increase" if post == "more" else "decrease"
            if unit == "%":
                rc = q.value
            else:
                delta = q
        elif unit == "%" and change and rc is None and target is None:
            rc = q.value
        elif unit in _POINTS and change and delta is None:
            delta = q
        elif (cls == "dinc" or cls == "ddec") and delta is None:
            delta = q
        elif target is None:
            target = q
        elif pre == "" and unit == "%" and not post:
            spans.append((q.mstart, q.pend))  # a dangling bare percent is not part of the metric
            continue
        else:
            continue
        if post == "orx":
            bound = True
        spans.append((q.mstart, q.pend))
    return baseline, target, delta, rc, hint, bound


def _direction(
    cls: str | None, baseline: _Q | None, target: _Q | None, hint: str | None, bound: bool, measured: bool
) -> str | None:
    """increase / decrease / keep / achieve / None from the verb, the numbers and the cues."""
    if cls == "keep":
        return "keep"
    if baseline is not None and target is not None:
        b, t = baseline.value, (target.value + target.hi) / 2
        return "decrease" if t < b else "increase" if t > b else "keep"
    if cls == "inc" or cls == "dinc":
        return "increase"
    if cls == "dec" or cls == "ddec":
        return "decrease"
    if hint:
        return hint
    if cls == "lvl" or cls == "ach":
        return "increase" if measured else "achieve"
    return "keep" if bound else None


# ---------------------------------------------------------------- explicit "from A to B"
_FT_NUM = (
    r"(?P<{n}cur>[$€£])?\s*(?P<{n}>\d[\d,]*(?:\.\d+)?)\s*(?P<{n}sc>k|m|bn|million|thousand|billion)?(?![\w])"
    r"\s*(?P<{n}u>%|pp|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?)?(?![\w])"
)
_FROM_TO = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?"
    + _FT_NUM.format(n="a")
    + r"\s*(?:(?:down|up)\s+)?(?:to|→|->)\s+(?:just\s+|about\s+|under\s+|below\s+|over\s+)?"
    + _FT_NUM.format(n="b")
    + r"(?:\s*(?:to|-|–|or)\s*"
    + _FT_NUM.format(n="c")
    + r")?",
    re.I,
)
_FT_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_FT_SECONDS = {
    "ms": 0.001,
    "seconds": 1,
    "minutes": 60,
    "hours": 3600,
    "days": 86400,
    "weeks": 604800,
    "months": 2592000,
}
_FT_UNIT = {
    "%": "%",
    "pp": "pp",
    "ms": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
}
_FT_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}


def _ft_value(m: re.Match, n: str) -> tuple[float, str | None] | None:
    """(value, normalised unit) of one number of a from/to match."""
    raw = m.group(n)
    if raw is None:
        return None
    value = float(raw.replace(",", "")) * _FT_SCALE.get((m.group(n + "sc") or "").lower(), 1.0)
    unit = _FT_UNIT.get((m.group(n + "u") or "").lower()) or _FT_CURRENCY.get(m.group(n + "cur") or "")
    return value, unit


def _from_to(kr: KeyResult, low: str) -> None:
    """Let an explicit 'from A to B' pair set baseline, target and unit (durations converted to A's unit)."""
    pairs = list(_FROM_TO.finditer(low))
    m = pairs[-1] if pairs else None  # the last pair is the measured one ("… in 90 days from 9% to 6%")
    if m is None:
        return
    if kr.due_text and re.match(r"(?:with)?in\b", kr.due_text.lower()):
        at = low.find(kr.due_text.lower())
        if 0 <= at < m.start():  # "finish a course within 30 days from 18% to 28%": part of the metric
            kr.due = kr.due_text = None
    a, b, c = _ft_value(m, "a"), _ft_value(m, "b"), _ft_value(m, "c")
    unit_a, unit_b = a[1], b[1] or (c[1] if c else None)
    base, tgt = a[0], b[0]
    if c is not None and (c[1] == unit_b or c[1] is None):
        tgt = max(tgt, c[0]) if base > tgt else min(tgt, c[0])  # a range: its less ambitious end
    unit = unit_a or unit_b
    if unit_a and unit_b and unit_a != unit_b and unit_a in _FT_SECONDS and unit_b in _FT_SECONDS:
        tgt = tgt * _FT_SECONDS[unit_b] / _FT_SECONDS[unit_a]
    if kr.baseline == base and kr.target == tgt:
        return
    kr.baseline, kr.target = base, tgt
    if unit:
        kr.unit = unit
    if base != tgt and (kr.direction != "keep" or not _FT_KEEP.search(low)):
        kr.direction = "increase" if tgt > base else "decrease"


_FT_KEEP = re.compile(r"\b(?:maintain|keep|sustain|hold|stay|remain|at least|no more than)\b")
_FT_TAIL = re.compile(r"\s+(?:from|to)\s+[$€£]?\d.*$|\s+to$")


def _parse(text: str, ref: date) -> KeyResult:
    """Parse a stripped statement (no caching, no safety net)."""
    kr = KeyResult(text)
    s = text[:_MAX_CHARS]
    low = s.lower()
    if len(low) != len(s):  # a few characters change length when lowercased
        s = low
    start = _LEAD.match(low).end()
    due, verb, qs = _scan(low, start, ref)
    spans: list[tuple[int, int]] = []
    if due is not None:
        kr.due, kr.due_text = due[2], s[due[0] : due[1]].strip()
        spans.append((due[0], due[1]))
    if len(qs) > 1:
        qs = _merge_ranges(low, qs, verb is not None and verb[0] in _CHANGE)
    r0, r1, verb = _region(low, start, verb, qs)
    cls = base = None
    if verb is not None:
        cls, base, va, vb = verb
        spans.append((va, vb))
        if va > r0:  # "we will increase …": drop the lead-in
            lead = low[r0:va].split()
            if not lead or lead[-1] in _MODALS or lead[-1] in _LEAD_JUNK or lead[-1].endswith("ly"):
                spans.append((r0, va))
    region = qs if r0 == start and r1 >= len(low) else [q for q in qs if r0 <= q.start < r1]
    baseline, target, delta, rc, hint, bound = _roles(region, cls, spans)
    if base == "hold" and not bound and (target is None or target.unit != "%"):
        cls = "ach"  # "hold 4 workshops" counts; "hold churn below 2%" keeps
    if rc is None and base in _RELATIVE_VERBS:
        rc = _RELATIVE_VERBS[base]
    if " half" in low and rc is None:
        h = _HALF.search(low, r0, r1)
        if h:
            rc, hint = 50.0, "decrease"
            spans.append(h.span())
    measured = target is not None or baseline is not None or delta is not None or rc is not None
    direction = kr.direction = _direction(cls, baseline, target, hint, bound, measured)

    high = direction == "decrease"  # a range gives its less ambitious end
    if target is not None:
        kr.target = target.pick(high)
    elif base == "eliminate":
        kr.target = 0.0
    if baseline is not None:
        kr.baseline = baseline.value
    if delta is not None:
        kr.delta = delta.pick(high)
    kr.relative_change = rc
    if baseline is not None and target is None and (direction == "increase" or direction == "decrease"):
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
        _from_to(kr, low)
        measured = measured or kr.target is not None
    if kr.direction == "achieve":  # a yes/no deliverable measures nothing
        return kr
    metric = _metric(low, r0, r1, spans)
    if not metric and kr.unit in ("lb", "kg"):
        metric = "weight"
    if metric and not measured and (direction is None or _METRIC_NOUNS.isdisjoint(metric.split())):
        metric = ""
    if metric and " from " in low:
        metric = _FT_TAIL.sub("", metric).strip()
    kr.metric = metric or None
    return kr


@lru_cache(maxsize=4096)
def _parse_cached(text: str, ref: date) -> KeyResult:
    """_parse, remembered for repeated statements."""
    return _parse(text, ref)


def _copy(kr: KeyResult) -> KeyResult:
    """A fresh shallow copy of a cached result (its field values are immutable)."""
    try:
        new = object.__new__(KeyResult)
        new.__dict__.update(kr.__dict__)
        return new
    except AttributeError:  # a slotted KeyResult has no __dict__
        return copy.copy(kr)


def parse_key_result(text: str, *, ref: date | None = None) -> KeyResult:
    """Free text → a KeyResult with metric, baseline, target, unit, direction, change and due date."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.strip()
    if ref is None:
        ref = date.today()
    try:
        if len(text) <= _CACHE_MAX_CHARS:
            return _copy(_parse_cached(text, ref))
        return _parse(text, ref)
    except Exception:  # noqa: BLE001 - a parser for free text must never raise
        return KeyResult(text)
