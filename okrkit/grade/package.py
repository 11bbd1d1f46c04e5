"""`okrkit gradescope-package`: the autograder.zip Gradescope builds its image from.

The zip holds, at its root (as Gradescope's specification asks): ``setup.sh`` (finds or installs Python ≥ 3.11,
makes a virtual environment and pip-installs okrkit's light install from the wheel in the zip: pyyaml, tqdm,
nbformat, jinja2, no JupyterLab), ``run_autograder`` (runs ``okrkit gradescope`` on /autograder and writes
results/results.json), the assignment spec, and ``okrkit-<version>-py3-none-any.whl``.

The wheel is written here from the okrkit package that is running (its files, its version, its dependencies), so
the autograder grades with exactly the code the instructor tried locally, whether okrkit came from PyPI or from
a clone, and no build tool is needed. At run time nothing is downloaded.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from okrkit.assignment import load_assignment
from okrkit.files import atomic_write
from okrkit.version import __version__

_PACKAGE = Path(__file__).resolve().parents[1]  # the okrkit package that is running
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # every entry gets the same date: the same inputs give the same zip
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = (".pyc", ".pyo")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (written by `okrkit gradescope-package`).
# It finds Python 3.11 or newer (installing python3.11 with apt when the image has none), makes a virtual
# environment in $ROOT/okrkit-venv and installs okrkit's light install from the wheel next to this file.
set -euo pipefail
ROOT="${OKRKIT_AUTOGRADER_ROOT:-/autograder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fits() { command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if fits "$candidate"; then PY="$candidate"; break; fi
done
export DEBIAN_FRONTEND=noninteractive
if [ -z "$PY" ]; then
  apt-get update
  if ! apt-get install -y python3.11 python3.11-venv; then
    apt-get install -y software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y python3.11 python3.11-venv
  fi
  PY=python3.11
fi
if ! "$PY" -m venv "$ROOT/okrkit-venv"; then
  apt-get update
  apt-get install -y "$("$PY" -c 'import sys; print("python3.%d-venv" % sys.version_info[1])')"
  "$PY" -m venv "$ROOT/okrkit-venv"
fi
"$ROOT/okrkit-venv/bin/python" -m pip install --upgrade pip
"$ROOT/okrkit-venv/bin/python" -m pip install "$HERE"/okrkit-*.whl
"$ROOT/okrkit-venv/bin/okrkit" --version
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission (written by `okrkit gradescope-package`). It reads the notebook in
# $ROOT/submission as data (the student's code is never run) and writes $ROOT/results/results.json.
# OKRKIT_AUTOGRADER_ROOT moves the whole tree (to try the package on a fake /autograder folder);
# OKRKIT_PYTHON picks another Python that has okrkit installed.
ROOT="${OKRKIT_AUTOGRADER_ROOT:-/autograder}"
PY="${OKRKIT_PYTHON:-$ROOT/okrkit-venv/bin/python}"
mkdir -p "$ROOT/results"
exec "$PY" -c 'import sys; from okrkit.cli import main; sys.exit(main())' \\
  gradescope --root "$ROOT" --spec "$ROOT/source/assignment.yaml"__LIMITS__
"""


@dataclass(frozen=True)
class Package:
    """What `okrkit gradescope-package` wrote: where, which files, and the wheel's name."""

    path: Path
    names: tuple[str, ...]
    wheel: str


# ── the wheel ─────────────────────────────────────────────────────────────────────────────
def _package_files() -> list[tuple[str, bytes]]:
    """(path inside the wheel, bytes) of every file of the running okrkit package, sorted."""
    root = _PACKAGE
    files = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root.parent)
        if p.is_dir() or _SKIP_DIRS & set(rel.parts) or p.suffix in _SKIP_SUFFIXES:
            continue
        files.append((rel.as_posix(), p.read_bytes()))
    return files


def requirements() -> list[str]:
    """okrkit's Requires-Dist lines (extras marked), from pyproject.toml beside the package, else its metadata."""
    pyproject = _PACKAGE.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "okrkit":
            reqs = list(project.get("dependencies", []))
            for extra, items in project.get("optional-dependencies", {}).items():
                reqs += [f'{r}; extra == "{extra}"' for r in items]
            return reqs
    from importlib import metadata

    return list(metadata.requires("okrkit") or [])


def _record_hash(data: bytes) -> str:
    """A RECORD entry's hash: sha256=<urlsafe base64 without padding>."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zip_entry(z: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    """One zip entry with a fixed date and the given Unix permissions."""
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100000 | mode) << 16
    z.writestr(info, data)


def build_wheel() -> tuple[str, bytes]:
    """A pure-Python wheel of the running okrkit (name, bytes): its files, METADATA, WHEEL, entry points, RECORD."""
    dist = f"okrkit-{__version__}.dist-info"
    reqs = requirements()
    extras = sorted({m[1] for r in reqs if (m := re.search(r'extra == "([^"]+)"', r))})
    metadata_text = "\n".join(
        [
            "Metadata-Version: 2.1",
            "Name: okrkit",
            f"Version: {__version__}",
            "Summary: An OKR (Objectives and Key Results) workbook and teaching kit (packaged for an autograder).",
            "Requires-Python: >=3.11",
            *[f"Provides-Extra: {e}" for e in extras],
            *[f"Requires-Dist: {r}" for r in reqs],
            "",
        ]
    )
    meta = [
        (f"{dist}/METADATA", metadata_text.encode()),
        (
            f"{dist}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: okrkit gradescope-package\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        (f"{dist}/entry_points.txt", b"[console_scripts]\nokrkit = okrkit.cli:main\n"),
    ]
    entries = _package_files() + meta
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries) + f"{dist}/RECORD,,\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries + [(f"{dist}/RECORD", record.encode())]:
            _zip_entry(z, name, data)
    return f"okrkit-{__version__}-py3-none-any.whl", buf.getvalue()


# ── the autograder zip ────────────────────────────────────────────────────────────────────
def build(spec: str | Path, out: str | Path, *, max_mb: float | None = None, timeout: float | None = None) -> Package:
    """Write autograder.zip for an assignment spec (checked first: a broken spec never reaches Gradescope)."""
    assignment = load_assignment(spec)
    spec_bytes = Path(assignment.path).read_bytes() if assignment.path else Path(spec).read_bytes()
    limits = "".join(
        f" {flag} {value:g}" for flag, value in (("--max-size", max_mb), ("--timeout", timeout)) if value is not None
    )
    wheel_name, wheel = build_wheel()
    files = [
        ("setup.sh", SETUP_SH.encode(), 0o755),
        ("run_autograder", RUN_AUTOGRADER.replace("__LIMITS__", limits).encode(), 0o755),
        ("assignment.yaml", spec_bytes, 0o644),
        (wheel_name, wheel, 0o644),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, mode in files:
            _zip_entry(z, name, data, mode)
    atomic_write(out, buf.getvalue())
    return Package(Path(out), tuple(n for n, _, _ in files), wheel_name)
