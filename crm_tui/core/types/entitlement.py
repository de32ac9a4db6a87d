"""Entitlements: the support a customer is owed, in cases or hours, used by their cases."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.fields import CHOICE, CUSTOMER, DATE, MULTILINE, QUANTITY, REFERENCE, FieldSpec
from crm_tui.core.record_type import RecordType, RelatedTab, State, all_of

ENT_DRAFT, ENT_ACTIVE, ENT_EXPIRED, ENT_CANCELLED = "draft", "active", "expired", "cancelled"
ENTITLEMENT_STATES = (  # a list of them starts at the active ones
    State(ENT_ACTIVE, "Active", ("Active",)),
    State(ENT_DRAFT, "Draft", ("Draft",)),
    State(ENT_EXPIRED, "Expired", ("Expired",)),
    State(ENT_CANCELLED, "Cancelled", ("Cancelled",)),
)
ENTITLEMENT_REASONS: dict[str, tuple[str, ...]] = {
    state.key: state.reasons for state in sorted(ENTITLEMENT_STATES, key=lambda s: s.key != ENT_DRAFT)}
ENTITLEMENT_STATE_NAMES = {state.key: state.label for state in ENTITLEMENT_STATES}
BY_CASES, BY_HOURS = "Number of cases", "Number of hours"
ALLOCATIONS = (BY_CASES, BY_HOURS)
ON_CREATION, ON_RESOLUTION = "Case creation", "Case resolution"
DECREASE_ON = (ON_CREATION, ON_RESOLUTION)


def terms_text(remaining, total) -> str:
    """An entitlement's terms as "7 of 10" (hours may have decimals: "8.5 of 10")."""
    return f"{remaining.normalize():f} of {total.normalize():f}"


def terms_unit(allocation: str) -> str:
    return "hours" if allocation == BY_HOURS else "cases"


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
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

ENTITLEMENT = RecordType(
    "entitlement", "Entitlement", "Entitlements", ENTITLEMENT_FIELDS,
    list_columns=("name", "customer", "end_date", "remaining_terms", "status_reason", "owner"),
    starting_texts=(("start_date", "today"), ("end_date", "+365d"), ("allocation", BY_CASES), ("decrease_on", ON_CREATION)),
    states=ENTITLEMENT_STATES,
    on_timeline=True,
    open_links=("customer",),
    read_only_note="Only a draft can be changed: r sets it back to draft, then A activates it again.",
    tabs=(RelatedTab("cases", "Cases", "case_recent", "linked", "No case has used it yet.", count="cases",
                       link="entitlement"),),
    actions=(
        Action("record.activate_entitlement", "A", "Activate", types=("entitlement",), states=(ENT_DRAFT,),
               operation="activate", done="Activated: new cases of the customer use it", help="activate a draft"),
        Action("record.cancel_entitlement", "C", "Cancel entitlement", types=("entitlement",),
               states=(ENT_DRAFT, ENT_ACTIVE, ENT_EXPIRED), operation="cancel",
               done="Cancelled: no new case can use it", help="cancel it"),
        Action("record.draft_entitlement", "r", "Back to draft", types=("entitlement",),
               states=(ENT_ACTIVE, ENT_EXPIRED, ENT_CANCELLED), operation="to_draft", keep_edits=True,
               done="Back to draft: change it, then activate it (A)",
               help="set it back to draft (only a draft can be changed)"),
    ),
)
