"""The parser's number vocabulary: number words, scales, units, currency prefixes and time factors."""

from __future__ import annotations

import re
from collections.abc import Iterable

from okrkit import lexicon
from okrkit.read.keyresult.words import split_words


def alt(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, inner spaces flexible."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in sorted(words, key=len, reverse=True))


def trie_alt(words: Iterable[str]) -> str:
    """alt() written as a trie ("d(?:ay(?:s)?|ollar(?:s)?)"): the same matches, tried faster.

    For the unit words tried after every number; building it costs a little at import.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}
    return _trie(trie)


def _trie(node: dict) -> str:
    """The regex for one trie node: every longer continuation before stopping here."""
    # a space (any run of spaces, or none) is tried last: "percent points" before "per cent"
    keys = sorted((c for c in node if c), key=lambda c: (c == " ", c))
    parts = [(r"\s*" if c == " " else re.escape(c)) + _trie(node[c]) for c in keys]
    if not parts:
        return ""
    body = "|".join(parts)
    if "" in node:
        return f"(?:{body})?"
    return body if len(parts) == 1 else f"(?:{body})"


def _number_words(data: dict) -> dict[str, float]:
    """Number word or phrase → value: zero … ninety-nine, and a few more (dozen, a hundred)."""
    ones = split_words(data["ones"])
    tens = {str(w): float(v) for w, v in data["tens"].items()}
    words = {w: float(i) for i, w in enumerate(ones)}
    words.update(tens)
    for t, tv in tens.items():
        for i, o in enumerate(ones[1:10], 1):
            words[f"{t}-{o}"] = words[f"{t} {o}"] = tv + i
    words.update({str(w): float(v) for w, v in data["other"].items()})
    return words


def _units() -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    """Unit words, currency prefixes and seconds per time unit from lexicon/units.yaml."""
    data = lexicon.load("units")
    units = {" ".join(str(k).lower().split()): str(v) for k, v in data["units"].items()}
    currency = {str(k).lower(): str(v) for k, v in data["currency_prefixes"].items()}
    seconds = {str(k): float(v) for k, v in data["seconds_per_unit"].items()}
    return units, currency, seconds


_DATA = lexicon.load("parser_numbers")
NUMBER_WORDS: dict[str, float] = _number_words(_DATA)
SCALES: dict[str, float] = {str(k): float(v) for k, v in _DATA["scales"].items()}
UNITS, CURRENCY, SECONDS_PER_UNIT = _units()

IDIOM_VERBS: list[str] = [str(p) for p in _DATA["idioms"]["verbs"]]  # "double down": not "double"
IDIOM_PHRASES: list[str] = [str(p) for p in _DATA["idioms"]["phrases"]]  # "one by one": not a number

NUMBER_WORDS_RE = alt(w for w in NUMBER_WORDS if w != "zero") + "|zero"
SCALES_RE = alt(SCALES)
CURRENCY_RE = alt(CURRENCY)
CURRENCY_SIGNS = "".join(c for c in CURRENCY if len(c) == 1 and not c.isalpha())  # "$€£¥"
CURRENCY_WORDS = {m.group() for c in CURRENCY if (m := re.match("[a-z]+", c))}  # "usd", "us" (of "us$") …


def unit_of(word: str) -> str | None:
    """The normalised unit a unit word stands for ("secs" → "seconds"), or None."""
    return UNITS.get(" ".join(word.split()) if " " in word else word)
