"""The states, reasons and choices of leads and opportunities (as Dynamics 365 has them)."""

from __future__ import annotations

LEAD_SOURCES = (
    "Advertisement", "Employee Referral", "External Referral", "Partner", "Public Relations", "Seminar",
    "Trade Show", "Web", "Word of Mouth", "Other",
)
RATINGS = ("Hot", "Warm", "Cold")

# Lead states, each with its status reasons (the first is the default).
LEAD_OPEN, LEAD_QUALIFIED, LEAD_DISQUALIFIED = "open", "qualified", "disqualified"
LEAD_REASONS: dict[str, tuple[str, ...]] = {
    LEAD_OPEN: ("New", "Contacted"),
    LEAD_QUALIFIED: ("Qualified",),
    LEAD_DISQUALIFIED: ("Lost", "Cannot Contact", "No Longer Interested", "Canceled"),
}

STAGES = ("Qualify", "Develop", "Propose", "Close")
OPP_OPEN, OPP_WON, OPP_LOST = "open", "won", "lost"
OPPORTUNITY_REASONS: dict[str, tuple[str, ...]] = {
    OPP_OPEN: ("In Progress", "On Hold"),
    OPP_WON: ("Won",),
    OPP_LOST: ("Canceled", "Out-Sold"),
}

STATE_NAMES = {LEAD_OPEN: "Open", LEAD_QUALIFIED: "Qualified", LEAD_DISQUALIFIED: "Disqualified",
               OPP_WON: "Won", OPP_LOST: "Lost"}


def state_of(reasons_by_state: dict[str, tuple[str, ...]], reason: str) -> str | None:
    for state, allowed in reasons_by_state.items():
        if reason in allowed:
            return state
    return None


def all_of(reasons_by_state: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(r for allowed in reasons_by_state.values() for r in allowed)
