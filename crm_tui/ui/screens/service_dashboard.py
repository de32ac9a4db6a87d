"""The service dashboard: open cases by priority and by status, SLA compliance over a period,
the average time to resolve, and the cases nearing or past their SLA right now.

p steps the period (7, 30, 90, 365 days); m shows only mine or everyone's; the figures and
the queue refresh on their own every half minute.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from crm_tui.core.fields import duration_text
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import noun, plural
from crm_tui.services.listing import ListQuery
from crm_tui.services.service import service_dashboard
from crm_tui.services.service.service_dashboard import Compliance, ServiceFigures
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.record_list import RecordList

LIVE_SECONDS = 30


def bar_lines(items: list[tuple[str, int]], width: int) -> list[str]:
    """One bar per item, as long as its count is against the largest."""
    label_width = max(len(label) for label, _ in items) + 1
    figure_width = max(len(f"{count:,}") for _, count in items) + 1
    room = max(4, width - label_width - figure_width)
    largest = max((count for _, count in items), default=0) or 1
    return [f"{label:<{label_width}}{'█' * round(room * count / largest):<{room}}{count:>{figure_width},}"
            for label, count in items]


def compliance_line(kpi: Compliance, width: int) -> str:
    """█ met, ░ missed, and the share met."""
    share = kpi.share
    label = f"{kpi.kpi:<16}"
    if share is None:
        return f"{label}nothing decided in this period"
    figures = f" {share:>4.0%} met · {kpi.succeeded:,} met, {kpi.noncompliant:,} missed"
    room = max(4, width - len(label) - len(figures))
    met = round(room * share)
    return f"{label}{'█' * met}{'░' * (room - met)}{figures}"


class ServiceDashboardScreen(StylesKept, Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("dashboard")

    def __init__(self):
        super().__init__()
        self.days = 30
        self.mine = False
        self.figures: ServiceFigures | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="dashboard-title", classes="title-bar")
        with Horizontal(id="dashboard-open"):
            with Vertical(classes="dashboard-box"):
                yield Static(plain(f"Open {noun('case', True)} by priority"), classes="box-head")
                yield Static(id="by-priority")
            with Vertical(classes="dashboard-box"):
                yield Static(plain(f"Open {noun('case', True)} by status"), classes="box-head")
                yield Static(id="by-status")
        with Vertical(classes="dashboard-box", id="dashboard-sla"):
            yield Static(id="sla-head", classes="box-head")
            yield Static(id="compliance")
        yield Static("Nearing or past their SLA now · enter opens", classes="box-head", id="at-risk-head")
        yield RecordList(self._queue(), empty_text="No active case is near or past its SLA.", id="at-risk")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Service dashboard"
        self.query_one("#at-risk", RecordList).focus()
        self._load()
        self.set_interval(LIVE_SECONDS, self.action_refresh)

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def on_resize(self) -> None:
        self._draw()

    def _queue(self) -> ListQuery:
        return ListQuery("case_sla", state="active", owner_id=self.app.actor.id if self.mine else None)

    def _load(self) -> None:
        db_call(self, service_dashboard.figures, self.days, self.app.actor.id if self.mine else None,
                on_success=self._loaded, group="figures", exclusive=True)

    def _loaded(self, figures: ServiceFigures) -> None:
        self.figures = figures
        self._draw()

    def _draw(self) -> None:
        f = self.figures
        if f is None:
            return
        whose = "mine" if self.mine else "everyone's"
        self.query_one("#dashboard-title", Static).update(plain(
            f"Service dashboard · {whose} · {f.open_total:,} open {lower_noun(plural('case'))} · {f.past_due:,} past an SLA deadline now"))
        half = max(20, self.size.width // 2 - 4)
        self.query_one("#by-priority", Static).update(plain("\n".join(bar_lines(f.by_priority, half))))
        self.query_one("#by-status", Static).update(plain("\n".join(bar_lines(f.by_status, half))))
        self.query_one("#sla-head", Static).update(plain(
            f"SLA compliance · last {f.days} days (p changes) · KPIs met or missed in the period"))
        average = duration_text(f.average_resolve_minutes) if f.average_resolve_minutes is not None else "—"
        width = max(40, self.size.width - 4)
        lines = [compliance_line(kpi, width) for kpi in f.compliance]
        lines.append(f"{'Time to resolve':<16}{average} on average over {f.resolved:,} resolved {lower_noun(plural('case'))}")
        self.query_one("#compliance", Static).update(plain("\n".join(lines)))

    # -- actions -----------------------------------------------------------------------------------
    def action_period(self) -> None:
        periods = service_dashboard.PERIODS
        self.days = periods[(periods.index(self.days) + 1) % len(periods)] if self.days in periods else periods[0]
        self._load()

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.query_one("#at-risk", RecordList).set_query(self._queue())
        self._load()

    def action_refresh(self) -> None:
        if not self.is_current:
            return
        records = self.query_one("#at-risk", RecordList)
        records.reload(select_id=records.current_id)
        self._load()

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)
