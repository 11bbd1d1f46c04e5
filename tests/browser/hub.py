"""A local JupyterHub for the hub test and benchmarks/bench_hub.py: start it on 127.0.0.1, call its API, stop it.

Dummy authentication (any password), `SimpleLocalProcessSpawner` (users need not exist on the system; each gets a
home under the given folder and a single-user server rooted there, run as the current user), the proxy from npm's
`configurable-http-proxy` (`make test` installs the pinned version into `.cache/chp/`), and a service token with
the admin scopes the caller needs to start, inspect and stop servers.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.conftest import free_port, start_server

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHP_LOCAL = REPO / ".cache" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"


def proxy_command() -> str:
    """configurable-http-proxy: the pinned local install from `make test`, else one on PATH; raises if neither."""
    if CHP_LOCAL.exists():
        return str(CHP_LOCAL)
    found = shutil.which("configurable-http-proxy")
    if not found:
        raise RuntimeError(
            "configurable-http-proxy is not installed: run `make test` (it runs `npm install --prefix .cache/chp "
            "configurable-http-proxy@…`; needs node and npm, e.g. `apt-get install nodejs npm`)"
        )
    return found


@dataclass
class LocalHub:
    """A running hub: its public URL, the service token, the users' homes, and the hub process."""

    url: str
    token: str
    homes: Path
    log: Path
    proc: subprocess.Popen
    server_pids: dict[str, int] = field(default_factory=dict)

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        """Call the hub's REST API (/hub/api…) with the service token; the decoded JSON, or None."""
        return self.request(method, f"/hub/api{path}", body, timeout)

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        """Call any path behind the proxy (a user's server too) with the service token; the decoded JSON or None."""
        req = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def server_pid(self, name: str) -> int | None:
        """The process id of a user's running server (from the spawner's state), remembered for stop()."""
        user = self.api("GET", f"/users/{name}")
        pid = (user.get("servers", {}).get("", {}).get("state") or {}).get("pid")
        if pid:
            self.server_pids[name] = pid
        return pid

    def stop(self) -> list[str]:
        """Stop every user's server, then the hub and its proxy; returns what had to be killed by force."""
        for name in list(self.server_pids):
            try:
                self.api("DELETE", f"/users/{name}/server")
            except Exception:  # noqa: BLE001 — teardown goes on; leftovers are reported below
                pass
        leftovers = []
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            leftovers.append(f"hub {self.proc.pid}")
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        pids = list(self.server_pids.values())
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.3)
        for pid in pids:
            if _alive(pid):
                leftovers.append(f"server {pid}")
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        return leftovers


def _alive(pid: int) -> bool:
    """Whether a process exists (and is not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def start_hub(
    tmp: Path, users: list[str], *, lab_settings: dict | None = None, concurrent_spawn_limit: int = 100
) -> LocalHub:
    """Write a hub config into tmp and start the hub; homes go to tmp/homes/<user> (with lab_settings, if given)."""
    homes = tmp / "homes"
    for name in users:
        settings = homes / name / ".jupyter" / "lab" / "user-settings"
        for rel, value in (lab_settings or {}).items():
            p = settings / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(json.dumps(value))
        (homes / name).mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(32)
    config = f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.db_url = "sqlite:///{tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.concurrent_spawn_limit = {concurrent_spawn_limit}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.services = [{{"name": "okrkit-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "okrkit-test", "services": ["okrkit-test"],
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers"]}}]
"""
    (tmp / "jupyterhub_config.py").write_text(config)
    cmd = [str(BIN / "jupyterhub"), "-f", str(tmp / "jupyterhub_config.py")]
    url = f"http://127.0.0.1:{port}"
    proc = start_server(cmd, f"{url}/hub/api", tmp / "hub.log", cwd=tmp, timeout=120)
    hub = LocalHub(url=url, token=token, homes=homes, log=tmp / "hub.log", proc=proc)
    # the proxy answers (404) before the hub has added its route: wait for the hub itself
    deadline = time.monotonic() + 60
    while True:
        try:
            hub.api("GET", "/", timeout=5)
            return hub
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                hub.stop()
                raise RuntimeError(f"the hub did not come up; log:\n{hub.log.read_text()[-3000:]}") from None
            time.sleep(0.3)


def bare_repo(tmp: Path) -> Path:
    """A bare git repository tmp/git/okrkit whose branch main holds this checkout's HEAD (works in shallow clones)."""
    work, bare = tmp / "git" / "work", tmp / "git" / "okrkit"
    work.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    git = ["git", "-C", str(work), "-c", "user.name=okrkit test", "-c", "user.email=test@okrkit.invalid"]
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(work)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the course at this checkout's HEAD"], check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    return bare
