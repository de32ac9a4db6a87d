"""What a personal view is: a record type's fields to filter on, sort by and show.

A view's fields are the record type's own fields, plus its status and when it was
created and last modified. Conditions are checked here, against the field's kind, so a
saved view always reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from crm_tui.core.fields import (
    CHOICE,
    CUSTOMER,
    DATE,
    DATETIME,
    DURATION,
    INTEGER,
    MONEY,
    MULTILINE,
    PERCENT,
    QUANTITY,
    REFERENCE,
    REGARDING,
    FieldSpec,
    coerce,
    parse_datetime,
)
from crm_tui.core.types import record_type
from crm_tui.services.errors import ValidationError

STATUS = FieldSpec("state", "Status")
CREATED = FieldSpec("created_on", "Created on", DATETIME)
MODIFIED = FieldSpec("modified_on", "Modified on", DATETIME)

EQUALS, CONTAINS, BEFORE, AFTER, EMPTY, NOT_EMPTY = "equals", "contains", "before", "after", "empty", "not_empty"
OPERATOR_LABELS = {EQUALS: "equals", CONTAINS: "contains", BEFORE: "before / less than",
                   AFTER: "after / more than", EMPTY: "is empty", NOT_EMPTY: "is not empty"}
ORDERED_KINDS = (DATE, DATETIME, MONEY, INTEGER, PERCENT, QUANTITY, DURATION)  # before / after apply
TEXT_LIKE_KINDS = (REFERENCE, CUSTOMER)  # compared by the linked record's name
NO_VALUE = (EMPTY, NOT_EMPTY)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: str = ""


@dataclass(frozen=True)
class ViewSpec:
    record_type: str
    columns: tuple[str, ...]
    sort: str
    descending: bool = False
    conditions: tuple[Condition, ...] = ()
    name: str = field(default="", compare=False)  # as saved (compare=False: the rows depend not on it)

    def to_json(self) -> str:
        return json.dumps({"columns": list(self.columns), "sort": self.sort, "descending": self.descending,
                           "conditions": [[c.field, c.op, c.value] for c in self.conditions]})

    @classmethod
    def from_json(cls, record_type_key: str, text: str, name: str = "") -> "ViewSpec":
        data = json.loads(text)
        return cls(record_type_key, tuple(data["columns"]), data["sort"], bool(data.get("descending")),
                   tuple(Condition(*c) for c in data.get("conditions", ())), name)


def view_fields(record_type_key: str) -> tuple[FieldSpec, ...]:
    """What a view of this record type can filter on, sort by and show."""
    own = tuple(f for f in record_type(record_type_key).fields if f.kind != REGARDING)
    return own + (STATUS, CREATED, MODIFIED)


def view_field(record_type_key: str, name: str) -> FieldSpec:
    for spec in view_fields(record_type_key):
        if spec.name == name:
            return spec
    raise KeyError(name)


def operators_for(spec: FieldSpec) -> tuple[str, ...]:
    if spec.kind in ORDERED_KINDS:
        return (EQUALS, BEFORE, AFTER, EMPTY, NOT_EMPTY)
    if spec.kind == CHOICE or spec is STATUS:
        return (EQUALS, EMPTY, NOT_EMPTY)
    return (EQUALS, CONTAINS, EMPTY, NOT_EMPTY)


def condition_value(spec: FieldSpec, op: str, text: str) -> tuple[object, str | None]:
    """The value a condition compares with, or what is wrong with the text."""
    if op in NO_VALUE:
        return None, None
    if not text.strip():
        return None, "Enter a value to compare with"
    if spec.kind in (DATE, DATETIME):
        when = parse_datetime(text)
        return (when.date(), None) if when else (None, "Enter a date like 2026-03-31, today or +7d")
    if spec.kind in TEXT_LIKE_KINDS or spec is STATUS or spec.kind == MULTILINE:
        return text.strip(), None
    if spec.kind == CHOICE:
        for choice in spec.choices:
            if choice.casefold() == text.strip().casefold():
                return choice, None
        return None, "Choose one of: " + ", ".join(spec.choices)
    plain = FieldSpec(spec.name, spec.label, spec.kind, choices=spec.choices)  # not required, no length
    return coerce(plain, text)


def default_spec(record_type_key: str) -> ViewSpec:
    columns = record_type(record_type_key).list_columns  # as its own list: these, sorted by the first
    return ViewSpec(record_type_key, columns, columns[0])


def spec_of_list(record_type_key: str, state: str | None, owner_name: str | None = None,
                 narrowed: dict[str, str | None] | None = None) -> ViewSpec:
    """A new view that starts as the list on screen is: its state ("Active Accounts" keeps only
    active ones), mine or everyone's, and any narrowing (a lead source, a case priority)."""
    conditions = []
    if state is not None:
        conditions.append(Condition(STATUS.name, EQUALS, state))
    if owner_name:
        conditions.append(Condition("owner", EQUALS, owner_name))
    names = {f.name for f in view_fields(record_type_key)}
    for name, value in (narrowed or {}).items():
        if value is not None and name in names:
            conditions.append(Condition(name, EQUALS, value))
    return replace(default_spec(record_type_key), conditions=tuple(conditions))


def check(spec: ViewSpec) -> dict[str, str]:
    """What is wrong with a view, by the part of it (columns, sort, condition N)."""
    problems: dict[str, str] = {}
    names = {f.name for f in view_fields(spec.record_type)}
    if not spec.columns:
        problems["columns"] = "Choose at least one column"
    elif unknown := [c for c in spec.columns if c not in names]:
        problems["columns"] = f"Unknown field: {', '.join(unknown)}"
    if spec.sort not in names:
        problems["sort"] = "Choose a field to sort by"
    elif view_field(spec.record_type, spec.sort).kind == MULTILINE:
        problems["sort"] = "A long text field cannot be sorted by"
    for number, condition in enumerate(spec.conditions):
        if condition.field not in names:
            problems[f"condition{number}"] = "Choose a field"
            continue
        field_spec = view_field(spec.record_type, condition.field)
        if condition.op not in operators_for(field_spec):
            problems[f"condition{number}"] = f"{field_spec.label} cannot be compared that way"
        elif problem := condition_value(field_spec, condition.op, condition.value)[1]:
            problems[f"condition{number}"] = problem
    return problems


def validate(spec: ViewSpec) -> None:
    if problems := check(spec):
        raise ValidationError(problems)

