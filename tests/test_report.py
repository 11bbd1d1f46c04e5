"""okrkit.grade.report: the class report's data and charts, offline HTML, stable output, and a real-browser render."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from okrkit.grade import batch as grading
from okrkit.grade import report
from tests.test_grading import GMAIL, PERSONAL, SPEC, WEAK, write_nb

# the plain category names the report shares with the workshop board (okrkit.render.labels.category_label)
OUTPUT = "Counts work done, not the change it causes"  # output_not_outcome
DEADLINE = "No deadline"  # no_deadline


def _row(sid, total, points, findings=(), status="ok"):
    return grading.Row(sid, status, total, points, "", f"{sid}.ipynb", list(findings))


@pytest.fixture
def gb() -> grading.Gradebook:
    """A hand-made gradebook: numbers known in advance, ids that try to break out of HTML and scripts."""
    qs = [("q1", "First", 10.0), ("q2", "Second", 20.0)]
    f = lambda q, code, cat, sev="warning": (q, code, f"name-{code}", cat, sev)  # noqa: E731
    rows = [
        _row(
            "amy",
            20.0,
            {"q1": 10.0, "q2": 10.0},
            [
                f("q1", "OKR101", "output_not_outcome"),
                f("q2", "OKR101", "output_not_outcome"),
                f("q2", "OKR111", "no_deadline", "error"),
            ],
        ),
        _row(
            "</script><script>alert(1)</script>",
            12.0,
            {"q1": 2.0, "q2": 10.0},
            [f("q1", "OKR101", "output_not_outcome")],
        ),
        _row("cy", 30.0, {"q1": 10.0, "q2": 20.0}),
        _row("dee", None, {"q1": None, "q2": None}, status="error"),
        _row("eli", None, {"q1": None, "q2": None}, status="missing"),
    ]
    return grading.Gradebook("hw", "Homework <1>", qs, 30.0, rows)


def _values(chart) -> list[dict]:
    spec = chart.to_dict()
    data = spec.get("data") or spec.get("layer", [spec])[0]["data"]
    return data["values"]


def test_grade_distribution_uses_every_total(gb):
    values = _values(report.grade_distribution(gb))
    assert sorted(v["total"] for v in values) == [12.0, 20.0, 30.0]
    assert {v["band"] for v in values} == {"under 50%", "50% to 80%", "80% and over"}
    assert f"mean {gb.mean():g}" in json.dumps(report.grade_distribution(gb).to_dict())


def test_points_per_question_are_class_means(gb):
    values = {v["question"]: v for v in _values(report.points_per_question(gb))}
    q1, q2 = values["First (q1)"], values["Second (q2)"]
    assert q1["mean"] == pytest.approx((10 + 2 + 10) / 3, abs=0.01) and q1["full"] == 2
    assert q2["share"] == pytest.approx((10 + 10 + 20) / 3 / 20, abs=1e-4)


def test_findings_by_category_counts_flagged_findings(gb):
    data = report.findings_by_category_data(gb)
    by = {(d["category"], d["severity"]): d for d in data}
    assert by[(OUTPUT, "warning")]["findings"] == 3
    assert by[(OUTPUT, "warning")]["students"] == 2
    assert by[(DEADLINE, "error")]["findings"] == 1
    assert [d["category"] for d in data][0] == OUTPUT  # most frequent first


def test_heatmap_has_a_row_per_student_with_points(gb):
    spec = report.category_heatmap(gb).to_dict()
    cells = Counter({(v["student"], v["category"]): v["findings"] for v in spec["data"]["values"]})
    assert cells[("amy", OUTPUT)] == 2 and cells[("amy", DEADLINE)] == 1
    # most findings first, then by id; students with no finding keep a (blank) row
    assert spec["encoding"]["y"]["scale"]["domain"] == ["amy", "</script><script>alert(1)</script>", "cy"]


def test_report_is_offline_and_escapes_student_text(gb):
    page = report.report_html(gb)
    assert "<script" not in page and "<link" not in page  # charts are inline SVG: nothing to load or run
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert sorted(re.findall(r'data-chart="(\w+)"', page)) == ["categories", "grades", "heatmap", "questions"]
    assert "<script>alert(1)" not in page and "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert "Homework &lt;1&gt;" in page


def test_report_has_requirement_pass_rates_findings_per_question_and_a_student_table():
    """Issue 12, failure 7: per-requirement pass rates, the most common findings per question, and a table
    linking every student's feedback page."""
    rows = [
        grading.Row(
            "amy",
            "ok",
            10.0,
            {"q1": 10.0},
            requirements=[("q1", "r1", "Has a deadline", True)],
            findings=[("q1", "OKR111", "no-deadline", "no_deadline", "warning")],
        ),
        grading.Row(
            "bo b",
            "needs_review",
            2.0,
            {"q1": 2.0},
            note="q1: two answer cells",
            requirements=[("q1", "r1", "Has a deadline", False)],
            findings=[("q1", "OKR111", "no-deadline", "no_deadline", "warning")],
        ),
        grading.Row("cy", "error", None, {"q1": None}, message="not valid notebook JSON"),
    ]
    gb = grading.Gradebook("hw", "Homework", [("q1", "First", 10.0)], 10.0, rows)
    rates = report.requirement_rates(gb)
    assert rates == [{"question": "q1", "requirement": "r1", "label": "Has a deadline", "met": 1, "of": 2, "rate": 0.5}]
    per_q = report.findings_per_question(gb)
    assert per_q == [
        {"question": "First", "findings": [{"code": "OKR111", "name": "no-deadline", "count": 2, "students": 2}]}
    ]
    page = report.report_html(gb)
    assert "Has a deadline" in page and "1 / 2" in page and "50%" in page
    for href in ('href="feedback/amy.html"', 'href="feedback/bo%20b.html"', 'href="feedback/cy.html"'):
        assert href in page
    assert "q1: two answer cells" in page and "not valid notebook JSON" in page


def test_the_report_needs_neither_altair_nor_pandas(tmp_path):
    """The page is drawn at grading time without the heavy libraries (issue 12: speed of a class of 40)."""
    subs = tmp_path / "subs"
    write_nb(subs / "a.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    code = (
        "import sys; from okrkit.grade import batch as grading; "
        f"grading.grade_class({SPEC!r}, {str(subs)!r}, {str(tmp_path / 'out')!r}, jobs=1, progress=False); "
        "print(sorted(m for m in ('pandas', 'altair', 'vl_convert') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]" and (tmp_path / "out" / "report.html").stat().st_size > 5_000


def test_summary_html_shows_counts_and_the_rows_to_look_at(gb):
    html = report.summary_html(gb)
    assert "<b>3</b> ok" in html and "<b>1</b> error" in html and "<b>1</b> missing" in html
    assert "OKR101" in html and OUTPUT in html
    assert "dee" in html and "eli" in html
    assert "<script>" not in html


def test_report_is_byte_identical_across_processes(tmp_path):
    """altair must not number its charts or params differently from one run to the next."""
    subs = tmp_path / "subs"
    write_nb(subs / "a.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    write_nb(subs / "b.ipynb", {"gmail": WEAK})
    code = (
        "import sys; from okrkit.grade import batch as grading, report; "
        f"gb = grading.grade_class({SPEC!r}, {str(subs)!r}, None, jobs=1, progress=False); "
        "report.report_html(gb); sys.stdout.write(report.report_html(gb))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0]) > 5_000


# ── in a real browser ─────────────────────────────────────────────────────────────────────
def _chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path:
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true and Chromium is not installed: .ci/run must install it (apt-get install chromium)")
    pytest.skip("Chromium is not installed; install Debian's chromium to run the browser check")


_BROWSER_CHECK = """
import json, sys
from playwright.sync_api import sync_playwright
page_path, shot, chromium, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
outside = []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=args)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(page_path)
    page.wait_for_function("document.querySelectorAll('.chart svg').length === 4", timeout=30000)  # drawn inline
    result = {"svgs": page.locator(".chart svg").count(), "errors": page.locator(".chart-error").count(),
              "marks": page.locator(".chart svg path, .chart svg rect").count(), "outside": outside}
    page.screenshot(path=shot, full_page=True)
    browser.close()
print(json.dumps(result))
"""


def test_report_renders_offline_in_chromium(tmp_path):
    """Four charts drawn from the inline JavaScript, with no request leaving the page (own process: the
    browser tests' session keeps a Playwright loop running in this one)."""
    chromium = _chromium()
    pytest.importorskip("playwright.sync_api")
    from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS

    subs = tmp_path / "subs"
    write_nb(subs / "a.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    write_nb(subs / "b.ipynb", {"gmail": WEAK, "prime": WEAK})
    (subs / "c.ipynb").write_text("not json")
    grading.grade_class(SPEC, subs, tmp_path / "out", jobs=1, progress=False)
    ARTIFACTS.mkdir(exist_ok=True)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            _BROWSER_CHECK,
            (tmp_path / "out" / "report.html").as_uri(),
            str(ARTIFACTS / "class-report.png"),
            chromium,
            json.dumps(CHROMIUM_ARGS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["svgs"] == 4 and result["errors"] == 0 and result["marks"] > 20
    assert result["outside"] == []


def test_every_chart_is_a_valid_vega_lite_spec(gb):
    """The page skips altair's validation for speed; here every chart is validated against the schema."""
    for name, chart in report.charts(gb).items():
        spec = chart.to_dict(validate=True)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), name


def test_counts_of_one_are_singular_in_the_report_and_the_summary():
    """QA pass: the grade histogram said '70 to 80 points: 1 students'; a lone finding said '(1 students)'."""
    rows = [
        grading.Row(
            "amy", "ok", 10.0, {"q1": 10.0}, findings=[("q1", "OKR111", "no-deadline", "no_deadline", "warning")]
        ),
        grading.Row("bo", "ok", 2.0, {"q1": 2.0}),
    ]
    gb = grading.Gradebook("hw", "Homework", [("q1", "First", 10.0)], 10.0, rows)
    page = report.report_html(gb)
    assert ": 1 student<" in page and "1 students" not in page
    assert "(1 student)" in page
    summary = gb.summary()
    assert "(1 student)" in summary and "1 students" not in summary
    one = grading.Gradebook("hw", "Homework", [("q1", "First", 10.0)], 10.0, rows[:1])
    assert "1 submission —" in one.summary() and "1 submission —" in report.summary_html(one)
