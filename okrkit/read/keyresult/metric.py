"""The metric phrase: what is left of the statement once verbs, numbers and dates are removed."""

from __future__ import annotations

from okrkit import lexicon
from okrkit.lexicon.lazyre import lazy
from okrkit.read.keyresult.quantities import COMPARISON
from okrkit.read.keyresult.words import split_words

_DATA = lexicon.load("parser_metric_words")
METRIC_NOUNS = frozenset(split_words(_DATA["nouns"]))
LEAD_JUNK = frozenset(split_words(_DATA["lead_junk"]))
_TRAIL_JUNK = frozenset(split_words(_DATA["trail_junk"]))

_CMP_PHRASE = lazy(rf"\b(?:{COMPARISON})\b")
_PUNCT = ".!?\"'`“”‘’*_,-–—/&+"
_CMP_HINT = lazy(r"last|prev|prior|past|over|yoy|qoq|mom|wow")
_METRIC_SEP = lazy(r"[;:(\[,\-–—]")
_PER_PERIOD = lazy(r"\ba (day|week|month|quarter|year)\b")


def metric(low: str, r0: int, r1: int, spans: list[tuple[int, int]]) -> str:
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
        if w and w not in LEAD_JUNK:
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
