"""The class report: summary tables and altair charts of a graded class, as one offline HTML page.

Charts are small declarative objects returned for the caller (a notebook shows them inline, the page embeds
them); the page carries Vega's JavaScript inline (vl-convert's bundle), so it opens with no network.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from typing import Any

from markupsafe import Markup

from okrkit.render.html import render
from okrkit.render.labels import category_label
from okrkit.render.numbers import fmt_points
from okrkit.render.theme import ACCENT, BAND_COLORS, SEVERITY_COLORS, TEXT

__all__ = [
    "category_heatmap",
    "category_label",
    "charts",
    "findings_by_category",
    "findings_by_category_data",
    "grade_distribution",
    "points_per_question",
    "report_html",
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
        width=520, height=220, title=f"Grade distribution ({len(rows)} students with points)"
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
    "grades": "Totals of every submission with points, in tenths of the maximum; the dashed line is the mean of "
    "the submissions graded in full. Colours: under 50%, 50% to 80%, 80% and over.",
    "questions": "How much of each question's points the class earned on average: the lowest bar is the "
    "question to revisit in class.",
    "categories": "Warnings and errors the checker raised, grouped by the kind of mistake. Each category "
    "maps to a lesson: the longest bars say what to reteach.",
    "heatmap": "One row per student, the students with the most findings at the top; one column per category. "
    "Dark cells are students who made that kind of mistake several times. Hover a cell for the "
    "student's id.",
}
_TITLES = {
    "grades": "Grade distribution",
    "questions": "Points per question",
    "categories": "Most frequent findings by category",
    "heatmap": "Students × categories",
}


def _script_json(data: Any) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one inline script (vl-convert, no network)."""
    import vl_convert as vlc

    try:
        from altair.utils._importers import vl_version_for_vl_convert  # noqa: PLC2701  (altair's own pin)

        js = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    except ImportError:
        js = vlc.javascript_bundle()
    return js.replace("</script", "<\\/script")


def report_html(gb: Any) -> str:
    """The class report as one self-contained HTML page: summary, tables and four charts (JavaScript inline)."""
    specs = {name: chart.to_dict(validate=False) for name, chart in charts(gb).items()}  # tests validate them
    return render(
        "report.html",
        title=gb.title or gb.assignment,
        bundle=Markup(_bundle()),
        summary=Markup(summary_html(gb)),
        sections=[(name, _TITLES[name], _EXPLAIN[name]) for name in specs],
        specs=Markup(_script_json(specs)),
    )
