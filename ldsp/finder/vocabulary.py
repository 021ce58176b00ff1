"""Words the finder shares with people, imports and the Open Referral UK API."""

from __future__ import annotations

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
