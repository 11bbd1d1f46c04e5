"""Values as people type them in fields and cells: numbers ('45%', '1,200', '0,45', '3 days'), dates
('30/09/2026', 'Sep 30, 2026') and one-line text. Read by the YAML builder and the CSV importer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from okrkit.lexicon.lazyre import lazy

_THOUSANDS = lazy(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = lazy(r"-?\d+,\d+")
_NUMBER = lazy(r"[$€£¥]?\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|[^\d\s%][^\d]{0,15})?")


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


# ── values as written in a file's fields: '45 seconds by 2026-09-30', '1.2k', '60%', 'high' ──────────────
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_QUANTITY = lazy(
    r"(?P<cur>[$€£¥])?\s*(?P<num>-?(?:\d[\d,.\s]*\d|\d))\s*(?P<scale>k|thousand|mm|m|million|bn|b|billion)?(?![a-z])"
    r"\s*(?P<unit>%|[^\d\s%][^\d]{0,24})?",
    re.I,
)
_DUE_TAIL = lazy(r"\s*,?\s+(?:by|before|until|due(?:\s+by)?|on)\s+(?P<due>\S.*)$", re.I)


@dataclass(frozen=True)
class Quantity:
    """A number as written in a value field: 45 with unit 'seconds', a percent, a due phrase after it."""

    number: float
    unit: str | None = None  # '%', 'USD', 'seconds', 'users' … (None for a bare number)
    due: str | None = None  # the text after 'by' ('2026-09-30'), when the value names its date

    @property
    def percent(self) -> bool:
        """True for '70%'."""
        return self.unit == "%"


def localize_number(raw: str, decimal_comma: bool) -> str:
    """'1.200,50' → '1200.50' and '97,5' → '97.5' with a decimal comma; '1,200.50' → '1200.50' without."""
    t = raw.replace("\u00a0", "").replace("\u202f", "")
    if decimal_comma:
        if re.fullmatch(r"-?\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?", t):
            return t.replace(".", "").replace(" ", "").replace(",", ".")
        return t.replace(",", ".") if re.fullmatch(r"-?\d+,\d+", t) else t
    if re.fullmatch(r"-?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?", t):
        return t.replace(",", "").replace(" ", "")
    return t.replace(",", ".") if re.fullmatch(r"-?\d+,\d{1,2}", t) else t


def localize_text(text: str, decimal_comma: bool) -> str:
    """Every number in a statement written the decimal-point way: 'from 97,5% to 99%' → 'from 97.5% to 99%'."""
    if not decimal_comma:
        return text
    pattern = r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]*\d)|(?<![\w.,])\d+,\d+(?![\d,])"
    return re.sub(pattern, lambda m: localize_number(m.group(0), True), text)


def parse_quantity(text: str, decimal_comma: bool = False) -> Quantity | None:
    """'45 seconds by 2026-09-30' → 45 s due '2026-09-30'; '1.2k' → 1200; '$4M' → 4,000,000 USD; None if no number."""
    t = " ".join(str(text).replace("\u2212", "-").split())
    due = None
    if m := _DUE_TAIL.search(t):
        t, due = t[: m.start()].strip(), m.group("due").strip()
    m = _QUANTITY.fullmatch(t)
    if not m:
        return None
    raw = localize_number(m.group("num").replace(" ", ""), decimal_comma)
    try:
        number = float(raw)
    except ValueError:
        return None
    if m.group("scale"):
        number *= _SCALE[m.group("scale").lower()]
    unit = (m.group("unit") or "").strip() or None
    if m.group("cur"):
        unit = unit or _CURRENCY[m.group("cur")]
    return Quantity(round(number, 9), unit, due)


def parse_confidence(text: str, words: dict[str, float]) -> tuple[float, str | None] | None:
    """Confidence as people write it → (0–1, how it was read): '0.6', '60%', '60', '7/10', 'high'; None if unreadable."""
    t = " ".join(str(text).lower().split())
    if m := re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:/|out of|of)\s*(\d+)", t):
        top = float(m.group(2))
        if top > 0:
            return float(
                m.group(1).replace(",", ".")
            ) / top, f"'{text}' read as {float(m.group(1).replace(',', '.')) / top:.0%}"
    key = re.sub(r"[_\-./]+", " ", t).strip()
    if key in words:
        return words[key], f"'{text}' read as {words[key]:.0%}"
    q = parse_quantity(t)
    if q is None or (q.unit not in (None, "%")):
        return None
    if not q.percent and 1 < q.number <= 10:  # a 1–10 scale, as many teams score confidence
        return q.number / 10, f"'{text}' read as {q.number:g} out of 10 ({q.number / 10:.0%})"
    if q.percent or q.number > 1:
        if q.number > 100:
            return None
        return q.number / 100, f"'{text}' read as {q.number / 100:g} ({q.number:g}%)"
    if q.number < 0:
        return None
    return q.number, (None if re.fullmatch(r"\d*\.?\d+", t) else f"'{text}' read as {q.number:g}")


_KR_LABEL = lazy(
    r"^\s*(?:[-*•▪–]\s+)?(?:(?:KR|key\s*results?)\s*#?\s*\d*(?:\.\d+)*\s*[:.)\-–]\s*"
    r"|\d+(?:\.\d+)*[.)]\s+|\d+\.\d+\s+(?=(?-i:[A-Z])))",
    re.I,
)
_OBJECTIVE_LABEL = lazy(r"^\s*(?:#+\s*)?(?:O\s*\d+|objective\s*\d*|goal\s*\d*)\s*[:.)\-–]\s*", re.I)


def strip_kr_label(text: str) -> str:
    """'KR1: Raise …' / 'KR 1 - Raise …' / '1.2 Raise …' → 'Raise …' (a number that is a value stays)."""
    out = _KR_LABEL.sub("", text, count=1).strip()
    return out or text.strip()


def strip_objective_label(text: str) -> str:
    """'O1: Delight …' / '## Objective 2 - Delight …' → 'Delight …'."""
    out = _OBJECTIVE_LABEL.sub("", text, count=1).strip()
    return out or text.strip()
