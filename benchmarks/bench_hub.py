"""A class arriving at once: N students each start a server through a local JupyterHub and run lesson 00.

The hub is the one the hub test uses (tests/browser/hub.py: 127.0.0.1, dummy login, SimpleLocalProcessSpawner,
npm's configurable-http-proxy from `make test`). All N students ask for their server at the same moment; each then
pulls the kit with nbgitpuller (from a bare repository of this checkout, through the hub), opens a kernel on
`notebooks/00-start-here.ipynb` with the Jupyter server's REST API and runs its code cells over the kernel's
websocket, all through the proxy, as a browser would. Prints per student: seconds to the server being ready and to
the kernel's first Idle, the lesson's run time, and memory (server + kernel RSS from /proc); then the spread, the
hub's own memory, and failures. A benchmark, not a test: nothing here asserts.

Usage: .venv/bin/python benchmarks/bench_hub.py [--students 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import nbformat
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.hub import LocalHub, bare_repo, start_hub  # noqa: E402  (the repository root, added above)

LESSON = "okrkit/notebooks/00-start-here.ipynb"


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def message(msg_type: str, content: dict, session: str) -> dict:
    """A Jupyter shell message for the kernel websocket (JSON form)."""
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "bench"}
    header |= {"version": "5.3", "date": ""}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}


class Student:
    """One simulated student: spawn, pull, open a kernel, run the lesson, and the figures measured."""

    def __init__(self, hub: LocalHub, name: str, repo: Path, cells: list[str]) -> None:
        self.hub, self.name, self.repo, self.cells = hub, name, repo, cells
        self.http = AsyncHTTPClient(force_instance=True, defaults={"request_timeout": 600, "connect_timeout": 60})
        self.figures: dict[str, float] = {}
        self.error = ""

    async def call(self, method: str, path: str, body: dict | None = None) -> dict | None:
        """A REST call through the proxy with the service token."""
        req = HTTPRequest(
            f"{self.hub.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.hub.token}"},
            body=json.dumps(body) if body is not None else (b"" if method == "POST" else None),
        )
        resp = await self.http.fetch(req)
        return json.loads(resp.body) if resp.body else None

    async def run(self, t0: float) -> None:
        """The whole session; records an error instead of raising."""
        try:
            await self.call("POST", f"/hub/api/users/{self.name}/server")
            while not ((await self.call("GET", f"/hub/api/users/{self.name}"))["servers"].get("", {}).get("ready")):
                await asyncio.sleep(0.5)
            self.figures["ready"] = time.monotonic() - t0
            query = urlencode({"repo": self.repo.as_uri(), "branch": "main", "targetpath": "okrkit"})
            await self.http.fetch(
                HTTPRequest(
                    f"{self.hub.url}/user/{self.name}/git-pull/api?{query}",
                    headers={"Authorization": f"token {self.hub.token}"},
                )
            )  # nbgitpuller streams its progress and ends the response when the clone is done
            self.figures["pulled"] = time.monotonic() - t0
            session = await self.call(
                "POST",
                f"/user/{self.name}/api/sessions",
                {"path": LESSON, "type": "notebook", "kernel": {"name": "python3"}},
            )
            await self.execute(session["kernel"]["id"], t0)
            self.figures["memory"] = rss_mib(self.hub.server_pid(self.name))
        except Exception as exc:  # noqa: BLE001 — a failure is a figure of the benchmark
            self.error = f"{type(exc).__name__}: {exc}"[:200]

    async def execute(self, kernel_id: str, t0: float) -> None:
        """Wait for the kernel's first Idle, then run every code cell of the lesson; raises on an error reply."""
        ws_url = self.hub.url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{kernel_id}/channels"
        conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {self.hub.token}"}))
        session = uuid.uuid4().hex
        try:
            await self.request(conn, message("kernel_info_request", {}, session))
            self.figures["idle"] = time.monotonic() - t0
            start = time.monotonic()
            for source in self.cells:
                content = {"code": source, "silent": False, "store_history": True, "allow_stdin": False}
                reply = await self.request(
                    conn, message("execute_request", content | {"user_expressions": {}}, session)
                )
                if reply["content"].get("status") != "ok":
                    raise RuntimeError(
                        f"cell failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}"
                    )
            self.figures["lesson"] = time.monotonic() - start
        finally:
            conn.close()

    async def request(self, conn, msg: dict) -> dict:
        """Send a shell request; returns its reply once the kernel is idle again after it."""
        await conn.write_message(json.dumps(msg))
        reply, idle = None, False
        while reply is None or not idle:
            raw = await asyncio.wait_for(conn.read_message(), timeout=600)
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            got = json.loads(raw)
            if got.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                continue
            if got["msg_type"].endswith("_reply"):
                reply = got
            elif got["msg_type"] == "status" and got["content"]["execution_state"] == "idle":
                idle = True
        return reply


def spread(values: list[float]) -> str:
    """median / 90th percentile / max of a list of figures."""
    if not values:
        return "n/a"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):.1f} · p90 {p90:.1f} · max {ordered[-1]:.1f}"


async def surge(hub: LocalHub, repo: Path, names: list[str]) -> list[Student]:
    """Every student at once; returns them with their figures."""
    nb = nbformat.read(REPO / "notebooks" / "00-start-here.ipynb", as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    students = [Student(hub, n, repo, cells) for n in names]
    t0 = time.monotonic()
    await asyncio.gather(*(s.run(t0) for s in students))
    return students


def main() -> int:
    """Start the hub, run the surge, print the figures, stop everything."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=20)
    args = ap.parse_args()
    names = [f"student{i:02d}" for i in range(1, args.students + 1)]
    with tempfile.TemporaryDirectory(prefix="okrkit-bench-hub-") as tmp:
        hub = start_hub(Path(tmp), names)
        try:
            repo = bare_repo(Path(tmp))
            hub_before = rss_mib(hub.proc.pid)
            wall = time.monotonic()
            students = asyncio.run(surge(hub, repo, names))
            wall = time.monotonic() - wall
            hub_after = rss_mib(hub.proc.pid) - sum(s.figures.get("memory", 0) for s in students)
        finally:
            leftovers = hub.stop()
    print(f"{args.students} students at once on {len(__import__('os').sched_getaffinity(0))} cores")
    print(f"{'student':<10} {'ready s':>8} {'pulled s':>9} {'1st Idle s':>11} {'lesson s':>9} {'MiB':>6}  error")
    for s in students:
        f = s.figures
        cols = [f.get(k) for k in ("ready", "pulled", "idle", "lesson", "memory")]
        text = " ".join(f"{v:>{w}.1f}" if v is not None else f"{'-':>{w}}" for v, w in zip(cols, (8, 9, 11, 9, 6)))
        print(f"{s.name:<10} {text}  {s.error}")
    ok = [s for s in students if not s.error]
    print(f"server ready (s):        {spread([s.figures['ready'] for s in ok])}")
    print(f"first Idle (s):          {spread([s.figures['idle'] for s in ok])}")
    print(f"lesson 00 run (s):       {spread([s.figures['lesson'] for s in ok])}")
    print(f"memory per student (MiB, server + kernel after lesson 00): {spread([s.figures['memory'] for s in ok])}")
    print(f"hub + proxy (MiB):       {hub_before:.0f} before, {hub_after:.0f} with {len(ok)} servers running")
    print(f"all {args.students} done in {wall:.1f} s; failures: {len(students) - len(ok)}")
    if leftovers:
        print(f"had to kill after stopping the hub: {leftovers}")
    return 0 if len(ok) == len(students) else 1


if __name__ == "__main__":
    sys.exit(main())
