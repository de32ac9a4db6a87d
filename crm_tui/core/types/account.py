"""Accounts: the companies a business deals with, in a hierarchy of parents and sub-accounts."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.fields import CHOICE, EMAIL, INTEGER, MONEY, MULTILINE, PHONE, REFERENCE, URL, FieldSpec
from crm_tui.core.record_type import RecordType, RelatedTab, address_fields

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

ACCOUNT_FIELDS = (
    FieldSpec("name", "Account name", required=True, max_length=160),
    FieldSpec("account_number", "Account number", max_length=20),
    FieldSpec("phone", "Phone", PHONE, max_length=50),
    FieldSpec("email", "Email", EMAIL, max_length=100),
    FieldSpec("website", "Website", URL, max_length=200),
    *address_fields(),
    FieldSpec("industry", "Industry", CHOICE, choices=INDUSTRIES),
    FieldSpec("relationship_type", "Relationship type", CHOICE, choices=RELATIONSHIP_TYPES),
    FieldSpec("annual_revenue", "Annual revenue", MONEY),
    FieldSpec("employees", "Employees", INTEGER),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("parent", "Parent account", REFERENCE, target="account"),
    FieldSpec("merged_into", "Merged into", REFERENCE, computed=True, target="account"),
    FieldSpec("primary_contact", "Primary contact", REFERENCE, target="contact"),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

ACCOUNT = RecordType(
    "account", "Account", "Accounts", ACCOUNT_FIELDS,
    list_columns=("name", "city", "phone", "primary_contact", "owner"),
    on_timeline=True,
    open_links=("parent", "merged_into"),
    phone_fields=("phone",), email_field="email",
    tabs=(
        RelatedTab("contacts", "Contacts", "contact", "linked", "No contacts yet: c adds one.", count="contacts",
                   link="parent_customer"),
        RelatedTab("children", "Sub-accounts", "account", "linked", "No sub-accounts.", count="children", link="parent"),
        RelatedTab("opportunities", "Opportunities", "opportunity", "customer", "No opportunities yet.",
                   count="all_opportunities"),
        RelatedTab("cases", "Cases", "case_recent", "customer", "No cases yet: N opens one.", count="all_cases"),
    ),
    actions=(
        Action("record.parent", "p", "Parent account", run="choose_parent", footer=False, types=("account",),
               help="choose the parent account"),
        Action("record.primary", "m", "Primary contact", run="choose_primary", footer=False, types=("account",), saved=True,
               help="choose the primary contact, one of the account's contacts"),
        Action("record.new_contact", "c", "Add contact", types=("account",), saved=True, keep_edits=True,
               help="add a contact to this account"),
        Action("record.tree", "t", "Hierarchy", footer=False, types=("account",), saved=True, keep_edits=True,
               help="the account's hierarchy"),
    ),
)
