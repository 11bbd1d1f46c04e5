"""The Voilà workshop app as a coach opens it (issue 13, coaches 4 and 5): nothing leaves the machine, nothing
overflows or is cut, no stray output, and a closed page's kernel is culled.

Voilà is started the way the README says (`okrkit workshop` from the repository root), so the kit's Voilà
settings (okrkit/workshop/voila_app/) are in effect. Screenshots: test-artifacts/voila-app-*.png.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import BIN, free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
LOAD = 180_000  # ms: a fresh kernel runs the whole board on a busy 2-core machine
VIEWPORT = {"width": 1280, "height": 900}


def _voila(port: int, *settings: str) -> list[str]:
    """The kit's launch command (`okrkit workshop`, run from the repository root) on a test port."""
    return [str(BIN / "okrkit"), "workshop", "--no-browser", f"--port={port}", *settings]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Voilà serving the workshop notebook with the repository's own configuration."""
    port = free_port()
    log = tmp_path_factory.mktemp("voila-app") / "voila.log"
    proc = start_server(_voila(port), f"http://127.0.0.1:{port}/", log, cwd=ROOT)
    yield {"url": f"http://127.0.0.1:{port}/", "log": log}
    stop_server(proc)


@pytest.fixture(scope="module")
def page(browser, app, artifacts_dir):
    """The app loaded once, every cell rendered, scrolled through so every widget is laid out."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(app["url"], timeout=LOAD)
    page.locator(".okr-teams .okr-team").first.wait_for(state="visible", timeout=LOAD)
    page.locator("#rendered_cells .jp-Cell").last.wait_for(state="attached", timeout=LOAD)
    page.wait_for_function(
        "() => !document.querySelector('#loading') || document.querySelector('#loading').offsetParent === null",
        timeout=LOAD,
    )
    page.wait_for_timeout(1500)  # widgets finish their layout
    page.screenshot(path=str(artifacts_dir / "voila-app-full.png"), full_page=True)
    yield page
    page.close()


def test_nothing_is_loaded_from_the_internet(page, browser):
    """Loading the app sends no request past 127.0.0.1 (the classroom may have no internet; see conftest.offline)."""
    outside, browser.outside[:] = list(browser.outside), []
    assert not outside, f"the app tried to reach the internet: {outside}"


def test_the_app_ends_without_a_bare_value(page, artifacts_dir):
    """No cell shows a bare Python value such as `[]` (a returned list, None, an empty dict)."""
    outputs = page.locator("#rendered_cells .jp-OutputArea-output")
    texts = [outputs.nth(i).inner_text().strip() for i in range(outputs.count())]
    bare = [t for t in texts if re.fullmatch(r"\[\]|\{\}|\(\)|None|True|False", t)]
    page.locator("#rendered_cells .jp-Cell").last.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "voila-app-end.png"))
    assert not bare, f"the app shows bare values: {bare}"


def test_button_labels_are_not_cut(page, artifacts_dir):
    """Every button's label fits inside the button (no '…'): scrollWidth <= clientWidth."""
    cut = page.evaluate(
        """() => [...document.querySelectorAll('#rendered_cells button')]
            .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth)
            .map(b => `${b.innerText.trim()} (${b.scrollWidth} > ${b.clientWidth})`)"""
    )
    export = page.locator("button", has_text="Export YAML")
    export.scroll_into_view_if_needed()
    export.locator("xpath=../..").screenshot(path=str(artifacts_dir / "voila-app-export.png"))
    assert export.count() == 1
    assert not cut, f"cut button labels: {cut}"


@pytest.mark.parametrize("width", [1280, 800])
def test_inputs_stay_inside_the_page(page, width, artifacts_dir):
    """Every text box, text area and button ends inside its output area and inside the window."""
    page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
    try:
        page.wait_for_timeout(800)
        over = page.evaluate(
            """() => {
                const out = [];
                const vw = document.documentElement.clientWidth;
                for (const el of document.querySelectorAll('#rendered_cells input, #rendered_cells textarea,'
                                                           + ' #rendered_cells button')) {
                    if (el.offsetParent === null || el.type === 'file' || el.type === 'checkbox') continue;
                    const box = el.getBoundingClientRect();
                    const area = el.closest('.jp-OutputArea-output').getBoundingClientRect();
                    const team = el.closest('.okr-team');  // inside its team's panel, too
                    const limit = Math.min(area.right, vw, team ? team.getBoundingClientRect().right : vw);
                    if (box.right > limit + 0.5)
                        out.push(`${el.tagName.toLowerCase()} "${el.placeholder || el.innerText || el.value}"`
                                 .slice(0, 70) + ` ends at ${box.right.toFixed(1)} > ${limit.toFixed(1)}`);
                }
                return out;
            }"""
        )
        paste = page.locator('#rendered_cells textarea[placeholder^="Paste drafts"]')
        paste.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"voila-app-loader-{width}.png"))
        one = page.locator('#rendered_cells .okrkit-statement-checker input[placeholder^="Our one objective"]')
        one.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"voila-app-prompts-{width}.png"))
        assert paste.count() == 1 and one.count() == 1
        assert not over, "elements past the right edge:\n" + "\n".join(over)
    finally:
        page.set_viewport_size(VIEWPORT)


def test_idle_culling_is_configured(page, app):
    """The kit's Voilà settings turn the idle-kernel culler on (the server logs it when the first kernel starts)."""
    log = app["log"].read_text()
    found = re.search(r"Culling kernels with idle durations > (\d+) seconds at (\d+) second intervals", log)
    assert found, "Voilà started without an idle-kernel culler (MappingKernelManager.cull_idle_timeout is 0)"
    assert 0 < int(found[1]) <= 3600 and 0 < int(found[2]) <= int(found[1])
    assert "Culling kernels even with connected clients" not in log  # a board left open on the wall stays alive


def _kernel_alive(base: str, kernel_id: str) -> bool:
    try:
        urllib.request.urlopen(f"{base}api/kernels/{kernel_id}", timeout=5)
        return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def test_a_closed_pages_kernel_is_culled(browser, tmp_path):
    """With the kit's culler (timeout shortened for the test), a closed page's kernel goes away."""
    port = free_port()
    log = tmp_path / "voila.log"
    cmd = _voila(port, "--set=MappingKernelManager.cull_idle_timeout=3", "--set=MappingKernelManager.cull_interval=1")
    proc = start_server(cmd, f"http://127.0.0.1:{port}/", log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/"
    try:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(base, timeout=LOAD)
        page.locator(".okr-teams .okr-team").first.wait_for(state="visible", timeout=LOAD)
        config = json.loads(page.locator("#jupyter-config-data").text_content())
        kernel = config["kernelId"]
        assert _kernel_alive(base, kernel)
        page.close()
        for _ in range(60):  # the culler runs every second; give a busy machine a minute
            if not _kernel_alive(base, kernel):
                break
            time.sleep(1)
        assert not _kernel_alive(base, kernel), (
            f"kernel {kernel} still alive after its page closed:\n{log.read_text()[-2000:]}"
        )
        assert "Culling 'idle' kernel" in log.read_text()
    finally:
        stop_server(proc)
