"""Cases: a customer's problem from first call to resolution, with its SLA clock and entitlement.

Resolve cancels the case's open activities (the screen says so first); cancel wants them
closed; reactivate reopens; merge moves a duplicate's activities, notes and child cases to
the case it duplicates. Every change is one transaction: a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from crm_tui.core.fields import coerce, sort_key
from crm_tui.core.types import noun, singular
from crm_tui.core.types.activity import ACTIVITY_KINDS, OPEN_STATES
from crm_tui.core.types.case import (
    CASE,
    CASE_ACTIVE,
    CASE_REASONS,
    CASE_RESOLVED,
    CASE_STATE_NAMES,
    ON_HOLD,
    PRIORITIES,
    case_number,
)
from crm_tui.core.types.entitlement import BY_HOURS, ON_CREATION, ON_RESOLUTION, terms_unit
from crm_tui.models import Activity, Case, User, database, utcnow
from crm_tui.services import activity_records, timeline
from crm_tui.services.errors import ValidationError
from crm_tui.services.records import (
    contact_problem,
    customer_account,
    customer_problem,
    locked,
    read_field,
    relink,
    serves,
)
from crm_tui.services import queues
from crm_tui.services.service.entitlements import active_for as entitlement_for
from crm_tui.services.service.entitlements import entitlements, usable_problem
from crm_tui.services.service.sla import active_for as sla_for
from crm_tui.services.service.sla import deadline, minutes_between
from crm_tui.services.status_records import StatusRecordService

ACTION_FIELDS = ("first_response_by", "resolve_by", "first_responded_on", "resolution_type", "resolution",
                 "time_spent_minutes", "resolved_on", "sla", "merged_into")
QUEUE_RANK = 10_000_000_000  # queue_key = rank * this + seconds since 1970: priority first, then age


# Resolving a case cancels its open activities through the activity engine (logging one is what
# tells a case of its first response: crm_tui/services/activities.py).
_ACTIVITIES = {key: activity_records.ActivityService(key) for key in ACTIVITY_KINDS}


class CaseService(StatusRecordService):
    record_type = CASE
    model = Case
    title_fields = ("title",)
    reasons = CASE_REASONS
    open_state = CASE_ACTIVE
    set_by_actions = ACTION_FIELDS
    narrated_fields = ("status_reason", "priority")  # On Hold and back, escalations
    _reopen_hint = "reactivate it (r) to change it"
    waits_in_queues = True

    def _label(self, record_id: int, title: str) -> str:
        return f"{case_number(record_id)} {title}"

    def rollup_account(self, record_id: int) -> int | None:
        return customer_account(Case, record_id)

    def create(self, actor: User, data: dict[str, Any]) -> Case:
        refused = {name: f"Set by the {noun('case')}'s actions, not typed" for name in ACTION_FIELDS if data.get(name)}
        if refused:
            raise ValidationError(refused)
        data = {"priority": "Normal", "status_reason": CASE_REASONS[CASE_ACTIVE][0], **data}
        notices: list[str] = []
        with database.atomic():
            if not data.get("entitlement"):  # the customer's active entitlement, if it has one
                customer, _ = coerce(self.record_type.field("customer"), data.get("customer"))
                found = entitlement_for(customer) if customer and not customer_problem(customer) else None
                if found:
                    data["entitlement"] = found.id
            record = super().create(actor, data)
            if record.entitlement_id:
                notices += self._charge(actor, record, on=ON_CREATION)
            queues.route_by_rules(actor, "case", record.id, record.priority, record.origin)
        record.notices = notices
        return record

    # -- rules ---------------------------------------------------------------------------------
    def _rules(self, record: Case, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = self._status_rules(changed, creating)
        record._new_priority = creating or "priority" in changed  # takes the SLA of its (new) priority
        customer = read_field(record, self.record_type.field("customer"))
        if customer is None:
            errors["customer"] = f"Required: the {noun('account')} or {noun('contact')} with the problem (u chooses)"
        elif problem := customer_problem(changed.get("customer")):
            errors["customer"] = problem
        if problem := contact_problem(changed.get("contact")):
            errors["contact"] = problem
        if changed.get("priority") is None and "priority" in changed:
            errors["priority"] = "Required: " + ", ".join(PRIORITIES)
        if changed.get("parent_case") is not None:
            if problem := self._parent_problem(record.id, changed["parent_case"]):
                errors["parent_case"] = problem
        if changed.get("entitlement") is not None and customer is not None and "customer" not in errors:
            if problem := usable_problem(changed["entitlement"], customer):
                errors["entitlement"] = problem
        elif "customer" in changed and record.entitlement_id and customer is not None and "customer" not in errors:
            if problem := usable_problem(record.entitlement_id, customer):
                errors["customer"] = f"Its entitlement does not cover this customer ({problem}): change that first"
        return errors

    def _parent_problem(self, own_id: int | None, parent_id: int) -> str | None:
        if parent_id == own_id:
            return f"The parent {noun('case')} cannot be this {noun('case')} itself"
        seen = set()
        current: int | None = parent_id
        while current is not None and current not in seen:
            seen.add(current)
            row = Case.select(Case.parent_case).where(Case.id == current).tuples().first()
            if row is None:
                return f"That {noun('case')} does not exist" if current == parent_id else None
            if own_id is not None and row[0] == own_id:
                return f"{case_number(parent_id)} is below this {noun('case')} already: that would make a cycle"
            current = row[0]
        return None

    def _derive(self, record: Case) -> None:
        record.sort_name = sort_key(record.title)[:200]
        rank = PRIORITIES.index(record.priority) + 1 if record.priority in PRIORITIES else len(PRIORITIES)
        created = record.created_on or utcnow()
        record.queue_key = rank * QUEUE_RANK + int(created.replace(tzinfo=dt.timezone.utc).timestamp())
        self._derive_state(record)
        now = utcnow()
        self._follow_sla(record, created)
        self._pause_or_resume(record, now)
        self._next_deadline(record)

    def _follow_sla(self, record: Case, created: dt.datetime) -> None:
        """A new case, or an active one whose priority changed, takes the active SLA of its priority
        (deadlines counted from its creation); an SLA made later does not reach back to older cases."""
        if not getattr(record, "_new_priority", False) or record.state != CASE_ACTIVE:
            return
        record._new_priority = False
        current = record.sla if record.sla_id else None
        if current is not None and current.priority == record.priority:
            return
        sla = sla_for(record.priority)
        record.sla = sla
        if sla is None:
            record.first_response_by = record.first_response_warn = record.resolve_by = record.resolve_warn = None
            return
        paused = record.sla_paused_minutes or 0
        record.first_response_by, record.first_response_warn = deadline(
            created, sla.first_response_minutes, sla.warn_percent, paused)
        record.resolve_by, record.resolve_warn = deadline(created, sla.resolve_minutes, sla.warn_percent, paused)

    def _pause_or_resume(self, record: Case, now: dt.datetime) -> None:
        """On Hold stops the clock; leaving it (by any way) moves the pending deadlines on."""
        on_hold = record.state == CASE_ACTIVE and record.status_reason == ON_HOLD
        if on_hold and record.sla_paused_on is None:
            record.sla_paused_on = now
        elif not on_hold and record.sla_paused_on is not None:
            waited = max(0, minutes_between(record.sla_paused_on, now))
            shift = dt.timedelta(minutes=waited)
            record.sla_paused_minutes = (record.sla_paused_minutes or 0) + waited
            record.sla_paused_on = None
            if record.first_responded_on is None and record.first_response_by is not None:
                record.first_response_by += shift
                record.first_response_warn += shift
            if record.resolve_by is not None:
                record.resolve_by += shift
                record.resolve_warn += shift

    def _next_deadline(self, record: Case) -> None:
        pending = []
        if record.state == CASE_ACTIVE and record.sla_paused_on is None:
            if record.first_responded_on is None and record.first_response_by is not None:
                pending.append((record.first_response_by, record.first_response_warn))
            if record.resolve_by is not None:
                pending.append((record.resolve_by, record.resolve_warn))
        record.sla_due_at = min(p[0] for p in pending) if pending else None
        record.sla_warn_at = min(p[1] for p in pending) if pending else None

    def _after_write(self, actor: User, record: Case, diffs: dict[str, tuple]) -> None:
        if "customer" in diffs:
            timeline.follow_rollup("case", record.id)
        if "entitlement" in diffs:  # the old one gets its terms back; the new one is charged as it says
            old = diffs["entitlement"][0]
            record.entitlement_charged = None
            Case.update(entitlement_charged=None).where(Case.id == record.id).execute()
            if old:
                entitlements.recount(actor, old, f"{case_number(record.id)} moved to another {noun('entitlement')}")
            if record.entitlement_id:
                record.notices = self._charge(actor, record, on=ON_CREATION)

    def _before_delete(self, actor: User, record: Case) -> None:  # child cases are unlinked, audited, by delete
        if record.entitlement_id and record.entitlement_charged:
            Case.update(entitlement_charged=None).where(Case.id == record.id).execute()
            entitlements.recount(actor, record.entitlement_id, f"{case_number(record.id)} deleted")

    # -- entitlement terms -------------------------------------------------------------------------
    def _charge(self, actor: User, record: Case, on: str) -> list[str]:
        """Take this case's terms from its entitlement, if its rules say now; the notices to show."""
        entitlement = entitlements.get(record.entitlement_id)
        if record.entitlement_charged is not None:
            return []
        if entitlement.allocation == BY_HOURS:
            if on == ON_CREATION:
                return []
            amount = (Decimal(record.time_spent_minutes or 0) / 60).quantize(Decimal("0.01"))
        elif entitlement.decrease_on == on:
            amount = Decimal(1)
        else:
            return []
        Case.update(entitlement_charged=amount).where(Case.id == record.id).execute()
        record.entitlement_charged = amount
        after = entitlements.recount(actor, entitlement.id, f"{case_number(record.id)} used {amount}")
        unit = terms_unit(entitlement.allocation)
        if after.remaining_terms < 0:
            return [f"“{entitlement.name}” is used up: {after.remaining_terms.normalize():f} {unit} left"]
        if after.remaining_terms == 0:
            return [f"This uses the last of “{entitlement.name}”: 0 {unit} left"]
        return []

    def _refund(self, actor: User, record: Case, why: str) -> None:
        if record.entitlement_id and record.entitlement_charged is not None:
            record.entitlement_charged = None
            Case.update(entitlement_charged=None).where(Case.id == record.id).execute()
            entitlements.recount(actor, record.entitlement_id, why)

    # -- the case's life ---------------------------------------------------------------------------
    def preview_resolve(self, case_id: int) -> tuple[int, int]:
        """(open activities that resolving cancels, open child cases) — what to tell the user first."""
        return _open_activities(case_id).count(), _open_children(case_id).count()

    def resolve(self, actor: User, case_id: int, resolution_type: str, resolution: str,
                time_spent: Any = None, resolve_children: bool = False) -> Case:
        if resolution_type not in CASE_REASONS[CASE_RESOLVED]:
            raise ValidationError({"resolution_type": "Choose one of: " + ", ".join(CASE_REASONS[CASE_RESOLVED])})
        text, problem = coerce(self.record_type.field("resolution"), resolution)
        errors = {"resolution": "Say how it was resolved"} if not text else {"resolution": problem} if problem else {}
        minutes, problem = coerce(self.record_type.field("time_spent_minutes"), time_spent)
        if problem:
            errors["time_spent_minutes"] = problem
        if errors:
            raise ValidationError(errors)
        with database.atomic():
            return self._resolve(actor, case_id, resolution_type, text, minutes or 0, resolve_children)

    def _resolve(self, actor: User, case_id: int, resolution_type: str, text: str, minutes: int,
                 resolve_children: bool) -> Case:
        record = self._active_one(case_id, "resolved")
        children = [cid for (cid,) in _open_children(case_id).tuples()]
        if children and not resolve_children:
            raise ValidationError({"": f"{case_number(case_id)} has {len(children)} open child {noun('case')}(s): "
                                       "resolve them first, or choose to resolve them too"})
        for child_id in children:
            self._resolve(actor, child_id, resolution_type, f"Resolved with its parent {case_number(case_id)}: "
                                                           f"{text}", 0, True)
        self._cancel_open_activities(actor, case_id)
        now = utcnow()
        record.resolve_minutes = max(0, minutes_between(record.created_on, now))
        record = self._change_status(
            actor, record, "resolved", f"{singular('case')} resolved: {self._title(record)} ({resolution_type})",
            status_reason=resolution_type, resolution_type=resolution_type, resolution=text,
            time_spent_minutes=minutes, resolved_on=now,
            first_responded_on=record.first_responded_on or now)  # the answer is the first response too
        record.notices = self._charge(actor, record, on=ON_RESOLUTION) if record.entitlement_id else []
        return record

    def cancel(self, actor: User, case_id: int) -> Case:
        with database.atomic():
            record = self._active_one(case_id, "cancelled")
            still_open = _open_activities(case_id).count()
            if still_open:
                raise ValidationError({"": f"Close its {still_open} open activit{'y' if still_open == 1 else 'ies'} "
                                           "first (complete or cancel them on its timeline)"})
            self._refund(actor, record, f"{case_number(case_id)} cancelled")
            return self._change_status(actor, record, "cancelled", f"{singular('case')} cancelled: {self._title(record)}",
                                       status_reason="Cancelled")

    def reactivate(self, actor: User, case_id: int) -> Case:
        with database.atomic():
            record = self.get(case_id)
            if record.state == CASE_ACTIVE:
                raise ValidationError({"": f"This {noun('case')} is active already"})
            if record.entitlement_id:  # terms used at resolution come back; at creation they stay used
                entitlement = entitlements.get(record.entitlement_id)
                if entitlement.allocation == BY_HOURS or entitlement.decrease_on != ON_CREATION:
                    self._refund(actor, record, f"{case_number(case_id)} reactivated")
            record.resolve_minutes = None
            record = self._change_status(actor, record, "reactivated", f"{singular('case')} reactivated: {self._title(record)}",
                                         status_reason=CASE_REASONS[CASE_ACTIVE][0], resolution_type=None,
                                         resolution=None, time_spent_minutes=None, resolved_on=None,
                                         merged_into=None)
            if record.entitlement_id and record.entitlement_charged is None:
                record.notices = self._charge(actor, record, on=ON_CREATION)
            return record

    def merge(self, actor: User, case_id: int, into_id: int) -> Case:
        """Merge a duplicate (case_id) into another case: its activities, notes and child cases move
        there; the duplicate is cancelled as Merged. Returns the case merged into."""
        if case_id == into_id:
            raise ValidationError({"": f"Cannot merge into itself: choose another {noun('case')}"})
        with database.atomic():
            locked(Case, case_id, into_id)  # both, in one order: merges of A into B and B into A take turns
            record = self._active_one(case_id, "merged")
            target = self.get(into_id)
            if target.state != CASE_ACTIVE:
                raise ValidationError({"": f"{case_number(into_id)} is {CASE_STATE_NAMES[target.state].lower()}: "
                                           f"merge only into an active {noun('case')}"})
            # What moves is audited and its version bumped, row by row, like any change.
            source_label, target_label = timeline.label("case", case_id), timeline.label("case", into_id)
            activity_ids = [a.id for a in Activity.select(Activity.id).where(
                (Activity.regarding_type == "case") & (Activity.regarding_id == case_id) & (Activity.kind != "event"))]
            moved = relink(actor, Activity, "regarding_id", activity_ids, case_id, into_id, source_label, target_label,
                           audited_as="regarding")
            Activity.update(rollup_account=timeline.rollup_account("case", into_id)).where(
                Activity.id.in_(activity_ids)).execute()
            child_ids = [c.id for c in Case.select(Case.id).where((Case.parent_case == case_id) & (Case.id != into_id))]
            children = relink(actor, Case, "parent_case", child_ids, case_id, into_id, source_label, target_label)
            if target.parent_case_id == case_id:  # merged into its own child: the child takes its place
                relink(actor, Case, "parent_case", [into_id], case_id, record.parent_case_id, source_label,
                       timeline.label("case", record.parent_case_id) if record.parent_case_id else "")
            self._refund(actor, record, f"{case_number(case_id)} merged into {case_number(into_id)}")
            self._change_status(actor, record, "merged", f"{singular('case')} merged into {self._title(target)}",
                                status_reason="Merged", merged_into=into_id)
            timeline.record_event(actor, "case", into_id,
                                  f"{singular('case')} {self._title(record)} merged in: {moved} activit"
                                  f"{'y' if moved == 1 else 'ies'} and notes, {children} child {noun('case')}(s)")
            return self.get(into_id)

    def mark_first_response(self, actor: User, case_id: int, how: str = "marked") -> Case:
        with database.atomic():
            record = self._active_one(case_id, "answered")
            if record.first_responded_on is not None:
                raise ValidationError({"": f"The first response was sent already "
                                           f"({record.first_responded_on:%Y-%m-%d %H:%M} UTC)"})
            return self._change_status(actor, record, "first response", f"First response sent ({how})",
                                       first_responded_on=utcnow())

    def note_first_response(self, actor: User, case_id: int, how: str) -> None:
        """An outgoing call or email was logged on the case: the first response, if it is the first."""
        record = Case.get_or_none(Case.id == case_id)
        if record is not None and record.state == CASE_ACTIVE and record.first_responded_on is None:
            self.mark_first_response(actor, case_id, how)

    # -- helpers ------------------------------------------------------------------------------------
    def _active_one(self, case_id: int, verb: str) -> Case:
        record = self.get(case_id)
        if record.state != CASE_ACTIVE:
            raise ValidationError({"": f"{case_number(case_id)} is {CASE_STATE_NAMES[record.state].lower()} "
                                       f"already: only an active {noun('case')} can be {verb}"})
        return record

    def _cancel_open_activities(self, actor: User, case_id: int) -> None:
        for (activity_id,) in _open_activities(case_id).tuples():
            activity_records.change_status(_ACTIVITIES, actor, activity_id, "cancel")

    @staticmethod
    def _title(record: Case) -> str:
        return f"{case_number(record.id)} {record.title}"

    def _named(self, record: Case, action: str) -> str:
        return f"{singular('case')} {action}: {self._title(record)}"


cases = serves(CaseService())


def _open_activities(case_id: int):
    return Activity.select(Activity.id).where((Activity.regarding_type == "case") & (Activity.regarding_id == case_id)
                                              & Activity.state.in_(OPEN_STATES))


def _open_children(case_id: int):
    return Case.select(Case.id).where((Case.parent_case == case_id) & (Case.state == CASE_ACTIVE))

