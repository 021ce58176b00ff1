"""Writes for the dashboards: remembering when someone last looked, and sending each
editor at most one digest a day of the suggestions and plays that arrived."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from ldsp.core.emails import email_send_template
from ldsp.dashboards import selectors
from ldsp.dashboards.models import DashboardVisit, EditorDigest


def dashboard_seen_mark(*, actor: User, at: datetime.datetime | None = None) -> DashboardVisit:
    """Remember that ``actor`` looked at their dashboard now (or ``at``)."""
    seen_at = at or timezone.now()
    with transaction.atomic():
        if DashboardVisit.objects.filter(user=actor).update(seen_at=seen_at):
            return DashboardVisit.objects.get(user=actor)
        try:
            with transaction.atomic():
                return DashboardVisit.objects.create(user=actor, seen_at=seen_at)
        except IntegrityError:  # two tabs at once: the other one made the row
            DashboardVisit.objects.filter(user=actor).update(seen_at=seen_at)
            return DashboardVisit.objects.get(user=actor)


def next_digest_time(now: datetime.datetime) -> datetime.datetime:
    """The start of the next day in the site's time zone: when a digest may go again."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


@dataclass
class DigestRun:
    """What one run of the digests did."""

    sent: int = 0
    already_sent_today: int = 0


def editor_digest_send(*, editor: User, now: datetime.datetime) -> bool | None:
    """Send ``editor`` what arrived since their last digest: True if sent, None if
    nothing arrived, False if they already had today's.

    The digest's row is inserted before the email is queued, in one transaction, and the
    database allows one row per editor and day, so of two runs at once only one sends.
    """
    since = selectors.digest_covered_until(editor)
    content = selectors.digest_content(editor, since, now)
    if not content:
        return None
    try:
        with transaction.atomic():
            EditorDigest.objects.create(
                editor=editor,
                day=timezone.localdate(now),
                covers_until=now,
                suggestions=len(content.suggestions),
                plays=len(content.plays),
            )
            email_send_template(
                to=editor.email,
                name="editor_digest",
                context={
                    "suggestions": content.suggestions,
                    "plays": content.plays,
                    "review_url": settings.SITE_URL + "/suggestions/review/",
                    "moderation_url": settings.SITE_URL + "/plays/moderation/",
                    "dashboard_url": settings.SITE_URL + "/dashboard/",
                },
            )
    except IntegrityError:
        return False
    return True


def editor_digests_send(*, now: datetime.datetime | None = None) -> DigestRun:
    """Send every editor their digest if something arrived for them and they have not had
    one today."""
    now = now or timezone.now()
    run = DigestRun()
    for editor in selectors.editors():
        outcome = editor_digest_send(editor=editor, now=now)
        if outcome:
            run.sent += 1
        elif outcome is False:
            run.already_sent_today += 1
    return run
