"""Every record type, one module each; the order is the sidebar's."""

from __future__ import annotations

from crm_tui.core.record_type import RecordType, lower_noun, register, with_article
from crm_tui.core.types.account import ACCOUNT
from crm_tui.core.types.activity import KINDS
from crm_tui.core.types.case import CASE
from crm_tui.core.types.contact import CONTACT
from crm_tui.core.types.entitlement import ENTITLEMENT
from crm_tui.core.types.lead import LEAD
from crm_tui.core.types.opportunity import OPPORTUNITY
from crm_tui.core.types.sla import SLA

RECORD_TYPES: tuple[RecordType, ...] = (ACCOUNT, CONTACT, LEAD, OPPORTUNITY, CASE, ENTITLEMENT, SLA)
register(*RECORD_TYPES)
_BY_KEY = {rt.key: rt for rt in RECORD_TYPES}


def record_type(key: str) -> RecordType:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(key) from None


def definition(key: str) -> RecordType:
    """The record type or activity kind of that key."""
    rt = _BY_KEY.get(key)
    return rt if rt is not None else KINDS[key].record_type


def is_record_type(key: str) -> bool:
    return key in _BY_KEY


def is_activity(key: str) -> bool:
    return key in KINDS


def muted_states() -> frozenset[str]:
    """The states whose rows a list shows muted (inactive, lost, canceled...), of every type and kind."""
    return frozenset(state.key for rt in (*RECORD_TYPES, *(k.record_type for k in KINDS.values()))
                     for state in rt.states if state.muted)


def noun(key: str, many: bool = False) -> str:
    """A record type's name inside a sentence: noun("account") -> "company" if so named."""
    rt = record_type(key)
    return lower_noun(rt.plural if many else rt.singular)


def a_noun(key: str) -> str:
    """noun(key) with its article: a_noun("opportunity") -> "an opportunity"."""
    return with_article(noun(key))


def counted(count: int, key: str, prefix: str = "") -> str:
    """"3 contacts", "1 sub-account": a count of records in the organisation's words."""
    return f"{count:,} {prefix}{noun(key, count != 1)}"


def singular(key: str) -> str:
    return record_type(key).singular


def plural(key: str) -> str:
    return record_type(key).plural
