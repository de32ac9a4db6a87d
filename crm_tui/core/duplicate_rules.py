"""What a duplicate detection rule is (Dynamics 365's): a record type's fields compared with those
of the same or another type, each condition exact or on the first or last N characters, with
case, blanks and inactive records ignored or not. The rules in force live in the database, where a
user edits them.

A condition is written as ``FIELD``, ``FIELD=OTHER_FIELD`` (the field it is compared with on the
matching type, when the names differ) and an optional ``:first N`` or ``:last N``; conditions are
joined by ``,``: ``first_name:first 3, last_name, parent_customer``. The shipped rules are
the first migration's that adds them (crm_tui.models.migrations.m0011_duplicate_rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crm_tui.core.fields import CUSTOMER, EMAIL, MULTILINE, PHONE, REFERENCE, TEXT, URL

RULE_TYPES = ("account", "contact", "lead")  # the types a rule checks, and may match against
EXACT, FIRST, LAST = "exact", "first", "last"
MATCHES = (EXACT, FIRST, LAST)
TEXT_KINDS = (TEXT, EMAIL, PHONE, URL, MULTILINE)
LINK_KINDS = (REFERENCE,)
CONDITION_RE = re.compile(r"^\s*(\w+)\s*(?:=\s*(\w+)\s*)?(?::\s*(first|last)\s*(\d+)\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Condition:
    field: str  # on the rule's record type
    matching_field: str = ""  # on the matching type; the same name when empty
    match: str = EXACT
    chars: int = 0  # for first and last

    @property
    def other(self) -> str:
        return self.matching_field or self.field

    def text(self) -> str:
        written = self.field if self.other == self.field else f"{self.field}={self.other}"
        return written if self.match == EXACT else f"{written}:{self.match} {self.chars}"


@dataclass(frozen=True)
class RuleSpec:
    name: str
    record_type: str
    matching_type: str
    conditions: tuple[Condition, ...]
    ignore_case: bool = True
    ignore_blanks: bool = True
    ignore_inactive: bool = True
    active: bool = True
    id: int | None = field(default=None, compare=False)

    def conditions_text(self) -> str:
        return ", ".join(c.text() for c in self.conditions)

    def describe(self) -> str:
        """What the rule compares, in words."""
        parts = []
        for c in self.conditions:
            what = c.field.replace("_", " ") if c.other == c.field else \
                f"{c.field.replace('_', ' ')} with {c.other.replace('_', ' ')}"
            parts.append(what if c.match == EXACT else f"{what} ({c.match} {c.chars} characters)")
        against = "" if self.matching_type == self.record_type else f" against {self.matching_type}s"
        return "same " + " and ".join(parts) + against


def parse_conditions(text: str) -> tuple[tuple[Condition, ...], str | None]:
    """The conditions written in text, or the reason it cannot be read."""
    conditions = []
    for part in (p for p in text.split(",") if p.strip()):
        found = CONDITION_RE.match(part)
        if not found:
            return (), f"Write a condition as FIELD, FIELD=OTHER_FIELD, or FIELD:first N / FIELD:last N (not {part.strip()!r})"
        name, other, how, chars = found.groups()
        if how and int(chars) < 1:
            return (), f"{part.strip()}: compare at least 1 character"
        conditions.append(Condition(name, other if other and other != name else "", (how or EXACT).lower(),
                                    int(chars) if how else 0))
    if not conditions:
        return (), "A rule needs at least one condition"
    return tuple(conditions), None


def condition_problem(condition: Condition, kind: str, other_kind: str, same_target: bool) -> str | None:
    """Why a condition between fields of these kinds cannot be compared, or None."""
    if kind in TEXT_KINDS and other_kind in TEXT_KINDS:
        return None
    if kind in LINK_KINDS and other_kind in LINK_KINDS:
        if condition.match != EXACT:
            return f"{condition.field} is a link: it matches exactly or not at all"
        return None if same_target else f"{condition.field} and {condition.other} link to different record types"
    if CUSTOMER in (kind, other_kind):
        return f"{condition.field}: a customer (account or contact) is not compared by rules yet"
    return f"{condition.field} and {condition.other} are not text or links of the same kind"
