import datetime as dt

import pytest

from crm_tui.models import Activity, AuditEntry
from crm_tui.services import activities, listing
from crm_tui.services.activities import service_for
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import ValidationError
from crm_tui.core.list_types import TimelineFilter
from crm_tui.services.listing import ListQuery, key_of


@pytest.fixture
def acme(actor):
    return accounts.create(actor, {"name": "Acme"})


def _timeline(record, rollup=False, **filters):
    kind = "account" if hasattr(record, "name") else "contact"
    return ListQuery("timeline", filter=TimelineFilter((kind, record.id), rollup, **filters))


def _subjects(query):
    return [row[4].split(" ", 1)[1] for row in listing.page(query, limit=500)]  # the icon, then the subject


@pytest.mark.parametrize("kind, extra, open_state, closed_reason", [
    ("task", {"due_at": "2030-01-02 10:00"}, "open", "Completed"),
    ("phone_call", {"direction": "Incoming", "phone_number": "+1 555 0100"}, "open", "Received"),
    ("email", {"direction": "Outgoing", "email_to": "ann@acme.example"}, "open", "Sent"),
    ("appointment", {"start_at": "2030-01-02 10:00", "end_at": "2030-01-02 11:30", "location": "HQ"},
     "scheduled", "Completed"),
])
def test_every_kind_creates_completes_cancels_and_reopens(actor, acme, kind, extra, open_state, closed_reason):
    svc = service_for(kind)
    activity = svc.create(actor, {"subject": f"A {kind}", "regarding": ("account", acme.id), **extra})
    assert (activity.state, activity.kind, activity.rollup_account) == (open_state, kind, acme.id)
    done = svc.complete(actor, activity.id)
    assert (done.state, done.status_reason) == ("completed", closed_reason) and done.completed_on
    with pytest.raises(ValidationError) as read_only:
        svc.update(actor, activity.id, {"subject": "changed"}, done.version)
    assert "reopen it" in read_only.value.errors[""]
    with pytest.raises(ValidationError):
        svc.complete(actor, activity.id)  # completing twice
    reopened = svc.reopen(actor, activity.id)
    assert reopened.state == open_state and reopened.completed_on is None
    canceled = svc.cancel(actor, activity.id)
    assert (canceled.state, canceled.status_reason) == ("canceled", "Canceled")
    assert AuditEntry.select().where(AuditEntry.record_type == "activity").count() >= 4


def test_appointment_length_and_order_are_checked(actor, acme):
    svc = service_for("appointment")
    appointment = svc.create(actor, {"subject": "Visit", "regarding": ("account", acme.id),
                                     "start_at": "2030-01-02 10:00", "end_at": "2030-01-02 11:30"})
    assert appointment.duration_minutes == 90
    with pytest.raises(ValidationError) as backwards:
        svc.create(actor, {"subject": "Bad", "regarding": ("account", acme.id),
                           "start_at": "2030-01-02 10:00", "end_at": "2030-01-02 09:00"})
    assert "before the start" in backwards.value.errors["end_at"]
    busy = svc.update(actor, appointment.id, {"status_reason": "Free"}, appointment.version)
    assert busy.state == "open"


@pytest.mark.parametrize("data, field", [
    ({"subject": ""}, "subject"),
    ({"due_at": "next blursday"}, "due_at"),
    ({"status_reason": "Made"}, "status_reason"),  # a phone call's reason, not a task's
    ({"priority": "Urgent"}, "priority"),
    ({"duration_minutes": "-5"}, "duration_minutes"),
])
def test_bad_activity_input_is_refused(actor, acme, data, field):
    with pytest.raises(ValidationError) as info:
        service_for("task").create(actor, {"subject": "Valid", "regarding": ("account", acme.id), **data})
    assert field in info.value.errors
    assert Activity.select().where(Activity.kind == "task").count() == 0


def test_regarding_must_exist(actor):
    with pytest.raises(ValidationError) as missing:
        service_for("note").create(actor, {"subject": "Lost", "regarding": ("account", 4242)})
    assert "regarding" in missing.value.errors
    with pytest.raises(ValidationError) as none:
        service_for("note").create(actor, {"subject": "Lost"})
    assert "regarding" in none.value.errors


def test_deleting_a_record_removes_its_timeline(actor, acme):
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    activities.log(actor, "phone_call", ("contact", ann.id), "Call Ann")
    activities.log(actor, "note", ("account", acme.id), "About Acme")
    contacts.delete(actor, ann.id)
    assert not Activity.select().where(Activity.regarding_type == "contact").exists()
    accounts.delete(actor, acme.id)
    assert Activity.select().count() == 0


def test_rollup_shows_a_contacts_activity_on_its_account_and_no_other(actor, acme):
    other = accounts.create(actor, {"name": "Other"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    activities.log(actor, "phone_call", ("contact", ann.id), "Call Ann")
    activities.log(actor, "task", ("account", acme.id), "Send contract")
    assert "Call Ann" in _subjects(_timeline(acme, rollup=True, kinds=("phone_call", "task")))
    assert "Call Ann" not in _subjects(_timeline(acme, rollup=False))
    assert "Call Ann" not in _subjects(_timeline(other, rollup=True))
    # Ann moves to the other account: her history rolls up there now.
    contacts.update(actor, ann.id, {"parent_customer": other.id}, contacts.get(ann.id).version)
    assert "Call Ann" in _subjects(_timeline(other, rollup=True))
    assert "Call Ann" not in _subjects(_timeline(acme, rollup=True))


def test_system_events_appear_newest_first(actor, acme):
    parent = accounts.create(actor, {"name": "Parent"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    accounts.set_parent(actor, acme.id, parent.id, accounts.get(acme.id).version)
    accounts.set_primary_contact(actor, acme.id, ann.id, accounts.get(acme.id).version)
    accounts.deactivate(actor, acme.id)
    events = _subjects(_timeline(acme, kinds=("event",)))
    assert events == ["Account deactivated: Acme", "Primary contact set to Lee", "Parent account changed to Parent",
                      "Account created: Acme"]


def test_filters_by_kind_status_and_date(actor, acme):
    task = activities.log(actor, "task", ("account", acme.id), "Open task")
    activities.log(actor, "phone_call", ("account", acme.id), "Done call")
    activities.log(actor, "note", ("account", acme.id), "A note")
    assert _subjects(_timeline(acme, kinds=("task",))) == ["Open task"]
    assert _subjects(_timeline(acme, status="open")) == ["Open task"]
    assert _subjects(_timeline(acme, status="closed")) == ["Done call"]
    Activity.update(timeline_at=dt.datetime(2020, 5, 17, 12)).where(Activity.id == task.id).execute()
    may = dict(date_from=dt.date(2020, 5, 1), date_to=dt.date(2020, 5, 31))
    assert _subjects(_timeline(acme, **may)) == ["Open task"]
    assert "Open task" not in _subjects(_timeline(acme, date_from=dt.date(2021, 1, 1)))


def test_paging_loses_and_doubles_nothing_when_timestamps_tie(actor, acme):
    for i in range(23):
        activities.log(actor, "note", ("account", acme.id), f"Note {i}")
    Activity.update(timeline_at=dt.datetime(2024, 1, 1)).execute()  # every entry at the same instant
    query = _timeline(acme)
    seen, after = [], None
    while rows := listing.page(query, after=after, limit=5):
        seen.extend(rows)
        after = key_of(rows[-1])
    assert len(seen) == listing.count(query) == 24  # 23 notes and "Account created"
    assert len({row[0] for row in seen}) == 24
    assert [row[0] for row in seen] == sorted((row[0] for row in seen), reverse=True)
    back = listing.page(query, before=key_of(seen[10]), limit=3)
    assert [row[0] for row in back] == [row[0] for row in seen[7:10]]


def test_my_activities_overdue_then_today_then_later_mine_and_open_only(actor, other_user, acme):
    now = dt.datetime.now()
    local = lambda when: when.strftime("%Y-%m-%d %H:%M")  # noqa: E731
    tasks = service_for("task")
    tasks.create(actor, {"subject": "Later", "regarding": ("account", acme.id),
                         "due_at": local(now + dt.timedelta(days=3))})
    tasks.create(actor, {"subject": "No date", "regarding": ("account", acme.id)})
    tasks.create(actor, {"subject": "Overdue", "regarding": ("account", acme.id),
                         "due_at": local(now - dt.timedelta(days=2))})
    today = now.replace(hour=23, minute=59) if now.hour < 23 else now + dt.timedelta(minutes=1)
    tasks.create(actor, {"subject": "Today", "regarding": ("account", acme.id), "due_at": local(today)})
    done = tasks.create(actor, {"subject": "Done", "regarding": ("account", acme.id), "due_at": local(now)})
    tasks.complete(actor, done.id)
    tasks.create(actor, {"subject": "Not mine", "regarding": ("account", acme.id), "owner": other_user.id,
                         "due_at": local(now)})
    rows = listing.page(ListQuery("my_activities", owner_id=actor.id), limit=50)
    assert [r[6] for r in rows] == ["Overdue", "Today", "Later", "No date"]
    assert rows[0][4].startswith("Overdue") and rows[1][4].startswith("Today") and rows[3][4] == "No date"


def test_quick_log_defaults(actor, acme):
    call = activities.log(actor, "phone_call", ("account", acme.id), "Call")
    assert (call.state, call.status_reason, call.direction) == ("completed", "Made", "Outgoing")
    incoming = activities.log(actor, "email", ("account", acme.id), "Mail", direction="Incoming")
    assert incoming.status_reason == "Received"
    task = activities.log(actor, "task", ("account", acme.id), "Todo")
    assert (task.state, task.status_reason) == ("open", "Not Started")
    meeting = activities.log(actor, "appointment", ("account", acme.id), "Meet")
    assert meeting.state == "scheduled" and meeting.end_at - meeting.start_at == dt.timedelta(minutes=30)
    note = activities.log(actor, "note", ("account", acme.id), "Remember")
    assert note.state == "posted" and note.agenda_at is None
    with pytest.raises(ValidationError):
        activities.set_status(actor, note.id, "complete")


def test_an_entry_sits_at_its_own_date_not_when_it_was_logged(actor, acme):
    """Next week's appointment reads next week; an open task its due time; a closed one its completion."""
    activities.log(actor, "note", ("account", acme.id), "Logged today")
    meeting = activities.log(actor, "appointment", ("account", acme.id), "Review",
                             start_at="2030-06-08 10:00", end_at="2030-06-08 11:00")
    task = activities.log(actor, "task", ("account", acme.id), "Send the contract", due_at="2020-03-02 09:00")
    assert meeting.timeline_at == meeting.start_at and task.timeline_at == task.due_at
    rows = listing.page(_timeline(acme), limit=10)
    assert [row[4].split(" ", 1)[1] for row in rows] == ["Review", "Logged today", "Account created: Acme",
                                                         "Send the contract"]
    assert str(rows[0][6]).startswith("2030-06-08") and "2030-06-08" in rows[0][6][-1]
    done = service_for("task").complete(actor, task.id)
    assert done.timeline_at == done.completed_on  # done now: it comes up to now


def test_the_status_and_date_have_short_forms_and_a_rolled_up_entry_says_whom_it_is_about(actor, acme):
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    activities.log(actor, "phone_call", ("contact", ann.id), "Call Ann")
    query = _timeline(acme, rollup=True)
    titles = [column.title for column in listing.columns(query)]
    assert titles[:2] == ["Subject", "About"]
    row = listing.page(query, limit=5)[0]
    subject, about, status, date = row[4:8]
    assert subject == "☎ Call Ann" and tuple(about) == ("Ann Lee",)
    assert tuple(status) == ("Completed · Made", "Completed")
    assert len(date) >= 2 and len(date[-1]) <= 10
    assert "About" not in [column.title for column in listing.columns(_timeline(acme))]
