"""One record as a form shows it, and saving what the form changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from crm_tui.models import Account, Contact, Opportunity, User
from crm_tui.services import timeline
from crm_tui.services.accounts import accounts
from crm_tui.services.activities import SERVICES as ACTIVITY_SERVICES
from crm_tui.services.activities import set_status
from crm_tui.services.activity_types import CLOSED_STATES, KINDS, STATE_LABELS
from crm_tui.services.contacts import contacts
from crm_tui.services.fields import CUSTOMER, INTEGER, REFERENCE, REGARDING, display
from crm_tui.services.leads import leads
from crm_tui.services.opportunities import opportunities
from crm_tui.services.record_types import RECORD_TYPES, RecordType
from crm_tui.services.records import RecordService
from crm_tui.services.sales_types import STATE_NAMES

SALES_TYPES = ("lead", "opportunity")

SERVICES: dict[str, RecordService] = {"account": accounts, "contact": contacts, "lead": leads,
                                      "opportunity": opportunities, **ACTIVITY_SERVICES}
REFERENCE_TYPES = {"parent": "account", "primary_contact": "contact", "parent_customer": "account", "owner": "user",
                   "qualified_account": "account", "qualified_contact": "contact", "contact": "contact",
                   "originating_lead": "lead"}
LINK_KINDS = (REFERENCE, REGARDING, CUSTOMER)  # fields chosen with a picker rather than typed


def service(record_type: str) -> RecordService:
    return SERVICES[record_type]


def definition(record_type: str) -> RecordType:
    """The record type or activity kind of that key."""
    for rt in RECORD_TYPES:
        if rt.key == record_type:
            return rt
    return KINDS[record_type].record_type


def is_activity(record_type: str) -> bool:
    return record_type in KINDS


@dataclass
class Detail:
    record_type: str
    id: int | None
    texts: dict[str, str]  # form fields as the form shows them
    refs: dict[str, tuple[int | None, str]]  # reference fields: (id, label)
    state: str = "active"
    version: int = 0
    title: str = ""
    created: str = ""
    modified: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    status: str = ""  # an activity's, lead's or opportunity's status, as the form shows it
    read_only: bool = False  # closed: completed, canceled, qualified, won...


def label_of(kind: str, record_id: int | None) -> str:
    """A referenced record's name, for showing beside the field."""
    if record_id is None:
        return ""
    if kind in ("regarding", "customer"):
        rtype, rid = record_id
        return f"{definition(rtype).singular}: {timeline.label(rtype, rid)}"
    if kind == "user":
        row = User.select(User.display_name).where(User.id == record_id).tuples().first()
        return row[0] if row else f"(missing user {record_id})"
    return timeline.label(kind, record_id) or f"(missing {kind} {record_id})"


def _stamp(when: dt.datetime, user_id: int) -> str:
    return f"{display(when)} by {label_of('user', user_id)}"


def load(record_type: str, record_id: int) -> Detail:
    svc = service(record_type)
    record = svc.get(record_id)
    values = svc.values(record)
    specs = svc.record_type.fields
    detail = Detail(
        record_type, record_id,
        texts={s.name: display(values[s.name]) if s.kind != INTEGER else _int_text(values[s.name])
               for s in specs if s.kind not in LINK_KINDS},
        refs={s.name: (values[s.name], label_of(_link_kind(s), values[s.name]))
              for s in specs if s.kind in LINK_KINDS},
        state=record.state, version=record.version,
        created=_stamp(record.created_on, record.created_by_id),
        modified=_stamp(record.modified_on, record.modified_by_id),
    )
    detail.title = detail.texts.get("name") or detail.texts.get("subject") or " ".join(
        p for p in (detail.texts.get("first_name"), detail.texts.get("last_name")) if p) or detail.texts.get("topic", "")
    if is_activity(record_type):
        detail.status = STATE_LABELS.get(record.state, "")
        detail.read_only = record.state in CLOSED_STATES
    elif record_type in SALES_TYPES:
        name = STATE_NAMES.get(record.state, record.state.title())
        detail.status = name if record.status_reason in (name, "In Progress", "New") else f"{name} · {record.status_reason}"
        detail.read_only = record.state != "open"
    if record_type == "account":
        detail.counts = {
            "contacts": Contact.select().where(Contact.parent_customer == record_id).count(),
            "children": Account.select().where(Account.parent == record_id).count(),
            "opportunities": Opportunity.select().where(Opportunity.customer_account == record_id).count(),
        }
    elif record_type == "contact":
        detail.counts = {"opportunities": Opportunity.select().where(
            (Opportunity.customer_contact == record_id) | (Opportunity.contact == record_id)).count()}
    return detail


def _link_kind(spec) -> str:
    return spec.kind if spec.kind in (REGARDING, CUSTOMER) else REFERENCE_TYPES[spec.name]


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def blank(record_type: str, actor: User, defaults: dict[str, Any] | None = None) -> Detail:
    """A new record's form: empty, owned by the actor, with any given references set."""
    rt = definition(record_type)
    refs = {s.name: (None, "") for s in rt.fields if s.kind in LINK_KINDS}
    refs["owner"] = (actor.id, actor.display_name)
    for name, ref_id in (defaults or {}).items():
        refs[name] = (ref_id, label_of(_link_kind(rt.field(name)), ref_id))
    return Detail(record_type, None, texts={s.name: "" for s in rt.fields if s.kind not in LINK_KINDS}, refs=refs)


def save(actor: User, record_type: str, record_id: int | None, changes: dict[str, Any], version: int) -> Detail:
    """Create (record_id None) or update, then the record as it now is."""
    svc = service(record_type)
    if record_id is None:
        record = svc.create(actor, changes)
    else:
        record = svc.update(actor, record_id, changes, version)
    return load(record_type, record.id)


def set_state(actor: User, record_type: str, record_id: int, active: bool) -> Detail:
    svc = service(record_type)
    (svc.activate if active else svc.deactivate)(actor, record_id)
    return load(record_type, record_id)


def delete(actor: User, record_type: str, record_id: int) -> None:
    service(record_type).delete(actor, record_id)


def set_activity_status(actor: User, record_type: str, record_id: int, action: str) -> Detail:
    """complete / cancel / reopen an activity, then the activity as it now is."""
    set_status(actor, record_id, action)
    return load(record_type, record_id)


def status_action(actor: User, record_type: str, record_id: int, action: str, *args: Any) -> Detail:
    """A lead's or opportunity's own action (disqualify, reactivate, close_won, close_lost, reopen,
    move_stage), then the record as it now is."""
    if record_type not in SALES_TYPES or action not in STATUS_ACTIONS[record_type]:
        raise ValueError(f"{action} is not an action of a {record_type}")
    getattr(service(record_type), action)(actor, record_id, *args)
    return load(record_type, record_id)


STATUS_ACTIONS = {"lead": ("disqualify", "reactivate"),
                  "opportunity": ("close_won", "close_lost", "reopen", "move_stage")}
