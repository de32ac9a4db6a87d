"""What an import reads, whatever the file: one record's worth of values a row, with where it was.

A CSV file (through its mapping) and a vCard (through its properties) both become Incoming
rows; the engine (crm_tui.services.importing.engine) does the rest the same way for both.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from crm_tui.services.errors import ServiceError
from crm_tui.services.importing.columns import (
    ANY_EMAIL,
    ANY_PHONE,
    COMPANY,
    FULL_NAME,
    ID,
    SKIP,
)


class ImportFileError(ServiceError):
    """A file that cannot be imported at all (missing, not a CSV, no header, a bad mapping)."""


@dataclass
class Incoming:
    line: int  # where the row starts in its file (1: the first line)
    raw: list[str]  # the row as read, written back to the refused-rows file if it is refused
    values: dict[str, str] = field(default_factory=dict)  # field name -> text as given
    record_id: str | None = None  # the id (or case number) the file gives, if any
    full_name: str | None = None
    company: str | None = None
    department: str | None = None
    phones: list[tuple[str, bool]] = field(default_factory=list)  # (number, labelled mobile)
    emails: list[str] = field(default_factory=list)
    uid: str | None = None  # a vCard's UID: its first key
    problem: str | None = None  # refused as read (a row longer than its header, a broken card)
    where: str = ""  # the file it came from, when an import reads several (a vdir)


def decoded(data: bytes) -> str:
    """A file's text: UTF-8 (with or without its byte-order mark, as Excel writes it), else the
    Windows code page Outlook's exports use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class CsvFile:
    path: Path
    headers: list[str]
    text: str
    dialect: type[csv.Dialect] | csv.Dialect

    @classmethod
    def open(cls, path: str | Path) -> "CsvFile":
        path = Path(path).expanduser()
        try:
            text = decoded(path.read_bytes())
        except FileNotFoundError:
            raise ImportFileError(f"{path} does not exist") from None
        except IsADirectoryError:
            raise ImportFileError(f"{path} is a folder: a CSV import reads one file") from None
        except OSError as error:
            raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
        try:
            dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        headers = next(reader, None)
        if not headers or not any(h.strip() for h in headers):
            raise ImportFileError(f"{path} has no header row: its first line names the columns")
        return cls(path, [h.strip() for h in headers], text, dialect)

    def sample(self, rows: int = 3) -> list[list[str]]:
        """The first rows, for the mapping step to show what each column holds."""
        return [cells for _line, cells in itertools.islice(self._records(), rows)]

    def count(self) -> int:
        return sum(1 for _ in self._records())

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), self.dialect)
        next(reader, None)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                yield start, cells

    def rows(self, mapping: dict[str, str]) -> Iterator[Incoming]:
        """Every record of the file, read through mapping (header -> target)."""
        targets = [mapping.get(h, SKIP) for h in self.headers]
        labels = {i: self._label_column(i) for i, t in enumerate(targets) if t == ANY_PHONE}
        for line, cells in self._records():
            row = Incoming(line, cells)
            if len(cells) > len(self.headers) and any(c.strip() for c in cells[len(self.headers):]):
                row.problem = f"{len(cells)} cells, but the header names {len(self.headers)} columns"
            for index, target in enumerate(targets):
                text = cells[index].strip() if index < len(cells) else ""
                if not text or target == SKIP:
                    continue
                if target == ID:
                    row.record_id = text
                elif target == FULL_NAME:
                    row.full_name = text
                elif target == COMPANY:
                    row.company = text
                elif target == ANY_PHONE:
                    label = labels.get(index)
                    mobile = label is not None and label < len(cells) and "mobile" in cells[label].casefold()
                    row.phones.append((text, mobile or "mobile" in self.headers[index].casefold()))
                elif target == ANY_EMAIL:
                    row.emails.append(text)
                else:
                    row.values[target] = cells[index] if "\n" in cells[index] else text
            yield row

    def _label_column(self, index: int) -> int | None:
        """The column that says what kind of phone a Google "Phone 1 - Value" is ("Phone 1 - Label")."""
        header = self.headers[index]
        if not header.endswith(" - Value"):
            return None
        stem = header[: -len(" - Value")]
        for suffix in (" - Label", " - Type"):
            if stem + suffix in self.headers:
                return self.headers.index(stem + suffix)
        return None
