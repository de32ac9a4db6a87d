"""The lists of accounts and contacts, by name."""

from __future__ import annotations

from typing import Callable

from peewee import JOIN

from crm_tui.core.fields import sort_key
from crm_tui.core.list_types import Column, ListQuery, Row, Source, person_name
from crm_tui.models import Account, Contact, User
from crm_tui.models.db import planned_for
from crm_tui.services.hits import Hit, Searcher, by_name, joined
from crm_tui.services.prefix import prefix_filter
from crm_tui.services.registry import SEARCHERS, SOURCES


def _account_select():
    primary = Contact.alias()
    return (
        Account.select(Account.id, Account.sort_name, Account.state, Account.name, Account.city,
                       Account.phone, primary.first_name, primary.last_name, User.display_name)
        .join(primary, JOIN.LEFT_OUTER, on=(Account.primary_contact == primary.id))
        .switch(Account)
        .join(User, JOIN.LEFT_OUTER, on=(Account.owner == User.id))
    )


def _customer_filters(model, parent_field) -> Callable[[ListQuery], list]:
    def filters(query: ListQuery) -> list:
        terms = []
        if query.account_id is not None:
            terms.append(parent_field == planned_for(query.account_id))
        if query.state is not None:
            terms.append(model.state == query.state)
        if query.owner_id is not None:
            terms.append(model.owner == planned_for(query.owner_id))
        if sort_key(query.find):
            terms.append(prefix_filter(model.sort_name, query.find))
        return terms

    return filters


def _account_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, name, city, phone, pfirst, plast, owner = raw
    return Row(rid, key, state, "account", name, city or "", phone or "", person_name(pfirst, plast), owner)


def _contact_select():
    return (
        Contact.select(Contact.id, Contact.sort_name, Contact.state, Contact.first_name, Contact.last_name,
                       Account.name, Contact.job_title, Contact.email, Contact.business_phone,
                       Contact.mobile_phone, User.display_name)
        .join(Account, JOIN.LEFT_OUTER, on=(Contact.parent_customer == Account.id))
        .switch(Contact)
        .join(User, JOIN.LEFT_OUTER, on=(Contact.owner == User.id))
    )


def _contact_row(query: ListQuery, raw: tuple) -> Row:
    rid, key, state, first, last, account, title, email, phone, mobile, owner = raw
    return Row(rid, key, state, "contact", person_name(first, last), account or "", title or "", email or "",
            phone or mobile or "", owner)


CUSTOMER_SOURCES: dict[str, Source] = {
    "account": Source(Account, Account.sort_name, False, (
        Column("Account name", 17, 4),
        Column("City", 8, 1, drop=3),
        Column("Phone", 15, drop=2),
        Column("Primary contact", 12, 2, drop=1),
        Column("Owner", 8, 1, drop=4),
    ), _account_select, _customer_filters(Account, Account.parent), _account_row, record_type="account"),
    "contact": Source(Contact, Contact.sort_name, False, (
        Column("Full name", 16, 3),
        Column("Account", 14, 3, drop=1),
        Column("Job title", 14, 2, drop=4),
        Column("Email", 18, 3, drop=3),
        Column("Phone", 15, drop=2),
        Column("Owner", 10, 1, drop=5),
    ), _contact_select, _customer_filters(Contact, Contact.parent_customer), _contact_row, record_type="contact"),
}
SOURCES.update(CUSTOMER_SOURCES)  # the engine's lists find them there



# -- search everywhere -------------------------------------------------------------------------
def _accounts(condition) -> list[Hit]:
    rows = by_name(Account.select(Account.id, Account.name, Account.city, Account.phone, Account.email,
                                  Account.state, Account.sort_name).where(condition), 6)
    return [Hit("account", rid, name, joined(city, phone, email), state)
            for rid, name, city, phone, email, state, _key in rows]


def _contacts(condition) -> list[Hit]:
    rows = by_name(Contact.select(Contact.id, Contact.first_name, Contact.last_name, Contact.job_title,
                                  Account.name, Contact.email, Contact.state, Contact.sort_name)
                   .join(Account, JOIN.LEFT_OUTER, on=(Contact.parent_customer == Account.id))
                   .where(condition), 7)
    return [Hit("contact", rid, person_name(first, last), joined(title, account, email), state)
            for rid, first, last, title, account, email, state, _key in rows]


SEARCHERS.update(account=Searcher(Account, _accounts), contact=Searcher(Contact, _contacts))
