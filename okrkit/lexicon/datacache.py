"""Package YAML data (lexicons, the rule catalogue) read through a marshal copy, as Python keeps .pyc files.

Parsing the ~40 YAML files every command reads costs ~9 ms of each start-up; unmarshalling a copy costs well
under 1 ms. The copy sits in ``__pycache__`` beside the YAML file and carries the YAML bytes it was made from,
compared whole on every read, so an edited file is parsed again (never a stale list); it is written only when Python may write bytecode there
(``sys.dont_write_bytecode``) and silently skipped when the folder is read-only or the data is not plain."""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VERSION = 1  # bump when the copy's layout changes


def cache_path(path: str) -> str:
    """Where the marshal copy of a YAML file lives."""
    folder, name = os.path.split(path)
    return os.path.join(folder, "__pycache__", f"{name}.okrkit-{_VERSION}.marshal")


def load_yaml(path: str) -> Any:
    """The YAML file's data: from its marshal copy when that was made from these exact bytes, else parsed."""
    with open(path, "rb") as f:
        raw = f.read()
    source = raw  # the bytes themselves, compared whole: exact, and hashlib would cost ~2 ms to import
    copy = cache_path(path)
    try:
        with open(copy, "rb") as f:
            stamp, data = marshal.loads(f.read())
        if stamp == source:
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no copy yet, or an unreadable one: parse the YAML
    data = yaml.load(raw.decode("utf-8"), Loader=_Loader)  # noqa: S506 (CSafeLoader/SafeLoader)
    if not sys.dont_write_bytecode:
        _write(copy, source, data)
    return data


def _write(copy: str, source: bytes, data: Any) -> None:
    """Write the marshal copy atomically; skip it when the data has types marshal keeps differently or the
    folder is not writable."""
    try:
        blob = marshal.dumps((source, data))
        if marshal.loads(blob) != (source, data):
            return
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        tmp = f"{copy}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, copy)
    except (OSError, ValueError):
        return
