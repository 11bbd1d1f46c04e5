"""Altair charts of OKR progress: small declarative objects, returned for the caller to display."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import altair as alt

from okrkit.model import OKRSet
from okrkit.render.theme import BAND_COLORS, MUTED, NO_SCORE, SERIES_COLORS, TEXT
from okrkit.scoring import BANDS, FOUR_POINT, band, elapsed, kr_progress, objective_score, to_four_point

STRETCH_SUCCESS = 0.7


def _short(text: str, limit: int = 42) -> str:
    """A statement cut to fit an axis label."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _round(x: float | None) -> float | None:
    """A grade rounded as it is shown (3 places), so its band matches the number a student reads."""
    return None if x is None else round(x, 3)


def _band_scale() -> alt.Scale:
    """The fixed band → colour scale, so a colour always means the same band."""
    names = [name for _, name, _ in BANDS] + ["not scored"]
    return alt.Scale(domain=names, range=[BAND_COLORS[n] for n in names[:-1]] + [NO_SCORE])


def progress_rows(okrs: OKRSet, as_of: date | None = None) -> list[dict]:
    """One row per key result and one roll-up row per objective: progress, band, 1–4 point, expected pace."""
    as_of = as_of or okrs.as_of
    many = len(okrs.objectives) > 1
    rows: list[dict] = []
    for oi, obj in enumerate(okrs.objectives, 1):
        prefix = f"O{oi} " if many else ""
        score = _round(objective_score(obj))
        rows.append(
            {
                "label": f"{prefix}Objective (roll-up)",
                "text": obj.objective,
                "kind": "objective",
                "progress": score if score is not None else 0.0,
                "scored": score is not None,
                "band": band(score) if score is not None else "not scored",
                "grade4": to_four_point(score) if score is not None else None,
                "expected": None,
                "current": None,
                "order": len(rows),
            }
        )
        for ki, kr in enumerate(obj.key_results, 1):
            p = _round(kr_progress(kr))
            end = kr.due or okrs.end
            expected = elapsed(okrs.start, end, as_of) if okrs.start and end and as_of else None
            rows.append(
                {
                    "label": f"{prefix}KR{ki} · {_short(kr.text)}",
                    "text": kr.text,
                    "kind": "key result",
                    "progress": p if p is not None else 0.0,
                    "scored": p is not None,
                    "band": band(p) if p is not None else "not scored",
                    "grade4": to_four_point(p) if p is not None else None,
                    "expected": round(expected, 3) if expected is not None else None,
                    "current": kr.current,
                    "order": len(rows),
                }
            )
    return rows


def progress_chart(
    okrs: OKRSet | Sequence[dict],
    *,
    as_of: date | None = None,
    title: str | None = "Progress this period",
    width: int = 460,
) -> alt.LayerChart:
    """A bar per key result (and the objective's roll-up) coloured by band, with the 0.7 line and expected pace."""
    rows = progress_rows(okrs, as_of) if isinstance(okrs, OKRSet) else list(okrs)
    order = [r["label"] for r in rows]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar(height=18).encode(
        y=y,
        x=alt.X("progress:Q", scale=alt.Scale(domain=[0, 1]), title="progress (0.0–1.0)"),
        color=alt.Color(
            "band:N", scale=_band_scale(), title="band", legend=alt.Legend(orient="bottom", direction="horizontal")
        ),
        opacity=alt.condition(alt.datum.kind == "objective", alt.value(1.0), alt.value(0.85)),
        stroke=alt.condition(alt.datum.kind == "objective", alt.value(TEXT), alt.value(None)),
        tooltip=[
            alt.Tooltip("text:N", title="statement"),
            alt.Tooltip("progress:Q", format=".2f"),
            alt.Tooltip("grade4:Q", title="1–4 point"),
            alt.Tooltip("band:N"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, x="progress:Q", text=alt.Text("progress:Q", format=".2f")
    )
    pace = (
        base.transform_filter("datum.expected != null")
        .mark_tick(color=TEXT, thickness=2, size=22)
        .encode(y=y, x="expected:Q", tooltip=[alt.Tooltip("expected:Q", format=".0%", title="steady pace would be")])
    )
    line = (
        alt.Chart(alt.Data(values=[{"x": STRETCH_SUCCESS, "note": "0.7: stretch success"}]))
        .mark_rule(strokeDash=[4, 3], color=MUTED)
        .encode(x="x:Q", tooltip=["note:N"])
    )
    note = (
        alt.Chart(alt.Data(values=[{"x": STRETCH_SUCCESS, "note": "0.7"}]))
        .mark_text(dy=-6, align="center", baseline="bottom", color=MUTED, fontSize=10)
        .encode(x="x:Q", y=alt.value(0), text="note:N")
    )
    chart = alt.layer(bars, labels, pace, line, note).properties(width=width, height=max(60, 30 * len(rows)))
    if not title:
        return chart
    subtitle = (
        "black tick: where a steady pace would be today · dashed line: 0.7, success on a stretch objective"
        if any(r.get("expected") is not None for r in rows)
        else "dashed line: 0.7, success on a stretch objective"
    )
    return chart.properties(title=alt.TitleParams(title, subtitle=subtitle, subtitleColor=MUTED))


def _history_dates(history: Iterable[dict]) -> list[tuple[date, list]]:
    """Check-ins as (date, values) pairs in date order."""
    out = []
    for entry in history:
        day = entry["as_of"]
        out.append((day if isinstance(day, date) else date.fromisoformat(str(day)), list(entry["current"])))
    return sorted(out, key=lambda pair: pair[0])


def pace_rows(okrs: OKRSet, history: Iterable[dict]) -> list[dict]:
    """Progress of every key result at each check-in ({'as_of': date, 'current': [one value per KR]})."""
    krs = okrs.key_results
    rows = []
    for day, values in _history_dates(history):
        if len(values) != len(krs):
            raise ValueError(
                f"check-in {day}: {len(values)} values for {len(krs)} key results; "
                "give one value per key result, in order"
            )
        for i, (kr, value) in enumerate(zip(krs, values), 1):
            if value is None:
                continue
            p = kr_progress(kr, value)
            if p is not None:
                rows.append(
                    {
                        "date": day.isoformat(),
                        "kr": f"KR{i} · {_short(kr.text, 34)}",
                        "progress": round(p, 3),
                        "value": value,
                    }
                )
    return rows


def pace_chart(
    okrs: OKRSet,
    history: Iterable[dict],
    *,
    as_of: date | None = None,
    title: str | None = "Pace over the quarter",
    width: int = 460,
) -> alt.LayerChart:
    """Each key result's progress over the period against the straight line a steady pace would follow."""
    if not (okrs.start and okrs.end):
        raise ValueError("the set has no period: give it 'period:' (e.g. 2026-Q3) or 'start:' and 'end:'")
    rows = pace_rows(okrs, history)
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[okrs.start.isoformat(), okrs.end.isoformat()]))
    steady = (
        alt.Chart(
            alt.Data(
                values=[
                    {"date": okrs.start.isoformat(), "progress": 0.0},
                    {"date": okrs.end.isoformat(), "progress": 1.0},
                ]
            )
        )
        .mark_line(strokeDash=[6, 4], color=NO_SCORE)
        .encode(x=x, y="progress:Q")
    )
    lines = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("progress:Q", scale=alt.Scale(domain=[0, 1]), title="progress (0.0–1.0)"),
            color=alt.Color(
                "kr:N",
                title="key result",
                scale=alt.Scale(range=SERIES_COLORS),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=320),
            ),
            tooltip=["kr:N", alt.Tooltip("date:T"), "value:Q", alt.Tooltip("progress:Q", format=".2f")],
        )
    )
    layers = [steady, lines]
    day = as_of or okrs.as_of
    if day:
        layers.append(
            alt.Chart(alt.Data(values=[{"date": day.isoformat(), "note": "today"}]))
            .mark_rule(color=TEXT)
            .encode(x=x, tooltip=["note:N"])
        )
    chart = alt.layer(*layers).properties(width=width, height=240)
    if not title:
        return chart
    return chart.properties(
        title=alt.TitleParams(
            title,
            subtitle="dashed line: a steady pace from baseline to target" + (" · black line: today" if day else ""),
            subtitleColor=MUTED,
        )
    )


def scale_rows() -> list[dict]:
    """The 0–1 bands and the 1–4 points side by side, from okrkit.scoring's tables."""
    rows = []
    lower = 0.0
    for upper, name, meaning in BANDS:
        rows.append(
            {
                "scale": "0.0–1.0 band",
                "from": lower,
                "to": min(upper, 1.0),
                "label": name,
                "meaning": meaning,
                "band": name,
            }
        )
        lower = upper
    points = list(FOUR_POINT)
    for i, (lowest, point, word, _) in enumerate(points):
        upper = points[i + 1][0] if i + 1 < len(points) else 1.0
        rows.append(
            {
                "scale": "1–4 point",
                "from": lowest,
                "to": upper,
                "label": f"{point} {word}" if upper - lowest >= 0.15 else str(point),
                "meaning": word,
                "band": band(lowest),
            }
        )
    return rows


def scale_chart(width: int = 520) -> alt.LayerChart:
    """A strip showing how a 0.0–1.0 grade reads as a band and as a 1–4 point."""
    base = alt.Chart(alt.Data(values=scale_rows()))
    bars = base.mark_bar(stroke="white", strokeWidth=2).encode(
        y=alt.Y("scale:N", title=None, sort=["0.0–1.0 band", "1–4 point"]),
        x=alt.X("from:Q", scale=alt.Scale(domain=[0, 1]), title="grade"),
        x2="to:Q",
        color=alt.Color("band:N", scale=_band_scale(), legend=None),
        tooltip=[
            "scale:N",
            "label:N",
            "meaning:N",
            alt.Tooltip("from:Q", title="from grade"),
            alt.Tooltip("to:Q", title="up to grade"),
        ],
    )
    text = (
        base.transform_calculate(mid="(datum.from + datum.to) / 2")
        .mark_text(color="white", fontSize=10, fontWeight="bold")
        .encode(y=alt.Y("scale:N", sort=["0.0–1.0 band", "1–4 point"]), x="mid:Q", text="label:N")
    )
    return alt.layer(bars, text).properties(
        width=width,
        height=80,
        title=alt.TitleParams(
            "Reading a 0.0–1.0 grade",
            subtitle="as a band, and as a point on the 1–4 self-evaluation scale",
            subtitleColor=MUTED,
        ),
    )


def cycle_rows(phases: Iterable[dict]) -> list[dict]:
    """Phases of an OKR cycle ({'phase', 'start_week', 'end_week', 'who'}) as chart rows."""
    return [
        {"phase": p["phase"], "start": p["start_week"], "end": p["end_week"], "who": p.get("who", ""), "order": i}
        for i, p in enumerate(phases)
    ]


def cycle_chart(phases: Iterable[dict], width: int = 460) -> alt.Chart:
    """A quarter's OKR cycle as a timeline of phases by week."""
    rows = cycle_rows(phases)
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(cornerRadius=3)
        .encode(
            y=alt.Y("phase:N", sort=[r["phase"] for r in rows], title=None, axis=alt.Axis(labelLimit=400)),
            x=alt.X(
                "start:Q",
                title="week of the quarter (below 0: the weeks before it starts)",
                scale=alt.Scale(domain=[min(-3, *(r["start"] for r in rows)), 13]),
            ),
            x2="end:Q",
            color=alt.Color(
                "who:N", title="who", scale=alt.Scale(range=SERIES_COLORS), legend=alt.Legend(orient="bottom")
            ),
            tooltip=["phase:N", "who:N", "start:Q", "end:Q"],
        )
        .properties(width=width, height=28 * max(1, len(rows)), title="One quarter's OKR cycle")
    )


def week_date(start: date, week: int) -> date:
    """The date a given number of weeks into a period."""
    return start + timedelta(weeks=week)
