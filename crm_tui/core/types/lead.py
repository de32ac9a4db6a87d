"""Leads: prospects not yet qualified, with Dynamics 365's states and status reasons."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.fields import CHOICE, EMAIL, MONEY, MULTILINE, PHONE, REFERENCE, URL, FieldSpec
from crm_tui.core.record_type import RecordType, State, all_of

LEAD_SOURCES = (
    "Advertisement", "Employee Referral", "External Referral", "Partner", "Public Relations", "Seminar",
    "Trade Show", "Web", "Word of Mouth", "Other",
)
RATINGS = ("Hot", "Warm", "Cold")

# Lead states, each with its status reasons (the first is the default).
LEAD_OPEN, LEAD_QUALIFIED, LEAD_DISQUALIFIED = "open", "qualified", "disqualified"
LEAD_STATES = (
    State(LEAD_OPEN, "Open", ("New", "Contacted")),
    State(LEAD_QUALIFIED, "Qualified", ("Qualified",)),
    State(LEAD_DISQUALIFIED, "Disqualified", ("Lost", "Cannot Contact", "No Longer Interested", "Canceled"),
          muted=True),
)
LEAD_REASONS: dict[str, tuple[str, ...]] = {state.key: state.reasons for state in LEAD_STATES}

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
    FieldSpec("qualified_account", "Qualified account", REFERENCE, target="account"),
    FieldSpec("qualified_contact", "Qualified contact", REFERENCE, target="contact"),
    FieldSpec("merged_into", "Merged into", REFERENCE, computed=True, target="lead"),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

LEAD = RecordType(
    "lead", "Lead", "Leads", LEAD_FIELDS,
    list_columns=("topic", "last_name", "first_name", "company_name", "status_reason", "owner"),
    starting_texts=(("status_reason", "New"),),
    states=LEAD_STATES,
    narrowings=("source", "rating"),
    on_timeline=True,
    open_links=("qualified_account", "qualified_contact", "merged_into"),
    read_only_note="Read-only: qualified leads stay so; a disqualified one reopens with r.",
    phone_fields=("business_phone", "mobile_phone"), email_field="email",
    actions=(
        Action("record.qualify", "Q", "Qualify", types=("lead",), states=(LEAD_OPEN,), dialog="duplicates",
               operation="qualify",
               help="qualify: make the account, the contact and an open opportunity (the dialog offers any "
                    "existing account or contact it may already be; `enter` qualifies)"),
        Action("record.disqualify", "D", "Disqualify", types=("lead",), states=(LEAD_OPEN,),
               operation="disqualify", dialog="reason", help="disqualify: pick the reason, or its number"),
        Action("record.reactivate", "r", "Reactivate", types=("lead",), states=(LEAD_DISQUALIFIED,),
               operation="reactivate", done="Reactivated: the lead is open again", keep_edits=True,
               help="reactivate a disqualified lead"),
    ),
)
