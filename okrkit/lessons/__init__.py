"""Lesson exercises: their data (YAML next to this file) and check(exercise, answer) with teaching feedback.

In a notebook::

    from okrkit.lessons import exercise, check
    exercise("01-sort")                 # the task, the items and a starter answer
    answer = {"A": "objective", ...}
    check("01-sort", answer)            # a CheckResult: points, what is right, what to fix and why
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from okrkit.assignment.result import CheckResult
from okrkit.check import lint
from okrkit.lessons.checkers import run
from okrkit.read import loads
from okrkit.render.cards import HTMLView, case_html, exercise_html
from okrkit.render.findings import FindingsView

__all__ = ["Exercise", "Case", "check", "exercise", "exercises", "load_checkins", "cycle"]


def _files():
    """The folder holding the lessons' YAML data."""
    return resources.files(__package__)


def exercises() -> list[str]:
    """Ids of every lesson exercise, in lesson order."""
    return sorted(p.name[:-5] for p in _files().iterdir() if p.name.endswith(".yaml") and p.name[:2].isdigit())


@cache
def _spec(exercise_id: str) -> dict:
    """The exercise's YAML data, checked for the fields every exercise has."""
    known = exercises()
    if exercise_id not in known:
        raise KeyError(f"no lesson exercise {exercise_id!r}; the exercises are: {', '.join(known)}")
    spec = yaml.safe_load(_files().joinpath(f"{exercise_id}.yaml").read_text(encoding="utf-8"))
    for key in ("title", "checker", "task"):
        if not spec.get(key):
            raise ValueError(f"okrkit/lessons/{exercise_id}.yaml: '{key}' is missing")
    spec["id"] = exercise_id
    return spec


@dataclass
class Case:
    """One lettered item of an exercise that carries an OKR set (a story, the set, what the checker says)."""

    letter: str
    title: str
    story: str
    yaml_text: str

    @property
    def okrs(self):
        """The case's OKR set."""
        return loads(self.yaml_text, source=f"case {self.letter}")

    def findings(self):
        """What the checker says about the case's set, ready to display."""
        return FindingsView(
            lint(self.okrs, min_severity="warning"),
            title=f"What the checker says about case {self.letter}",
            empty="The checker finds nothing here: this mistake is about people, not wording.",
        )

    def _repr_html_(self) -> str:
        return case_html(self)

    def __str__(self) -> str:
        return f"Case {self.letter}: {self.title}\n{self.story}\n\n{self.yaml_text}"


@dataclass
class Exercise:
    """A lesson exercise: the task, its items, a starter answer, and the checker that reads answers."""

    id: str
    spec: dict = field(repr=False)

    @property
    def title(self) -> str:
        """The exercise's title."""
        return self.spec["title"]

    @property
    def items(self) -> list[dict]:
        """Lettered items (statements, cases or questions), in order."""
        return list(self.spec.get("items", []))

    def case(self, letter: str) -> Case:
        """The lettered case with its story and OKR set."""
        for item in self.items:
            if item["letter"] == letter.upper():
                return Case(item["letter"], item.get("title", ""), item.get("story", ""), item["okrs"])
        raise KeyError(f"{self.id} has no case {letter!r}; the cases are {', '.join(i['letter'] for i in self.items)}")

    def cases(self):
        """Every case of the exercise, shown one after another."""
        cases = [self.case(i["letter"]) for i in self.items if "okrs" in i]
        return HTMLView("".join(case_html(c) for c in cases), "\n\n".join(str(c) for c in cases))

    def okrs(self):
        """The exercise's own OKR set, for exercises built on one (e.g. 04-score, 05-fix)."""
        if "okrs" not in self.spec:
            raise KeyError(f"{self.id} has no OKR set of its own")
        return loads(self.spec["okrs"], source=self.id)

    def starter(self) -> Any:
        """The answer a student starts from."""
        return self.spec.get("starter")

    def check(self, answer: Any) -> CheckResult:
        """The answer checked, with feedback that says what is right, what to fix and why."""
        return run(self.spec, answer)

    def _repr_html_(self) -> str:
        return exercise_html(self)

    def __str__(self) -> str:
        lines = [f"{self.id}: {self.title}", "", self.spec["task"].strip()]
        for item in self.items:
            lines.append(f"  {item['letter']}. {item.get('statement') or item.get('title') or item.get('question')}")
        return "\n".join(lines)


def exercise(exercise_id: str) -> Exercise:
    """The lesson exercise with this id (e.g. '01-sort'); it displays its task and items."""
    return Exercise(exercise_id, _spec(exercise_id))


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check an answer to a lesson exercise; the result explains itself in a notebook or a terminal."""
    return exercise(exercise_id).check(answer)


def load_checkins(path: str | Path) -> list[dict]:
    """A check-in history file ('checkins:' with 'as_of' and 'current' per entry) as a list of dicts."""
    p = Path(path)
    return checkins_of(yaml.safe_load(p.read_text(encoding="utf-8")) or {}, p)


def checkins_of(data: Any, p: str | Path) -> list[dict]:
    """The check-in entries of a history file's data, each checked for 'as_of' and 'current' (p names the file)."""
    entries = data.get("checkins") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{p}: expected 'checkins:' followed by a list of {{as_of, current}} entries")
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or "as_of" not in e or "current" not in e:
            raise ValueError(
                f"{p}: checkins[{i}]: each entry needs 'as_of:' (a date) and 'current:' (one value per key result)"
            )
    return entries


def cycle() -> list[dict]:
    """The phases of one quarter's OKR cycle (lesson 06), from cycle.yaml."""
    return yaml.safe_load(_files().joinpath("cycle.yaml").read_text(encoding="utf-8"))["phases"]
