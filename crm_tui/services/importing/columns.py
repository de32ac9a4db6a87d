"""Which field each column of a CSV file fills: mapped automatically for the exports of Outlook,
Google Contacts, Dynamics 365 and crm-tui itself, and savable as a named map.

A mapping is {column header: target}. A target is a field of the record type, or one of:
  id         the record's id (crm-tui's own export): the first key a row is matched by
  full_name  a whole name ("Ada Lovelace", "Lovelace, Ada"), split into first and last name
  company    an account by name: the contact's account (created when there is none), a case's
             or an opportunity's customer
  phone      a phone number: the first of the type's phone fields still empty (a mobile one
             when the column's label says so, as Google's "Phone 1 - Label" does)
  email      an email address: the first of the type's email fields still empty
  ""         left out
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from crm_tui.core.fields import CUSTOMER, EMAIL, PHONE, REFERENCE
from crm_tui.core.types import (
    definition as record_type,  # a record type, or a kind of activity
)
from crm_tui.core.types import is_activity
from crm_tui.services.errors import ServiceError

ID, FULL_NAME, COMPANY, ANY_PHONE, ANY_EMAIL, SKIP = "id", "full_name", "company", "phone", "email", ""
SPECIAL_LABELS = {ID: "Id (match)", FULL_NAME: "Full name (split)", COMPANY: "Company (account by name)",
                  ANY_PHONE: "A phone", ANY_EMAIL: "An email", SKIP: "(left out)"}


def _squash(header: str) -> str:
    """A header as compared: case, spaces and punctuation ignored ("E-mail Address" = "email address")."""
    return re.sub(r"[^0-9a-z]+", "", header.casefold())


# Headers the big tools write, by the target they mean. A field's own name and its label (what
# crm-tui's export writes) are known without being listed.
_COMMON = {
    ID: ("Id", "(Do Not Modify) Id"),
    FULL_NAME: ("Name", "Full Name", "Display Name", "File As"),
    "first_name": ("First Name", "Given Name"),
    "last_name": ("Last Name", "Family Name", "Surname"),
    # not "Title": Outlook's is the courtesy title (Dr., Ms.), not the job
    "job_title": ("Job Title", "Organization 1 - Title", "Organization Title", "Position"),
    ANY_EMAIL: ("E-mail Address", "E-mail 1 - Value", "Email Address", "E-mail", "Email 1", "Primary Email",
                "E-mail 2 Address", "E-mail 2 - Value", "E-mail 3 Address", "Email 2", "Secondary Email"),
    "business_phone": ("Business Phone", "Work Phone", "Phone (Work)", "Telephone", "Main Phone"),
    "mobile_phone": ("Mobile Phone", "Cell Phone", "Mobile", "Phone (Mobile)"),
    ANY_PHONE: ("Phone 1 - Value", "Phone 2 - Value", "Phone 3 - Value", "Phone", "Phone Number",
                "Business Phone 2", "Home Phone", "Other Phone", "Primary Phone"),
    "street": ("Business Street", "Address 1 - Street", "Address 1: Street 1", "Street", "Address",
               "Street Address", "Home Street"),
    "city": ("Business City", "Address 1 - City", "Address 1: City", "City", "Home City"),
    "state_province": ("Business State", "Address 1 - Region", "Address 1: State/Province", "State",
                       "Region", "Province", "Home State"),
    "postal_code": ("Business Postal Code", "Address 1 - Postal Code", "Address 1: ZIP/Postal Code",
                    "ZIP", "Zip Code", "Postal Code", "Postcode", "Home Postal Code"),
    "country": ("Business Country/Region", "Address 1 - Country", "Address 1: Country/Region", "Country",
                "Home Country/Region"),
    "description": ("Notes", "Note", "Description", "Comments"),
    "website": ("Web Page", "Website 1 - Value", "Website", "Web Site", "URL"),
    "owner": ("Owner", "Owning User", "Assigned To"),
}
_BY_TYPE = {
    "contact": {COMPANY: ("Company", "Organization 1 - Name", "Organization Name", "Company Name",
                          "Account Name", "Account", "Parent Customer", "Company Name (Parent Customer)")},
    "account": {"name": ("Account Name", "Company", "Company Name", "Organization", "Name"),
                "phone": ("Main Phone", "Phone", "Business Phone", "Telephone"),
                "email": ("Email", "E-mail", "E-mail Address", "Email Address"),
                "account_number": ("Account Number",), "annual_revenue": ("Annual Revenue", "Revenue"),
                "employees": ("Number of Employees", "Employees"), "industry": ("Industry",),
                "relationship_type": ("Relationship Type",),
                "parent": ("Parent Account", "Parent Account Name")},
    "lead": {"company_name": ("Company", "Company Name", "Organization 1 - Name", "Organization Name"),
             "topic": ("Topic", "Subject"), "source": ("Lead Source", "Source"), "rating": ("Rating",),
             "estimated_value": ("Est. Value", "Estimated Value", "Budget Amount"),
             "status_reason": ("Status Reason",)},
    "opportunity": {"topic": ("Topic", "Name", "Opportunity Name"),
                    COMPANY: ("Potential Customer", "Customer", "Account", "Account Name", "Company"),
                    "estimated_revenue": ("Est. Revenue", "Estimated Revenue", "Amount", "Value"),
                    "estimated_close": ("Est. Close Date", "Estimated Close Date", "Close Date", "Expected Close"),
                    "probability": ("Probability", "Probability (%)"), "stage": ("Sales Stage", "Pipeline Phase", "Stage"),
                    "contact": ("Contact", "Contact Email")},
    "case": {"title": ("Case Title", "Title", "Subject"), ID: ("Case Number", "Ticket Number"),
             COMPANY: ("Customer", "Account", "Account Name", "Company"),
             "priority": ("Priority",), "origin": ("Origin", "Case Origin"), "case_type": ("Case Type", "Type"),
             "contact": ("Contact", "Contact Email"), "parent_case": ("Parent Case",)},
}


# An activity's columns as Dynamics 365 and calendar or task programs write them.
_ACTIVITY = {"subject": ("Subject", "Title", "Summary"), "regarding": ("Regarding", "Regarding (Regarding)"),
             "due_at": ("Due", "Due Date", "Due Time"), "start_at": ("Start", "Start Time", "Start Date"),
             "end_at": ("End", "End Time", "End Date"), "description": ("Description", "Notes", "Body", "Text"),
             "priority": ("Priority",), "status_reason": ("Status Reason",), "phone_number": ("Phone Number",),
             "direction": ("Direction",), "duration_minutes": ("Duration", "Actual Duration"),
             "location": ("Location",), "attendees": ("Attendees", "Required Attendees"),
             "email_from": ("From", "Sender"), "email_to": ("To", "Recipient")}


def targets(rt_key: str) -> dict[str, str]:
    """What a column may fill in this record type, by target: its label."""
    rt = record_type(rt_key)
    found = {SKIP: SPECIAL_LABELS[SKIP], ID: SPECIAL_LABELS[ID]}
    names = {f.name for f in rt.fields}
    if {"first_name", "last_name"} <= names:
        found[FULL_NAME] = SPECIAL_LABELS[FULL_NAME]
    if company_field(rt_key):
        found[COMPANY] = SPECIAL_LABELS[COMPANY]
    if phone_fields(rt_key):
        found[ANY_PHONE] = SPECIAL_LABELS[ANY_PHONE]
    if email_fields(rt_key):
        found[ANY_EMAIL] = SPECIAL_LABELS[ANY_EMAIL]
    found.update({f.name: f.label for f in rt.fields if not f.computed})
    return found


def company_field(rt_key: str) -> str | None:
    """The field a company column fills: a link to an account, or a customer."""
    for spec in record_type(rt_key).fields:
        if (spec.kind == REFERENCE and spec.target == "account" and spec.name != "parent") or spec.kind == CUSTOMER:
            return spec.name
    return None


def phone_fields(rt_key: str) -> list[str]:
    return [f.name for f in record_type(rt_key).fields if f.kind == PHONE]


def email_fields(rt_key: str) -> list[str]:
    return [f.name for f in record_type(rt_key).fields if f.kind == EMAIL]


def _known_headers(rt_key: str) -> dict[str, str]:
    """Every header this type knows, squashed, and the target it means."""
    rt = record_type(rt_key)
    allowed = targets(rt_key)
    known: dict[str, str] = {}
    for table in (_COMMON, _ACTIVITY if is_activity(rt_key) else _BY_TYPE.get(rt_key, {})):
        for target, headers in table.items():
            if target in allowed:
                known.update({_squash(h): target for h in headers})
    # crm-tui's own CSV: the labels (as the organisation renamed them) and the field names
    for spec in rt.fields:
        if not spec.computed:
            known[_squash(spec.name)] = spec.name
            known[_squash(spec.label)] = spec.name
    if (company := company_field(rt_key)) is not None:
        label = rt.field(company).label
        known[_squash(label)] = COMPANY  # an account's name, not its id, is what an export writes
    return known


def suggested(rt_key: str, headers: list[str]) -> dict[str, str]:
    """A mapping for these headers: each to what it means; a header met twice, or a single-value
    field claimed by two columns, fills it from the first (the other is left out)."""
    known = _known_headers(rt_key)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    repeatable = {ANY_PHONE, ANY_EMAIL}
    for header in headers:
        target = known.get(_squash(header), SKIP)
        if target not in repeatable and target in taken:
            target = SKIP
        taken.add(target)
        mapping[header] = target
    return mapping  # a whole name beside first and last: split only in rows without a last name


def problems(rt_key: str, mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping for this type (a target it does not have, a required field no
    column fills)."""
    allowed = targets(rt_key)
    found = [f"“{header}” cannot fill “{target}”" for header, target in mapping.items() if target not in allowed]
    filled = set(mapping.values())
    if ID not in filled:  # a file of ids only updates: the required fields are already there
        for spec in record_type(rt_key).fields:
            if spec.required and spec.name not in filled and not (spec.name == "last_name" and FULL_NAME in filled):
                found.append(f"no column fills {spec.label}")
    return found


# -- saved maps: files beside the settings, one a name -------------------------------------------
MAP_NAME_RE = re.compile(r"^[\w][\w .-]{0,59}$")


class MapError(ServiceError):
    """A saved map that cannot be read or written."""


def maps_folder() -> Path:
    from crm_tui.paths import settings_path

    return settings_path().parent / "import-maps"


def _map_path(name: str) -> Path:
    if not MAP_NAME_RE.match(name) or name.strip(". ") != name:
        raise MapError(f"“{name}” cannot name a map: letters, digits, spaces, dots and dashes")
    return maps_folder() / f"{name}.json"


def save_map(name: str, rt_key: str, mapping: dict[str, str]) -> Path:
    from crm_tui.services.files import replaced_whole

    path = _map_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replaced_whole(path, "w", encoding="utf-8") as out:
        json.dump({"record_type": rt_key, "columns": mapping}, out, ensure_ascii=False, indent=1)
    return path


def load_map(name: str, rt_key: str) -> dict[str, str]:
    """A saved map by name (or a path to one)."""
    path = Path(name).expanduser() if name.endswith(".json") else _map_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        saved = sorted(p.stem for p in maps_folder().glob("*.json")) if maps_folder().is_dir() else []
        raise MapError(f"No saved map is called “{name}”" + (f" (there are: {', '.join(saved)})" if saved else "")) from None
    except (OSError, ValueError) as error:
        raise MapError(f"cannot read the map {path}: {error}") from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise MapError(f"{path} is not a map of column headers to fields")
    if data.get("record_type") not in (None, rt_key):
        raise MapError(f"the map “{name}” is for {record_type(data['record_type']).plural}, not {record_type(rt_key).plural}")
    return columns


def saved_maps(rt_key: str) -> list[str]:
    folder = maps_folder()
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("record_type") == rt_key:
                found.append(path.stem)
        except (OSError, ValueError, AttributeError):
            continue
    return found
