"""The user as the first frame knows them, before the database layer is imported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class SignedIn:
    """Enough for the first frame; connect() imports and binds the database layer and gives the
    User the services take."""

    id: int
    display_name: str
    connect: Callable[[], Any]
