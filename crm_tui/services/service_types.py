"""The states, reasons and choices of cases, entitlements and SLAs (as Dynamics 365 has them)."""

from __future__ import annotations

import re

PRIORITIES = ("High", "Normal", "Low")  # also the order of the "by priority" queue
ORIGINS = ("Phone", "Email", "Web", "Facebook", "Twitter", "IoT")
CASE_TYPES = ("Question", "Problem", "Request")

CASE_ACTIVE, CASE_RESOLVED, CASE_CANCELLED = "active", "resolved", "cancelled"
CASE_REASONS: dict[str, tuple[str, ...]] = {
    CASE_ACTIVE: ("In Progress", "On Hold", "Waiting for Details", "Researching"),
    CASE_RESOLVED: ("Problem Solved", "Information Provided"),
    CASE_CANCELLED: ("Cancelled", "Merged"),
}
ON_HOLD = "On Hold"  # the SLA clock stops while a case waits here
CASE_STATE_NAMES = {CASE_ACTIVE: "Active", CASE_RESOLVED: "Resolved", CASE_CANCELLED: "Cancelled"}

ENT_DRAFT, ENT_ACTIVE, ENT_EXPIRED, ENT_CANCELLED = "draft", "active", "expired", "cancelled"
ENTITLEMENT_REASONS: dict[str, tuple[str, ...]] = {
    ENT_DRAFT: ("Draft",), ENT_ACTIVE: ("Active",), ENT_EXPIRED: ("Expired",), ENT_CANCELLED: ("Cancelled",),
}
ENTITLEMENT_STATE_NAMES = {state: reasons[0] for state, reasons in ENTITLEMENT_REASONS.items()}
BY_CASES, BY_HOURS = "Number of cases", "Number of hours"
ALLOCATIONS = (BY_CASES, BY_HOURS)
ON_CREATION, ON_RESOLUTION = "Case creation", "Case resolution"
DECREASE_ON = (ON_CREATION, ON_RESOLUTION)

def terms_text(remaining, total) -> str:
    """An entitlement's terms as "7 of 10" (hours may have decimals: "8.5 of 10")."""
    return f"{remaining.normalize():f} of {total.normalize():f}"


def terms_unit(allocation: str) -> str:
    return "hours" if allocation == BY_HOURS else "cases"


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
