"""Reminders on activities: minutes before the due time (following it when it moves) or at a time
of their own; due once their time comes, shown once, shown again when moved; closed work never;
and crm-tui due --reminders."""

from __future__ import annotations

import datetime as dt
import json

from crm_tui.models import utcnow
from crm_tui.services import activities
from crm_tui.services.activity_records import get_any
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.registry import service
from tests.run_cli import cli


def test_minutes_before_follow_the_due_time_and_show_once(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    tasks = service("task")
    soon = tasks.create(actor, {"subject": "Call back", "regarding": ("account", acme.id), "due_at": "+20m",
                                "remind_minutes": "30m"})
    later = tasks.create(actor, {"subject": "Quote", "regarding": ("account", acme.id), "due_at": "+3h",
                                 "remind_minutes": "15"})
    own = tasks.create(actor, {"subject": "Own time", "regarding": ("account", acme.id),
                               "remind_at": (utcnow() - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")})
    now = utcnow()
    assert get_any(soon.id).remind_at == get_any(soon.id).due_at - dt.timedelta(minutes=30)
    due = activities.reminders(actor.id, now + dt.timedelta(seconds=1))
    assert {d.id for d in due} == {soon.id} | ({own.id} if get_any(own.id).remind_at <= now else set())
    activities.mark_reminded([d.id for d in due], now)
    assert activities.reminders(actor.id, now + dt.timedelta(seconds=1)) == []  # shown once
    assert [d.id for d in activities.reminders(actor.id, now + dt.timedelta(hours=3))] == [later.id]
    moved = tasks.update(actor, soon.id, {"due_at": "+2h"}, get_any(soon.id).version)
    assert moved.reminded_on is None and moved.remind_at == moved.due_at - dt.timedelta(minutes=30)
    activities.set_status(actor, later.id, "complete")
    assert later.id not in [d.id for d in activities.reminders(actor.id, now + dt.timedelta(hours=4))]


def test_the_shell_lists_reminders_come_due(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    assert cli("account", "create", "--db", db, "--set", "name=Acme").returncode == 0
    assert cli("log", "task", "--regarding", "account:1", "--subject", "Ring them", "--set", "due_at=+10m",
               "--set", "remind_minutes=15m", "--db", db).returncode == 0
    shown = json.loads(cli("due", "--reminders", "-f", "json", "--db", db).stdout)
    assert [r["subject"] for r in shown] == ["Ring them"]
