"""Beside a record's form: its timeline and its related records, one tab each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane

from crm_tui.services.listing import ListQuery
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.timeline import Timeline


class RecordPanel(Vertical):
    """Timeline first; an account adds its contacts, sub-accounts and opportunities; a contact
    the opportunities it is the customer or the contact of."""

    def __init__(self, record_type: str, record_id: int, **kwargs):
        super().__init__(**kwargs)
        self.record_type = record_type
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        with TabbedContent(id="panel-tabs"):
            with TabPane("Timeline", id="tab-timeline"):
                yield Timeline((self.record_type, self.record_id), id="timeline")
            if self.record_type == "account":
                with TabPane("Contacts", id="tab-contacts"):
                    yield RecordList(ListQuery("contact", state=None, account_id=self.record_id),
                                     empty_text="No contacts yet: c adds one.", id="related-contacts")
                with TabPane("Sub-accounts", id="tab-children"):
                    yield RecordList(ListQuery("account", state=None, account_id=self.record_id),
                                     empty_text="No sub-accounts.", id="related-children")
            if self.record_type in ("account", "contact"):
                scope = {"account_id" if self.record_type == "account" else "contact_id": self.record_id}
                with TabPane("Opportunities", id="tab-opportunities"):
                    yield RecordList(ListQuery("opportunity", state=None, **scope),
                                     empty_text="No opportunities yet.", id="related-opportunities")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    def set_counts(self, counts: dict[str, int], timeline_note: str = "") -> None:
        tabs = self.tabs
        tabs.get_tab("tab-timeline").label = f"Timeline{f' · {timeline_note}' if timeline_note else ''}"
        if self.record_type == "account":
            tabs.get_tab("tab-contacts").label = f"Contacts ({counts.get('contacts', 0):,})"
            tabs.get_tab("tab-children").label = f"Sub-accounts ({counts.get('children', 0):,})"
        if "opportunities" in counts:
            tabs.get_tab("tab-opportunities").label = f"Opportunities ({counts['opportunities']:,})"

    def show(self, pane_id: str) -> RecordList:
        """Bring a tab to the front and put the cursor in its list."""
        self.tabs.active = pane_id
        records = self.tabs.get_pane(pane_id).query_one(RecordList)
        records.focus()
        return records

    def step(self, delta: int) -> None:
        """Next or previous tab, and into its list."""
        panes = [pane.id for pane in self.query(TabPane)]
        active = self.tabs.active
        index = (panes.index(active) + delta) % len(panes) if active in panes else 0
        self.show(panes[index])
