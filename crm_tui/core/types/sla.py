"""SLAs: how soon a case of each priority is answered and resolved."""

from __future__ import annotations

from crm_tui.core.fields import CHOICE, DURATION, MULTILINE, PERCENT, REFERENCE, FieldSpec
from crm_tui.core.record_type import RecordType
from crm_tui.core.types.case import PRIORITIES

SLA_FIELDS = (
    FieldSpec("name", "Name", required=True, max_length=100),
    FieldSpec("priority", "Case priority", CHOICE, required=True, choices=PRIORITIES),
    FieldSpec("first_response_minutes", "First response in", DURATION, required=True, placeholder="4h"),
    FieldSpec("resolve_minutes", "Resolve in", DURATION, required=True, placeholder="2d"),
    FieldSpec("warn_percent", "Warn at (% used)", PERCENT, placeholder="75"),
    FieldSpec("description", "Description", MULTILINE, max_length=4000),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)

SLA = RecordType("sla", "SLA", "SLAs", SLA_FIELDS, open_links=(), owned=False,
                 list_columns=("name", "priority", "first_response_minutes", "resolve_minutes", "owner"),
                 starting_texts=(("warn_percent", "75"),))
