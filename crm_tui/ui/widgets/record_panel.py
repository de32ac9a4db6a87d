"""Beside a record's form: its timeline and its related records, one tab each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane, Tabs

from crm_tui.core.record_type import RelatedTab, in_our_words
from crm_tui.core.types import definition
from crm_tui.core.list_types import ListQuery, timeline_of
from crm_tui.services.record_detail import Detail
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.timeline import Timeline

NOBODY = 0  # no record has id 0: a customer's lists show nothing until the case's customer is known


class PanelTabs(TabbedContent):
    """The panel's tabs. A record screen built ahead may be taken down as the app quits while its
    tabs still report their first tab active: that report is dropped then (Textual would look for
    the tab among tabs already removed, and fail the app on its way out)."""

    def _on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if self.app._exit or not event.tab.is_attached:
            event.prevent_default()  # TabbedContent's own handler is not run
            event.stop()


class RecordPanel(Vertical):
    """Timeline first, then the record type's related tabs (RecordType.tabs): an account's contacts,
    sub-accounts, deals and cases; a case's customer's other cases, its child cases and the
    customer's entitlements..."""

    DEFAULT_CSS = """
    RecordPanel TabbedContent, RecordPanel TabPane, RecordPanel ContentSwitcher {
        height: 1fr;
    }
    RecordPanel TabPane {
        padding: 0;
    }
    """

    def __init__(self, record_type: str, record_id: int, **kwargs):
        super().__init__(**kwargs)
        self.record_type = record_type
        self.rt = definition(record_type)
        self.record_id = record_id
        self.customer: tuple[str, int] | None = None

    def retarget(self, record_id: int) -> None:
        """The same tabs for another record of this type (the record screen is reused)."""
        self.record_id = record_id
        self.customer = None
        self.tabs.active = "tab-timeline"
        for list_id, query in self._queries(record_id).items():
            # Read when shown: the timeline once the form is on screen (load_shown), the other
            # tabs when brought forward.
            self.query_one(f"#{list_id}", RecordList).set_query(query, deferred=True)

    def load_shown(self, pane: TabPane | None = None) -> None:
        """The lists of the tab in front (or of pane) read their rows, if they have not yet."""
        for records in (pane or self.tabs.get_pane(self.tabs.active)).query(RecordList):
            records.load_if_deferred()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.load_shown(event.pane)

    def _query(self, tab: RelatedTab, record_id: int) -> ListQuery:
        """What one tab lists: the records that point at this one (or at its customer, once known)."""
        if tab.scope == "its_customer":
            kind, customer_id = self.customer or ("account", NOBODY)
            scope = {f"{kind}_id": customer_id}
        elif tab.scope == "customer":
            scope = {f"{self.record_type}_id": record_id}
        elif tab.link:
            scope = {"linked": (tab.link, record_id)}
        else:
            scope = {tab.scope: record_id}
        if tab.exclude_self:
            scope["exclude_id"] = record_id
        # Every state: a won deal and a resolved case are the customer's history too.
        return ListQuery(tab.source, state=None, **scope)

    def _queries(self, record_id: int) -> dict[str, ListQuery]:
        """Every list beside the form, by its widget id."""
        queries = {"timeline": timeline_of((self.record_type, record_id))}
        for tab in self.rt.tabs:
            queries[f"related-{tab.name}"] = self._query(tab, record_id)
        return queries

    def compose(self) -> ComposeResult:
        queries = self._queries(self.record_id)
        with PanelTabs(id="panel-tabs"):
            with TabPane("Timeline", id="tab-timeline"):
                yield Timeline(queries["timeline"], id="timeline")
            for tab in self.rt.tabs:
                with TabPane(in_our_words(tab.title), id=f"tab-{tab.name}"):
                    yield RecordList(queries[f"related-{tab.name}"], empty_text=in_our_words(tab.empty), deferred=True,
                                     id=f"related-{tab.name}")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    def show_record(self, detail: Detail) -> None:
        """The lists of the record's customer follow its customer, once known (and when it changes)."""
        following = [tab for tab in self.rt.tabs if tab.scope == "its_customer"]
        if not following:
            return
        customer = detail.refs.get("customer", (None, ""))[0]
        if customer == self.customer:
            return
        self.customer = customer
        for tab in following:
            records = self.query_one(f"#related-{tab.name}", RecordList)
            records.set_query(self._query(tab, self.record_id), deferred=not records.is_on_screen)

    def set_counts(self, counts: dict[str, int], timeline_note: str = "") -> None:
        tabs = self.tabs
        try:
            timeline_tab = tabs.get_tab("tab-timeline")
        except ValueError:  # its tabs not mounted yet (or going as the app closes): label them once they are
            if self.is_attached:
                self.call_after_refresh(self.set_counts, counts, timeline_note)
            return
        timeline_tab.label = f"Timeline{f' · {timeline_note}' if timeline_note else ''}"
        for tab in self.rt.tabs:
            if tab.count:  # every state, as the lists show them (the summary counts the open ones)
                tabs.get_tab(f"tab-{tab.name}").label = f"{in_our_words(tab.title)} ({counts.get(tab.count, 0):,})"

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
