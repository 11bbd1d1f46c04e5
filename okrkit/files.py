"""Files in and out: size-limited reading with located errors, and atomic writing (temp file + rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from okrkit.errors import LoadError

MAX_BYTES = 5_000_000  # larger inputs are refused


def read_limited(path: str | Path, what: str = "an OKR file") -> bytes:
    """A file's bytes, refusing a missing, unreadable or oversized file with a located error."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                file=str(path),
                hint=f"split the file, or check that this is really {what}",
            )
        return p.read_bytes()
    except OSError as exc:
        raise LoadError(
            f"cannot read the file: {exc.strerror}", file=str(path), hint="check the path and the file's permissions"
        ) from None


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write a file through a temporary file in the same folder and os.replace, so it is never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
