"""Word lists the rules read, kept as YAML data; compiled once into regular expressions."""

from __future__ import annotations

import os
import re
from functools import cache

from okrkit.lexicon.datacache import load_yaml

# the package's own folder, read with plain file calls: importlib.resources costs ~12 ms of start-up (it imports
# tempfile, shutil and zipfile) for a package that is always installed as files
HERE = os.path.dirname(os.path.abspath(__file__))


@cache
def load(name: str) -> dict:
    """The lexicon file okrkit/lexicon/<name>.yaml as data."""
    return load_yaml(os.path.join(HERE, f"{name}.yaml"))


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
    return sorted(n[:-5] for n in os.listdir(HERE) if n.endswith(".yaml"))
