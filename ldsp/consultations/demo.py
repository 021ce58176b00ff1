"""Demo rounds: one concluded, with its report published; one open now."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from ldsp.consultations.models import Round
from ldsp.consultations.services import report_publish
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.playbook.models import Playbook


def load() -> list[str]:
    """Create the demo rounds once; running again changes nothing."""
    playbook = Playbook.objects.filter(slug="local-digital-skills-playbook").first()
    if playbook is None or Round.objects.exists():
        return []
    now = timezone.now()
    first = Round.objects.create(
        playbook=playbook,
        title="Public draft consultation",
        slug="public-draft-consultation",
        summary="Comments and suggestions on the first public draft (release 0.1).",
        opens_at=now - datetime.timedelta(days=120),
        closes_at=now - datetime.timedelta(days=60),
    )
    # The demo's accepted suggestion and its comment thread belong to the first round.
    window_day = first.opens_at + datetime.timedelta(days=10)
    Suggestion.objects.filter(section__playbook=playbook, state="accepted").update(
        created_at=window_day
    )
    Comment.objects.filter(section__playbook=playbook).update(
        created_at=window_day + datetime.timedelta(days=14)
    )
    editor = User.objects.get(email="editor@example.org")
    report_publish(
        actor=editor,
        round_=first,
        outcome_summary=(
            "Thank you to everyone who commented on the public draft. We rewrote five "
            "sections, added two new ones on keeping partners involved and training digital "
            "champions, and folded reporting into measuring impact. Release 0.2 has all of it."
        ),
    )
    Round.objects.create(
        playbook=playbook,
        title="Second draft consultation",
        slug="second-draft-consultation",
        summary="Tell us what works in your area: comments, suggested changes and plays.",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=21),
    )
    return ["Consultations: one concluded round with its report, one open round"]
