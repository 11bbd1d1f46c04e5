"""Reading: OKR sets from YAML, JSON or a plain-text outline (with located errors), teams' drafts from CSV
exports, folders and pasted text, key-result statements parsed into fields; and writing sets back as YAML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrkit.errors import LoadError
from okrkit.files import MAX_BYTES, read_limited
from okrkit.model import OKRSet
from okrkit.read.builder import Builder
from okrkit.read.located import read_yaml
from okrkit.read.outline import looks_like_yaml, parse_outline
from okrkit.read.periods import parse_period
from okrkit.read.writing import dumps, to_dict


def loads(text: str, *, source: str | None = None, ref: date | None = None, format: str | None = None) -> OKRSet:
    """An OKRSet from YAML text, a bare list of objectives, or a plain-text outline."""
    if not isinstance(text, str):
        raise LoadError(
            f"expected text, got {type(text).__name__}",
            file=source,
            hint="pass the file's contents as a string, or use okrkit.load(path)",
        )
    if len(text) > MAX_BYTES:
        raise LoadError(
            f"input is {len(text):,} characters; the limit is {MAX_BYTES:,}",
            file=source,
            hint="split the file, or check that this is really an OKR file",
        )
    text = text.lstrip("\ufeff")
    if format is None:
        format = "yaml" if looks_like_yaml(text) else "auto"
    if format == "outline":
        return parse_outline(text, source, ref)
    if format == "auto":
        try:
            doc = read_yaml(text, source)
        except LoadError:
            return parse_outline(text, source, ref)
        structured = isinstance(doc.data, dict) or (
            isinstance(doc.data, list) and doc.data and all(isinstance(x, dict) for x in doc.data)
        )
        if not structured:
            return parse_outline(text, source, ref)
    else:
        doc = read_yaml(text, source)
    if doc.data is None:
        raise LoadError(
            "the file is empty", file=source, line=1, hint="start with 'objectives:' followed by a list of objectives"
        )
    return Builder(doc, source, ref).build_set(doc.data)


def load(path: str | Path) -> OKRSet:
    """An OKRSet from a .yaml/.yml/.json file or a .txt/.md outline."""
    p = Path(path)
    raw = read_limited(p)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            "the file is not UTF-8 text",
            file=str(path),
            line=line,
            hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
        ) from None
    suffix = p.suffix.lower()
    fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "yaml", ".txt": "outline", ".md": "outline"}.get(suffix)
    if fmt == "outline" and looks_like_yaml(text):
        fmt = "yaml"
    return loads(text, source=str(path), format=fmt)


__all__ = ["MAX_BYTES", "dumps", "load", "loads", "parse_period", "read_limited", "to_dict"]
