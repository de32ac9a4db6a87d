"""Merging duplicates: accounts, contacts or leads folded into one survivor.

The survivor keeps its own values, except the fields taken from a merged record. Everything that
pointed at a merged record now points at the survivor — contacts and sub-accounts, opportunities,
cases and entitlements (as customer or contact), leads qualified into it, an account's primary
contact — each moved row audited and given a new version, and the activities and notes about it
move to the survivor's timeline. The merged record is deactivated and links to its survivor
(merged_into, which its screen shows and `l` opens), and both timelines say what happened. All of it is one transaction, on rows locked for it: two merges of one pair give one
result and one clear refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


from crm_tui.core.types import record_type
from crm_tui.models import Activity, database
from crm_tui.services import timeline
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.records import locked, read_field, referrers, relink
from crm_tui.services.registry import service

MERGEABLE = ("account", "contact", "lead")
CLOSED_LEAD_REASON = "Canceled"


@dataclass
class Merged:
    survivor: int
    merged: list[int]
    moved: dict[str, int] = field(default_factory=dict)  # "contact.parent_customer" -> rows moved
    taken: dict[str, int] = field(default_factory=dict)  # field -> the merged record it came from


@dataclass(frozen=True)
class Candidate:
    """A record about to be merged, as the side-by-side dialog shows it."""
    id: int
    title: str
    status: str  # "Active", "Inactive"...
    modified: str  # when and by whom last changed
    texts: dict[str, str]  # field -> its value as the form shows it (links by name)
    related: int  # how many records point at it (contacts, deals, cases, activities...)


def fields(rt_key: str) -> list[tuple[str, str]]:
    """The fields a merge may take from another record: (name, label), in the form's order."""
    return [(f.name, f.label) for f in record_type(rt_key).fields if not f.computed]


def candidates(rt_key: str, ids: list[int]) -> list[Candidate]:
    """The records of a merge, in the order given, with their values side by side."""
    from crm_tui.services import record_detail

    found = []
    for rid in ids:
        detail = record_detail.load(rt_key, rid)
        texts = {**detail.texts, **{name: label for name, (_id, label) in detail.refs.items()}}
        state = record_type(rt_key).state(detail.state).label
        found.append(Candidate(rid, detail.title, state, detail.modified, texts, sum(detail.counts.values())))
    return found


def merge(actor, rt_key: str, survivor_id: int, merged_ids: list[int], take: dict[str, int] | None = None) -> Merged:
    """Fold merged_ids into survivor_id; take: field -> the merged record whose value survives."""
    if rt_key not in MERGEABLE:
        raise ValidationError({"": f"Only {', '.join(MERGEABLE)} records are merged this way"})
    merged_ids = list(dict.fromkeys(merged_ids))
    if not merged_ids or survivor_id in merged_ids:
        raise ValidationError({"": "Name the survivor and at least one other record to merge into it"})
    take = dict(take or {})
    rt, svc = record_type(rt_key), service(rt_key)
    names = {f.name for f in rt.fields if not f.computed}
    if unknown := sorted(set(take) - names):
        raise ValidationError({"": f"{rt.plural} have no field {', '.join(unknown)} to take"})
    if strays := sorted({rid for rid in take.values() if rid not in merged_ids}):
        raise ValidationError({"": f"A value is taken from a record being merged, not from {', '.join(map(str, strays))}"})
    with database.atomic():
        rows = locked(svc.model, survivor_id, *merged_ids)
        for rid in (survivor_id, *merged_ids):
            if rid not in rows:
                raise NotFoundError(f"{rt.singular} {rid} does not exist (any more)")
            if rows[rid].state != rt.states[0].key:  # active accounts and contacts, open leads
                raise ValidationError({"": f"{rt.singular} {rid} is {rt.state(rows[rid].state).label.lower()}: "
                                           f"only {rt.states[0].label.lower()} ones are merged"})
        survivor = rows[survivor_id]
        changes: dict[str, Any] = {}
        for name, source in take.items():
            value = read_field(rows[source], rt.field(name))
            changes[name] = f"{value[0]}:{value[1]}" if isinstance(value, tuple) else value
        done = Merged(survivor_id, merged_ids, taken=take)
        for merged_id in merged_ids:
            _move_referrers(actor, rt_key, svc.model, merged_id, survivor_id, done)
        if changes:  # its version now: moving the links may have bumped it (it took the merged one's parent)
            survivor = svc.update(actor, survivor_id, changes, svc.get(survivor_id).version)
        survivor_name = svc.label_of(survivor)
        for merged_id in merged_ids:
            record = svc.get(merged_id)
            if rt_key == "lead":  # a lead closes as Canceled: it is the survivor now
                svc.disqualify(actor, merged_id, CLOSED_LEAD_REASON)
            else:
                svc.deactivate(actor, merged_id)
            relink(actor, svc.model, "merged_into", [merged_id], None, survivor_id, "", survivor_name)
            svc._event(actor, svc.get(merged_id), f"Merged into {survivor_name} ({survivor_id})")
            svc._event(actor, svc.get(survivor_id), f"{svc.label_of(record)} ({merged_id}) merged into it")
    return done


def _move_referrers(actor, rt_key: str, model, merged_id: int, survivor_id: int, done: Merged) -> None:
    survivor_label = timeline.label(rt_key, survivor_id)
    merged_label = timeline.label(rt_key, merged_id)
    moved_customers = []
    for other, fk in referrers(model):
        query = other.select(other.id).where(fk == merged_id)
        if other is model:  # a sub-account: not the survivor under itself
            query = query.where(other.id != survivor_id)
        ids = [row.id for row in query]
        if ids and other is service("account").model and fk.name == "primary_contact":
            # a merged contact was an account's primary contact: the survivor is, if that is their account
            home = model.get_by_id(survivor_id).parent_customer_id
            elsewhere = [rid for rid in ids if rid != home]
            if elsewhere:
                relink(actor, other, fk.name, elsewhere, merged_id, None, merged_label)
            ids = [rid for rid in ids if rid == home]
        if ids:
            relink(actor, other, fk.name, ids, merged_id, survivor_id, merged_label, survivor_label)
            key = f"{other.record_type_key()}.{fk.name}"
            done.moved[key] = done.moved.get(key, 0) + len(ids)
            if fk.name.startswith("customer_"):
                moved_customers.append((other, ids))
    if model is service("account").model:  # the survivor was under the merged one: it takes its place
        survivor = model.get_by_id(survivor_id)
        if survivor.parent_id == merged_id:
            parent = model.get_by_id(merged_id).parent_id
            relink(actor, model, "parent", [survivor_id], merged_id, parent, merged_label,
                   timeline.label(rt_key, parent) if parent else "")
    about = Activity.update(regarding_id=survivor_id).where(
        (Activity.regarding_type == rt_key) & (Activity.regarding_id == merged_id)).execute()
    if about:
        done.moved["activity.regarding"] = done.moved.get("activity.regarding", 0) + about
    # Each moved entry rolls up where its record now belongs.
    if rt_key == "account":  # all that rolled up to the merged account (its contacts', deals', cases') now the survivor's
        Activity.update(rollup_account=survivor_id).where(Activity.rollup_account == merged_id).execute()
    else:
        timeline.follow_rollup(rt_key, survivor_id)
        for other, ids in moved_customers:  # a contact's deals and cases: their entries follow their customer
            for rid in ids:
                timeline.follow_rollup(other.record_type_key(), rid)
