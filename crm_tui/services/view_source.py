"""A personal view as a list source: its joins, conditions, sort and cells, for keyset paging.

The sort is an expression over (sort value, id) like every list's: empty values sort first
(as '' / -1 / the year 1) so that the keyset comparison never meets a NULL. A link to
another record (owner, account, customer...) shows and sorts by that record's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from peewee import JOIN, fn

from crm_tui.core.fields import (
    CHOICE,
    CUSTOMER,
    DATE,
    DATETIME,
    DURATION,
    EMAIL,
    INTEGER,
    MONEY,
    PERCENT,
    PHONE,
    QUANTITY,
    REFERENCE,
    FieldSpec,
    display,
    duration_text,
    local_day_bounds,
    sort_key,
)
from crm_tui.core.list_types import Column, ListQuery, Row, Source
from crm_tui.models import Account, Contact
from crm_tui.services.prefix import prefix_filter
from crm_tui.services.registry import SERVICES
from crm_tui.services.view_spec import (
    AFTER,
    BEFORE,
    CONTAINS,
    EMPTY,
    EQUALS,
    NOT_EMPTY,
    STATUS,
    ViewSpec,
    condition_value,
    view_field,
)

NUMBER_KINDS = (MONEY, QUANTITY, PERCENT, DURATION, INTEGER)
EARLIEST = "0001-01-01"  # empty dates sort before every real one
WIDTHS = {DATE: 10, DATETIME: 16, MONEY: 14, QUANTITY: 9, PERCENT: 5, DURATION: 9, INTEGER: 9, EMAIL: 18, PHONE: 15}


def _name_of(model, target: str) -> tuple[Any, Any]:
    """A linked record's (name shown, name sorted by); model is an alias of the target type's table."""
    if target == "user":
        return model.display_name, fn.LOWER(model.display_name)
    names = [getattr(model, name) for name in SERVICES.of(target).title_fields]
    if len(names) == 1:
        return names[0], model.sort_name
    shown = names[0]
    for name in names[1:]:
        shown = fn.COALESCE(shown, "").concat(" ").concat(fn.COALESCE(name, ""))
    return fn.TRIM(shown), model.sort_name


@dataclass
class _Field:
    shown: Any  # the expression a cell shows
    sort: Any  # the expression it sorts by (never NULL)
    empty: Any  # true when the field holds nothing
    compared: Any  # what a condition compares (names for links)


class _Builder:
    """Collects the joins a view needs while it turns fields into expressions."""

    def __init__(self, spec: ViewSpec):
        self.spec = spec
        self.model = SERVICES.of(spec.record_type).model
        self.joins: list[tuple[Any, Any]] = []  # (alias, on)
        self.fields: dict[str, _Field] = {}

    def field(self, name: str) -> _Field:
        if name not in self.fields:
            self.fields[name] = self._make(view_field(self.spec.record_type, name))
        return self.fields[name]

    def _join(self, target, fk) -> Any:
        alias = target.alias()
        self.joins.append((alias, fk == alias.id))
        return alias

    def _make(self, spec: FieldSpec) -> _Field:
        model = self.model
        if spec.kind == REFERENCE:
            fk = getattr(model, spec.name)
            shown, sort = _name_of(self._join(fk.rel_model, fk), spec.target)
            return _Field(shown, fn.COALESCE(sort, ""), fk.is_null(), fn.LOWER(shown))
        if spec.kind == CUSTOMER:
            account = self._join(Account, model.customer_account)
            person = self._join(Contact, model.customer_contact)
            person_name, _ = _name_of(person, "contact")
            shown = fn.COALESCE(account.name, person_name)
            empty = model.customer_account.is_null() & model.customer_contact.is_null()
            return _Field(shown, fn.COALESCE(account.sort_name, person.sort_name, ""), empty, fn.LOWER(shown))
        column = getattr(model, spec.name)
        if spec.kind in NUMBER_KINDS:
            return _Field(column, fn.COALESCE(column, -1), column.is_null(), column)
        if spec.kind in (DATE, DATETIME):
            return _Field(column, fn.COALESCE(column, EARLIEST), column.is_null(), column)
        return _Field(column, fn.LOWER(fn.COALESCE(column, "")), column.is_null() | (column == ""),
                      fn.LOWER(column))

    def condition_term(self, field_name: str, op: str, text: str):
        spec = view_field(self.spec.record_type, field_name)
        f = self.field(field_name)
        if op == EMPTY:
            return f.empty
        if op == NOT_EMPTY:
            return ~f.empty
        value, _problem = condition_value(spec, op, text)  # checked when the view was saved
        if spec.kind == DATETIME:
            start, end = local_day_bounds(value)
            return {EQUALS: (f.compared >= start) & (f.compared < end), BEFORE: f.compared < start,
                    AFTER: f.compared >= end}[op]
        if spec.kind == CHOICE:
            return f.shown == value  # the choice as stored: its index (where it has one) serves
        if isinstance(value, str):
            value = value.casefold()
            if spec is STATUS:
                return fn.LOWER(f.compared) == value
            if op == CONTAINS:
                return f.compared.contains(value)
            return f.compared == value
        return {EQUALS: f.compared == value, BEFORE: f.compared < value, AFTER: f.compared > value}[op]


def _cell(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec is STATUS:
        return str(value).title()
    if spec.kind == DURATION:
        return duration_text(value, 2)
    if spec.kind == PERCENT:
        return f"{value}%"
    if spec.kind == DATE and isinstance(value, str):  # SQLite hands a computed date back as text
        return value[:10]
    return display(value)


def _column(spec: FieldSpec, position: int) -> Column:
    width = WIDTHS.get(spec.kind, 14)
    flex = 0 if spec.kind in WIDTHS else (3 if position == 0 else 1)
    return Column(spec.label, max(width, min(len(spec.label), 16)), flex, drop=position)  # the last go first


@lru_cache(maxsize=32)
def source(spec: ViewSpec) -> Source:
    """The list source of a view (kept for the views in use: building one is cheap, but not free)."""
    builder = _Builder(spec)
    model = builder.model
    shown_specs = [view_field(spec.record_type, name) for name in spec.columns]
    cells = [builder.field(name).shown for name in spec.columns]
    sort = builder.field(spec.sort).sort
    conditions = [builder.condition_term(c.field, c.op, c.value) for c in spec.conditions]
    joins = list(builder.joins)

    def joined(select):
        for alias, on in joins:
            select = select.join(alias, JOIN.LEFT_OUTER, on=on).switch(model)
        return select

    def select():
        return joined(model.select(model.id, sort, model.state, *cells))

    def filters(query: ListQuery) -> list:
        terms = list(conditions)
        if sort_key(query.find) and hasattr(model, "sort_name"):
            terms.append(prefix_filter(model.sort_name, query.find))
        return terms

    def shape(query: ListQuery, raw: tuple) -> Row:
        rid, key, state, *values = raw
        return Row(rid, key, state, spec.record_type, *(_cell(s, v) for s, v in zip(shown_specs, values)))

    columns = tuple(_column(s, n) for n, s in enumerate(shown_specs))
    return Source(model, sort, spec.descending, columns, select, filters, shape, joined=joined)
