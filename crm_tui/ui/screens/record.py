"""One record: its form, its links, and its related records."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from crm_tui.services import record_detail, search
from crm_tui.services.errors import ConflictError, DeleteBlockedError, NotFoundError, ServiceError, ValidationError
from crm_tui.services.fields import REFERENCE
from crm_tui.services.listing import ListQuery
from crm_tui.services.record_detail import Detail
from crm_tui.services.record_types import record_type
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialogs import ConfirmScreen, ConflictScreen
from crm_tui.ui.screens.picker import NONE_ID, PickerScreen
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.form import FieldRow, RefField, editor_text, set_editor_text
from crm_tui.ui.widgets.record_list import RecordList

# Actions that need a saved record, and those that belong to one record type only.
NEEDS_SAVED = {"toggle_state", "delete", "new_contact", "tree", "choose_primary"}
ONLY_FOR = {"choose_parent": "account", "choose_primary": "account", "new_contact": "account", "tree": "account",
            "choose_account": "contact"}


class RecordScreen(Screen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="record.save"),
        Binding("escape", "back", "Back", id="record.back"),
        Binding("e", "edit", "Edit", id="record.edit"),
        Binding("d", "toggle_state", "(De)activate", id="record.state"),
        Binding("x,delete", "delete", "Delete", show=False, id="record.delete"),
        Binding("p", "choose_parent", "Parent account", show=False, id="record.parent"),
        Binding("m", "choose_primary", "Primary contact", show=False, id="record.primary"),
        Binding("c", "new_contact", "Add contact", id="record.new_contact"),
        Binding("g", "choose_account", "Account", show=False, id="record.account"),
        Binding("o", "choose_owner", "Owner", show=False, id="record.owner"),
        Binding("t", "tree", "Hierarchy", show=False, id="record.tree"),
        Binding("l", "open_link", "Open linked record", show=False, id="record.open_link"),
    ]

    def __init__(self, type_key: str, record_id: int | None, defaults: dict[str, Any] | None = None):
        super().__init__()
        self.rt = record_type(type_key)
        self.record_id = record_id
        self.defaults = defaults or {}
        self.detail: Detail | None = None
        self.refs: dict[str, tuple[int | None, str]] = {}
        self.shown: dict[str, str] = {}  # the form's texts as loaded
        self._last_hits: dict[str, list] = {}  # what each picker last offered, to label the choice

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="record-title", classes="title-bar")
        with Horizontal(id="record-body"):
            with VerticalScroll(id="form"):
                yield Static(id="summary", classes="summary")
                for spec in self.rt.form_fields:
                    yield FieldRow(spec)
                for spec in self.rt.fields:
                    if spec.kind == REFERENCE:
                        yield RefField(spec)
                        yield Static("", id=f"err-{spec.name}", classes="field-error")
            if self.rt.key == "account" and self.record_id is not None:
                with Vertical(id="related"):
                    yield Static("Contacts", id="related-contacts-title", classes="related-title")
                    yield RecordList(ListQuery("contact", state=None, account_id=self.record_id),
                                     empty_text="No contacts yet: c adds one.", id="related-contacts")
                    yield Static("Sub-accounts", id="related-children-title", classes="related-title")
                    yield RecordList(ListQuery("account", state=None, account_id=self.record_id),
                                     empty_text="No sub-accounts.", id="related-children")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary").can_focus = True
        self.title = f"New {self.rt.singular.lower()}" if self.record_id is None else self.rt.singular
        self._load()

    def _load(self) -> None:
        if self.record_id is None:
            db_call(self, record_detail.blank, self.rt.key, self.app.actor, self.defaults, on_success=self._populate)
        else:
            db_call(self, record_detail.load, self.rt.key, self.record_id, on_success=self._populate,
                    on_error=self._load_failed)

    def _load_failed(self, error: ServiceError) -> None:
        self.notify(str(error), severity="error")
        self.app.pop_screen()

    def _populate(self, detail: Detail) -> None:
        first_load = self.detail is None
        self.detail = detail
        for spec in self.rt.form_fields:
            set_editor_text(self.query_one(f"#f-{spec.name}"), detail.texts.get(spec.name, ""))
        # What the editors show is the baseline: a field is changed only when the user changed it.
        self.shown = self._form_texts()
        self.refs = dict(detail.refs)
        self._show_refs()
        self._show_header()
        self._clear_errors()
        if first_load:
            if self.record_id is None:
                self.query_one(f"#f-{self.rt.form_fields[0].name}").focus()
            else:
                self.query_one("#summary").focus()

    def _show_header(self) -> None:
        d = self.detail
        if d is None:
            return
        name = d.title or f"New {self.rt.singular.lower()}"
        state = "" if d.state == "active" else "  [Inactive]"
        self.query_one("#record-title", Static).update(plain(f"{self.rt.singular} · {name}{state}"))
        if d.id is None:
            summary = "A new record: type into the fields, ctrl+s saves, esc leaves without saving."
        else:
            summary = (f"{'Active' if d.state == 'active' else 'Inactive'} · created {d.created}\n"
                       f"modified {d.modified} · version {d.version}")
        self.query_one("#summary", Static).update(plain(summary))
        if self.rt.key == "account" and d.id is not None:
            self.query_one("#related-contacts-title", Static).update(
                f"Contacts ({d.counts.get('contacts', 0):,}) · c adds one")
            self.query_one("#related-children-title", Static).update(
                f"Sub-accounts ({d.counts.get('children', 0):,}) · t shows the hierarchy")

    def _show_refs(self) -> None:
        loaded = self.detail.refs if self.detail else {}
        for field in self.query(RefField):
            ref_id, label = self.refs.get(field.spec.name, (None, ""))
            field.show(label, changed=self.record_id is not None and ref_id != loaded.get(field.spec.name, (None,))[0])

    # -- editing state -----------------------------------------------------------------
    def _form_texts(self) -> dict[str, str]:
        return {spec.name: editor_text(self.query_one(f"#f-{spec.name}")) for spec in self.rt.form_fields}

    def _changes(self) -> dict[str, Any]:
        if self.detail is None:
            return {}
        texts = self._form_texts()
        if self.record_id is None:
            changes: dict[str, Any] = {k: v for k, v in texts.items() if v.strip()}
            changes.update({k: ref_id for k, (ref_id, _) in self.refs.items() if ref_id is not None})
            return changes
        changes = {k: v for k, v in texts.items() if v != self.shown.get(k, "")}
        changes.update({k: ref_id for k, (ref_id, _) in self.refs.items() if ref_id != self.detail.refs[k][0]})
        return changes

    @property
    def is_dirty(self) -> bool:
        if self.detail is None:
            return False
        if self.record_id is None:
            return any(v.strip() for v in self._form_texts().values())
        return bool(self._changes())

    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.update("")
            error.remove_class("-shown")

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._clear_errors()
        first = None
        loose = []
        for name, message in errors.items():
            matches = self.query(f"#err-{name}")
            if not matches:
                loose.append(f"{name}: {message}" if name else message)
                continue
            matches.first().update(plain(message))
            matches.first().add_class("-shown")
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
    def action_save(self, version: int | None = None) -> None:
        if self.detail is None:
            return
        changes = self._changes()
        if self.record_id is not None and not changes:
            self.notify("Nothing to save")
            return
        db_call(self, record_detail.save, self.app.actor, self.rt.key, self.record_id, changes,
                self.detail.version if version is None else version,
                on_success=self._saved, on_error=self._save_failed, group="save", exclusive=True)

    def _saved(self, detail: Detail) -> None:
        created = self.record_id is None
        if created:
            # A saved record gets the full screen: its related lists, its actions.
            self.notify(f"{self.rt.singular} created")
            self.app.switch_screen(RecordScreen(self.rt.key, detail.id))
            return
        self._populate(detail)
        self.notify("Saved")

    def _save_failed(self, error: ServiceError) -> None:
        if isinstance(error, ValidationError):
            self._show_errors(error.errors)
        elif isinstance(error, ConflictError):
            def resolved(choice: str | None) -> None:
                if choice == "mine":
                    self.action_save(version=error.current_version)
                elif choice == "theirs":
                    self.detail = None
                    self._load()
                    self.notify("Showing their version; your changes were discarded")
            self.app.push_screen(ConflictScreen(error), resolved)
        else:
            self.notify(str(error), severity="error")

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ONLY_FOR and ONLY_FOR[action] != self.rt.key:
            return False
        if action in NEEDS_SAVED and self.record_id is None:
            return False
        return True

    def action_back(self) -> None:
        if not self.is_dirty:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen("Leave without saving your changes?", "Discard", danger=True), answered)

    def action_edit(self) -> None:
        self.query_one(f"#f-{self.rt.form_fields[0].name}").focus()

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
                    on_success=lambda d: (self._populate(d), self.notify(f"{verb}d {name}")))

        self._confirm_then(f"{verb} {self.rt.singular.lower()} “{name}”?", verb, run)

    def action_delete(self) -> None:
        if self.detail is None:
            return
        name = self.detail.title

        def run() -> None:
            db_call(self, record_detail.delete, self.app.actor, self.rt.key, self.record_id,
                    on_success=lambda _: self._deleted(name), on_error=self._delete_failed)

        self._confirm_then(f"Delete {self.rt.singular.lower()} “{name}” for good? Deactivating keeps its history.",
                           "Delete", run, danger=True)

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

    def action_open_link(self) -> None:
        """Open the account this record points at (the parent, or a contact's account)."""
        field = "parent" if self.rt.key == "account" else "parent_customer"
        ref_id = self.refs.get(field, (None, ""))[0]
        if ref_id is None:
            self.notify("No linked account", severity="warning")
        else:
            self.app.open_record("account", ref_id)

    # -- reference pickers -------------------------------------------------------------------
    def on_ref_field_pick(self, event: RefField.Pick) -> None:
        {"parent": self.action_choose_parent, "primary_contact": self.action_choose_primary,
         "parent_customer": self.action_choose_account, "owner": self.action_choose_owner}[event.field]()

    def _pick(self, field: str, title: str, find: Callable, allow_none: bool = True) -> None:
        def picked(choice: int | None) -> None:
            if choice is None:
                return
            if choice == NONE_ID:
                self.refs[field] = (None, "")
            else:
                hit = next((h for h in self._last_hits.get(field, []) if h.id == choice), None)
                self.refs[field] = (choice, hit.title if hit else str(choice))
            self._show_refs()
            self.query_one(f"#ref-{field}").focus()

        def remembering(text: str):
            hits = find(text)
            self._last_hits[field] = hits
            return hits

        self.app.push_screen(PickerScreen(title, remembering, allow_none=allow_none), picked)

    def action_choose_parent(self) -> None:
        own_id = self.record_id
        self._pick("parent", "Parent account (none: a top-level account)",
                   lambda text: search.find_accounts(text, limit=50, exclude_id=own_id))

    def action_choose_primary(self) -> None:
        own_id = self.record_id
        self._pick("primary_contact", "Primary contact: one of this account's contacts",
                   lambda text: search.find_contacts(text, limit=50, account_id=own_id))

    def action_choose_account(self) -> None:
        self._pick("parent_customer", "Account (none: a person on their own)",
                   lambda text: search.find_accounts(text, limit=50))

    def action_choose_owner(self) -> None:
        self._pick("owner", "Owner", lambda text: search.find_users(text), allow_none=False)

    # -- coming back from another screen ------------------------------------------------------
    def on_screen_resume(self) -> None:
        if self.record_id is None or self.detail is None:
            return
        if not self.is_dirty:
            self._load()
        for related in self.query(RecordList):
            related.reload(select_id=related.current_id)

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)
