"""Demo plays: two published and linked to Playbook sections, one waiting for moderation."""

from __future__ import annotations

from django.contrib.auth.models import User

from ldsp.places.models import Area
from ldsp.playbook.models import Section
from ldsp.plays.models import Play
from ldsp.plays.services import play_moderate, play_submit

PLAYS = [
    {
        "title": "Library drop-ins that reached people no survey did",
        "summary": "Weekly digital drop-ins in twelve libraries, run with volunteers.",
        "area": "E37000019",
        "organisations": "Lancashire County Council libraries, Preston Online Centre",
        "challenge": "Consultation events drew people who were already online.",
        "approach": "We ran weekly drop-ins in libraries, staffed by trained volunteers.",
        "impact": "Around 900 visits in six months; 240 people set up their first email.",
        "lessons": "Go where people already are, and keep the same faces each week.",
        "skill_areas": ["communicating", "transacting"],
        "levels": ["foundation", "life"],
        "audiences": ["older", "everyone"],
        "section": "talking-to-residents",
        "publish": True,
    },
    {
        "title": "Refurbished laptops from local employers",
        "summary": "Employers donate laptops they replace; a charity wipes and lends them.",
        "area": "E37000016",
        "organisations": "Exeter College, local employers, a device-lending charity",
        "challenge": "Learners finished courses but had no device to practise on at home.",
        "approach": "Employers donated laptops at each refresh; a charity wiped and lent them.",
        "impact": "50 devices lent in the first year; 38 borrowers finished a course.",
        "lessons": "Agree secure wiping first: it is what employers worry about most.",
        "skill_areas": ["information", "problem_solving"],
        "levels": ["life", "work"],
        "audiences": ["jobseekers"],
        "section": "devices-and-connectivity",
        "publish": True,
    },
    {
        "title": "Digital champions in GP surgeries",
        "summary": "Volunteers help patients use online health services while they wait.",
        "area": "E37000005",
        "organisations": "Cornwall Council, two GP practices",
        "challenge": "Patients could not book appointments or order prescriptions online.",
        "approach": "Volunteer champions sat in waiting rooms two mornings a week.",
        "impact": "120 patients helped to use the NHS App in three months.",
        "lessons": "Ask the practice manager to introduce the champions to staff first.",
        "skill_areas": ["transacting", "safe_legal"],
        "levels": ["life"],
        "audiences": ["older", "disabled"],
        "section": "",
        "publish": False,
    },
]


def load() -> list[str]:
    """Create the demo plays once."""
    if Play.objects.exists() or not Area.objects.exists():
        return []
    author = User.objects.get(email="coordinator@example.org")
    editor = User.objects.get(email="editor@example.org")
    for spec in PLAYS:
        data = {key: value for key, value in spec.items() if key not in ("section", "publish")}
        data["area"] = Area.objects.get(code=data["area"])
        data["contact_email"] = author.email
        play = play_submit(actor=author, data=data)
        if spec["publish"]:
            sections = list(Section.objects.filter(key=spec["section"]))
            play_moderate(
                actor=editor, play=play, decision=Play.Status.PUBLISHED, notes="", sections=sections
            )
    return ["Plays: two published, one waiting for moderation"]
