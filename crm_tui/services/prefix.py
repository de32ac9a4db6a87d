"""Find-as-you-type's condition: rows whose casefolded key starts with what was typed."""

from __future__ import annotations

from crm_tui.core.fields import sort_key
from crm_tui.core.list_types import LAST_CHAR
from crm_tui.models.db import is_sqlite


def like_prefix(prefix: str) -> str:
    """A LIKE pattern for "starts with prefix", its wildcards taken as themselves."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def prefix_filter(field_, text: str):
    """Rows whose casefolded key starts with text."""
    prefix = sort_key(text)
    if is_sqlite():  # a range on the casefolded key keeps the index in use
        return (field_ >= prefix) & (field_ < prefix + LAST_CHAR)
    # PostgreSQL: LIKE, not ILIKE (the key is casefolded already), which the key's index serves as a
    # range where the database collates by "C", and its text_pattern_ops index elsewhere (migration 17)
    return field_ % like_prefix(prefix)
