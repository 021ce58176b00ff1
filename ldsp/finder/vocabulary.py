"""Words the finder shares with people, imports and the Open Referral UK API."""

from __future__ import annotations

from django.db import models


class Format(models.TextChoices):
    """How help is given."""

    ONE_TO_ONE = "one_to_one", "One-to-one"
    GROUP = "group", "Group"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"


# Languages help is commonly given in across England, by ISO 639-1 code (which
# Open Referral UK's ``languages.language`` uses). "sgn" is ISO 639-2's code for
# sign languages: BSL has no two-letter code.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ar": "Arabic",
    "bn": "Bengali",
    "zh": "Chinese",
    "fa": "Farsi",
    "fr": "French",
    "gu": "Gujarati",
    "hi": "Hindi",
    "ku": "Kurdish",
    "lt": "Lithuanian",
    "pl": "Polish",
    "pt": "Portuguese",
    "pa": "Punjabi",
    "ro": "Romanian",
    "so": "Somali",
    "es": "Spanish",
    "ta": "Tamil",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "cy": "Welsh",
    "sgn": "British Sign Language",
}

LANGUAGE_CHOICES: list[tuple[str, str]] = sorted(LANGUAGES.items(), key=lambda item: item[1])


def language_code(text: str) -> str | None:
    """The code for a language given by code or by name, in any case; None if unknown."""
    cleaned = text.strip().lower()
    if cleaned in LANGUAGES:
        return cleaned
    for code, name in LANGUAGES.items():
        if name.lower() == cleaned:
            return code
    return None


# --- Open Referral UK ------------------------------------------------------------------
#
# In Open Referral UK a *service* is what is offered and a *location* is where: so each
# of our offers is a service, delivered at its centre (the location), by the centre's
# organisation. What an offer teaches is said with taxonomy terms from the vocabulary
# below, which the API publishes, so other directories can read and filter by it.

TAXONOMY_VOCABULARY = "ldsp-essential-digital-skills"
TAXONOMY_KINDS = ("area", "level", "format", "audience")


def taxonomy_term_id(kind: str, value: str) -> str:
    """The published id of a term, e.g. ``eds-area-communicating``."""
    return f"eds-{kind}-{value.replace('_', '-')}"
