"""Find-as-you-type's condition: rows whose casefolded key starts with what was typed."""

from __future__ import annotations

from peewee import Expression

from crm_tui.core.fields import sort_key
from crm_tui.core.list_types import LAST_CHAR
from crm_tui.models.db import collates_by_bytes, is_sqlite, planned_for_any


def prefix_filter(field_, text: str):
    """Rows whose casefolded key starts with text: a range of the key, from the prefix to the
    prefix followed by the last character there is, which an index serves in order; its bounds are
    planned for any value, so a statement prepared on PostgreSQL is planned once for every prefix."""
    prefix = sort_key(text)
    start, end = planned_for_any(prefix), planned_for_any(prefix + LAST_CHAR)
    if is_sqlite() or collates_by_bytes():  # the key's own index is in byte (code point) order
        return (field_ >= start) & (field_ < end)
    # any other collation: compared byte by byte (text_pattern_ops' operators, whose index
    # migration 17 made there)
    return Expression(field_, "~>=~", start) & Expression(field_, "~<~", end)
