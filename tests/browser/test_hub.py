"""A real JupyterHub on 127.0.0.1: two students log in through the hub's pages, pull the kit with an nbgitpuller
link from a local git repository, run the assignment's check cells, save, and cannot see each other's files.

The hub is pip's `jupyterhub`; its proxy is `configurable-http-proxy` from npm, which `make test` (and so
`.ci/run`) installs into `.cache/chp/`. The test never skips: with no proxy it fails and says how to install it.

Spawner: `SimpleLocalProcessSpawner` (users need not exist on the system; each gets a home under the test's tmp
folder and a server rooted there). It runs every server as the test's own user, so the isolation checked here is
the hub's (a student's login reaches only their own server, and each server sees only its own home), not the
operating system's: a real deployment gets that from containers (Zero to JupyterHub) or system users (TLJH);
see docs/classroom.md and docs/decisions.md.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from okrkit.classroom import nbgitpuller_link
from okrkit.cli import main
from tests.browser.hub import REPO, LocalHub, bare_repo, start_hub

STUDENTS = ("ada", "grace")
NOTEBOOK = "exercises/assignment-03/assignment-03.ipynb"


def _answer_cell(question: str) -> int:
    """The index of a question's answer cell in the kit's notebook (found by its metadata, as the grader does)."""
    nb = nbformat.read(REPO / NOTEBOOK, as_version=4)
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("okrkit", {}).get("answer") == question)


GMAIL = _answer_cell("gmail")  # the check("gmail", …) cell comes right after it
LONG = 150_000  # ms: a server start, a clone and JupyterLab's first load on a busy 2-core machine
SHORT = 30_000
LAB_SETTINGS = {  # every cell in the DOM (so outputs below the fold are found), no news toast
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory, browser):
    """JupyterHub on 127.0.0.1 for the two students, and a bare repository of this checkout to pull from."""
    tmp = tmp_path_factory.mktemp("hub")
    local = start_hub(tmp, list(STUDENTS), lab_settings=LAB_SETTINGS)
    try:
        yield local, bare_repo(tmp)
    finally:
        for name in STUDENTS:
            try:
                local.server_pid(name)
            except Exception:  # noqa: BLE001 — a student whose server never started has no pid
                pass
        leftovers = local.stop()
        assert not leftovers, f"had to kill {leftovers} after the hub stopped"


def _wait(page, condition: str, what: str, timeout: int = LONG) -> None:
    """Wait until a JavaScript condition holds, accepting any dialog that pops up meanwhile."""
    for _ in range(timeout // 1000):
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count():
            accept.first.click()
        if page.evaluate(f"() => Boolean({condition})"):
            return
        page.wait_for_timeout(1000)
    raise TimeoutError(f"timed out after {timeout // 1000}s waiting for {what}")


def _answer(name: str) -> str:
    """A one-line answer (YAML flow style, so the editor's auto-indent cannot change it) naming the student."""
    return (
        "gmail = \"objectives: [{objective: 'Make writing an email in Gmail quick and safe, says "
        f"{name}', aligns_to: 'G1: Make Gmail and Workspace the place where people get their work done', "
        "key_results: ['Raise the share of emails sent within 2 minutes from 40% to 60% by 2026-09-30', "
        "'Cut misdirected emails from 3% to 1% by 2026-09-30']}]\""
    )


def _login(browser, hub: LocalHub, name: str):
    """A fresh browser context logged in as name through the hub's login page; returns (context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(SHORT)
    page.goto(f"{hub.url}/hub/login", timeout=LONG)
    page.fill("#username_input", name)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    # to the spawn page on a first login, or on to the running server's JupyterLab
    page.wait_for_url(lambda url: "/hub/login" not in url, timeout=LONG, wait_until="commit")
    return context, page


def _student_session(browser, hub: LocalHub, repo: Path, name: str, artifacts: Path) -> None:
    """One student: log in on the hub's page, open the nbgitpuller link, answer 1a, run all, save."""
    context, page = _login(browser, hub, name)
    try:
        link = nbgitpuller_link(hub.url, repo.as_uri(), branch="main", path=NOTEBOOK)
        page.goto(link, timeout=LONG)  # spawn page → nbgitpuller's progress page → JupyterLab
        page.wait_for_url(f"**/user/{name}/lab/tree/okrkit/{NOTEBOOK}", timeout=LONG)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=LONG)
        _wait(page, "document.body.innerText.includes('| Idle')", "the kernel to start")
        cells = page.locator(".jp-Notebook .jp-Cell")
        editor = cells.nth(GMAIL).locator(".cm-content")
        assert "gmail" in editor.inner_text(), f"cell {GMAIL} is not the Gmail answer"
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(_answer(name))
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # every check(...) cell and check_all(...) shows its result
        _wait(
            page,
            "document.querySelectorAll('.okrkit-check').length >= 5 && document.querySelector('.okrkit-total')",
            "the check cells' results and the total",
        )
        assert "points" in cells.nth(GMAIL + 1).locator(".okrkit-check").inner_text()
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert not [
            errors.nth(i).inner_text() for i in range(errors.count()) if "Traceback" in errors.nth(i).inner_text()
        ]
        saved = hub.homes / name / "okrkit" / NOTEBOOK
        deadline = time.monotonic() + SHORT / 1000
        while time.monotonic() < deadline and f"says {name}" not in saved.read_text():
            # save (again, if a loaded machine let the first key press land before the notebook had focus)
            page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
            page.keyboard.press("Control+S")
            retry = time.monotonic() + 10
            while time.monotonic() < min(retry, deadline) and f"says {name}" not in saved.read_text():
                time.sleep(0.5)
        page.screenshot(path=str(artifacts / f"hub-{name}.png"))
    except Exception:
        page.screenshot(path=str(artifacts / f"hub-{name}-failure.png"))
        raise
    finally:
        context.close()


def test_two_students_pull_check_and_save_in_their_own_servers(browser, hub, artifacts_dir, tmp_path):
    hub, repo = hub
    for name in STUDENTS:
        _student_session(browser, hub, repo, name, artifacts_dir)
    for name in STUDENTS:
        other = next(s for s in STUDENTS if s != name)
        saved = hub.homes / name / "okrkit" / NOTEBOOK
        nb = nbformat.read(saved, as_version=4)
        answer = "".join(nb.cells[GMAIL].source)
        assert f"says {name}" in answer, f"{name}'s saved notebook lacks the answer typed"
        checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(("check(", "check_all("))]
        assert len(checks) == 6 and all(c.outputs for c in checks), f"{name}'s saved notebook lacks check results"
        # nothing of the other student's anywhere in this home
        for path in (hub.homes / name).rglob("*"):
            if path.is_file() and path.stat().st_size < 5_000_000:
                assert f"says {other}" not in path.read_text(errors="replace"), f"{other}'s answer in {path}"
    # with both servers running, a student's login does not reach the other's server
    for name in STUDENTS:
        other = next(s for s in STUDENTS if s != name)
        context, page = _login(browser, hub, name)
        try:
            resp = page.goto(f"{hub.url}/user/{other}/api/contents/okrkit/{NOTEBOOK}", timeout=LONG)
            assert resp.status == 403, f"{name} reached {other}'s server: HTTP {resp.status}"
            assert f"says {other}" not in page.content()
        finally:
            context.close()
    # each server is rooted in its own home: asked for '/', it lists its own clone and nothing of the other's
    for name in STUDENTS:
        listing = {item["name"] for item in hub.request("GET", f"/user/{name}/api/contents/")["content"]}
        assert "okrkit" in listing and not (set(STUDENTS) & listing), listing
    # the pulled clone is a git checkout of the bare repository, as nbgitpuller leaves it
    for name in STUDENTS:
        remote = subprocess.run(
            ["git", "-C", str(hub.homes / name / "okrkit"), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert remote == repo.as_uri()
    # the instructor collects the saved notebooks (a folder per student, as docs/classroom.md does it) and grades them
    for name in STUDENTS:
        (tmp_path / "submissions" / name).mkdir(parents=True)
        shutil.copy(hub.homes / name / "okrkit" / NOTEBOOK, tmp_path / "submissions" / name)
    spec = REPO / "exercises" / "assignment-03" / "assignment.yaml"
    assert (
        main(["grade", str(spec), str(tmp_path / "submissions"), "--out", str(tmp_path / "grades"), "--no-report"]) == 0
    )
    with open(tmp_path / "grades" / "grades.csv", newline="") as fh:
        rows = {row["id"]: row for row in csv.DictReader(fh)}
    assert rows.pop("points possible")["total"]  # grades.csv's second line: what each column is out of
    assert set(rows) == set(STUDENTS)
    for name in STUDENTS:
        assert rows[name]["status"] == "ok" and float(rows[name]["gmail"]) > 0, rows[name]
