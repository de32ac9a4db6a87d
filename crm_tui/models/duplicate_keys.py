"""A duplicate rule's match keys as SQL, and the indexes that keep them.

A rule's key for a record is an SQL expression over its columns (trimmed, lower-cased unless the
rule minds case, cut to the first or last N characters); an expression index holds it, partial
on the rule's filters (blanks, inactive records). The database keeps every such index in step on
every write, whichever path made it (a form, an import, a restore), so a check is one index
lookup and finding duplicates one ordered read of the index. An index is named after its text,
so rules that key a table the same way share one, and changing a rule makes a new one.

Where both sides of a condition keep a casefolded copy of the field (an account's name, as
sort_name), that copy is compared: it folds every alphabet and runs of spaces, where SQLite's
lower() folds only A-Z.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from peewee import Database, SqliteDatabase

from crm_tui.core.duplicate_rules import EXACT, FIRST, LINK_KINDS, RULE_TYPES, Condition, RuleSpec
from crm_tui.core.fields import sort_key
from crm_tui.core.types import record_type
from crm_tui.models.customer import Account, Contact
from crm_tui.models.sales import Lead

FOLDED = {("account", "name"): ("sort_name", 160)}  # field -> its casefolded copy and that column's length
PREFIX = "dup_"


@dataclass(frozen=True)
class Side:
    """One side of a rule: the table it reads, the key's expressions and the filter the index holds."""
    table: str
    expressions: tuple[str, ...]
    where: tuple[str, ...]

    def index_name(self) -> str:
        text = f"{self.table}|{'|'.join(self.expressions)}|{'|'.join(self.where)}"
        return f"{PREFIX}{self.table}_{hashlib.sha1(text.encode()).hexdigest()[:12]}"

    def index_sql(self) -> str:
        columns = ", ".join(f"({e})" for e in self.expressions)
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return f'CREATE INDEX IF NOT EXISTS {self.index_name()} ON "{self.table}" ({columns}, "id"){where}'


def _model(rt_key: str):
    return {"account": Account, "contact": Contact, "lead": Lead}[rt_key]


def _postgres(db: Database) -> bool:
    return not isinstance(db, SqliteDatabase)


def folded(rule: RuleSpec, condition: Condition) -> tuple[str, int] | None:
    """The casefolded columns both sides keep for this condition, or None."""
    mine = FOLDED.get((rule.record_type, condition.field))
    theirs = FOLDED.get((rule.matching_type, condition.other))
    return mine if mine and theirs else None


def _is_link(rt_key: str, name: str) -> bool:
    return record_type(rt_key).field(name).kind in LINK_KINDS


def _column(rt_key: str, name: str) -> str:
    return _model(rt_key)._meta.fields[name].column_name


def _wrap(db: Database, rule: RuleSpec, condition: Condition, value: str, link: bool) -> str:
    """The key expression of a condition around value (a column, or a parameter)."""
    if link:
        return value if rule.ignore_blanks else f"coalesce({value}, 0)"
    expr = value if rule.ignore_blanks else f"coalesce({value}, '')"
    expr = f"trim({expr})"
    if rule.ignore_case and not folded(rule, condition):
        expr = f"lower({expr})"
    if condition.match == FIRST:
        expr = f"substr({expr}, 1, {int(condition.chars)})"
    elif condition.match != EXACT:  # the last N characters
        expr = f"right({expr}, {int(condition.chars)})" if _postgres(db) else f"substr({expr}, -{int(condition.chars)})"
    return expr


def side(db: Database, rule: RuleSpec, matching: bool) -> Side:
    """The rule's key and filter over the records checked, or (matching) those compared with."""
    rt_key = rule.matching_type if matching else rule.record_type
    expressions, where = [], []
    for condition in rule.conditions:
        name = condition.other if matching else condition.field
        link = _is_link(rt_key, name)
        kept = folded(rule, condition)
        column = f'"{kept[0] if kept else _column(rt_key, name)}"'
        expressions.append(_wrap(db, rule, condition, column, link))
        if rule.ignore_blanks:
            where.append(f"{column} IS NOT NULL" if link else f"{column} IS NOT NULL AND trim({column}) <> ''")
    if rule.ignore_inactive:
        where.append(f"\"state\" = '{record_type(rt_key).states[0].key}'")
    return Side(_model(rt_key)._meta.table_name, tuple(expressions), tuple(where))


def lookup(db: Database, rule: RuleSpec, values: dict) -> tuple[str, list] | None:
    """SQL and parameters for the ids of the matching records whose key is that of values (the
    fields of a record of the rule's type, as stored), or None when a blank the rule ignores
    leaves nothing to compare."""
    theirs = side(db, rule, matching=True)
    terms, params = [], []
    for condition, expr in zip(rule.conditions, theirs.expressions):
        value = values.get(condition.field)
        link = _is_link(rule.record_type, condition.field)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") and rule.ignore_blanks:
            return None
        if (kept := folded(rule, condition)) and value is not None:
            value = sort_key(value)[:kept[1]]
        terms.append(f"{expr} = {_wrap(db, rule, condition, db.param, link)}")
        params.append(value)
    sql = f'SELECT "id" FROM "{theirs.table}" WHERE {" AND ".join(terms + list(theirs.where))}'
    return sql, params


def wanted(db: Database, rules: list[RuleSpec]) -> dict[str, Side]:
    """The index each active rule reads, by name."""
    found = {}
    for rule in rules:
        if rule.active:
            for matching in (False, True) if rule.matching_type != rule.record_type else (True,):
                keyed = side(db, rule, matching)
                found[keyed.index_name()] = keyed
    return found


def sync(db: Database, rules: list[RuleSpec]) -> None:
    """Make the indexes the active rules read and drop the ones no rule reads any more."""
    want = wanted(db, rules)
    for rt_key in RULE_TYPES:
        table = _model(rt_key)._meta.table_name
        for index in db.get_indexes(table):
            if index.name.startswith(PREFIX) and index.name not in want:
                db.execute_sql(f"DROP INDEX IF EXISTS {index.name}")
    for keyed in want.values():
        db.execute_sql(keyed.index_sql())
