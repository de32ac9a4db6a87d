"""A reminder comes due while the app is open: a notice says what and when, once; the database
remembers it was shown."""

import datetime as dt

from crm_tui.models import Activity, utcnow
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.registry import service
from crm_tui.ui import app as app_module

from .helpers import notifications, settle


async def test_a_reminder_come_due_is_a_notice_once(make_app, actor, monkeypatch):
    monkeypatch.setattr(app_module, "REMIND_FIRST", 0.05)
    acme = accounts.create(actor, {"name": "Acme [b]Co[/b]"})
    task = service("task").create(actor, {"subject": "Ring [i]them[/i]", "regarding": ("account", acme.id),
                                          "due_at": "+10m", "remind_minutes": "15"})
    later = service("task").create(actor, {"subject": "Not yet", "regarding": ("account", acme.id),
                                           "due_at": "+2h", "remind_minutes": "15"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        said = [text for text in notifications(app) if "Ring" in text]
        assert len(said) == 1 and "Ring [i]them[/i] · Acme [b]Co[/b]" in said[0]  # literal, never markup
        assert not any("Not yet" in text for text in notifications(app))
        assert Activity.get_by_id(task.id).reminded_on is not None
        assert Activity.get_by_id(later.id).reminded_on is None
        app._remind()  # looked for again: not shown twice
        await settle(pilot)
        assert len([text for text in notifications(app) if "Ring" in text]) == 1
        assert utcnow() - Activity.get_by_id(task.id).reminded_on < dt.timedelta(minutes=1)
