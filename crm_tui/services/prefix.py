"""Find-as-you-type's condition: rows whose casefolded key starts with what was typed."""

from __future__ import annotations

from peewee import Expression

from crm_tui.core.fields import sort_key
from crm_tui.core.list_types import LAST_CHAR
from crm_tui.models.db import collates_by_bytes, is_sqlite


def prefix_filter(field_, text: str):
    """Rows whose casefolded key starts with text: a range of the key, from the prefix to the
    prefix followed by the last character there is, which an index serves in order and a statement
    prepared on PostgreSQL plans once for any prefix (LIKE 'prefix%' is planned for each prefix)."""
    prefix = sort_key(text)
    if is_sqlite() or collates_by_bytes():  # the key's own index is in byte (code point) order
        return (field_ >= prefix) & (field_ < prefix + LAST_CHAR)
    # any other collation: compared byte by byte (text_pattern_ops' operators, whose index
    # migration 17 made there)
    return Expression(field_, "~>=~", prefix) & Expression(field_, "~<~", prefix + LAST_CHAR)
