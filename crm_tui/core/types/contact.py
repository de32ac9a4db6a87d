"""Contacts: people, in an account or on their own."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.fields import EMAIL, MULTILINE, PHONE, REFERENCE, FieldSpec
from crm_tui.core.record_type import RecordType, RelatedTab, address_fields

CONTACT_FIELDS = (
    FieldSpec("first_name", "First name", max_length=50),
    FieldSpec("last_name", "Last name", required=True, max_length=50),
    FieldSpec("job_title", "Job title", max_length=100),
    FieldSpec("email", "Email", EMAIL, max_length=100),
    FieldSpec("email2", "Email 2", EMAIL, max_length=100),
    FieldSpec("business_phone", "Business phone", PHONE, max_length=50),
    FieldSpec("mobile_phone", "Mobile phone", PHONE, max_length=50),
    *address_fields(),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("parent_customer", "Account", REFERENCE, target="account"),
    FieldSpec("merged_into", "Merged into", REFERENCE, computed=True, target="contact"),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

CONTACT = RecordType(
    "contact", "Contact", "Contacts", CONTACT_FIELDS,
    list_columns=("last_name", "first_name", "parent_customer", "job_title", "email", "business_phone", "owner"),
    on_timeline=True,
    open_links=("parent_customer", "merged_into"),
    phone_fields=("business_phone", "mobile_phone"), email_field="email",
    tabs=(
        RelatedTab("opportunities", "Opportunities", "opportunity", "customer", "No opportunities yet.",
                   count="all_opportunities"),
        RelatedTab("cases", "Cases", "case_recent", "customer", "No cases yet: N opens one.", count="all_cases"),
    ),
    actions=(
        Action("record.account", "g", "Account", run="choose_account", footer=False, types=("contact",),
               help="choose the contact's account"),
    ),
)
