"""A lazily compiled pattern answers exactly as the compiled one, and compiles only when first used."""

from __future__ import annotations

import re

from okrkit.lexicon.lazyre import lazy


def test_not_compiled_until_used_then_same_answers():
    source = r"(?<![\w-])\d[\d,.]*[kKmM%]?(?![\w-])"
    pattern = lazy(source, re.I)
    assert "_compiled" not in pattern.__dict__
    text = "Grow from 1.2k to 3,400 users, not two-year 5-day plans, by 15%"
    compiled = re.compile(source, re.I)
    assert pattern.findall(text) == compiled.findall(text) == ["1.2k", "3,400", "15%"]
    assert "_compiled" in pattern.__dict__
    assert pattern.sub("#", text) == compiled.sub("#", text)
    assert pattern.search(text, 20).span() == compiled.search(text, 20).span()
    assert pattern.pattern == source and pattern.flags == compiled.flags
