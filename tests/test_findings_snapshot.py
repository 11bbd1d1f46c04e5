"""Speed work keeps every verdict: the checker's full findings equal the snapshot taken before it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _snapshot_module():
    """benchmarks/findings_snapshot.py, loaded by path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("findings_snapshot", ROOT / "benchmarks" / "findings_snapshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("part", ["labeled", "fixtures", "bench"])
def test_findings_equal_the_snapshot(part):
    snap = _snapshot_module()
    expected = json.loads(snap.SNAPSHOT.read_text(encoding="utf-8"))[part]
    sha, rows = snap.digest(part)
    assert rows == expected["rows"]
    assert sha == expected["sha256"], (
        f"findings on '{part}' changed: diff `python benchmarks/findings_snapshot.py --part {part}` "
        "against the output of the commit before yours"
    )
