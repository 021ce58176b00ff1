"""Demo contributions: an open suggestion with an endorsement and discussion, an accepted
one, a comment thread with an editor's reply, and an advert the editors hid."""

from __future__ import annotations

from django.contrib.auth.models import User

from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.comments import comment_create, comment_hide, comment_reply
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_discuss,
    suggestion_endorse,
)
from ldsp.playbook.demo import SLUG as DEMO_PLAYBOOK_SLUG
from ldsp.playbook.models import Playbook, Section


def load() -> list[str]:
    """A few suggestions and comments, so the review queue and comments have something in them."""
    playbook = Playbook.objects.get(slug=DEMO_PLAYBOOK_SLUG)
    if Suggestion.objects.filter(section__playbook=playbook).exists():
        return []
    contributor = User.objects.get(email="contributor@example.org")
    coordinator = User.objects.get(email="coordinator@example.org")
    editor = User.objects.get(email="editor@example.org")
    sections = {
        s.key: s
        for s in Section.objects.filter(playbook=playbook).select_related("current_revision")
    }

    talking = sections["talking-to-residents"]
    revision = talking.current_revision
    assert revision is not None
    paragraphs = revision.body.split("\n\n")
    paragraphs[0] = (
        paragraphs[0] + " Go to where people already are: the library, the job centre, the "
        "food bank and the school gate."
    )
    open_suggestion = suggestion_create(
        actor=contributor,
        section=talking,
        base_revision_id=revision.pk,
        body="\n\n".join(paragraphs),
        rationale="In our Online Centre most people we help never come to consultation events.",
    )
    suggestion_endorse(actor=coordinator, suggestion=open_suggestion)
    suggestion_discuss(
        actor=coordinator,
        suggestion=open_suggestion,
        body="Agreed. In Lancashire the library drop-ins reached people no survey did.",
    )

    devices = sections["devices-and-connectivity"]
    revision = devices.current_revision
    assert revision is not None
    accepted = suggestion_create(
        actor=coordinator,
        section=devices,
        base_revision_id=revision.pk,
        body=revision.body + "\n\nAsk local employers whether they refresh laptops each year: "
        "their old ones, wiped securely, can be lent to learners.",
        rationale="Two of our partners now donate their old laptops this way.",
    )
    suggestion_accept(actor=editor, suggestion=accepted)

    coordinator_section = sections["appointing-a-coordinator"]
    revision = coordinator_section.current_revision
    assert revision is not None
    quote = "one day a week"
    if quote in revision.body:
        comment = comment_create(
            actor=contributor,
            section=coordinator_section,
            revision_id=revision.pk,
            body="Is one day a week ever enough? Ours started at two and it was still tight.",
            quote=quote,
        )
        comment_reply(
            actor=editor,
            comment=comment,
            body="Good point: we will say more about this in the next release.",
        )
        advert = comment_create(
            actor=coordinator,
            section=coordinator_section,
            revision_id=revision.pk,
            body="Cheap refurbished laptops for your learners: call us today for a quote.",
            quote=quote,
        )
        comment_hide(
            actor=editor,
            comment=advert,
            reason="Advertising: comments are for improving the Playbook.",
        )
    return []
