"""Memory of a student's kernel after lessons 00–06 and the assignment: sizes the hub's per-student memory.

Each notebook runs top to bottom in its own kernel (as in JupyterLab, one kernel per open notebook) with nbclient;
when it has finished, the kernel is still alive and its resident memory (VmRSS) and peak (VmHWM) are read from
/proc/<pid>/status. Then one kernel runs *all* of them in turn (a student who never restarts), the worst case for
a single kernel. Nothing is written back to the notebooks.

Usage: .venv/bin/python benchmarks/bench_kernel_memory.py
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("0[0-6]-*.ipynb")) + [
    REPO / "exercises" / "assignment-03" / "assignment-03.ipynb"
]


def proc_memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MiB, from /proc/<pid>/status."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def kernel_pid(km: KernelManager) -> int:
    """The kernel's process id (a local kernel)."""
    return km.provisioner.process.pid


def run_in(km: KernelManager, path: Path) -> float:
    """Execute the notebook in km's running kernel; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"import os; os.chdir({str(path.parent)!r})"))  # as if opened there
    client = NotebookClient(
        nb, km=km, timeout=600, store_widget_state=False, resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def started(cwd: Path) -> KernelManager:
    """A fresh python3 kernel started in cwd."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(cwd))
    return km


def main() -> int:
    """Print per-notebook kernel memory, then the one-kernel-for-everything figure."""
    print(f"python {platform.python_version()} · {platform.machine()} · {len(NOTEBOOKS)} notebooks")
    print(f"{'notebook':<34} {'seconds':>8} {'RSS MiB':>8} {'peak MiB':>9}")
    rss = []
    for path in NOTEBOOKS:
        km = started(path.parent)
        try:
            seconds = run_in(km, path)
            mem = proc_memory(kernel_pid(km))
        finally:
            km.shutdown_kernel(now=True)
        rss.append(mem["VmRSS"])
        print(f"{path.name:<34} {seconds:8.1f} {mem['VmRSS']:8.0f} {mem['VmHWM']:9.0f}")
    idle = started(REPO)
    try:
        time.sleep(2)
        bare = proc_memory(kernel_pid(idle))["VmRSS"]
    finally:
        idle.shutdown_kernel(now=True)
    km = started(REPO)
    try:
        for path in NOTEBOOKS:
            run_in(km, path)
        everything = proc_memory(kernel_pid(km))
    finally:
        km.shutdown_kernel(now=True)
    print(f"an idle kernel (nothing run):      RSS {bare:.0f} MiB")
    print(f"largest kernel after one notebook: RSS {max(rss):.0f} MiB; all {len(rss)} left open: {sum(rss):.0f} MiB")
    print(
        f"one kernel running all {len(NOTEBOOKS)} in turn: RSS {everything['VmRSS']:.0f} MiB, "
        f"peak {everything['VmHWM']:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
