"""The one clock every timestamp uses (plain Python: the list's first frame needs it before the
database layer is imported)."""

from __future__ import annotations

import datetime as dt

_fixed_now: dt.datetime | None = None


def utcnow() -> dt.datetime:
    """Naive UTC 'now': the real clock, unless set_clock fixed it (tests of SLA timing do)."""
    if _fixed_now is not None:
        return _fixed_now
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def set_clock(now: dt.datetime | None) -> None:
    """Fix what utcnow() answers (None: back to the real clock)."""
    global _fixed_now
    _fixed_now = now
