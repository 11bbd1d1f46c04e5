"""The plain install (`pip install okrkit`, no extras): its size, and that lint and grade --no-report run from it.

Makes a fresh venv in a temporary folder, installs this checkout into it (the registry must be reachable for
the dependencies), prints the size of the venv and of what okrkit brought, then runs `okrkit lint` on the
example sets and `okrkit grade --no-report` on the sample class from the fresh venv, and checks that a
report without the report extra is refused with the install command. Target: under 60 MB.

    python benchmarks/bench_install.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    """Bytes of every file under path."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="okrkit-install-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        bare = _size(venv)
        started = time.perf_counter()
        pip = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(ROOT)])
        if pip.returncode:
            print(pip.stdout + pip.stderr)
            return 1
        took = time.perf_counter() - started
        total = _size(venv)
        listed = _run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"]).stdout.split()
        print(
            f"plain install: {total / 1e6:.1f} MB in the venv ({(total - bare) / 1e6:.1f} MB added to a bare venv "
            f"of {bare / 1e6:.1f} MB) in {took:.1f} s; target under 60 MB"
        )
        print(f"packages: {', '.join(sorted(p.split('==')[0] for p in listed))}")
        okrkit = str(venv / "bin" / "okrkit")
        examples = sorted(str(p) for p in (ROOT / "data" / "examples").glob("*.yaml") if "checkins" not in p.name)
        lint = _run([okrkit, "lint", *examples])
        print(f"okrkit lint (exit {lint.returncode}): {lint.stdout.strip().splitlines()[-1]}")
        out = Path(tmp) / "grades"
        spec = "exercises/assignment-03/assignment.yaml"
        grade = _run([okrkit, "grade", spec, "data/sample-class", "--out", str(out), "--no-report", "--jobs", "2"])
        print(
            f"okrkit grade --no-report (exit {grade.returncode}): "
            f"{len(list((out / 'feedback').glob('*.html')))} feedback pages, grades.csv {(out / 'grades.csv').is_file()}"
        )
        refused = _run([okrkit, "grade", spec, "data/sample-class", "--out", str(Path(tmp) / "g2")])
        print(
            f"okrkit grade with the report but without okrkit[report] (exit {refused.returncode}): "
            f"{refused.stderr.strip().splitlines()[-1] if refused.stderr.strip() else '(nothing said)'}"
        )
        ok = total < 60e6 and lint.returncode in (0, 1, 2) and grade.returncode in (0, 1) and refused.returncode == 2
        print("plain install OK" if ok else "plain install NOT OK")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
