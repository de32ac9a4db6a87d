"""What each record type is called and which fields it has, in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from crm_tui.services.fields import (
    CHOICE,
    CUSTOMER,
    DATE,
    DATETIME,
    DURATION,
    EMAIL,
    INTEGER,
    MONEY,
    MULTILINE,
    PERCENT,
    PHONE,
    QUANTITY,
    REFERENCE,
    REGARDING,
    URL,
    FieldSpec,
)
from crm_tui.services.sales_types import (
    LEAD_OPEN,
    LEAD_REASONS,
    OPP_OPEN,
    LEAD_SOURCES,
    OPPORTUNITY_REASONS,
    RATINGS,
    STAGES,
    all_of,
)
from crm_tui.services.service_types import (
    ALLOCATIONS,
    CASE_ACTIVE,
    CASE_REASONS,
    CASE_TYPES,
    DECREASE_ON,
    ENTITLEMENT_REASONS,
    ORIGINS,
    PRIORITIES,
)

INDUSTRIES = (
    "Accounting", "Agriculture and Non-petrol Natural Resource Extraction", "Broadcasting Printing and Publishing",
    "Brokers", "Building Supply Retail", "Business Services", "Consulting", "Consumer Services",
    "Design, Direction and Creative Management", "Distributors, Dispatchers and Processors",
    "Doctor's Offices and Clinics", "Durable Manufacturing", "Eating and Drinking Places",
    "Entertainment Retail", "Equipment Rental and Leasing", "Financial", "Food and Tobacco Processing",
    "Inbound Capital Intensive Processing", "Inbound Repair and Services", "Insurance", "Legal Services",
    "Non-Durable Merchandise Retail", "Outbound Consumer Service", "Petrochemical Extraction and Distribution",
    "Service Retail", "SIG Affiliations", "Social Services", "Special Outbound Trade Contractors",
    "Specialty Realty", "Transportation", "Utility Creation and Distribution", "Vehicle Retail", "Wholesale",
)
RELATIONSHIP_TYPES = (
    "Competitor", "Consultant", "Customer", "Investor", "Partner", "Influencer", "Press",
    "Prospect", "Reseller", "Supplier", "Vendor", "Other",
)

ADDRESS_FIELDS = (
    FieldSpec("street", "Street", max_length=250),
    FieldSpec("city", "City", max_length=80),
    FieldSpec("state_province", "State/Province", max_length=50),
    FieldSpec("postal_code", "ZIP/Postal code", max_length=20),
    FieldSpec("country", "Country/Region", max_length=80),
)

ACCOUNT_FIELDS = (
    FieldSpec("name", "Account name", required=True, max_length=160),
    FieldSpec("account_number", "Account number", max_length=20),
    FieldSpec("phone", "Phone", PHONE, max_length=50),
    FieldSpec("email", "Email", EMAIL, max_length=100),
    FieldSpec("website", "Website", URL, max_length=200),
    *ADDRESS_FIELDS,
    FieldSpec("industry", "Industry", CHOICE, choices=INDUSTRIES),
    FieldSpec("relationship_type", "Relationship type", CHOICE, choices=RELATIONSHIP_TYPES),
    FieldSpec("annual_revenue", "Annual revenue", MONEY),
    FieldSpec("employees", "Employees", INTEGER),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("parent", "Parent account", REFERENCE),
    FieldSpec("primary_contact", "Primary contact", REFERENCE),
    FieldSpec("owner", "Owner", REFERENCE),
)

CONTACT_FIELDS = (
    FieldSpec("first_name", "First name", max_length=50),
    FieldSpec("last_name", "Last name", required=True, max_length=50),
    FieldSpec("job_title", "Job title", max_length=100),
    FieldSpec("email", "Email", EMAIL, max_length=100),
    FieldSpec("email2", "Email 2", EMAIL, max_length=100),
    FieldSpec("business_phone", "Business phone", PHONE, max_length=50),
    FieldSpec("mobile_phone", "Mobile phone", PHONE, max_length=50),
    *ADDRESS_FIELDS,
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("parent_customer", "Account", REFERENCE),
    FieldSpec("owner", "Owner", REFERENCE),
)

LEAD_FIELDS = (
    FieldSpec("topic", "Topic", required=True, max_length=200),
    FieldSpec("first_name", "First name", max_length=50),
    FieldSpec("last_name", "Last name", required=True, max_length=50),
    FieldSpec("job_title", "Job title", max_length=100),
    FieldSpec("company_name", "Company", max_length=160),
    FieldSpec("email", "Email", EMAIL, max_length=100),
    FieldSpec("business_phone", "Business phone", PHONE, max_length=50),
    FieldSpec("mobile_phone", "Mobile phone", PHONE, max_length=50),
    FieldSpec("website", "Website", URL, max_length=200),
    FieldSpec("source", "Lead source", CHOICE, choices=LEAD_SOURCES),
    FieldSpec("rating", "Rating", CHOICE, choices=RATINGS),
    FieldSpec("estimated_value", "Est. value", MONEY),
    FieldSpec("status_reason", "Status reason", CHOICE, choices=all_of(LEAD_REASONS),
              form_choices=LEAD_REASONS[LEAD_OPEN]),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("qualified_account", "Qualified account", REFERENCE),
    FieldSpec("qualified_contact", "Qualified contact", REFERENCE),
    FieldSpec("owner", "Owner", REFERENCE),
)

OPPORTUNITY_FIELDS = (
    FieldSpec("topic", "Topic", required=True, max_length=200),
    FieldSpec("estimated_revenue", "Est. revenue", MONEY),
    FieldSpec("estimated_close", "Est. close date", DATE),
    FieldSpec("probability", "Probability (%)", PERCENT),
    FieldSpec("stage", "Sales stage", CHOICE, choices=STAGES),
    FieldSpec("status_reason", "Status reason", CHOICE, choices=all_of(OPPORTUNITY_REASONS),
              form_choices=OPPORTUNITY_REASONS[OPP_OPEN]),
    FieldSpec("actual_revenue", "Actual revenue", MONEY),
    FieldSpec("actual_close", "Actual close date", DATE),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("customer", "Customer", CUSTOMER),
    FieldSpec("contact", "Contact", REFERENCE),
    FieldSpec("originating_lead", "Originating lead", REFERENCE),
    FieldSpec("owner", "Owner", REFERENCE),
)


CASE_FIELDS = (
    FieldSpec("title", "Case title", required=True, max_length=200),
    FieldSpec("priority", "Priority", CHOICE, choices=PRIORITIES),
    FieldSpec("origin", "Origin", CHOICE, choices=ORIGINS),
    FieldSpec("case_type", "Case type", CHOICE, choices=CASE_TYPES),
    FieldSpec("status_reason", "Status reason", CHOICE, choices=all_of(CASE_REASONS),
              form_choices=CASE_REASONS[CASE_ACTIVE]),
    FieldSpec("description", "Description", MULTILINE, max_length=10_000),
    FieldSpec("first_response_by", "First response by", DATETIME, computed=True),
    FieldSpec("resolve_by", "Resolve by", DATETIME, computed=True),
    FieldSpec("first_responded_on", "First response", DATETIME, computed=True),
    FieldSpec("resolution_type", "Resolution type", CHOICE, choices=CASE_REASONS["resolved"], computed=True),
    FieldSpec("resolution", "Resolution", MULTILINE, max_length=4000, computed=True),
    FieldSpec("time_spent_minutes", "Time spent", DURATION, computed=True),
    FieldSpec("resolved_on", "Resolved on", DATETIME, computed=True),
    FieldSpec("customer", "Customer", CUSTOMER),
    FieldSpec("contact", "Contact", REFERENCE),
    FieldSpec("entitlement", "Entitlement", REFERENCE),
    FieldSpec("parent_case", "Parent case", REFERENCE),
    FieldSpec("sla", "SLA", REFERENCE, computed=True),
    FieldSpec("merged_into", "Merged into", REFERENCE, computed=True),
    FieldSpec("owner", "Owner", REFERENCE),
)

ENTITLEMENT_FIELDS = (
    FieldSpec("name", "Name", required=True, max_length=160),
    FieldSpec("start_date", "Start date", DATE, required=True),
    FieldSpec("end_date", "End date", DATE, required=True),
    FieldSpec("allocation", "Allocation type", CHOICE, required=True, choices=ALLOCATIONS),
    FieldSpec("total_terms", "Total terms", QUANTITY, required=True),
    FieldSpec("remaining_terms", "Remaining terms", QUANTITY, computed=True),
    FieldSpec("decrease_on", "Decrease on", CHOICE, required=True, choices=DECREASE_ON),
    FieldSpec("status_reason", "Status", CHOICE, choices=all_of(ENTITLEMENT_REASONS), computed=True),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("customer", "Customer", CUSTOMER),
    FieldSpec("owner", "Owner", REFERENCE),
)

SLA_FIELDS = (
    FieldSpec("name", "Name", required=True, max_length=100),
    FieldSpec("priority", "Case priority", CHOICE, required=True, choices=PRIORITIES),
    FieldSpec("first_response_minutes", "First response in", DURATION, required=True, placeholder="4h"),
    FieldSpec("resolve_minutes", "Resolve in", DURATION, required=True, placeholder="2d"),
    FieldSpec("warn_percent", "Warn at (% used)", PERCENT, placeholder="75"),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("owner", "Owner", REFERENCE),
)


# The organisation's own names (from the settings): record type key -> (singular, plural),
# and (record type key, field name) -> label. Empty: the names below.
_names: dict[str, tuple[str, str]] = {}
_labels: dict[tuple[str, str], str] = {}
_version = [0]  # bumped by each set_names: screens that word their keys with the names follow it


def names_version() -> int:
    return _version[0]


def set_names(names: dict[str, tuple[str, str]], labels: dict[tuple[str, str], str]) -> None:
    """Use the organisation's names for record types and field labels from now on."""
    _names.clear()
    _names.update(names)
    _labels.clear()
    _labels.update(labels)
    _version[0] += 1


@dataclass(frozen=True)
class RecordType:
    key: str
    default_singular: str
    default_plural: str
    default_fields: tuple[FieldSpec, ...]

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

    @property
    def form_fields(self) -> tuple[FieldSpec, ...]:
        """Fields typed into the form; links to other records are chosen with pickers."""
        return tuple(f for f in self.fields if f.kind not in (REFERENCE, REGARDING, CUSTOMER))

    @property
    def typed_fields(self) -> tuple[FieldSpec, ...]:
        """Form fields a user types into (the computed ones are only shown)."""
        return tuple(f for f in self.form_fields if not f.computed)


_fields_cache: dict[str, tuple[int, tuple[FieldSpec, ...]]] = {}
_words_cache: list = [None, None]  # (names version, the pattern and replacements)


def in_our_words(text: str) -> str:
    """A default text with every record type's default name in it replaced by the organisation's
    name for it: "Parent account" -> "Parent company", "Account" -> "Company"."""
    if not _names:
        return text
    if _words_cache[0] != _version[0]:
        words: dict[str, str] = {}
        for rt in RECORD_TYPES:
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


def noun(key: str, many: bool = False) -> str:
    """A record type's name inside a sentence: noun("account") -> "company" if so named."""
    rt = record_type(key)
    return lower_noun(rt.plural if many else rt.singular)


AN_LETTERS = "AEFHILMNORSX"  # an acronym read letter by letter: "an SLA", "an FAQ", "a KPI"


def with_article(name: str) -> str:
    """"an opportunity", "a company", "an SLA": a name as it reads after a or an."""
    if name[:2].isupper():
        return f"{'an' if name[0] in AN_LETTERS else 'a'} {name}"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def a_noun(key: str) -> str:
    """noun(key) with its article: a_noun("opportunity") -> "an opportunity"."""
    return with_article(noun(key))


def counted(count: int, key: str, prefix: str = "") -> str:
    """"3 contacts", "1 sub-account": a count of records in the organisation's words."""
    return f"{count:,} {prefix}{noun(key, count != 1)}"


def in_a_list(parts: list[str]) -> str:
    """"a, b and c"."""
    parts = [p for p in parts if p]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)


def singular(key: str) -> str:
    return record_type(key).singular


def plural(key: str) -> str:
    return record_type(key).plural


ACCOUNT = RecordType("account", "Account", "Accounts", ACCOUNT_FIELDS)
CONTACT = RecordType("contact", "Contact", "Contacts", CONTACT_FIELDS)

LEAD = RecordType("lead", "Lead", "Leads", LEAD_FIELDS)
OPPORTUNITY = RecordType("opportunity", "Opportunity", "Opportunities", OPPORTUNITY_FIELDS)

CASE = RecordType("case", "Case", "Cases", CASE_FIELDS)
ENTITLEMENT = RecordType("entitlement", "Entitlement", "Entitlements", ENTITLEMENT_FIELDS)
SLA = RecordType("sla", "SLA", "SLAs", SLA_FIELDS)

RECORD_TYPES = (ACCOUNT, CONTACT, LEAD, OPPORTUNITY, CASE, ENTITLEMENT, SLA)


def record_type(key: str) -> RecordType:
    for rt in RECORD_TYPES:
        if rt.key == key:
            return rt
    raise KeyError(key)
