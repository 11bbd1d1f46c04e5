"""CSV exports of OKR tools and spreadsheets → teams' drafts (separators, encodings and column names sniffed)."""

from __future__ import annotations

from pathlib import Path

from okrkit.errors import LoadError
from okrkit.read.csv.reader import DELIMITERS, CsvReader, decode, read_bytes
from okrkit.read.csv.rows import Assembler
from okrkit.read.drafts import ImportResult


def parse_csv(text: str, source: str | None = None) -> ImportResult:
    """Drafts from CSV text (any of , ; tab | as separator; a header row naming the columns)."""
    text = text.lstrip("\ufeff")
    reader = CsvReader(text, source)
    try:
        drafts = Assembler(reader, reader.read()).run()
    except LoadError as exc:
        if exc.file is None and source:
            raise LoadError(exc.problem, file=source, line=exc.line, field=exc.field, hint=exc.hint) from None
        raise
    return ImportResult(drafts, reader.notes, source=source)


def read_csv(path: str | Path) -> ImportResult:
    """Drafts from a CSV export file (UTF-8 with or without BOM, UTF-16, or Windows-1252)."""
    p = Path(path)
    text, note = decode(read_bytes(p), str(path))
    result = parse_csv(text, str(path))
    if note:
        result.warnings.insert(0, note)
    return result


__all__ = ["DELIMITERS", "decode", "parse_csv", "read_bytes", "read_csv"]
