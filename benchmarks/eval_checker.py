#!/usr/bin/env python3
"""Measure okrkit's checker against the labeled OKR statements and sets in data/labeled/.

    python benchmarks/eval_checker.py                 # validate the data, run the checker, print figures
    python benchmarks/eval_checker.py --split dev     # only the dev part (4 of every 5 entries per file)
    python benchmarks/eval_checker.py --json          # the same figures as JSON
    python benchmarks/eval_checker.py --validate-only # check the data set, don't run the checker

The tuning set is what the rules were written against: its figure is a training figure. The real-world dev
corpus (../shared/corpus/, see benchmarks/eval_corpus.py) is reported after it, apart, never merged.

An entry counts as *flagged* when the checker reports at least one finding of severity warning or
error; agreement means "flagged if and only if labeled bad". Per category, recall is the share of
entries labeled with the category on which the checker reports a flagged finding of that category;
precision is the share of entries the checker flags with the category that are labeled with it.

Exit status: 0 when the data is valid (whatever the figures), 2 when the data is invalid or okrkit
cannot be imported. The data checks are importable: ``validate_dataset(path) -> list[str]`` and
``load_dataset(path) -> list[Entry]`` (raises ``DataError``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data" / "labeled"

KINDS: tuple[str, ...] = ("key_result", "objective", "set")
LABELS: tuple[str, ...] = ("good", "bad")
SPLITS: tuple[str, ...] = ("dev", "test", "all")
TEST_EVERY = 5  # every 5th entry of each file (by order) is held out as "test"

#: The fixed category vocabulary of DESIGN.md (kept here so the data checks never need okrkit).
CATEGORIES: tuple[str, ...] = (
    "output_not_outcome",
    "not_measurable",
    "vanity_metric",
    "no_target_or_baseline",
    "no_deadline",
    "objective_is_metric",
    "objective_is_task",
    "unrealistic_target",
    "kpi_not_kr",
    "initiative_not_kr",
    "too_vague",
    "too_few_krs",
    "too_many_krs",
    "too_many_objectives",
    "no_counter_metric",
    "compensation_tie",
    "hard_cascade",
    "no_alignment",
    "achieved_too_early",
    "stalled",
    "malformed",
)
#: Categories a single statement can show (judged by lint_statement).
STATEMENT_CATEGORIES: tuple[str, ...] = (
    "output_not_outcome",
    "not_measurable",
    "vanity_metric",
    "no_target_or_baseline",
    "objective_is_metric",
    "objective_is_task",
    "unrealistic_target",
    "kpi_not_kr",
    "initiative_not_kr",
    "too_vague",
    "compensation_tie",
)
#: Categories that only make sense for a whole set (structure, alignment, check-ins).
SET_ONLY_CATEGORIES: tuple[str, ...] = (
    "too_few_krs",
    "too_many_krs",
    "too_many_objectives",
    "no_counter_metric",
    "hard_cascade",
    "achieved_too_early",
    "stalled",
)
#: Set-level categories the data set must cover (compensation_tie and no_alignment can show in sets too).
SET_CATEGORIES: tuple[str, ...] = SET_ONLY_CATEGORIES + ("compensation_tie", "no_alignment")
#: Categories the kit treats as tips (info severity); labeled bad only when a coach would object.
TIP_CATEGORIES: tuple[str, ...] = ("no_deadline", "no_alignment")

ENTRY_KEYS: tuple[str, ...] = ("statement", "name", "okrs", "kind", "label", "categories", "source", "note")
FLAGGED_SEVERITIES = ("warning", "error")
WEAK_RECALL = 0.80  # categories with >= WEAK_MIN_N examples below this recall are marked
WEAK_MIN_N = 5


# ------------------------------------------------------------------------------------------ data


@dataclass
class Entry:
    """One labeled statement or set."""

    file: str  # file name inside the data folder, e.g. "key_results.yaml"
    index: int  # 0-based position in that file
    line: int | None
    kind: str
    label: str
    categories: tuple[str, ...]
    source: str
    note: str
    statement: str | None = None  # key_result / objective
    name: str | None = None  # set
    okrs: dict | None = None  # set

    @property
    def split(self) -> str:
        """'test' for every TEST_EVERY-th entry of its file (by order), 'dev' otherwise."""
        return "test" if self.index % TEST_EVERY == TEST_EVERY - 1 else "dev"

    @property
    def text(self) -> str:
        """The statement, or the set's name."""
        return self.statement if self.statement is not None else (self.name or "")

    @property
    def bad(self) -> bool:
        return self.label == "bad"

    @property
    def where(self) -> str:
        return f"{self.file}#{self.index}" + (f" (line {self.line})" if self.line else "")


class DataError(Exception):
    """The labeled data is invalid; ``errors`` holds one located message per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _item_lines(text: str) -> dict[int, tuple[int, dict[str, int]]]:
    """Map entry index -> (line of the entry, {field: line}) using the YAML node tree."""
    out: dict[int, tuple[int, dict[str, int]]] = {}
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return out
    if not isinstance(node, yaml.SequenceNode):
        return out
    for i, item in enumerate(node.value):
        fields: dict[str, int] = {}
        if isinstance(item, yaml.MappingNode):
            for k, v in item.value:
                if isinstance(k, yaml.ScalarNode):
                    fields[str(k.value)] = v.start_mark.line + 1
        out[i] = (item.start_mark.line + 1, fields)
    return out


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_okrs(okrs: Any, where: str) -> list[str]:
    """Light structural checks of a set's `okrs` mapping (the loader does the real work)."""
    errs: list[str] = []
    if not isinstance(okrs, dict):
        return [f"{where}: field 'okrs': must be a mapping in the OKR file format"]
    objectives = okrs.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        errs.append(f"{where}: field 'okrs.objectives': must be a non-empty list")
        objectives = []
    for j, o in enumerate(objectives):
        if not isinstance(o, dict) or not _nonempty_str(o.get("objective")):
            errs.append(f"{where}: field 'okrs.objectives[{j}].objective': missing or empty")
            continue
        krs = o.get("key_results", [])
        if not isinstance(krs, list):
            errs.append(f"{where}: field 'okrs.objectives[{j}].key_results': must be a list")
            continue
        for k, kr in enumerate(krs):
            ok = _nonempty_str(kr) or (isinstance(kr, dict) and _nonempty_str(kr.get("text")))
            if not ok:
                errs.append(
                    f"{where}: field 'okrs.objectives[{j}].key_results[{k}]': must be a string or a mapping with 'text'"
                )
    parent = okrs.get("parent")
    if parent is not None and not isinstance(parent, list):
        errs.append(f"{where}: field 'okrs.parent': must be a list of objectives")
    if "as_of" in okrs and not isinstance(okrs["as_of"], _dt.date):
        errs.append(f"{where}: field 'okrs.as_of': must be a date like 2026-08-15")
    return errs


def _parse_file(path: Path) -> tuple[list[Entry], list[str]]:
    """Read one data file; return its valid entries and located error messages."""
    fname = path.name
    errors: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [], [f"{fname}: cannot read: {exc}"]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f"{fname}:{mark.line + 1}" if mark else fname
        return [], [f"{loc}: invalid YAML: {getattr(exc, 'problem', exc)}"]
    if not isinstance(data, list) or not data:
        return [], [f"{fname}: the file must hold a non-empty top-level list of entries"]
    lines = _item_lines(text)
    entries: list[Entry] = []
    for i, raw in enumerate(data):
        line, field_lines = lines.get(i, (None, {}))

        def loc(fld: str | None = None, field_lines=field_lines, line=line, i=i) -> str:
            ln = field_lines.get(fld, line) if fld else line
            head = f"{fname}:{ln}" if ln else fname
            return f"{head}: entry {i}" + (f": field '{fld}'" if fld else "")

        if not isinstance(raw, dict):
            errors.append(f"{loc()}: must be a mapping")
            continue
        before = len(errors)
        for key in raw:
            if key not in ENTRY_KEYS:
                near = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                errors.append(f"{loc(str(key))}: unknown field{hint}")
        kind, label = raw.get("kind"), raw.get("label")
        if kind not in KINDS:
            errors.append(f"{loc('kind')}: {kind!r} is not one of {', '.join(KINDS)}")
        if label not in LABELS:
            errors.append(f"{loc('label')}: {label!r} is not one of {', '.join(LABELS)}")
        cats = raw.get("categories")
        if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
            errors.append(f"{loc('categories')}: must be a list of category names")
            cats = []
        for c in cats:
            if c not in CATEGORIES:
                near = difflib.get_close_matches(c, CATEGORIES, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                errors.append(f"{loc('categories')}: unknown category {c!r}{hint}")
        if len(set(cats)) != len(cats):
            errors.append(f"{loc('categories')}: repeated category")
        if label == "good" and cats:
            errors.append(f"{loc('categories')}: a good entry must have no categories, got {cats}")
        if label == "bad" and not cats:
            errors.append(f"{loc('categories')}: a bad entry needs at least one category")
        if kind in ("key_result", "objective"):
            if not _nonempty_str(raw.get("statement")):
                errors.append(f"{loc('statement')}: a {kind} entry needs a non-empty statement")
            for extra in ("name", "okrs"):
                if extra in raw:
                    errors.append(f"{loc(extra)}: only set entries have '{extra}'")
            for c in cats:
                if c in SET_ONLY_CATEGORIES:
                    errors.append(f"{loc('categories')}: {c!r} is a set-level category; a single {kind} can't show it")
        elif kind == "set":
            if "statement" in raw:
                errors.append(f"{loc('statement')}: a set entry uses 'name' and 'okrs', not 'statement'")
            if not _nonempty_str(raw.get("name")):
                errors.append(f"{loc('name')}: a set entry needs a non-empty name")
            errors.extend(_check_okrs(raw.get("okrs"), loc()))
        for fld in ("source", "note"):
            if not _nonempty_str(raw.get(fld)):
                errors.append(f"{loc(fld)}: missing or empty")
        if len(errors) > before:
            continue
        entries.append(
            Entry(
                file=fname,
                index=i,
                line=line,
                kind=kind,
                label=label,
                categories=tuple(cats),
                source=raw["source"].strip(),
                note=raw["note"].strip(),
                statement=raw.get("statement"),
                name=raw.get("name"),
                okrs=raw.get("okrs"),
            )
        )
    return entries, errors


def _read(data_dir: Path | str) -> tuple[list[Entry], list[str]]:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [], [f"{data_dir}: not a directory"]
    files = sorted(data_dir.glob("*.yaml")) + sorted(data_dir.glob("*.yml"))
    if not files:
        return [], [f"{data_dir}: no *.yaml files"]
    entries: list[Entry] = []
    errors: list[str] = []
    for path in files:
        es, errs = _parse_file(path)
        entries.extend(es)
        errors.extend(errs)
    seen: dict[tuple[str, str], Entry] = {}
    for e in entries:
        key = (e.kind, " ".join(e.text.lower().split()))
        if key in seen:
            first = seen[key]
            errors.append(
                f"{e.file}:{e.line}: entry {e.index}: field "
                f"'{'name' if e.kind == 'set' else 'statement'}': duplicate of "
                f"{first.file} entry {first.index}"
            )
        else:
            seen[key] = e
    return entries, errors


def validate_dataset(data_dir: Path | str = DEFAULT_DATA) -> list[str]:
    """Check every file in data_dir; return located error messages (empty when valid)."""
    return _read(data_dir)[1]


def load_dataset(data_dir: Path | str = DEFAULT_DATA) -> list[Entry]:
    """All entries of data_dir, in file and entry order; raises DataError when invalid."""
    entries, errors = _read(data_dir)
    if errors:
        raise DataError(errors)
    return entries


def select(entries: list[Entry], split: str) -> list[Entry]:
    """The entries of a split: 'dev', 'test' or 'all'."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    return entries if split == "all" else [e for e in entries if e.split == split]


def category_counts(entries: list[Entry]) -> dict[str, Counter]:
    """Per kind group ('statement' / 'set'): how many bad entries carry each category."""
    out = {"statement": Counter(), "set": Counter()}
    for e in entries:
        group = "set" if e.kind == "set" else "statement"
        out[group].update(e.categories)
    return out


# ---------------------------------------------------------------------------------- the checker


@dataclass
class Result:
    entry: Entry
    findings: list[dict] = field(default_factory=list)
    crash: str | None = None

    @property
    def flagged(self) -> bool:
        return any(f["severity"] in FLAGGED_SEVERITIES for f in self.findings)

    @property
    def flagged_categories(self) -> set[str]:
        return {f["category"] for f in self.findings if f["severity"] in FLAGGED_SEVERITIES}


def import_okrkit():
    """Import the okrkit of this repository; raise ImportError with a clear reason."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import okrkit  # noqa: PLC0415

    missing = [n for n in ("lint_statement", "loads", "lint") if not hasattr(okrkit, n)]
    if missing:
        raise ImportError(f"okrkit has no {', '.join(missing)} yet")
    return okrkit


def _finding(f: Any) -> dict:
    return {
        "code": str(getattr(f, "code", "?")),
        "category": str(getattr(f, "category", "?")),
        "severity": str(getattr(f, "severity", "?")),
        "message": str(getattr(f, "message", "")),
    }


def check_entry(okrkit, entry: Entry) -> Result:
    """Run the checker on one entry. A set the loader rejects counts as an error of category malformed."""
    res = Result(entry)
    try:
        if entry.kind == "set":
            text = yaml.safe_dump(entry.okrs, sort_keys=False, allow_unicode=True)
            try:
                okr_set = okrkit.loads(text)
            except Exception as exc:  # a located load error is the checker saying "malformed"
                res.findings.append(
                    {
                        "code": "LOAD",
                        "category": "malformed",
                        "severity": "error",
                        "message": f"{type(exc).__name__}: {exc}",
                    }
                )
                return res
            found = okrkit.lint(okr_set)
        else:
            found = okrkit.lint_statement(entry.statement, kind=entry.kind)
        res.findings = [_finding(f) for f in found]
    except Exception as exc:
        res.crash = f"{type(exc).__name__}: {exc}"
    return res


# ------------------------------------------------------------------------------------ figures


def _pct(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def compute(results: list[Result]) -> dict:
    """Every figure the report prints, as plain data."""
    counts: dict[str, dict[str, int]] = {k: {"good": 0, "bad": 0} for k in KINDS}
    conf = {"TP": 0, "FP": 0, "FN": 0, "TN": 0}
    by_kind: dict[str, dict[str, int]] = {k: {"agree": 0, "n": 0} for k in KINDS}
    for r in results:
        e = r.entry
        counts[e.kind][e.label] += 1
        key = ("T" if r.flagged == e.bad else "F") + ("P" if r.flagged else "N")
        conf[key] += 1
        by_kind[e.kind]["n"] += 1
        by_kind[e.kind]["agree"] += int(r.flagged == e.bad)
    n = len(results)
    agree = conf["TP"] + conf["TN"]

    labeled = Counter(c for r in results for c in r.entry.categories)
    flagged_any = Counter(c for r in results for c in r.flagged_categories)
    cats: dict[str, dict] = {}
    for c in CATEGORIES:
        if not labeled[c] and not flagged_any[c]:
            continue
        hits = sum(1 for r in results if c in r.entry.categories and c in r.flagged_categories)
        correct_flags = hits
        recall = _pct(hits, labeled[c])
        precision = _pct(correct_flags, flagged_any[c])
        cats[c] = {
            "n": labeled[c],
            "hits": hits,
            "recall": recall,
            "flagged": flagged_any[c],
            "precision": precision,
            "tip": c in TIP_CATEGORIES,
            "weak": labeled[c] >= WEAK_MIN_N and (recall or 0.0) < WEAK_RECALL,
        }

    def describe(r: Result) -> dict:
        e = r.entry
        return {
            "where": e.where,
            "file": e.file,
            "index": e.index,
            "split": e.split,
            "kind": e.kind,
            "label": e.label,
            "expected": list(e.categories),
            "text": e.text,
            "flagged": r.flagged,
            "findings": r.findings,
            "crash": r.crash,
        }

    disagreements = [describe(r) for r in results if r.flagged != r.entry.bad]
    misses = []
    for r in results:
        if r.entry.bad and r.flagged:
            missing = [c for c in r.entry.categories if c not in r.flagged_categories]
            if missing:
                d = describe(r)
                d["missing"] = missing
                misses.append(d)
    crashes = [describe(r) for r in results if r.crash]
    return {
        "entries": n,
        "counts": counts,
        "agreement": _pct(agree, n),
        "confusion": conf,
        "by_kind": {k: {"n": v["n"], "agreement": _pct(v["agree"], v["n"])} for k, v in by_kind.items() if v["n"]},
        "categories": cats,
        "weak_categories": [c for c, v in cats.items() if v["weak"]],
        "disagreements": disagreements,
        "category_misses": misses,
        "crashes": crashes,
    }


def _fmt_pct(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:5.1f}%"


def _fmt_findings(findings: list[dict]) -> str:
    if not findings:
        return "(no findings)"
    parts = []
    for f in findings:
        mark = "" if f["severity"] in FLAGGED_SEVERITIES else " [not flagged]"
        parts.append(f"{f['code']} {f['category']} {f['severity']}{mark}: {f['message']}")
    return "\n            ".join(parts)


def render(fig: dict, data_dir: str, split: str, seconds: float) -> str:
    out: list[str] = []
    w = out.append
    w(f"okrkit checker vs labeled data ({data_dir}, split: {split}, {fig['entries']} entries, {seconds:.2f}s)")
    w("")
    w("Entries")
    w(f"  {'kind':<12} {'good':>5} {'bad':>5} {'total':>6}")
    for k, c in fig["counts"].items():
        if c["good"] + c["bad"]:
            w(f"  {k:<12} {c['good']:>5} {c['bad']:>5} {c['good'] + c['bad']:>6}")
    tg = sum(c["good"] for c in fig["counts"].values())
    tb = sum(c["bad"] for c in fig["counts"].values())
    w(f"  {'all':<12} {tg:>5} {tb:>5} {tg + tb:>6}")
    w("")
    cf = fig["confusion"]
    w(
        f"Overall agreement (flagged <=> labeled bad): {_fmt_pct(fig['agreement']).strip()} "
        f"({cf['TP'] + cf['TN']}/{fig['entries']})"
    )
    w(
        f"  confusion   TP {cf['TP']}  FP {cf['FP']}  FN {cf['FN']}  TN {cf['TN']}   "
        "(TP: labeled bad and flagged; FP: labeled good but flagged)"
    )
    w(
        "  by kind     "
        + "   ".join(f"{k} {_fmt_pct(v['agreement']).strip()} of {v['n']}" for k, v in fig["by_kind"].items())
    )
    if fig["crashes"]:
        w(f"  checker crashed on {len(fig['crashes'])} entries (counted as not flagged; listed below)")
    w("")
    w("Per category  (recall: labeled entries the checker flags with this category;")
    w("               precision: entries flagged with it that are labeled with it)")
    w(f"  {'category':<22} {'n':>4} {'recall':>7} {'flagged':>8} {'precision':>10}")
    for c, v in fig["categories"].items():
        note = ""
        if v["weak"]:
            note = f"  <-- recall below {int(WEAK_RECALL * 100)}%"
        if v["tip"]:
            note += "  (tip category: info in the kit)"
        w(f"  {c:<22} {v['n']:>4} {_fmt_pct(v['recall']):>7} {v['flagged']:>8} {_fmt_pct(v['precision']):>10}{note}")
    if fig["weak_categories"]:
        w(f"  weak (n >= {WEAK_MIN_N}, recall < {int(WEAK_RECALL * 100)}%): " + ", ".join(fig["weak_categories"]))
    w("")
    w(f"Disagreements ({len(fig['disagreements'])}): label vs flagged")
    for d in fig["disagreements"]:
        tag = "FN missed" if d["label"] == "bad" else "FP flagged good"
        exp = ", ".join(d["expected"]) or "-"
        w(f"  [{tag}] {d['where']} {d['kind']} {d['label']} [{exp}] ({d['split']})")
        w(f"      {d['text']!r}")
        w(f"      checker: {d['crash'] and 'CRASH ' + d['crash'] or _fmt_findings(d['findings'])}")
    w("")
    w(
        f"Right label, missing category ({len(fig['category_misses'])}): bad entries flagged, "
        "but not with every expected category"
    )
    for d in fig["category_misses"]:
        w(
            f"  {d['where']} {d['kind']} missing [{', '.join(d['missing'])}] "
            f"of [{', '.join(d['expected'])}] ({d['split']})"
        )
        w(f"      {d['text']!r}")
        w(f"      checker: {_fmt_findings(d['findings'])}")
    crashes = [d for d in fig["crashes"] if d not in fig["disagreements"]]
    if crashes:
        w("")
        w(f"Crashes not listed above ({len(crashes)})")
        for d in crashes:
            w(f"  {d['where']} {d['text']!r}: {d['crash']}")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- main


def _summary(entries: list[Entry]) -> str:
    c = Counter((e.kind, e.label) for e in entries)
    good = sum(v for (k, lab), v in c.items() if lab == "good")
    parts = [f"{k}: {c[(k, 'good')]} good / {c[(k, 'bad')]} bad" for k in KINDS]
    return f"{len(entries)} entries ({good} good, {len(entries) - good} bad; " + "; ".join(parts) + ")"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="folder of labeled *.yaml files (default: data/labeled)")
    ap.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="dev = 4 of every 5 entries per file, test = every 5th (still part of the tuning set: written with the rules, not a real test), all = both",
    )
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ap.add_argument(
        "--corpus",
        default=str(ROOT.parent / "shared" / "corpus" / "real-world-dev.yaml"),
        help="the real-world labeled corpus, reported apart ('' to skip)",
    )
    ap.add_argument(
        "--validate-only", action="store_true", help="check the data set and exit without running the checker"
    )
    args = ap.parse_args(argv)

    entries, errors = _read(args.data)
    if errors:
        print(f"invalid labeled data in {args.data} ({len(errors)} problems):", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        if args.json:
            print(json.dumps({"valid": False, "errors": errors}, indent=2))
        return 2
    chosen = select(entries, args.split)
    if args.validate_only:
        if args.json:
            print(
                json.dumps(
                    {"valid": True, "entries": len(entries), "split": args.split, "selected": len(chosen)}, indent=2
                )
            )
        else:
            print(f"labeled data OK: {_summary(entries)}")
        return 0
    if not args.json:
        print(f"labeled data OK: {_summary(entries)}", file=sys.stderr)

    try:
        okrkit = import_okrkit()
    except Exception as exc:
        print(
            f"cannot run the checker: import okrkit failed ({type(exc).__name__}: {exc}).\n"
            "The labeled data is valid; run again once okrkit provides lint_statement, loads "
            "and lint (or use --validate-only).",
            file=sys.stderr,
        )
        return 2

    t0 = time.perf_counter()
    results = [check_entry(okrkit, e) for e in chosen]
    seconds = time.perf_counter() - t0
    fig = compute(results)
    corpus = _real_world(args.corpus) if args.corpus else None
    if args.json:
        fig.update({"data_dir": str(args.data), "split": args.split, "seconds": round(seconds, 3)})
        print(json.dumps({"tuning_set": fig, "real_world_dev": corpus and corpus[0]}, indent=2, default=str))
    else:
        print("=" * 100)
        print("TUNING SET (data/labeled/: the rules were written and tuned against it; a training figure)")
        print("=" * 100)
        print(render(fig, str(args.data), args.split, seconds))
        if corpus:
            print("\n" + "=" * 100)
            print("REAL-WORLD DEV CORPUS (published OKRs; reported apart, never merged with the figures above)")
            print("=" * 100)
            print(corpus[1])
    return 0


def _real_world(path: str) -> tuple[dict, str] | None:
    """The real-world corpus figures and their text (benchmarks/eval_corpus.py), or None when it is absent."""
    if not Path(path).is_file():
        print(f"(no real-world corpus at {path}: only the tuning set is reported)", file=sys.stderr)
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_corpus", Path(__file__).with_name("eval_corpus.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod.evaluate(Path(path))


if __name__ == "__main__":
    sys.exit(main())
