"""Values as people type them in fields and cells: numbers ('45%', '1,200', '0,45', '3 days'), dates
('30/09/2026', 'Sep 30, 2026') and one-line text. Read by the YAML builder and the CSV importer."""

from __future__ import annotations

import re
from datetime import date, datetime

_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_NUMBER = re.compile(r"[$€£¥]?\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|[^\d\s%][^\d]{0,15})?")


def parse_number(text: str) -> tuple[float, bool] | None:
    """'45%' → (45.0, True); '1,200' → (1200.0, False); '0,45' → (0.45, False); None if not a number."""
    t = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
    if not t:
        return None
    body = t.rstrip("% ").strip()
    m = re.match(r"[$€£¥]?\s*(-?[\d.,]+)", body)
    if m:
        raw = m.group(1)
        if _THOUSANDS.fullmatch(raw):
            raw = raw.replace(",", "")
        elif _DECIMAL_COMMA.fullmatch(raw):
            raw = raw.replace(",", ".")
        t = t.replace(m.group(1), raw, 1)
    m = _NUMBER.fullmatch(t)
    if not m:
        return None
    try:
        return float(m.group(1)), (m.group(2) or "").strip() == "%"
    except ValueError:
        return None


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)


def parse_date(text: str, day_first: bool | None) -> date | None:
    """A date from ISO, '30/09/2026', '09/30/2026', '30.09.2026' or 'Sep 30, 2026'; None if unreadable."""
    t = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", t)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = y + 2000 if y < 100 else y
    if a > 12 or (day_first and b <= 12) or "." in t:
        a, b = b, a  # day first: 30/09/2026, 30.09.2026
    try:
        return date(y, a, b)
    except ValueError:
        return None


def day_first(values: list[str], delimiter: str) -> bool:
    """Whether d/m/y dates are meant: decided by any unambiguous value, else by the delimiter's region."""
    for v in values:
        m = re.fullmatch(r"\s*(\d{1,2})[/](\d{1,2})[/]\d{2,4}\s*", v)
        if m and int(m.group(1)) > 12:
            return True
        if m and int(m.group(2)) > 12:
            return False
    return delimiter == ";"


def clean_cell(text: str) -> str:
    """A cell's text on one line (quoted newlines become spaces)."""
    return " ".join(text.split())
