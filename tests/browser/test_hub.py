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

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from okrkit.classroom import nbgitpuller_link
from tests.browser.conftest import BIN, free_port, start_server

REPO = Path(__file__).resolve().parents[2]
CHP_LOCAL = REPO / ".cache" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENTS = ("ada", "grace")
NOTEBOOK = "exercises/assignment-03/assignment-03.ipynb"
LONG = 150_000  # ms: a server start, a clone and JupyterLab's first load on a busy 2-core machine
SHORT = 30_000
LAB_SETTINGS = {  # every cell in the DOM (so outputs below the fold are found), no news toast
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


def _proxy_command() -> str:
    """configurable-http-proxy: the pinned local install from `make test`, else one on PATH; fails if neither."""
    if CHP_LOCAL.exists():
        return str(CHP_LOCAL)
    found = shutil.which("configurable-http-proxy")
    if not found:
        pytest.fail(
            "configurable-http-proxy is not installed: run `make test` (it runs `npm install --prefix .cache/chp "
            "configurable-http-proxy@…`; needs node and npm, e.g. `apt-get install nodejs npm`)"
        )
    return found


def _bare_repo(tmp: Path) -> Path:
    """A bare git repository holding this checkout's HEAD as branch main, named like the project."""
    bare = tmp / "git" / "okrkit"
    bare.parent.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    subprocess.run(["git", "-C", str(REPO), "push", "-q", str(bare), "HEAD:refs/heads/main"], check=True)
    return bare


def _api(hub: dict, method: str, path: str, body: dict | None = None):
    """Call the hub's REST API with the test's service token; returns the decoded JSON (or None)."""
    req = urllib.request.Request(
        f"{hub['url']}/hub/api{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {hub['token']}"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        text = resp.read()
    return json.loads(text) if text else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop_hub(hub: dict, proc: subprocess.Popen) -> list[str]:
    """Stop every student's server, then the hub and its proxy; returns what had to be killed by force."""
    pids = []
    for name in STUDENTS:
        try:
            user = _api(hub, "GET", f"/users/{name}")
            pid = (user.get("servers", {}).get("", {}).get("state") or {}).get("pid")
            if pid:
                pids.append(pid)
            _api(hub, "DELETE", f"/users/{name}/server")
        except Exception:  # noqa: BLE001 — teardown goes on; leftovers are reported below
            pass
    leftovers = []
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        leftovers.append(f"hub {proc.pid}")
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.3)
    for pid in pids:
        if _alive(pid):
            leftovers.append(f"server {pid}")
            os.killpg(pid, signal.SIGKILL)
    return leftovers


@pytest.fixture(scope="module")
def hub(tmp_path_factory, browser):
    """JupyterHub on 127.0.0.1: dummy login, SimpleLocalProcessSpawner with homes in tmp, a bare repo to pull."""
    tmp = tmp_path_factory.mktemp("hub")
    homes = tmp / "homes"
    for name in STUDENTS:
        settings = homes / name / ".jupyter" / "lab" / "user-settings"
        for rel, value in LAB_SETTINGS.items():
            p = settings / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(32)
    config = f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{_proxy_command()!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(STUDENTS)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{{"name": "okrkit-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "okrkit-test", "services": ["okrkit-test"],
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers"]}}]
"""
    (tmp / "jupyterhub_config.py").write_text(config)
    cmd = [str(BIN / "jupyterhub"), "-f", str(tmp / "jupyterhub_config.py")]
    url = f"http://127.0.0.1:{port}"
    proc = start_server(cmd, f"{url}/hub/api", tmp / "hub.log", cwd=tmp, timeout=120)
    info = {"url": url, "token": token, "homes": homes, "repo": _bare_repo(tmp), "log": tmp / "hub.log"}
    try:
        yield info
    finally:
        leftovers = _stop_hub(info, proc)
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


def _student_session(browser, hub: dict, name: str, artifacts: Path) -> None:
    """One student: log in on the hub's page, open the nbgitpuller link, answer 1a, run all, save."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(SHORT)
    try:
        page.goto(f"{hub['url']}/hub/login", timeout=LONG)
        page.fill("#username_input", name)
        page.fill("#password_input", "any")
        page.click("#login_submit")
        page.wait_for_url("**/hub/**", timeout=LONG)
        link = nbgitpuller_link(hub["url"], hub["repo"].as_uri(), branch="main", path=NOTEBOOK)
        page.goto(link, timeout=LONG)  # spawn page → nbgitpuller's progress page → JupyterLab
        page.wait_for_url(f"**/user/{name}/lab/tree/okrkit/{NOTEBOOK}", timeout=LONG)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=LONG)
        _wait(page, "document.body.innerText.includes('| Idle')", "the kernel to start")
        cells = page.locator(".jp-Notebook .jp-Cell")
        editor = cells.nth(5).locator(".cm-content")
        assert "gmail" in editor.inner_text(), "cell 5 is no longer the Gmail answer"
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
        assert "points" in cells.nth(6).locator(".okrkit-check").inner_text()
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert not [
            errors.nth(i).inner_text() for i in range(errors.count()) if "Traceback" in errors.nth(i).inner_text()
        ]
        page.keyboard.press("Control+S")
        saved = hub["homes"] / name / "okrkit" / NOTEBOOK
        deadline = time.monotonic() + SHORT / 1000
        while time.monotonic() < deadline and f"says {name}" not in saved.read_text():
            time.sleep(0.5)
        page.screenshot(path=str(artifacts / f"hub-{name}.png"))
        # the student's login does not reach the other student's server
        other = next(s for s in STUDENTS if s != name)
        resp = page.goto(f"{hub['url']}/user/{other}/api/contents/okrkit/{NOTEBOOK}", timeout=LONG)
        assert resp.status in (403, 404) or "says" not in page.content(), f"{name} could read {other}'s notebook"
    except Exception:
        page.screenshot(path=str(artifacts / f"hub-{name}-failure.png"))
        raise
    finally:
        context.close()


def test_two_students_pull_check_and_save_in_their_own_servers(browser, hub, artifacts_dir):
    for name in STUDENTS:
        _student_session(browser, hub, name, artifacts_dir)
    for name in STUDENTS:
        other = next(s for s in STUDENTS if s != name)
        saved = hub["homes"] / name / "okrkit" / NOTEBOOK
        nb = nbformat.read(saved, as_version=4)
        answer = "".join(nb.cells[5].source)
        assert f"says {name}" in answer, f"{name}'s saved notebook lacks the answer typed"
        checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(("check(", "check_all("))]
        assert len(checks) == 6 and all(c.outputs for c in checks), f"{name}'s saved notebook lacks check results"
        # nothing of the other student's anywhere in this home
        for path in (hub["homes"] / name).rglob("*"):
            if path.is_file() and path.stat().st_size < 5_000_000:
                assert f"says {other}" not in path.read_text(errors="replace"), f"{other}'s answer in {path}"
    # each server is rooted in its own home: asked for '/', it lists its own clone and nothing of the other's
    for name in STUDENTS:
        req = urllib.request.Request(
            f"{hub['url']}/user/{name}/api/contents/", headers={"Authorization": f"token {hub['token']}"}
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            listing = {item["name"] for item in json.load(resp)["content"]}
        assert "okrkit" in listing and not (set(STUDENTS) & listing), listing
    # the pulled clone is a git checkout of the bare repository, as nbgitpuller leaves it
    for name in STUDENTS:
        remote = subprocess.run(
            ["git", "-C", str(hub["homes"] / name / "okrkit"), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert remote == hub["repo"].as_uri()
