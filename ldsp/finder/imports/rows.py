"""What a file of centres says, read but not yet checked against the database.

Both readers (``csv_format`` and ``openreferral_read``) turn a file into the same
shape: centres, each with the offers given for it, and the rows of the file each
came from, so every problem can be reported against the row and field a person
can find and fix in their own file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ldsp.core.errors import Refused

# Bigger files are refused before they are read: a partnership's directory is a few
# hundred centres, and the preview must stay readable and quick.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000


class ImportFileRefused(Refused):
    """The file as a whole cannot be read (size, encoding, JSON, columns); ``field``
    is the form field to show it beside."""

    def __init__(self, message: str, *, field: str = "file") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RowRef:
    """Where in the file something came from: "Line 4", or "Service 2" at ``content[1]``."""

    label: str
    path: str = ""
    order: int = 0


@dataclass
class Problem:
    """Why a row is refused: the field as the file names it, and what to do."""

    field: str
    message: str


@dataclass
class ParsedOffer:
    """One offer as the file gives it; ``fields`` holds only what the file says."""

    row: RowRef
    ref: str
    fields: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Our field name -> the file's name for it, for messages.
    field_names: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedCentre:
    """One centre as the file gives it, with its offers.

    ``fields`` holds only what the file says (keys are ``CentreDetails`` names), so a
    field the file does not have keeps its value on a centre that already exists.
    """

    source: str
    ref: str
    row: RowRef
    fields: dict[str, Any]
    organisation_name: str
    organisation_website: str = ""
    # A town line from an Open Referral address, kept apart so an address we exported
    # (street lines, then the authority as "city") reads back as the same address.
    address_city: str = ""
    offers: list[ParsedOffer] = field(default_factory=list)
    # Rows that belong to this centre but describe no offer (a centre-only CSV line).
    other_rows: list[RowRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    field_names: dict[str, str] = field(default_factory=dict)

    def file_name_of(self, name: str) -> str:
        return self.field_names.get(name, name)


@dataclass
class SkippedRow:
    """A row left out on purpose (an online-only service): said, not refused."""

    row: RowRef
    title: str
    reason: str


@dataclass
class ParsedFile:
    centres: list[ParsedCentre]
    skipped: list[SkippedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    row_count: int = 0
