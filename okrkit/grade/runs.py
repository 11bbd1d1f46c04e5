"""Regrades an instructor can trust: what produced a gradebook (run.json), which files a run wrote (so the next
run removes those it no longer writes, and nothing else), and what changed against the previous gradebook
(changes.csv: who, which question, old → new, why).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from okrkit.files import MAX_BYTES, RefusedFile, read_capped
from okrkit.version import __version__

MANIFEST = "run.json"
CHANGES = "changes.csv"
CHANGE_COLUMNS = ("id", "item", "old", "new", "why")
POINTS_POSSIBLE = "points possible"  # the id cell of grades.csv's first row


def sha256_of(paths: Any, max_bytes: int = MAX_BYTES) -> str:
    """The sha256 of some files' bytes, in order, read by the one size-limited reader ('' when one is refused:
    a FIFO, a device, a file over the limit)."""
    h = hashlib.sha256()
    for p in paths:
        try:
            h.update(read_capped(p, max_bytes))
        except RefusedFile:
            return ""
    return h.hexdigest()


def spec_sha256(assignment: Any) -> str:
    """The sha256 of the assignment spec that graded this run (its file, or its text)."""
    path = getattr(assignment, "path", None)
    if path is not None and Path(path).is_file():
        return sha256_of([path]) or hashlib.sha256(str(getattr(assignment, "source", "")).encode()).hexdigest()
    return hashlib.sha256(str(getattr(assignment, "source", "")).encode("utf-8")).hexdigest()


def provenance(assignment: Any) -> str:
    """One line naming what graded a gradebook: okrkit's version and the spec's hash."""
    return f"okrkit {__version__}; {assignment.id} spec sha256 {spec_sha256(assignment)[:16]}"


def manifest(gb: Any, assignment: Any, files: list[str], submissions: dict[str, str]) -> dict:
    """run.json: okrkit's version, the spec's hash, each student's status, total and submission hash (and the
    overrides and late penalty applied, when any), and every file this run wrote (stable: no clock, no absolute
    paths)."""
    release = getattr(gb, "release", None)

    def student(r: Any) -> dict:
        entry = {"status": r.status, "total": r.total, "submission_sha256": submissions.get(r.student_id, "")}
        adjusted = release.adjustments(r.student_id) if release is not None else []
        return {**entry, "adjustments": adjusted} if adjusted else entry

    return {
        "okrkit": __version__,
        "assignment": assignment.id,
        "spec": {
            "file": Path(assignment.path).name if getattr(assignment, "path", None) else None,
            "sha256": spec_sha256(assignment),
        },
        "max_points": gb.max_points,
        "counts": gb.counts(),
        "students": {r.student_id: student(r) for r in gb.rows},
        "files": sorted(files),
    }


def previous_manifest(out: Path) -> dict | None:
    """The run.json an earlier run left in out (None when there is none or it can't be read)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def stale_files(out: Path, previous: dict | None, written: set[str]) -> list[Path]:
    """Files the previous run wrote (listed in its run.json) that this run did not: never a file okrkit did not
    write, never anything outside out."""
    if not previous or not isinstance(previous.get("files"), list):
        return []
    root = out.resolve()
    stale = []
    for rel in previous["files"]:
        if not isinstance(rel, str) or rel in written or rel.startswith("/") or ".." in Path(rel).parts:
            continue
        p = out / rel
        try:
            if p.resolve().is_relative_to(root) and (p.is_file() or p.is_symlink()):
                stale.append(p)
        except OSError:
            continue
    return stale


def remove_stale(out: Path, paths: list[Path]) -> list[str]:
    """Delete stale files, then their folders under out if that left them empty; the relative paths removed."""
    removed = []
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p.relative_to(out).as_posix())
    for folder in sorted({p.parent for p in paths}, key=lambda d: -len(d.parts)):
        while folder != out and out in folder.parents:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed


def previous_gradebook(out: Path) -> dict[str, dict[str, str]] | None:
    """The grades.csv an earlier run left in out, by id (None when there is none)."""
    try:
        text = (out / "grades.csv").read_text(encoding="utf-8")
    except OSError:
        return None
    return previous_gradebook_text(text)


def previous_gradebook_text(text: str) -> dict[str, dict[str, str]]:
    """A grades.csv text by id, the way previous_gradebook reads the file."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return {r["id"]: r for r in rows if r.get("id") and r["id"] != POINTS_POSSIBLE}


def changes(
    old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], items: list[str], before: dict | None, now: dict
) -> list[list[str]]:
    """changes.csv's rows: one per student and item (total, a question, status) whose value changed, with why."""
    causes: list[str] = []
    if before is None:
        causes.append("no record of the previous run (it wrote no run.json)")
    else:
        if before.get("spec", {}).get("sha256") != now["spec"]["sha256"]:
            causes.append("the assignment spec changed")
        if before.get("okrkit") != now["okrkit"]:
            causes.append(f"okrkit {before.get('okrkit')} → {now['okrkit']}")
    out: list[list[str]] = []
    for sid in sorted(set(old) | set(new)):
        if sid not in new:
            out.append([sid, "total", old[sid].get("total", ""), "", "no longer in the submissions folder"])
            continue
        if sid not in old:
            out.append([sid, "total", "", new[sid].get("total", ""), "new submission"])
            continue
        then, here = (before or {}).get("students", {}).get(sid, {}), now["students"].get(sid, {})
        was, is_ = then.get("submission_sha256"), here.get("submission_sha256")
        why = (["the submission changed"] if was and is_ and was != is_ else []) + causes
        old_adj, new_adj = then.get("adjustments") or [], here.get("adjustments") or []
        why += [a for a in new_adj if a not in old_adj] + [f"no longer: {a}" for a in old_adj if a not in new_adj]
        for item in ("total", *items, "status"):
            a, b = old[sid].get(item, ""), new[sid].get(item, "")
            if a != b:
                out.append([sid, item, a, b, "; ".join(why) or "regraded (same spec and submission)"])
    return out


__all__ = [
    "CHANGES",
    "CHANGE_COLUMNS",
    "MANIFEST",
    "POINTS_POSSIBLE",
    "changes",
    "manifest",
    "previous_gradebook",
    "previous_gradebook_text",
    "previous_manifest",
    "provenance",
    "remove_stale",
    "sha256_of",
    "spec_sha256",
    "stale_files",
]
