"""Write data/sample-class/: made-up Assignment 03 submissions of every kind, plus expected.yaml.

Deterministic (seeded): running it twice gives byte-identical files.
    .venv/bin/python scripts/make_sample_class.py [--out data/sample-class]

Each notebook is the student notebook (exercises/assignment-03/assignment-03.ipynb) with its answer
cells filled in from the answer pools below: strong, average and weak answers, answers with small
flaws, and the mishaps instructors meet (empty, half done, wrong type, malformed YAML, an answer in
the wrong cell, duplicated answer cells, a markdown answer, a truncated file). expected.yaml records
what each profile should score, as ranges the tests pin.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "exercises" / "assignment-03" / "assignment-03.ipynb"
SEED = 3
QUESTIONS = ("gmail", "prime", "goodcall", "linkedin", "personal")

# ── answer pools ──────────────────────────────────────────────────────────────────────────
STRONG = {
    "gmail": """\
period: 2026-Q3
objectives:
  - objective: Writing an email in Gmail on the web feels fast and effortless
    aligns_to: "G1: make Gmail and Workspace the place where people get their work done"
    key_results:
      - Cut median time to compose and send a new message from 70 seconds to 55 seconds by Sep 30
      - Raise the share of drafts sent with a Smart Compose suggestion accepted from 18% to 25% by Sep 30
  - objective: Emails go out right the first time
    aligns_to: "G2: earn users' trust through safety, privacy and reliability"
    key_results:
      - Reduce the rate of messages sent without their mentioned attachment from 1.2% to 0.6% by Sep 30
      - Increase the composer's satisfaction score (CSAT) from 72 to 78 by Sep 30
""",
    "prime": """\
period: 2026-Q3
objectives:
  - objective: More shoppers discover that Prime is worth paying for
    aligns_to: "G1: grow the number of paying Prime members"
    key_results:
      - Increase free-trial to paid Prime conversion from 38% to 44% by Sep 30
      - Raise the share of trial members who use a second benefit in their first week from 25% to 35% by Sep 30
  - objective: Members stay because Prime keeps paying off
    aligns_to: "G3: keep members loyal and reduce cancellations"
    key_results:
      - Reduce monthly Prime cancellation rate from 3.2% to 2.6% by Sep 30
      - Increase annual plan renewal rate from 81% to 85% by Sep 30
""",
    "goodcall": """\
period: 2026-Q3
objectives:
  - objective: Saving a new contact takes seconds, right after the call
    aligns_to: "G3: make every call trustworthy, people know who is calling"
    key_results:
      - Increase the share of calls from new numbers that end with a saved contact from 12% to 20% by Sep 30
      - Cut median time to save a contact from the call log from 25 seconds to 10 seconds by Sep 30
  - objective: People's contact lists stay clean and complete
    aligns_to: "G1: become the app people use for every call"
    key_results:
      - Reduce the share of saved contacts that are duplicates from 9% to 5% by Sep 30
      - Raise the share of saved contacts with a name and a photo from 40% to 55% by Sep 30
""",
    "linkedin": """\
period: 2026-Q3
objectives:
  - objective: Trial learners find a course worth paying for in their first week
    aligns_to: "G1: grow subscription revenue from Premium and Learning"
    key_results:
      - Increase free trial to paid subscription conversion from 22% to 27% by Sep 30
      - Raise the share of trial learners who finish a first lesson in their first week from 45% to 60% by Sep 30
  - objective: Subscribers build skills they can show
    aligns_to: "G2: help members build skills that move their careers forward"
    key_results:
      - Increase the monthly course completion rate among subscribers from 18% to 24% by Sep 30
      - Reduce monthly subscription churn from 6% to 5% by Sep 30
""",
    "personal": """\
level: individual
objectives:
  - objective: I understand our users and how the product serves them
    key_results:
      - Score at least 90% on the product knowledge quiz within 30 days
      - Map the top 5 user problems, confirmed by 8 customer interviews, within 30 days
  - objective: The team trusts me as its product partner
    key_results:
      - Raise my team's rating of how useful my specs are from 3 to 4 out of 5 within 60 days
      - Cut the number of open questions per spec at sprint planning from 6 to 2 within 60 days
  - objective: Our sign-up funnel is measured and understood
    key_results:
      - Increase the share of funnel steps with a tracked conversion rate from 40% to 100% within 60 days
      - Reduce the weekly time the team spends pulling funnel numbers by hand from 5 hours to 1 hour within 60 days
  - objective: I ship a first improvement that users notice
    key_results:
      - Increase registration conversion from 20% to 22% within 90 days
      - Cut support tickets about sign-up from 40 to 30 per week within 90 days
  - objective: My roadmap is clear and backed by the people who fund it
    key_results:
      - Raise stakeholder agreement with the roadmap in the quarterly survey from 50% to 80% within 90 days
      - My 6-month roadmap is approved by my manager and 2 stakeholder leads within 90 days
""",
}

# Personal OKRs with deadlines said as "by day N" (the kit reads these too).
PERSONAL_DAYS = """\
level: individual
start: 2026-09-01
objectives:
  - objective: "By day 30: I know the product, the users and the team"
    key_results:
      - Score at least 90% on the product knowledge quiz by day 30
      - Raise my own confidence rating on our top 10 user journeys from 2 to 4 out of 5 by day 30
  - objective: "By day 60: the team relies on my specs"
    key_results:
      - Cut open questions per spec at sprint planning from 6 to 2 by day 60
      - Raise the team's rating of my specs from 3 to 4 out of 5 by day 60
  - objective: "By day 60: customers' voices reach every planning meeting"
    key_results:
      - Increase the share of planning decisions that cite customer evidence from 20% to 60% by day 60
      - Reduce the time from a customer complaint to a triaged ticket from 10 days to 3 days by day 60
  - objective: "By day 90: my first change moves a number users feel"
    key_results:
      - Increase onboarding completion from 55% to 62% by day 90
      - Cut onboarding support tickets from 40 to 30 per week by day 90
  - objective: "By day 90: the roadmap has real backing"
    key_results:
      - Raise stakeholder agreement with the roadmap from 50% to 80% by day 90
      - The 6-month roadmap is approved by my manager and 2 stakeholder leads by day 90
"""

AVERAGE = {
    "gmail": """\
period: 2026-Q3
objectives:
  - objective: Make the composer better
    aligns_to: Google's mission
    key_results:
      - Increase Smart Compose usage by 10%
      - Launch a new formatting toolbar
      - Reduce typos in sent emails from 4% to 3% by Sep 30
""",
    "prime": """\
objectives:
  - objective: Grow Prime
    aligns_to: "Grow paying Prime members"
    key_results:
      - Increase Prime sign-ups from 1.2M to 1.5M per month by end of Q3
      - Run 3 marketing campaigns before Prime Day
  - objective: Members are happy
    key_results:
      - Improve member satisfaction
      - Reduce cancellations by 5% by Sep 30
""",
    "goodcall": """\
period: 2026-Q3
objectives:
  - objective: Users save more contacts
    aligns_to: "Grow weekly active callers"
    key_results:
      - Increase contacts saved per user per week from 2 to 3 by Sep 30
      - Redesign the save-contact screen
""",
    "linkedin": """\
period: 2026-Q3
objectives:
  - objective: More people subscribe to LinkedIn Learning
    aligns_to: "LinkedIn revenue"
    key_results:
      - Increase total subscribers by 15%
      - Add 200 new courses
      - Increase course completion rate from 20% to 25% by Sep 30
""",
    "personal": """\
level: individual
objectives:
  - objective: Learn the product
    key_results:
      - Meet every engineer on the team within 30 days
      - Read all the product docs within 30 days
  - objective: Get to know customers
    key_results:
      - Interview 10 customers within 60 days
  - objective: Improve sign-up
    key_results:
      - Increase registration conversion from 20% to 22% within 90 days
      - Improve onboarding
  - objective: Own the roadmap
    key_results:
      - Write the roadmap
      - Present the roadmap to leadership within 90 days
""",
}

WEAK = {
    "gmail": """\
objectives:
  - objective: Launch a new composer
    key_results:
      - Make composing emails better
  - objective: Add AI features
    key_results:
      - Ship the AI writing assistant
""",
    "prime": """\
objectives:
  - objective: Get more users
    key_results:
      - Increase total users by 10%
      - More people use Prime Video
""",
    "goodcall": """\
objectives:
  - objective: Improve the app
    key_results:
      - Make it easier
""",
    "linkedin": """\
objectives:
  - objective: 1 million subscribers
    key_results:
      - Get lots of new signups
      - Try to improve engagement
""",
    "personal": """\
objectives:
  - objective: Become a better presenter
    key_results:
      - Be better at presenting
  - objective: Learn the product
    key_results:
      - Learn a lot
  - objective: Be a good PM
    key_results:
      - Work hard
  - objective: Build relationships
    key_results:
      - Talk to people
  - objective: Ship things
    key_results:
      - Ship features
""",
}

# Plain-text outline answers (no YAML): read by the kit, but an outline has no aligns_to.
OUTLINE = {
    "gmail": """\
Objective: Writing an email feels effortless
- Cut median time to compose and send a message from 70 seconds to 55 seconds by Sep 30
- Raise Smart Compose suggestion acceptance from 18% to 25% by Sep 30
""",
    "prime": """\
Objective: Members stay because Prime keeps paying off
- Reduce monthly Prime cancellation rate from 3.2% to 2.6% by Sep 30
- Increase annual plan renewal rate from 81% to 85% by Sep 30
""",
}

MALFORMED = {
    "indent": """\
period: 2026-Q3
objectives:
  - objective: Writing an email feels effortless
    key_results:
      - Cut median time to send a message from 70 seconds to 55 seconds by Sep 30
     - Raise Smart Compose acceptance from 18% to 25% by Sep 30
""",
    "quote": """\
period: 2026-Q3
objectives:
  - objective: "Emails go out right the first time
    key_results:
      - Reduce messages sent without their attachment from 1.2% to 0.6% by Sep 30
""",
    "colon": """\
period: 2026-Q3
objectives:
  - objective: Emails go out right the first time
    aligns_to: "G2: earn users' trust"
    key_results:
      - Attachment reminders: reduce forgotten attachments from 1.2% to 0.6% by Sep 30
      - Increase composer CSAT from 72 to 78 by Sep 30
""",
}


# ── small flaws that turn a strong answer into a slightly weaker one ──────────────────────
def _drop_aligns_to(text: str, rng: random.Random) -> str:
    """Remove one aligns_to line."""
    lines = text.splitlines(keepends=True)
    idx = [i for i, ln in enumerate(lines) if ln.strip().startswith("aligns_to:")]
    if idx:
        del lines[rng.choice(idx)]
    return "".join(lines)


def _output_kr(text: str, rng: random.Random) -> str:
    """Replace the last key result with an activity count."""
    lines = text.splitlines(keepends=True)
    idx = [i for i, ln in enumerate(lines) if ln.strip().startswith("- ") and "objective:" not in ln]
    if idx:
        i = idx[-1]
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines[i] = indent + "- Hold 6 user research sessions by Sep 30\n"
    return "".join(lines)


def _undate(text: str, rng: random.Random) -> str:
    """Remove one deadline from a personal key result."""
    lines = text.splitlines(keepends=True)
    idx = [i for i, ln in enumerate(lines) if "within 60 days" in ln]
    if idx:
        i = rng.choice(idx)
        lines[i] = lines[i].replace(" within 60 days", "")
    return "".join(lines)


FLAWS = {"aligns_to": _drop_aligns_to, "output": _output_kr}


def strong_answers(rng: random.Random, flaws: int) -> dict[str, str]:
    """Strong answers with a few small flaws spread over the product questions."""
    answers = dict(STRONG)
    for qid in rng.sample(QUESTIONS[:4], k=flaws):
        answers[qid] = FLAWS[rng.choice(sorted(FLAWS))](answers[qid], rng)
    if rng.random() < 0.5:
        answers["personal"] = _undate(answers["personal"], rng)
    return answers


def mixed_answers(rng: random.Random, base: dict[str, str], others: list[dict[str, str]], swaps: int) -> dict[str, str]:
    """The base pool's answers with `swaps` questions drawn from the other pools instead."""
    answers = dict(base)
    for qid in rng.sample(QUESTIONS, k=swaps):
        answers[qid] = rng.choice(others)[qid]
    return answers


# ── notebooks ─────────────────────────────────────────────────────────────────────────────
def _template() -> dict:
    nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def _answer_index(nb: dict, qid: str) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if c["metadata"].get("okrkit", {}).get("answer") == qid)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _code(qid: str, text: str) -> list[str]:
    return _lines(f'{qid} = """\n{text}"""')


def notebook(answers: dict[str, str | None], *, raw_sources: dict[str, str] | None = None) -> dict:
    """The template with answer cells set (None keeps the starter); raw_sources replaces a cell's code."""
    nb = _template()
    for qid in QUESTIONS:
        cell = nb["cells"][_answer_index(nb, qid)]
        if raw_sources and qid in raw_sources:
            cell["source"] = _lines(raw_sources[qid])
        elif answers.get(qid) is not None:
            cell["source"] = _code(qid, answers[qid])
    return nb


def _new_code(cell_id: str, source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell_id,
        "metadata": {},
        "outputs": [],
        "source": _lines(source),
    }


def build(rng: random.Random) -> list[tuple[str, dict | bytes, dict]]:
    """(id, notebook or raw bytes, expectation) for every sample submission."""
    out: list[tuple[str, dict | bytes, dict]] = []
    for n in range(1, 7):
        out.append(
            (
                f"strong-{n:02d}",
                notebook(strong_answers(rng, flaws=min(n - 1, 2))),
                {"profile": "strong", "total": [85, 100]},
            )
        )
    for n in range(1, 9):
        out.append(
            (
                f"average-{n:02d}",
                notebook(mixed_answers(rng, AVERAGE, [STRONG, WEAK], swaps=1 + n % 2)),
                {"profile": "average", "total": [35, 84]},
            )
        )
    for n in range(1, 6):
        out.append(
            (
                f"weak-{n:02d}",
                notebook(mixed_answers(rng, WEAK, [AVERAGE], swaps=n % 2)),
                {"profile": "weak", "total": [0, 50]},
            )
        )
    for n in range(1, 3):
        out.append(
            (
                f"empty-{n:02d}",
                notebook({}),
                {"profile": "empty", "total": [0, 0], "questions": {q: {"status": "unanswered"} for q in QUESTIONS}},
            )
        )
    for n, done in enumerate((("gmail", "prime"), ("personal",), ("gmail", "goodcall", "linkedin")), 1):
        answers = {q: STRONG[q] for q in done}
        exp = {q: {"status": "unanswered"} for q in QUESTIONS if q not in done}
        hi = sum(15 if q != "personal" else 40 for q in done)
        out.append(
            (f"half-done-{n:02d}", notebook(answers), {"profile": "half done", "total": [hi - 6, hi], "questions": exp})
        )

    answers = dict(STRONG)
    out.append(
        (
            "wrong-type-number",
            notebook(answers, raw_sources={"gmail": "gmail = 42\n"}),
            {
                "profile": "wrong type",
                "total": [70, 85],
                "questions": {"gmail": {"points": [0, 0]}},
                "notes": ["is a number, not text"],
            },
        )
    )
    out.append(
        (
            "wrong-type-list",
            notebook(
                answers,
                raw_sources={"prime": 'prime = [\n    "Grow Prime",\n    "Increase Prime members by 10%",\n]\n'},
            ),
            {
                "profile": "wrong type",
                "total": [70, 85],
                "questions": {"prime": {"points": [0, 0]}},
                "notes": ["is a list, not text"],
            },
        )
    )

    # Line numbers count lines of the answer string, which starts on the cell's first line: they match the cell.
    for name, line, hint in (("indent", 7, None), ("quote", 4, 'line 4 opens a " quote'), ("colon", 7, None)):
        answers = dict(STRONG, gmail=MALFORMED[name])
        q = {"status": "error", "feedback": f"gmail answer:{line}:", **({"hint": hint} if hint else {})}
        out.append(
            (
                f"malformed-yaml-{name}",
                notebook(answers),
                {"profile": "malformed YAML", "total": [70, 85], "questions": {"gmail": q}},
            )
        )

    swapped = dict(STRONG, gmail=STRONG["prime"], prime=STRONG["gmail"])
    out.append(
        (
            "wrong-cell-swapped",
            notebook(swapped),
            {
                "profile": "wrong cell",
                "total": [80, 95],
                "questions": {
                    "gmail": {"points": [0, 12], "hint": "right cell"},
                    "prime": {"points": [0, 12], "hint": "right cell"},
                },
            },
        )
    )

    nb = notebook(dict(STRONG, personal=None))
    at = _answer_index(nb, "personal")
    nb["cells"].insert(at + 1, _new_code("extra-personal", f'personal = """\n{STRONG["personal"]}"""'))
    out.append(("wrong-cell-untagged", nb, {"profile": "wrong cell", "total": [85, 100], "notes": ["untagged cell"]}))

    nb = notebook(dict(STRONG, linkedin=None))
    at = _answer_index(nb, "linkedin")
    nb["cells"].insert(at, _new_code("early-linkedin", f'linkedin = """\n{STRONG["linkedin"]}"""'))
    out.append(
        (
            "wrong-cell-above",
            nb,
            {
                "profile": "wrong cell",
                "total": [70, 85],
                "questions": {"linkedin": {"status": "unanswered"}},
                "notes": ["replaces it when the notebook runs"],
            },
        )
    )

    nb = notebook(dict(STRONG))
    at = _answer_index(nb, "goodcall")
    dup = copy.deepcopy(nb["cells"][at])
    dup["id"] = "duplicate-goodcall"
    nb["cells"][at]["source"] = _code("goodcall", AVERAGE["goodcall"])
    nb["cells"].insert(at + 2, dup)
    out.append(
        (
            "duplicated-cells",
            nb,
            {
                "profile": "duplicated cells",
                "total": [85, 100],
                "questions": {"goodcall": {"points": [15, 15]}},
                "notes": ["are all tagged as the answer to 'goodcall'"],
            },
        )
    )

    nb = notebook(dict(STRONG))
    cell = nb["cells"][_answer_index(nb, "linkedin")]
    cell.update(cell_type="markdown", source=_lines(f"My answer:\n\n```yaml\n{STRONG['linkedin']}```\n"))
    for key in ("outputs", "execution_count"):
        cell.pop(key, None)
    out.append(
        (
            "markdown-yaml",
            nb,
            {
                "profile": "markdown answer",
                "status": "ok",
                "total": [85, 100],
                "questions": {"linkedin": {"points": [15, 15]}},
            },
        )
    )

    out.append(
        (
            "outline-text",
            notebook(dict(STRONG, **OUTLINE)),
            {
                "profile": "plain-text outline",
                "total": [70, 95],
                "questions": {"gmail": {"points": [9, 12]}, "prime": {"points": [9, 12]}},
            },
        )
    )
    out.append(
        (
            "day-phrasing",
            notebook(dict(STRONG, personal=PERSONAL_DAYS)),
            {
                "profile": "strong, 'by day N' deadlines",
                "total": [85, 100],
                "questions": {"personal": {"points": [36, 40]}},
            },
        )
    )
    out.append(
        (
            "syntax-error",
            notebook(dict(STRONG), raw_sources={"goodcall": f'goodcall = """\n{STRONG["goodcall"]}\n'}),
            {
                "profile": "broken cell",
                "total": [70, 85],
                "questions": {"goodcall": {"status": "unanswered"}},
                "notes": ["not valid Python"],
            },
        )
    )

    text = json.dumps(notebook(dict(STRONG)), indent=1, ensure_ascii=False)
    out.append(
        (
            "broken-truncated",
            text[: len(text) // 2].encode("utf-8"),
            {"profile": "truncated file", "status": "error", "error": "truncated"},
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the sample class and expected.yaml."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "data" / "sample-class"), help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ipynb"):
        old.unlink()
    expected = {}
    for sid, content, exp in build(random.Random(SEED)):
        path = out / f"{sid}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(content, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        expected[sid] = {"status": "ok", **exp}
    header = (
        "# Expected results for the sample class (written by scripts/make_sample_class.py).\n"
        "# id: profile, status (ok | error), total [min, max], per question: points [min, max],\n"
        "# status (ok | unanswered | error), text the feedback or hint must contain; notes: text the\n"
        "# submission's notes must contain. tests/test_sample_class.py checks every entry.\n"
    )
    (out / "expected.yaml").write_text(
        header + yaml.safe_dump(expected, sort_keys=True, allow_unicode=True, width=100), encoding="utf-8"
    )
    print(f"wrote {len(expected)} submissions and expected.yaml to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
