"""Input a person can type that must be refused in words, or kept exactly — never a crash."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_tui.core.fields import DATE, DATETIME, DURATION, INTEGER, MONEY, FieldSpec, coerce, to_local
from crm_tui.services import global_search
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ValidationError


def test_numbers_with_separators_in_the_wrong_places_are_refused_not_run_together(actor):
    with pytest.raises(ValidationError) as refused:
        accounts.create(actor, {"name": "Oddly Counted", "employees": "1,2,3"})
    assert refused.value.errors == {"employees": "Enter a whole number"}
    assert accounts.create(actor, {"name": "Well Counted", "employees": "1,250"}).employees == 1250
    assert coerce(FieldSpec("x", "X", MONEY), "1,25")[1] and coerce(FieldSpec("x", "X", MONEY), "12,500.50")[0] == 12500.5


def test_a_name_of_only_invisible_characters_is_not_a_name(actor):
    with pytest.raises(ValidationError) as refused:
        accounts.create(actor, {"name": "\u200b\u200d\u202e \u2066"})
    assert refused.value.errors == {"name": "Required"}


def test_a_nul_byte_is_refused_in_words_and_a_search_with_one_finds_what_the_rest_says(actor):
    with pytest.raises(ValidationError) as refused:
        accounts.create(actor, {"name": "Nul\x00 Ltd"})
    assert "NUL" in refused.value.errors["name"]
    accounts.create(actor, {"name": "Nullarbor Tours"})
    assert [h.title for h in global_search.find("Nul\x00larbor").hits] == ["Nullarbor Tours"]


@pytest.mark.parametrize("typed", ["+3000000d", "9999-12-31 23:00", "1066-10-14", "+" + "9" * 40 + "w"])
def test_dates_out_of_range_say_the_range(typed):
    for kind in (DATE, DATETIME):
        value, problem = coerce(FieldSpec("due", "Due", kind), typed)
        assert value is None and problem == "Between 1900-01-01 and 9999-12-30"


def test_a_huge_time_spent_says_the_range():
    assert coerce(FieldSpec("spent", "Spent", DURATION), "9" * 400) == (None, "Between 0 minutes and ten years")
    assert coerce(FieldSpec("n", "N", INTEGER), "9" * 400)[1]


def test_a_stored_date_at_the_end_of_the_calendar_still_shows(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    try:
        assert to_local(dt.datetime(9999, 12, 31, 20, 0)) == dt.datetime(9999, 12, 31, 20, 0)
        assert to_local(dt.datetime(2026, 1, 1, 0, 0)) == dt.datetime(2026, 1, 1, 9, 0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
