"""Beside a record's form: its timeline and its related records, one tab each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane

from crm_tui.services.listing import ListQuery
from crm_tui.services.record_detail import Detail
from crm_tui.services.record_types import lower_noun, noun, plural
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.timeline import Timeline

NOBODY = 0  # no record has id 0: a customer's lists show nothing until the case's customer is known


class RecordPanel(Vertical):
    """Timeline first. An account adds its contacts and sub-accounts; an account and a contact
    their open opportunities and open cases side by side (sales and service in one view); a case
    its customer's other cases, its child cases and the customer's entitlements; an entitlement
    the cases that use it."""

    def __init__(self, record_type: str, record_id: int, **kwargs):
        super().__init__(**kwargs)
        self.record_type = record_type
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

    def _queries(self, record_id: int) -> dict[str, ListQuery]:
        """Every list beside the form, by its widget id."""
        queries = {"timeline": Timeline.query_for((self.record_type, record_id))}
        if self.record_type == "account":
            queries["related-contacts"] = ListQuery("contact", state=None, account_id=record_id)
            queries["related-children"] = ListQuery("account", state=None, account_id=record_id)
        if self.record_type in ("account", "contact"):
            scope = {"account_id" if self.record_type == "account" else "contact_id": record_id}
            # Every state: a won deal and a resolved case are the customer's history too.
            queries["related-opportunities"] = ListQuery("opportunity", state=None, **scope)
            queries["related-cases"] = ListQuery("case_recent", state=None, **scope)
        if self.record_type == "case":
            queries["related-customer-cases"] = ListQuery("case_recent", state=None, account_id=NOBODY,
                                                          exclude_id=record_id)
            queries["related-child-cases"] = ListQuery("case_recent", state=None, parent_id=record_id)
            queries["related-entitlements"] = ListQuery("entitlement", state=None, account_id=NOBODY)
        if self.record_type == "entitlement":
            queries["related-cases"] = ListQuery("case_recent", state=None, entitlement_id=record_id)
        return queries

    def compose(self) -> ComposeResult:
        queries = self._queries(self.record_id)
        with TabbedContent(id="panel-tabs"):
            with TabPane("Timeline", id="tab-timeline"):
                yield Timeline(queries["timeline"], id="timeline")
            if self.record_type == "account":
                with TabPane(plural("contact"), id="tab-contacts"):
                    yield RecordList(queries["related-contacts"], empty_text=f"No {noun('contact', True)} yet: c adds one.", deferred=True,
                                     id="related-contacts")
                with TabPane(f"Sub-{lower_noun(plural('account'))}", id="tab-children"):
                    yield RecordList(queries["related-children"], empty_text=f"No sub-{noun('account', True)}.", deferred=True, id="related-children")
            if self.record_type in ("account", "contact"):
                with TabPane(plural("opportunity"), id="tab-opportunities"):
                    yield RecordList(queries["related-opportunities"], empty_text=f"No {noun('opportunity', True)} yet.", deferred=True,
                                     id="related-opportunities")
                with TabPane(plural("case"), id="tab-cases"):
                    yield RecordList(queries["related-cases"], empty_text=f"No {noun('case', True)} yet: N opens one.",
                                     deferred=True,
                                     id="related-cases")
            if self.record_type == "case":
                with TabPane(f"Customer's {lower_noun(plural('case'))}", id="tab-customer-cases"):
                    yield RecordList(queries["related-customer-cases"], empty_text="No other cases of this customer.", deferred=True,
                                     id="related-customer-cases")
                with TabPane(f"Child {lower_noun(plural('case'))}", id="tab-child-cases"):
                    yield RecordList(queries["related-child-cases"], empty_text="No child cases.", deferred=True,
                                     id="related-child-cases")
                with TabPane(plural("entitlement"), id="tab-entitlements"):
                    yield RecordList(queries["related-entitlements"], empty_text="The customer has no entitlements.", deferred=True,
                                     id="related-entitlements")
            if self.record_type == "entitlement":
                with TabPane(plural("case"), id="tab-cases"):
                    yield RecordList(queries["related-cases"], empty_text="No case has used it yet.", deferred=True,
                                     id="related-cases")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    def show_record(self, detail: Detail) -> None:
        """A case's customer lists follow its customer, once known (and when it changes)."""
        if self.record_type != "case":
            return
        customer = detail.refs.get("customer", (None, ""))[0]
        if customer == self.customer:
            return
        self.customer = customer
        kind, customer_id = customer or ("account", NOBODY)
        scope = {"account_id" if kind == "account" else "contact_id": customer_id}
        for list_id, query in (("related-customer-cases", ListQuery("case_recent", state=None,
                                                                     exclude_id=self.record_id, **scope)),
                               ("related-entitlements", ListQuery("entitlement", state=None, **scope))):
            records = self.query_one(f"#{list_id}", RecordList)
            records.set_query(query, deferred=not records.is_on_screen)

    def set_counts(self, counts: dict[str, int], timeline_note: str = "") -> None:
        tabs = self.tabs
        tabs.get_tab("tab-timeline").label = f"Timeline{f' · {timeline_note}' if timeline_note else ''}"
        if self.record_type == "account":
            tabs.get_tab("tab-contacts").label = f"{plural('contact')} ({counts.get('contacts', 0):,})"
            tabs.get_tab("tab-children").label = f"Sub-{lower_noun(plural('account'))} ({counts.get('children', 0):,})"
        if self.record_type in ("account", "contact"):
            # Every state, as the lists show them (the summary counts the open ones).
            tabs.get_tab("tab-opportunities").label = f"{plural('opportunity')} ({counts.get('all_opportunities', 0):,})"
            tabs.get_tab("tab-cases").label = f"{plural('case')} ({counts.get('all_cases', 0):,})"
        if self.record_type == "case":
            tabs.get_tab("tab-child-cases").label = f"Child {lower_noun(plural('case'))} ({counts.get('children', 0):,})"
        if self.record_type == "entitlement":
            tabs.get_tab("tab-cases").label = f"{plural('case')} ({counts.get('cases', 0):,})"

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
