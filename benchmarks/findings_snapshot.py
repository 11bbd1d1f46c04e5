"""The checker's full findings on the labeled data, the rule fixtures and the bench corpus, as JSON lines.

Speed work must not change a verdict: `tests/test_findings_snapshot.py` compares what this prints with the
hashes in `tests/data/findings_snapshot.json`, taken from the code before the speed work. After a change
that is meant to alter findings, run `python benchmarks/findings_snapshot.py --write` and say why in the commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "findings_snapshot.json"
REF = date(2026, 8, 1)  # a fixed reference date: no verdict may depend on the wall clock


def _row(source: str, findings: list) -> str:
    """One JSON line: where the statement came from and every finding's code, place, line and message."""
    out = [[f.code, f.severity, str(f.place), f.line, f.message, f.fix, f.text, f.file] for f in findings]
    return json.dumps([source, out], ensure_ascii=False, sort_keys=True)


def labeled_rows() -> Iterator[str]:
    """Findings for every entry of data/labeled/ (statements alone, sets whole)."""
    import okrkit

    for path in sorted((ROOT / "data" / "labeled").glob("*.yaml")):
        for i, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            where = f"{path.name}#{i}"
            if entry["kind"] == "set":
                okrs = okrkit.loads(yaml.safe_dump(entry["okrs"], sort_keys=False), source=where)
                yield _row(where, okrkit.lint(okrs))
            else:
                yield _row(where, okrkit.lint_statement(entry["statement"], entry["kind"], ref=REF))
                if entry["kind"] == "key_result":
                    yield json.dumps([where, repr(okrkit.parse_key_result(entry["statement"], ref=REF))])


def fixture_rows() -> Iterator[str]:
    """Findings for every statement of the rule fixtures tests/data/rules/*.yaml."""
    import okrkit

    for path in sorted((ROOT / "tests" / "data" / "rules").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for part in ("flagged", "clean"):
            for i, text in enumerate(spec.get(part) or []):
                yield _row(f"{path.name}#{part}{i}", okrkit.lint_statement(text, spec["kind"], ref=REF))


def bench_rows() -> Iterator[str]:
    """Findings for the 10,000-statement synthetic corpus of bench_lint.py, linted as one set."""
    import okrkit

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_lint import corpus_yaml, synthetic_key_results

    okrs = okrkit.loads(corpus_yaml(synthetic_key_results(10_000, 7)), source="synthetic.yaml")
    findings = okrkit.lint(okrs)
    by_line: dict = {}
    for f in findings:
        by_line.setdefault(f.line, []).append(f)
    for line in sorted(by_line, key=lambda x: (x is None, x or 0)):
        yield _row(f"synthetic.yaml:{line}", by_line[line])
    yield json.dumps(["parsed", [okrkit.to_dict(okrs)]], ensure_ascii=False, sort_keys=True, default=str)


PARTS = {"labeled": labeled_rows, "fixtures": fixture_rows, "bench": bench_rows}


def digest(part: str) -> tuple[str, int]:
    """The sha256 of a part's rows and how many rows it has."""
    h, n = hashlib.sha256(), 0
    for row in PARTS[part]():
        h.update(row.encode("utf-8") + b"\n")
        n += 1
    return h.hexdigest(), n


def main() -> None:
    """Print the rows of one part, or write/check the snapshot of every part."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=sorted(PARTS), help="print this part's rows (to diff two versions)")
    ap.add_argument("--write", action="store_true", help=f"write the hashes to {SNAPSHOT.relative_to(ROOT)}")
    args = ap.parse_args()
    if args.part:
        for row in PARTS[args.part]():
            print(row)
        return
    snap = {part: dict(zip(("sha256", "rows"), digest(part), strict=True)) for part in PARTS}
    if args.write:
        SNAPSHOT.write_text(json.dumps(snap, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(snap, indent=2))


if __name__ == "__main__":
    main()
