"""Opportunities: deals at a sales stage, won or lost in the end."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.fields import CHOICE, CUSTOMER, DATE, MONEY, MULTILINE, PERCENT, REFERENCE, FieldSpec
from crm_tui.core.record_type import RecordType, State, all_of

STAGES = ("Qualify", "Develop", "Propose", "Close")
OPP_OPEN, OPP_WON, OPP_LOST = "open", "won", "lost"
OPPORTUNITY_STATES = (
    State(OPP_OPEN, "Open", ("In Progress", "On Hold")),
    State(OPP_WON, "Won", ("Won",)),
    State(OPP_LOST, "Lost", ("Canceled", "Out-Sold"), muted=True),
)
OPPORTUNITY_REASONS: dict[str, tuple[str, ...]] = {state.key: state.reasons for state in OPPORTUNITY_STATES}

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
    FieldSpec("contact", "Contact", REFERENCE, target="contact"),
    FieldSpec("originating_lead", "Originating lead", REFERENCE, target="lead"),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

OPPORTUNITY = RecordType(
    "opportunity", "Opportunity", "Opportunities", OPPORTUNITY_FIELDS,
    list_columns=("topic", "customer", "estimated_revenue", "estimated_close", "stage", "owner"),
    starting_texts=(("stage", "Qualify"), ("status_reason", "In Progress")),
    states=OPPORTUNITY_STATES,
    on_timeline=True,
    open_links=("customer", "originating_lead"),
    read_only_note="Read-only while closed: r reopens it.",
    actions=(
        Action("record.won", "W", "Close as won", run="close_won", types=("opportunity",), states=(OPP_OPEN,),
               operation="close_won", dialog="won",
               help="close as won: the estimate and today to start with; a bad amount or date is explained"),
        Action("record.lost", "L", "Close as lost", run="close_lost", types=("opportunity",), states=(OPP_OPEN,),
               operation="close_lost", dialog="reason", help="close as lost: pick the reason"),
        Action("record.reopen_deal", "r", "Reopen", types=("opportunity",), states=(OPP_WON, OPP_LOST),
               operation="reopen", done="Reopened: the opportunity is open again", keep_edits=True, help="reopen a closed opportunity"),
        Action("record.pipeline", "P", "In the pipeline", footer=False, types=("opportunity",), saved=True,
               keep_edits=True, help="show it in the pipeline"),
    ),
)
