"""One record as a form shows it, and saving what the form changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from crm_tui.core import actions
from crm_tui.core.fields import (
    CUSTOMER,
    DATE,
    DURATION,
    INTEGER,
    QUANTITY,
    REFERENCE,
    REGARDING,
    display,
    duration_text,
    local_today,
    parse_datetime,
)
from crm_tui.core.types import definition, is_activity, noun, singular
from crm_tui.core.types.activity import CLOSED_STATES, STATE_LABELS
from crm_tui.core.types.case import CASE_ACTIVE, case_number
from crm_tui.core.types.entitlement import terms_text, terms_unit
from crm_tui.models import Entitlement, User, utcnow
from crm_tui.services import duplicates, timeline
from crm_tui.services.activities import set_status
from crm_tui.services.errors import ConflictError, DuplicatesFoundError, PossibleDuplicate
from crm_tui.services.records import RecordService
from crm_tui.services.registry import SERVICES, operation
from crm_tui.services.service.entitlements import effective_state
from crm_tui.services.service.sla import case_kpis
from crm_tui.services.status_records import StatusRecordService

LINK_KINDS = (REFERENCE, REGARDING, CUSTOMER)  # fields chosen with a picker rather than typed


def service(record_type: str) -> RecordService:
    return SERVICES.of(record_type)


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
    status: str = ""  # an activity's, lead's, opportunity's, case's or entitlement's status, as the form shows it
    read_only: bool = False  # closed: completed, canceled, qualified, won, resolved...
    sla: list[str] = field(default_factory=list)  # a case's KPIs: "First response by ... · In progress · 20m left"
    highlights: list[str] = field(default_factory=list)  # what a seller or agent should see first
    notices: list[str] = field(default_factory=list)  # warnings from the last save (an entitlement used up)


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
        texts={s.name: _text(s.kind, values[s.name]) for s in specs if s.kind not in LINK_KINDS},
        refs={s.name: (values[s.name], label_of(_link_kind(s), values[s.name]))
              for s in specs if s.kind in LINK_KINDS},
        state=record.state, version=record.version,
        created=_stamp(record.created_on, record.created_by_id),
        modified=_stamp(record.modified_on, record.modified_by_id),
    )
    detail.title = detail.texts.get("name") or detail.texts.get("subject") or " ".join(
        p for p in (detail.texts.get("first_name"), detail.texts.get("last_name")) if p) or detail.texts.get(
        "topic", "") or detail.texts.get("title", "")
    if is_activity(record_type):
        detail.status = STATE_LABELS.get(record.state, "")
        detail.read_only = record.state in CLOSED_STATES
    elif isinstance(svc, StatusRecordService):
        state = effective_state(record.state, record.end_date) if record_type == "entitlement" else record.state
        detail.state = state
        name = svc.state_names.get(state, state.title())
        plain_reasons = (name, "In Progress", "New")
        detail.status = name if record.status_reason in plain_reasons else f"{name} · {record.status_reason}"
        detail.read_only = record.state != svc.open_state
    detail.counts = svc.counts(record_id)
    if record_type in ("account", "contact"):
        detail.highlights = _open_work(detail.counts)
    elif record_type == "case":
        detail.title = f"{case_number(record_id)} {detail.title}"
        detail.sla = [_kpi_line(k) for k in case_kpis(record, utcnow())]
        if record.sla_id is None and record.state == CASE_ACTIVE:
            detail.sla = [f"No SLA: no active SLA for {record.priority} priority when it was opened"]
        if record.entitlement_id:
            detail.highlights = [_entitlement_line(record.entitlement_id)]
    return detail


def _text(kind: str, value: Any) -> str:
    if kind == INTEGER:
        return _int_text(value)
    if kind == DURATION:
        return duration_text(value)
    if kind == QUANTITY:
        return "" if value is None else f"{value.normalize():f}"
    return display(value)


def _kpi_line(kpi) -> str:
    left = f" · {kpi.left_text}" if kpi.left_text else ""
    return f"{kpi.name} by {display(kpi.due)} · {kpi.state}{left}"


def _entitlement_line(entitlement_id: int) -> str:
    ent = Entitlement.get_or_none(Entitlement.id == entitlement_id)
    if ent is None:
        return ""
    state = effective_state(ent.state, ent.end_date)
    return (f"{singular('entitlement')} “{ent.name}”: {terms_text(ent.remaining_terms, ent.total_terms)} "
            f"{terms_unit(ent.allocation)} left, until {ent.end_date:%Y-%m-%d}" + ("" if state == "active" else f" ({state})"))


def _open_work(counts: dict[str, int]) -> list[str]:
    cases_open, high = counts.get("cases", 0), counts.get("high_cases", 0)
    deals, value = counts.get("opportunities", 0), counts.get("opportunity_value", 0)
    service = f"{cases_open} open {noun('case', cases_open != 1)}" + (f" ({high} High)" if high else "")
    sales = f"{deals} open {noun('opportunity', deals != 1)}" + (f" ({value:,} est.)" if value else "")
    return [f"Open now: {service} · {sales}"]


def _link_kind(spec) -> str:
    return spec.kind if spec.kind in (REGARDING, CUSTOMER) else spec.target


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def blank(record_type: str, actor: User, defaults: dict[str, Any] | None = None) -> Detail:
    """A new record's form: empty, owned by the actor, with any given references set."""
    rt = definition(record_type)
    refs = {s.name: (None, "") for s in rt.fields if s.kind in LINK_KINDS}
    refs["owner"] = (actor.id, actor.display_name)
    for name, ref_id in (defaults or {}).items():
        refs[name] = (ref_id, label_of(_link_kind(rt.field(name)), ref_id))
    texts = {s.name: "" for s in rt.fields if s.kind not in LINK_KINDS}
    texts.update(_starting_texts(record_type))
    return Detail(record_type, None, texts=texts, refs=refs)


def _starting_texts(record_type: str) -> dict[str, str]:
    """What a new record's form starts with: what the service would choose anyway, shown (a
    date as the day it means: "+365d" a year from today)."""
    rt = definition(record_type)
    texts = {}
    for name, text in rt.starting_texts:
        if rt.field(name).kind == DATE:
            text = display(parse_datetime(text, now=dt.datetime.combine(local_today(), dt.time(12))).date())
        texts[name] = text
    return texts


def save(actor: User, record_type: str, record_id: int | None, changes: dict[str, Any], version: int,
         allow_duplicates: bool = False) -> Detail:
    """Create (record_id None) or update, then the record as it now is. Unless allowed, a record
    the duplicate rules say may already be there is not saved: DuplicatesFoundError names them."""
    svc = service(record_type)
    if not allow_duplicates:
        _refuse_duplicates(svc, record_type, record_id, changes)
    if record_id is None:
        record = svc.create(actor, changes)
    else:
        try:
            record = svc.update(actor, record_id, changes, version)
        except ConflictError as conflict:
            conflict.theirs = load(record_type, record_id)  # the whole record as it now is
            raise
    detail = load(record_type, record.id)
    detail.notices = list(getattr(record, "notices", []))
    return detail


def version_of(record_type: str, record_id: int) -> int | None:
    """A record's version now (None: gone): one indexed read, to tell whether it changed."""
    model = service(record_type).model
    row = model.select(model.version).where(model.id == record_id).tuples().first()
    return row[0] if row else None


def _refuse_duplicates(svc, record_type: str, record_id: int | None, changes: dict[str, Any]) -> None:
    checker = duplicates.Checker(record_type, similar=True)
    if not (checker.rules or checker.similar) or (record_id is not None and not checker.fields & set(changes)):
        return  # a save that changes no field a rule compares is not checked again
    values = dict(changes) if record_id is None else {**svc.values(svc.get(record_id)), **changes}
    possible = checker(values, exclude_id=record_id)
    if possible:
        raise DuplicatesFoundError([PossibleDuplicate(p.rule, p.record_type, p.id, *_described(p.record_type, p.id))
                                    for p in possible])


def _described(record_type: str, record_id: int) -> tuple[str, str]:
    """A possible duplicate's name, and what tells it apart: its email, city or account."""
    svc = service(record_type)
    record = svc.get(record_id)
    parts = [getattr(record, name, None) for name in ("email", "city")]
    if getattr(record, "parent_customer_id", None):
        parts.append(label_of("account", record.parent_customer_id))
    if record.state != svc.record_type.states[0].key:
        parts.append(svc.record_type.state(record.state).label.lower())
    return svc.label_of(record), " · ".join(str(p) for p in parts if p)


def set_state(actor: User, record_type: str, record_id: int, active: bool) -> Detail:
    svc = service(record_type)
    (svc.activate if active else svc.deactivate)(actor, record_id)
    return load(record_type, record_id)


def delete(actor: User, record_type: str, record_id: int) -> None:
    service(record_type).delete(actor, record_id)


def check_delete(actor: User, record_type: str, record_id: int) -> None:
    service(record_type).check_delete(actor, record_id)


def set_activity_status(actor: User, record_type: str, record_id: int, action: str) -> Detail:
    """complete / cancel / reopen an activity, then the activity as it now is."""
    set_status(actor, record_id, action)
    return load(record_type, record_id)


def status_action(actor: User, record_type: str, record_id: int, action: str, *args: Any) -> Detail:
    """A record's own action (disqualify, close_won, resolve, merge, activate...), then the record
    as it now is (for merge: the case merged into), with any warnings it gave."""
    if action not in actions.operations(record_type):
        raise ValueError(f"{action} is not an action of a {record_type}")
    record = operation(record_type, action)(actor, record_id, *args)
    detail = load(record_type, record.id)
    detail.notices = list(getattr(record, "notices", []))
    return detail


def resolve_preview(case_id: int) -> tuple[int, int]:
    """(open activities resolving cancels, open child cases) of a case."""
    return service("case").preview_resolve(case_id)
