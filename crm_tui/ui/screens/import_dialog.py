"""Importing a file into a list: the mapping step (each column, a value of it, and the field it
fills), a dry run, then the import with a progress bar; the counts and the refused rows after."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, ProgressBar, Select, Static

from crm_tui.core.types import record_type
from crm_tui.services import importing
from crm_tui.services.importing.engine import REFUSED
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import plain

MODE_LABELS = {"upsert": "Create or update", "create": "Create only (matches are duplicates)",
               "update": "Update only (rows that match nothing are skipped)"}
REFUSED_SHOWN = 5


class ImportScreen(Dialog[bool]):
    """Dismissed with True once something was imported (the list beneath reloads)."""

    BINDINGS = bindings("import")

    def __init__(self, rt_key: str, found: importing.Preview):
        super().__init__()
        self.rt_key, self.found = rt_key, found
        self.running = False
        self.imported = False

    def compose(self) -> ComposeResult:
        found, plural = self.found, record_type(self.rt_key).plural
        what = ("vCard" if found.vcards else "row") + ("" if found.rows == 1 else "s")
        with Vertical(classes="dialog import"):
            yield Static(plain(f"Import {plural} from {found.path.name} — {found.rows:,} {what}"), classes="dialog-title")
            if not found.vcards:
                options = [(label, target) for target, label in (found.targets or {}).items()]
                with VerticalScroll(classes="import-columns"):
                    for number, header in enumerate(found.headers):
                        with Horizontal(classes="import-column"):
                            yield Label(plain(header), classes="import-header")
                            yield Label(plain(found.samples[number]), classes="import-sample")
                            yield Select(options, value=(found.mapping or {}).get(header, ""), allow_blank=False,
                                         id=f"column-{number}", classes="import-target", compact=True)
            with Horizontal(classes="import-line"):
                yield Label("Mode", classes="import-label")
                yield Select([(label, mode) for mode, label in MODE_LABELS.items()], value="upsert",
                             allow_blank=False, id="mode", compact=True)
            if not found.vcards:
                with Horizontal(classes="import-line"):
                    yield Label("Save map as", classes="import-label")
                    yield Input(placeholder="a name, to use this mapping again (optional)", id="save-as", compact=True)
                if found.saved_maps:
                    with Horizontal(classes="import-line"):
                        yield Label("Saved maps", classes="import-label")
                        yield Select([(name, name) for name in found.saved_maps], prompt="use a saved map",
                                     id="saved-map", compact=True)
            yield ProgressBar(total=max(found.rows, 1), show_eta=False, id="progress")
            yield Static("", id="result", classes="dialog-text")
            yield Static("ctrl+d dry run · ctrl+s import · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        first = self.query(".import-target")
        (first.first() if first else self.query_one("#mode")).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "saved-map" or event.value is Select.NULL:
            return
        db_call(self, importing.saved_mapping, self.rt_key, str(event.value), self.found.headers,
                on_success=self._show_mapping)

    def _show_mapping(self, mapping: dict[str, str]) -> None:
        for number, header in enumerate(self.found.headers):
            self.query_one(f"#column-{number}", Select).value = mapping.get(header, "")

    def _mapping(self) -> dict[str, str] | None:
        if self.found.vcards:
            return None
        return {header: str(self.query_one(f"#column-{number}", Select).value)
                for number, header in enumerate(self.found.headers)}

    def action_dry_run(self) -> None:
        self._start(dry_run=True)

    def action_run(self) -> None:
        self._start(dry_run=False)

    def _start(self, dry_run: bool) -> None:
        if self.running:
            return
        self.running = True
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(self.found.rows, 1), progress=0)
        bar.display = True
        self.query_one("#result", Static).update("Reading the file…" if dry_run else "Importing…")
        save_as = None
        if not self.found.vcards:
            save_as = self.query_one("#save-as", Input).value.strip() or None
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        db_call(self, importing.import_file, self.app.actor, self.rt_key, str(self.found.path),
                str(self.query_one("#mode", Select).value), dry_run, None, self._mapping(), progress,
                None if dry_run else save_as, on_success=self._done, on_error=self._failed)

    def _done(self, report) -> None:
        self.running = False
        if not report.dry_run and (report.created or report.updated):
            self.imported = True
        verb = "would be" if report.dry_run else "were"
        lines = [("Dry run, nothing written: " if report.dry_run else "Done: ")
                 + f"{report.read:,} read — {report.created:,} created, {report.updated:,} updated, "
                   f"{report.skipped:,} skipped, {report.refused:,} refused."]
        if report.accounts_created:
            made = report.accounts_created
            lines.append(f"{made:,} account{'s' if made != 1 else ''} {verb} made for their companies.")
        refused = [o for o in report.outcomes if o.action == REFUSED]
        for outcome in refused[:REFUSED_SHOWN]:
            where = f"{outcome.where}:{outcome.line}" if outcome.where else f"line {outcome.line}"
            lines.append(f"{where}: {outcome.reason}")
        if len(refused) > REFUSED_SHOWN:
            lines.append(f"… and {len(refused) - REFUSED_SHOWN:,} more refused")
        if report.refused_file:
            lines.append(f"The refused rows, with their line and reason: {report.refused_file}")
        if report.dry_run:
            lines.append("ctrl+s imports.")
        self.query_one("#result", Static).update(plain("\n".join(lines)))

    def _failed(self, error) -> None:
        self.running = False
        self.query_one("#progress").display = False
        self.query_one("#result", Static).update(plain(f"Not imported: {error}"))

    def action_cancel(self) -> None:
        if self.running:
            self.notify("The import is running: it finishes its batch and the counts show here.",
                        severity="warning")
            return
        self.dismiss(self.imported)
