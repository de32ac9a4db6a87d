"""Recent and pinned records, each user's own: newest first, kept to the newest few, pinned until
unpinned, deleted records left out."""

from __future__ import annotations

import pytest

from crm_tui.models.recent import RecentRecord
from crm_tui.services import recent
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import ValidationError


def test_recent_newest_first_per_user_and_kept_to_the_newest(db_url, actor, other_user, monkeypatch):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    recent.opened(actor.id, "account", acme.id)
    recent.opened(actor.id, "contact", ann.id)
    recent.opened(actor.id, "account", acme.id)  # again: to the top, not twice
    recent.opened(other_user.id, "contact", ann.id)
    assert [(e.record_type, e.id, e.title) for e in recent.recent(actor.id)] == [
        ("account", acme.id, "Account: Acme"), ("contact", ann.id, "Contact: Lee")]
    assert [e.id for e in recent.recent(other_user.id)] == [ann.id]
    monkeypatch.setattr(recent, "KEPT", 3)
    more = [accounts.create(actor, {"name": f"More {n}"}) for n in range(4)]
    for record in more:
        recent.opened(actor.id, "account", record.id)
    assert RecentRecord.select().where(RecentRecord.user == actor.id).count() == 3
    assert [e.id for e in recent.recent(actor.id)][:3] == [more[3].id, more[2].id, more[1].id]
    accounts.delete(actor, more[3].id)
    assert more[3].id not in [e.id for e in recent.recent(actor.id)]  # deleted: gone from the list


def test_pinned_until_unpinned_and_marked_among_the_recent(db_url, actor, other_user):
    acme = accounts.create(actor, {"name": "Acme"})
    beta = accounts.create(actor, {"name": "Beta"})
    assert recent.toggle_pin(actor.id, "account", beta.id) is True
    assert recent.toggle_pin(actor.id, "account", acme.id) is True
    assert [e.title for e in recent.pinned(actor.id)] == ["Account: Beta", "Account: Acme"]
    assert recent.pinned(other_user.id) == []
    recent.opened(actor.id, "account", acme.id)
    assert recent.recent(actor.id)[0].pinned
    assert recent.toggle_pin(actor.id, "account", beta.id) is False
    assert [e.id for e in recent.pinned(actor.id)] == [acme.id] and recent.is_pinned(actor.id, "account", acme.id)
    with pytest.raises(ValidationError):
        recent.toggle_pin(actor.id, "account", 10**9)


def test_an_activity_opened_is_named_by_its_subject(db_url, actor):
    from crm_tui.services import activities

    acme = accounts.create(actor, {"name": "Acme"})
    call = activities.log(actor, "phone_call", ("account", acme.id), "Call about the order")
    recent.opened(actor.id, "phone_call", call.id)
    assert [e.title for e in recent.recent(actor.id)] == ["Phone call: Call about the order"]
