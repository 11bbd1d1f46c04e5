"""The live workshop board for a notebook or a Voilà app: load drafts, see lights and findings, edit in place, export."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import ipywidgets as widgets

from okrkit.errors import LoadError
from okrkit.read.importers import Draft, ImportNote, ImportResult, decode, parse_csv, parse_text, read_path
from okrkit.render.numbers import fmt_share
from okrkit.render.theme import BORDER, MISS_COLOR, MUTED, esc
from okrkit.views.live import StatementChecker
from okrkit.workshop import board as B
from okrkit.workshop import export as X

_UPLOAD_TYPES = ".csv,.tsv,.yaml,.yml,.txt,.md"


def _fit() -> widgets.Layout:
    """A button as wide as its label (the default fixed width cuts longer labels with '…')."""
    return widgets.Layout(width="auto", flex="0 0 auto")


def light_badge(light: str, why: Iterable[str] = ()) -> str:
    """A coloured pill saying green, amber or red (the word is there too, not only the colour)."""
    return X.light_html(light, "; ".join(why))


def findings_block(findings: Iterable, show_tips: bool = True) -> str:
    """Compact findings, most serious first: severity, code, what is wrong and the fix ('' when there are none)."""
    return X.findings_html([f for f in findings if show_tips or f.flagged], indent="4.6em")


class TeamPanel(widgets.VBox):
    """One team's set: every objective and key result as an edit box with its light and findings."""

    def __init__(self, owner: WorkshopBoard, number: int, draft: Draft) -> None:
        super().__init__(layout=widgets.Layout(border=f"1px solid {BORDER}", padding="6px 10px", margin="0 0 10px 0"))
        self.owner, self.number, self.draft = owner, number, draft
        self.add_class("okr-team")
        self.add_class(f"okr-team-{number}")
        self.card: B.TeamCard | None = None
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the widgets (after a key result is added or removed)."""
        self.card = B.team_card(self.draft, self.owner.as_of)
        self.header = widgets.HTML()
        self.set_findings = widgets.HTML()
        self.rows: dict[tuple[int, int], tuple[widgets.HTML, widgets.HTML]] = {}
        children: list[widgets.Widget] = [self.header]
        for o in self.card.objectives:
            children += self._objective_rows(o)
        children.append(self.set_findings)
        self.children = children
        self.paint()

    def _objective_rows(self, o: B.ObjectiveCard) -> list[widgets.Widget]:
        oi = o.index
        light, found = widgets.HTML(), widgets.HTML()
        box = widgets.Text(value=o.text, continuous_update=False, layout=widgets.Layout(width="100%"))
        box.add_class("okr-objective-input")
        box.observe(lambda ch, oi=oi: self._edit(lambda: B.set_objective(self.draft, oi, ch["new"])), names="value")
        row = widgets.HBox([light, box], layout=widgets.Layout(align_items="center"))
        row.add_class("okr-objective")
        self.rows[(oi, -1)] = (light, found)
        out: list[widgets.Widget] = [widgets.HTML("<b>Objective</b>"), row, found]
        for k in o.key_results:
            out.append(self._kr_row(oi, k.index[1], k.text))
        add = widgets.Text(
            placeholder="+ add a key result, then press Enter",
            continuous_update=False,
            layout=widgets.Layout(width="calc(100% - 5em)", margin="0 0 0 4.6em"),
        )
        add.add_class("okr-add-kr")
        add.observe(
            lambda ch, oi=oi: (
                ch["new"].strip() and self._edit(lambda: B.add_key_result(self.draft, oi, ch["new"]), structure=True)
            ),
            names="value",
        )
        out.append(add)
        return out

    def _kr_row(self, oi: int, ki: int, text: str) -> widgets.Widget:
        light, found = widgets.HTML(), widgets.HTML()
        box = widgets.Text(value=text, continuous_update=False, layout=widgets.Layout(flex="1 1 auto"))
        box.add_class("okr-kr-input")
        box.observe(lambda ch: self._edit(lambda: B.set_key_result(self.draft, oi, ki, ch["new"])), names="value")
        drop = widgets.Button(description="✕", tooltip="remove this key result", layout=widgets.Layout(width="2.6em"))
        drop.on_click(lambda _b: self._edit(lambda: B.remove_key_result(self.draft, oi, ki), structure=True))
        owner = self.draft.owners.get((oi, ki))
        who = widgets.HTML(f'<span style="color:{MUTED};font-size:85%">{esc(owner)}</span>' if owner else "")
        line = widgets.HBox([light, box, who, drop], layout=widgets.Layout(align_items="center", margin="0 0 0 1.2em"))
        row = widgets.VBox([line, found])
        row.add_class("okr-kr")
        row.add_class(f"okr-kr-{self.number}-{oi}-{ki}")
        self.rows[(oi, ki)] = (light, found)
        return row

    def _edit(self, change, structure: bool = False) -> None:
        """Apply an edit to the draft, then re-check the team and repaint (a bad edit shows its reason)."""
        try:
            change()
        except (ValueError, IndexError) as exc:
            self.set_findings.value = f'<div style="color:{MISS_COLOR}">{esc(exc)}</div>'
            return
        if structure:
            self.rebuild()
        else:
            self.card = B.team_card(self.draft, self.owner.as_of)
            self.paint()
        self.owner.refresh_summary()

    def paint(self) -> None:
        """Put the current lights and findings into the widgets."""
        c, show = self.card, self.owner.show_tips.value
        counts = c.counts()
        src = (
            f'<div style="color:{MUTED};font-size:80%">from {esc(self.draft.source)}</div>' if self.draft.source else ""
        )
        self.header.value = (
            f'<h3 style="margin:4px 0">{light_badge(c.light)} {esc(c.team)}</h3>{src}'
            f'<div style="font-size:85%">key results: {counts["green"]} green · '
            f"{counts['amber']} amber · {counts['red']} red</div>"
        )
        for o in c.objectives:
            light, found = self.rows[(o.index, -1)]
            light.value = light_badge(o.light, o.reasons)
            found.value = findings_block(o.findings, show)
            for k in o.key_results:
                light, found = self.rows[k.index]
                progress = (
                    f'<div style="margin-left:4.6em;font-size:85%">check-in: {fmt_share(k.progress)} of the way</div>'
                    if k.progress is not None
                    else ""
                )
                if k.reported:  # the team's own status beside the checker's colour
                    differs = " (the checker's colour differs)" if k.disagrees else ""
                    progress += (
                        f'<div class="okr-reported" style="margin-left:4.6em;font-size:85%">'
                        f"{esc(k.reported_label)}{differs}</div>"
                    )
                light.value = light_badge(k.light, k.reasons)
                found.value = progress + findings_block(k.findings, show)
        about = findings_block(c.findings, show)
        self.set_findings.value = f"<b>About the whole set</b>{about}" if about else ""


class WorkshopBoard:
    """The coach's board: a loader, the legend, the room summary, a panel per team, prompts, and export."""

    def __init__(
        self,
        source: str | Path | None = None,
        *,
        as_of: date | None = None,
        title: str = "OKR workshop board",
        export_dir: str = X.DEFAULT_FOLDER,
    ) -> None:
        self.as_of, self.title = as_of, title
        self.drafts: list[Draft] = []
        self.notes: list[ImportNote] = []
        self.errors: list[LoadError] = []
        self.show_tips = widgets.Checkbox(value=False, description="show tips too", indent=False)
        self.show_tips.observe(lambda _c: self.repaint(), names="value")
        self.loader = self._make_loader(source)
        self.legend = widgets.HTML(X.legend_html())
        self.summary = widgets.HTML()
        self.summary.add_class("okr-summary")
        self.teams = widgets.GridBox(
            layout=widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(520px, 1fr))", grid_gap="10px")
        )
        self.teams.add_class("okr-teams")
        self.prompts = self._make_prompts()
        self.export = self._make_export(export_dir)
        self.app = widgets.VBox([self.loader, self.legend, self.summary, self.teams, self.prompts, self.export])
        if source is not None:  # a wrong path in a notebook should stop it, not hide in the status line
            self._take(lambda: read_path(source), str(source), strict=True)

    # loading ---------------------------------------------------------------------------------
    def _make_loader(self, source) -> widgets.VBox:
        self.path = widgets.Text(
            value=str(source or ""), description="file or folder", layout=widgets.Layout(width="60%")
        )
        load = widgets.Button(description="Load", button_style="primary", layout=_fit())
        load.on_click(lambda _b: self.load(self.path.value.strip()))
        self.upload = widgets.FileUpload(accept=_UPLOAD_TYPES, multiple=True, description="Upload")
        self.upload.observe(lambda _c: self.load_uploads(self.upload.value), names="value")
        self.paste = widgets.Textarea(
            placeholder="Paste drafts here: 'Team: NAME', then an objective per line "
            "and '- ' key results below it (or a CSV with a header, or YAML)",
            layout=widgets.Layout(width="auto", height="8em"),  # stretches to the box; 100% + margin overflows
        )
        self.paste.add_class("okr-paste")
        load_paste = widgets.Button(description="Load pasted text", layout=_fit())
        load_paste.on_click(lambda _b: self.load_text(self.paste.value))
        self.append = widgets.Checkbox(value=False, description="add to the teams already on the board", indent=False)
        self.status = widgets.HTML()
        self.status.add_class("okr-status")
        return widgets.VBox(
            [
                widgets.HBox([self.path, load, self.upload]),
                self.paste,
                widgets.HBox([load_paste, self.append, self.show_tips]),
                self.status,
            ]
        )

    def load(self, source: str | Path) -> None:
        """Load a CSV export, a folder of OKR files, or a text/YAML file."""
        self._take(lambda: read_path(source), str(source))

    def load_text(self, text: str) -> None:
        """Load pasted text (outline, YAML, or CSV with a header; 'Team: NAME' lines split teams)."""
        self._take(lambda: parse_text(text, "<pasted>"), "the pasted text")

    def load_uploads(self, files) -> None:
        """Load files from the upload button (ipywidgets 8 value: name and content of each)."""
        result = ImportResult()
        for f in files:
            name, raw = f["name"], bytes(f["content"])
            try:
                text, note = decode(raw, name)
                part = parse_csv(text, name) if name.lower().endswith((".csv", ".tsv")) else parse_text(text, name)
                if note:
                    part.warnings.insert(0, note)
                result.extend(part)
            except LoadError as exc:
                result.errors.append(exc)
        self._take(lambda: result, f"{len(files)} uploaded file(s)")

    def _take(self, read, what: str, strict: bool = False) -> None:
        try:
            result = read()
        except LoadError as exc:
            if strict:
                raise
            self.status.value = f'<div style="color:{MISS_COLOR}"><b>Could not read {esc(what)}:</b> {esc(exc)}</div>'
            return
        if not result.drafts:  # nothing loaded is a failure: keep the board as it was, never show an empty green room
            self.status.value = self._failed_html(what, result)
            return
        if not self.append.value:
            self.drafts, self.notes, self.errors = [], [], []
        self.drafts += result.drafts
        self.notes += result.warnings
        self.errors += result.errors
        self.status.value = self._status_html(what, result)
        self.refresh()

    def _failed_html(self, what: str, result: ImportResult) -> str:
        items = [f"<li>{esc(e)}</li>" for e in result.errors] + [f"<li>{esc(n)}</li>" for n in result.warnings]
        notes = f'<ul style="font-size:90%">{"".join(items)}</ul>' if items else ""
        return (
            f'<div class="okr-load-failed" style="color:{MISS_COLOR}"><b>Could not load any team from {esc(what)}</b>; '
            f"the board is unchanged.</div>{notes}"
        )

    def _status_html(self, what: str, result: ImportResult) -> str:
        items = [f'<li style="color:{MISS_COLOR}">could not read: {esc(e)}</li>' for e in result.errors]
        items += [f"<li>{esc(n)}</li>" for n in result.warnings]
        notes = f'<ul style="font-size:90%">{"".join(items)}</ul>' if items else ""
        return f"<div>Loaded {len(result.drafts)} team(s) from {esc(what)}.</div>{notes}"

    # showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild every team panel and the summary from the drafts."""
        self.panels = [TeamPanel(self, n, d) for n, d in enumerate(self.drafts)]
        self.teams.children = self.panels
        self.refresh_summary()

    def repaint(self) -> None:
        """Show or hide tips without re-checking."""
        for p in getattr(self, "panels", []):
            p.paint()

    def board(self) -> B.Board:
        """The board as it stands, edits included."""
        cards = [p.card for p in getattr(self, "panels", [])]
        return B.Board(cards, self.title, self.as_of, list(self.notes), list(self.errors))

    def refresh_summary(self) -> None:
        """Redraw the room summary (chart and table of the most common mistakes)."""
        board = self.board()
        t = board.totals()
        head = (
            f"<div>{t['teams']} teams · {t['objectives']} "
            f"objectives · {t['key_results']} key results: {light_badge('green')} {t['green']} "
            f"{light_badge('amber')} {t['amber']} {light_badge('red')} {t['red']}</div>"
        )
        self.summary.value = head + X.summary_html(board)

    def _make_prompts(self) -> widgets.VBox:
        one = X.workshop_text()["one_objective"]
        self.one_objective = StatementChecker("", kind="objective")
        self.one_objective.text.placeholder = one["placeholder"]
        return widgets.VBox([widgets.HTML(X.prompts_html()), self.one_objective])

    # export ----------------------------------------------------------------------------------
    def _make_export(self, folder: str) -> widgets.VBox:
        self.export_dir = widgets.Text(
            value=str(folder),
            description="export to",
            placeholder=X.DEFAULT_FOLDER,
            layout=widgets.Layout(flex="1 1 auto", width="auto", max_width="40em"),
        )
        self.export_dir.add_class("okr-export-folder")
        button = widgets.Button(description="Export YAML and handout", layout=_fit())
        button.add_class("okr-export")
        button.on_click(lambda _b: self.save(self.export_dir.value))
        self.export_status = widgets.HTML()
        return widgets.VBox([widgets.HBox([self.export_dir, button]), self.export_status])

    def save(self, folder: str | Path | None = None) -> list[Path]:
        """Write each team's cleaned set as YAML plus handout.md/.html into the chosen folder (see
        okrkit.workshop.export.export_folder); show download links, or why the folder was refused."""
        try:
            where = X.export_folder(folder)
        except ValueError as exc:
            self.export_status.value = f'<div style="color:{MISS_COLOR}">{esc(exc)}</div>'
            return []
        try:
            paths = X.export(self.board(), where)
        except OSError as exc:
            self.export_status.value = (
                f'<div style="color:{MISS_COLOR}">Could not write to {esc(where)}: {esc(exc.strerror or exc)}. '
                "Choose a folder you can write to.</div>"
            )
            return []
        links = "".join(
            f'<li><a download="{esc(p.name)}" href="data:application/octet-stream;base64,'
            f'{base64.b64encode(p.read_bytes()).decode()}">{esc(p.name)}</a></li>'
            for p in paths
        )
        self.export_status.value = f"<div>Wrote {len(paths)} files to {esc(where)}:</div><ul>{links}</ul>"
        return paths

    def handout_markdown(self) -> str:
        """The handout as markdown text, edits included."""
        return X.handout_markdown(self.board())

    def _repr_mimebundle_(self, **kwargs):
        return self.app._repr_mimebundle_(**kwargs)


def workshop_board(source: str | Path | None = None, **kwargs) -> WorkshopBoard:
    """A live workshop board, loaded from a CSV export, a folder of OKR files or a text file."""
    return WorkshopBoard(source, **kwargs)
