"""Word lists the rules read, kept as YAML data; compiled once into regular expressions."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict:
    """The lexicon file okrkit/lexicon/<name>.yaml as data."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)


@cache
def words(name: str) -> tuple[str, ...]:
    """The lexicon's words and phrases, lowercased, longest first."""
    items = {str(w).strip().lower() for w in load(name).get("words", [])}
    return tuple(sorted(items, key=lambda w: (-len(w), w)))


@cache
def pattern(name: str) -> re.Pattern:
    """One regex matching any of the lexicon's words or phrases as whole words."""
    data = load(name)
    if "patterns" in data:
        return re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.I)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in words(name))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


def names() -> list[str]:
    """Every lexicon's name."""
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".yaml"))
