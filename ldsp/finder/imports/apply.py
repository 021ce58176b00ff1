"""Previewing an import (nothing written but the preview) and confirming it (all or nothing)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.permissions import COORDINATE_PARTNERSHIP, has
from ldsp.core.sectors import Sector
from ldsp.core.services import audit_record
from ldsp.finder.imports.csv_format import read_csv
from ldsp.finder.imports.openreferral_read import read_openreferral
from ldsp.finder.imports.plan import CHANGE, CREATE, REFUSED, UNCHANGED, CentrePlan, plan_file
from ldsp.finder.imports.rows import MAX_BYTES, ImportFileRefused, ParsedFile
from ldsp.finder.models import CentreImport
from ldsp.finder.services import Actor, centre_save, offer_save
from ldsp.partnerships.services import organisation_get_or_create


def may_import(actor: Actor) -> bool:
    """Staff, coordinators and the system (``actor=None``) may import centres."""
    if actor is None:
        return True
    return bool(actor.is_authenticated and (actor.is_staff or has(actor, COORDINATE_PARTNERSHIP)))


def _require_importer(actor: Actor) -> None:
    if not may_import(actor):
        raise NotAllowed("Only partnership coordinators and staff can import centres.")


def decode(content: bytes | str) -> str:
    """The file's text; refused when too big or not UTF-8."""
    if isinstance(content, str):
        if len(content.encode("utf-8")) > MAX_BYTES:
            raise ImportFileRefused(
                "The file must be smaller than 5 MB. Split it into smaller files."
            )
        return content
    if len(content) > MAX_BYTES:
        raise ImportFileRefused("The file must be smaller than 5 MB. Split it into smaller files.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileRefused(
            "The file is not saved as UTF-8 text. In your spreadsheet, save it as "
            "“CSV UTF-8” and upload it again."
        ) from None


def detect_format(file_name: str, text: str) -> str:
    """The format by the file's name, then by its first character."""
    name = file_name.lower()
    if name.endswith(".json"):
        return CentreImport.Format.OPEN_REFERRAL
    if name.endswith(".csv"):
        return CentreImport.Format.CSV
    return (
        CentreImport.Format.OPEN_REFERRAL
        if text.lstrip().startswith(("{", "["))
        else CentreImport.Format.CSV
    )


def read_file(text: str, file_format: str) -> ParsedFile:
    if file_format == CentreImport.Format.OPEN_REFERRAL:
        return read_openreferral(text)
    if file_format == CentreImport.Format.CSV:
        return read_csv(text)
    raise ImportFileRefused("Choose the file's format.", field="format")


def _row(label: str, path: str, order: int, **extra: Any) -> dict[str, Any]:
    return {"row": label, "path": path, "order": order, "notes": [], "problems": [], **extra}


def build_report(file_format: str, parsed: ParsedFile, plans: list[CentrePlan]) -> dict[str, Any]:
    """The preview as stored: every row with what will happen, or why it is refused."""
    rows: list[dict[str, Any]] = []
    counts = {
        f"{kind}_{action}": 0
        for kind in ("centres", "offers")
        for action in (CREATE, CHANGE, UNCHANGED)
    }
    for plan in plans:
        parsed_centre = plan.parsed
        if plan.action != REFUSED:
            counts[f"centres_{plan.action}"] += 1
        centre_info = {
            "centre": str(parsed_centre.fields.get("name", ""))
            or (plan.centre.name if plan.centre else ""),
            "centre_action": plan.action,
            "centre_changes": plan.changes,
            "centre_url": plan.centre.get_absolute_url() if plan.centre else "",
            "organisation_to_add": plan.organisation_to_add,
        }
        centre_problems = [{"field": p.field, "message": p.message} for p in plan.problems]
        centre_rows = [parsed_centre.row, *parsed_centre.other_rows]
        shown_centre_problems = False
        for offer_plan in plan.offers:
            if offer_plan.action != REFUSED and plan.action != REFUSED:
                counts[f"offers_{offer_plan.action}"] += 1
            row = _row(
                offer_plan.parsed.row.label,
                offer_plan.parsed.row.path,
                offer_plan.parsed.row.order,
                **centre_info,
                offer=str(offer_plan.parsed.fields.get("title", "")),
                offer_action=offer_plan.action,
                offer_changes=offer_plan.changes,
            )
            row["problems"] = [
                {"field": p.field, "message": p.message} for p in offer_plan.problems if p.message
            ]
            row["notes"] = list(offer_plan.parsed.notes)
            if offer_plan.parsed.row == parsed_centre.row:
                row["problems"] = centre_problems + row["problems"]
                row["notes"] = parsed_centre.notes + row["notes"]
                shown_centre_problems = True
            rows.append(row)
        for centre_row in centre_rows:
            if any(
                row["order"] == centre_row.order and row["row"] == centre_row.label for row in rows
            ):
                continue
            row = _row(
                centre_row.label,
                centre_row.path,
                centre_row.order,
                **centre_info,
                offer="",
                offer_action="",
            )
            if centre_row == parsed_centre.row:
                row["problems"] = centre_problems
                row["notes"] = list(parsed_centre.notes)
                shown_centre_problems = True
            rows.append(row)
        if centre_problems and not shown_centre_problems:
            # The centre's first row is one of its offers' rows under another label.
            rows.append(
                _row(
                    parsed_centre.row.label,
                    parsed_centre.row.path,
                    parsed_centre.row.order,
                    **centre_info,
                    offer="",
                    offer_action="",
                    problems=centre_problems,
                )
            )
    for skipped in parsed.skipped:
        rows.append(
            _row(
                skipped.row.label,
                skipped.row.path,
                skipped.row.order,
                centre="",
                centre_action="skipped",
                centre_changes=[],
                centre_url="",
                organisation_to_add="",
                offer=skipped.title,
                offer_action="skipped",
                offer_changes=[],
                notes=[skipped.reason],
            )
        )
    for row in rows:
        row["status"] = (
            REFUSED
            if row["problems"] or row["centre_action"] == REFUSED or row["offer_action"] == REFUSED
            else "skipped"
            if row["centre_action"] == "skipped"
            else "ok"
        )
        if row["status"] == REFUSED and not row["problems"]:
            row["problems"] = [
                {"field": "", "message": "Its centre is refused: see the centre's row."}
            ]
    rows.sort(key=lambda row: (row["order"], row["path"]))
    counts["rows"] = len(rows)
    counts["rows_refused"] = sum(1 for row in rows if row["status"] == REFUSED)
    counts["rows_skipped"] = sum(1 for row in rows if row["status"] == "skipped")
    organisations = sorted(
        {
            plan.organisation_to_add
            for plan in plans
            if plan.organisation_to_add and plan.action != REFUSED
        }
    )
    return {
        "format": file_format,
        "counts": counts,
        "rows": rows,
        "notes": parsed.notes,
        "organisations_to_add": organisations,
    }


def import_preview(
    *, actor: Actor, file_name: str, content: bytes | str, format: str = ""
) -> CentreImport:
    """Read and check a file, and store the preview; nothing else is written.

    Raises ``ImportFileRefused`` (with ``field``) when the file as a whole cannot be
    read; problems with rows are in the stored report, and make its status refused.
    """
    _require_importer(actor)
    text = decode(content)
    file_format = format or detect_format(file_name, text)
    parsed = read_file(text, file_format)
    plans = plan_file(parsed, actor=actor)
    report = build_report(file_format, parsed, plans)
    with transaction.atomic():
        return CentreImport.objects.create(
            actor=actor if isinstance(actor, User) else None,
            file_name=file_name[:200],
            format=file_format,
            content=text,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            status=(
                CentreImport.Status.REFUSED
                if report["counts"]["rows_refused"]
                else CentreImport.Status.PREVIEWED
            ),
            report=report,
        )


def may_see_import(actor: Actor, centre_import: CentreImport) -> bool:
    """The person who uploaded it, and staff (and the system)."""
    if actor is None:
        return True
    if not actor.is_authenticated:
        return False
    return bool(actor.is_staff or centre_import.actor_id == actor.pk)


def import_confirm(*, actor: Actor, centre_import: CentreImport) -> dict[str, int]:
    """Write what the preview said, in one transaction, checking it all again first.

    Refused when any row is refused or the file was imported already. Anything
    going wrong part way leaves nothing written. Returns the counts written.
    """
    _require_importer(actor)
    if not may_see_import(actor, centre_import):
        raise NotAllowed("Only the person who uploaded this file, and staff, can import it.")
    with transaction.atomic():
        locked = CentreImport.objects.select_for_update().get(pk=centre_import.pk)
        if locked.status == CentreImport.Status.IMPORTED:
            raise Refused("This file has been imported already.")
        if locked.status == CentreImport.Status.REFUSED:
            raise Refused("Some rows are refused. Fix them in your file and upload it again.")
        parsed = read_file(locked.content, locked.format)
        plans = plan_file(parsed, actor=actor)
        report = build_report(locked.format, parsed, plans)
        if report["counts"]["rows_refused"]:
            # The database changed since the preview: show what is wrong now.
            locked.report, locked.status = report, CentreImport.Status.REFUSED
            locked.save(update_fields=["report", "status"])
            refused = Refused(
                "Something changed since the preview and some rows are now refused. "
                "Look at the preview again."
            )
        else:
            refused = None
            written = _write(actor, plans)
            locked.report = report
            locked.status = CentreImport.Status.IMPORTED
            locked.imported_at = timezone.now()
            locked.save(update_fields=["report", "status", "imported_at"])
            if any(written.values()):
                audit_record(
                    actor=actor,
                    verb="centres.imported",
                    target=locked,
                    summary=(
                        f"Imported {locked.file_name}: {written['centres_created']} centres added, "
                        f"{written['centres_changed']} changed; {written['offers_created']} offers "
                        f"added, {written['offers_changed']} changed"
                    ),
                    data=written,
                )
    if refused is not None:
        raise refused
    centre_import.refresh_from_db()
    return written


def _write(actor: Actor, plans: list[CentrePlan]) -> dict[str, int]:
    written = dict.fromkeys(
        (
            "centres_created",
            "centres_changed",
            "offers_created",
            "offers_changed",
            "organisations_created",
        ),
        0,
    )
    for plan in plans:
        assert plan.details is not None
        centre = plan.centre
        if plan.organisation_to_add:
            plan.details.organisation = organisation_get_or_create(
                name=plan.organisation_to_add,
                sector=Sector.COMMUNITY,
                website=plan.parsed.organisation_website
                if plan.parsed.organisation_website.startswith(("http://", "https://"))
                else "",
            )
            written["organisations_created"] += 1
        if plan.action in (CREATE, CHANGE):
            centre = centre_save(actor=actor, details=plan.details, centre=plan.centre)
            written["centres_created" if plan.action == CREATE else "centres_changed"] += 1
        assert centre is not None
        for offer_plan in plan.offers:
            if offer_plan.action not in (CREATE, CHANGE):
                continue
            assert offer_plan.details is not None
            offer_save(
                actor=actor, centre=centre, details=offer_plan.details, offer=offer_plan.offer
            )
            written["offers_created" if offer_plan.action == CREATE else "offers_changed"] += 1
    return written
