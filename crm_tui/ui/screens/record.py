"""One record: its form, its links, its timeline and its related records.

The same screen serves accounts, contacts, leads, opportunities, cases, entitlements, SLAs
and every kind of activity; which keys act depends on the kind (check_action), and the
footer shows only those.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from crm_tui.core import actions
from crm_tui.core.list_types import TimelineFilter
from crm_tui.core.record_type import in_our_words, lower_noun
from crm_tui.core.types import definition, noun
from crm_tui.services import record_detail
from crm_tui.services.errors import (
    ConflictError,
    DeleteBlockedError,
    DuplicatesFoundError,
    ServiceError,
    ValidationError,
)
from crm_tui.services.record_detail import LINK_KINDS, Detail
from crm_tui.ui.bindings import Offered, bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialogs import ConfirmScreen, ConflictScreen, conflict_rows
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.screens.possible_duplicates import SAVE, PossibleDuplicatesScreen
from crm_tui.ui.screens.quick_log import QuickLogScreen
from crm_tui.ui.screens.record_links import LinkPickers
from crm_tui.ui.screens.record_sales import SalesActions
from crm_tui.ui.screens.record_service import ServiceActions
from crm_tui.ui.screens.timeline_filter import TimelineFilterScreen
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import plain, restore_controls
from crm_tui.ui.widgets.form import (
    FieldError,
    FieldRow,
    RefField,
    editor_text,
    set_editor_text,
)
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.record_panel import RecordPanel
from crm_tui.ui.widgets.timeline import Timeline, describe

LIVE_SECONDS = 30  # a case's SLA times left are reread this often
RETURN_WITHIN = 0.05  # seconds going back waits for the record beneath to be read again


PREBUILT = 0  # the record id of an existing-record screen built ahead, before it has a record


class RecordScreen(ServiceActions, SalesActions, LinkPickers, Offered, StylesKept, Screen):
    CSS_PATH = own_styles(__name__)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    ACTION_SCOPE = "record"
    BINDINGS = bindings("record")

    def __init__(self, type_key: str, record_id: int | None, defaults: dict[str, Any] | None = None,
                 prebuilt: bool = False, known: Detail | None = None):
        """prebuilt: built ahead, for no record yet (record_id is PREBUILT for the existing-record
        shape): it reads nothing until retarget() gives it its first record."""
        super().__init__()
        self.prebuilt = prebuilt
        self.rt = definition(type_key)
        self.record_id = record_id
        self.defaults = defaults or {}
        self.detail: Detail | None = None
        self.refs: dict[str, tuple[Any, str]] = {}
        self.shown: dict[str, str] = {}  # the form's texts as loaded
        self._generation = 0  # a load for a record this screen no longer shows is dropped
        self._retargeted = False
        self._show_pending: Callable[[], None] | None = None  # see show_when_loaded
        self._known = known  # the record as a save just answered it: shown without reading it again
        self._read_for_return = False  # reread before a screen above went back to it (see come_back)
        self._leaving = False  # back was asked: a second escape in the meantime is not a second back
        self._show_timer = None

    def retarget(self, record_id: int | None, defaults: dict[str, Any] | None = None,
                 known: Detail | None = None) -> None:
        """Show another record of the same shape (type, new or existing) in these same widgets
        (the app keeps one screen per shape: building and styling its widgets anew was most of
        what opening a record cost). The load starts now, and keys wait for it."""
        assert (record_id is None) == (self.record_id is None)
        self.prebuilt = False
        self._generation += 1
        self.record_id, self.defaults = record_id, defaults or {}
        self.detail, self.refs, self.shown = None, {}, {}
        self._retargeted = True
        self._known = known
        self._load()  # first: the record's own fields are what the first frame needs
        self.query_one("#form", VerticalScroll).scroll_home(animate=False)
        for panel in self._panels:
            panel.retarget(record_id)  # its lists read once the screen shows (_show_now)
        self._focus_first()

    def show_when_loaded(self, show: Callable[[], None], within: float) -> None:
        """Call show (push this screen) once the record is on it, so the first frame has it; or
        after `within` seconds with the form blanked, if the database is slower than that."""
        self._show_pending = show
        self._show_timer = self.app.set_timer(within, self._show_blank)

    def _show_blank(self) -> None:
        if self._show_pending is None:
            return
        for _spec, editor in self._editors():
            set_editor_text(editor, "")
        self._show_refs()
        self._clear_errors()
        self.query_one("#record-title", Static).update(plain(f"{self.rt.singular} · …"))
        self.query_one("#summary", Static).update("")
        self._show_now()

    def _show_now(self) -> None:
        show, self._show_pending = self._show_pending, None
        if self._show_timer is not None:
            self._show_timer.stop()
            self._show_timer = None
        if show is not None:
            show()
            for panel in self._panels:  # the timeline after the form's first frame
                self.call_after_refresh(panel.load_shown)

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Until its record is read (a screen built as it opens): what it is, and that more is coming.
        waiting = f"{self.rt.singular} · …" if self.record_id is not None else ""
        yield Static(plain(waiting), id="record-title", classes="title-bar")
        with Horizontal(id="record-body"):
            with VerticalScroll(id="form"):
                yield Static(id="summary", classes="summary")
                for spec in self.rt.fields:
                    if spec.computed and self.record_id is None:
                        continue  # set by the record's actions: nothing to show before it exists
                    if spec.kind in LINK_KINDS:
                        yield RefField(spec)
                    else:
                        yield FieldRow(spec)
            if self.rt.on_timeline and self.record_id is not None:
                yield RecordPanel(self.rt.key, self.record_id, id="panel")
        yield KeyBar()

    def on_mount(self) -> None:
        # Found once: walking the screen's widgets for them on every open was a tenth of its cost.
        self._panels: list[RecordPanel] = list(self.query(RecordPanel))
        self._ref_fields: list[RefField] = list(self.query(RefField))
        self._errors_shown = False
        if not self.query("#summary"):  # the app quit while this screen was being built ahead
            return
        self.query_one("#summary").can_focus = True
        self.query_one("#form").can_focus = False  # focus goes to a field or the summary, never the scroller
        self.title = f"New {lower_noun(self.rt.singular)}" if self.record_id is None else self.rt.singular
        self._focus_first()
        if self.rt.key == "case" and self.record_id is not None:  # built ahead too: it ticks once shown
            self.set_interval(LIVE_SECONDS, self._refresh_sla)
        if not self.prebuilt:  # one built ahead gets its first record from retarget()
            self._load()

    def _refresh_sla(self) -> None:
        """The SLA lines as of now (time left, nearing, breached); the form is left as it is."""
        if self.is_current and self.detail is not None:
            db_call(self, record_detail.load, self.rt.key, self.record_id, on_success=self._sla_loaded,
                    group="sla", exclusive=True)

    def _sla_loaded(self, fresh: Detail) -> None:
        if self.detail is not None:
            self.detail.sla = fresh.sla
            self._show_header()

    def _focus_first(self) -> None:
        """Where keys go as soon as the screen shows: a new record's first field, else the summary
        (so letters are the record's commands)."""
        target = f"#f-{self.rt.typed_fields[0].name}" if self.record_id is None else "#summary"
        self.set_focus(self.query_one(target), scroll_visible=False)

    def _load(self) -> None:
        generation = self._generation

        def loaded(detail: Detail) -> None:
            if generation == self._generation:
                self._populate(detail)

        if self._known is not None and self._known.id == self.record_id:
            # A record just saved: its screen fills from what the save answered, in this frame,
            # not after another read (the form stood blank for 0.5-1 s).
            known, self._known = self._known, None
            self.call_later(loaded, known)
            return
        if self.record_id is None:
            db_call(self, record_detail.blank, self.rt.key, self.app.actor, self.defaults, on_success=loaded,
                    holds_keys=True, group="load", exclusive=True)
        else:
            db_call(self, record_detail.load, self.rt.key, self.record_id, on_success=loaded,
                    on_error=self._load_failed, holds_keys=True, group="load", exclusive=True)

    def _load_failed(self, error: ServiceError) -> None:
        self.notify(str(error), severity="error")
        if self._show_pending is not None:  # never shown: nothing to leave
            self._show_pending = None
        elif self.is_current:
            self.app.pop_screen()

    def _populate(self, detail: Detail) -> None:
        if self.detail is not None and detail.id == self.detail.id and detail.version < self.detail.version:
            return  # a reread that started before an action saved: the screen shows newer already
        first_load = self.detail is None
        self.detail = detail
        for spec, editor in self._editors():
            set_editor_text(editor, detail.texts.get(spec.name, ""))
        # What the editors show is the baseline: a field is changed only when the user changed it.
        self.shown = self._form_texts()
        self.refs = dict(detail.refs)
        self._show_refs()
        self._show_header()
        self._clear_errors()
        self._set_read_only(self.is_closed)
        for panel in self._panels:
            panel.show_record(detail)
        if first_load and self.focused is None:
            self._focus_first()
        if self._show_pending is not None:
            self._show_now()

    def _editors(self):
        """(field, its editor) for every form field on the screen."""
        for spec in self.rt.form_fields:
            if not (spec.computed and self.record_id is None):
                yield spec, self.query_one(f"#f-{spec.name}")

    @property
    def is_closed(self) -> bool:
        """Completed, canceled, qualified, won...: read-only until reopened (where it can be)."""
        return self.detail is not None and self.detail.read_only

    def _set_read_only(self, read_only: bool) -> None:
        for spec, editor in self._editors():
            if isinstance(editor, TextArea):
                editor.read_only = read_only or spec.computed
            else:
                editor.disabled = read_only or spec.computed
        for field in self._ref_fields:
            field.disabled = read_only and not field.spec.computed  # a computed link still opens

    def _show_header(self) -> None:
        d = self.detail
        if d is None:
            return
        name = d.title or f"New {lower_noun(self.rt.singular)}"
        flag = "  [Inactive]" if d.state == "inactive" else f"  [{d.status}]" if d.status else ""
        self.query_one("#record-title", Static).update(plain(f"{self.rt.singular} · {name}{flag}"))
        if d.id is None:
            summary = "A new record: type into the fields, ctrl+s saves, esc leaves without saving."
        else:
            state = d.status or ("Active" if d.state == "active" else "Inactive")
            summary = f"{state} · created {d.created}\nmodified {d.modified} · version {d.version}"
            for line in (*d.sla, *d.highlights):
                summary += "\n" + line
            if self.is_closed:
                summary += "\n" + in_our_words(self.rt.read_only_note)
        self.query_one("#summary", Static).update(plain(summary))
        self._show_panel_titles()

    def _show_panel_titles(self) -> None:
        if self._panels and self.detail is not None:
            self._panels[0].set_counts(self.detail.counts, describe(self.query_one(Timeline).list_query))

    def _show_refs(self) -> None:
        loaded = self.detail.refs if self.detail else {}
        for field in self._ref_fields:
            ref_id, label = self.refs.get(field.spec.name, (None, ""))
            field.show(label, changed=self.record_id is not None and ref_id != loaded.get(field.spec.name, (None,))[0])

    # -- editing state -----------------------------------------------------------------
    def _form_texts(self) -> dict[str, str]:
        return {spec.name: editor_text(self.query_one(f"#f-{spec.name}")) for spec in self.rt.typed_fields}

    def _changes(self) -> dict[str, Any]:
        if self.detail is None:
            return {}
        texts = self._form_texts()
        if self.record_id is None:
            changes: dict[str, Any] = {k: v for k, v in texts.items() if v.strip()}
            changes.update({k: ref_id for k, (ref_id, _) in self.refs.items()
                            if ref_id is not None and not self.rt.field(k).computed})
            return changes
        changes = {k: restore_controls(v, self.detail.texts.get(k) or "") for k, v in texts.items()
                   if v != self.shown.get(k, "")}
        changes.update({k: ref_id for k, (ref_id, _) in self.refs.items()
                        if ref_id != self.detail.refs[k][0] and not self.rt.field(k).computed})
        return changes

    @property
    def is_dirty(self) -> bool:
        if self.detail is None:
            return False
        if self.record_id is None:
            return any(v.strip() for v in self._form_texts().values())
        return bool(self._changes())

    def _clear_errors(self) -> None:
        if not self._errors_shown:
            return
        self._errors_shown = False
        errors = self.query(FieldError)
        if errors:
            errors.remove()

    def _show_errors(self, errors: dict[str, str]) -> None:
        for shown in self.query(FieldError):
            if shown.field not in errors:
                shown.remove()
        first = None
        loose = []
        for name, message in errors.items():
            rows = self.query(f"#row-{name}") or self.query(f"#ref-{name}")
            if not rows:
                loose.append(f"{name}: {message}" if name else message)
                continue
            shown = self.query(f"#err-{name}")
            if shown:
                shown.first(FieldError).update(plain(message))
            else:
                self.query_one("#form").mount(FieldError(name, message), after=rows.first())
                self._errors_shown = True
            first = first or name
        count = len(errors)
        fields = "1 field needs" if count == 1 else f"{count} fields need"
        self.notify("Not saved: " + ("; ".join(loose) if loose else f"{fields} attention"), severity="error")
        if first:
            target = self.query(f"#f-{first}") or self.query(f"#ref-{first}")
            if target:
                target.first().focus()
                target.first().scroll_visible()

    # -- saving --------------------------------------------------------------------------
    def action_save(self, version: int | None = None, allow_duplicates: bool = False) -> None:
        if self.detail is None:
            return
        if self.is_closed:
            self.notify(in_our_words(self.rt.read_only_note), severity="warning")
            return
        changes = self._changes()
        if self.record_id is not None and not changes:
            self.notify("Nothing to save")
            return
        db_call(self, record_detail.save, self.app.actor, self.rt.key, self.record_id, changes,
                self.detail.version if version is None else version, allow_duplicates,
                on_success=self._saved, on_error=self._save_failed, group="save", exclusive=True, holds_keys=True)

    def _saved(self, detail: Detail) -> None:
        if self.record_id is None:
            # A saved record gets the full screen: its timeline, its related lists, its actions.
            self.notify(f"{self.rt.singular} created")
            self._warn(detail)
            self.app.replace_with_record(self.rt.key, detail.id, known=detail)
            return
        self._populate(detail)
        self._reload_timeline()
        self.notify("Saved")
        self._warn(detail)

    def _warn(self, detail: Detail) -> None:
        for notice in detail.notices:
            self.notify(notice, severity="warning", timeout=10)

    def _save_failed(self, error: ServiceError) -> None:
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
        elif isinstance(error, DuplicatesFoundError):
            def answered(choice: object) -> None:
                if choice == SAVE:
                    self.action_save(allow_duplicates=True)
                elif isinstance(choice, tuple):  # the form stays beneath, as typed
                    self.app.open_record(*choice)
            self.app.push_screen(PossibleDuplicatesScreen(self.rt.key, error.possible, self.record_id is None), answered)
        elif isinstance(error, ConflictError):
            def resolved(choice: str | None) -> None:
                if choice == "mine":
                    self.action_save(version=error.current_version)
                elif choice == "theirs":
                    self.detail = None
                    self._generation += 1
                    self._load()
                    self.notify("Showing their version; your changes were discarded")
            labels = {spec.name: spec.label for spec in self.rt.fields if not spec.computed}
            loaded = {**self.detail.texts, **{k: label for k, (_id, label) in self.detail.refs.items()}}
            mine = {**self._form_texts(), **{k: label for k, (_id, label) in self.refs.items()}}
            self.app.push_screen(ConflictScreen(error, conflict_rows(error, labels, loaded, mine)), resolved)
        else:
            self.notify(str(error), severity="error")

    # -- actions ---------------------------------------------------------------------------
    def offered_type(self) -> str:
        return self.rt.key

    def offered_state(self) -> str | None:
        return self.detail.state if self.detail is not None else None

    def offered_saved(self) -> bool:
        return self.record_id is not None

    def action_back(self) -> None:
        if self._leaving:
            return
        if not self.is_dirty:
            self._go_back()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._go_back()

        self.app.push_screen(ConfirmScreen("Leave without saving your changes?", "Discard", danger=True), answered)

    def action_edit(self) -> None:
        self.query_one(f"#f-{self.rt.typed_fields[0].name}").focus()

    def _confirm_then(self, question: str, label: str, action: Callable[[], None], danger: bool = False) -> None:
        if self.is_dirty:
            self.notify("Save (ctrl+s) or discard your changes first", severity="warning")
            return
        self.app.push_screen(ConfirmScreen(question, label, danger=danger),
                             lambda yes: action() if yes else None)

    def action_toggle_state(self) -> None:
        if self.detail is None:
            return
        activate = self.detail.state != "active"
        verb = "Activate" if activate else "Deactivate"
        name = self.detail.title

        def run() -> None:
            db_call(self, record_detail.set_state, self.app.actor, self.rt.key, self.record_id, activate,
                    on_success=lambda d: (self._populate(d), self._reload_timeline(), self.notify(f"{verb}d {name}")),
                    holds_keys=True)

        self._confirm_then(f"{verb} {lower_noun(self.rt.singular)} “{name}”?", verb, run)

    def action_activity_status(self, action: str) -> None:
        if self.is_dirty and action != "reopen":
            self.notify("Save (ctrl+s) or discard your changes first", severity="warning")
            return
        verb = {"complete": "Completed", "cancel": "Canceled", "reopen": "Reopened"}[action]
        db_call(self, record_detail.set_activity_status, self.app.actor, self.rt.key, self.record_id, action,
                on_success=lambda d: (self._populate(d), self.notify(verb)),
                on_error=lambda error: self.notify(getattr(error, "errors", {}).get("") or str(error),
                                                   severity="warning"),
                holds_keys=True)

    def action_delete(self) -> None:
        if self.detail is None:
            return
        name = self.detail.title

        def run() -> None:
            db_call(self, record_detail.delete, self.app.actor, self.rt.key, self.record_id,
                    on_success=lambda _: self._deleted(name), on_error=self._delete_failed, holds_keys=True)

        def ask(_) -> None:
            self._confirm_then(f"Delete {lower_noun(self.rt.singular)} “{name}” for good?"
                               + (" Deactivating keeps its history." if actions.BY_ID["record.state"].offered_for(self.rt.key) else ""),
                               "Delete", run, danger=True)

        # Whether it may be deleted first: a question answered "Delete" and then refused is a trap.
        db_call(self, record_detail.check_delete, self.app.actor, self.rt.key, self.record_id,
                on_success=ask, on_error=self._delete_failed, holds_keys=True)

    def _deleted(self, name: str) -> None:
        self.notify(f"Deleted {name}")
        self.app.pop_screen()

    def _delete_failed(self, error: ServiceError) -> None:
        title = "Cannot delete" if isinstance(error, DeleteBlockedError) else "Not deleted"
        self.notify(str(error), title=title, severity="error", timeout=10)

    def action_new_contact(self) -> None:
        self.app.new_record("contact", defaults={"parent_customer": self.record_id})

    def action_tree(self) -> None:
        self.app.open_hierarchy(self.record_id)

    def action_log(self) -> None:
        if self.detail is None:
            return
        texts = self.detail.texts
        phone = next((texts[name] for name in self.rt.phone_fields if texts.get(name)), "")

        def logged(done: bool | None) -> None:
            if done:
                self._reload_timeline(show=True)

        self.app.push_dialog(QuickLogScreen, (self.rt.key, self.record_id), self.detail.title, phone,
                             texts.get(self.rt.email_field, "") if self.rt.email_field else "", callback=logged)

    def action_tab(self, delta: int) -> None:
        self.query_one(RecordPanel).step(delta)

    def _reload_timeline(self, show: bool = False) -> None:
        for timeline in self.query(Timeline):
            timeline.reload(keep_cursor=not show)
            if show:
                self.query_one(RecordPanel).show("tab-timeline")

    def deal_in_sight(self) -> int | None:
        return self.record_id if self.rt.key == "opportunity" and self.record_id not in (None, PREBUILT) else None

    def action_pipeline(self) -> None:
        self.app.open_pipeline(self.deal_in_sight())

    def action_pin(self) -> None:
        from crm_tui.services import recent

        if self.record_id is None:
            return
        db_call(self, recent.toggle_pin, self.app.actor.id, self.rt.key, self.record_id,
                on_success=lambda now: self.notify("Pinned: ctrl+o lists it on top" if now else "Unpinned"),
                on_error=lambda error: self.notify(str(error), severity="error"))

    def action_history(self) -> None:
        from crm_tui.ui.screens.history import HistoryScreen

        if self.record_id is not None and self.detail is not None:
            self.app.push_screen(HistoryScreen(self.rt.key, self.record_id, self.detail.title))

    def action_open_link(self) -> None:
        """Open the record this one points at: regarding, the parent account, a contact's account."""
        for field in self.rt.open_links:
            if self.refs.get(field, (None, ""))[0] is not None:
                self.open_ref(field)
                return
        self.notify("No linked record", severity="warning")

    def open_ref(self, field: str) -> None:
        """Open the record a link field points at."""
        target = self.refs.get(field, (None, ""))[0]
        if target is None:
            self.notify("Nothing linked there", severity="warning")
        elif isinstance(target, tuple):  # regarding, customer: (record type, id)
            self.app.open_record(*target)
        else:
            self.app.open_record(self.rt.field(field).target, target)

    # -- coming back, and the panel's lists -------------------------------------------------
    def _go_back(self) -> None:
        """Back to the screen beneath; a record beneath is read again first, so the first frame
        back shows what changed here (a contact added: its tab's count), not a second later."""
        stack = self.app.screen_stack
        beneath = stack[-2] if len(stack) > 1 else None
        self._leaving = True
        if isinstance(beneath, RecordScreen) and beneath.can_come_back():
            beneath.come_back(self._leave, within=RETURN_WITHIN)
        else:
            self._leave()

    def _leave(self) -> None:
        if self._leaving and self.is_current:
            self.app.pop_screen()
        self._leaving = False

    def can_come_back(self) -> bool:
        return self.detail is not None and self.record_id not in (None, PREBUILT) and not self.is_dirty

    def come_back(self, show: Callable[[], None], within: float) -> None:
        """Read the record again, then show (the screen above goes back to this one); after
        within seconds without an answer, show as it is, and the answer fills in when it comes."""
        generation, done = self._generation, []

        def once() -> None:
            if not done:
                done.append(True)
                show()

        def loaded(detail: Detail) -> None:
            if generation == self._generation:
                self._populate(detail)
                # fresh for the resume to come; an answer after the timer's show is just newer
                self._read_for_return = not done
            once()

        self.app.set_timer(within, once)
        db_call(self, record_detail.load, self.rt.key, self.record_id, on_success=loaded,
                on_error=lambda _error: once(), holds_keys=True, group="load", exclusive=True)

    def on_screen_resume(self) -> None:
        self._leaving = False
        if self._retargeted:  # shown again for another record: retarget() started its load
            self._retargeted = False
            return
        if self.record_id is None or self.detail is None:
            return
        if self._read_for_return:  # read just now, before the screen above went back
            self._read_for_return = False
        elif not self.is_dirty:
            self._load()
        for related in self.query(RecordList):
            if not related.deferred:
                related.reload(select_id=related.current_id, keep_rows=True)

    def live_refresh(self) -> None:
        """Something was written: if it was this record, by someone else, show it as it is now —
        unless the form holds an edit, which is kept (saving will show both sides)."""
        if self.record_id in (None, PREBUILT) or self.detail is None:
            return
        generation, known = self._generation, self.detail.version

        def read(detail: Detail) -> None:
            if generation != self._generation or detail.version == known or detail.version == self.detail.version:
                return
            who = detail.modified.split(" by ", 1)[-1]
            if who == self.app.actor.display_name:
                return  # our own save (its answer shows it): nothing to tell
            if self.is_dirty:
                self.notify(f"{who} changed this {noun(self.rt.key)} since you opened it: your edit is kept, and "
                            "saving shows both", severity="warning", timeout=10)
                return
            self._populate(detail)
            self._reload_timeline()
            self.notify(f"{who} changed this {noun(self.rt.key)}: shown as it is now")

        def changed(version: int | None) -> None:  # a cheap look first: most writes are to other records
            if version is not None and version != known and generation == self._generation:
                db_call(self, record_detail.load, self.rt.key, self.record_id, on_success=read, group="live",
                        exclusive=True, on_error=lambda _error: None)

        db_call(self, record_detail.version_of, self.rt.key, self.record_id, on_success=changed, group="live",
                exclusive=True, on_error=lambda _error: None)
        for related in self.query(RecordList):
            if not related.deferred:
                related.reload(select_id=related.current_id, keep_rows=True)

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)

    def on_timeline_filter_asked(self, event: Timeline.FilterAsked) -> None:
        timeline = event.timeline

        def apply(entries: TimelineFilter | None) -> None:
            if entries is not None:
                timeline.apply(replace(timeline.list_query, filter=entries))

        self.app.push_screen(TimelineFilterScreen(timeline.list_query.filter), apply)

    def on_timeline_filters_changed(self, event: Timeline.FiltersChanged) -> None:
        self._show_panel_titles()
