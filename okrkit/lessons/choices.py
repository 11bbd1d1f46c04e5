"""Reading a choice answer: the exact label, a listed paraphrase, or the one choice the answer plainly names.

The choices and their paraphrases are data (the 'labels:' of an exercise's YAML). An answer matches a
choice when, ignoring case, spacing and punctuation, it is the choice or one of its paraphrases, or when
its content words hold all the content words of exactly one choice's phrases ('build in slack' holds
'slack'). Otherwise the closest choice by word overlap and spelling (difflib) is offered as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Words that carry no choice on their own: articles, pronouns and the verbs people put before a choice.
_FILLER = frozenset(
    "a an the it its it's my our your their to and of in on with some more be is are i we you would should "
    "make build keep do add leave put have take go choose pick answer say".split()
)


def norm(text: object) -> str:
    """An answer as compared: lower case, single spaces, no punctuation."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def _stems(text: str) -> frozenset[str]:
    """Content words cut to five letters: 'make goals fuzzier' → {'goals', 'fuzzi'}."""
    return frozenset(w[:5] for w in norm(text).split() if w not in _FILLER)


@dataclass(frozen=True)
class Choice:
    """How an answer was read: the choice it names (or None) and, when unsure, the closest choice."""

    label: str | None
    closest: str | None = None


def match_choice(answer: object, labels: Mapping[str, Sequence[str]]) -> Choice:
    """The choice an answer names: exact, a paraphrase, or the only choice whose words it holds."""
    given = norm(answer)
    if not given:
        return Choice(None)
    phrases = {label: [label, *(words or [])] for label, words in labels.items()}
    for label, options in phrases.items():
        if given in {norm(p) for p in options}:
            return Choice(label)
    words = _stems(given)
    holding = {label for label, options in phrases.items() for p in options if (s := _stems(p)) and s <= words}
    if len(holding) == 1:
        return Choice(holding.pop())
    best, best_score = None, 0.0
    for label, options in phrases.items():
        for p in options:
            s = _stems(p)
            overlap = len(s & words) / len(s | words) if s | words else 0.0
            spelling = difflib.SequenceMatcher(None, norm(p), given).ratio()
            score = max(overlap, spelling)
            if score > best_score:
                best, best_score = label, score
    return Choice(None, best if best_score >= 0.5 else None)
