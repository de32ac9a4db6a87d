"""Create, update, deactivate, activate and delete: the rules every record type shares.

A record type's own rules (cycles, membership, orphans) live in its subclass.
Every write is one transaction, audited, and guarded by the record's version.
"""

from __future__ import annotations

from typing import Any, ClassVar, Iterator

from peewee import SQL, ForeignKeyField

from crm_tui.core.fields import CUSTOMER, REFERENCE, REGARDING, FieldSpec, coerce
from crm_tui.core.record_type import RecordType
from crm_tui.core.types import a_noun, noun
from crm_tui.models import ACTIVE, INACTIVE, Account, Contact, User, database, utcnow
from crm_tui.models.bulk import insert_row, update_row
from crm_tui.models.db import id_among, is_sqlite
from crm_tui.models.queue import QueueItem
from crm_tui.models.record import RecordModel
from crm_tui.services import audit, timeline
from crm_tui.services.errors import (
    ConflictError,
    FieldConflict,
    NotFoundError,
    ValidationError,
)
from crm_tui.services.registry import SERVICES, SOURCES
from crm_tui.services.users import get_user

CUSTOMER_TYPES = ("account", "contact")
CUSTOMER_MODELS = {"account": Account, "contact": Contact}


def customer_account(model: type[RecordModel], record_id: int) -> int | None:
    """The account a record's customer is, or the customer contact's account."""
    row = model.select(model.customer_account, model.customer_contact).where(model.id == record_id).tuples().first()
    if not row:
        return None
    account_id, contact_id = row
    if account_id is not None or contact_id is None:
        return account_id
    row = Contact.select(Contact.parent_customer).where(Contact.id == contact_id).tuples().first()
    return row[0] if row else None


def serves(service: "RecordService") -> "RecordService":
    """Register a record type's service with the engine (record_detail, timeline, views find it there)."""
    SERVICES[service.record_type.key] = service
    return service


def customer_problem(customer: tuple[str, int] | None) -> str | None:
    """What is wrong with a (record type, id) given as a customer, if anything."""
    if customer is None:
        return None
    kind, customer_id = customer
    if kind not in CUSTOMER_TYPES:
        return f"The customer must be {a_noun('account')} or {a_noun('contact')}"
    model = CUSTOMER_MODELS[kind]
    if not model.select().where(model.id == customer_id).exists():
        return f"That {kind} does not exist"
    return None


def contact_problem(contact_id: int | None) -> str | None:
    if contact_id is not None and not Contact.select().where(Contact.id == contact_id).exists():
        return f"That {noun('contact')} does not exist"
    return None


def read_field(record: RecordModel, spec: FieldSpec) -> Any:
    """A field's stored value: references as ids; 'regarding' and 'customer' as (record type, id)."""
    if spec.kind == REFERENCE:
        return getattr(record, f"{spec.name}_id")
    if spec.kind == REGARDING:
        return (record.regarding_type, record.regarding_id) if record.regarding_type else None
    if spec.kind == CUSTOMER:  # one of two columns: customer_account or customer_contact
        for kind in CUSTOMER_TYPES:
            if (rid := getattr(record, f"customer_{kind}_id")) is not None:
                return (kind, rid)
        return None
    return getattr(record, spec.name)


def write_field(record: RecordModel, spec: FieldSpec, value: Any) -> None:
    if spec.kind == REFERENCE:
        setattr(record, f"{spec.name}_id", value)
    elif spec.kind == REGARDING:
        record.regarding_type, record.regarding_id = value if value else (None, None)
    elif spec.kind == CUSTOMER:  # a type that is not a customer is refused by the service's rules
        for kind in CUSTOMER_TYPES:
            setattr(record, f"customer_{kind}_id", value[1] if value and value[0] == kind else None)
    else:
        setattr(record, spec.name, value)


def locked(model: type[RecordModel], *ids: int) -> dict[int, RecordModel]:
    """Rows by id. Inside a write transaction they stay locked until it ends, so what a write
    decides from them cannot change under it (two merges of a pair, a merge and a resolve, two
    cases charging one entitlement): PostgreSQL locks the rows (FOR UPDATE, in id order, so two
    writes taking the same rows never deadlock); SQLite's write transaction holds the whole
    database from its start (BEGIN IMMEDIATE, crm_tui.models.db)."""
    query = model.select().where(model.id.in_(sorted(set(ids)))).order_by(model.id)
    if not is_sqlite() and database.in_transaction():
        # NO KEY UPDATE: as strong as the write will be, yet not blocked by the key share a new
        # row pointing here takes (a case opened against an entitlement, then charging it).
        query = query.for_update("FOR NO KEY UPDATE")
    return {row.id: row for row in query}


def relink(actor: User, model: type[RecordModel], link: str, ids: list[int], old: object, new: object,
           old_label: str = "", new_label: str = "", audited_as: str = "") -> int:
    """Point the rows ids' link (a field of model, audited as audited_as) from old to new as a side effect of another change (a
    delete, a merge): each row gets a version bump (a form open on it sees the change) and an
    audit row saying what its link was and now is. The number of rows changed."""
    if not ids:
        return 0
    model.update({model._meta.fields[link]: new, model.version: model.version + 1, model.modified_on: utcnow(),
                  model.modified_by: actor.id}).where(model.id.in_(ids)).execute()
    audit.record_each(actor, model.record_type_key(), ids, "updated",
                      {audited_as or link: (old_label or old, new_label or new)})
    return len(ids)


def referrers(model: type[RecordModel]) -> list[tuple[type[RecordModel], ForeignKeyField]]:
    """Every link of every record table that points at model's rows: (the table, its link)."""
    from crm_tui.models import all_models

    return [(other, fk) for other in all_models() if issubclass(other, RecordModel)
            for fk in other._meta.sorted_fields if isinstance(fk, ForeignKeyField) and fk.rel_model is model]


def unlink_referrers(actor: User, record: RecordModel, label: str) -> None:
    """Empty the links that point at a record about to be deleted, audited row by row (the
    database would empty them itself, silently: ON DELETE SET NULL)."""
    for model, field in referrers(type(record)):
        if field.on_delete == "SET NULL":
            pointing = model.select(model.id).where(field == record.id)
            if model is type(record):  # a link to itself empties with the row
                pointing = pointing.where(model.id != record.id)
            ids = [row.id for row in pointing]
            relink(actor, model, field.name, ids, record.id, None, old_label=label or str(record.id))


class RecordService:
    record_type: RecordType
    model: ClassVar[type[RecordModel]]
    emits_events: ClassVar[bool] = True  # created / deactivated / activated on its own timeline
    narrated_fields: ClassVar[tuple[str, ...]] = ()  # a change of these is a timeline event too
    title_fields: ClassVar[tuple[str, ...]] = ("name",)  # what names a record: a field, or first and last name
    typed_on_timeline: ClassVar[bool] = True  # a timeline row says "Lead: ..." (accounts, contacts: the name alone)

    # -- on the timeline and beside a link ----------------------------------------------
    def labels(self, ids: list[int]) -> dict[int, str]:
        """Records' names, by id, in one read (a link's label; the timeline reads many types' at
        once: timeline.labels)."""
        return dict(self.labels_of(self.label_select(ids, 0).tuples()))

    def label_select(self, ids: list[int], part: int):
        """The read of these records' names: (part, id, title field, second title field or NULL),
        alike for every record type, so one statement may read several types' (UNION ALL)."""
        model = self.model
        columns = [getattr(model, name) for name in self.title_fields]
        return (model.select(SQL(str(int(part))), model.id, *columns, *[SQL("NULL")] * (2 - len(columns)))
                .where(id_among(model.id, ids)))

    def labels_of(self, rows) -> Iterator[tuple[int, str]]:
        """(id, name) from label_select's rows."""
        width = len(self.title_fields)
        for _part, rid, *values in rows:
            yield rid, self._label(rid, *values[:width])

    def label_of(self, record: RecordModel) -> str:
        """The name of a record in hand (what labels would read for it)."""
        return self._label(record.id, *(getattr(record, name) for name in self.title_fields))

    def _label(self, record_id: int, *values: Any) -> str:
        return " ".join(v for v in values if v)

    def rollup_account(self, record_id: int) -> int | None:
        """The account whose rolled-up timeline shows this record's entries."""
        return None

    def rollup_of(self, record: RecordModel) -> int | None:
        """rollup_account of a record in hand (a type whose record says it needs no read)."""
        return self.rollup_account(record.id)

    def linked(self, record_id: int) -> list[tuple[str, Any]]:
        """Other records whose entries this record's timeline shows too (a qualified lead's
        history on the contact it became): (record type, an id or a query of ids)."""
        return []

    def counts(self, record_id: int) -> dict[str, int]:
        """What its related tabs hold, for their labels: a tab over a link field is counted
        here; a type with other figures adds them."""
        found = {}
        for tab in self.record_type.tabs:
            if tab.link and tab.count:
                model = SOURCES.of(tab.source).model
                found[tab.count] = model.select().where(getattr(model, tab.link) == record_id).count()
        return found

    @property
    def audit_type(self) -> str:
        return self.record_type.key

    # -- reading -------------------------------------------------------------------
    def get(self, record_id: int) -> RecordModel:
        """The record; inside a write, also locked until the write ends (see lock)."""
        record = locked(self.model, record_id).get(record_id)
        if record is None:
            raise NotFoundError(f"{self.record_type.singular} {record_id} does not exist (any more)")
        return record

    def values(self, record: RecordModel) -> dict[str, Any]:
        """Every field's stored value, by field name (references as ids)."""
        return {spec.name: read_field(record, spec) for spec in self.record_type.fields}

    # -- writing -------------------------------------------------------------------
    def create(self, actor: User, data: dict[str, Any]) -> RecordModel:
        data = {"owner": actor.id, **{k: v for k, v in data.items() if v is not None}}
        values = self._coerce(data, every_field=True)
        now = utcnow()
        with database.atomic():
            record = self.model(created_by=actor, modified_by=actor, created_on=now, modified_on=now,
                                state=ACTIVE, version=1)
            for name, value in values.items():
                write_field(record, self.record_type.field(name), value)
            self._check(record, values, creating=True, acting=actor.id)
            self._derive(record)
            insert_row(record)  # save(force_insert=True), its statement kept: imports write thousands
            # What it was made with, field by field: its history starts complete.
            audit.record(actor, self.audit_type, record.id, "created",
                         {name: (None, read_field(record, self.record_type.field(name)))
                          for name in values if read_field(record, self.record_type.field(name)) is not None})
            self._event(actor, record, self._named(record, "created"))
            self._after_write(actor, record, {})
        return record

    def update(self, actor: User, record_id: int, changes: dict[str, Any], expected_version: int) -> RecordModel:
        """Save the changed fields, unless someone saved the record since expected_version."""
        values = self._coerce(changes, every_field=False)
        with database.atomic():
            record = self.get(record_id)
            if record.version != expected_version:
                raise self._conflict(record, values)
            self._before_update(record)
            diffs = {
                name: (read_field(record, self.record_type.field(name)), value)
                for name, value in values.items()
                if read_field(record, self.record_type.field(name)) != value
            }
            if not diffs:
                return record
            for name, (_old, new) in diffs.items():
                write_field(record, self.record_type.field(name), new)
            self._check(record, {k: new for k, (_o, new) in diffs.items()}, creating=False)
            self._derive(record)
            self._bump(actor, record, expected_version, values)
            audit.record(actor, self.audit_type, record.id, "updated", diffs)
            self._narrate(actor, record, diffs)
            self._after_write(actor, record, diffs)
        return record

    def deactivate(self, actor: User, record_id: int) -> RecordModel:
        return self._set_state(actor, record_id, INACTIVE, "deactivated")

    def activate(self, actor: User, record_id: int) -> RecordModel:
        return self._set_state(actor, record_id, ACTIVE, "activated")

    def delete(self, actor: User, record_id: int) -> None:
        with database.atomic():
            record = self.get(record_id)
            self._before_delete(actor, record)
            held = self.values(record)
            unlink_referrers(actor, record, timeline.label(self.record_type.key, record_id))
            timeline.delete_regarding(self.record_type.key, record_id)
            QueueItem.delete().where((QueueItem.record_type == self.record_type.key)
                                     & (QueueItem.record_id == record_id)).execute()  # no longer waits anywhere
            record.delete_instance()
            # What it held, field by field: the audit is all that remains of it.
            audit.record(actor, self.audit_type, record_id, "deleted",
                         {name: (value, None) for name, value in held.items() if value is not None} or None)

    def check_delete(self, actor: User, record_id: int) -> None:
        """Raise what delete would refuse (DeleteBlockedError), writing nothing: a delete is
        refused before anyone is asked to confirm it."""
        with database.atomic() as transaction:
            try:
                self._before_delete(actor, self.get(record_id))
            finally:
                transaction.rollback()  # _before_delete may tidy up (a contact stops being primary)

    # -- shared steps ----------------------------------------------------------------
    def _set_state(self, actor: User, record_id: int, state: str, action: str) -> RecordModel:
        with database.atomic():
            record = self.get(record_id)
            if record.state == state:
                return record
            record.state = state
            self._bump(actor, record, record.version, {})
            audit.record(actor, self.audit_type, record.id, action)
            self._event(actor, record, self._named(record, action))
        return record

    def _bump(self, actor: User, record: RecordModel, expected_version: int, values: dict[str, Any]) -> None:
        """Write the record as version+1, only if nobody wrote it in between."""
        record.version = expected_version + 1
        record.modified_on = utcnow()
        record.modified_by = actor
        if update_row(record, expected_version) != 1:
            raise self._conflict(self.get(record.id), values)
        if self.waits_in_queues and record.state not in self.open_states:  # closed: it waits in no queue
            QueueItem.delete().where((QueueItem.record_type == self.record_type.key)
                                     & (QueueItem.record_id == record.id)).execute()

    waits_in_queues: ClassVar[bool] = False  # cases and activities do (crm_tui.services.queues)

    @property
    def open_states(self) -> tuple[str, ...]:
        """The states a record is still to be worked on in (a queue keeps it only in these)."""
        return (self.record_type.states[0].key,) if self.record_type.states else ()

    def _conflict(self, current: RecordModel, values: dict[str, Any]) -> ConflictError:
        conflicts = [
            FieldConflict(name, self.record_type.field(name).label, value,
                          read_field(current, self.record_type.field(name)))
            for name, value in values.items()
        ]
        return ConflictError(conflicts, current.version, current.modified_by.display_name, current.modified_on)

    def _coerce(self, data: dict[str, Any], every_field: bool) -> dict[str, Any]:
        known = {spec.name for spec in self.record_type.fields}
        unknown = sorted(set(data) - known)
        errors = {name: "Unknown field" for name in unknown}
        values = {}
        specs = self.record_type.fields if every_field else [self.record_type.field(n) for n in data if n in known]
        for spec in specs:
            value, problem = coerce(spec, data.get(spec.name))
            if problem:
                errors[spec.name] = problem
            else:
                values[spec.name] = value
        if errors:
            raise ValidationError(errors)
        return values

    def _check(self, record: RecordModel, changed: dict[str, Any], creating: bool, acting: int | None = None) -> None:
        errors: dict[str, str] = {}
        if "owner" in changed and changed["owner"] != acting:  # the signed-in user is active
            try:
                get_user(changed["owner"])
            except ValidationError as exc:
                errors.update(exc.errors)
        errors.update(self._rules(record, changed, creating))
        if errors:
            raise ValidationError(errors)

    def _event(self, actor: User, record: RecordModel, subject: str) -> None:
        if self.emits_events:
            timeline.record_event(actor, self.record_type.key, record.id, subject, self.rollup_of(record))

    def _narrate(self, actor: User, record: RecordModel, diffs: dict[str, tuple]) -> None:
        """A change of a field that tells where the record stands (a stage, a status) is an
        event on the timeline, not only a line of the audit."""
        for name in self.narrated_fields:
            if name in diffs:
                old, new = diffs[name]
                label = self.record_type.field(name).label
                self._event(actor, record, f"{label}: {old or '—'} → {new or '—'}")

    def _named(self, record: RecordModel, action: str) -> str:
        """'Contact created: Hank Scorpio': on an account's rolled-up timeline, it says who."""
        name = self.label_of(record)
        return f"{self.record_type.singular} {action}: {name}" if name else f"{self.record_type.singular} {action}"

    # -- hooks for a record type's own rules ------------------------------------------
    def _before_update(self, record: RecordModel) -> None:
        """Refuse an update the record's state does not allow (raise ValidationError)."""

    def _rules(self, record: RecordModel, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        return {}

    def _derive(self, record: RecordModel) -> None:
        """Fill the columns computed from others (sort keys)."""

    def _after_write(self, actor: User, record: RecordModel, diffs: dict[str, tuple]) -> None:
        """Keep related records consistent after a write."""

    def _before_delete(self, actor: User, record: RecordModel) -> None:
        """Refuse a delete that would orphan records, or tidy up what is plainly right."""
