"""Verbs: each verb form's class (increase, decrease, keep, deliver …) and the statement's main verb."""

from __future__ import annotations

from okrkit import lexicon
from okrkit.read.keyresult.words import TOKEN, split_words

Verb = tuple[str, str, int, int]  # a verb found in the text: (class, base form, start, end)

_DATA = lexicon.load("parser_verbs")
_IRREGULAR: dict[str, list[str]] = {str(k): split_words(v) for k, v in _DATA["irregular"].items()}

CLASS_VERBS: dict[str, tuple[str, ...]] = {str(c): tuple(split_words(w)) for c, w in _DATA["classes"].items()}
CHANGE = frozenset(("inc", "dec", "dinc", "ddec"))  # classes that change a number
MODALS = frozenset(split_words(_DATA["modals"]))
RELATIVE_VERBS: dict[str, float] = {str(k): float(v) for k, v in _DATA["relative_change"].items()}
PURPOSE = set(split_words(_DATA["purpose"]))
NOT_PURPOSE_AFTER = set(split_words(_DATA["not_purpose_after"]))


def forms(base: str) -> set[str]:
    """Inflected forms of an English verb (increase → increases, increasing, increased)."""
    out = {base}
    out.update(_IRREGULAR.get(base, ()))
    if base.endswith("e"):
        out |= {base + "s", base[:-1] + "ing", base + "d"}
    elif base.endswith(("sh", "ch", "x", "ss")):
        out |= {base + "es", base + "ing", base + "ed"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        out |= {base[:-1] + "ies", base + "ing", base[:-1] + "ied"}
    elif (
        len(base) <= 4
        and len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
        and base not in ("open", "book", "host", "pilot")
    ):
        out |= {base + "s", base + base[-1] + "ing", base + base[-1] + "ed"}
    else:
        out |= {base + "s", base + "ing", base + "ed"}
    return out


def _verb_tables() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    """Every form → (class, base), and every (form, particle) of a phrasal verb → (class, base)."""
    verbs: dict[str, tuple[str, str]] = {}
    for cls, bases in CLASS_VERBS.items():
        for base in bases:
            for f in forms(base):
                verbs.setdefault(f, (cls, base))
    phrases: dict[tuple[str, str], tuple[str, str]] = {}
    for cls, pairs in _DATA["phrasal"].items():
        for pair in pairs:
            v, p = str(pair).split()
            for f in forms(v):
                phrases[(f, p)] = (str(cls), v)
    return verbs, phrases


VERBS, _PHRASE_VERBS = _verb_tables()
_PHRASE_FIRST = {k[0] for k in _PHRASE_VERBS}


def verb_at(low: str, w: str, a: int, b: int) -> Verb | None:
    """The verb (or verb + particle) starting at word w, as (class, base, start, end)."""
    if low[b : b + 1] == "-" or low[a - 1 : a] == "-":
        return None  # part of a hyphenated word ("sign-up", "drop-off")
    if w in _PHRASE_FIRST and low[b : b + 1] == " ":
        nm = TOKEN.match(low, b + 1)
        hit = _PHRASE_VERBS.get((w, nm.group())) if nm else None
        if hit:
            return hit[0], hit[1], a, nm.end()
    hit = VERBS.get(w)
    return (hit[0], hit[1], a, b) if hit else None
