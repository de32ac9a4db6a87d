"""Find-as-you-type's condition: rows whose casefolded key starts with what was typed."""

from __future__ import annotations

from crm_tui.core.fields import sort_key
from crm_tui.core.list_types import LAST_CHAR
from crm_tui.models.db import is_sqlite


def prefix_filter(field_, text: str):
    """Rows whose casefolded key starts with text."""
    prefix = sort_key(text)
    if is_sqlite():  # a range on the casefolded key keeps the index in use
        return (field_ >= prefix) & (field_ < prefix + LAST_CHAR)
    return field_.startswith(prefix)
