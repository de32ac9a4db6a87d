"""Importing rows into a record type: each row matched, then created, updated, skipped or refused,
and every row accounted for.

- Modes: create (a row that matches a record is a duplicate: skipped), update (a row that
  matches nothing is skipped), upsert (create or update). A row is matched by its keys
  (crm_tui.services.importing.matching), else by the duplicate detection rules in force.
- A row is written through the record type's own service: the same validation, rules, audit and
  timeline as a record typed into the app. A blank cell leaves a field as it is.
- Rows go in batches, each one transaction: a kill in the middle leaves whole batches, and the
  same file run again finishes the job (a row already in is unchanged: skipped).
- A dry run writes nothing and says, per row, what the run would do.
- The refused rows are written to NAME.refused.csv beside the input, each with its line and the
  reason, so they can be fixed and imported on their own.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from crm_tui.core.duplicate_rules import EXACT, RuleSpec
from crm_tui.core.fields import CUSTOMER, EMAIL, REFERENCE, REGARDING, coerce
from crm_tui.core.types import (
    definition as record_type,  # a record type, or a kind of activity
)
from crm_tui.core.types import is_activity
from crm_tui.core.types.case import case_id_of
from crm_tui.models import database
from crm_tui.models.bulk import fewer_checkpoints
from crm_tui.services import duplicates, vcard, write_batch
from crm_tui.services.errors import (
    ConflictError,
    NotFoundError,
    ServiceError,
    ValidationError,
)
from crm_tui.services.files import replaced_whole
from crm_tui.services.importing.columns import company_field, email_fields, phone_fields
from crm_tui.services.importing.incoming import Incoming
from crm_tui.services.importing.links import Links
from crm_tui.services.importing.matching import Match, Matcher, said
from crm_tui.services.records import read_field
from crm_tui.services.registry import service

MODES = ("create", "update", "upsert")
CREATED, UPDATED, UNCHANGED, DUPLICATE, NO_MATCH, REFUSED = (
    "created", "updated", "unchanged", "duplicate", "no match", "refused")
SKIPPED = (UNCHANGED, DUPLICATE, NO_MATCH)
BATCH = 500  # rows a transaction


@dataclass(frozen=True)
class Outcome:
    line: int
    action: str  # one of CREATED ... REFUSED
    record_id: int | None = None  # negative in a dry run: the record the row at that line would make
    fields: tuple[str, ...] = ()  # what an update changes
    reason: str = ""  # why refused; for a duplicate or a match, by what key
    where: str = ""


@dataclass
class Report:
    record_type: str
    dry_run: bool
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    refused: int = 0
    accounts_created: int = 0  # for company columns that named no account yet
    refused_file: Path | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        self.read += 1
        if outcome.action == CREATED:
            self.created += 1
        elif outcome.action == UPDATED:
            self.updated += 1
        elif outcome.action == REFUSED:
            self.refused += 1
        else:
            self.skipped += 1
        self.outcomes.append(outcome)

    def as_dict(self) -> dict:
        return {"record_type": self.record_type, "dry_run": self.dry_run, "read": self.read,
                "created": self.created, "updated": self.updated, "skipped": self.skipped,
                "refused": self.refused, "accounts_created": self.accounts_created,
                "refused_file": str(self.refused_file) if self.refused_file else None}


class _Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Importer:
    def __init__(self, actor, rt_key: str, mode: str = "upsert", dry_run: bool = False) -> None:
        if mode not in MODES:
            raise ServiceError(f"Unknown mode “{mode}”: {', '.join(MODES)}")
        self.actor, self.rt_key, self.mode, self.dry_run = actor, rt_key, mode, dry_run
        self.rt = record_type(rt_key)
        self.names = {f.name for f in self.rt.fields}
        self.svc = service(rt_key)
        self.emails, self.phones = email_fields(rt_key), phone_fields(rt_key)
        self.company = company_field(rt_key)
        self.links = Links()
        self.report = Report(rt_key, dry_run)
        self.refused_rows: dict[tuple[str, int], list[str]] = {}  # written back beside the input
        if is_activity(rt_key):  # two calls to one number are two calls: matched by id, or subject and record
            self.matcher = Matcher(rt_key, [], [], "regarding")
        else:
            scope = self.company or ("company_name" if "company_name" in self.names else None)
            self.matcher = Matcher(rt_key, self.emails, self.phones, scope)
        # the duplicate rules a typed record meets, met here too: those comparing this type with
        # itself, less the ones the matcher's keys already answer (a query a row saved)
        self.rule_check = duplicates.Checker(rt_key)
        self.rule_check.rules = [r for r in self.rule_check.rules if r.matching_type == rt_key and not self._keyed(r)]

    def _keyed(self, rule: RuleSpec) -> bool:
        """Whether the matcher's keys find whatever the rule would: an email compared whole, case
        ignored; or the whole name (in the account, where the matcher scopes names) compared so."""
        if not all(c.match == EXACT and c.other == c.field for c in rule.conditions) or not rule.ignore_case:
            return False
        fields = {c.field for c in rule.conditions}
        if len(fields) == 1 and fields <= set(self.emails):
            return True
        scope = {self.matcher.scope} if self.matcher.scope else set()
        return rule.ignore_blanks and fields == set(self.svc.title_fields) | scope

    # -- a row to field values ------------------------------------------------------------
    def _values(self, row: Incoming) -> dict[str, object]:
        """The row's fields as the service takes them (links resolved to ids)."""
        values: dict[str, object] = dict(row.values)
        names = self.names
        if row.full_name and not values.get("last_name") and "last_name" in names:
            first, last = split_name(row.full_name)
            values.setdefault("first_name", first)
            values["last_name"] = last
        free = [n for n in self.emails if not values.get(n)]
        for email in row.emails:
            if email.casefold() in {str(values.get(n, "")).casefold() for n in self.emails}:
                continue
            if free:
                values[free.pop(0)] = email
        for number, mobile in row.phones:
            free = [n for n in self.phones if not values.get(n)]
            if free:
                mobiles = [n for n in free if "mobile" in n]
                values[(mobiles or free)[0] if mobile else ([n for n in free if n not in mobiles] or free)[0]] = number
        for name, text in list(values.items()):
            spec = self.rt.field(name) if name in names else None
            if spec is None or not isinstance(text, str):
                continue
            if spec.kind == REFERENCE:
                values[name] = self._link(spec, text)
            elif spec.kind == CUSTOMER:
                values[name] = self._customer(spec, text)
            elif spec.kind == REGARDING:
                values[name] = self._regarding(spec, text)
        if row.company and self.company:
            spec = self.rt.field(self.company)
            if spec.kind == CUSTOMER:
                values[self.company] = ("account", self._company(row.company))
            else:
                values[self.company] = self._company(row.company)
        return values

    def _link(self, spec, text: str) -> int:
        found = self.links.resolve(spec.target, text)
        if found is None:
            if spec.target == "account" and spec.name != "parent" and not text.isdigit():
                return self._company(text)
            raise _Refused(f"{spec.label}: no {record_type(spec.target).singular.lower() if spec.target != 'user' else 'user'} "
                           f"is “{text}”")
        return found

    def _regarding(self, spec, text: str) -> tuple[str, int]:
        """The record an activity is about: TYPE:ID, a case's number, a contact's email, else an
        account's or a contact's name."""
        kind, sep, rid = text.partition(":")
        if sep and rid.strip().isdigit():
            return kind.strip(), int(rid)
        looks = [("case", lambda: self.links.resolve("case", text))] if case_id_of(text) and not text.isdigit() else []
        if "@" in text:
            looks.append(("contact", lambda: self.links.resolve("contact", text)))
        else:
            looks += [("account", lambda: self.links.account(text)), ("contact", lambda: self.links.resolve("contact", text))]
        for target, look in looks:  # in that order, each read only if the one before found nothing
            if (found := look()) is not None:
                return target, found
        raise _Refused(f"{spec.label}: no account, contact or case is “{text}” (or give it as TYPE:ID)")

    def _customer(self, spec, text: str) -> tuple[str, int]:
        kind, sep, rid = text.partition(":")
        if sep and kind in ("account", "contact") and rid.strip().isdigit():
            return kind, int(rid)
        if "@" in text and (contact := self.links.resolve("contact", text)) is not None:
            return "contact", contact
        return "account", self._company(text)

    def _company(self, name: str) -> int:
        """The account a company's name means: made when there is none (not in a dry run)."""
        found = self.links.account(name)
        if found is not None:
            return found
        if self.dry_run:
            made = -(10**9 + self.report.accounts_created)  # stands for an account the run would make
        else:
            try:
                made = service("account").create(self.actor, {"name": name}).id
            except ValidationError as error:
                raise _Refused("Company: " + "; ".join(error.errors.values())) from None
        self.report.accounts_created += 1
        self.links.learn_account(name, made)
        return made

    def _record_id(self, row: Incoming) -> int | None:
        if row.record_id is None:
            own = vcard.id_of_uid(row.uid) if row.uid else None  # a card crm-tui wrote
            return own if own in self.matcher.ids else None
        found = case_id_of(row.record_id) if self.rt_key == "case" else (
            int(row.record_id) if row.record_id.isdigit() else None)
        if found is None:
            raise _Refused(f"Id: “{row.record_id}” is not a record's id")
        # an id this database does not hold (a file from another one): matched by its other keys
        return found if found in self.matcher.ids else None

    # -- one row --------------------------------------------------------------------------
    def _one(self, row: Incoming) -> Outcome:
        if row.problem:
            return Outcome(row.line, REFUSED, reason=row.problem, where=row.where)
        try:
            values = self._values(row)
            match = self.matcher.find(self._record_id(row), values, row.uid)
            if match is None and self.rule_check.rules:
                if possible := self.rule_check(values, same_type_only=True):
                    match = Match(possible[0].id, f"rule “{possible[0].rule}”")
            if match is None:
                if self.mode == "update":
                    return Outcome(row.line, NO_MATCH, where=row.where)
                outcome = self._create(row, values)
            elif self.mode == "create":
                return Outcome(row.line, DUPLICATE, match.record_id, reason=match.said, where=row.where)
            else:
                outcome = self._update(row, match.record_id, values, match.key)
            self._keep_uid(outcome.record_id, row.uid)
            return outcome
        except _Refused as refused:
            return Outcome(row.line, REFUSED, reason=refused.reason, where=row.where)
        except ValidationError as error:
            return Outcome(row.line, REFUSED, reason=self._said(error), where=row.where)
        except (ConflictError, NotFoundError) as error:
            return Outcome(row.line, REFUSED, reason=str(error) or type(error).__name__, where=row.where)

    def _same_company(self, current: object, name: str) -> bool:
        account = current[1] if isinstance(current, tuple) and current[0] == "account" else current
        return isinstance(account, int) and self.links.named(account, name)

    def _keep_uid(self, record_id: int | None, uid: str | None) -> None:
        """A card's UID stays with the contact it made or matched: the same card again is matched by it."""
        if not uid or record_id is None or "vcard_uid" not in self.svc.model._meta.fields:
            return
        if vcard.id_of_uid(uid) == record_id or uid in self.matcher.by_uid:
            return  # our own UID for it, or known already
        self.matcher.learn_uid(record_id, uid)
        if record_id > 0 and not self.dry_run:
            model = self.svc.model
            model.update(vcard_uid=uid).where((model.id == record_id) & model.vcard_uid.is_null()).execute()

    def _said(self, error: ValidationError) -> str:
        names = self.names
        return "; ".join(f"{self.rt.field(k).label if k in names else k}: {v}" if k else v
                         for k, v in error.errors.items())

    def _create(self, row: Incoming, values: dict) -> Outcome:
        if self.dry_run:
            coerced = self.svc._coerce({k: v for k, v in values.items() if v is not None}, every_field=True)
            self.matcher.learn(-row.line, coerced)
            return Outcome(row.line, CREATED, -row.line, where=row.where)
        made = self.svc.create(self.actor, values)
        self.matcher.learn(made.id, self.svc.values(made))
        return Outcome(row.line, CREATED, made.id, where=row.where)

    def _update(self, row: Incoming, record_id: int, values: dict, key: str) -> Outcome:
        if record_id < 0:  # a record this dry run would have made from an earlier row
            return Outcome(row.line, UPDATED, record_id, reason=f"{said(key)} as line {-record_id}", where=row.where)
        values = {k: v for k, v in values.items() if v not in (None, "")}  # blank: left as it is
        record = self.svc.get(record_id)
        changed = {}
        for name, given in values.items():
            spec = self.rt.field(name)
            value, problem = coerce(spec, given)
            if problem:
                raise ValidationError({name: problem})
            current = read_field(record, spec)
            if spec.kind == EMAIL and value and current and value.casefold() == current.casefold():
                continue  # the same address, however it is written
            if name == self.company and row.company and self._same_company(current, row.company):
                continue  # already in an account of that name (names repeat: the first found is not it)
            if value != current and not spec.computed:
                changed[name] = given
        if not changed:
            return Outcome(row.line, UNCHANGED, record_id, reason=said(key), where=row.where)
        if not self.dry_run:
            updated = self.svc.update(self.actor, record_id, changed, record.version)
            self.matcher.learn(record_id, self.svc.values(updated))
        return Outcome(row.line, UPDATED, record_id, tuple(changed), reason=said(key), where=row.where)

    # -- the whole file -------------------------------------------------------------------
    def run(self, rows: Iterable[Incoming], progress: Callable[[int], None] | None = None) -> Report:
        """Import every row; progress(rows done) after each batch."""
        with fewer_checkpoints(database):
            return self._run(rows, progress)

    def _run(self, rows: Iterable[Incoming], progress: Callable[[int], None] | None) -> Report:
        batch: list[Incoming] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                self._batch(batch)
                batch = []
                if progress:
                    progress(self.report.read)
        if batch:
            self._batch(batch)
        if progress:
            progress(self.report.read)
        return self.report

    def _batch(self, rows: list[Incoming]) -> None:
        if self.dry_run:
            for row in rows:
                self._count(row, self._one(row))
            return
        outcomes = []
        with database.atomic(), write_batch.collected():
            for row in rows:
                mark, known, made = write_batch.mark(), self.links.mark(), self.report.accounts_created
                if not self._may_make_account(row):  # the service's own write is all or nothing
                    outcome = self._one(row)
                    if outcome.action == REFUSED:
                        write_batch.rewind(mark)
                    outcomes.append((row, outcome))
                    continue
                with database.atomic() as savepoint:  # a refused row undoes the account it made too
                    outcome = self._one(row)
                    if outcome.action == REFUSED:
                        savepoint.rollback()
                        write_batch.rewind(mark)
                        self.links.rewind(known)
                        self.report.accounts_created = made
                outcomes.append((row, outcome))
        for row, outcome in outcomes:  # counted once the batch is in
            self._count(row, outcome)

    def _may_make_account(self, row: Incoming) -> bool:
        """Whether the row may make an account (a company, or an account link, not known yet)."""
        if row.company and self.company and self.links.account(row.company) is None:
            return True
        return any(((spec.kind == REFERENCE and spec.target == "account") or spec.kind == CUSTOMER)
                   and row.values.get(spec.name) for spec in self.rt.fields)

    def _count(self, row: Incoming, outcome: Outcome) -> None:
        self.report.count(outcome)
        if outcome.action == REFUSED:
            self.refused_rows[(row.where, row.line)] = row.raw


def split_name(full: str) -> tuple[str | None, str]:
    """("Ada", "Lovelace") from "Ada Lovelace", "Lovelace, Ada" or "Dr. Ada King Lovelace"."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return (first.strip() or None), last.strip()
    parts = full.split(" ")
    if len(parts) == 1:
        return None, parts[0]
    return " ".join(parts[:-1]), parts[-1]


def write_refused(report: Report, source: Path, header: list[str], rows: dict[tuple[str, int], list[str]]) -> Path | None:
    """The refused rows beside the input (NAME.refused.csv): line, reason, then the row as read.
    None, and a stale one from an earlier run removed, when nothing was refused."""
    target = source.with_name(f"{source.stem if source.is_file() else source.name}.refused.csv")
    refused = [o for o in report.outcomes if o.action == REFUSED]
    if not refused:
        if target.is_file():
            target.unlink()
        return None
    with replaced_whole(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Line", "Reason", *header])
        for outcome in refused:
            where = f"{outcome.where}:{outcome.line}" if outcome.where else outcome.line
            writer.writerow([where, outcome.reason, *rows.get((outcome.where, outcome.line), [])])
    return target
