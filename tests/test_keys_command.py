"""`crm-tui keys`: every key, scriptable, as the settings have them; no database touched."""

from __future__ import annotations

from crm_tui.cli import main
from crm_tui.core import actions, key_tables
from crm_tui.core.record_type import set_names


def test_keys_lists_every_action_with_the_settings_keys_and_names(tmp_path, monkeypatch, capsys):
    settings = tmp_path / "settings.toml"
    settings.write_text('[names.contact]\nsingular = "Person"\nplural = "People"\n[keys]\n"record.new_contact" = "ctrl+n"\n')
    monkeypatch.setenv("CRM_TUI_SETTINGS", str(settings))
    monkeypatch.setenv("CRM_TUI_DB", str(tmp_path / "never.sqlite"))
    try:
        assert main(["keys"]) == 0
    finally:
        set_names({}, {})  # the command took the settings' names for this process
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in lines}
    assert len(lines) == len(actions.ACTIONS) and set(rows) == set(actions.BY_ID)
    assert rows["record.new_contact"] == ["ctrl+n", "Add person"]
    assert rows["app.search"] == ["ctrl+f", "Search all"]
    assert not (tmp_path / "never.sqlite").exists()


def test_keys_markdown_is_the_readme_tables(capsys):
    assert main(["keys", "--markdown"]) == 0
    assert capsys.readouterr().out == key_tables.markdown()


def test_every_declared_key_has_a_place_in_the_key_tables():
    """A new dialog's keys appear in README's tables (and the help) without being forgotten."""
    from crm_tui.core import actions, key_tables

    scopes = {action.id.split(".")[0] for action in actions.ACTIONS}
    placed = {scope for _title, in_section, _over in key_tables.SECTIONS for scope in in_section}
    assert scopes <= placed
    dialogs = next(in_section for title, in_section, _over in key_tables.SECTIONS if title == "In dialogs")
    assert set(dialogs) <= set(key_tables.DIALOG_NAMES)
