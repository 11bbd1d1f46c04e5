"""The good-or-bad quiz: judge a statement, then read what the checker and the source say about it."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import ipywidgets as widgets
import yaml

from okrkit.check import lint_statement
from okrkit.model import Finding
from okrkit.render.findings import findings_html
from okrkit.render.html import box
from okrkit.render.theme import MISS_COLOR, OK_COLOR, esc
from okrkit.views.render import StaticFallback

CHOICES = {"good": "Good OKR", "bad": "Needs work"}


def load_items(source: str | Path | Iterable[dict], kind: str | None = None) -> list[dict]:
    """Labeled statements (statement, kind, label good|bad, note, source) from a YAML file or a list."""
    if isinstance(source, (str, Path)):
        data = yaml.safe_load(Path(source).read_text(encoding="utf-8")) or []
    else:
        data = list(source)
    items = []
    for _i, d in enumerate(data):
        if not isinstance(d, dict) or "statement" not in d or d.get("label") not in CHOICES:
            continue
        if kind and d.get("kind", "key_result") != kind:
            continue
        items.append(
            {
                "statement": d["statement"],
                "kind": d.get("kind", "key_result"),
                "label": d["label"],
                "note": d.get("note", ""),
                "source": d.get("source", ""),
            }
        )
    if not items:
        raise ValueError(f"no quiz items (statement + label good|bad{' + kind ' + kind if kind else ''}) in {source!r}")
    return items


class Quiz(StaticFallback, widgets.VBox):
    """One statement at a time: answer good or needs-work, then see the checker's findings and the source's view."""

    def __init__(self, items: list[dict], title: str = "Good OKR or bad OKR?") -> None:
        if not items:
            raise ValueError("a quiz needs at least one item")
        self.items = items
        self.title = title
        self.index = 0
        self.answers: dict[int, str] = {}
        self.header = widgets.HTML()
        self.statement = widgets.HTML()
        self.buttons = [
            widgets.Button(description=CHOICES[c], button_style="success" if c == "good" else "warning", tooltip=c)
            for c in CHOICES
        ]
        for b, choice in zip(self.buttons, CHOICES):
            b.on_click(lambda _b, choice=choice: self.answer(choice))
        self.feedback = widgets.HTML()
        self.prev_button = widgets.Button(description="◀ Previous")
        self.next_button = widgets.Button(description="Next ▶")
        self.prev_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self.go(self.index + 1))
        super().__init__(
            [
                self.header,
                self.statement,
                widgets.HBox(self.buttons),
                self.feedback,
                widgets.HBox([self.prev_button, self.next_button]),
            ]
        )
        self.add_class("okrkit-quiz")
        self.go(0)

    @property
    def score(self) -> int:
        """How many answers so far match the labels, or are debatable (the checker's verdict agrees with them)."""
        return sum(1 for i, a in self.answers.items() if a == self.items[i]["label"] or self.debatable(i))

    def checker_verdict(self, index: int) -> str:
        """'bad' when the checker flags the statement (a warning or an error), else 'good'."""
        return "bad" if any(f.flagged for f in self.findings(index)) else "good"

    def debatable(self, index: int) -> bool:
        """True when the answer differs from the source's label but the checker's own verdict agrees with it."""
        given = self.answers.get(index)
        return given is not None and given != self.items[index]["label"] and given == self.checker_verdict(index)

    def go(self, index: int) -> None:
        """Show item `index` (wrapping around), with its feedback if already answered."""
        self.index = index % len(self.items)
        item = self.items[self.index]
        self.header.value = (
            f"<b>{esc(self.title)}</b> — statement {self.index + 1} of {len(self.items)} · "
            f"{self.score} right of {len(self.answers)} answered"
        )
        kind = "objective" if item["kind"] == "objective" else "key result"
        self.statement.value = box(
            f'<div style="opacity:.7">{kind}</div><div style="font-size:115%">{esc(item["statement"])}</div>',
            "okrkit-quiz-statement",
        )
        done = self.index in self.answers
        self.feedback.value = self.explain(self.index) if done else "<i>Good OKR, or does it need work?</i>"

    def answer(self, choice: str) -> bool:
        """Record an answer for the current statement, show why, and return whether it was right."""
        if choice not in CHOICES:
            raise ValueError(f"answer 'good' or 'bad', not {choice!r}")
        self.answers[self.index] = choice
        self.go(self.index)
        return choice == self.items[self.index]["label"] or self.debatable(self.index)

    def findings(self, index: int | None = None) -> list[Finding]:
        """What the checker says about a statement."""
        item = self.items[self.index if index is None else index]
        return lint_statement(item["statement"], kind=item["kind"])

    def explain(self, index: int) -> str:
        """The verdict, the checker's findings and the source's note for an answered statement."""
        item, given = self.items[index], self.answers[index]
        right = given == item["label"]
        judged = "good" if item["label"] == "good" else "in need of work"
        source = f" ({esc(item['source'])})" if item["source"] else ""
        found = self.findings(index)
        if self.debatable(index):
            said = "good" if given == "good" else "in need of work"
            verdict = (
                f'<b style="color:{OK_COLOR}">Debatable</b> — you called it <b>{said}</b>, and so does the checker; '
                f"the source{source} judges it <b>{judged}</b>. Both sides have a case: the checker's reasons are "
                "below, the source's in the note. Which would your team accept?"
            )
            agree = "The checker's side:"
        else:
            verdict = (
                f'<b style="color:{OK_COLOR if right else MISS_COLOR}">{"Right" if right else "Not quite"}</b>'
                f" — this example is judged <b>{judged}</b>{source}."
            )
            if (self.checker_verdict(index) == "bad") == (item["label"] == "bad"):
                agree = "The checker agrees:"
            else:
                agree = (
                    "The checker sees it differently here — a contested case; read the note below for the "
                    "source's view:"
                )
        note = f'<div style="margin-top:4px"><b>Note:</b> {esc(item["note"])}</div>' if item["note"] else ""
        return box(
            verdict
            + f"<div style='margin-top:4px'>{agree}</div>"
            + findings_html(found, empty="nothing to flag.")
            + note,
            "okrkit-quiz-feedback",
        )

    def static_html(self) -> str:
        rows = "".join(
            f"<li>{esc(i['statement'])} <details style='display:inline'><summary>answer</summary>"
            f"{esc(i['label'])}: {esc(i['note'])}</details></li>"
            for i in self.items
        )
        return box(
            f"<b>{esc(self.title)}</b> (interactive in JupyterLab) — judge each statement:<ol>{rows}</ol>",
            "okrkit-quiz-static",
        )


def quiz(
    source: str | Path | Iterable[dict],
    *,
    kind: str | None = None,
    limit: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    title: str = "Good OKR or bad OKR?",
) -> Quiz:
    """A quiz over labeled statements (a YAML file like data/labeled/course.yaml, or a list of dicts)."""
    items = load_items(source, kind)
    if shuffle:
        random.Random(seed).shuffle(items)
    return Quiz(items[:limit] if limit else items, title=title)
