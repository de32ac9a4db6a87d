"""Users: who is working, and who owns what."""

from __future__ import annotations

import getpass
import os

from crm_tui.models import User
from crm_tui.models.db import is_read_only
from crm_tui.services.errors import ValidationError
from crm_tui.models.queue import Team


PRINCIPAL_PREFIX = "team:"  # a team's own user row (services/teams); no login has a colon


def is_principal(username: str) -> bool:
    """Whether the user name is a team's, which owns records but is never signed in as."""
    return username.startswith(PRINCIPAL_PREFIX)


def principals():
    """A subquery of every team's user row: what lists of people leave out."""
    return Team.select(Team.principal).where(Team.principal.is_null(False))


def login_name() -> str:
    """The user name to work as: CRM_TUI_USER, else the operating-system login."""
    name = os.environ.get("CRM_TUI_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


def ensure_user(username: str, display_name: str | None = None) -> User:
    """The user of that name, created on first sight."""
    username = username.strip()
    if not username:
        raise ValidationError.single("username", "Required")
    if is_principal(username):
        raise ValidationError.single("username", f"{username} is how a team owns records: sign in as a person")
    user = User.get_or_none(User.username == username)
    if user is None and is_read_only():  # someone to browse as; nothing they do can be saved
        return User(id=0, username=username, display_name=display_name or username, is_active=True)
    if user is None:
        user = User.create(username=username, display_name=display_name or username)
    return user


def get_user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None or not user.is_active:
        raise ValidationError.single("owner", "No such active user")
    return user


def list_users(limit: int = 200) -> list[tuple[int, str, str]]:
    """Active people (not teams) as (id, user name, display name), by display name."""
    query = (
        User.select(User.id, User.username, User.display_name)
        .where((User.is_active == True) & User.id.not_in(principals()))  # noqa: E712 (peewee expression)
        .order_by(User.display_name, User.id)
        .limit(limit)
    )
    return list(query.tuples())


def user_id_of(username: str) -> int | None:
    """The id of the person with this user name, or None (a team's principal is not a person)."""
    if is_principal(username):
        return None
    found = User.select(User.id).where(User.username == username).tuples().first()
    return found[0] if found else None
