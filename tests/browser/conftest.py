"""Shared fixtures for real-browser tests: Debian's Chromium driven by Playwright, servers on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _missing(reason: str):
    """Skip with a visible reason on a developer machine; fail in CI, where the browser is required."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {reason}: .ci/run must install it (apt-get install chromium)")
    pytest.skip(f"{reason}; install Debian's chromium to run the browser tests")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium binary."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not path:
        _missing("Chromium is not installed")
    return path


def is_local(url: str) -> bool:
    """True for a URL that stays on this machine: 127.0.0.1/localhost, or no network at all (file:, data:, blob:)."""
    parts = urlparse(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


class OfflineBrowser:
    """The browser with every page offline, as in a classroom with no internet: a request that would leave
    127.0.0.1 is aborted and recorded in `outside` (the `offline` fixture fails the test on any)."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.outside: list[str] = []

    def _route(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def new_page(self, **kwargs):
        """A new page whose requests go through the offline check."""
        page = self._browser.new_page(**kwargs)
        page.route("**/*", self._route)
        return page

    def new_context(self, **kwargs):
        """A new context whose requests go through the offline check."""
        context = self._browser.new_context(**kwargs)
        context.route("**/*", self._route)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium browser (Playwright, no browser download) whose pages never reach the internet."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield OfflineBrowser(b)
        b.close()


@pytest.fixture(autouse=True)
def offline(request):
    """Fail any browser test whose pages tried to load something from outside 127.0.0.1."""
    if "browser" not in request.fixturenames:
        yield
        return
    b = request.getfixturevalue("browser")
    yield  # requests made while module-scoped fixtures loaded a page count for the first test that uses it
    outside, b.outside[:] = list(b.outside), []
    assert not outside, f"the page tried to reach the internet: {outside}"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder for screenshots kept as test artifacts (test-artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 90.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until url answers (any HTTP status), failing early if the server process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


def start_server(cmd: list[str], url: str, log: Path, cwd: Path | None = None, timeout: float = 90.0):
    """Start a server process (output to log) and wait until url answers; returns the Popen."""
    fh = open(log, "w")
    proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)
    try:
        wait_for_http(url, timeout=timeout, proc=proc)
    except Exception:
        stop_server(proc)
        fh.close()
        raise RuntimeError(f"server did not start; log:\n{log.read_text()[-3000:]}") from None
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by start_server, and its children."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


BIN = Path(sys.executable).parent
