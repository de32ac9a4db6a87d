"""Opening a database for a command or the app, saying on stderr what migrating it did."""

from __future__ import annotations

import sys

from crm_tui.paths import redacted
from crm_tui.services import database


def open_reporting(url: str) -> None:
    """Open (and migrate) the database, saying on stderr what migrating did."""
    report = database.open_database(url)
    if report and report.applied and report.from_version:
        print(f"Migrated {redacted(url)} from schema {report.from_version} to {report.to_version}"
              + (f"; the old file was copied to {report.backup}" if report.backup else ""), file=sys.stderr)
