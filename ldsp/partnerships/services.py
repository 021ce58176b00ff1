"""Writes to the partnership network. Coordinators change only their own partnership."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ldsp.core.emails import email_send_template
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import COORDINATE_PARTNERSHIP
from ldsp.core.ratelimit import per_person_rate_check
from ldsp.core.sectors import ORGANISATION_SECTORS
from ldsp.core.services import audit_record
from ldsp.partnerships.models import (
    Action,
    Goal,
    JoinRequest,
    Membership,
    Organisation,
    Partnership,
    Pledge,
)
from ldsp.partnerships.names import (
    NORMALISED_NAME_MAX,
    organisation_name_normalise,
    organisation_name_tidy,
)


class PartnershipError(Refused):
    """A change to the network that cannot be made; the message says why."""


def can_manage(user: User, partnership: Partnership) -> bool:
    """Staff manage every partnership; a coordinator manages the ones they coordinate."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(
        user.has_perm(COORDINATE_PARTNERSHIP)
        and partnership.coordinators.filter(pk=user.pk).exists()
    )


def require_manager(actor: User, partnership: Partnership) -> None:
    if not can_manage(actor, partnership):
        raise NotAllowed("Only this partnership's coordinators and staff can do that.")


def partnership_update(
    *,
    actor: User,
    partnership: Partnership,
    status: str,
    summary: str,
    contacts: str,
    website: str,
    launched_on: datetime.date | None,
) -> Partnership:
    """Change what the partnership's page says about it."""
    require_manager(actor, partnership)
    if status not in Partnership.Status.values:
        raise PartnershipError("Choose a status.")
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        before = locked.status
        locked.status, locked.summary = status, summary.strip()
        locked.contacts, locked.website, locked.launched_on = contacts.strip(), website, launched_on
        locked.save()
        content_changed()
        if before != status:
            audit_record(
                actor=actor,
                verb="partnership.status_changed",
                target=locked,
                summary=f"{locked.name}: {before} → {status}",
            )
    return locked


def join_request_create(
    *,
    actor: User,
    partnership: Partnership,
    organisation_name: str,
    sector: str,
    website: str = "",
    message: str = "",
) -> tuple[JoinRequest, bool]:
    """Ask for an organisation to join a partnership; return the request and whether it is new.

    Asking again while your own request for that organisation is waiting (a second tab, a
    double click) gives back the waiting request rather than a second one. The database
    keeps one waiting request per partnership and organisation name, so two submissions at
    the same moment cannot both be saved.
    """
    if not actor.is_authenticated:
        raise NotAllowed("Sign in to ask to join.")
    if sector not in dict(ORGANISATION_SECTORS):
        # "Not part of an organisation" describes a person, never a member organisation.
        raise PartnershipError("Choose the sector the organisation is in.")
    name = organisation_name_tidy(organisation_name)
    key = _organisation_key(name)
    if partnership.memberships.filter(organisation__normalised_name=key).exists():
        raise PartnershipError(f"{name} is already a member of {partnership.name}.")
    waiting = _waiting_request(partnership, key, actor)
    if waiting is not None:
        return waiting, False
    per_person_rate_check(
        actor,
        "join_request",
        per_hour=settings.JOIN_REQUESTS_PER_HOUR,
        message="You have asked to join a lot of partnerships in the last hour. "
        "Wait a while, then try again.",
        error=PartnershipError,
    )
    # If the waiting request that beat this one is decided before it can be read back,
    # there is nothing left in the way, so try once more.
    for _ in range(2):
        try:
            with transaction.atomic():
                return JoinRequest.objects.create(
                    partnership=partnership,
                    organisation_name=name,
                    sector=sector,
                    website=website,
                    message=message.strip(),
                    requested_by=actor,
                ), True
        except IntegrityError:
            waiting = _waiting_request(partnership, key, actor)
            if waiting is not None:
                return waiting, False
    raise PartnershipError(f"There is already a request for {name} waiting for a decision.")


def _organisation_key(name: str) -> str:
    """The name's matching key, refusing a name that is empty or far too long once matched."""
    if not name:
        raise PartnershipError("Enter the name of your organisation.")
    key = organisation_name_normalise(name)
    if not key:
        raise PartnershipError("Enter the name of your organisation.")
    if len(key) > NORMALISED_NAME_MAX:
        raise PartnershipError("Enter a shorter name for your organisation.")
    return key


def _waiting_request(partnership: Partnership, key: str, actor: User) -> JoinRequest | None:
    """The request for this organisation that is waiting, if it is ``actor``'s own.

    Someone else's waiting request is a refusal: it is theirs to follow, not this person's.
    """
    waiting = partnership.join_requests.filter(
        normalised_name=key, status=JoinRequest.Status.PENDING
    ).first()
    if waiting is None:
        return None
    if waiting.requested_by_id != actor.pk:
        raise PartnershipError(
            f"There is already a request for {waiting.organisation_name} waiting for a decision."
        )
    return waiting


def join_request_decide(
    *, actor: User, join_request: JoinRequest, approve: bool, reason: str = ""
) -> JoinRequest:
    """Approve (the organisation becomes a member) or decline (with a reason)."""
    require_manager(actor, join_request.partnership)
    reason = reason.strip()
    if not approve and not reason:
        raise PartnershipError("Give a reason: the person who asked will see it.")
    with transaction.atomic():
        request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if request.status != JoinRequest.Status.PENDING:
            raise PartnershipError("This request has already been decided.")
        request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        request.decided_by, request.decided_at, request.reason = actor, timezone.now(), reason
        if approve:
            organisation = organisation_get_or_create(
                name=request.organisation_name, sector=request.sector, website=request.website
            )
            organisation.areas.add(*request.partnership.areas.all())
            try:
                with transaction.atomic():
                    Membership.objects.create(
                        partnership=request.partnership,
                        organisation=organisation,
                        since=timezone.localdate(),
                    )
            except IntegrityError:
                pass  # already a member under another request: nothing more to do
            request.organisation = organisation
        request.save()
        content_changed()
        audit_record(
            actor=actor,
            verb=f"join_request.{request.status}",
            target=request,
            summary=str(request),
            reason=reason,
        )
        transaction.on_commit(
            lambda: email_send_template(
                to=request.requested_by.email,
                name="join_request_decided",
                context={
                    "partnership": request.partnership.name,
                    "organisation": request.organisation_name,
                    "approved": approve,
                    "reason": reason,
                    "url": settings.SITE_URL + request.partnership.get_absolute_url(),
                },
            )
        )
    return request


# Each attempt loses only to a row committed meanwhile, so a few are plenty.
SLUG_ATTEMPTS = 10


def organisation_get_or_create(*, name: str, sector: str, website: str = "") -> Organisation:
    """The organisation with this name (as matched by ``organisation_name_normalise``), made
    if it does not exist yet.

    Safe when two requests make the same organisation at once: the unique matching key lets
    only one row in, and the other reads it back. A new organisation gets a free slug, so
    "A&B Ltd" is ``ab-ltd-2`` when "AB Ltd" already has ``ab-ltd``.
    """
    name = organisation_name_tidy(name)
    key = _organisation_key(name)
    base = slugify(name)[:190] or "organisation"
    tried: set[str] = set()
    for _ in range(SLUG_ATTEMPTS):
        found = Organisation.objects.filter(normalised_name=key).first()
        if found is not None:
            return found
        slug = _slug_free(base, tried)
        try:
            with transaction.atomic():
                return Organisation.objects.create(
                    name=name, slug=slug, sector=sector, website=website
                )
        except IntegrityError:
            # Either the same organisation was made meanwhile (read back above) or another
            # one took the slug (try the next).
            tried.add(slug)
    raise PartnershipError(f"{name} could not be added just now. Try again.")


def _slug_free(base: str, tried: set[str]) -> str:
    """The first of ``base``, ``base-2``, ``base-3`` … that no organisation has."""
    taken = tried | set(
        Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    number = 1
    while (slug := base if number == 1 else f"{base}-{number}") in taken:
        number += 1
    return slug


def pledge_update(*, actor: User, pledge: Pledge, delivered: int, status: str) -> Pledge:
    """Record progress against a pledge."""
    require_manager(actor, pledge.partnership)
    if delivered < 0:
        raise PartnershipError("Delivered cannot be less than zero.")
    if status not in Pledge.Status.values:
        raise PartnershipError("Choose a status.")
    pledge.delivered, pledge.status = delivered, status
    pledge.save(update_fields=["delivered", "status"])
    content_changed()
    return pledge


def pledge_create(
    *,
    actor: User,
    partnership: Partnership,
    organisation: Organisation,
    description: str,
    quantity: int,
    unit: str,
    due_on: datetime.date | None = None,
) -> Pledge:
    """Record a member organisation's pledge."""
    require_manager(actor, partnership)
    if not partnership.memberships.filter(organisation=organisation).exists():
        raise PartnershipError(f"{organisation.name} is not a member of {partnership.name}.")
    if quantity < 1:
        raise PartnershipError("A pledge needs a quantity of at least 1.")
    pledge = Pledge.objects.create(
        partnership=partnership,
        organisation=organisation,
        description=description.strip(),
        quantity=quantity,
        unit=unit.strip(),
        due_on=due_on,
    )
    content_changed()
    return pledge


def goal_create(
    *, actor: User, partnership: Partnership, title: str, measure: str, target: int
) -> Goal:
    """Add a goal to the end of the action plan."""
    require_manager(actor, partnership)
    if target < 1:
        raise PartnershipError("A goal needs a target of at least 1.")
    with transaction.atomic():
        # Goals added at the same moment queue on the partnership's row, so each reads the
        # last position after the one before it has been saved (positions are also unique).
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        last = partnership.goals.aggregate(last=Max("position"))["last"] or 0
        goal = Goal.objects.create(
            partnership=partnership,
            title=title.strip(),
            measure=measure.strip(),
            target=target,
            position=last + 1,
        )
        content_changed()
    return goal


def action_create(
    *,
    actor: User,
    partnership: Partnership,
    title: str,
    goal: Goal | None,
    owner: Organisation | None,
    due_on: datetime.date | None,
) -> Action:
    """Add an action to the plan, owned by a member organisation."""
    require_manager(actor, partnership)
    if goal is not None and goal.partnership_id != partnership.pk:
        raise PartnershipError("That goal belongs to another partnership.")
    if owner is not None and not partnership.memberships.filter(organisation=owner).exists():
        raise PartnershipError(f"{owner.name} is not a member of {partnership.name}.")
    action = Action.objects.create(
        partnership=partnership, title=title.strip(), goal=goal, owner=owner, due_on=due_on
    )
    content_changed()
    return action
