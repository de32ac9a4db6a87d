"""Contacts written as vCards, to a .vcf file or a vdir (a folder of one card a file, as khard and
vdirsyncer keep them): vCard 3.0 cards (what every address book reads), one per contact, each with
a UID that never changes — the one the card came in with, else crm-tui-contact-ID. Reading cards
is the import's (crm_tui.services.importing.vcards).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from peewee import JOIN

from crm_tui.models import Account, Contact
from crm_tui.services.errors import ServiceError
from crm_tui.services.files import replaced_whole

UID_PREFIX = "crm-tui-contact-"


class VcardError(ServiceError):
    """Cards that cannot be read or written at all (a missing file, a folder that refuses them)."""


def uid_of(contact_id: int, kept: str | None) -> str:
    return kept or f"{UID_PREFIX}{contact_id}"


def id_of_uid(uid: str) -> int | None:
    """The contact a UID of our own names (crm-tui-contact-12), else None."""
    rest = uid.removeprefix(UID_PREFIX)
    return int(rest) if rest != uid and rest.isdigit() else None


# -- writing ---------------------------------------------------------------------------------
def _escaped(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _folded(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 6350)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # later lines start with a space
    return "\r\n ".join(parts) + "\r\n"


COLUMNS = (Contact.id, Contact.vcard_uid, Contact.first_name, Contact.last_name, Contact.job_title,
           Contact.email, Contact.email2, Contact.business_phone, Contact.mobile_phone, Contact.street,
           Contact.city, Contact.state_province, Contact.postal_code, Contact.country, Contact.description,
           Contact.modified_on, Account.name)


def card(row: tuple) -> tuple[str, str]:
    """(UID, the vCard 3.0 text) of a contact read with COLUMNS."""
    (cid, kept, first, last, title, email, email2, phone, mobile, street, city, region, code, country,
     note, modified, account) = row
    uid = uid_of(cid, kept)
    full = " ".join(p for p in (first, last) if p)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{_escaped(uid)}", f"N:{_escaped(last or '')};{_escaped(first or '')};;;",
             f"FN:{_escaped(full)}"]
    address = ";".join(_escaped(p or "") for p in (street, city, region, code, country))
    properties = (("ORG", account), ("TITLE", title), ("EMAIL;TYPE=INTERNET,WORK,PREF", email),
                  ("EMAIL;TYPE=INTERNET", email2), ("TEL;TYPE=WORK,VOICE", phone), ("TEL;TYPE=CELL", mobile))
    lines += [f"{name}:{_escaped(value)}" for name, value in properties if value]
    if address.strip(";"):
        lines.append(f"ADR;TYPE=WORK:;;{address}")
    if note:
        lines.append(f"NOTE:{_escaped(note)}")
    if modified:
        stamp = modified if isinstance(modified, dt.datetime) else dt.datetime.fromisoformat(str(modified))
        lines.append(f"REV:{stamp:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return uid, "".join(_folded(line) for line in lines)


def _contacts(pages: Iterable[list[int]] | None = None, chunk: int = 2000) -> Iterator[tuple]:
    """Every contact by id, a keyset page at a time; or those of pages of ids (a view's), in their order."""
    def query():
        return (Contact.select(*COLUMNS)
                .join(Account, on=(Contact.parent_customer == Account.id), join_type=JOIN.LEFT_OUTER))

    if pages is not None:
        for ids in pages:
            found = {row[0]: row for row in query().where(Contact.id.in_(ids)).tuples()}
            yield from (found[i] for i in ids if i in found)
        return
    after = 0
    while True:
        rows = list(query().where(Contact.id > after).order_by(Contact.id).limit(chunk).tuples())
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1][0]


def write(out: TextIO, pages: Iterable[list[int]] | None = None) -> int:
    """Contacts (all, or the pages of ids of a view) as one stream of vCards; the number written."""
    count = 0
    for row in _contacts(pages):
        out.write(card(row)[1])
        count += 1
    return count


def _file_name(uid: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9@._-]", "_", uid)[:200]
    return f"{safe}.vcf"


def to_file(path: str | os.PathLike, pages: Iterable[list[int]] | None = None) -> int:
    """Contacts to one .vcf file (written whole, readable by its owner alone), or to a vdir when path
    is a folder or ends in /: one UID.vcf a contact, each written whole; the cards of contacts
    no longer here removed, other files left alone."""
    target = Path(path).expanduser()
    as_folder = target.is_dir() or str(path).endswith(("/", os.sep))
    try:
        if not as_folder:
            if not target.parent.is_dir():
                raise VcardError(f"{target.parent} does not exist")
            with replaced_whole(target, "w", encoding="utf-8", newline="") as out:
                return write(out, pages)
        target.mkdir(parents=True, exist_ok=True)
        written: set[str] = set()
        for row in _contacts(pages):
            uid, text = card(row)
            name = _file_name(uid)
            written.add(name)
            file = target / name
            try:
                if file.read_bytes() == text.encode("utf-8"):
                    continue  # unchanged: a sync program sees nothing to do
            except OSError:
                pass
            with replaced_whole(file, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        if pages is None:  # every contact: a card of one deleted since goes too
            for stale in target.glob("*.vcf"):
                if stale.name not in written and _ours(stale):
                    stale.unlink()
        return len(written)
    except OSError as error:
        raise VcardError(f"cannot write {target}: {error.strerror or error}") from None


def _ours(file: Path) -> bool:
    """A card an export wrote for a contact by its id (crm-tui-contact-ID): one of another
    program's, or of a contact that kept its own UID, is never removed."""
    try:
        head = file.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    found = re.search(r"^UID:(.*)$", head, re.MULTILINE)
    return bool(found) and id_of_uid(found.group(1).strip()) is not None
