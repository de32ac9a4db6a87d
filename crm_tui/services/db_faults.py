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

# (words in the driver's message, lower case; what happened; what it means for a save). The first
# match wins. "What happened" also explains a start-up that could not open the database.
_FAULTS = (
    (("database is locked", "database table is locked", "database is busy"),
     "another session kept the database busy for over {busy} s",
     "Another session kept the database busy for over {busy} s, so this was not saved. "
     "Your changes are still here: save again in a moment."),
    (("deadlock detected", "could not serialize", "could not obtain lock"),
     "another session changed the same records at the same moment",
     "Another session changed the same records at the same moment, so this was not done. Try again."),
    (("readonly database", "read-only", "read only"),
     "the database is read-only here",
     "This database is read-only here, so nothing can be saved (browsing works)."),
    (("disk is full", "disk full", "no space left"),
     "the disk holding the database is full",
     "The disk holding the database is full, so nothing was saved. Free some space and save again."),
    (("disk i/o error", "input/output error"),
     "the disk holding the database failed to read or write",
     "The disk holding the database failed to read or write, so nothing was saved."),
    (("cannot rollback", "no transaction is active"),
     "the database stopped in the middle of a write (often a full disk)",
     "The database stopped in the middle of a save (often a full disk), so nothing was saved."),
    (("malformed", "not a database", "file is encrypted"),
     "the file is damaged or is not a crm-tui database",
     "The database file is damaged or is not a crm-tui database."),
    (("password authentication failed", "no password supplied"),
     "the database server refused the user name or password",
     "The database server refused the user name or password."),
    (("does not exist",),
     "the database server has no such database or user",
     "The database server has no such database or user."),
    (_NO_RIGHTS := ("permission denied", "must be owner", "insufficient privilege", "no schema has been selected"),
     "the database user lacks the rights for this (permission denied)",
     "The database user may not do this (permission denied), so it was not done."),
    (("driver not installed", "driver not found"),
     "PostgreSQL support is not installed (pip install 'crm-tui[postgres]')",
     "PostgreSQL support is not installed."),
    (("connection refused", "could not connect", "could not translate host name", "timeout expired",
      "server closed the connection", "connection already closed", "terminating connection",
      "connection not open", "ssl syscall error", "no connection to the server", "the database system is",
      "connection is closed", "eof detected", "name or service not known", "no route to host"),
     "the database server cannot be reached",
     "The database server cannot be reached, so this was not done. It is tried again by itself; "
     "what you typed is still here."),
)


def _fault(error: BaseException) -> tuple[str, str] | None:
    text = str(error).strip().lower()
    for words, cause, said in _FAULTS:
        if any(word in text for word in words):
            busy = f"{dbmod.BUSY_SECONDS:g}"
            return cause.format(busy=busy), said.format(busy=busy)
    return None


def sentence(error: BaseException) -> str:
    """What a driver's error means for what the user was doing, for people."""
    if fault := _fault(error):
        return fault[1]
    return f"The database refused this ({_first_line(error)}), so nothing was saved."


def cause(error: BaseException) -> str:
    """What went wrong, as a phrase ("the database server cannot be reached")."""
    if fault := _fault(error):
        return fault[0]
    return f"the database said: {_first_line(error)}"


def is_fault(error: BaseException) -> bool:
    """A database error (of the driver or Peewee), as opposed to a bug of ours (a broken
    constraint, bad SQL) — though missing rights come as "programming" errors too."""
    if isinstance(error, (peewee.OperationalError, peewee.InterfaceError, peewee.InternalError,
                          peewee.ImproperlyConfigured)):
        return True
    if isinstance(error, peewee.ProgrammingError):
        return any(word in str(error).lower() for word in _NO_RIGHTS)
    return isinstance(error, peewee.DatabaseError) and not isinstance(error, (peewee.IntegrityError, peewee.DataError))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@contextmanager
def translated() -> Iterator[None]:
    """Raise a database fault inside as a DatabaseTrouble with its sentence."""
    try:
        yield
    except Exception as error:
        if not is_fault(error):
            raise  # a bug of ours (a broken constraint, bad SQL): kept visible as one
        raise DatabaseTrouble(sentence(error)) from error
