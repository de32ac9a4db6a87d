"""Bringing records in: a CSV file (Outlook, Google Contacts, Dynamics 365, crm-tui's own export,
or any with a map) or vCards, matched against what is already there, every row accounted for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from crm_tui.services.importing import columns, vcards
from crm_tui.services.importing.engine import Importer, Report, write_refused
from crm_tui.services.importing.incoming import CsvFile, ImportFileError


def is_vcard(path: str | Path) -> bool:
    """A .vcf file, or a folder (a vdir of .vcf files)."""
    path = Path(path).expanduser()
    return path.is_dir() or path.suffix.lower() in (".vcf", ".vcard")


@dataclass(frozen=True)
class Preview:
    """What the mapping step shows: the file's columns, a value of each, and how each would be read."""

    path: Path
    rows: int
    vcards: bool
    headers: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()  # the first non-blank value of each column, among the first rows
    mapping: dict[str, str] | None = None
    targets: dict[str, str] | None = None  # what a column may fill: target -> label
    saved_maps: tuple[str, ...] = ()


def preview(rt_key: str, path: str | Path) -> Preview:
    path = Path(path).expanduser().absolute()
    if is_vcard(path):
        if rt_key != "contact":
            raise ImportFileError("vCards are contacts: import them into the contacts list")
        return Preview(path, len(vcards.read_cards(path)), True)
    source = CsvFile.open(path)
    sample = source.sample(5)
    samples = tuple(next((row[i].strip() for row in sample if i < len(row) and row[i].strip()), "")
                    for i in range(len(source.headers)))
    return Preview(path, source.count(), False, tuple(source.headers), samples,
                   columns.suggested(rt_key, source.headers), columns.targets(rt_key),
                   tuple(columns.saved_maps(rt_key)))


def saved_mapping(rt_key: str, name: str, headers: tuple[str, ...]) -> dict[str, str]:
    """A saved map laid over a file's headers (a header it does not name is left out)."""
    saved = columns.load_map(name, rt_key)
    return {header: saved.get(header, columns.SKIP) for header in headers}


def mapping_for(rt_key: str, source: CsvFile, map_name: str | None = None,
                mapping: dict[str, str] | None = None) -> dict[str, str]:
    """The mapping an import uses: the one given, else a saved one by name, else the suggested one;
    refused (ImportFileError) if it leaves a required field unfilled or names what the type lacks."""
    if mapping is None:
        mapping = columns.load_map(map_name, rt_key) if map_name else columns.suggested(rt_key, source.headers)
    problems = columns.problems(rt_key, mapping)
    if problems:
        raise ImportFileError(f"{source.path.name}: " + "; ".join(problems)
                              + " (map the columns with --map, or rename the headers)")
    return mapping


def import_file(actor, rt_key: str, path: str | Path, mode: str = "upsert", dry_run: bool = False,
                map_name: str | None = None, mapping: dict[str, str] | None = None,
                progress: Callable[[int, int], None] | None = None, save_map_as: str | None = None,
                source: CsvFile | None = None) -> Report:
    """Import a CSV file or vCards into a record type; the report of every row. progress(done,
    total) is called as batches land. source: the CSV file at path, if the caller read it already."""
    path = Path(path).expanduser().absolute()
    importer = Importer(actor, rt_key, mode, dry_run)
    if is_vcard(path):
        if rt_key != "contact":
            raise ImportFileError("vCards are contacts: import them with the contact type")
        cards = vcards.read_cards(path)
        total = len(cards)
        rows, header = iter(cards), ["Card"]
    else:
        source = source or CsvFile.open(path)
        chosen = mapping_for(rt_key, source, map_name, mapping)
        if save_map_as:
            columns.save_map(save_map_as, rt_key, chosen)
        total = source.count()
        rows, header = source.rows(chosen), source.headers
    report = importer.run(rows, (lambda done: progress(done, total)) if progress else None)
    if not dry_run:
        report.refused_file = write_refused(report, path, header, importer.refused_rows)
    return report
