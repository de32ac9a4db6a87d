"""The pipeline: open opportunities in a column per sales stage, their totals, and a chart.

left/right move between stages; > and < move the selected opportunity to the next or
previous stage; m shows only mine or everyone's.
"""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from crm_tui.core.fields import compact
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import noun, singular
from crm_tui.core.types.opportunity import OPP_OPEN, STAGES
from crm_tui.services.listing import ListQuery
from crm_tui.services.sales import pipeline
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.screens.sales_dialogs import refusal
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.record_list import RecordList

LABEL_WIDTH = 9


def chart_lines(totals: list[pipeline.StageTotal], width: int) -> list[str]:
    """One bar per stage, as long as its estimated revenue: █ the weighted part, ░ the rest."""
    figures = [f" {t.count:>5,} · {compact(t.revenue):>7} · weighted {compact(t.weighted):>7}" for t in totals]
    room = max(4, width - LABEL_WIDTH - max(len(f) for f in figures) - 1)
    largest = max((t.revenue for t in totals), default=Decimal(0)) or Decimal(1)
    lines = []
    for total, figure in zip(totals, figures):
        full = round(room * float(total.revenue / largest))
        solid = min(full, round(room * float(total.weighted / largest)))
        bar = "█" * solid + "░" * (full - solid)
        lines.append(f"{total.stage:<{LABEL_WIDTH}}{bar:<{room}}{figure}")
    return lines


class PipelineScreen(StylesKept, Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("pipeline")

    def __init__(self):
        super().__init__()
        self.mine = False
        self.totals: list[pipeline.StageTotal] = []
        self._resumed_before = False
        self._deal_to_show: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="pipeline-title", classes="title-bar")
        yield Static(id="pipeline-chart")
        with Horizontal(id="stages"):
            for index, stage in enumerate(STAGES):
                with Vertical(classes="stage"):
                    yield Static(stage, id=f"stage-head-{index}", classes="stage-head")
                    yield RecordList(self._query(stage), empty_text="None at this stage.", row_lines=2,
                                     id=f"stage-{index}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Pipeline"
        self.query_one("#stage-0", RecordList).focus()
        self._show_totals()

    def on_screen_resume(self) -> None:
        if self._deal_to_show is not None:
            self._find_deal(self._deal_to_show)
        elif self._resumed_before:  # back (or opened again): as it was at once, then what changed since
            self._reload(keep_rows=True)
        self._resumed_before = True
        self._deal_to_show = None

    def on_resize(self) -> None:
        self._draw()

    def _query(self, stage: str) -> ListQuery:
        return pipeline.column(stage, self.app.actor.id if self.mine else None)

    @property
    def columns(self) -> list[RecordList]:
        return [self.query_one(f"#stage-{i}", RecordList) for i in range(len(STAGES))]

    def _current_column(self) -> int:
        focused = self.focused
        return self.columns.index(focused) if focused in self.columns else 0

    # -- totals and the chart ------------------------------------------------------------------
    def _show_totals(self) -> None:
        db_call(self, pipeline.totals, self.app.actor.id if self.mine else None,
                on_success=self._totals_loaded, group="totals", exclusive=True)

    def _totals_loaded(self, totals: list[pipeline.StageTotal]) -> None:
        self.totals = totals
        self._draw()

    def _draw(self) -> None:
        if not self.totals:
            return
        count = sum(t.count for t in self.totals)
        revenue = sum((t.revenue for t in self.totals), Decimal(0))
        weighted = sum((t.weighted for t in self.totals), Decimal(0))
        whose = "mine" if self.mine else "everyone's"
        self.query_one("#pipeline-title", Static).update(plain(
            f"Pipeline · {whose} · {count:,} open · {compact(revenue)} estimated · {compact(weighted)} weighted"))
        width = max(30, self.size.width - 2)
        self.query_one("#pipeline-chart", Static).update(plain("\n".join(chart_lines(self.totals, width))))
        for index, total in enumerate(self.totals):
            self.query_one(f"#stage-head-{index}", Static).update(
                plain(f"{total.stage} {total.count:,} · {compact(total.revenue)}"))

    def _reload(self, select: tuple[int, int] | None = None, keep_rows: bool = False) -> None:
        """Every column afresh; select=(column, record id) puts the cursor there; keep_rows shows
        the rows there are until the new ones come."""
        for index, column in enumerate(self.columns):
            query = self._query(STAGES[index])
            if keep_rows and column.list_query == query:
                column.reload(select_id=column.current_id, keep_rows=True)
            else:
                column.set_query(query, select_id=select[1] if select and select[0] == index else None)
        self._show_totals()

    # -- actions ---------------------------------------------------------------------------------
    def action_column(self, delta: int) -> None:
        index = max(0, min(len(STAGES) - 1, self._current_column() + delta))
        self.columns[index].focus()

    def action_move(self, delta: int) -> None:
        index = self._current_column()
        record_id = self.columns[index].current_id
        if record_id is None:
            self.notify(f"No {lower_noun(singular('opportunity'))} selected", severity="warning")
            return
        target = index + delta
        if not 0 <= target < len(STAGES):
            self.notify(f"{STAGES[index]} is the {'last' if delta > 0 else 'first'} stage", severity="warning")
            return

        def moved(_record) -> None:
            self._reload(select=(target, record_id))
            self.columns[target].focus()
            self.notify(f"Moved to {STAGES[target]}")

        db_call(self, opportunities.move_stage, self.app.actor, record_id, delta, on_success=moved,
                on_error=lambda error: self.notify(refusal(error), title="Not moved", severity="warning"),
                holds_keys=True)

    def show_deal(self, deal_id: int) -> None:
        """Put the cursor on a deal, in its stage's column (everyone's, if it is not mine): at once
        if the pipeline is in front, else as it comes to the front (after its mount's focus)."""
        if self.is_current and self.is_mounted and self._resumed_before:
            self._find_deal(deal_id)
        else:
            self._deal_to_show = deal_id

    def _find_deal(self, deal_id: int) -> None:
        def found(deal) -> None:
            if deal.state != OPP_OPEN or deal.stage not in STAGES:
                self.notify(f"This {noun('opportunity')} is {deal.state}: the pipeline shows open ones",
                            severity="warning")
                return
            if self.mine and deal.owner_id != self.app.actor.id:
                self.mine = False
            index = STAGES.index(deal.stage)
            self._reload(select=(index, deal_id))
            self.columns[index].focus()

        db_call(self, opportunities.get, deal_id, on_success=found,
                on_error=lambda error: self.notify(refusal(error), severity="warning"), holds_keys=True)

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self._reload()

    def action_new(self) -> None:
        self.app.new_record("opportunity")

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)
