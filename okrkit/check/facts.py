"""What a statement's words say — verbs, output nouns, outcome words, hedges — computed once per statement."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from okrkit import lexicon
from okrkit.lexicon.lazyre import lazy
from okrkit.model import KeyResult

_LEAD = lazy(
    r"^\s*(?:[-*•]\s*|(?:kr|o|objective|key result)\s*\d*\s*[:.)-]\s*|\d+(?:\.\d+)*[.)]\s*"
    r"|(?:we|i|the team|our team)\s+(?:will|want to|aim to|should|must|need to)\s+"
    r"|to\s+(?=\w))*",
    re.I,
)
_DIGITS = lazy(r"(?<![\w-])\d[\d,.]*[kKmM%]?(?![\w-])")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred thousand million dozen double triple halve half twice zero".split()
)
_STRIP = ".,;:!?()[]\"'"


_TOKEN = lazy(r"[a-z0-9]+(?:['’][a-z]+)?|[%$€£]")


def _norm(text: str) -> tuple[str, ...]:
    """Lowercased word tokens; hyphens and punctuation separate words ('sign-ups' → 'sign', 'ups')."""
    return tuple(_TOKEN.findall(text.lower()))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[str]]:
    """Every word-list phrase (as tokens) → its lexicons; every prefix of a phrase; every phrase's first word."""
    index: dict[tuple[str, ...], list[str]] = {}
    for name in lexicon.names():
        if "words" not in lexicon.load(name):
            continue
        for w in lexicon.words(name):
            toks = _norm(w)
            if toks:
                index.setdefault(toks, []).append(name)
    prefixes = frozenset(k[:n] for k in index for n in range(1, len(k) + 1))
    return {k: tuple(v) for k, v in index.items()}, prefixes, frozenset(k[0] for k in index)


@lru_cache(maxsize=16384)
def _hits(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(first phrase found per lexicon, longest phrase the text opens with per lexicon)."""
    index, prefixes, firsts = _index()
    toks = _norm(text[:1000])
    found: dict[str, str] = {}
    opening: dict[str, str] = {}
    n_toks = len(toks)
    for i in range(n_toks):
        if toks[i] not in firsts:
            continue
        matches = []
        n = 1
        while i + n <= n_toks and (gram := toks[i : i + n]) in prefixes:
            if gram in index:
                matches.append(gram)
            n += 1
        for gram in reversed(matches):  # longest first at this position
            phrase = " ".join(gram)
            for name in index[gram]:
                if name not in found:
                    found[name] = phrase
                if i == 0 and name not in opening:
                    opening[name] = phrase
    return found, opening


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Words too general to carry a statement on their own ('grow', 'business', 'synergies')."""
    return frozenset(lexicon.words("generic_words"))


WORD = lazy(r"[a-z][a-z'-]*")


@lru_cache(maxsize=16384)
def strip_lead(text: str) -> str:
    """The statement without list markers, 'KR1:' labels or 'We will'."""
    return _LEAD.sub("", text, count=1).strip()


def opens_with(text: str, name: str) -> str | None:
    """The lexicon phrase the statement opens with (the longest), or None."""
    return _hits(strip_lead(text))[1].get(name)


def find(text: str, name: str) -> str | None:
    """The first phrase of the lexicon found in the text, or None."""
    if "patterns" in lexicon.load(name):
        m = lexicon.pattern(name).search(text)
        return m.group(0) if m else None
    return _hits(text)[0].get(name)


@dataclass(frozen=True)
class KRFacts:
    """What the words of one key result say, for the rules to read."""

    body: str  # statement without list markers
    has_number: bool  # any number or number word at all
    has_measure: bool  # a number with a unit of outcome: %, currency, time, NPS
    activity_verb: str | None
    deliverable_verb: str | None
    keep_verb: str | None
    output_noun: str | None
    outcome_word: str | None
    outcome_clause: str | None
    cadence: str | None
    vague: str | None
    vanity: str | None
    metric_noun: str | None = None
    abstract: str | None = None
    achievement: str | None = None  # "pass … exam": a verifiable yes/no result
    counted_text: str = ""
    effort_verb: str | None = (
        None  # 'triage', 'review', 'identify': process work whatever its object  # the body without due dates, windows, years and versions: where counts are
    )


_ANY_DIGIT = lazy(r"\d")
_DURATION = lazy(
    r"\b(?:from|to|under|below|than|of)\s+\d+(?:\.\d+)?\s*(?:ms|s|sec|seconds?|minutes?|mins?|"
    r"hours?|hrs?|days?|weeks?|months?|pounds?|lbs?|kg)\b|\d\s*x\b",
    re.I,
)
_MEASURE_WORDS = frozenset(("percent", "pp", "nps", "csat", "usd", "eur", "gbp"))


def _has_number(body: str) -> bool:
    """True for a standalone number or number word ('12', '1.5k', 'ten'; not 'two-year' or 'day-one')."""
    if _ANY_DIGIT.search(body) and _DIGITS.search(body):
        return True
    return any(w.strip(_STRIP) in _NUMBER_WORDS for w in body.lower().split())


def _has_measure(body: str) -> bool:
    """True for a number with an outcome unit: %, currency, a duration, NPS."""
    if "%" in body or "$" in body or "€" in body or "£" in body:
        return True
    if not _MEASURE_WORDS.isdisjoint(_norm(body)):
        return True
    return bool(_ANY_DIGIT.search(body) and _DURATION.search(body))


_NOT_A_COUNT = lazy(
    r"\b(?:within|in|over|during|for|after|before)\s+(?:the\s+|my\s+|our\s+|their\s+)?(?:first\s+|next\s+|last\s+)?"
    r"\d+\s*(?:days?|weeks?|months?|hours?|quarters?|years?)\b|\b(?:by\s+)?day[- ]\d+\b|\bweek[- ]\d+\b"
    r"|\b(?:version|v|release)\s*\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\b(?:19|20)\d\d\b|\bQ[1-4]\b",
    re.I,
)


def numbers_free(body: str, due_text: str | None = None) -> str:
    """The statement without its due date, 'within 30 days'-style windows, versions and years (not counts)."""
    if due_text:
        body = body.replace(due_text, " ")
    return _NOT_A_COUNT.sub(" ", body) if _ANY_DIGIT.search(body) else body


_AUXILIARIES = frozenset("is are was were be been gets get got".split())


@lru_cache(maxsize=1)
def _approved_by() -> re.Pattern:
    """'<something> approved by <someone>': an approval state's participle with its agent, no 'is' needed."""
    participles = set()
    for phrase in lexicon.words("approval_states"):
        toks = [t for t in phrase.split() if t not in _AUXILIARIES and t != "by"]
        participles.add(r"[\s-]+".join(map(re.escape, toks)))
    alternation = "|".join(sorted(participles, key=len, reverse=True))
    return re.compile(rf"\b[a-z0-9]\S*\s+({alternation})\s+by\s+[a-z]", re.I)


def _approval(body: str, found: dict[str, str]) -> str | None:
    """The approval the statement names ('is approved', 'signed off by legal'), or None."""
    if state := found.get("approval_states"):
        return state
    m = _approved_by().search(body)
    return " ".join(m.group(1).split()) if m else None


def kr_facts(kr: KeyResult) -> KRFacts:
    """Facts about a key result's statement (cached on the statement text)."""
    return _facts(kr.text, kr.due_text)


@lru_cache(maxsize=65536)
def _facts(text: str, due_text: str | None = None) -> KRFacts:
    """Facts for one statement."""
    body = strip_lead(text[:1000])
    found, opening = _hits(body)
    counted = numbers_free(body, due_text)
    return KRFacts(
        body=body,
        has_number=_has_number(counted),
        has_measure=_has_measure(counted),
        activity_verb=opening.get("activity_verbs"),
        deliverable_verb=opening.get("deliverable_verbs"),
        keep_verb=opening.get("keep_verbs"),
        output_noun=found.get("output_nouns"),
        outcome_word=found.get("outcome_words"),
        outcome_clause=found.get("outcome_clauses"),
        cadence=found.get("cadence"),
        vague=found.get("vague_words"),
        vanity=found.get("vanity_metrics"),
        metric_noun=found.get("metric_nouns"),
        abstract=found.get("abstract_nouns"),
        achievement=(found.get("achievement_nouns") if opening.get("achievement_verbs") else None)
        or _approval(body, found),
        counted_text=counted,
        effort_verb=opening.get("effort_verbs"),
    )
