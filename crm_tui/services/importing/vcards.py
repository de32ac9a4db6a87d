"""Reading vCards for an import: a .vcf file, or a vdir (a folder of one card a file).

vCard 2.1 (quoted-printable included), 3.0 and 4.0, as phones, Outlook, Google, Apple and khard
write them; each card is parsed on its own (vobject), so a broken one is reported (and refused,
with its file and line) while the others are kept. A card becomes an import row: N/FN the name,
ORG the account (a department after the job title), TITLE, every EMAIL and TEL with their types,
the first (work) ADR, NOTE; its UID is its first key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from crm_tui.services.importing.incoming import Incoming, decoded
from crm_tui.services.vcard import VcardError

CARD_RE = re.compile(r"^BEGIN:VCARD\s*$(.*?)^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)


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
