"""Duplicate detection by the rules in the database: checking one record before it is saved, and
finding the duplicates across a whole record type.

A rule's match key is an indexed SQL expression (crm_tui.models.duplicate_keys), so a check is one
index lookup a rule and finding reads the index once in key order, never comparing rows
pairwise: 300,000 contacts are a single ordered read. A group is the records sharing one key,
largest first; for a rule that compares with another type (a lead's company with the accounts'
names) a group is the records of the rule's type, with the matching records beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from peewee import fn

from crm_tui.core.duplicate_rules import RULE_TYPES, RuleSpec, condition_problem, parse_conditions
from crm_tui.core.fields import coerce, sort_key
from crm_tui.core.types import record_type
from crm_tui.models import Account, Contact, Lead, database, duplicate_keys, utcnow
from crm_tui.models.duplicate_rule import DuplicateRule
from crm_tui.services.errors import ConflictError, NotFoundError, ValidationError

CHUNK = 5000  # rows a read
CHECK_LIMIT = 20  # possible duplicates named per rule
SIMILAR_SCORE = 88  # a fuzzy name score (0-100) from which a name is shown as close
SIMILAR_PREFIX = 3  # close names are looked for among those that start alike: an index range, not a scan
SIMILAR_READ = 200  # names read for the score at most
SIMILAR_SHOWN = 5


@dataclass(frozen=True)
class Possible:
    """A record a rule says the one being saved may be."""
    rule: str
    record_type: str
    id: int


@dataclass(frozen=True)
class Group:
    rule: RuleSpec
    value: str  # the key they share, as kept ("contoso ltd", "ada@example.com")
    ids: tuple[int, ...]  # the records of the rule's type, oldest first
    matching: tuple[int, ...] = ()  # for a rule comparing with another type: those records

    def as_dict(self) -> dict:
        found = {"rule": self.rule.name, "rule_id": self.rule.id, "matched": self.rule.describe(), "value": self.value, "ids": list(self.ids)}
        if self.rule.matching_type != self.rule.record_type:
            found[f"{self.rule.matching_type}s"] = list(self.matching)
        return found


# -- the rules -------------------------------------------------------------------------------------
def _spec(row: DuplicateRule) -> RuleSpec:
    return RuleSpec(row.name, row.record_type, row.matching_type, parse_conditions(row.conditions)[0],
                    row.ignore_case, row.ignore_blanks, row.ignore_inactive, row.active, id=row.id)


def rules(rt_key: str | None = None, active_only: bool = False) -> list[RuleSpec]:
    """The rules in force, of a record type or all, in the order they were made."""
    query = DuplicateRule.select().order_by(DuplicateRule.id)
    if rt_key:
        query = query.where(DuplicateRule.record_type == rt_key)
    if active_only:
        query = query.where(DuplicateRule.active == True)  # noqa: E712 (SQL, not Python)
    return [_spec(row) for row in query]


def sync_indexes() -> None:
    """Make the key indexes the active rules read, and drop those no rule reads."""
    duplicate_keys.sync(database.obj, rules())


def _checked(name: str, rt_key: str, matching_type: str, conditions_text: str, ignore_case: bool,
             ignore_blanks: bool, ignore_inactive: bool, active: bool) -> RuleSpec:
    errors = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Name the rule"
    elif len(name) > 100:
        errors["name"] = "Keep the name within 100 characters"
    for key, value in (("record_type", rt_key), ("matching_type", matching_type)):
        if value not in RULE_TYPES:
            errors[key] = f"Pick one of {', '.join(RULE_TYPES)}"
    conditions, problem = parse_conditions(conditions_text or "")
    if problem:
        errors["conditions"] = problem
    elif not errors:
        for condition in conditions:
            try:
                mine = record_type(rt_key).field(condition.field)
                theirs = record_type(matching_type).field(condition.other)
            except KeyError as missing:
                errors["conditions"] = f"{missing.args[0]} is not a field of {rt_key if missing.args[0] == condition.field else matching_type}s"
                break
            if problem := condition_problem(condition, mine.kind, theirs.kind, mine.target == theirs.target):
                errors["conditions"] = problem
                break
    if len(conditions_text or "") > 500:
        errors["conditions"] = "Keep the conditions within 500 characters"
    if errors:
        raise ValidationError(errors)
    return RuleSpec(name, rt_key, matching_type, conditions, bool(ignore_case), bool(ignore_blanks),
                    bool(ignore_inactive), bool(active))


def save_rule(rule_id: int | None, name: str, rt_key: str, matching_type: str, conditions: str, *,
              ignore_case: bool = True, ignore_blanks: bool = True, ignore_inactive: bool = True,
              active: bool = True, expected_version: int | None = None) -> RuleSpec:
    """Make a rule (rule_id None) or change one, and the index it reads."""
    spec = _checked(name, rt_key, matching_type, conditions, ignore_case, ignore_blanks, ignore_inactive, active)
    fields = dict(name=spec.name, record_type=spec.record_type, matching_type=spec.matching_type,
                  conditions=spec.conditions_text(), ignore_case=spec.ignore_case, ignore_blanks=spec.ignore_blanks,
                  ignore_inactive=spec.ignore_inactive, active=spec.active)
    with database.atomic():
        same_name = DuplicateRule.get_or_none(fn.LOWER(DuplicateRule.name) == spec.name.lower())
        if same_name is not None and same_name.id != rule_id:
            raise ValidationError({"name": f"A rule is already called {spec.name}"})
        if rule_id is None:
            row = DuplicateRule.create(**fields)
        else:
            row = DuplicateRule.get_or_none(DuplicateRule.id == rule_id)
            if row is None:
                raise NotFoundError(f"duplicate rule {rule_id} does not exist (any more)")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(_as_values(row), {})
            DuplicateRule.update(version=DuplicateRule.version + 1, modified_on=utcnow(), **fields).where(
                DuplicateRule.id == rule_id).execute()
        sync_indexes()
    return _spec(DuplicateRule.get_by_id(row.id))


def _as_values(row: DuplicateRule) -> dict[str, Any]:
    return {"name": row.name, "conditions": row.conditions, "active": row.active}


def set_active(rule_id: int, active: bool) -> RuleSpec:
    row = DuplicateRule.get_or_none(DuplicateRule.id == rule_id)
    if row is None:
        raise NotFoundError(f"duplicate rule {rule_id} does not exist (any more)")
    return save_rule(rule_id, row.name, row.record_type, row.matching_type, row.conditions,
                     ignore_case=row.ignore_case, ignore_blanks=row.ignore_blanks,
                     ignore_inactive=row.ignore_inactive, active=active)


def delete_rule(rule_id: int) -> None:
    with database.atomic():
        if not DuplicateRule.delete().where(DuplicateRule.id == rule_id).execute():
            raise NotFoundError(f"duplicate rule {rule_id} does not exist (any more)")
        sync_indexes()


# -- checking one record ---------------------------------------------------------------------------
class Checker:
    """The active rules of a record type, read once, checking record after record (an import's rows).
    similar: also the records whose name is close (a fuzzy score), after the rules' matches."""

    def __init__(self, rt_key: str, similar: bool = False) -> None:
        self.rt_key = rt_key
        self.rules = rules(rt_key, active_only=True) if rt_key in RULE_TYPES else []
        self.similar = similar and rt_key in RULE_TYPES
        self.fields = {c.field for rule in self.rules for c in rule.conditions}
        if self.similar:
            self.fields |= set(_title_fields(rt_key))

    def __call__(self, values: dict[str, Any], exclude_id: int | None = None,
                 same_type_only: bool = False) -> list[Possible]:
        """The records the rules say a record with these values may duplicate (not itself)."""
        stored = self._stored(values)
        found: list[Possible] = []
        seen: set[tuple[str, int]] = set()
        db = database.obj
        for rule in self.rules:
            if same_type_only and rule.matching_type != self.rt_key:
                continue
            lookup = duplicate_keys.lookup(db, rule, stored)
            if lookup is None:
                continue
            sql, params = lookup
            if exclude_id is not None and rule.matching_type == self.rt_key:
                sql += f' AND "id" <> {db.param}'
                params.append(exclude_id)
            sql += f' ORDER BY "id" LIMIT {CHECK_LIMIT}'
            for (rid,) in db.execute_sql(sql, params).fetchall():
                if (rule.matching_type, rid) not in seen:
                    seen.add((rule.matching_type, rid))
                    found.append(Possible(rule.name, rule.matching_type, rid))
        if self.similar:
            found += _similar(self.rt_key, values, exclude_id, {rid for kind, rid in seen if kind == self.rt_key})
        return found

    def _stored(self, values: dict[str, Any]) -> dict[str, Any]:
        """The rule fields of values as they would be stored (a link's id, text trimmed)."""
        rt = record_type(self.rt_key)
        stored = {}
        for name in self.fields & set(values):
            value = values[name]
            if isinstance(value, tuple):  # a link as (type, id)
                value = value[1]
            if value not in (None, "") and not isinstance(value, int):
                value, problem = coerce(rt.field(name), value)
                if problem:
                    value = None  # a value the save will refuse anyway: nothing to compare
            stored[name] = value
        return stored


def check(rt_key: str, values: dict[str, Any], exclude_id: int | None = None, similar: bool = False) -> list[Possible]:
    """The records the active rules say a record with these values may duplicate (not itself);
    similar: and those of a close name, ranked below them."""
    return Checker(rt_key, similar)(values, exclude_id)


def _title_fields(rt_key: str) -> tuple[str, ...]:
    return ("name",) if rt_key == "account" else ("last_name", "first_name")


def _similar(rt_key: str, values: dict[str, Any], exclude_id: int | None, found: set[int]) -> list[Possible]:
    """Active records whose folded name scores SIMILAR_SCORE or more against this one's (typos,
    a word more or less), closest first: among the names starting with the same letters, read
    from the sort-name index."""
    from rapidfuzz import fuzz

    model = {"account": Account, "contact": Contact, "lead": Lead}[rt_key]
    name = sort_key(*(values.get(f) if isinstance(values.get(f), str) else None for f in _title_fields(rt_key)))
    if len(name) < SIMILAR_PREFIX + 1:
        return []
    prefix = name[:SIMILAR_PREFIX]
    query = (model.select(model.id, model.sort_name)
             .where((model.sort_name >= prefix) & (model.sort_name < prefix + "\uffff")
                    & (model.state == record_type(rt_key).states[0].key))
             .order_by(model.sort_name).limit(SIMILAR_READ))
    scored = []
    for rid, other in query.tuples():
        if rid == exclude_id or rid in found or other == name:
            continue  # itself, or a rule's match already
        score = fuzz.token_sort_ratio(name, other)
        if score >= SIMILAR_SCORE:
            scored.append((score, rid))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Possible(f"A similar name ({score:.0f}% alike)", rt_key, rid) for score, rid in scored[:SIMILAR_SHOWN]]


# -- finding them all ------------------------------------------------------------------------------
def _rows(sql: str, params: list) -> Iterator[tuple]:
    cursor = database.obj.execute_sql(sql, params)
    while rows := cursor.fetchmany(CHUNK):
        yield from rows


def _keyed(rule: RuleSpec, matching: bool) -> tuple[str, str]:
    """SELECT of (key..., id) over one side of the rule, in key order; and the key's expressions."""
    side = duplicate_keys.side(database.obj, rule, matching)
    keys = ", ".join(side.expressions)
    where = f" WHERE {' AND '.join(side.where)}" if side.where else ""
    return f'SELECT {keys}, "id" FROM "{side.table}"{where} ORDER BY {keys}, "id"', keys


def find(rt_key: str, progress: Callable[[int, int, str], None] | None = None) -> list[Group]:
    """Every group of possible duplicates of the type, by every active rule, largest first;
    progress(rules done, rules, the rule now read) as it goes."""
    if rt_key not in RULE_TYPES:
        raise ValidationError({"": f"Duplicates are found among {', '.join(t + 's' for t in RULE_TYPES)}"})
    groups: list[Group] = []
    active = rules(rt_key, active_only=True)
    for done, rule in enumerate(active):
        if progress:
            progress(done, len(active), rule.name)
        if rule.matching_type != rt_key:
            groups += _against_other(rule)
            continue
        current, ids = None, []
        for *key, rid in _rows(_keyed(rule, matching=False)[0], []):
            key = tuple(key)
            if key != current:
                if len(ids) > 1:
                    groups.append(Group(rule, _shown(current), tuple(ids)))
                current, ids = key, []
            ids.append(rid)
        if len(ids) > 1:
            groups.append(Group(rule, _shown(current), tuple(ids)))
    if progress:
        progress(len(active), len(active), "")
    groups.sort(key=lambda group: (-len(group.ids) - len(group.matching), group.rule.name, group.value))
    return groups


def _shown(key: tuple) -> str:
    return " · ".join(str(part) for part in key if part not in (None, ""))


def _against_other(rule: RuleSpec) -> list[Group]:
    """Records of the rule's type whose key some records of the matching type share."""
    db = database.obj
    by_key: dict[tuple, list[int]] = {}
    for *key, rid in _rows(_keyed(rule, matching=False)[0], []):
        by_key.setdefault(tuple(key), []).append(rid)
    side = duplicate_keys.side(db, rule, matching=True)
    keys = list(by_key)
    groups = []
    width = len(side.expressions)
    step = max(1, 500 // width)
    for start in range(0, len(keys), step):
        chunk = keys[start:start + step]
        if width == 1:  # one key: an IN the index answers
            row_terms = f"{side.expressions[0]} IN ({', '.join(db.param for _ in chunk)})"
        else:
            row_terms = " OR ".join("(" + " AND ".join(f"{e} = {db.param}" for e in side.expressions) + ")"
                                    for _ in chunk)
        where = " AND ".join(list(side.where) + [f"({row_terms})"])
        sql = f'SELECT {", ".join(side.expressions)}, "id" FROM "{side.table}" WHERE {where} ORDER BY "id"'
        found: dict[tuple, list[int]] = {}
        for *key, rid in db.execute_sql(sql, [part for key in chunk for part in key]).fetchall():
            found.setdefault(tuple(key), []).append(rid)
        for key in chunk:
            if key in found:
                groups.append(Group(rule, _shown(key), tuple(by_key[key]), tuple(found[key])))
    return groups
