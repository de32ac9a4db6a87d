"""What a record type is: one descriptor per type (crm_tui/core/types/), and the organisation's
names for types and fields laid over them (the settings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from crm_tui.core.fields import CUSTOMER, REFERENCE, REGARDING, FieldSpec

if TYPE_CHECKING:
    from crm_tui.core.action import Action


@dataclass(frozen=True)
class State:
    key: str
    label: str
    reasons: tuple[str, ...] = ()  # its status reasons, the first the default
    muted: bool = False  # its rows look muted in a list


@dataclass(frozen=True)
class RelatedTab:
    """A list beside a record's form: the records of `source` that point at it."""

    name: str  # "contacts": the pane "tab-contacts", the list "related-contacts"
    title: str  # in the default names; shown in the organisation's (in_our_words)
    source: str  # the list source it reads
    scope: str  # the ListQuery field the record fills: "linked": the records whose `link` points at it;
    # "customer": account_id or contact_id, by the record's own type; "its_customer": the record's customer's
    empty: str  # what an empty list says (default names)
    count: str = ""  # its count in Detail.counts ("" : shown without one)
    exclude_self: bool = False
    link: str = ""  # the listed records' field that points at this record (scope is then "linked")


ACTIVE_INACTIVE = (State("active", "Active"), State("inactive", "Inactive", muted=True))


@dataclass(frozen=True)
class RecordType:
    """Everything the layers above ask of a record type, declared once."""

    key: str
    default_singular: str
    default_plural: str
    default_fields: tuple[FieldSpec, ...]
    states: tuple[State, ...] = ACTIVE_INACTIVE  # a list starts at the first; v steps through them, then All
    actions: tuple[Action, ...] = ()  # its own actions (crm_tui/core/actions.py has the shared ones)
    tabs: tuple[RelatedTab, ...] = ()  # beside the timeline, in this order
    on_timeline: bool = False  # has a timeline (and the tabs beside it)
    open_links: tuple[str, ...] = ("regarding",)  # what l opens: the first of these links that is set
    read_only_note: str = "Read-only while closed: r reopens it."
    owned: bool = True  # people own its records: a list of them offers mine or everyone's
    narrowings: tuple[str, ...] = ()  # the choice fields f narrows its list by
    list_columns: tuple[str, ...] = ()  # a new view's columns, sorted by the first
    starting_texts: tuple[tuple[str, str], ...] = ()  # a new record's form starts with these (dates: "today", "+365d")
    phone_fields: tuple[str, ...] = ()  # the log dialog dials the first that is filled
    email_field: str = ""

    @property
    def singular(self) -> str:
        return _names.get(self.key, (self.default_singular,))[0]

    @property
    def plural(self) -> str:
        return _names.get(self.key, (None, self.default_plural))[1]

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        if not _labels and not _names:
            return self.default_fields
        kept = _fields_cache.get(self.key)
        if kept is None or kept[0] != _version[0]:
            # A label the organisation set is theirs; a default one that names a record type
            # ("Account name", "Primary contact") says it in the organisation's words.
            kept = (_version[0], tuple(
                replace(f, label=_labels.get((self.key, f.name)) or in_our_words(f.label))
                for f in self.default_fields))
            _fields_cache[self.key] = kept
        return kept[1]

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(spec.name == name for spec in self.default_fields)

    @property
    def form_fields(self) -> tuple[FieldSpec, ...]:
        """Fields typed into the form; links to other records are chosen with pickers."""
        return tuple(f for f in self.fields if f.kind not in (REFERENCE, REGARDING, CUSTOMER))

    @property
    def typed_fields(self) -> tuple[FieldSpec, ...]:
        """Form fields a user types into (the computed ones are only shown)."""
        return tuple(f for f in self.form_fields if not f.computed)

    @property
    def state_keys(self) -> tuple[str, ...]:
        return tuple(state.key for state in self.states)

    def state(self, key: str) -> State:
        for state in self.states:
            if state.key == key:
                return state
        raise KeyError(key)

    @property
    def reasons(self) -> dict[str, tuple[str, ...]]:
        """state -> its status reasons."""
        return {state.key: state.reasons for state in self.states}

    @property
    def state_names(self) -> dict[str, str]:
        return {state.key: state.label for state in self.states}


def state_of(reasons_by_state: dict[str, tuple[str, ...]], reason: str) -> str | None:
    for state, allowed in reasons_by_state.items():
        if reason in allowed:
            return state
    return None


def all_of(reasons_by_state: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(r for allowed in reasons_by_state.values() for r in allowed)


# The organisation's own names (from the settings): record type key -> (singular, plural),
# and (record type key, field name) -> label. Empty: the default names.
_names: dict[str, tuple[str, str]] = {}
_labels: dict[tuple[str, str], str] = {}
_version = [0]  # bumped by each set_names: what words itself with the names follows it
_renamable: dict[str, RecordType] = {}  # the types the organisation may rename (core.types registers them)
_fields_cache: dict[str, tuple[int, tuple[FieldSpec, ...]]] = {}
_words_cache: list = [None, None]  # (names version, the pattern and replacements)


def register(*types: RecordType) -> None:
    _renamable.update((rt.key, rt) for rt in types)


def names_version() -> int:
    return _version[0]


def set_names(names: dict[str, tuple[str, str]], labels: dict[tuple[str, str], str]) -> None:
    """Use the organisation's names for record types and field labels from now on."""
    _names.clear()
    _names.update(names)
    _labels.clear()
    _labels.update(labels)
    _version[0] += 1


def in_our_words(text: str) -> str:
    """A default text with every record type's default name in it replaced by the organisation's
    name for it: "Parent account" -> "Parent company", "Account" -> "Company"."""
    if not _names:
        return text
    if _words_cache[0] != _version[0]:
        words: dict[str, str] = {}
        for rt in _renamable.values():
            if rt.key in _names:
                words[rt.default_plural.casefold()] = rt.plural
                words[rt.default_singular.casefold()] = rt.singular
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                             + r")\b", re.IGNORECASE) if words else None
        _words_cache[:] = [_version[0], (pattern, words)]
    pattern, words = _words_cache[1]
    if pattern is None:
        return text

    def ours(match: re.Match) -> str:
        name = words[match.group().casefold()]
        return name if match.group()[:1].isupper() else lower_noun(name)

    return pattern.sub(ours, text)


def lower_noun(name: str) -> str:
    """A name as it reads inside a sentence: "Companies" -> "companies", but "SLA" stays."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


AN_LETTERS = "AEFHILMNORSX"  # an acronym read letter by letter: "an SLA", "an FAQ", "a KPI"


def with_article(name: str) -> str:
    """"an opportunity", "a company", "an SLA": a name as it reads after a or an."""
    if name[:2].isupper():
        return f"{'an' if name[0] in AN_LETTERS else 'a'} {name}"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def in_a_list(parts: list[str]) -> str:
    """"a, b and c"."""
    parts = [p for p in parts if p]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)


def address_fields() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("street", "Street", max_length=250),
        FieldSpec("city", "City", max_length=80),
        FieldSpec("state_province", "State/Province", max_length=50),
        FieldSpec("postal_code", "ZIP/Postal code", max_length=20),
        FieldSpec("country", "Country/Region", max_length=80),
    )
