"""The lesson checkers: one function per kind of exercise, each turning an answer into a CheckResult."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from okrkit.assignment.result import CheckResult, RequirementResult
from okrkit.check import lint, lint_statement
from okrkit.errors import LoadError
from okrkit.lessons.choices import Choice, match_choice, norm
from okrkit.model import Finding, KeyResult, OKRSet, Place
from okrkit.read import loads
from okrkit.read.keyresult import parse_key_result
from okrkit.render.words import counted, display
from okrkit.scoring import band, kr_progress, objective_score, to_four_point

_CHECKERS: dict[str, Callable[[dict, Any], CheckResult]] = {}


def checker(kind: str) -> Callable:
    """Register a checker for exercises whose YAML says 'checker: <kind>'."""

    def register(fn: Callable) -> Callable:
        _CHECKERS[kind] = fn
        return fn

    return register


def run(spec: dict, answer: Any) -> CheckResult:
    """Check an answer with the exercise's checker."""
    try:
        fn = _CHECKERS[spec["checker"]]
    except KeyError:
        raise ValueError(
            f"okrkit/lessons/{spec['id']}.yaml: unknown checker {spec['checker']!r}; "
            f"known: {', '.join(sorted(_CHECKERS))}"
        ) from None
    return fn(spec, answer)


# ── shared pieces ─────────────────────────────────────────────────────────────────────────
def _result(
    spec: dict,
    reqs: list[RequirementResult],
    findings: list[Finding] | None = None,
    hints: list[str] | None = None,
    praise: str | None = None,
) -> CheckResult:
    """A CheckResult from requirement results, with a summary that says what to do next."""
    points = sum(r.points for r in reqs)
    max_points = sum(r.max_points for r in reqs)
    met = [r.label for r in reqs if r.met]
    missed = [r.label for r in reqs if not r.met]
    if not missed:
        summary = praise or spec.get("praise") or "All correct — well done."
    else:
        summary = (
            f"{len(met)} of {len(reqs)} done. Read the notes under 'Next steps', change your answer "
            "and run the check again."
        )
    return CheckResult(
        question=spec["id"],
        title=f"{spec['id']} · {spec['title']}",
        points=points,
        max_points=max_points,
        met=met,
        missed=missed,
        findings=list(findings or []),
        summary=summary,
        requirements=reqs,
        hints=list(hints or []),
    )


def _problem(spec: dict, status: str, message: str, example: str | None = None) -> CheckResult:
    """A CheckResult for an answer that can't be read or is empty: no points, and how to write it."""
    example = example or spec.get("answer_example", "")
    hint = [f"An answer looks like this: {example}"] if example else []
    total = float(spec.get("max_points") or len(spec.get("items", [])) or len(spec.get("requirements", [])) or 1)
    summary = (
        "Not answered yet: fill in the answer cell and run the check again."
        if status == "unanswered"
        else "The answer couldn't be read; see below."
    )
    return CheckResult(
        question=spec["id"],
        title=f"{spec['id']} · {spec['title']}",
        points=0.0,
        max_points=total,
        summary=summary,
        error=message if status == "error" else None,
        status=status,
        hints=hint,
    )


def _req(rid: str, label: str, ok: bool, detail: str = "", teach: str = "", points: float = 1.0) -> RequirementResult:
    """A requirement worth `points`, earned in full or not at all."""
    return RequirementResult(
        id=rid, label=label, points=points if ok else 0.0, max_points=points, detail=detail, teach="" if ok else teach
    )


_norm = norm  # a label as compared: lower case, single spaces, no punctuation


def _short(text: str, limit: int = 60) -> str:
    """A statement cut for a label."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(findings: list[Finding], where: str) -> list[Finding]:
    """Findings relabelled with the item they belong to (e.g. 'A')."""
    return [dataclasses.replace(f, place=Place(label=where)) for f in findings]


def _letters(spec: dict, answer: Any) -> dict[str, Any] | CheckResult:
    """The answer as {letter: value}, or a CheckResult saying why it can't be read."""
    letters = [i["letter"] for i in spec["items"]]
    example = "{" + ", ".join(f'"{x}": …' for x in letters[:3]) + ", …}"
    if not isinstance(answer, dict):
        return _problem(
            spec,
            "error",
            f"The answer should be a dict with one entry per letter, like {example}; got {type(answer).__name__}.",
            example,
        )
    out = {str(k).strip().upper(): v for k, v in answer.items()}
    if not any(str(v).strip() for v in out.values() if v is not None):
        return _problem(spec, "unanswered", "", example)
    return out


# ── kinds ─────────────────────────────────────────────────────────────────────────────────
@checker("classify")
def classify(spec: dict, answer: Any) -> CheckResult:
    """Each lettered item sorted into one of the exercise's labels."""
    got = _letters(spec, answer)
    if isinstance(got, CheckResult):
        return got
    labels = spec["labels"]
    choices = ", ".join(f"'{label}'" for label in labels)
    traps = {_norm(k): str(v).strip() for k, v in (spec.get("traps") or {}).items()}
    reqs, hints = [], []
    for item in spec["items"]:
        letter, expected = item["letter"], item["answer"]
        raw = got.get(letter)
        trap = traps.get(_norm(raw)) if raw not in (None, "") else None
        read = match_choice(raw, labels) if raw not in (None, "") and trap is None else Choice(None)
        given = read.label
        label = f"{letter} · {_short(item.get('statement') or item.get('title', ''))}"
        why = item["why"].strip()
        if raw in (None, "") or str(raw).strip() == "":
            reqs.append(_req(letter, label, False, "no answer yet", f"Choose one of {choices}."))
        elif given is None:
            near = (
                f" It seems closest to '{read.closest}': if you meant that, write '{read.closest}'."
                if read.closest
                else ""
            )
            reqs.append(
                _req(
                    letter,
                    label,
                    False,
                    f"'{raw}' is not one of the choices",
                    f"{trap} Use one of {choices}." if trap else f"Use one of {choices}.{near}",
                )
            )
        elif given == expected:
            reqs.append(_req(letter, label, True, f"{display(expected)} — {why}"))
        else:
            reqs.append(
                _req(
                    letter,
                    label,
                    False,
                    f"you said {display(given)}",
                    f"Look again: {item.get('hint', '').strip() or why}"
                    if spec.get("reveal") == "hint"
                    else f"The answer is {display(expected)} — {why}",
                )
            )
    extra = sorted(set(got) - {i["letter"] for i in spec["items"]})
    if extra:
        hints.append(
            f"There is no item {', '.join(extra)}; the letters are {', '.join(i['letter'] for i in spec['items'])}."
        )
    return _result(spec, reqs, hints=hints)


@checker("statement")
def statement(spec: dict, answer: Any) -> CheckResult:
    """One key result that the checker passes, with a number to reach and a date."""
    if not isinstance(answer, str):
        return _problem(
            spec,
            "error",
            f"The answer should be one key result as text (a string in quotes); got {type(answer).__name__}.",
        )
    if not answer.strip():
        return _problem(spec, "unanswered", "")
    findings = lint_statement(answer, kind="key_result")
    kr = parse_key_result(answer)
    flagged = [f for f in findings if f.flagged]
    target = kr.target is not None or kr.relative_change is not None or kr.delta is not None
    t = spec["teach"]
    reqs = [
        _req(
            "clean",
            "The checker has no warnings or errors",
            not flagged,
            "none" if not flagged else ", ".join(f"{f.code} {f.name}" for f in flagged),
            t["clean"],
        ),
        _req(
            "target",
            "It says how far to go (a target)",
            target,
            f"target {kr.target:g}{kr.unit or ''}"
            if kr.target is not None
            else ("a relative change" if target else "no target found"),
            t["target"],
        ),
        _req(
            "date",
            "It says by when (a due date)",
            kr.dated,
            kr.deadline or "no date found",
            t["date"],
        ),
    ]
    return _result(spec, reqs, _where(findings, "your key result"))


@checker("rewrite")
def rewrite(spec: dict, answer: Any) -> CheckResult:
    """Each bad key result rewritten so the checker passes it and it still speaks about the same thing."""
    got = _letters(spec, answer)
    if isinstance(got, CheckResult):
        return got
    reqs, findings = [], []
    for item in spec["items"]:
        letter, original = item["letter"], item["statement"]
        text = str(got.get(letter) or "").strip()
        label = f"{letter} · {_short(original, 50)}"
        if not text or _norm(text) == _norm(original):
            reqs.append(
                _req(
                    f"{letter}-clean",
                    f"{label}: rewritten so the checker passes it",
                    False,
                    "not rewritten yet",
                    item["hint"].strip(),
                )
            )
            reqs.append(
                _req(
                    f"{letter}-topic",
                    f"{label}: still about the same thing",
                    False,
                    "not rewritten yet",
                    "Keep the subject of the original, improve how it is measured.",
                )
            )
            continue
        found = lint_statement(text, kind="key_result")
        flagged = [f for f in found if f.flagged]
        findings += _where(found, letter)
        words = [w.lower() for w in item["topic"]]
        on_topic = any(w in text.lower() for w in words)
        gaps = [f"{f.code} {f.name}" for f in flagged] + _missing_parts(parse_key_result(text))
        reqs.append(
            _req(
                f"{letter}-clean",
                f"{label}: rewritten so the checker passes it, from where to where by when",
                not gaps,
                f"'{_short(text, 70)}'" + ("" if not gaps else " — " + ", ".join(gaps)),
                "See what the checker noticed below, fix that, and check again. " + item["hint"].strip(),
            )
        )
        reqs.append(
            _req(
                f"{letter}-topic",
                f"{label}: still about the same thing",
                on_topic,
                "on topic" if on_topic else "it no longer mentions what the original was about",
                f"Keep the subject: mention one of {', '.join(repr(w) for w in words[:5])}.",
            )
        )
    return _result(spec, reqs, findings)


def _missing_parts(kr: KeyResult) -> list[str]:
    """What a rewritten key result still lacks of 'from where to where, by when' (empty when it has all)."""
    change = kr.relative_change is not None or kr.delta is not None
    missing = []
    if kr.target is None and not change:
        missing.append("no target")
    if kr.baseline is None and not change:
        missing.append("no starting point")
    if not kr.dated:
        missing.append("no date")
    return missing


def _load_answer(spec: dict, answer: Any) -> OKRSet | CheckResult:
    """The answer as an OKRSet (YAML or outline text, or a set), or a CheckResult explaining the problem."""
    if isinstance(answer, OKRSet):
        return answer
    if not isinstance(answer, str):
        return _problem(
            spec,
            "error",
            f'The answer should be OKRs as YAML text in triple quotes (""" … """); got {type(answer).__name__}.',
        )
    if not answer.strip():
        return _problem(spec, "unanswered", "")
    try:
        return loads(answer, source="answer")
    except LoadError as exc:
        return _problem(spec, "error", str(exc))


def _range_text(lo: int, hi: int, noun: str) -> str:
    """'exactly 1 objective', '2–4 key results'."""
    return f"exactly {lo} {noun}" if lo == hi else f"{lo}–{hi} {noun}s"


@checker("okr_set")
def okr_set(spec: dict, answer: Any) -> CheckResult:
    """An OKR set checked against the exercise's requirements and the whole rule catalogue."""
    s = _load_answer(spec, answer)
    if isinstance(s, CheckResult):
        return s
    tips = set(spec.get("tips") or ())  # codes coached, not counted against the answer (as in a rubric's tips:)
    findings = [
        dataclasses.replace(f, severity="info") if f.flagged and (f.code in tips or f.category in tips) else f
        for f in lint(s)
    ]
    reqs = [_set_requirement(r, s, findings) for r in spec["requirements"]]
    return _result(spec, reqs, findings)


def _set_requirement(r: dict, s: OKRSet, findings: list[Finding]) -> RequirementResult:
    """One requirement of an okr_set exercise, checked."""
    rid, label, teach = r["id"], r["label"], r.get("teach", "").strip()
    points = float(r.get("points", 1))
    if "objectives" in r:
        lo, hi = r["objectives"]
        n = len(s.objectives)
        return _req(rid, label, lo <= n <= hi, counted(n, "objective"), teach, points)
    if "key_results" in r:
        lo, hi = r["key_results"]
        counts = [len(o.key_results) for o in s.objectives]
        ok = bool(counts) and all(lo <= c <= hi for c in counts)
        return _req(
            rid,
            label,
            ok,
            ", ".join(counted(c, "key result") for c in counts) or "no objectives",
            teach,
            points,
        )
    if "initiatives" in r:
        n = sum(len(o.initiatives) for o in s.objectives)
        return _req(rid, label, n >= r["initiatives"], counted(n, "initiative"), teach, points)
    for field, lacking in (("aligns_to", "missing on"), ("why", "no why on")):  # a field every objective fills
        if r.get(field):
            missing = [o.objective for o in s.objectives if not (getattr(o, field) or "").strip()]
            return _req(
                rid,
                label,
                bool(s.objectives) and not missing,
                "yes" if not missing else f"{lacking} '{_short(missing[0])}'",
                teach,
                points,
            )
    if r.get("no_flagged"):
        flagged = [f for f in findings if f.flagged]
        codes = sorted({f"{f.code} {f.name}" for f in flagged})
        return _req(rid, label, not flagged, "none" if not flagged else ", ".join(codes), teach, points)
    if "without" in r:
        left = sorted({f"{f.code} {f.name}" for f in findings if f.category in r["without"] and f.flagged})
        return _req(rid, label, not left, "gone" if not left else "still there: " + ", ".join(left), teach, points)
    if r.get("baselines"):
        krs = s.key_results
        missing = [
            k.text
            for k in krs
            if k.baseline is None or (k.target is None and k.relative_change is None and k.delta is None)
        ]
        return _req(
            rid,
            label,
            bool(krs) and not missing,
            f"all {len(krs)}" if not missing else f"'{_short(missing[0])}' needs 'from … to …'",
            teach,
            points,
        )
    if r.get("due_dates"):
        missing = [k.text for k in s.key_results if not k.dated]
        return _req(
            rid,
            label,
            bool(s.key_results) and not missing,
            f"all {len(s.key_results)}" if not missing else f"no date in '{_short(missing[0])}'",
            teach,
            points,
        )
    if "level" in r:
        return _req(rid, label, s.level == r["level"], f"level: {s.level or 'not given'}", teach, points)
    if r.get("period"):
        return _req(rid, label, bool(s.start and s.end), f"period {s.period or s.start or 'not given'}", teach, points)
    raise ValueError(
        f"requirement {rid!r}: unknown kind; use objectives, key_results, initiatives, aligns_to, why, "
        "no_flagged, without, baselines, due_dates, level or period"
    )


@checker("numbers")
def numbers(spec: dict, answer: Any) -> CheckResult:
    """Scores worked out by hand, compared with okrkit.scoring on the exercise's own set."""
    got = _letters(spec, answer)
    if isinstance(got, CheckResult):
        return got
    s = loads(spec["okrs"], source=spec["id"])
    reqs = []
    for item in spec["items"]:
        letter, how = item["letter"], item["compute"]
        kind, index = next(iter(how.items()))
        if kind == "kr":
            kr = s.key_results[index]
            expected: Any = kr_progress(kr)
            work = f"({kr.current:g} − {kr.baseline:g}) / ({kr.target:g} − {kr.baseline:g}) = {expected:.2f}"
        elif kind == "objective":
            expected = objective_score(s.objectives[index])
            parts = [f"{kr_progress(k):.2f}" for k in s.objectives[index].key_results]
            work = f"mean of {', '.join(parts)} = {expected:.2f}"
        elif kind == "point":
            g = objective_score(s.objectives[index])
            expected = to_four_point(g)
            work = f"a grade of {g:.2f} is point {expected} on the 1–4 scale"
        elif kind == "band":
            g = objective_score(s.objectives[index])
            expected = band(g)
            work = f"a grade of {g:.2f} falls in the {expected} band"
        else:
            raise ValueError(f"{spec['id']}: item {letter}: unknown compute {kind!r}")
        label = f"{letter} · {item['question']}"
        raw = got.get(letter)
        if raw is None or str(raw).strip() == "":
            reqs.append(_req(letter, label, False, "no answer yet", item["teach"].strip()))
            continue
        if isinstance(expected, str):
            read = match_choice(raw, item.get("choices") or {expected: []})
            ok = read.label == expected
            near = f" '{raw}' seems closest to '{read.closest}'." if read.label is None and read.closest else ""
            reqs.append(
                _req(
                    letter,
                    label,
                    ok,
                    f"{raw}" + (f" — {work}" if ok else ""),
                    f"{item['teach'].strip()} Worked out: {work}.{near}",
                )
            )
            continue
        try:
            value = float(str(raw).strip().rstrip("%"))
        except ValueError:
            reqs.append(_req(letter, label, False, f"'{raw}' is not a number", "Give a number such as 0.45."))
            continue
        note = ""
        if kind != "point" and 1 < value <= 100:
            value, note = value / 100, " (read as a percentage)"
        tol = float(item.get("tolerance", 0.02))
        ok = abs(value - expected) <= tol
        reqs.append(
            _req(
                letter,
                label,
                ok,
                f"{raw}{note}" + (f" — {work}" if ok else ""),
                f"{item['teach'].strip()} Worked out: {work}.",
            )
        )
    return _result(spec, reqs)
