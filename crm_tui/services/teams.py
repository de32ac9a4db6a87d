"""Teams of users, and teams as owners of records.

A record's owner is a user column everywhere (so "owned by" reads, indexes, checks and the audit
stay one); a team owns a record through a user row of its own, its principal: user name
"team:ID", display name the team's name, never signed in as, never listed among the people."""

from __future__ import annotations

from peewee import IntegrityError, fn

from crm_tui.models import User, database
from crm_tui.models.db import is_read_only
from crm_tui.models.queue import Team, TeamMember
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.users import PRINCIPAL_PREFIX, is_principal, list_users, principals


def clean_name(text: str, what: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise ValidationError({"name": f"Name the {what}"})
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name within 100 characters"})
    return name


def create_team(name: str) -> Team:
    name = clean_name(name, "team")
    if Team.select().where(fn.LOWER(Team.name) == name.lower()).exists():
        raise ValidationError({"name": f"A team is already called {name}"})
    with database.atomic():
        made = Team.create(name=name)
        principal_of(made)
    return Team.get_by_id(made.id)


def team(name_or_id: str | int) -> Team:
    found = (Team.get_or_none(Team.id == int(name_or_id)) if str(name_or_id).isdigit()
             else Team.get_or_none(fn.LOWER(Team.name) == str(name_or_id).strip().lower()))
    if found is None:
        raise NotFoundError(f"no team {name_or_id}")
    return found


def principal_of(found: Team) -> int:
    """The user id records owned by the team point at: made on first need (a team restored from
    a backup older than team owners has none yet), once, even with two sessions at it."""
    if found.principal_id is not None:
        return found.principal_id
    username = f"{PRINCIPAL_PREFIX}{found.id}"
    try:
        with database.atomic():
            User.insert(username=username, display_name=found.name).execute()
    except IntegrityError:  # another session made it a moment ago
        pass
    principal = User.select(User.id).where(User.username == username).tuples().first()[0]
    Team.update(principal=principal).where((Team.id == found.id) & Team.principal.is_null()).execute()
    return principal


def owner_id_of(name: str) -> int | None:
    """Whom a record is given to, by name: a person's user name first, else a team's name (or
    "team:NAME", which means the team even where a person has that user name); None if neither."""
    name = (name or "").strip()
    if not name:
        return None
    if is_principal(name):
        wanted = name[len(PRINCIPAL_PREFIX):].strip()
    else:
        person = User.select(User.id).where(User.username == name).tuples().first()  # inactive: the save says so
        if person is not None:
            return person[0]
        wanted = name
    found = Team.get_or_none(fn.LOWER(Team.name) == wanted.lower())
    return principal_of(found) if found is not None else None


def add_member(team_name: str | int, user_id: int) -> None:
    if User.select().where((User.id == user_id) & User.id.in_(principals())).exists():
        raise ValidationError({"": "A team's members are people, not teams"})
    TeamMember.insert(team=team(team_name).id, user=user_id).on_conflict_ignore().execute()


def remove_member(team_name: str | int, user_id: int) -> None:
    TeamMember.delete().where((TeamMember.team == team(team_name).id) & (TeamMember.user == user_id)).execute()


def teams_of(user_id: int) -> list[int]:
    return [row[0] for row in TeamMember.select(TeamMember.team).where(TeamMember.user == user_id).tuples()]


def people() -> list[tuple[str, str, bool, list[str]]]:
    """Every person (teams' principals left out): (display name, user name, active, their teams)."""
    teams_by_user: dict[int, list[str]] = {}
    for user_id, name in (TeamMember.select(TeamMember.user, Team.name).join(Team).order_by(Team.name).tuples()):
        teams_by_user.setdefault(user_id, []).append(name)
    query = (User.select(User.id, User.display_name, User.username, User.is_active)
             .where(User.id.not_in(principals())).order_by(User.display_name))
    return [(shown, username, active, teams_by_user.get(uid, [])) for uid, shown, username, active in query.tuples()]


def teams() -> list[tuple[int, str, list[str]]]:
    """Every team: (id, name, its members' display names)."""
    members: dict[int, list[str]] = {}
    for team_id, shown in (TeamMember.select(TeamMember.team, User.display_name).join(User)
                           .order_by(User.display_name).tuples()):
        members.setdefault(team_id, []).append(shown)
    return [(tid, name, members.get(tid, [])) for tid, name in Team.select(Team.id, Team.name).order_by(Team.name).tuples()]


def owner_choices(limit: int = 500) -> list[tuple[int, str, str]]:
    """Whom a record may be given to: active people, then teams, as (user id, shown, what it is)."""
    found = [(uid, shown, username) for uid, username, shown in list_users(limit)]
    sizes = dict(TeamMember.select(TeamMember.team, fn.COUNT(TeamMember.id)).group_by(TeamMember.team).tuples())
    for each in Team.select().order_by(Team.name).limit(limit):
        if each.principal_id is None and is_read_only():
            continue  # never given a record, and nothing can be given here
        size = sizes.get(each.id, 0)
        found.append((principal_of(each), each.name, f"team · {size} member{'' if size == 1 else 's'}"))
    return found
