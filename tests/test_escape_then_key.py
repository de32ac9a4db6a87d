"""Escape and the next key in one write (a fast typist, a busy SSH link): two keys, each where
it was meant. Through a pseudo-terminal, since the terminal parser is what read them wrong."""

from __future__ import annotations

import pytest

from crm_tui.models import db as dbmod
from crm_tui.models.customer import Account
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.escape_key import KeyParser
from tests.terminal import COMMAND, Terminal, environment


def keys_read(data: str, text_has_focus: bool = False) -> list[str]:
    parser = KeyParser()
    KeyParser.text_has_focus = staticmethod(lambda: text_has_focus)
    try:
        return [event.key for event in parser.feed(data) if hasattr(event, "key")]
    finally:
        KeyParser.text_has_focus = staticmethod(lambda: False)


@pytest.mark.parametrize("data, keys", [
    ("\x1bn", ["escape", "n"]),  # was alt+n
    ("\x1b1", ["escape", "1"]),  # was "¡"
    ("\x1b/", ["escape", "slash"]),  # was "/", the escape dropped
    ("\x1bNew", ["escape", "N", "e", "w"]),
    ("\x1b\x1bn", ["escape", "escape", "n"]),
    ("\x1bb", ["escape", "b"]),  # no text field: not a word move
    ("\x1b ", ["escape", "space"]),
    ("\x1b\r", ["escape", "enter"]),  # back, then open: both keys were lost
])
def test_escape_and_a_printable_key_in_one_read_are_two_keys(data, keys):
    assert keys_read(data) == keys


@pytest.mark.parametrize("data, keys", [
    ("\x1b[A", ["up"]), ("\x1bOA", ["up"]), ("\x1b[1;5C", ["ctrl+right"]),  # the terminal's own sequences
    ("\x1b\x7f", ["ctrl+w"]), ("\x1b\t", ["shift+tab"]),  # alt and a key that cannot be text
])
def test_the_terminals_sequences_are_still_read_as_one_key(data, keys):
    assert keys_read(data) == keys


def test_alt_b_and_alt_f_stay_word_moves_in_a_text_field():
    assert keys_read("\x1bb", text_has_focus=True) == ["ctrl+left"]
    assert keys_read("\x1bf", text_has_focus=True) == ["ctrl+right"]


def test_back_then_a_command_typed_in_one_write_runs_on_the_screen_it_was_meant_for(tmp_path):
    from crm_tui.services.users import ensure_user
    from tests.databases import migrated

    url = str(tmp_path / "crm.sqlite")
    with migrated(url):
        actor = ensure_user("tester", "Test User")
        acme = accounts.create(actor, {"name": "Acme Rockets"})
        contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    terminal = Terminal([*COMMAND, "--db", url, "--user", "tester"], environment(tmp_path))
    try:
        terminal.wait_for(r"Active Accounts · 1")
        terminal.press("2")
        terminal.wait_for(r"Ann Lee")
        terminal.press("\r")
        terminal.wait_for(r"Contact · Ann Lee")
        terminal.press("\x1b1")  # back to the contacts, then the accounts
        terminal.wait_for(r"Active Accounts · 1")
        terminal.press("\r")
        terminal.wait_for(r"Account · Acme Rockets")
        terminal.press("\x1bnZeta Works\x13")  # back, a new account, its name, save: one write
        terminal.wait_for(r"Account · Zeta Works")
        terminal.press("q")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()
    with migrated(url):
        assert sorted(a.name for a in Account.select()) == ["Acme Rockets", "Zeta Works"]
    dbmod.database.close()
