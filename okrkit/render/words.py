"""Small grammar for composed text: 'a' or 'an' before a word, and how a choice's name is written."""

from __future__ import annotations

import re

#: Short names written in capitals wherever the kit shows them ('kpi' → 'KPI').
ACRONYMS = frozenset({"kpi", "kpis", "okr", "okrs", "kr", "krs", "nps", "csat", "yaml", "csv"})
# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|uti|eu|one\b|once\b|ur[aeiou])", re.I)
_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)
_LETTER_VOWEL_SOUND = set("aefhilmnorsx")  # letters said with a leading vowel: 'an F', 'an NPS'


def display(word: str) -> str:
    """A choice or label as people write it: acronyms in capitals ('kpi' → 'KPI'), the rest unchanged."""
    return " ".join(w.upper() if w.lower() in ACRONYMS else w for w in str(word).split(" "))


def article(word: str) -> str:
    """'a' or 'an' for the word that follows: 'an output', 'a KPI', 'an OKR', 'a user', 'an hour'."""
    w = display(str(word).strip()).lstrip("'\"(‘“")
    if not w:
        return "a"
    first = w.split()[0]
    if first.isupper() and len(first) > 1 and first.isalpha():  # read letter by letter: 'an OKR', 'a KPI'
        return "an" if first[0].lower() in _LETTER_VOWEL_SOUND else "a"
    if _VOWEL_SOUND.match(w):
        return "an"
    if _CONSONANT_SOUND.match(w):
        return "a"
    return "an" if w[0].lower() in "aeiou" else "a"


def with_article(word: str) -> str:
    """The word with its article and display form: 'an output', 'a KPI'."""
    shown = display(word)
    return f"{article(shown)} {shown}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: '1 student', '2 students', '0 students'."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
