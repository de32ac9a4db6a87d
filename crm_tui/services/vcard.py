"""Contacts as vCards: read from a .vcf file or a vdir (a folder of one card a file, as khard and
vdirsyncer keep them), written to a .vcf or a vdir.

Reading takes vCard 2.1 (quoted-printable included), 3.0 and 4.0, as phones, Outlook, Google,
Apple and khard write them; each card is parsed on its own, so a broken one is reported (and
refused, with its line) while the others are kept. A card becomes an import row
(crm_tui.services.importing): N/FN the name, ORG the account (a department after the job title),
TITLE, every EMAIL and TEL with their types, the first (work) ADR, NOTE; its UID is its first key.

Writing makes vCard 3.0 cards (what every address book reads), one per contact, each with a UID
that never changes: the one the card came in with, else crm-tui-contact-ID.
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
from crm_tui.services.importing.incoming import Incoming, decoded

UID_PREFIX = "crm-tui-contact-"
CARD_RE = re.compile(r"^BEGIN:VCARD\s*$(.*?)^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)


class VcardError(ServiceError):
    """Cards that cannot be read or written at all (a missing file, a folder that refuses them)."""


def uid_of(contact_id: int, kept: str | None) -> str:
    return kept or f"{UID_PREFIX}{contact_id}"


def id_of_uid(uid: str) -> int | None:
    """The contact a UID of our own names (crm-tui-contact-12), else None."""
    rest = uid.removeprefix(UID_PREFIX)
    return int(rest) if rest != uid and rest.isdigit() else None


# -- reading ---------------------------------------------------------------------------------
def read_cards(path: str | Path) -> list[Incoming]:
    """Every card of a .vcf file, or of every .vcf file in a folder, as an import row."""
    path = Path(path).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".vcf", ".vcard") and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise VcardError(f"{path} does not exist")
    rows = []
    for file in files:
        try:
            text = decoded(file.read_bytes())
        except OSError as error:
            raise VcardError(f"cannot read {file}: {error.strerror or error}") from None
        rows.extend(_cards(text, file.name if path.is_dir() else ""))
    return rows


def _cards(text: str, where: str) -> Iterator[Incoming]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in CARD_RE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        card = match.group(0)
        row = Incoming(line, [card.strip()], where=where)
        try:
            _fill(row, card)
        except Exception as error:  # noqa: BLE001 (vobject raises many kinds): this card alone is refused
            row.problem = f"not a readable vCard: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
        yield row


def _unwrapped_qp(card: str) -> str:
    """vCard 2.1's quoted-printable soft line breaks (a line ending in =) joined: vobject reads
    the value then, but not the break."""
    out: list[str] = []
    lines = card.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        while ("QUOTED-PRINTABLE" in line.split(":", 1)[0].upper() and line.endswith("=")
               and index + 1 < len(lines)):
            index += 1
            line = line[:-1] + lines[index]
        out.append(line)
        index += 1
    return "\r\n".join(out)


def _types(line) -> set[str]:
    """A property's types, however the version writes them (TYPE=work,voice; TYPE="cell"; CELL)."""
    found = {t.strip().strip('"').casefold() for v in line.params.get("TYPE", []) for t in v.split(",")}
    return found | {t.casefold() for t in getattr(line, "singletonparams", [])}


def _fill(row: Incoming, card: str) -> None:
    import vobject

    parsed = vobject.readOne(_unwrapped_qp(card), ignoreUnreadable=False)
    contents = parsed.contents

    def first(name: str):
        lines = contents.get(name)
        return lines[0].value if lines else None

    if uid := first("uid"):
        row.uid = str(uid).strip()
    name = first("n")
    given = " ".join(p for p in ([name.given] if isinstance(name.given, str) else name.given) + (
        [name.additional] if isinstance(name.additional, str) else name.additional) if p) if name else ""
    family = (name.family if isinstance(name.family, str) else " ".join(name.family)) if name else ""
    if family.strip():
        row.values["last_name"] = family.strip()
        if given.strip():
            row.values["first_name"] = given.strip()
    elif (full := first("fn")) and str(full).strip():
        row.full_name = str(full).strip()
    elif given.strip():
        row.values["last_name"] = given.strip()
    org = first("org")
    if org:
        parts = [org] if isinstance(org, str) else [p for p in org if p]
        if parts and parts[0].strip():
            row.company = parts[0].strip()
        if len(parts) > 1 and parts[1].strip():
            row.department = parts[1].strip()
    title = first("title")
    if title and str(title).strip():
        row.values["job_title"] = str(title).strip()
    if row.department:  # contacts have no department: it stays with the job title
        row.values["job_title"] = f"{row.values['job_title']} ({row.department})" if title else row.department
    emails = sorted(contents.get("email", []), key=lambda line: "pref" not in _types(line) and
                    line.params.get("PREF") is None)
    row.emails = [str(line.value).strip().removeprefix("mailto:") for line in emails if str(line.value).strip()]
    for line in contents.get("tel", []):
        number = str(line.value).strip().removeprefix("tel:")
        if number:
            row.phones.append((number, bool(_types(line) & {"cell", "mobile"})))
    addresses = sorted(contents.get("adr", []), key=lambda line: "work" not in _types(line))
    if addresses:
        adr = addresses[0].value
        for field, part in (("street", adr.street), ("city", adr.city), ("state_province", adr.region),
                            ("postal_code", adr.code), ("country", adr.country)):
            text = " ".join(part).strip() if isinstance(part, list) else str(part or "").strip()
            if text:
                row.values[field] = text
    note = first("note")
    if note and str(note).strip():
        row.values["description"] = str(note).replace("\r\n", "\n")  # as written: a note round-trips


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
