"""Writes coordinators make while keeping centres up to date, beyond the centre and
offer services in ``ldsp.finder.services``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ldsp.core.services import audit_record
from ldsp.finder.models import ChangeReport
from ldsp.finder.services import Actor, FinderError, require_centre_manager


def change_report_resolve(*, actor: Actor, report: ChangeReport) -> ChangeReport:
    """Mark a reported change as dealt with (the centre was corrected, or nothing needed
    changing), so it leaves the coordinators' list; the report itself is kept."""
    require_centre_manager(actor, report.centre.local_authority)
    with transaction.atomic():
        report = ChangeReport.objects.select_for_update().select_related("centre").get(pk=report.pk)
        if report.resolved_at is not None:
            raise FinderError("Someone has already marked this report as dealt with.")
        report.resolved_at = timezone.now()
        report.save(update_fields=["resolved_at"])
        audit_record(
            actor=actor,
            verb="change_report.resolved",
            target=report,
            summary=f"Dealt with a reported change to {report.centre.name}",
        )
    return report
