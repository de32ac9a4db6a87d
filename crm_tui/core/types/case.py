"""Cases (Dynamics' incidents): a customer's question or problem, worked under an SLA until resolved."""

from __future__ import annotations

import re

from crm_tui.core.action import Action
from crm_tui.core.fields import CHOICE, CUSTOMER, DATETIME, DURATION, MULTILINE, REFERENCE, FieldSpec
from crm_tui.core.record_type import RecordType, RelatedTab, State, all_of

PRIORITIES = ("High", "Normal", "Low")  # also the order of the "by priority" queue
ORIGINS = ("Phone", "Email", "Web", "Facebook", "Twitter", "IoT")
CASE_TYPES = ("Question", "Problem", "Request")

CASE_ACTIVE, CASE_RESOLVED, CASE_CANCELLED = "active", "resolved", "cancelled"
CASE_STATES = (
    State(CASE_ACTIVE, "Active", ("In Progress", "On Hold", "Waiting for Details", "Researching")),
    State(CASE_RESOLVED, "Resolved", ("Problem Solved", "Information Provided")),
    State(CASE_CANCELLED, "Cancelled", ("Cancelled", "Merged")),
)
CASE_REASONS: dict[str, tuple[str, ...]] = {state.key: state.reasons for state in CASE_STATES}
ON_HOLD = "On Hold"  # the SLA clock stops while a case waits here
CASE_STATE_NAMES = {state.key: state.label for state in CASE_STATES}

# The state of an SLA's KPI (first response, resolve) at a moment.
KPI_IN_PROGRESS, KPI_NEARING, KPI_SUCCEEDED, KPI_NONCOMPLIANT, KPI_PAUSED, KPI_CANCELED = (
    "In progress", "Nearing noncompliance", "Succeeded", "Noncompliant", "Paused", "Canceled")

CASE_PREFIX = "CAS-"
CASE_NUMBER_RE = re.compile(r"^\s*(?:cas-?)?0*(\d{1,12})\s*$", re.IGNORECASE)


def case_number(case_id: int) -> str:
    """The readable, unique number of a case: CAS-01042."""
    return f"{CASE_PREFIX}{case_id:05d}"


def case_id_of(text: str) -> int | None:
    """The case id a typed number means ("CAS-01042", "cas1042", "1042"), else None."""
    match = CASE_NUMBER_RE.match(text)
    return int(match.group(1)) if match else None


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
    FieldSpec("contact", "Contact", REFERENCE, target="contact"),
    FieldSpec("entitlement", "Entitlement", REFERENCE, target="entitlement"),
    FieldSpec("parent_case", "Parent case", REFERENCE, target="case"),
    FieldSpec("sla", "SLA", REFERENCE, computed=True, target="sla"),
    FieldSpec("merged_into", "Merged into", REFERENCE, computed=True, target="case"),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

CASE = RecordType(
    "case", "Case", "Cases", CASE_FIELDS,
    list_columns=("title", "customer", "priority", "status_reason", "created_on", "owner"),
    starting_texts=(("priority", "Normal"), ("status_reason", "In Progress"), ("origin", "Phone")),
    states=CASE_STATES,
    narrowings=("priority", "origin"),
    on_timeline=True,
    open_links=("customer", "merged_into", "parent_case"),
    read_only_note="Read-only while resolved or cancelled: r reactivates it.",
    tabs=(
        RelatedTab("customer-cases", "Customer's cases", "case_recent", "its_customer",
                   "No other cases of this customer.", exclude_self=True),
        RelatedTab("child-cases", "Child cases", "case_recent", "linked", "No child cases.", count="children",
                   link="parent_case"),
        RelatedTab("entitlements", "Entitlements", "entitlement", "its_customer", "The customer has no entitlements."),
    ),
    actions=(
        Action("record.resolve", "R", "Resolve", run="resolve_case", types=("case",), states=(CASE_ACTIVE,),
               operation="resolve", dialog="resolve",
               help="resolve: the resolution, and what it closes with it (open activities, child cases)"),
        Action("record.cancel_case", "C", "Cancel case", types=("case",), states=(CASE_ACTIVE,),
               operation="cancel", dialog="confirm", done="Cancelled", help="cancel the case (asks first)"),
        Action("record.merge", "M", "Merge into…", run="merge_case", types=("case",), states=(CASE_ACTIVE,),
               operation="merge", dialog="picker",
               help="merge into another active case (type its number or title)"),
        Action("record.first_response", "F", "First response sent", types=("case",), states=(CASE_ACTIVE,),
               operation="mark_first_response", done="First response marked: its SLA KPI is decided", keep_edits=True,
               help="mark the first response sent"),
        Action("record.reactivate_case", "r", "Reactivate", types=("case",), states=(CASE_RESOLVED, CASE_CANCELLED),
               operation="reactivate", done="Reactivated: the case is active again", keep_edits=True,
               help="reactivate a resolved or cancelled case"),
        Action("record.new_case", "N", "New case", types=("account", "contact"), saved=True, keep_edits=True,
               help="a new case for this customer (a contact in an account: the account's, with them as contact)"),
        Action("record.parent_case", "p", "Parent case", run="choose_parent_case", footer=False, types=("case",),
               help="choose the parent case"),
        Action("record.entitlement", "i", "Entitlement", run="choose_entitlement", footer=False, types=("case",),
               help="choose the entitlement (the customer's usable ones)"),
    ),
)
