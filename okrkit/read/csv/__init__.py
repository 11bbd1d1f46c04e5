"""CSV exports of OKR tools and spreadsheets → teams' drafts (separators, encodings and column names sniffed)."""

from __future__ import annotations

from pathlib import Path

from okrkit.errors import LoadError
from okrkit.model import Note, OKRSet
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


def csv_set(text: str, source: str | None = None) -> OKRSet:
    """One OKR set from CSV text (okrkit.load on a .csv file); its import notes become the set's notes."""
    result = parse_csv(text, source)
    if not result.drafts:
        reader = CsvReader(text.lstrip("\ufeff"), source)
        reader.read()
        raise LoadError(
            "the CSV has a header but no objective or key result rows",
            file=source,
            line=reader.header.line,
            hint=f"add the line '{reader.example_row()}' below line {reader.header.line}",
        )
    if len(result.drafts) > 1:
        teams = ", ".join(d.team for d in result.drafts)
        raise LoadError(
            f"the CSV holds {len(result.drafts)} teams' sets ({teams}); one set is read at a time",
            file=source,
            hint="check every team at once with `okrkit board FILE --out board.html`, or keep one team's rows in the "
            "file (in Python, okrkit.read.importers.read_csv(path) reads each team's set)",
        )
    draft = result.drafts[0]
    okrs = draft.okrs
    for (oi, ki), owner in draft.owners.items():
        target = okrs.objectives[oi] if ki == -1 else okrs.objectives[oi].key_results[ki]
        target.owner = target.owner or owner
    okrs.notes = [
        Note(n.message, n.file, n.line, n.column) for n in result.warnings if "no team column" not in n.message
    ]
    return okrs


__all__ = ["DELIMITERS", "csv_set", "decode", "parse_csv", "read_bytes", "read_csv"]
