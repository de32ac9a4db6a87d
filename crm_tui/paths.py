"""Where crm-tui keeps things, from the environment and the user's folders.

Nothing here imports the database layer: the command line reads it before deciding which
database drivers a run needs.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_config_path, user_data_path

DB_ENV = "CRM_TUI_DB"
SETTINGS_ENV = "CRM_TUI_SETTINGS"
COMPLETE_ENV = "_CRM_TUI_COMPLETE"  # set by the shell completion script (crm-tui completion bash)


def data_dir() -> Path:
    return user_data_path("crm-tui", appauthor=False)


def default_url() -> str:
    return str(data_dir() / "crm.sqlite")


def demo_url() -> str:
    return str(data_dir() / "demo.sqlite")


def resolve_url(cli_value: str | None) -> str:
    """--db wins, then CRM_TUI_DB, then the SQLite file in the user's data folder."""
    return cli_value or os.environ.get(DB_ENV) or default_url()


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def settings_path() -> Path:
    """CRM_TUI_SETTINGS, else settings.toml in the user's config folder."""
    if value := os.environ.get(SETTINGS_ENV):
        return Path(value).expanduser()
    return user_config_path("crm-tui", appauthor=False) / "settings.toml"


SECRET_PARAMETERS = ("password", "passwd", "sslpassword")


def redacted(url: str) -> str:
    """The URL without its password, wherever it is given (user:password@ or ?password=), fit to print."""
    if not is_postgres_url(url):
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = "&".join(
        f"{pair.partition('=')[0]}=***" if pair.partition("=")[0].lower() in SECRET_PARAMETERS else pair
        for pair in parts.query.split("&")) if parts.query else ""
    return parts._replace(netloc=netloc, query=query).geturl()
