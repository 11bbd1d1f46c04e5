"""OKR2xx: rules about one objective."""

from __future__ import annotations

import re
from functools import cache

from okrkit import lexicon
from okrkit.check.facts import WORD, find, generic_words, opens_with, strip_lead
from okrkit.check.registry import Context, check
from okrkit.lexicon.lazyre import lazy
from okrkit.model import Objective

_DATES = lazy(
    r"\b[A-Za-z]+\d+[A-Za-z]+\b|\b[A-Za-z]\d\b|\b(?:19|20)\d\d\b|\bQ[1-4]\b|\bH[12]\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d+(?:st|nd|rd|th)\b",
    re.I,
)
_METRIC_NUMBER = lazy(
    r"\d[\d,.]*\s*(?:%|percent\b|x\b|pp\b)|[$€£]\s*\d|\d[\d,.]*\s*(?:k|m|bn|million|billion)\b|"
    r"\bfrom\s+[$€£]?\d[\d,.]*\s*\S*\s+to\s+[$€£]?\d+(?:[.,]\d+)*(?:\s*(?:%|[kmb]n?\b|x\b))?"
    r"|\b(?:double|triple|halve)\b",
    re.I,
)
_ANY_NUMBER = lazy(r"\d[\d,.]*")


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
    effort = opens_with(obj.objective, "effort_verbs")
    verb = opens_with(obj.objective, "task_verbs") or effort
    if not verb:
        return None
    counted = _ANY_NUMBER.search(_DATES.sub(" ", obj.objective)) or re.search(
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen)\b", obj.objective, re.I
    )
    # a purpose clause turns a task into an aim ('Rebuild checkout so that …'), not an effort ('Continue efforts to …')
    purpose = find(obj.objective, "outcome_clauses") and not effort
    if counted or (not find(obj.objective, "aim_words") and not purpose):
        return {"verb": verb}
    return None


@check("OKR203", "objective")
def vague_objective(obj: Objective, ctx: Context):
    """Made only of general words, or two words with one that says little."""
    return {} if _too_general(strip_lead(obj.objective).lower()) else None


def _too_general(body: str) -> bool:
    """Made only of general words, or two words with one that says little (OKR203's test)."""
    words = WORD.findall(body)
    content = [w for w in words if w not in generic_words() and len(w) > 2]
    return not words or not content or (len(words) <= 2 and len(content) <= 1 and not find(body, "aim_words"))


_TOKENS = lazy(r"[a-z0-9][a-z0-9'’-]*|[&+]")


@check("OKR205", "objective")
def objective_is_a_platitude(obj: Objective, ctx: Context):
    """A generic change verb and abstract qualities, with nothing that says who, what product or why."""
    body = strip_lead(obj.objective).lower()
    verb = opens_with(body, "change_verbs")
    if not verb or _too_general(body):
        return None  # OKR203 already says 'too general' when every word is
    rest = [w for w in _TOKENS.findall(body)[len(verb.split()) :] if w not in "&+"]
    qualities, qualifiers = _words("quality_nouns"), _words("generic_qualifiers")
    named = [w for w in rest if w in qualities]
    if not named or any(w not in qualities and w not in qualifiers for w in rest):
        return None  # one specific word (a product, a customer group, a purpose) is enough
    return {"verb": verb, "qualities": " and ".join(dict.fromkeys(named))}


_EXISTENTIAL = lazy(r"^there\s+(?:is|are|will\s+be|exists?|'s)\b", re.I)


@cache
def _done_state() -> re.Pattern:
    """'<subject> is/are <done-state>': 'The index is live', 'SSO is in place', 'The policy is signed off'."""
    states = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lexicon.words("done_states"))
    return re.compile(rf"\b(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|fully\s+|all\s+)?(?:{states})(?![\w-])", re.I)


@check("OKR206", "objective")
def objective_is_a_state(obj: Objective, ctx: Context):
    """A fact or a finished condition ('There is …', '… is live') rather than an aim."""
    body = strip_lead(obj.objective)
    first = WORD.match(body.lower())
    if not first or (first.group() != "there" and first.group() in _verbs()):
        return None  # an imperative ('Make sure the policy is signed') is OKR202's business
    state = _EXISTENTIAL.match(body) or _done_state().search(body)
    if not state:
        return None
    aim = find(body, "aim_words")
    if (aim and not aim.startswith("for ")) or find(body, "outcome_clauses"):
        return None  # a quality or a beneficiary ('Onboarding is effortless', 'so shoppers can pay'): an aim
    return {"state": " ".join(state.group(0).split())}


@cache
def _words(name: str) -> frozenset[str]:
    """A lexicon's single words (phrases split into words)."""
    return frozenset(w for phrase in lexicon.words(name) for w in phrase.split())


_DETERMINERS = frozenset("the a an our their its my your every".split())
_NOUN_MARKERS = _DETERMINERS | frozenset("of for in on with".split())
_FUNCTION_WORDS = _NOUN_MARKERS | frozenset("to up out down off and or by at as from into".split())
_LABEL_LINKS = frozenset("of for and or".split())  # what follows a plural noun inside a label ('plans for 2027')
_TOPIC_MAX_WORDS = 6  # longer verbless statements are usually aims written as noun phrases


@check("OKR204", "objective")
def objective_is_a_topic(obj: Objective, ctx: Context):
    """A short label with no verb and no aim: a topic or a project name, not an objective."""
    body = strip_lead(obj.objective)
    words = WORD.findall(body.lower())
    if not words or len(words) > _TOPIC_MAX_WORDS or find(body, "aim_words") or opens_with(body, "statement_openers"):
        return None  # 'Fewer …', 'Nobody …': a comparative aim or a negated subject is a statement, not a label
    if _has_finite_verb(words, body):
        return None
    verbs = _verbs()
    for prev, w in zip(["", *words], words):
        if prev in _NOUN_MARKERS or w in _FUNCTION_WORDS:
            continue  # 'continuity of process': after 'of', 'process' is a noun
        if w in verbs or (w.endswith(("ing", "ed")) and prev):
            return None  # a verb, or a participle after another word ('customers served'); 'Pricing …' is a noun
    return {}


def _has_finite_verb(words: list[str], body: str) -> bool:
    """A word that can only be a verb where it stands: before a determiner, or a subject's '-s' verb."""
    subject_led = words[0] in _DETERMINERS  # 'The team …', 'My manager …': a subject opens the statement
    named = {w.lower() for w in re.findall(r"\b[A-Z]\b", body[1:])}  # 'Series A', 'Plan B': a name, not 'a'
    for i, (w, nxt) in enumerate(zip(words, words[1:])):
        if w not in _FUNCTION_WORDS and nxt in _DETERMINERS - named:
            return True  # 'Grasp our …', 'nobody sends an …': a label's noun is not followed by 'our' or 'an'
        if re.fullmatch(r"[a-z]+[^s]s", w):
            if nxt not in _FUNCTION_WORDS:
                return True  # 'emails arrive', 'onboarding takes minutes': a subject and its verb, however rare
            if subject_led and i >= 2 and nxt not in _LABEL_LINKS:
                return True  # 'My manager relies on …' (but 'Our pricing plans for …' stays a label)
    return False


@cache
def _verbs() -> frozenset[str]:
    """Every verb form the lexicons know: work, effort, task, keep and everyday verbs, and the parser's verbs."""
    found: set[str] = set()
    for name in (
        "activity_verbs",
        "deliverable_verbs",
        "task_verbs",
        "effort_verbs",
        "keep_verbs",
        "achievement_verbs",
        "common_verbs",
    ):
        for phrase in lexicon.words(name):
            found.update(phrase.split())
    parser = lexicon.load("parser_verbs")  # the parser's verb classes, phrasal verbs and irregular forms
    _collect([parser["classes"], parser["phrasal"], list(parser["irregular"]), parser["irregular"]], found)
    return frozenset(found)


def _collect(data: object, found: set[str]) -> None:
    """Every word in a nested lexicon structure."""
    if isinstance(data, dict):
        for value in data.values():
            _collect(value, found)
    elif isinstance(data, list):
        for value in data:
            _collect(value, found)
    elif isinstance(data, str):
        found.update(data.lower().split())
