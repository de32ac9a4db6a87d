"""A customer's open work: its opportunities and cases counted for its tabs and its highlights."""

from __future__ import annotations

from peewee import fn

from crm_tui.core.types.case import CASE_ACTIVE, PRIORITIES
from crm_tui.models import Case, Opportunity


def open_sales_and_service(deal_terms, case_terms) -> dict[str, int]:
    """A customer's opportunities and cases, all and open ones (with the open deals' value and
    how many open cases are High): one grouped read of each table, not one per figure."""
    deals = {state: (count, value) for state, count, value in (
        Opportunity.select(Opportunity.state, fn.COUNT(Opportunity.id), fn.SUM(Opportunity.estimated_revenue))
        .where(deal_terms).group_by(Opportunity.state).tuples())}
    cases = list(Case.select(Case.state, Case.priority, fn.COUNT(Case.id)).where(case_terms)
                 .group_by(Case.state, Case.priority).tuples())
    open_deals, open_value = deals.get("open", (0, 0))
    open_cases = {priority: count for state, priority, count in cases if state == CASE_ACTIVE}
    return {"opportunities": open_deals, "opportunity_value": int(open_value or 0),
            "cases": sum(open_cases.values()), "high_cases": open_cases.get(PRIORITIES[0], 0),
            "all_opportunities": sum(count for count, _value in deals.values()),
            "all_cases": sum(count for _state, _priority, count in cases)}
