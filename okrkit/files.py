"""Files in and out: the one size-limited reader (read_capped), the one atomic writer (temp file + rename) and
CSV text whose cells a spreadsheet will not run as formulas (csv_text)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from okrkit.errors import LoadError

MAX_BYTES = 5_000_000  # larger inputs are refused


class RefusedFile(Exception):
    """A file read_capped would not read; kind says why: 'unreadable', 'not_a_file', 'too_large' or 'empty'."""

    def __init__(self, kind: str, *, size: int | None = None, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.size, self.detail = kind, size, detail


def read_capped(path: str | Path, max_bytes: int, *, allow_empty: bool = True) -> bytes:
    """A regular file's bytes, never more than max_bytes (RefusedFile otherwise; FIFOs and devices are refused)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise RefusedFile("unreadable", detail=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise RefusedFile("not_a_file")
    if st.st_size > max_bytes:
        raise RefusedFile("too_large", size=st.st_size)
    if st.st_size == 0 and not allow_empty:
        raise RefusedFile("empty", size=0)
    try:
        with open(path, "rb") as f:
            want = min(st.st_size, max_bytes) + 1  # not max_bytes + 1: that allocates the whole limit per file
            data = f.read(want)
            if len(data) == want and want <= max_bytes:  # it grew since stat(): read on, never past the limit
                data += f.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise RefusedFile("unreadable", detail=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise RefusedFile("too_large", size=len(data))
    return data


def read_limited(path: str | Path, what: str = "an OKR file") -> bytes:
    """A file's bytes, refusing a missing, unreadable or oversized file with a located LoadError."""
    try:
        return read_capped(path, MAX_BYTES)
    except RefusedFile as exc:
        if exc.kind == "too_large":
            raise LoadError(
                f"file is {exc.size:,} bytes; the limit is {MAX_BYTES:,}",
                file=str(path),
                hint=f"split the file, or check that this is really {what}",
            ) from None
        if exc.kind == "not_a_file" and Path(path).is_dir():
            folder = str(path).rstrip("/\\")
            raise LoadError(
                "is a folder, not a file", file=str(path), hint=f"name the files in it, e.g. {folder}/*.yaml"
            ) from None
        reason = "not a regular file" if exc.kind == "not_a_file" else exc.detail
        raise LoadError(
            f"cannot read the file: {reason}", file=str(path), hint="check the path and the file's permissions"
        ) from None


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write a file through a temporary file in the same folder and os.replace, so it is never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile  # here, not at the top: it costs ~4 ms of every command's start-up and only writing needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ── CSV a spreadsheet opens safely ────────────────────────────────────────────────────────
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @, a tab or a carriage
    return gets a leading apostrophe; numbers (and text that is a plain number, like '-3.5') stay as they are."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def csv_text(rows: Iterable[Iterable[object]], delimiter: str = ",") -> str:
    """Rows as CSV text ('\\n' line ends), every cell passed through spreadsheet_cell; None is an empty cell."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerows([("" if v is None else spreadsheet_cell(v)) for v in row] for row in rows)
    return buf.getvalue()
