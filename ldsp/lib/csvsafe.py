"""CSV files that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is read as a formula by Excel, LibreOffice and Google Sheets, so text
someone typed into the site could run a formula on the computer of whoever
opens the download. Following OWASP's advice on CSV injection, every such text
cell gets a leading single quote, which spreadsheets show as text. Cells that
only start with one of those characters after some whitespace are treated the
same way, because some spreadsheets trim the whitespace first. Embedded double
quotes are doubled by the csv module's normal quoting.

Real numbers (ints, floats, decimals) are written as they are, so a negative
number stays a number.
"""

from __future__ import annotations

import csv
import numbers
from collections.abc import Collection, Iterable, Mapping
from typing import Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    """Anything text can be written to: a file, or Django's HttpResponse."""

    def write(self, text: str, /) -> object: ...


def safe_cell(value: object) -> str:
    """The value as a CSV cell that no spreadsheet will take for a formula."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    cell = str(value)
    if cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file: Writable) -> None:
        self._writer = csv.writer(file)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """``csv.DictWriter`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file: Writable, fieldnames: Collection[str]) -> None:
        self._writer = csv.DictWriter(file, fieldnames=list(fieldnames))

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Mapping[str, object]) -> None:
        self._writer.writerow({name: safe_cell(value) for name, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, object]]) -> None:
        for row in rows:
            self.writerow(row)
