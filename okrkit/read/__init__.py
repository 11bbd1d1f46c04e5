"""Reading: OKR sets from YAML, JSON, a plain-text or markdown outline, or a CSV export (with located errors
and notes on what was guessed), teams' drafts from CSV exports, folders and pasted text, key-result statements
parsed into fields; and writing sets back as YAML (and as outline, markdown or CSV)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrkit import collector
from okrkit.errors import LoadError
from okrkit.files import MAX_BYTES, read_limited
from okrkit.model import Note, OKRSet
from okrkit.read.builder import Builder, kind_name
from okrkit.read.csv import csv_set
from okrkit.read.located import read_yaml
from okrkit.read.outline import parse_outline
from okrkit.read.periods import parse_period
from okrkit.read.sniff import looks_like_yaml, reader_for, reader_for_text
from okrkit.read.writing import dumps, to_dict

FORMATS = ("yaml", "outline", "csv")
MINIMAL_YAML = (
    "write this minimal file, one line each: 'objectives:', '  - objective: Delight new users', '    key_results:', "
    "'      - Raise activation from 40% to 55% by 2026-09-30' (then your own objective and key results in their place)"
)


def loads(text: str, *, source: str | None = None, ref: date | None = None, format: str | None = None) -> OKRSet:
    """An OKRSet from YAML/JSON text, a bare list of objectives, an outline or CSV (format=None: by its shape)."""
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
    if format is None or format == "auto":
        format = reader_for_text(text)
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    if format == "outline":
        return parse_outline(text, source, ref)
    if format == "csv":
        return csv_set(text, source)
    # a large document makes many objects and hardly any garbage: the cycle collector's passes over it found
    # nothing to free and cost ~15% of loading 10,000 key results, so it pauses (as in lint(); left as found)
    with collector.paused(len(text) > _GC_PAUSE_FROM):
        return _load_yaml(text, source, ref)


_GC_PAUSE_FROM = 100_000  # characters of YAML; a class's files are far smaller


def _load_yaml(text: str, source: str | None, ref: date | None) -> OKRSet:
    """An OKRSet from YAML or JSON text."""
    doc = read_yaml(text, source)
    if doc.data is None:
        raise LoadError("the file is empty", file=source, line=1, hint=MINIMAL_YAML)
    if not isinstance(doc.data, (dict, list)):  # one value: make it the objective
        line = doc.line(()) or 1
        written = doc.source_line(line).strip()
        raise LoadError(
            "this is one line of text, not an OKR set"
            if isinstance(doc.data, str)
            else f"expected an OKR set, got {kind_name(doc.data)}",
            file=source,
            line=line,
            hint=f"replace '{written}' with 'objective: {written}', then add its key results below as "
            "'key_results:' with one '- ' line each",
        )
    return Builder(doc, source, ref).build_set(doc.data)


def load(path: str | Path, *, ref: date | None = None) -> OKRSet:
    """An OKRSet from a file; its extension picks the reader (.yaml/.yml/.json, .csv/.tsv, .txt/.md)."""
    p = Path(path)
    raw = read_limited(p)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if reader_for(p) == "csv":  # spreadsheets export cp1252 and UTF-16; the CSV reader decodes those
            from okrkit.read.csv import decode

            text, _ = decode(raw, str(path))
        else:
            line = raw[: exc.start].count(b"\n") + 1
            raise LoadError(
                "the file is not UTF-8 text",
                file=str(path),
                line=line,
                hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
            ) from None
    fmt = reader_for(p)
    if fmt == "outline" and looks_like_yaml(text):
        okrs = loads(text, source=str(path), ref=ref, format="yaml")
        okrs.notes.insert(0, Note(f"read as YAML (it uses the format's keys); name it {p.stem}.yaml", str(path), 1))
        return okrs
    return loads(text, source=str(path), ref=ref, format=fmt)


__all__ = ["FORMATS", "MAX_BYTES", "dumps", "load", "loads", "parse_period", "read_limited", "to_dict"]
