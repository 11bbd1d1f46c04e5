"""Words: the tokeniser the passes share and the reading of space-separated lexicon entries."""

from __future__ import annotations

from okrkit.lexicon.lazyre import lazy

TOKEN = lazy(r"[a-z]+|\d+")  # a word or a run of digits, in lowercased text
Token = tuple[str, int]  # a word and where it starts


def split_words(text: str) -> list[str]:
    """A lexicon entry written as space-separated words, as a list."""
    return str(text).split()
