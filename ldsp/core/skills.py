"""The Essential Digital Skills framework (DfE 2018) and who help is for.

Shared by plays (what a case study was about) and the finder (what a centre
offers), so both speak of skills in the same words and the same stored values.
"""

from __future__ import annotations

from django.db import models


class SkillArea(models.TextChoices):
    """The five areas of the Essential Digital Skills framework (DfE 2018)."""

    COMMUNICATING = "communicating", "Communicating"
    INFORMATION = "information", "Handling information and content"
    TRANSACTING = "transacting", "Transacting"
    PROBLEM_SOLVING = "problem_solving", "Problem solving"
    SAFE_LEGAL = "safe_legal", "Being safe and legal online"


class Level(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    LIFE = "life", "For life"
    WORK = "work", "For work"
    SPECIALIST = "specialist", "Specialist and advanced"


class Audience(models.TextChoices):
    OLDER = "older", "Older people"
    JOBSEEKERS = "jobseekers", "Jobseekers"
    YOUNG = "young", "Young people"
    DISABLED = "disabled", "Disabled people"
    SMALL_ORGS = "small_orgs", "Small businesses and charities"
    EVERYONE = "everyone", "Everyone"
