"""Reports from the public that a centre's details are wrong.

A report is stored (coordinators see it on their list and resolve it there) and
emailed to the people who can fix it: the coordinators of every partnership covering
the centre's local authority, and staff. The reporter's email address is private: it
is in the email's Reply-To and the admin, never on a page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.urls import reverse

from ldsp.core.emails import email_send_template
from ldsp.core.permissions import COORDINATE_PARTNERSHIP
from ldsp.core.ratelimit import per_person_rate_check, rate_limit_exceeded
from ldsp.core.services import audit_record
from ldsp.finder.models import Centre, ChangeReport
from ldsp.finder.services import FinderError
from ldsp.partnerships.selectors import partnerships_covering

TOO_MANY = "You have reported a lot of changes in the last hour. Wait a while, then try again."


def change_report_recipients(centre: Centre) -> list[User]:
    """Who is told: coordinators (still in role) of the partnerships covering the
    centre's local authority, and staff; active people with an address, each once."""
    coordinators = User.objects.filter(
        coordinated_partnerships__in=partnerships_covering(centre.local_authority_id),
        is_active=True,
    ).exclude(email="")
    staff = User.objects.filter(is_staff=True, is_active=True).exclude(email="")
    people: dict[int, User] = {}
    for person in coordinators.distinct().order_by("pk"):
        if person.has_perm(COORDINATE_PARTNERSHIP):
            people[person.pk] = person
    for person in staff.order_by("pk"):
        people[person.pk] = person
    return list(people.values())


def change_report_create(
    *,
    actor: User | AnonymousUser,
    centre: Centre,
    address: str,
    message: str,
    name: str = "",
    email: str = "",
) -> ChangeReport:
    """Store a report about ``centre`` and queue one email to each person who can fix it.

    At most ``CHANGE_REPORTS_PER_HOUR`` from one network address, and from one signed-in
    person, each hour.
    """
    message, name, email = message.strip(), name.strip(), email.strip()
    if not message:
        raise FinderError("Enter what is wrong or out of date", field="message")
    if centre.status == Centre.Status.CLOSED:
        raise FinderError(f"{centre.name} has closed, so there is nothing to correct.")
    reporter = actor if isinstance(actor, User) and actor.is_authenticated else None
    limit = settings.CHANGE_REPORTS_PER_HOUR
    if rate_limit_exceeded("change_report_ip", address, limit=limit, period_seconds=3600):
        raise FinderError(TOO_MANY)
    if reporter is not None:
        per_person_rate_check(
            reporter, "change_report", per_hour=limit, message=TOO_MANY, error=FinderError
        )
    recipients = change_report_recipients(centre)
    with transaction.atomic():
        report = ChangeReport.objects.create(
            centre=centre, message=message, name=name, email=email, reporter=reporter
        )
        context = {
            "centre": centre.name,
            "postcode": centre.postcode,
            "reporter_name": name or "Someone",
            "message": message,
            "can_reply": bool(email),
            "manage_url": settings.SITE_URL + reverse("finder:centre_edit", args=[centre.slug]),
            "public_url": settings.SITE_URL + centre.get_absolute_url(),
        }
        for person in recipients:
            email_send_template(
                to=person.email, name="finder_change_report", context=context, reply_to=email
            )
        audit_record(
            actor=actor,
            verb="centre.change_reported",
            target=centre,
            summary=f"Change to {centre.name} reported; {len(recipients)} people told",
            data={"report": report.pk, "recipients": len(recipients)},
        )
    return report
