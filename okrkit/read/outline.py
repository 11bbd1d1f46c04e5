"""Plain-text and markdown outlines → OKRSet: an objective per line ('O1: …', 'Objective: …', '## Objective 1',
'1.') with its key results as bullets or sub-numbers under it ('- KR1: …', '1.1 …', indented items)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from okrkit.errors import LoadError
from okrkit.model import Initiative, Note, Objective, OKRSet
from okrkit.read.aliases import field_for, level_of, normalize_key
from okrkit.read.builder import Builder
from okrkit.read.located import Located
from okrkit.read.periods import read_period
from okrkit.read.values import strip_kr_label, strip_objective_label

_ITEM = re.compile(r"^(?P<indent>\s*)(?P<mark>[-*+•▪–]|\d+(?:\.\d+)*[.)]?(?=\s)|\d+(?:\.\d+)+)\s+(?P<body>.*)$")
_KR_LINE = re.compile(r"^\s*(?:KR|key\s*result)\s*#?\s*\d*(?:\.\d+)*\s*[:.)\-–]\s*(?P<body>.*)$", re.I)
_OBJ_LINE = re.compile(r"^\s*(?:O\s*\d+|objective\s*\d*|goal\s*\d*)\s*(?:[:.)\-–]\s*(?P<body>.*)|$)", re.I)
_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:\s+(?P<body>.*?))?\s*#*\s*$")
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z][\w \-]{0,30}?)\s*:\s*(?P<value>\S.*)$")
_PHASE = re.compile(r"(?i)^(?:days?|weeks?|months?|phase|stage|step|sprint|part)\s*\d+(?:\s*[-–—to]+\s*\d+)?\b")
_PERIOD_TAIL = re.compile(
    r"(?:^|[,:(–—-]\s*|\s)(?P<period>(?:Q[1-4]|H[12])\s*(?:FY)?'?\d{2,4}|\d{4}[-\s]?(?:Q[1-4]|H[12]))\)?\s*$", re.I
)
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"),
    re.compile(r"`+([^`\n]*)`+"),
)
_OBJ_HEADING = re.compile(r"(?i)^(O\s*\d+|objective\s+\d+)\s+(?=[^\W\d])")
_OBJECTIVE_FIELDS = ("why", "aligns_to", "owner")
_SECTION = re.compile(r"(?i)^\s*(?:#+\s*)?(?P<name>key[\s_-]*results?|krs|initiatives?|objectives|okrs)\s*:?\s*$")


@dataclass
class _Line:
    number: int
    indent: int
    text: str  # without list mark or heading hashes
    mark: str = ""  # '-', '1.', '1.1' … for list items
    heading: int = 0  # markdown heading level


def _plain(text: str) -> str:
    """'**Raise** `activation`' → 'Raise activation': markdown emphasis and code marks dropped, words kept."""
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return text


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with their indentation, list mark and heading level."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.strip() in ("---", "```", "```text", "```markdown", "```md"):
            continue
        raw = raw.expandtabs(4)
        if m := _HEADING.match(raw.strip()):
            if not (m.group("body") or "").strip("# "):
                continue  # an empty heading says nothing
            body = _OBJ_HEADING.sub(r"\1: ", _plain((m.group("body") or "").strip()))  # '## O1 Grow' → 'O1: Grow'
            out.append(_Line(number, 0, body, heading=len(m.group("hashes"))))
        elif m := _ITEM.match(raw):
            out.append(_Line(number, len(m.group("indent")), _plain(m.group("body").strip()), mark=m.group("mark")))
        else:
            out.append(_Line(number, len(raw) - len(raw.lstrip()), _plain(raw.strip())))
    return out


def _is_parent(lines: list[_Line], i: int) -> bool:
    """A list item followed by more-indented items, or a numbered '1.' when the outline numbers KRs '1.1'."""
    ln = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and nxt.indent > ln.indent and (nxt.mark or _KR_LINE.match(nxt.text)):
        return True
    single = re.fullmatch(r"\d+[.)]?", ln.mark or "")
    return bool(single) and any(re.fullmatch(r"\d+\.\d+[.)]?", x.mark) for x in lines)


def _has_content(lines: list[_Line], i: int) -> bool:
    """Whether a heading has lines of its own under it (an objective's text or key results), not only headings."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and nxt.heading and _SECTION.match(nxt.text):
        return True  # '### Key Results' under it
    return nxt is not None and not nxt.heading and not _OBJ_LINE.match(nxt.text)


def _objective_field(body: str) -> tuple[str, str, str] | None:
    """'Aligns to: G2' → ('aligns_to', 'G2', 'Aligns to'): a line giving an objective's why, alignment or owner."""
    m = _FIELD.match(body)
    if not m or _OBJ_LINE.match(body) or _KR_LINE.match(body):
        return None
    name = field_for(m.group("key"), "objective")
    return (name, m.group("value").strip(), m.group("key").strip()) if name in _OBJECTIVE_FIELDS else None


def _section_heading(s: OKRSet, builder: Builder, body: str, line: int) -> None:
    """A heading that is not an objective: a phase ('Days 1-30: Learn'), a period ('Q3 2026') or the title."""
    if _PHASE.match(body):
        builder.note((), f"read the heading '{body}' as a phase grouping the objectives under it", line=line)
        return
    m = _PERIOD_TAIL.search(body)
    if m and s.period is None:
        try:
            _header(s, builder, "period", m.group("period").strip(), line)
        except LoadError:
            m = None
        else:
            said = f"'{s.period}' in the heading '{body}'" if s.period != body else f"the heading '{body}'"
            builder.note((), f"read {said} as the set's period", line=line)
            if not body[: m.start()].strip(" ,:(–—-") or s.title is not None or s.objectives:
                return  # the rest of the heading, if any, is read as the title only when there is none yet
    if s.title is None and not s.objectives:
        s.title = body
        builder.note((), f"read the heading '{body}' as the set's title", line=line)
    else:
        builder.note((), f"read the heading '{body}' as a section, not an objective (it has no key results)", line=line)


def parse_outline(text: str, source: str | None, ref: date | None) -> OKRSet:
    """An outline → OKRSet; what was read by guessing (a heading as the title) is said in OKRSet.notes."""
    s = OKRSet(source=source)
    builder = Builder(Located(None, {}), source, ref)
    s.notes = builder.notes
    lines = _lines(text)
    headings = [ln.heading for ln in lines if ln.heading and not _SECTION.match(ln.text)] or [0]
    section = "key_results"
    waiting: Objective | None = None  # '## Objective 1' whose text is on the next line
    indent = 0  # the last objective's indentation: plain lines indented under it are its key results
    for i, ln in enumerate(lines):
        body = ln.text.strip("# ").strip() if ln.heading else ln.text
        if not body:
            continue
        if m := _SECTION.match(body if not ln.mark else ""):
            section = "initiatives" if m.group("name").lower().startswith("init") else "key_results"
            continue
        if not s.objectives and not ln.mark and (m := _FIELD.match(body)) and not _OBJ_LINE.match(body):
            name = field_for(m.group("key"), "set")
            if name in ("title", "owner", "period", "level"):
                _header(s, builder, name, m.group("value").strip(), ln.number)
                continue
        if ln.heading and not _OBJ_LINE.match(body) and (ln.heading < max(headings) or not _has_content(lines, i)):
            _section_heading(s, builder, body, ln.number)
            continue
        if s.objectives and waiting is None and not ln.heading and (f := _objective_field(body)):
            name, value, key = f
            setattr(s.objectives[-1], name, value)
            if normalize_key(key) != normalize_key(name):
                builder.note((), f"read '{key}' as {name}", line=ln.number)
            continue
        kr_label = _KR_LINE.match(body)
        is_item = bool(ln.mark) and not _is_parent(lines, i)
        under = bool(s.objectives) and not ln.heading and ln.indent > indent and waiting is None
        is_item = is_item or (under and not _OBJ_LINE.match(body))
        if waiting is not None and not is_item and not kr_label and not ln.heading:
            waiting.objective = strip_objective_label(body)
            waiting = None
            continue
        if is_item or kr_label:
            text_ = strip_kr_label(kr_label.group("body") if kr_label else body)
            if not s.objectives:
                raise LoadError(
                    "a key result comes before any objective",
                    file=source,
                    line=ln.number,
                    hint=f"add the line 'Objective: …' above line {ln.number}",
                )
            obj = s.objectives[-1]
            if section == "initiatives" or re.match(r"(?i)initiative\s*:", text_):
                obj.initiatives.append(Initiative(re.sub(r"(?i)^initiative\s*:\s*", "", text_), line=ln.number))
            elif text_:
                kr = builder.build_key_result(text_, (f"line {ln.number}",))
                kr.line = ln.number
                obj.key_results.append(kr)
            continue
        m = _OBJ_LINE.match(body)
        label_only = bool(m) and not (m.group("body") or "").strip()
        text_ = strip_objective_label(body)
        section = "key_results"
        obj = Objective(objective=text_, line=ln.number)
        s.objectives.append(obj)
        indent = ln.indent
        waiting = obj if label_only else None
    if not s.objectives:
        raise LoadError(
            "no objectives found",
            file=source,
            line=1,
            hint="add the line 'Objective: …' at the end",
        )
    return s


def _header(s: OKRSet, builder: Builder, name: str, value: str, line: int) -> None:
    """A 'Period: Q3 2026' style line above the first objective."""
    if name == "period":
        try:
            s.start, s.end, said = read_period(value, builder.ref)
        except ValueError:
            raise LoadError(
                f"unknown period '{value}'",
                file=s.source,
                line=line,
                field="period",
                hint=f"replace '{value}' with '2026-Q3', or your own period written that way",
            ) from None
        s.period = value
        builder.ref = s.start or builder.ref
        if said:
            builder.notes.append(Note(said, s.source, line, "period"))
    elif name == "level":
        s.level = level_of(value)
    else:
        setattr(s, name, value)
