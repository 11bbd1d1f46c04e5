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


def _package_patterns() -> list[tuple[str, int]]:
    """Every lazily compiled pattern of the key-result parser and the checker, and the lexicons' patterns."""
    import importlib
    import pkgutil

    import okrkit.check
    import okrkit.read.keyresult
    from okrkit import lexicon
    from okrkit.lexicon.lazyre import LazyPattern

    found = []
    for package in (okrkit.read.keyresult, okrkit.check):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found += [v._source for v in vars(module).values() if isinstance(v, LazyPattern)]
    found += [(lexicon.pattern(n).pattern, lexicon.pattern(n).flags & ~re.U) for n in ("pay_words", "hedges")]
    return sorted(set(found))


def test_patterns_rebuilt_from_the_store_equal_re_compile(tmp_path, monkeypatch):
    from okrkit.lexicon import lazyre

    monkeypatch.setattr(lazyre, "_STORE_PATH", str(tmp_path / "regex.marshal"))
    monkeypatch.setattr(lazyre, "_stored", None)
    monkeypatch.setattr(lazyre, "_new", {})
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    sources = _package_patterns()
    assert len(sources) > 60
    for source in sources:
        lazyre.compile_stored(*source)
    assert set(lazyre._new) == {(p, int(f)) for p, f in sources}
    lazyre._write()
    monkeypatch.setattr(lazyre, "_stored", None)
    monkeypatch.setattr(lazyre, "_new", {})
    for pattern, flags in sources:
        rebuilt = lazyre.compile_stored(pattern, flags)
        assert rebuilt == re.compile(pattern, flags)  # same flags and engine code
        assert rebuilt.groupindex == re.compile(pattern, flags).groupindex
    assert lazyre._new == {}  # every one came from the store


def test_a_store_from_another_interpreter_is_ignored(tmp_path, monkeypatch):
    import marshal

    from okrkit.lexicon import lazyre

    store = tmp_path / "regex.marshal"
    bogus = {(r"\d+", 0): (0, [1, 2, 3], 0, {}, (None,))}  # code that would be wrong
    store.write_bytes(marshal.dumps((("another python", 0, 0), bogus)))
    monkeypatch.setattr(lazyre, "_STORE_PATH", str(store))
    monkeypatch.setattr(lazyre, "_stored", None)
    monkeypatch.setattr(lazyre, "_new", {})
    assert lazyre.compile_stored(r"\d+").findall("a 12 b 3") == ["12", "3"]
