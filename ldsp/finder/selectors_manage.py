"""Reading the finder for the people who keep it up to date: coordinators and staff.

A coordinator sees the centres in their partnerships' areas (the same rule as
``services.can_manage_centres_in``); staff see every centre. Closed centres are
included: coordinators reopen them, the public never sees them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from ldsp.core.models import AuditEvent
from ldsp.core.permissions import COORDINATE_PARTNERSHIP, has
from ldsp.finder.models import STALE_AFTER, Centre, ChangeReport, Offer
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.places.models import LocalAuthority

Person = User | AnonymousUser

HISTORY_LENGTH = 15


def may_open_manage(user: Person) -> bool:
    """Staff, and people with the coordinator role, may open the coordinators' pages."""
    return bool(user.is_authenticated and (user.is_staff or has(user, COORDINATE_PARTNERSHIP)))


def partnerships_managed_by(user: Person) -> QuerySet[Partnership]:
    """The partnerships whose centres this person keeps: staff, all of them."""
    if not isinstance(user, User) or not may_open_manage(user):
        return Partnership.objects.none()
    partnerships = Partnership.objects.order_by("name")
    if user.is_staff:
        return partnerships
    return partnerships.filter(coordinators=user)


def authorities_managed_by(user: Person) -> QuerySet[LocalAuthority]:
    """The local authority districts in which this person may add and change centres."""
    if not isinstance(user, User) or not may_open_manage(user):
        return LocalAuthority.objects.none()
    if user.is_staff:
        return LocalAuthority.objects.order_by("name")
    return (
        LocalAuthority.objects.filter(areas__partnerships__coordinators=user)
        .distinct()
        .order_by("name")
    )


def stale_before() -> datetime.date:
    """Centres last checked before this date are flagged as not checked for over a year."""
    return datetime.date.today() - STALE_AFTER


@dataclass(frozen=True)
class ManageFilters:
    """What the coordinator's list is narrowed to; empty strings mean "any"."""

    partnership: str = ""
    authority: str = ""
    text: str = ""
    stale_only: bool = False


def centres_managed_by(user: Person, filters: ManageFilters | None = None) -> QuerySet[Centre]:
    """The centres this person keeps, with what the list shows fetched in the same query."""
    filters = filters or ManageFilters()
    if not may_open_manage(user):
        return Centre.objects.none()
    centres = Centre.objects.select_related("local_authority", "organisation").annotate(
        open_reports=Count("change_reports", filter=Q(change_reports__resolved_at__isnull=True))
    )
    if not user.is_staff:
        centres = centres.filter(local_authority__in=authorities_managed_by(user))
    if filters.partnership:
        partnership = partnerships_managed_by(user).filter(slug=filters.partnership).first()
        if partnership is None:
            return Centre.objects.none()
        centres = centres.filter(
            local_authority__in=LocalAuthority.objects.filter(areas__partnerships=partnership)
        )
    if filters.authority:
        centres = centres.filter(local_authority__code=filters.authority)
    if filters.text:
        centres = centres.filter(Q(name__icontains=filters.text) | Q(postcode__iexact=filters.text))
    if filters.stale_only:
        centres = centres.filter(last_checked_on__lt=stale_before())
    return centres.order_by("name", "pk")


def stale_count(centres: QuerySet[Centre]) -> int:
    """How many of these centres have not been checked for over a year."""
    return centres.filter(last_checked_on__lt=stale_before()).count()


def open_reports_for(user: Person) -> QuerySet[ChangeReport]:
    """Changes people reported to the centres this person keeps, not yet dealt with."""
    return (
        ChangeReport.objects.filter(
            resolved_at__isnull=True, centre__in=centres_managed_by(user).values("pk")
        )
        .select_related("centre")
        .order_by("created_at", "pk")
    )


def organisations_for(user: Person, current: Organisation | None = None) -> QuerySet[Organisation]:
    """The organisations a centre may belong to: staff choose any; a coordinator, the
    members of their partnerships and the organisations working in their areas (and the
    centre's own, so editing never silently changes it)."""
    organisations = Organisation.objects.order_by("name")
    if user.is_authenticated and user.is_staff:
        return organisations
    mine = Q(memberships__partnership__in=partnerships_managed_by(user)) | Q(
        areas__partnerships__in=partnerships_managed_by(user)
    )
    if current is not None:
        mine |= Q(pk=current.pk)
    return organisations.filter(pk__in=Organisation.objects.filter(mine).values("pk"))


# The parts of a centre the history names, in words (the audit keeps the field names).
CHANGED_PARTS = {
    "name": "name",
    "organisation": "organisation",
    "address": "address",
    "postcode": "postcode",
    "latitude": "location",
    "longitude": "location",
    "description": "description",
    "opening_note": "note on opening times",
    "opening_slots": "opening times",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "step_free": "accessibility",
    "accessible_toilet": "accessibility",
    "hearing_loop": "accessibility",
    "bsl": "accessibility",
    "assistive_technology": "accessibility",
    "languages": "languages",
    "status": "status",
    "last_checked_on": "last checked date",
    "source": "source",
    "source_id": "source",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a centre's history: when, who, and what in plain words."""

    event: AuditEvent
    what: str


def _history_words(event: AuditEvent) -> str:
    changed = event.data.get("changed") if isinstance(event.data, dict) else None
    if event.verb != "centre.changed" or not isinstance(changed, list):
        return event.summary
    parts = list(dict.fromkeys(CHANGED_PARTS.get(str(name), str(name)) for name in changed))
    if not parts:
        return "Saved without changes"
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Changed the {listed}"


def centre_history(centre: Centre, limit: int = HISTORY_LENGTH) -> list[HistoryEntry]:
    """The latest audited changes to a centre, its offers and its change reports."""
    offer_ids = [str(pk) for pk in Offer.objects.filter(centre=centre).values_list("pk", flat=True)]
    report_ids = [
        str(pk) for pk in ChangeReport.objects.filter(centre=centre).values_list("pk", flat=True)
    ]
    about = Q(target_type="finder.centre", target_id=str(centre.pk))
    if offer_ids:
        about |= Q(target_type="finder.offer", target_id__in=offer_ids)
    if report_ids:
        about |= Q(target_type="finder.changereport", target_id__in=report_ids)
    events = AuditEvent.objects.filter(about).select_related("actor")[:limit]
    return [HistoryEntry(event=event, what=_history_words(event)) for event in events]


def centre_for_editing(slug: str) -> Centre | None:
    """A centre (open or closed) with its opening times, languages and offers."""
    return (
        Centre.objects.select_related("local_authority", "organisation")
        .prefetch_related("opening_slots", "languages", "offers__sessions")
        .filter(slug=slug)
        .first()
    )
