"""Writes for consultation rounds: close a round, publish its report, correct it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ldsp.consultations.models import ReportCorrection, Round
from ldsp.consultations.selectors import report_data
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import EDIT_CONTENT, has
from ldsp.core.services import audit_record


class RoundError(Refused):
    """A change to a round that cannot be made; the message says why."""


def _require_editor(actor: User) -> None:
    if not has(actor, EDIT_CONTENT):
        raise NotAllowed("Only editors can do that.")


def round_close(*, actor: User, round_: Round) -> Round:
    """Close an open round now (its closing date moves to this moment)."""
    _require_editor(actor)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.state != Round.State.OPEN:
            raise RoundError("Only an open round can be closed.")
        locked.closes_at = timezone.now()
        locked.save(update_fields=["closes_at"])
        audit_record(actor=actor, verb="round.closed", target=locked, summary=f"Closed {locked}")
        content_changed()
    return locked


def report_publish(*, actor: User, round_: Round, outcome_summary: str) -> Round:
    """Publish "You said, we did": freeze every contribution, its outcome and the figures."""
    _require_editor(actor)
    outcome_summary = outcome_summary.strip()
    if not outcome_summary:
        raise RoundError("Write a summary of the outcome before publishing.")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.state != Round.State.CLOSED:
            raise RoundError("A report can be published once the round has closed, and only once.")
        locked.report = report_data(locked)
        locked.outcome_summary = outcome_summary
        locked.report_published_at = timezone.now()
        locked.report_published_by = actor
        locked.save()
        audit_record(
            actor=actor,
            verb="round.report_published",
            target=locked,
            summary=f"Published the report of {locked}",
            data={"contributions": locked.report["figures"]["total"]},
        )
        content_changed()
    return locked


def report_correct(*, actor: User, round_: Round, text: str) -> ReportCorrection:
    """Append a dated correction to a published report."""
    _require_editor(actor)
    text = text.strip()
    if not text:
        raise RoundError("Write the correction.")
    if round_.report_published_at is None:
        raise RoundError("The report has not been published yet: change it before publishing.")
    correction = ReportCorrection.objects.create(round=round_, text=text, author=actor)
    audit_record(actor=actor, verb="round.report_corrected", target=round_, summary=text[:200])
    content_changed()
    return correction
