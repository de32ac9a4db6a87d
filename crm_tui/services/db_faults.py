"""A database's faults, said as sentences: what happened, that nothing was saved, what to do.

The drivers' words ("database is locked", "server closed the connection unexpectedly") are for
logs; people get these. Every call into the database from the app and the command line goes
through `translated`, so a fault is a DatabaseTrouble (a ServiceError) wherever it shows."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import peewee

from crm_tui.models import db as dbmod
from crm_tui.services.errors import DatabaseTrouble

# (words in the driver's message, lower case) -> the sentence; the first match wins.
_SENTENCES = (
    (("database is locked", "database table is locked", "database is busy"),
     "Another session kept the database busy for over {busy} s, so this was not saved. "
     "Your changes are still here: save again in a moment."),
    (("readonly database", "read-only", "read only"),
     "This database is read-only here, so nothing can be saved (browsing works)."),
    (("disk is full", "disk full", "no space left"),
     "The disk holding the database is full, so nothing was saved. Free some space and save again."),
    (("disk i/o error", "input/output error"),
     "The disk holding the database failed to read or write, so nothing was saved."),
    (("cannot rollback", "no transaction is active"),
     "The database stopped in the middle of a save (often a full disk), so nothing was saved."),
    (("malformed", "not a database", "file is encrypted"),
     "The database file is damaged or is not a crm-tui database."),
    (("password authentication failed",),
     "The database server refused the user name or password."),
    (("permission denied",),
     "The database user may not do this (permission denied)."),
    (("connection refused", "could not connect", "could not translate host name", "timeout expired",
      "server closed the connection", "connection already closed", "terminating connection",
      "connection not open", "ssl syscall error", "no connection to the server", "the database system is",
      "connection is closed", "eof detected"),
     "The database server cannot be reached, so this was not done. It is tried again by itself; "
     "what you typed is still here."),
)


def sentence(error: BaseException) -> str:
    """What a driver's error means, for people."""
    text = str(error).strip().lower()
    for words, said in _SENTENCES:
        if any(word in text for word in words):
            return said.format(busy=f"{dbmod.BUSY_SECONDS:g}")
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"The database refused this ({first_line}), so nothing was saved."


@contextmanager
def translated() -> Iterator[None]:
    """Raise a database fault inside as a DatabaseTrouble with its sentence."""
    try:
        yield
    except (peewee.OperationalError, peewee.InterfaceError, peewee.InternalError) as error:
        raise DatabaseTrouble(sentence(error)) from error
    except peewee.DatabaseError as error:
        if isinstance(error, (peewee.IntegrityError, peewee.DataError, peewee.ProgrammingError)):
            raise  # a bug of ours, not a fault of the database: keep it visible as one
        raise DatabaseTrouble(sentence(error)) from error
