"""The lists of cases (by title, the priority queue, the SLA queue, a customer's recent ones),
entitlements and SLAs. A case row's SLA cell is worked out when the row is read: time left
is as of that moment, and the queue screen rereads it to keep it live."""

from __future__ import annotations

from dataclasses import replace

from peewee import JOIN

from crm_tui.core.fields import display, duration_text, local_today
from crm_tui.core.list_types import (
    Column,
    ListQuery,
    Row,
    Source,
    customer_cell,
    status_cell,
)
from crm_tui.core.types.case import CASE_ACTIVE, CASE_STATE_NAMES, case_id_of, case_number
from crm_tui.core.types.entitlement import BY_HOURS, ENT_ACTIVE, ENT_EXPIRED, ENTITLEMENT_STATE_NAMES, terms_text
from crm_tui.models import Account, Case, Contact, Entitlement, Sla, User, utcnow
from crm_tui.models.db import planned_for
from crm_tui.services.hits import Hit, Searcher, by_name
from crm_tui.services.prefix import prefix_filter
from crm_tui.services.registry import SEARCHERS, SOURCES
from crm_tui.services.service.entitlements import effective_state
from crm_tui.services.service.sla import minutes_between, time_left


# -- cases -------------------------------------------------------------------------------------
def _case_select(sort_field):
    def select():
        person = Contact.alias()
        query = Case.select(Case.id, sort_field, Case.state, Case.title, Account.name, person.first_name,
                            person.last_name, Case.priority, Case.status_reason, Case.sla_due_at,
                            Case.sla_paused_on, Case.first_responded_on, Case.first_response_by,
                            User.display_name, Case.created_on, Case.origin)
        return (query.join(Account, JOIN.LEFT_OUTER, on=(Case.customer_account == Account.id))
                .switch(Case).join(person, JOIN.LEFT_OUTER, on=(Case.customer_contact == person.id))
                .switch(Case).join(User, JOIN.LEFT_OUTER, on=(Case.owner == User.id)))

    return select


def _case_filters(query: ListQuery) -> list:
    terms = []
    if query.state is not None:
        terms.append(Case.state == query.state)
    if query.owner_id is not None:
        terms.append(Case.owner == planned_for(query.owner_id))
    if query.account_id is not None:
        terms.append(Case.customer_account == planned_for(query.account_id))
    if query.contact_id is not None:
        terms.append((Case.customer_contact == planned_for(query.contact_id))
                     | (Case.contact == planned_for(query.contact_id)))
    if query.find.strip():
        number = case_id_of(query.find)
        terms.append(Case.id == number if number is not None else prefix_filter(Case.sort_name, query.find))
    return terms


def _sla_queue_filters(query: ListQuery) -> list:
    """Active cases whose next deadline is near (past its warning time) or gone. Only those have a
    next deadline at all: naming that lets the index skip every other case. So "active" is not
    said again: said beside it, PostgreSQL took the two for independent, expected 4 rows of the
    large set's 3,101 and sorted them all for a page (16 ms) instead of reading the index in order."""
    if query.state == CASE_ACTIVE:
        query = replace(query, state=None)
    return [*_case_filters(query), Case.sla_due_at.is_null(False), Case.sla_warn_at <= utcnow()]


def sla_cell(state: str, due, paused_on, responded, response_by, now) -> str:
    """What a case's SLA stands at in a list: which deadline is next, and the time left."""
    if state != CASE_ACTIVE:
        return ""
    if paused_on is not None:
        return "Paused"
    if due is None:
        return ""
    which = "Reply" if responded is None and response_by == due else "Resolve"
    return f"{which} {time_left(minutes_between(now, due))}"


def _case_status(state: str, reason: str) -> str:
    return status_cell(state, reason, CASE_ACTIVE, CASE_STATE_NAMES)


def _case_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, title = raw[:4]
    priority, reason, due, paused, responded, response_by, owner = raw[7:14]
    return Row(rid, key, state, "case", case_number(rid), title, customer_cell(raw), priority, _case_status(state, reason),
            sla_cell(state, due, paused, responded, response_by, utcnow()), owner)


def _sla_queue_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, title = raw[:4]
    priority, reason, due, paused, responded, response_by, owner = raw[7:14]
    return Row(rid, key, state, "case", case_number(rid), sla_cell(state, due, paused, responded, response_by, utcnow()),
            title, customer_cell(raw), priority, owner)


def _recent_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, title = raw[:4]
    priority, reason = raw[7:9]
    return Row(rid, key, state, "case", case_number(rid), title, _case_status(state, reason), priority,
            display(raw[14])[:10])


# -- entitlements ---------------------------------------------------------------------------------
def _entitlement_select():
    person = Contact.alias()
    query = Entitlement.select(Entitlement.id, Entitlement.sort_name, Entitlement.state, Entitlement.name,
                               Account.name, person.first_name, person.last_name, Entitlement.allocation,
                               Entitlement.remaining_terms, Entitlement.total_terms, Entitlement.end_date,
                               User.display_name)
    return (query.join(Account, JOIN.LEFT_OUTER, on=(Entitlement.customer_account == Account.id))
            .switch(Entitlement).join(person, JOIN.LEFT_OUTER, on=(Entitlement.customer_contact == person.id))
            .switch(Entitlement).join(User, JOIN.LEFT_OUTER, on=(Entitlement.owner == User.id)))


def _entitlement_filters(query: ListQuery) -> list:
    today = local_today()
    terms = []
    if query.state == ENT_ACTIVE:
        terms += [Entitlement.state == ENT_ACTIVE, Entitlement.end_date >= today]
    elif query.state == ENT_EXPIRED:
        terms.append((Entitlement.state == ENT_EXPIRED)
                     | ((Entitlement.state == ENT_ACTIVE) & (Entitlement.end_date < today)))
    elif query.state is not None:
        terms.append(Entitlement.state == query.state)
    if query.owner_id is not None:
        terms.append(Entitlement.owner == planned_for(query.owner_id))
    if query.account_id is not None:
        terms.append(Entitlement.customer_account == planned_for(query.account_id))
    if query.contact_id is not None:
        terms.append(Entitlement.customer_contact == planned_for(query.contact_id))
    if query.find.strip():
        terms.append(prefix_filter(Entitlement.sort_name, query.find))
    return terms


def _entitlement_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, name = raw[:4]
    allocation, remaining, total, end, owner = raw[7:12]
    shown = effective_state(state, end)
    return Row(rid, key, shown, "entitlement", name, customer_cell(raw), "Hours" if allocation == BY_HOURS else "Cases",
            terms_text(remaining, total), display(end), ENTITLEMENT_STATE_NAMES[shown], owner)


# -- SLAs -----------------------------------------------------------------------------------------
def _sla_select():
    return (Sla.select(Sla.id, Sla.sort_name, Sla.state, Sla.name, Sla.priority, Sla.first_response_minutes,
                       Sla.resolve_minutes, Sla.warn_percent, User.display_name)
            .join(User, JOIN.LEFT_OUTER, on=(Sla.owner == User.id)))


def _sla_filters(query: ListQuery) -> list:
    terms = [] if query.state is None else [Sla.state == query.state]
    if query.find.strip():
        terms.append(prefix_filter(Sla.sort_name, query.find))
    return terms


def _sla_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, name, priority, first, resolve, warn, owner = raw
    return Row(rid, key, state, "sla", name, priority, duration_text(first), duration_text(resolve), f"{warn}%",
            state.title(), owner)


CASE_COLUMNS = (
    Column("Number", 9),
    Column("Title", 12, 4),
    Column("Customer", 10, 3, drop=3),
    Column("Priority", 6, 0, drop=1),
    Column("Status", 11, 1, drop=4),
    Column("SLA", 20, 0, drop=2),
    Column("Owner", 8, 1, drop=5),
)

SERVICE_SOURCES: dict[str, Source] = {
    "case": Source(Case, Case.sort_name, False, CASE_COLUMNS, _case_select(Case.sort_name), _case_filters, _case_row,
                   record_type="case"),
    "case_queue": Source(Case, Case.queue_key, False, CASE_COLUMNS, _case_select(Case.queue_key), _case_filters,
                         _case_row, record_type="case"),
    "case_sla": Source(Case, Case.sla_due_at, False, (
        Column("Number", 9),
        Column("Time left", 20),
        Column("Title", 14, 4),
        Column("Customer", 12, 3, drop=1),
        Column("Priority", 8, 0, drop=2),
        Column("Owner", 8, 1, drop=3),
    ), _case_select(Case.sla_due_at), _sla_queue_filters, _sla_queue_row, record_type="case"),
    "case_recent": Source(Case, Case.id, True, (
        Column("Number", 9),
        Column("Title", 12, 4),
        Column("Status", 11, 1, drop=2),
        Column("Priority", 8, 0, drop=3),
        Column("Opened", 10, 0, drop=1),
    ), _case_select(Case.id), _case_filters, _recent_row),
    "entitlement": Source(Entitlement, Entitlement.sort_name, False, (
        Column("Name", 14, 3),
        Column("Customer", 12, 3, drop=1),
        Column("Type", 5, 0, drop=4),
        Column("Remaining", 11, 0, drop=2),
        Column("Ends", 10, 0, drop=3),
        Column("Status", 9, 0),
        Column("Owner", 8, 1, drop=5),
    ), _entitlement_select, _entitlement_filters, _entitlement_row, record_type="entitlement"),
    "sla": Source(Sla, Sla.sort_name, False, (
        Column("Name", 14, 3),
        Column("Priority", 8, 0),
        Column("First response", 14, 0, drop=2),
        Column("Resolve", 10, 0, drop=1),
        Column("Warn at", 7, 0, drop=3),
        Column("Status", 8, 0, drop=4),
        Column("Owner", 8, 1, drop=5),
    ), _sla_select, _sla_filters, _sla_row, record_type="sla"),
}
SOURCES.update(SERVICE_SOURCES)  # the engine's lists find them there



# -- search everywhere -------------------------------------------------------------------------
def _cases(condition) -> list[Hit]:
    rows = by_name(Case.select(Case.id, Case.title, Case.priority, Case.status_reason, Case.state, Case.sort_name)
                   .where(condition), 5)
    return [Hit("case", rid, f"{case_number(rid)} {title}", f"{priority} · {reason}", state)
            for rid, title, priority, reason, state, _key in rows]


def _case_by_number(text: str):
    """CAS-01042 (or cas1042) names that case."""
    number = case_id_of(text)
    return None if number is None else Case.id == number


SEARCHERS.update(case=Searcher(Case, _cases, by_number=_case_by_number))
