"""The coach's board in a real browser: the Voilà app (edit a planted bad KR, its finding clears) and the static HTML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import BIN, free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
GOOD = "Increase activation rate from 20% to 35% by 2026-09-30"
PLANTED = ".okr-kr-0-0-2"  # Growth team, objective 1, key result 3: "Launch the new onboarding flow"


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    cmd = [str(BIN / "okrkit"), "workshop", "--no-browser", f"--port={port}"]  # as the README says
    url = f"http://127.0.0.1:{port}/"
    proc = start_server(cmd, url, log, cwd=ROOT)
    yield url
    stop_server(proc)


def test_voila_board_shows_the_planted_finding_and_editing_clears_it(browser, voila_url, artifacts_dir):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})  # offline: see conftest.offline
    page.goto(voila_url, timeout=180_000)
    row = page.locator(PLANTED)
    row.wait_for(state="visible", timeout=180_000)
    finding = row.locator('.okrkit-finding[data-code="OKR103"]')
    finding.wait_for(state="visible", timeout=30_000)
    assert "initiative" in finding.inner_text().lower()
    assert row.locator(".okr-light-green").count() == 0
    page.locator(".okr-summary svg").first.wait_for(state="visible", timeout=30_000)
    page.locator(".okr-summary").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "voila-summary.png"))
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "voila-board-before.png"), full_page=True)
    row.screenshot(path=str(artifacts_dir / "voila-planted-kr-before.png"))

    box = row.locator(".okr-kr-input input")
    box.fill(GOOD)
    box.press("Enter")
    row.locator('.okrkit-finding[data-code="OKR103"]').wait_for(state="detached", timeout=30_000)
    row.locator(".okr-light-green").wait_for(state="visible", timeout=30_000)
    assert row.locator(".okrkit-finding").count() == 0
    row.screenshot(path=str(artifacts_dir / "voila-planted-kr-after.png"))
    page.screenshot(path=str(artifacts_dir / "voila-board-after.png"), full_page=True)

    assert browser.outside == [], f"the app tried to load from the network: {browser.outside}"
    assert "Error loading script" not in page.content()
    page.close()


def test_static_board_opens_offline_and_never_runs_draft_text(browser, tmp_path, artifacts_dir):
    from okrkit.read.importers import parse_text
    from okrkit.workshop import board as B

    evil = "<script>window.__pwned = 1</script>"
    drafts = parse_text(
        f"Team: Red {evil}\nOur customers stay {evil}\n- Launch {evil} onboarding\n"
        f'- {GOOD} <img src=x onerror="window.__pwned=2">\n'
    ).drafts
    sample = B.load_board(ROOT / "data" / "workshop-sample")
    board = B.Board(B.build_board(drafts).teams + sample.teams, title=f"Board {evil}")
    path = B.write_board(board, tmp_path / "board.html")

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.locator(".team").first.wait_for(state="visible")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert evil in page.locator(".team").first.inner_text()
    assert page.locator("#summary svg").count() == 1
    page.check("#only-flagged")
    assert page.locator(".kr.green").first.is_hidden()
    page.select_option("#team-filter", "Growth")
    assert page.locator(".team:not(.hidden)").count() == 1
    page.select_option("#team-filter", "")
    page.uncheck("#only-flagged")
    page.screenshot(path=str(artifacts_dir / "static-board.png"), full_page=True)
    assert requests == [path.as_uri()], f"the static board loaded more than itself: {requests}"
    page.close()
