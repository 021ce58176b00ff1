"""The sectors that take part in Local Digital Skills Partnerships.

Shared by people's profiles and by organisations, so participation can be
counted by sector across the whole site.
"""

from __future__ import annotations

from django.db import models


class Sector(models.TextChoices):
    """Which kind of organisation someone works for or an organisation is."""

    TECH_COMPANY = "tech_company", "Tech company"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    LEP = "lep", "Local Enterprise Partnership"
    COMMUNITY = "community", "Online Centre or community organisation"
    GOVERNMENT = "government", "Government department"
    COLLEGE = "college", "College or training provider"
    CHARITY = "charity", "Charity"
    EMPLOYER = "employer", "Employer or business"
    OTHER = "other", "Other"
    INDIVIDUAL = "individual", "Not part of an organisation"


ORGANISATION_SECTORS: list[tuple[str, str]] = [
    (value, label) for value, label in Sector.choices if value != Sector.INDIVIDUAL
]
"""The sectors an organisation can be in: every one but "Not part of an organisation",
which only describes a person (their profile may still say it)."""
