import pytest

from crm_tui.services import database
from crm_tui.ui.app import CrmApp
from tests.databases import migrated


@pytest.fixture
def db_url(tmp_path) -> str:
    """The screens run on SQLite; the services they call are tested on both databases."""
    with migrated(str(tmp_path / "crm.sqlite")) as url:
        yield url


@pytest.fixture
def make_app(actor):
    """A fresh app on the test database; the main thread's connection is closed as the CLI does."""

    def make() -> CrmApp:
        database.close()
        return CrmApp(actor, database_label="test")

    return make


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """Screens read and write a settings file of the test's own, never the user's."""
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("CRM_TUI_SETTINGS", str(path))
    return path
