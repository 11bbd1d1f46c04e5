"""JupyterLab in a real browser: lessons 03 and 04 run, the builder checks what is typed, the charts render offline.

Debian's Chromium driven by Playwright (fixtures in conftest.py). Skips with a reason where Chromium is missing;
fails in CI (CI=true). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import BIN, free_port, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]
LONG = 120_000  # ms: run-all on a busy 2-core machine (first kernel, altair's offline bundle)
SHORT = 30_000

# User settings for the test server: no autosave (never write outputs into the notebooks), every cell attached
# to the DOM (so selectors find outputs below the fold), no news toast.
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    """A JupyterLab server on 127.0.0.1 with a token, serving a copy of the lessons and their data."""
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    for name in ("03-writing-okrs.ipynb", "04-scoring-okrs.ipynb"):
        shutil.copy(REPO / "notebooks" / name, root / "notebooks" / name)
    shutil.copytree(REPO / "data" / "examples", root / "data" / "examples")
    settings = tmp_path_factory.mktemp("settings")
    for rel, value in SETTINGS.items():
        p = settings / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={settings / 'workspaces'}",
    ]
    log = root / "jupyter.log"
    proc = start_server(cmd, f"http://127.0.0.1:{port}/api/status?token={token}", log, cwd=root, timeout=120)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "root": root, "log": log}
    finally:
        stop_server(proc)


def _open(browser, lab, notebook: str):
    """A new page with the notebook open (in its own workspace) and its kernel idle."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(SHORT)
    workspace = notebook.split("-")[0]
    page.goto(f"{lab['url']}/lab/workspaces/w{workspace}/tree/notebooks/{notebook}?token={lab['token']}", timeout=LONG)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=LONG)
    _wait(page, "document.body.innerText.includes('| Idle')", "the kernel to start")
    return page


def _dismiss_dialogs(page) -> None:
    """Accept a kernel chooser or any other dialog, if one is open."""
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    while accept.count():
        accept.first.click()
        page.wait_for_timeout(300)


def _wait(page, condition: str, what: str, timeout: int = LONG) -> None:
    """Wait until a JavaScript condition holds, accepting any dialog that pops up meanwhile."""
    for _ in range(timeout // 1000):
        _dismiss_dialogs(page)
        if page.evaluate(f"() => Boolean({condition})"):
            return
        page.wait_for_timeout(1000)
    raise TimeoutError(f"timed out after {timeout // 1000}s waiting for {what}")


def _attached(page, selector: str, what: str, timeout: int = LONG):
    """The first element matching selector, once it is in the page."""
    _wait(page, f"document.querySelector({json.dumps(selector)})", what, timeout)
    return page.locator(selector).first


def _run_all(page) -> None:
    """Run → Run All Cells, from the menu bar."""
    page.locator(".jp-Notebook").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _no_error_outputs(page) -> None:
    """No cell shows a Python traceback or a JavaScript rendering error."""
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert not [t for t in texts if "Traceback" in t or "Error" in t], texts
    body = page.locator(".jp-Notebook").inner_text()
    assert "Error loading script" not in body, "a chart tried to load JavaScript from the internet"
    assert "Error displaying widget" not in body


def test_builder_checks_what_is_typed(browser, lab, artifacts_dir):
    """03: run all; the builder renders; a bad key result typed into it brings its finding."""
    page = _open(browser, lab, "03-writing-okrs.ipynb")
    try:
        _run_all(page)
        builder = _attached(page, ".okrkit-builder", "the OKR builder")
        builder.scroll_into_view_if_needed()
        findings = page.locator(".okrkit-builder-findings")
        # the starting draft has one key result: the checker asks for a second
        _wait(
            page,
            "document.querySelector('.okrkit-builder-findings')?.innerText.includes('OKR301')",
            "the builder's first findings",
        )
        assert "OKR103" not in findings.inner_text()
        krs = page.locator(".okrkit-builder-krs textarea")
        krs.click()
        page.keyboard.press("Control+End")
        page.keyboard.type("\nLaunch the new onboarding flow", delay=30)
        page.wait_for_function(
            "(() => { const t = document.querySelector('.okrkit-builder-findings').innerText;"
            " return t.includes('OKR103') && t.includes('Launch the new onboarding flow'); })()",
            timeout=SHORT,
        )  # typed a key at a time: wait for the whole statement, not the first finding on a part of it
        text = findings.inner_text()
        assert "Launch the new onboarding flow" in text and "initiative" in text
        # two key results now: the too-few warning is gone
        assert "OKR301" not in text
        builder.screenshot(path=str(artifacts_dir / "lab-03-builder-finding.png"))
        page.locator(".okrkit-builder button", has_text="Export YAML").click()
        yaml_box = page.locator(".okrkit-builder-yaml textarea")
        page.wait_for_function(
            "(document.querySelector('.okrkit-builder-yaml textarea') || {}).value"
            "?.includes('Launch the new onboarding flow')",
            timeout=SHORT,
        )
        assert "objectives:" in yaml_box.input_value()
        _attached(page, ".okrkit-check", "the exercise's check")  # the last cell ran too
        _no_error_outputs(page)
        page.screenshot(path=str(artifacts_dir / "lab-03-writing-okrs.png"))
    except Exception:
        page.screenshot(path=str(artifacts_dir / "lab-03-failure.png"))
        raise
    finally:
        page.close()


def test_sliders_drive_an_offline_chart(browser, lab, artifacts_dir):
    """04: run all; the sliders and the altair charts render with no network; moving a slider redraws the chart."""
    page = _open(browser, lab, "04-scoring-okrs.ipynb")
    try:
        _run_all(page)
        board = _attached(page, ".okrkit-score-sliders", "the check-in sliders")
        _attached(
            page,
            ".okrkit-score-sliders .vega-embed svg, .okrkit-score-sliders .vega-embed canvas",
            "the progress chart",
        )
        chart = board.locator(".vega-embed svg, .vega-embed canvas").first
        board.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        assert page.locator(".okrkit-kr-slider").count() == 3
        assert page.locator(".vega-embed svg, .vega-embed canvas").count() >= 3  # scale, progress, pace charts
        board.screenshot(path=str(artifacts_dir / "lab-04-sliders-before.png"))
        before = chart.screenshot()
        summary = board.locator(".okrkit-rollup").inner_text()
        # move KR1 up with the keyboard: the slider's handle takes arrow keys
        handle = page.locator(".okrkit-kr-slider .noUi-handle").first
        handle.focus()
        for _ in range(12):
            handle.press("ArrowRight")
        page.wait_for_function(
            "s => document.querySelector('.okrkit-rollup').innerText !== s", arg=summary, timeout=SHORT
        )
        page.wait_for_timeout(1500)  # let vega redraw
        after = chart.screenshot()
        assert after != before, "the chart did not change when a slider moved"
        board.screenshot(path=str(artifacts_dir / "lab-04-sliders-after.png"))
        _attached(page, ".okrkit-check", "the exercise's check")
        _no_error_outputs(page)
        page.screenshot(path=str(artifacts_dir / "lab-04-scoring-okrs.png"))
    except Exception:
        page.screenshot(path=str(artifacts_dir / "lab-04-failure.png"))
        raise
    finally:
        page.close()


def test_dollar_amounts_stay_text(browser, lab, artifacts_dir):
    """'$1.2M to $2M' in the kit's HTML output is not typeset as math (JupyterLab runs MathJax on HTML outputs)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("MathJax is on here: $x^2$"),
        nbformat.v4.new_code_cell(
            "from okrkit.render.cards import compare\ncompare('Grow ARR from $1.2M to $2M by 2026-12-31')"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab["root"] / "notebooks" / "mathjax-dollars.ipynb")
    page = _open(browser, lab, "mathjax-dollars.ipynb")
    try:
        _run_all(page)
        shown = _attached(page, ".okrkit-compare", "the compared statement")
        _wait(page, "document.querySelector('.jp-MarkdownOutput mjx-container')", "MathJax in the markdown cell")
        page.wait_for_timeout(1500)  # give MathJax time to typeset the output too, if it were going to
        assert shown.locator("mjx-container").count() == 0
        assert "Grow ARR from $1.2M to $2M" in shown.inner_text()
        _no_error_outputs(page)
        shown.screenshot(path=str(artifacts_dir / "lab-dollars.png"))
    except Exception:
        page.screenshot(path=str(artifacts_dir / "lab-dollars-failure.png"))
        raise
    finally:
        page.close()


def test_kit_tables_are_left_aligned(browser, lab, artifacts_dir):
    """Text in every table the kit renders reads from the left (JupyterLab right-aligns table cells by default)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from okrkit.assignment import check_all, load_assignment\nhw = load_assignment('assignment-03')\nhw"
        ),
        nbformat.v4.new_code_cell("hw.question('prime')"),
        nbformat.v4.new_code_cell(
            "check_all({'prime': 'objectives:\\n  - objective: More people love Prime\\n    key_results:\\n"
            "      - Launch new Prime landing page\\n'}, assignment='assignment-03')"
        ),
        nbformat.v4.new_code_cell("from okrkit.lessons import exercise\nexercise('02-outcome-or-output')"),
        nbformat.v4.new_code_cell(
            "from okrkit.render.cards import show_key_result\n"
            "show_key_result('Raise revenue from $4M to $4.1M by 2026-12-31')"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab["root"] / "notebooks" / "tables-left.ipynb")
    page = _open(browser, lab, "tables-left.ipynb")
    try:
        _run_all(page)
        for selector in (".okrkit-assignment", ".okrkit-question", ".okrkit-total", ".okrkit-exercise", ".okrkit-kr"):
            _attached(page, f"{selector} table", f"the table in {selector}")
        cells = page.evaluate(
            """() => [...document.querySelectorAll('.jp-OutputArea [class*="okrkit-"] td')]
                 .map(td => [td.innerText.trim(), getComputedStyle(td).textAlign])"""
        )
        text_cells = [(t, a) for t, a in cells if any(c.isalpha() for c in t)]
        assert len(text_cells) >= 10, cells
        right = [(t, a) for t, a in text_cells if a not in ("left", "start")]
        assert not right, f"text cells not left-aligned: {right[:5]}"
        assert "$4M" in page.locator(".okrkit-kr").inner_text()
        _no_error_outputs(page)
        for selector, name in ((".okrkit-question", "question"), (".okrkit-total", "total")):
            page.locator(selector).first.screenshot(path=str(artifacts_dir / f"lab-tables-{name}.png"))
        page.screenshot(path=str(artifacts_dir / "lab-tables.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(artifacts_dir / "lab-tables-failure.png"))
        raise
    finally:
        page.close()
