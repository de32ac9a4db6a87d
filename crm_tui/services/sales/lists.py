"""The lists of leads and opportunities, and the pipeline's columns (one per sales stage)."""

from __future__ import annotations

from peewee import JOIN

from crm_tui.core.fields import compact, display
from crm_tui.core.list_types import (
    Column,
    Fit,
    ListQuery,
    Row,
    Source,
    customer_cell,
    person_name,
    status_cell,
)
from crm_tui.core.types.opportunity import OPP_OPEN, OPPORTUNITY
from crm_tui.models import Account, Contact, Lead, Opportunity, User
from crm_tui.models.db import planned_for
from crm_tui.services.hits import Hit, Searcher, by_name, joined
from crm_tui.services.prefix import prefix_filter
from crm_tui.services.registry import SEARCHERS, SOURCES


def _status(state: str, reason: str) -> str:
    return status_cell(state, reason, OPP_OPEN, OPPORTUNITY.state_names)


def _owned(model, query: ListQuery) -> list:
    terms = []
    if query.owner_id is not None:
        terms.append(model.owner == planned_for(query.owner_id))
    if query.state is not None:
        terms.append(model.state == query.state)
    if query.find.strip():
        terms.append(prefix_filter(model.sort_name, query.find))
    return terms


# -- leads -------------------------------------------------------------------------------------
def _lead_select():
    return (Lead.select(Lead.id, Lead.sort_name, Lead.state, Lead.first_name, Lead.last_name, Lead.topic,
                        Lead.company_name, Lead.rating, Lead.source, Lead.status_reason, User.display_name)
            .join(User, JOIN.LEFT_OUTER, on=(Lead.owner == User.id)))


def _lead_filters(query: ListQuery) -> list:
    return _owned(Lead, query)


def _lead_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, first, last, topic, company, rating, source, reason, owner = raw
    return Row(rid, key, state, "lead", person_name(first, last), topic, company or "", rating or "", source or "",
            _status(state, reason), owner)


# -- opportunities -----------------------------------------------------------------------------
def _opportunity_select():
    customer_contact = Contact.alias()
    return (Opportunity.select(Opportunity.id, Opportunity.sort_name, Opportunity.state, Opportunity.topic,
                               Account.name, customer_contact.first_name, customer_contact.last_name,
                               Opportunity.stage, Opportunity.estimated_revenue, Opportunity.probability,
                               Opportunity.estimated_close, Opportunity.status_reason, User.display_name,
                               Opportunity.revenue_key)
            .join(Account, JOIN.LEFT_OUTER, on=(Opportunity.customer_account == Account.id))
            .switch(Opportunity)
            .join(customer_contact, JOIN.LEFT_OUTER, on=(Opportunity.customer_contact == customer_contact.id))
            .switch(Opportunity)
            .join(User, JOIN.LEFT_OUTER, on=(Opportunity.owner == User.id)))


def _opportunity_filters(query: ListQuery) -> list:
    terms = _owned(Opportunity, query)
    if query.account_id is not None:
        terms.append(Opportunity.customer_account == planned_for(query.account_id))
    if query.contact_id is not None:
        terms.append((Opportunity.customer_contact == planned_for(query.contact_id))
                     | (Opportunity.contact == planned_for(query.contact_id)))
    return terms


def _percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def _opportunity_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, topic = raw[:4]
    stage, revenue, probability, close, reason, owner = raw[7:13]
    # a closed deal's stage says how it ended, so a list too narrow for the status still tells
    where_now = stage if state == OPP_OPEN else OPPORTUNITY.state_names.get(state, state)
    return Row(rid, key, state, "opportunity", topic, customer_cell(raw), where_now, display(revenue),
            _percent(probability), display(close), _status(state, reason), owner)


# -- the pipeline: open opportunities of one stage, largest first ---------------------------------
def _pipeline_filters(query: ListQuery) -> list:
    if query.narrowed_to("stage") is None:
        raise ValueError("A pipeline column is one stage's: narrow it to a stage")
    terms = [Opportunity.state == OPP_OPEN]
    if query.owner_id is not None:
        terms.append(Opportunity.owner == planned_for(query.owner_id))
    return terms


def _pipeline_row(query: ListQuery, raw: tuple) -> Row:
    rid, _key, state, topic = raw[:4]
    revenue, probability, close = raw[8:11]
    # cents do not matter at a pipeline's glance; 12.5k where 12,480 does not fit
    whole = Fit("") if revenue is None else Fit(f"{revenue:,.0f}", compact(revenue))
    # a card: the topic on its own line, then whose it is and what it is worth
    return Row(rid, raw[13], state, "opportunity", topic, customer_cell(raw), whole, _percent(probability), display(close))


SALES_SOURCES: dict[str, Source] = {
    "lead": Source(Lead, Lead.sort_name, False, (
        Column("Name", 14, 3),
        Column("Topic", 14, 3, drop=1),
        Column("Company", 12, 2, drop=2),
        Column("Rating", 6, 0, drop=3),
        Column("Source", 11, 1, drop=5),
        Column("Status", 10, 1, drop=4),
        Column("Owner", 8, 1, drop=6),
    ), _lead_select, _lead_filters, _lead_row, record_type="lead"),
    "opportunity": Source(Opportunity, Opportunity.sort_name, False, (
        Column("Topic", 16, 4),
        Column("Customer", 12, 3, drop=1),
        Column("Stage", 8, 0, drop=3),
        Column("Est. revenue", 13, 0, drop=2),
        Column("Prob.", 5, 0, drop=5),
        Column("Est. close", 10, 0, drop=6),
        Column("Status", 10, 1, drop=4),
        Column("Owner", 8, 1, drop=7),
    ), _opportunity_select, _opportunity_filters, _opportunity_row, record_type="opportunity"),
    "pipeline": Source(Opportunity, Opportunity.revenue_key, True, (
        Column("Topic", 8, 6),
        Column("Customer", 6, 3),
        Column("Revenue", 7, 0, drop=1),
        Column("Prob.", 4, 0, drop=2),
        Column("Est. close", 10, 0, drop=3),
    ), _opportunity_select, _pipeline_filters, _pipeline_row),
}
SOURCES.update(SALES_SOURCES)  # the engine's lists find them there



# -- search everywhere -------------------------------------------------------------------------
def _leads(condition) -> list[Hit]:
    rows = by_name(Lead.select(Lead.id, Lead.first_name, Lead.last_name, Lead.topic, Lead.company_name,
                               Lead.state, Lead.sort_name).where(condition), 6)
    return [Hit("lead", rid, person_name(first, last), joined(topic, company), state)
            for rid, first, last, topic, company, state, _key in rows]


def _opportunities(condition) -> list[Hit]:
    rows = by_name(Opportunity.select(Opportunity.id, Opportunity.topic, Opportunity.estimated_revenue,
                                      Opportunity.estimated_close, Opportunity.state, Opportunity.sort_name)
                   .where(condition), 5)
    return [Hit("opportunity", rid, topic,
                joined(display(revenue) if revenue is not None else "", f"closes {display(close)}" if close else ""),
                state)
            for rid, topic, revenue, close, state, _key in rows]


SEARCHERS.update(lead=Searcher(Lead, _leads), opportunity=Searcher(Opportunity, _opportunities))
