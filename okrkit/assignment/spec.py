"""Reading assignment specs (exercises/<id>/assignment.yaml): parsing, validation and finding them.

The spec holds everything an instructor may change: questions, points, requirements with their
teaching text, the rubric's deductions per finding, company goals and product vocabulary, and the
period the questions assume ('period: 2026-Q3' for "next quarter", at the top or per question; an
answer with no period of its own is read inside it). Every mistake raises SpecError naming the file,
line and field, and what to change.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from okrkit.assignment.assignment import Assignment
from okrkit.assignment.checking import kind_name
from okrkit.assignment.model import Goal, Question, Requirement, Rubric
from okrkit.assignment.release import read_gradescope, read_late
from okrkit.assignment.requirements import KINDS
from okrkit.assignment.result import fmt_points
from okrkit.errors import LoadError
from okrkit.model import CATEGORIES
from okrkit.read.periods import parse_period

SPEC_NAME = "assignment.yaml"
_REPO_EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(LoadError):
    """An assignment.yaml that can't be used; says file, line, field and what to change."""


# ── reading specs ─────────────────────────────────────────────────────────────────────────
_TOP = {
    "id",
    "title",
    "source",
    "reference_date",
    "period",
    "round_to",
    "points",
    "rubric",
    "requirement_sets",
    "questions",
    "description",
    "gradescope",  # release settings (okrkit.assignment.release)
    "late",
}
_QUESTION = {
    "id",
    "title",
    "prompt",
    "product",
    "company",
    "company_goals",
    "vocabulary",
    "points",
    "period",
    "requirements",
    "rubric",
    "starter",
}
_REQ = {"id", "kind", "label", "points", "good", "teach"}
_RUBRIC = {"severity", "category", "code", "cap", "ignore", "tips", "dated_tips"}
_SEVERITIES = ("error", "warning", "info")


class _Spec:
    """Located YAML data of one spec file, with helpers that raise SpecError at a path."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines: dict[tuple, int] = {}
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                self._walk(node, ())
            self.data = loader.construct_document(node) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise SpecError(
                f"invalid YAML: {(exc.problem or exc.context or '').strip()}",
                file=source,
                line=mark.line + 1 if mark else None,
                hint="check indentation, and quote text that contains ':' or '#'",
            ) from None
        except yaml.YAMLError as exc:
            raise SpecError(f"invalid YAML: {exc}", file=source) from None
        finally:
            loader.dispose()

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                self.lines.setdefault(path + (key,), k.start_mark.line + 1)
                self._walk(v, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,))

    def fail(self, path: tuple, problem: str, hint: str | None = None) -> SpecError:
        line = None
        p = path
        while line is None:
            line = self.lines.get(p)
            if not p:
                break
            p = p[:-1]
        name = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in path).lstrip(".")
        return SpecError(problem, file=self.source, line=line, field=name or None, hint=hint)

    def mapping(self, value: Any, path: tuple, allowed: set[str], what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected {what} (a mapping of keys), got {kind_name(value)}")
        for key in value:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                raise self.fail(
                    path + (key,),
                    f"unknown key '{key}' in {what}",
                    f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(sorted(allowed))}",
                )
        return value

    def text(self, value: Any, path: tuple, required: bool = False) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(path, "is missing or empty", "write it as text")
            return ""
        if isinstance(value, (dict, list, bool)):
            raise self.fail(path, f"expected text, got {kind_name(value)}")
        return str(value).strip() if not isinstance(value, str) else value.strip()

    def number(self, value: Any, path: tuple) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value:
            raise self.fail(path, f"expected a number of points (0 or more), got {value!r}", "write e.g. 3 or 2.5")
        return float(value)

    def strings(self, value: Any, path: tuple) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {kind_name(value)}", "start each item with '- '")
        return [self.text(v, path + (i,), required=True) for i, v in enumerate(value)]


def _read_rubric(s: _Spec, data: Any, path: tuple, base: Rubric | None) -> Rubric:
    """A rubric mapping merged over the assignment's default rubric."""
    if data is None:
        return base or Rubric(severity={}, category={}, code={})
    d = s.mapping(data, path, _RUBRIC, "a rubric")
    tables = {}
    for key in ("severity", "category", "code"):
        merged = dict(getattr(base, key, {}) if base else {})
        if key in d and d[key] is not None:
            table = s.mapping(d[key], path + (key,), set(d[key]) if isinstance(d[key], dict) else set(), key)
            if key == "severity":
                for k in table:
                    if k not in _SEVERITIES:
                        raise s.fail(path + (key, k), f"unknown severity '{k}'", f"use {', '.join(_SEVERITIES)}")
            if key == "category":
                for k in table:
                    if k not in CATEGORIES:
                        near = difflib.get_close_matches(str(k), CATEGORIES, n=1)
                        raise s.fail(
                            path + (key, k),
                            f"unknown finding category '{k}'",
                            f"did you mean '{near[0]}'?" if near else "see okrkit.model.CATEGORIES",
                        )
            merged.update(
                {str(k).upper() if key == "code" else k: s.number(v, path + (key, k)) for k, v in table.items()}
            )
        tables[key] = merged
    cap = base.cap if base else None
    if "cap" in d:
        cap = None if d["cap"] is None else s.number(d["cap"], path + ("cap",))
    ignore = base.ignore if base else frozenset()
    if "ignore" in d:
        ignore = frozenset(
            x.upper() if x.upper().startswith("OKR") else x for x in s.strings(d["ignore"], path + ("ignore",))
        )
    tips = base.tips if base else frozenset()
    if "tips" in d:
        tips = frozenset(
            x.upper() if x.upper().startswith("OKR") else x for x in s.strings(d["tips"], path + ("tips",))
        )
    dated_tips = base.dated_tips if base else frozenset()
    if "dated_tips" in d:
        dated_tips = frozenset(
            x.upper() if x.upper().startswith("OKR") else x for x in s.strings(d["dated_tips"], path + ("dated_tips",))
        )
    return Rubric(
        severity=tables["severity"],
        category=tables["category"],
        code=tables["code"],
        cap=cap,
        ignore=ignore,
        tips=tips,
        dated_tips=dated_tips,
    )


def _read_requirement(s: _Spec, data: Any, path: tuple) -> Requirement:
    """One requirement: id, kind, points, the kind's parameters, and its texts."""
    if not isinstance(data, dict):
        raise s.fail(path, f"expected a requirement (id, kind, points …), got {kind_name(data)}")
    kind = s.text(data.get("kind"), path + ("kind",), required=True)
    if kind not in KINDS:
        near = difflib.get_close_matches(kind, list(KINDS), n=1)
        raise s.fail(
            path + ("kind",),
            f"unknown requirement kind '{kind}'",
            f"did you mean '{near[0]}'?" if near else f"known kinds: {', '.join(KINDS)}",
        )
    defaults = KINDS[kind][1]
    s.mapping(data, path, _REQ | set(defaults), f"a '{kind}' requirement")
    rid = s.text(data.get("id"), path + ("id",), required=True)
    if "points" not in data:
        raise s.fail(path, "has no 'points'", "add e.g. 'points: 3'")
    params = {}
    for key, default in defaults.items():
        value = data.get(key, default)
        if isinstance(default, list):
            value = (
                s.strings(value, path + (key,)) if not all(isinstance(v, (int, float)) for v in value or []) else value
            )
            if not isinstance(value, list):
                raise s.fail(path + (key,), f"expected a list, got {kind_name(value)}")
        elif isinstance(default, (int, float)) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise s.fail(path + (key,), f"expected a number, got {value!r}")
        params[key] = value
    if kind in ("objective_count", "kr_count") and params["min"] > params["max"]:
        raise s.fail(path + ("min",), f"min ({params['min']}) is larger than max ({params['max']})", "swap them")
    if kind == "vocabulary" and not params["min_share"] > 0:
        raise s.fail(path + ("min_share",), "must be more than 0", "e.g. 0.5 for half of the key results")
    return Requirement(
        id=rid,
        kind=kind,
        label=s.text(data.get("label"), path + ("label",)) or rid,
        points=s.number(data["points"], path + ("points",)),
        params=params,
        good=s.text(data.get("good"), path + ("good",)),
        teach=s.text(data.get("teach"), path + ("teach",)),
        line=s.lines.get(path),
    )


_PERIOD_HINT = (
    "write the period the questions assume like an OKR set's: 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026 "
    "(an answer with no period of its own is read inside it)"
)


def _read_period(s: _Spec, value: Any, path: tuple) -> str | None:
    """The period label a spec or question assumes ('next quarter' → 2026-Q3), checked; None when not given."""
    if value is None:
        return None
    if isinstance(value, (dict, list, bool, date)):
        raise s.fail(path, f"expected a period like 2026-Q3, got {kind_name(value)}", _PERIOD_HINT)
    text = str(value).strip()
    try:
        parse_period(text)
    except ValueError as exc:
        raise s.fail(path, str(exc), _PERIOD_HINT) from None
    return text


def _read_goals(s: _Spec, data: Any, path: tuple) -> list[Goal]:
    """Company goals: text, or {id, goal, aliases}."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise s.fail(path, f"expected a list of goals, got {kind_name(data)}")
    goals = []
    for i, g in enumerate(data):
        if isinstance(g, dict):
            s.mapping(g, path + (i,), {"id", "goal", "aliases"}, "a company goal")
            goals.append(
                Goal(
                    goal=s.text(g.get("goal"), path + (i, "goal"), required=True),
                    id=s.text(g.get("id"), path + (i, "id")) or None,
                    aliases=tuple(s.strings(g.get("aliases"), path + (i, "aliases"))),
                )
            )
        else:
            goals.append(Goal(goal=s.text(g, path + (i,), required=True)))
    return goals


def parse_spec(text: str, *, source: str = SPEC_NAME, path: Path | None = None) -> Assignment:
    """An Assignment from the text of an assignment.yaml (SpecError, located, when it is wrong)."""
    s = _Spec(text, source)
    if s.data is None:
        raise SpecError("the spec is empty", file=source, line=1, hint="start with 'id:', 'title:' and 'questions:'")
    top = s.mapping(s.data, (), _TOP, "an assignment spec")
    aid = s.text(top.get("id"), ("id",), required=True)
    ref = top.get("reference_date", date(2026, 7, 1))
    if not isinstance(ref, date):
        raise s.fail(("reference_date",), f"expected a date like 2026-07-01, got {ref!r}")
    base = _read_rubric(s, top.get("rubric"), ("rubric",), None)
    period = _read_period(s, top.get("period"), ("period",))
    sets: dict[str, list[Requirement]] = {}
    rs = top.get("requirement_sets") or {}
    s.mapping(rs, ("requirement_sets",), set(rs) if isinstance(rs, dict) else set(), "requirement_sets")
    for name, items in rs.items():
        if not isinstance(items, list) or not items:
            raise s.fail(("requirement_sets", name), "expected a list of requirements")
        sets[name] = [_read_requirement(s, r, ("requirement_sets", name, i)) for i, r in enumerate(items)]
    qs = top.get("questions")
    if not isinstance(qs, list) or not qs:
        raise s.fail(("questions",), "expected a list of questions", "add 'questions:' with at least one '- id: …'")
    questions: list[Question] = []
    for i, qd in enumerate(qs):
        p = ("questions", i)
        s.mapping(qd, p, _QUESTION, "a question")
        qid = s.text(qd.get("id"), p + ("id",), required=True)
        if not _ID.match(qid):
            raise s.fail(
                p + ("id",),
                f"question id '{qid}' must be a lowercase name",
                "use letters, digits and '_', e.g. 'gmail' (it is also the notebook variable)",
            )
        if any(q.id == qid for q in questions):
            raise s.fail(p + ("id",), f"question id '{qid}' is used twice", "give every question its own id")
        reqs_data = qd.get("requirements")
        if isinstance(reqs_data, str):
            if reqs_data not in sets:
                raise s.fail(
                    p + ("requirements",),
                    f"no requirement set named '{reqs_data}'",
                    f"known sets: {', '.join(sets) or 'none (add requirement_sets:)'}",
                )
            reqs = list(sets[reqs_data])
        elif isinstance(reqs_data, list) and reqs_data:
            reqs = [_read_requirement(s, r, p + ("requirements", j)) for j, r in enumerate(reqs_data)]
        else:
            raise s.fail(p + ("requirements",), "expected a list of requirements or the name of a requirement set")
        ids = [r.id for r in reqs]
        if len(set(ids)) != len(ids):
            dup = next(x for x in ids if ids.count(x) > 1)
            raise s.fail(p + ("requirements",), f"requirement id '{dup}' is used twice in question '{qid}'")
        q = Question(
            id=qid,
            title=s.text(qd.get("title"), p + ("title",)) or qid,
            requirements=reqs,
            rubric=_read_rubric(s, qd.get("rubric"), p + ("rubric",), base),
            prompt=s.text(qd.get("prompt"), p + ("prompt",)),
            product=s.text(qd.get("product"), p + ("product",)),
            company=s.text(qd.get("company"), p + ("company",)),
            company_goals=_read_goals(s, qd.get("company_goals"), p + ("company_goals",)),
            vocabulary=s.strings(qd.get("vocabulary"), p + ("vocabulary",)),
            starter=qd.get("starter") or "",
            line=s.lines.get(p),
            period=_read_period(s, qd["period"], p + ("period",)) if "period" in qd else period,
        )
        if any(r.kind == "alignment" for r in reqs) and not q.company_goals:
            raise s.fail(
                p,
                f"question '{qid}' has an alignment requirement but no company_goals",
                "list the company's goals under 'company_goals:'",
            )
        if any(r.kind == "vocabulary" for r in reqs) and not q.vocabulary:
            raise s.fail(
                p,
                f"question '{qid}' has a vocabulary requirement but no vocabulary",
                "list the product's words under 'vocabulary:'",
            )
        if "points" in qd and abs(s.number(qd["points"], p + ("points",)) - q.max_points) > 1e-9:
            raise s.fail(
                p + ("points",),
                f"question '{qid}' says {fmt_points(qd['points'])} points but its "
                f"requirements add up to {fmt_points(q.max_points)}",
                "change the requirements' points or this number so they agree",
            )
        questions.append(q)
    a = Assignment(
        id=aid,
        title=s.text(top.get("title"), ("title",)) or aid,
        path=path,
        questions=questions,
        reference_date=ref,
        source=s.text(top.get("source"), ("source",)),
        round_to=s.number(top.get("round_to", 0.25), ("round_to",)),
        gradescope=read_gradescope(s, top.get("gradescope"), ("gradescope",)),
        late=read_late(s, top.get("late"), ("late",)),
    )
    if "points" in top and abs(s.number(top["points"], ("points",)) - a.max_points) > 1e-9:
        raise s.fail(
            ("points",),
            f"the spec says {fmt_points(top['points'])} points but the questions add up to {fmt_points(a.max_points)}",
            "change the questions' points or this total so they agree",
        )
    return a


# ── finding and loading specs ─────────────────────────────────────────────────────────────
_cache: dict[Path, tuple[float, Assignment]] = {}


def _load_file(path: Path) -> Assignment:
    """A spec file, parsed once per modification time."""
    path = path.resolve()
    try:
        mtime = path.stat().st_mtime
        hit = _cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(
            f"cannot read the assignment spec: {exc}",
            file=str(path),
            hint="check the path and that it is a UTF-8 text file",
        ) from None
    a = parse_spec(text, source=str(path), path=path)
    _cache[path] = (mtime, a)
    return a


def _ancestors(start: Path) -> list[Path]:
    """start and every folder above it."""
    start = start.resolve()
    return [start, *start.parents]


def load_spec(path_or_id: str | Path) -> Assignment:
    """The assignment of a spec path, a folder holding assignment.yaml, or an id such as 'assignment-03'."""
    p = Path(path_or_id)
    if p.is_file():
        return _load_file(p)
    if p.is_dir() and (p / SPEC_NAME).is_file():
        return _load_file(p / SPEC_NAME)
    text = str(path_or_id)
    looks_like_path = p.suffix in (".yaml", ".yml") or os.sep in text or "/" in text
    if not looks_like_path:
        places = [_REPO_EXERCISES / text]
        for d in _ancestors(Path.cwd()):
            places += [d / "exercises" / text, d / text]
        for place in places:
            if (place / SPEC_NAME).is_file():
                return _load_file(place / SPEC_NAME)
    raise SpecError(
        f"no assignment spec found for {text!r}",
        file=text,
        hint="pass the path of an assignment.yaml, its folder, or an id such as 'assignment-03' "
        "(looked up in exercises/<id>/)",
    )


def find_assignment(question_id: str | None = None, start: Path | None = None) -> Assignment:
    """The assignment next to the running notebook: assignment.yaml in the current folder or one above it."""
    here = start or Path.cwd()
    for d in _ancestors(here):
        if (d / SPEC_NAME).is_file():
            return _load_file(d / SPEC_NAME)
    for d in _ancestors(here):
        specs = sorted((d / "exercises").glob(f"*/{SPEC_NAME}")) if (d / "exercises").is_dir() else []
        fits = [
            a for a in map(_load_file, specs) if question_id is None or any(q.id == question_id for q in a.questions)
        ]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            raise SpecError(
                f"several assignments have a question {question_id!r}: {', '.join(a.id for a in fits)}",
                file=str(d / "exercises"),
                hint="pass assignment='<id>' to check()",
            )
    raise SpecError(
        f"no {SPEC_NAME} found in {here} or the folders above it",
        file=str(here),
        hint="open the notebook from its exercise folder, or pass assignment='assignment-03'",
    )
