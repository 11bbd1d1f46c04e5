"""What a key result counts: the noun phrase after each count, classified as the team's own output or a result.

"Source 50 candidates", "10 iterations to the handbook", "2 keynotes" count the team's own work; "Add 30
companies", "Reach 2,000 members", "Cut open bugs from 40 to 10" count what others do or what the business
gets. A count is an output unless its phrase names an outcome: a metric, people or organisations who buy or use
(adopters), or a result word. Words are compared by a small stemmer, so 'keynote'/'keynotes' and
'study'/'studies' need one entry, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from okrkit import lexicon
from okrkit.check.facts import find, numbers_free
from okrkit.lexicon.lazyre import lazy

#: lexicons whose words make a counted phrase an outcome
OUTCOME_LEXICONS = ("outcome_words", "metric_nouns", "vanity_metrics", "quality_metrics", "adopter_nouns")

_COUNT = lazy(
    r"(?<![\w$€£.,-])(?:\d[\d,]*(?:\.\d+[km]|[km])?(?![\d.])|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a dozen|dozen)(?=\s+[a-z])",
    re.I,
)
_PHRASE_END = lazy(
    r"\s(?:from|to|by|per|a|an|each|every|in|into|within|with|who|that|which|for|at|on|during|after|before|"
    r"so|while|until|up|down|this|next|over|across|of|and|or|than|vs|versus|as|via|through|is|are|was|were|"
    r"has|have|had|will|get|gets|got|out|off|like|such)\s|[,;:()\[\].!?]",
    re.I,
)
#: a length of time used as an adjective: what follows it is the thing ('1 month boot-camp'), not a deadline
_SPAN_OF_TIME = lazy(r"(?:day|week|month|hour|minute)[- ](?=[a-z][a-z-]+\b(?<!\bof)(?<!\bto))", re.I)
_UNIT_START = lazy(
    r"^(?:%|percent|pp|points?|x\b|times\b|ms|s\b|sec|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|"
    r"months?|quarters?|years?|k\b|m\b|bn\b|million|billion|thousand|usd|eur|gbp|stars?|nps)",
    re.I,
)
_WORD = lazy(r"[a-z][a-z'-]*")
#: '… from the wider community', '… by our users': what is counted is made by others
_BY_OTHERS = lazy(
    r"^\s*(?:\([^)]*\)\s*)?(?:from|by)\s+(?:the\s+|our\s+|new\s+|wider\s+|external\s+|outside\s+)*"
    r"(?:community|customers?|users?|partners?|members?|contributors?|developers?|clients?|visitors?|readers?)\b",
    re.I,
)
#: a count after these is the means or the time it takes ('confirmed by 8 interviews', 'in 3 sprints'), not the target
_MEANS_BEFORE = lazy(r"\b(?:by|through|via|using|after|in|within|over|during|across|per)\s+$", re.I)
_NUMBER_OF = lazy(r"\b(?:number|count|amount)\s+of\s+(.+)", re.I)
#: a number right after these is part of a name ('SOC 2', 'Type 2', 'tier 1', 'Fortune 500'), not a count
_LABEL_BEFORE = lazy(
    r"(?:\b(?-i:[A-Z]{2,}[A-Za-z]*)|\b(?:type|level|tier|phase|stage|step|version|release|grade|class|series|"
    r"fortune|top|number|no\.|p|sev|priority|iso|web|industry)|[#-])\s*$",
    re.I,
)
#: a phrase's trailing participles and gerunds are not its head ('deals won', 'customers signing in')
_PARTICIPLE_END = lazy(r"^(?:[a-z]+(?:ed|ing)|won|lost|kept|sold|made|done|built|run|held|sent|given|taken)$")
_FILLER = frozenset(
    "new more additional other further extra total remaining key major top high quality the our their "
    "its your my all".split()
)


def stem(word: str) -> str:
    """A word's rough stem for comparing nouns and verb forms: studies → study, keynotes → keynote."""
    w = word.lower().strip("'’")
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


@cache
def _stems_of(name: str) -> frozenset[str]:
    """Stems of every word of a lexicon's entries."""
    return frozenset(stem(w) for phrase in lexicon.words(name) for w in _WORD.findall(phrase.lower()))


@lru_cache(maxsize=1)
def _outcome_stems() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """Stems of single outcome words, and stemmed multi-word outcome phrases by their last word."""
    single: set[str] = set()
    multi: dict[str, set[tuple[str, ...]]] = {}
    for name in OUTCOME_LEXICONS:
        for phrase in lexicon.words(name):
            words = tuple(stem(w) for w in _WORD.findall(phrase.lower()))
            if len(words) == 1:
                single.add(words[0])
            elif words:
                multi.setdefault(words[-1], set()).add(words)
    return frozenset(single), {k: tuple(sorted(v)) for k, v in multi.items()}


def _names_outcome(phrase: str) -> bool:
    """True when the phrase's head (its last noun) names a result: a metric, adopters, or an outcome word.

    'customer workshops' counts workshops (output); 'paying customers' and 'deals won' count results."""
    words = [stem(w) for w in _WORD.findall(phrase.lower())]
    while len(words) > 1 and _PARTICIPLE_END.match(words[-1]):
        if _is_outcome(words[:-1]) or _is_outcome(words):
            return True
        words = words[:-1]
    return _is_outcome(words)


def _is_outcome(words: list[str]) -> bool:
    """True when the words end with an outcome word or phrase, or an outcome adjective qualifies the head
    ('paying teams', 'active accounts')."""
    if not words:
        return False
    single, multi = _outcome_stems()
    if any(w in single and re.search(r"(?:ing|ed|ive|ful)$", w) for w in words[:-1]):
        return True
    return words[-1] in single or any(tuple(words[-len(m) :]) == m for m in multi.get(words[-1], ()))


@dataclass(frozen=True)
class Counted:
    """The phrases a statement counts, whether any names an outcome, and whether any counts people or organisations."""

    phrases: tuple[str, ...]
    outcome: bool
    adopters: bool = False

    @property
    def output(self) -> str | None:
        """The counted phrase when every count is of the team's own work, else None."""
        return self.phrases[0] if self.phrases and not self.outcome else None


def counted(body: str, due_text: str | None = None) -> Counted:
    """The noun phrases after each count in the statement (windows, years and versions are not counts)."""
    return counted_in(numbers_free(body, due_text))


@lru_cache(maxsize=16384)
def counted_in(text: str) -> Counted:
    """counted() for a statement whose due date, windows, years and versions are already taken out."""
    phrases = []
    found: list[tuple[str, bool]] = []  # (phrase, made by others: '… from the community')
    starts = [m.group(1) for m in [_NUMBER_OF.search(text)] if m]  # 'the number of design reviews from 2 to 6'
    for m in _COUNT.finditer(text):
        rest = text[m.end() :].lstrip()
        before = text[: m.start()]
        if _LABEL_BEFORE.search(before) or _MEANS_BEFORE.search(before):
            continue
        if not _UNIT_START.match(rest):
            starts.append(rest)
        elif m2 := _SPAN_OF_TIME.match(rest):  # '1 month boot-camp', '2 day workshop': the event is counted
            starts.append(rest[m2.end() :])
    for rest in starts:
        padded = f" {rest} "
        head = _PHRASE_END.split(padded, maxsplit=1)[0]
        words = _clause_cut([w for w in _WORD.findall(head.lower()) if w not in _FILLER])
        if words:
            found.append((" ".join(words), bool(_BY_OTHERS.match(padded[len(head) :]))))
    phrases = tuple(p for p, _ in found)
    outcome = any(by_others or _names_outcome(p) for p, by_others in found)
    return Counted(phrases, outcome, any(by_others or _names_adopters(p) for p, by_others in found))


def _clause_cut(words: list[str]) -> list[str]:
    """The noun phrase without the clause a plural noun opens: 'customers using sso' → 'customers'
    (a singular modifier stays: 'customer onboarding calls')."""
    for i in range(len(words) - 1):
        if words[i] != stem(words[i]) and re.fullmatch(r"[a-z]+(?:ing|ed)", words[i + 1]):
            return words[: i + 1]
    return words


def _names_adopters(phrase: str) -> bool:
    """True when the phrase's head is people or organisations who buy, join or use ('paying accounts')."""
    words = [stem(w) for w in _WORD.findall(phrase.lower())]
    while len(words) > 1 and _PARTICIPLE_END.match(words[-1]):
        words = words[:-1]
    return bool(words) and words[-1] in _stems_of("adopter_nouns")


_CLAUSE_VERB = lazy(r"^\s*(?:are|is|were|was|have|has|had|will|get|gets|do|does|can|stay|remain)\b", re.I)
_SHARE_OF = lazy(r"\b(\d{1,3}(?:\.\d+)?)\s*%\s*(?:of\s+)?(?:the\s+|our\s+|all\s+)?([a-z][^,;:()]*)", re.I)


@lru_cache(maxsize=16384)
def share_of_own_work(body: str, verb: str, effort: bool = False) -> str | None:
    """'Schedule 95% of onboarding calls …' → 'onboarding calls': a share of the team's own tasks done, or None.

    Only for statements that open with the team's verb (given), and not for verbs that remove a problem
    ('resolve 100% of critical findings'); '… and have 40% of accounts log in' counts what others do. With an
    effort verb ('triage 80% of open bugs') the share is process work even when its items are a metric."""
    if verb.lower() in lexicon.words("removal_verbs"):
        return None
    m = _SHARE_OF.search(body)
    if not m or m.start() > 60:
        return None
    padded = f" {m.group(2)} "
    head = _PHRASE_END.split(padded, maxsplit=1)[0]
    words = [w for w in _WORD.findall(head.lower()) if w not in _FILLER]
    if not words or (not effort and _names_outcome(" ".join(words))) or _people_doing(words):
        return None
    if effort and _names_adopters(" ".join(words)):
        return None
    if _CLAUSE_VERB.match(padded[len(head) :]):
        return None  # '70% of salespeople are at quota': the share is the subject of what happens
    return " ".join(words)


def _people_doing(words: list[str]) -> bool:
    """True when adopters are followed by what they do ('accounts log in'), not by the team's work
    ('customer onboarding calls', whose head is an output noun)."""
    single, _ = _outcome_stems()
    return any(stem(w) in single for w in words[:-1]) and stem(words[-1]) not in _stems_of("output_nouns")


# ── the verb's object ─────────────────────────────────────────────────────────────────────
_SPAN_END = lazy(
    r"\s(?:from|to|by|per|a|an|each|every|in|within|with|who|that|which|for|at|on|during|after|"
    r"before|so|while|until|up|down|this|next|over)\s|[,;:(]|\s\d",
    re.I,
)
_SPAN_SKIP = lazy(r"^(?:the\s+)?(?:number|count|amount|volume|total)\s+of\s+", re.I)
_PARTICIPLE = lazy(
    r"\s+(?:published|completed|shipped|held|run|sent|written|closed|delivered|made|given|created|"
    r"launched|released|merged|conducted|attended|hosted|produced|posted|done|finished|logged)$",
    re.I,
)


def object_output(body: str) -> str | None:
    """The output noun (output_nouns) that heads the phrase after the statement's verb ('blog posts published')."""
    words = body.split(maxsplit=1)
    if len(words) < 2:
        return None
    rest = _SPAN_SKIP.sub("", " ".join(w for w in words[1].split() if not any(c.isdigit() for c in w)))
    span = _SPAN_END.split(f" {rest} ", maxsplit=1)[0].strip()
    span = _PARTICIPLE.sub("", span)
    found = find(span, "output_nouns")
    return found if found and span.lower().endswith(found.lower()) else None
