"""schema.org data about a centre, for search engines and other finders to read.

A centre is a ``LocalBusiness`` (schema.org's type for a physical place that serves the
public); each offer with dated sessions is a ``Course`` with a ``CourseInstance`` per
upcoming session. The JSON goes in a ``<script type="application/ld+json">`` data
block, which browsers never run; ``<``, ``>`` and ``&`` are written as JSON escapes so
nothing anyone typed can close the block early.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone

from ldsp.finder.models import Centre, Format, Offer

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _course_mode(offer: Offer) -> str:
    online = {Format.ONLINE, Format.PHONE} & set(offer.formats)
    in_person = {Format.ONE_TO_ONE, Format.GROUP} & set(offer.formats)
    if online and in_person:
        return "blended"
    return "online" if online else "onsite"


def _price(offer: Offer) -> dict[str, Any]:
    if offer.is_free:
        return {"@type": "Offer", "price": "0", "priceCurrency": "GBP", "category": "Free"}
    return {"@type": "Offer", "description": offer.cost, "priceCurrency": "GBP"}


def _course(
    offer: Offer, centre_id: str, provider: dict[str, Any], now: datetime.datetime
) -> dict[str, Any]:
    instances = [
        {
            "@type": "CourseInstance",
            "courseMode": _course_mode(offer),
            "startDate": timezone.localtime(session.starts_at).isoformat(),
            "endDate": timezone.localtime(session.ends_at).isoformat(),
            "location": {"@id": centre_id},
            "maximumAttendeeCapacity": session.places,
            "remainingAttendeeCapacity": session.places_left,
        }
        for session in offer.sessions.all()
        if session.ends_at >= now
    ]
    course: dict[str, Any] = {
        "@type": "Course",
        "name": offer.title,
        "description": offer.description or offer.title,
        "provider": provider,
        "isAccessibleForFree": offer.is_free,
        "offers": _price(offer),
        "hasCourseInstance": instances,
    }
    teaches = offer.skill_area_labels + (
        [offer.specialist_skills] if offer.specialist_skills else []
    )
    if teaches:
        course["teaches"] = teaches
    if offer.level_labels:
        course["educationalLevel"] = ", ".join(offer.level_labels)
    return course


def centre_jsonld(
    centre: Centre, *, page_url: str, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The schema.org graph of a centre and its courses (``centre`` from ``centre_detail``)."""
    now = now or timezone.now()
    centre_id = f"{page_url}#centre"
    address = [line.strip() for line in centre.address.splitlines() if line.strip()]
    business: dict[str, Any] = {
        "@type": "LocalBusiness",
        "@id": centre_id,
        "name": centre.name,
        "url": page_url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(address[:-1] if len(address) > 1 else address),
            "addressLocality": address[-1] if len(address) > 1 else centre.local_authority.name,
            "addressRegion": centre.local_authority.name,
            "postalCode": centre.postcode,
            "addressCountry": "GB",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": round(centre.latitude, 6),
            "longitude": round(centre.longitude, 6),
        },
        "parentOrganization": {"@type": "Organization", "name": centre.organisation.name},
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[slot.weekday]}",
                "opens": slot.opens_at.strftime("%H:%M"),
                "closes": slot.closes_at.strftime("%H:%M"),
            }
            for slot in centre.opening_slots.all()
        ],
        "amenityFeature": [
            {"@type": "LocationFeatureSpecification", "name": label, "value": True}
            for label in centre.accessibility_labels
        ],
        "knowsLanguage": [language.code for language in centre.languages.all()],
    }
    if centre.description:
        business["description"] = centre.description
    if centre.phone:
        business["telephone"] = centre.phone
    if centre.email:
        business["email"] = centre.email
    if centre.website:
        business["sameAs"] = centre.website
    if centre.status == Centre.Status.TEMPORARILY_CLOSED:
        business["description"] = ("Temporarily closed. " + business.get("description", "")).strip()
    provider = {"@type": "Organization", "name": centre.organisation.name}
    graph = [business] + [
        _course(offer, centre_id, provider, now)
        for offer in centre.offers.all()
        if offer.sessions.all()
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def jsonld_script_text(data: dict[str, Any]) -> str:
    """JSON safe to put between ``<script type="application/ld+json">`` tags."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
