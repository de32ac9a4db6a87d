"""Appointments and tasks as iCalendar: one .ics or a vdir, read back with the icalendar library."""

from __future__ import annotations

import datetime as dt

import icalendar

from crm_tui.services import activities, calendar
from crm_tui.services.customers.accounts import accounts
from tests.run_cli import cli

TRICKY = "Lunch; with Ann, Bo\\and \"Cy\"\nsecond line"


def _components(path) -> dict[str, icalendar.cal.Component]:
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(c["uid"]): c for c in parsed.walk() if c.name in ("VEVENT", "VTODO")}


def _items(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    start = dt.datetime(2026, 12, 8, 9, 30)
    meeting = activities.log(actor, "appointment", ("account", acme.id), TRICKY, start_at=start,
                             end_at=start + dt.timedelta(hours=1), location="Room 4")
    task = activities.log(actor, "task", ("account", acme.id), "Send the quote", due_at="2026-12-09 17:00",
                          priority="High")
    done = activities.log(actor, "task", ("account", acme.id), "Call back", due_at="2026-12-01 10:00")
    activities.set_status(actor, done.id, "complete")
    activities.log(actor, "phone_call", ("account", acme.id), "A call is not on a calendar")
    activities.log(actor, "note", ("account", acme.id), "Nor is a note")
    return meeting, task, done


def test_one_file_holds_each_appointment_and_task_as_a_calendar_reads_them(db_url, actor, other_user, tmp_path):
    meeting, task, done = _items(actor)
    activities.log(other_user, "task", ("account", meeting.regarding_id), "Someone else's")
    assert calendar.write_ics(tmp_path / "mine.ics", actor.id) == 3
    found = _components(tmp_path / "mine.ics")
    assert set(found) == {f"crm-tui-activity-{i}" for i in (meeting.id, task.id, done.id)}
    event = found[f"crm-tui-activity-{meeting.id}"]
    assert event.name == "VEVENT" and str(event["summary"]) == TRICKY  # escaped and read back as typed
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.timezone.utc)  # stored as UTC
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=1)
    assert str(event["location"]) == "Room 4" and str(event["status"]) == "CONFIRMED"
    assert "About: Acme" in str(event["description"])
    todo = found[f"crm-tui-activity-{task.id}"]
    assert todo.name == "VTODO" and str(todo["status"]) == "NEEDS-ACTION" and int(todo["priority"]) == 1
    assert todo.decoded("due").replace(tzinfo=None) == task.due_at
    closed = found[f"crm-tui-activity-{done.id}"]
    assert str(closed["status"]) == "COMPLETED" and "completed" in closed
    assert calendar.write_ics(tmp_path / "everyone.ics", None) == 4
    calendar.write_ics(tmp_path / "again.ics", actor.id)
    assert set(_components(tmp_path / "again.ics")) == set(found)  # the same UIDs every time


def test_a_vdir_has_a_file_an_item_and_loses_the_ones_deleted(db_url, actor, tmp_path):
    from crm_tui.services.activities import service_for

    meeting, task, done = _items(actor)
    folder = tmp_path / "calendar"
    folder.mkdir()
    (folder / "someone-elses.ics").write_text("kept")
    assert calendar.write_vdir(folder, actor.id) == 3
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"crm-tui-activity-{i}.ics" for i in (meeting.id, task.id, done.id)]
                           + ["someone-elses.ics"])
    assert set(_components(folder / f"crm-tui-activity-{task.id}.ics")) == {f"crm-tui-activity-{task.id}"}
    service_for("task").delete(actor, task.id)
    assert calendar.write_vdir(folder, actor.id) == 2
    assert not (folder / f"crm-tui-activity-{task.id}.ics").exists() and (folder / "someone-elses.ics").exists()
    assert not [p for p in folder.iterdir() if p.suffix == ".part"]
    (tmp_path / "a-file").write_text("")
    try:
        calendar.write_vdir(tmp_path / "a-file", actor.id)
    except calendar.CalendarError as error:
        assert "is a file" in str(error)
    else:
        raise AssertionError("a vdir over a file was not refused")


def test_the_export_command_writes_ical(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    assert cli("--user", "jordan", "demo", "--db", db).returncode == 0
    shown = cli("export", "activity", "-f", "ical", "--db", db, "--user", "jordan")
    assert shown.returncode == 0 and shown.stdout.startswith("BEGIN:VCALENDAR")
    items = [c for c in icalendar.Calendar.from_ical(shown.stdout).walk() if c.name in ("VEVENT", "VTODO")]
    assert len(items) == int(shown.stderr.split()[1].replace(",", "")) > 0
    folder = cli("export", "activity", "--db", db, "--user", "jordan", "-o", str(tmp_path / "cal") + "/")
    assert folder.returncode == 0 and len(list((tmp_path / "cal").glob("*.ics"))) == len(items)
    wrong = cli("export", "account", "-f", "ical", "--db", db)
    assert wrong.returncode == 1 and "iCalendar is for activities" in wrong.stderr
