"""The class report: a graded class as one offline HTML page, and altair charts of it for notebooks.

The page (``report_html``) is tables and inline SVG drawn by Jinja templates from plain Python data: no script,
no network, and nothing heavy to import while grading. The altair charts (``charts``) are the same views as
declarative objects for a notebook (okrkit[report]).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import Any

from markupsafe import Markup

from okrkit.grade.status import GRADED
from okrkit.render.html import render
from okrkit.render.labels import category_label
from okrkit.render.numbers import fmt_points
from okrkit.render.theme import ACCENT, BAND_COLORS, SEVERITY_COLORS, TEXT
from okrkit.render.words import counted

__all__ = [
    "category_heatmap",
    "category_label",
    "charts",
    "findings_by_category",
    "findings_by_category_data",
    "findings_per_question",
    "grade_distribution",
    "points_per_question",
    "report_html",
    "requirement_rates",
    "student_table",
    "summary_html",
]

_SEVERITY_ORDER = ("error", "warning")
_GRADE_BANDS = (  # on bin edges
    ("under 50%", BAND_COLORS["red"]),
    ("50% to 80%", BAND_COLORS["yellow"]),
    ("80% and over", BAND_COLORS["green"]),
)
_LABELS_UP_TO = 80  # show student ids on the heatmap up to this many students


def _band(share: float) -> str:
    """The grade band of a share of the points."""
    return _GRADE_BANDS[0][0] if share < 0.5 else (_GRADE_BANDS[1][0] if share < 0.8 else _GRADE_BANDS[2][0])


def _whole_ticks(top: float, steps: int) -> list[int]:
    """Ticks for a scale that counts (students, findings): whole numbers from 0 up to top, 1, 2 or 5 × 10ⁿ apart,
    at most steps + 1 of them. (Vega's own ticks fall on halves even with tickMinStep=1, and format 'd' then
    shows 0, 1, 1, 2, 2.)"""
    step = next(s for s in (k * 10**p for p in itertools.count() for k in (1, 2, 5)) if top <= s * steps)
    return list(range(0, math.floor(top) + 1, step))


def _fullest_bin(totals: list[float], mx: float, step: float) -> int:
    """How many totals the histogram's highest bar holds (binned as Vega does: the top edge joins the last bin)."""
    last = math.ceil(mx / step) * step - step
    return max(Counter(math.floor(1e-14 + min(max(t, 0.0), last) / step) for t in totals).values(), default=0)


# ── data ──────────────────────────────────────────────────────────────────────────────────
def _graded(gb: Any) -> list:
    """Rows that have points (graded in full, or in part when an answer could not be read)."""
    return [r for r in gb.rows if r.total is not None]


def findings_by_category_data(gb: Any) -> list[dict]:
    """Flagged findings counted per category and severity, with the number of students affected."""
    table = gb.findings_table()
    if table.empty:
        return []
    count = table.groupby(["category", "severity"]).size()
    students = table.groupby("category")["id"].nunique()
    totals = count.groupby(level="category").sum()
    order = sorted(totals.index, key=lambda c: (-totals[c], c))
    return [
        {
            "category": category_label(cat),
            "severity": sev,
            "findings": int(count[(cat, sev)]),
            "students": int(students[cat]),
            "rank": rank,
        }
        for rank, cat in enumerate(order)
        for sev in _SEVERITY_ORDER
        if (cat, sev) in count.index
    ]


# ── charts ────────────────────────────────────────────────────────────────────────────────
def grade_distribution(gb: Any):
    """A histogram of totals (rows with points), coloured by share of the points, with the class mean."""
    import altair as alt

    rows = _graded(gb)
    mx = float(gb.max_points) or 1.0
    values = [{"student": r.student_id, "total": r.total, "band": _band(r.total / mx)} for r in rows]
    step = max(mx / 10, 0.5)
    base = alt.Chart(alt.Data(values=values))
    bars = base.mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X(
            "total:Q",
            bin=alt.Bin(extent=[0, mx], step=step),
            title=f"total points (of {fmt_points(mx)})",
            scale=alt.Scale(domain=[0, mx]),
        ),
        y=alt.Y(
            "count():Q",
            title="students",
            axis=alt.Axis(values=_whole_ticks(_fullest_bin([r.total for r in rows], mx, step), 5), format="d"),
        ),
        color=alt.Color(
            "band:N",
            title="share of the points",
            scale=alt.Scale(domain=[b for b, _ in _GRADE_BANDS], range=[c for _, c in _GRADE_BANDS]),
        ),
        tooltip=[alt.Tooltip("count():Q", title="students")],
    )
    layers = [bars]
    mean = gb.mean()
    if mean is not None:
        rule = (
            alt.Chart(alt.Data(values=[{"mean": mean, "label": f"mean {fmt_points(mean)}"}]))
            .mark_rule(color=TEXT, strokeDash=[4, 3])
            .encode(x="mean:Q", tooltip=[alt.Tooltip("label:N", title="class")])
        )
        text = (
            alt.Chart(alt.Data(values=[{"mean": mean, "label": f"mean {fmt_points(mean)}"}]))
            .mark_text(align="left", dx=4, dy=-4, baseline="bottom", color=TEXT)
            .encode(x="mean:Q", y=alt.value(0), text="label:N")
        )
        layers += [rule, text]
    return alt.layer(*layers).properties(
        width=520, height=220, title=f"Grade distribution ({counted(len(rows), 'student')} with points)"
    )


def points_per_question(gb: Any):
    """Per question: the class's mean share of the points, labelled with mean and median points."""
    import statistics

    import altair as alt

    rows = _graded(gb)
    values = []
    for i, (qid, title, mx) in enumerate(gb.questions):
        pts = [r.points[qid] for r in rows if r.points.get(qid) is not None]
        mean = statistics.fmean(pts) if pts else 0.0
        median = statistics.median(pts) if pts else 0.0
        full = sum(1 for p in pts if p >= mx - 1e-9)
        values.append(
            {
                "question": f"{title or qid} ({qid})",
                "order": i,
                "share": round(mean / mx, 4) if mx else 0,
                "mean": round(mean, 2),
                "median": round(median, 2),
                "max": mx,
                "full": full,
                "label": f"mean {fmt_points(mean)} / {fmt_points(mx)}",
            }
        )
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("question:N", sort=[v["question"] for v in values], title=None, axis=alt.Axis(labelLimit=320))
    )
    bars = base.mark_bar(color=ACCENT).encode(
        x=alt.X(
            "share:Q",
            title="mean share of the question's points",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        tooltip=[
            alt.Tooltip("question:N"),
            alt.Tooltip("mean:Q", title="mean points"),
            alt.Tooltip("median:Q", title="median points"),
            alt.Tooltip("max:Q", title="max points"),
            alt.Tooltip("full:Q", title="students with full points"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, color=TEXT).encode(x="share:Q", text="label:N")
    return (bars + labels).properties(width=420, height=alt.Step(28), title="Points per question")


def findings_by_category(gb: Any, top: int = 12):
    """The most frequent flagged findings by category, stacked by severity."""
    import altair as alt

    values = [v for v in findings_by_category_data(gb) if v["rank"] < top]
    per_category = Counter()
    for v in values:
        per_category[v["category"]] += v["findings"]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(
                "category:N",
                sort=list(dict.fromkeys(v["category"] for v in values)),
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X(
                "sum(findings):Q",
                title="flagged findings (warnings and errors)",
                axis=alt.Axis(values=_whole_ticks(max(per_category.values(), default=0), 10), format="d"),
            ),
            color=alt.Color(
                "severity:N",
                scale=alt.Scale(domain=list(_SEVERITY_ORDER), range=[SEVERITY_COLORS[s] for s in _SEVERITY_ORDER]),
            ),
            order=alt.Order("severity:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("category:N"),
                alt.Tooltip("severity:N"),
                alt.Tooltip("findings:Q"),
                alt.Tooltip("students:Q", title="students with this category"),
            ],
        )
        .properties(width=420, height=alt.Step(22), title="Most frequent findings by category")
    )


def category_heatmap(gb: Any):
    """Students × categories: how many flagged findings of each category every student's answers have
    (students with the most findings at the top)."""
    import altair as alt

    rows = _graded(gb)
    cats = list(dict.fromkeys(v["category"] for v in findings_by_category_data(gb)))
    table = gb.findings_table()
    table = table[table["id"].isin({r.student_id for r in rows})]
    count = {(sid, category_label(cat)): int(n) for (sid, cat), n in table.groupby(["id", "category"]).size().items()}
    ids = [r.student_id for r in sorted(rows, key=lambda r: (-len(r.findings), r.student_id))]  # most first
    values = [
        {"student": sid, "category": cat, "findings": count[(sid, cat)]}
        for sid in ids
        for cat in cats
        if count.get((sid, cat))
    ]
    labelled = len(ids) <= _LABELS_UP_TO
    height: Any = alt.Step(14) if labelled else max(240, min(900, 3 * len(ids)))
    return (
        alt.Chart(alt.Data(values=values))
        .mark_rect()
        .encode(
            x=alt.X(
                "category:N",
                scale=alt.Scale(domain=cats),
                title=None,
                axis=alt.Axis(labelAngle=-35, labelLimit=200, orient="top"),
            ),
            y=alt.Y(
                "student:N",
                scale=alt.Scale(domain=ids),
                title=f"students ({len(ids)})",
                axis=alt.Axis(labels=labelled, ticks=labelled),
            ),
            color=alt.Color(
                "findings:Q",
                title="findings",
                scale=alt.Scale(scheme="orangered", domainMin=0),
                legend=alt.Legend(values=_whole_ticks(max(count.values(), default=0), 4), format="d"),
            ),
            tooltip=[alt.Tooltip("student:N"), alt.Tooltip("category:N"), alt.Tooltip("findings:Q")],
        )
        .properties(width=alt.Step(34), height=height, title="Findings per student and category")
    )


def charts(gb: Any) -> dict[str, Any]:
    """The report's charts by name, in page order."""
    return {
        "grades": grade_distribution(gb),
        "questions": points_per_question(gb),
        "categories": findings_by_category(gb),
        "heatmap": category_heatmap(gb),
    }


# ── HTML ──────────────────────────────────────────────────────────────────────────────────
def summary_html(gb: Any) -> str:
    """The class at a glance (no charts, no scripts): counts by status, mean and median, top findings, errors."""
    return render(
        "report_summary.html",
        gb=gb,
        counts=gb.counts(),
        graded=bool(gb.totals()),
        top=gb.top_findings(8),
        flagged=[r for r in gb.rows if r.status != "ok"],
    )


_EXPLAIN = {
    "grades": "Totals of every graded submission (ok or needs_review), in tenths of the maximum; the dashed line "
    "is the class mean. Colours: under 50%, 50% to 80%, 80% and over.",
    "questions": "How much of each question's points the class earned on average: the lowest bar is the "
    "question to revisit in class.",
    "requirements": "For each requirement of each question: how many graded students met it in full. The lowest "
    "rates say what to teach again.",
    "per_question": "The checker's most frequent warnings and errors in each question's answers.",
    "categories": "Warnings and errors the checker raised, grouped by the kind of mistake. Each category "
    "maps to a lesson: the longest bars say what to reteach.",
    "heatmap": "One row per student, the students with the most findings at the top; one column per category. "
    "Dark cells are students who made that kind of mistake several times.",
    "students": "Every student: status, points, and a link to the feedback page they get.",
}


# ── the page's data, in plain Python (no pandas, no altair: the page is drawn as inline SVG) ─────────
def _histogram(gb: Any) -> dict:
    """The grade distribution's bins: count and band per tenth of the maximum, the mean, and the y ticks."""
    rows = _graded(gb)
    mx = float(gb.max_points) or 1.0
    step = max(mx / 10, 0.5)
    n = max(1, math.ceil(mx / step))
    counts = [0] * n
    for r in rows:
        counts[min(n - 1, max(0, math.floor(1e-14 + r.total / step)))] += 1
    top = max(counts, default=0)
    bins = [
        {"lo": i * step, "hi": min(mx, (i + 1) * step), "count": c, "color": dict(_GRADE_BANDS)[_band(i * step / mx)]}
        for i, c in enumerate(counts)
    ]
    return {"bins": bins, "max": mx, "top": max(top, 1), "ticks": _whole_ticks(top, 5), "mean": gb.mean()}


def _question_bars(gb: Any) -> list[dict]:
    """Per question: the class's mean share of the points, mean and median points, students with full points."""
    import statistics

    rows = _graded(gb)
    out = []
    for qid, title, mx in gb.questions:
        pts = [r.points[qid] for r in rows if r.points.get(qid) is not None]
        mean = statistics.fmean(pts) if pts else 0.0
        out.append(
            {
                "label": f"{title or qid} ({qid})",
                "share": (mean / mx) if mx else 0.0,
                "text": f"mean {fmt_points(mean)} / {fmt_points(mx)} · median "
                f"{fmt_points(statistics.median(pts) if pts else 0.0)} · {sum(p >= mx - 1e-9 for p in pts)} full",
            }
        )
    return out


def requirement_rates(gb: Any) -> list[dict]:
    """Per question and requirement: how many graded students met it in full, of how many."""
    rows = [r for r in gb.rows if r.status in GRADED]
    seen: dict[tuple[str, str], dict] = {}
    for r in rows:
        for qid, rid, label, met in getattr(r, "requirements", []) or []:
            d = seen.setdefault((qid, rid), {"question": qid, "requirement": rid, "label": label, "met": 0, "of": 0})
            d["met"] += bool(met)
            d["of"] += 1
    order = {q: i for i, (q, _, _) in enumerate(gb.questions)}
    out = sorted(seen.values(), key=lambda d: order.get(d["question"], len(order)))
    for d in out:
        d["rate"] = d["met"] / d["of"] if d["of"] else 0.0
    return out


def findings_per_question(gb: Any, top: int = 3) -> list[dict]:
    """Per question: its most frequent flagged findings (code, name, count, students)."""
    count: dict[str, Counter] = {q: Counter() for q, _, _ in gb.questions}
    students: dict[tuple[str, str], set] = {}
    names: dict[str, str] = {}
    for r in gb.rows:
        for qid, code, name, _cat, _sev in r.findings:
            count.setdefault(qid, Counter())[code] += 1
            students.setdefault((qid, code), set()).add(r.student_id)
            names[code] = name
    titles = {q: t or q for q, t, _ in gb.questions}
    return [
        {
            "question": titles.get(qid, qid),
            "findings": [
                {"code": c, "name": names[c], "count": n, "students": len(students[(qid, c)])}
                for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            ],
        }
        for qid, counts in count.items()
    ]


def _categories(gb: Any, top: int = 12) -> tuple[list[dict], int]:
    """Flagged findings per category, split by severity, most frequent first; and the largest total."""
    count: Counter = Counter()
    students: dict[str, set] = {}
    for r in gb.rows:
        for _q, _code, _name, cat, sev in r.findings:
            if sev in _SEVERITY_ORDER:
                count[(cat, sev)] += 1
                students.setdefault(cat, set()).add(r.student_id)
    totals = Counter()
    for (cat, _sev), n in count.items():
        totals[cat] += n
    order = sorted(totals, key=lambda c: (-totals[c], c))[:top]
    bars = [
        {
            "label": category_label(cat),
            "segments": [
                (count[(cat, sev)], SEVERITY_COLORS[sev], f"{count[(cat, sev)]} {sev}s")
                for sev in _SEVERITY_ORDER
                if count[(cat, sev)]
            ],
            "text": f"{totals[cat]} ({counted(len(students[cat]), 'student')})",
        }
        for cat in order
    ]
    return bars, max(totals.values(), default=0)


def _heatmap(gb: Any, cats: list[str]) -> dict:
    """Students × categories: flagged findings per cell, students with the most findings first."""
    rows = _graded(gb)
    count: Counter = Counter()
    for r in rows:
        for _q, _code, _name, cat, _sev in r.findings:
            count[(r.student_id, category_label(cat))] += 1
    ids = [r.student_id for r in sorted(rows, key=lambda r: (-len(r.findings), r.student_id))]
    return {
        "ids": ids,
        "cats": cats,
        "cells": {(sid, c): count[(sid, c)] for sid in ids for c in cats if count[(sid, c)]},
        "top": max(count.values(), default=1),
        "labelled": len(ids) <= _LABELS_UP_TO,
    }


def student_table(gb: Any) -> list[dict]:
    """One line per student: status, total, points per question and the relative link to their feedback page."""
    from urllib.parse import quote

    return [
        {
            "id": r.student_id,
            "status": r.status,
            "total": r.total,
            "points": [r.points.get(q) for q, _, _ in gb.questions],
            "note": r.note or (r.message if r.status != "ok" else ""),
            "href": f"feedback/{quote(r.student_id)}.html",
        }
        for r in gb.rows
    ]


def report_html(gb: Any) -> str:
    """The class report as one self-contained HTML page: summary, tables and charts drawn as inline SVG
    (no script, no network, no altair: it renders in any browser and costs no start-up at grading time)."""
    bars, top = _categories(gb)
    return render(
        "report.html",
        title=gb.title or gb.assignment,
        gb=gb,
        summary=Markup(summary_html(gb)),
        explain=_EXPLAIN,
        histogram=_histogram(gb),
        questions=_question_bars(gb),
        requirements=requirement_rates(gb),
        per_question=findings_per_question(gb),
        categories=bars,
        categories_ticks=_whole_ticks(top, 10),
        categories_top=max(top, 1),
        heatmap=_heatmap(gb, [b["label"] for b in bars]),
        students=student_table(gb),
        band_legend=_GRADE_BANDS,
        severity_legend=[(s, SEVERITY_COLORS[s]) for s in _SEVERITY_ORDER],
    )
