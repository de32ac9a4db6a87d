"""What a SQLite path given to crm-tui is, checked before anything touches it.

A path is either a SQLite database (opened read-write, or read-only when this user may only
read it) or a place where a new one may be created. Anything else — a folder, a device, a text
file, a database this user may not read — is refused with a sentence, and left as it was: only a
file crm-tui creates itself is made private (0600).

Plain os calls, no database driver: the command line checks this first.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseUrlError(ValueError):
    """The --db value is neither a SQLite path nor a postgresql:// URL."""


def sqlite_path(url: str) -> Path:
    """The file a SQLite URL or plain path names."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    if url.startswith("sqlite://"):
        raise DatabaseUrlError(f"Use sqlite:///PATH or a plain path, not {url!r}")
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise DatabaseUrlError(f"Unsupported database scheme {scheme!r}: use a file path or postgresql://")
    return Path(url).expanduser()


class DatabaseFileError(ValueError):
    """The path cannot be a crm-tui database; the message says why, in words."""


class Access(Enum):
    NEW = "new"  # nothing there yet: crm-tui will create it, private
    READ_WRITE = "read-write"
    READ_ONLY = "read-only"


def check(path: Path) -> Access:
    """What opening path as a database will mean; DatabaseFileError if it cannot be one."""
    if not path.exists():
        if path.is_symlink():
            raise DatabaseFileError(f"{path} is a link to nothing; give the path of a database file")
        folder = _existing_folder(path.parent)
        if not folder.is_dir():
            raise DatabaseFileError(f"{folder} is not a folder, so {path} cannot be created there")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseFileError(f"There is no database at {path}, and you may not create one in {folder}")
        return Access.NEW
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder; give the path of a database file (in it, for example "
                                f"{path / 'crm.sqlite'})")
    if not path.is_file():
        raise DatabaseFileError(f"{path} is not a regular file (a device or a pipe); give the path of a database file")
    if not os.access(path, os.R_OK):
        raise DatabaseFileError(f"You may not read {path} (its permissions do not let you)")
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise DatabaseFileError(f"{path} is not a SQLite database (it holds something else); nothing was changed")
    folder = path.parent
    # SQLite writes its journal (-wal, -shm) beside the file: both must be writable to save. A
    # file with no write permission for anyone is read-only even to root, who could write it.
    if (path.stat().st_mode & 0o222 and os.access(path, os.W_OK)
            and os.access(folder, os.W_OK | os.X_OK)):
        return Access.READ_WRITE
    return Access.READ_ONLY


def _existing_folder(folder: Path) -> Path:
    """The nearest folder of folder's line that exists (the one new folders would be made in)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def create_private(path: Path) -> None:
    """Make the new database file, readable by its owner only (and its new folders, too)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
