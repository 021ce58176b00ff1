"""The CSV template: one line per offer, the centre's columns on its first line.

Lines with the same ``centre_ref`` are one centre. Its columns are read from the
first of them; later lines may leave them blank or repeat them exactly (anything
else is refused, so two different addresses never silently become one). A line
with no ``offer_title`` describes the centre only. The columns are documented,
one line each, in docs/centre-imports.md; the template with an example row is
``ldsp/finder/import_template.csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.imports import values
from ldsp.finder.imports.rows import (
    MAX_ROWS,
    ImportFileRefused,
    ParsedCentre,
    ParsedFile,
    ParsedOffer,
    Problem,
    RowRef,
)
from ldsp.finder.models import Centre, Format
from ldsp.finder.vocabulary import language_code

SOURCE = "csv"


@dataclass(frozen=True)
class Column:
    name: str
    target: str  # the CentreDetails / OfferDetails field it fills
    read: Callable[[str], Any]
    centre: bool  # a centre column (else an offer column)


def _text(value: str) -> str:
    return value


def _status(value: str) -> str:
    cleaned = value.strip().lower().replace("_", " ")
    found = {
        "": Centre.Status.ACTIVE,
        "open": Centre.Status.ACTIVE,
        "active": Centre.Status.ACTIVE,
        "temporarily closed": Centre.Status.TEMPORARILY_CLOSED,
        "closed": Centre.Status.CLOSED,
    }.get(cleaned)
    if found is None:
        raise values.ValueProblem(f"Write open, temporarily closed or closed, not “{value}”.")
    return str(found)


def _languages(value: str) -> list[str]:
    codes: list[str] = []
    for item in values.words(value):
        code = language_code(item)
        if code is None:
            raise values.ValueProblem(
                f"We do not know the language “{item}”. Use a two-letter code like pl, "
                "or the language's name in English."
            )
        codes.append(code)
    return sorted(set(codes))


def _optional_date(value: str) -> Any:
    return values.date_of(value) if value.strip() else None


def _latitude(value: str) -> float | None:
    if not value.strip():
        return None
    return values.number_of(value, low=49.0, high=61.0, what="latitude", example="53.3811")


def _longitude(value: str) -> float | None:
    if not value.strip():
        return None
    return values.number_of(value, low=-9.0, high=2.5, what="longitude", example="-1.4701")


def _list_of(choices: Any) -> Callable[[str], list[str]]:
    return lambda value: values.choices_of(value, choices)


COLUMNS: tuple[Column, ...] = (
    Column("name", "name", _text, True),
    Column("organisation", "organisation", _text, True),
    Column("address", "address", _text, True),
    Column("postcode", "postcode", _text, True),
    Column("latitude", "latitude", _latitude, True),
    Column("longitude", "longitude", _longitude, True),
    Column("description", "description", _text, True),
    Column("opening_times", "opening_slots", values.opening_times, True),
    Column("opening_note", "opening_note", _text, True),
    Column("phone", "phone", _text, True),
    Column("email", "email", _text, True),
    Column("website", "website", _text, True),
    Column("step_free", "step_free", values.yes_no, True),
    Column("accessible_toilet", "accessible_toilet", values.yes_no, True),
    Column("hearing_loop", "hearing_loop", values.yes_no, True),
    Column("bsl", "bsl", values.yes_no, True),
    Column("assistive_technology", "assistive_technology", values.yes_no, True),
    Column("languages", "languages", _languages, True),
    Column("status", "status", _status, True),
    Column("last_checked_on", "last_checked_on", _optional_date, True),
    Column("offer_title", "title", _text, False),
    Column("offer_description", "description", _text, False),
    Column("skill_areas", "skill_areas", _list_of(SkillArea), False),
    Column("levels", "levels", _list_of(Level), False),
    Column("specialist_skills", "specialist_skills", _text, False),
    Column("formats", "formats", _list_of(Format), False),
    Column("audiences", "audiences", _list_of(Audience), False),
    Column("free", "is_free", values.yes_no, False),
    Column("cost", "cost", _text, False),
    Column("lends_devices", "lends_devices", values.yes_no, False),
    Column("gives_devices", "gives_devices", values.yes_no, False),
    Column("free_data", "free_data", values.yes_no, False),
    Column("computers_and_wifi", "computers_and_wifi", values.yes_no, False),
    Column("booking_needed", "booking_needed", values.yes_no, False),
)
REQUIRED_COLUMNS = ("centre_ref", "name", "organisation", "address", "postcode")
HEADER = (
    "centre_ref",
    *(column.name for column in COLUMNS[:20]),
    "offer_ref",
    *(column.name for column in COLUMNS[20:]),
)
_BY_NAME = {column.name: column for column in COLUMNS}


def _header_name(text: str) -> str:
    return values.cell(text).lower().replace(" ", "_").replace("-", "_")


def read_csv(text: str) -> ParsedFile:
    """Read the template's CSV into centres and offers; whole-file problems raise
    ``ImportFileRefused``, row problems are kept on the rows."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_cells = next(reader)
    except StopIteration:
        raise ImportFileRefused(
            "The file is empty. Use the template, with its header row."
        ) from None
    except csv.Error as error:
        raise ImportFileRefused(f"The file cannot be read as CSV: {error}.") from None
    header = [_header_name(name) for name in header_cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileRefused(
            "The file is missing these columns: "
            + ", ".join(missing)
            + ". Use the template's header row (the first row of the template)."
        )
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise ImportFileRefused("These columns appear twice: " + ", ".join(doubled) + ".")
    known = set(_BY_NAME) | {"centre_ref", "offer_ref"}
    notes = [
        f"The column “{name}” is not one we read, so it was left out."
        for name in header
        if name and name not in known
    ]

    centres: dict[str, ParsedCentre] = {}
    first_cells: dict[str, dict[str, str]] = {}
    row_count = 0
    previous_end = reader.line_num
    try:
        for raw in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(part.strip() for part in raw):
                continue
            row_count += 1
            if row_count > MAX_ROWS:
                raise ImportFileRefused(
                    f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
                )
            cells = {
                name: values.cell(raw[i]) if i < len(raw) else "" for i, name in enumerate(header)
            }
            _read_line(RowRef(f"Line {start}", order=start), cells, centres, first_cells)
    except csv.Error as error:
        raise ImportFileRefused(
            f"The file cannot be read as CSV after line {previous_end}: {error}."
        ) from None
    if row_count == 0:
        raise ImportFileRefused("The file has a header row but no centres under it.")
    return ParsedFile(centres=list(centres.values()), notes=notes, row_count=row_count)


def _read_line(
    row: RowRef,
    cells: dict[str, str],
    centres: dict[str, ParsedCentre],
    first_cells: dict[str, dict[str, str]],
) -> None:
    ref = cells.get("centre_ref", "")
    if not ref:
        centre = ParsedCentre(SOURCE, "", row, {}, cells.get("organisation", ""))
        centre.problems.append(
            Problem("centre_ref", "Give the centre a reference, so its lines can be grouped.")
        )
        centres[f"\0{row.order}"] = centre
        return
    centre_cells = {
        name: cells[name] for name in cells if name in _BY_NAME and _BY_NAME[name].centre
    }
    if ref not in centres:
        centres[ref] = _new_centre(ref, row, centre_cells)
        first_cells[ref] = centre_cells
    centre = centres[ref]
    centre_problem = (
        None if centre.row == row else _differs(first_cells[ref], centre_cells, centre.row)
    )
    if centre_problem is not None:
        offer = ParsedOffer(row, cells.get("offer_ref", ""), {})
        offer.problems.append(centre_problem)
        centre.offers.append(offer)
        return
    if "offer_title" not in cells or not (cells.get("offer_title") or cells.get("offer_ref")):
        if centre.row != row:
            centre.other_rows.append(row)
        return
    centre.offers.append(_new_offer(row, cells))


def _differs(first: dict[str, str], again: dict[str, str], first_row: RowRef) -> Problem | None:
    for name, value in again.items():
        if value and value != first.get(name, ""):
            return Problem(
                name,
                f"This centre's {name} differs from {first_row.label.lower()}. "
                "Leave the centre's columns blank after its first line, or repeat them exactly.",
            )
    return None


def _new_centre(ref: str, row: RowRef, cells: dict[str, str]) -> ParsedCentre:
    centre = ParsedCentre(
        source=SOURCE,
        ref=ref,
        row=row,
        fields={},
        organisation_name=cells.get("organisation", ""),
        field_names={column.target: column.name for column in COLUMNS if column.centre},
    )
    for name, text in cells.items():
        column = _BY_NAME[name]
        if column.target == "organisation":
            continue
        try:
            centre.fields[column.target] = column.read(text)
        except values.ValueProblem as problem:
            centre.problems.append(Problem(name, str(problem)))
    centre.field_names["opening_slots"] = "opening_times"
    if centre.fields.get("last_checked_on", "absent") is None:
        del centre.fields["last_checked_on"]
    for name in ("latitude", "longitude"):
        if name in centre.fields and centre.fields[name] is None:
            del centre.fields[name]
    return centre


def _new_offer(row: RowRef, cells: dict[str, str]) -> ParsedOffer:
    offer = ParsedOffer(
        row=row,
        ref=cells.get("offer_ref", ""),
        fields={},
        field_names={column.target: column.name for column in COLUMNS if not column.centre},
    )
    for name, text in cells.items():
        column = _BY_NAME.get(name)
        if column is None or column.centre:
            continue
        try:
            offer.fields[column.target] = column.read(text)
        except values.ValueProblem as problem:
            offer.problems.append(Problem(name, str(problem)))
    if "is_free" in offer.fields and not cells.get("free", "").strip():
        # A blank "free" says nothing: free unless a cost is given.
        offer.fields["is_free"] = not cells.get("cost", "").strip()
    return offer
