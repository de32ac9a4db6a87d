"""The pipeline: open opportunities by sales stage, counted and summed (and weighted by probability)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from crm_tui.core.list_types import ListQuery
from crm_tui.core.types.opportunity import OPP_OPEN, STAGES
from crm_tui.models import Opportunity

CENT = Decimal("0.01")


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    revenue: Decimal  # summed estimated revenue
    weighted: Decimal  # each estimate times its probability


def column(stage: str, owner_id: int | None = None) -> ListQuery:
    """One stage's column: its open deals, largest first (everyone's, or one owner's)."""
    return ListQuery("pipeline", owner_id=owner_id, narrowed=(("stage", stage),))


def totals(owner_id: int | None = None) -> list[StageTotal]:
    """Every stage in order, empty ones included."""
    weighted = fn.SUM(Opportunity.revenue_key * fn.COALESCE(Opportunity.probability, 0))
    query = (Opportunity.select(Opportunity.stage, fn.COUNT(Opportunity.id), fn.SUM(Opportunity.revenue_key),
                                weighted)
             .where(Opportunity.state == OPP_OPEN)
             .group_by(Opportunity.stage))
    if owner_id is not None:
        query = query.where(Opportunity.owner == owner_id)
    found = {stage: (count, revenue, weight) for stage, count, revenue, weight in query.tuples()}
    totals = []
    for stage in STAGES:
        count, revenue, weight = found.get(stage, (0, 0, 0))
        totals.append(StageTotal(stage, count, _money(revenue), (_money(weight) / 100).quantize(CENT)))
    return totals


def _money(value) -> Decimal:
    """A database sum (a float on SQLite, a Decimal on PostgreSQL, None when empty) in cents."""
    return Decimal(str(value or 0)).quantize(CENT)
