"""The demo Local Digital Skills Playbook: two releases and a believable history."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User

from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import section_edit

CONTENT = Path(__file__).resolve().parent / "demo_content"
SLUG = "local-digital-skills-playbook"


def _append(actor: User, key: str, paragraph: str, message: str) -> None:
    section = Section.objects.select_related("current_revision").get(playbook__slug=SLUG, key=key)
    revision = section.current_revision
    assert revision is not None
    section_edit(
        actor=actor,
        section=section,
        title=revision.title,
        body=f"{revision.body}\n\n{paragraph}",
        message=message,
        base_revision_id=revision.pk,
    )


def load() -> list[str]:
    """Create the demo playbook once; running again changes nothing."""
    if Playbook.objects.filter(slug=SLUG).exists():
        return []
    editor = User.objects.get(email="editor@example.org")
    staff = User.objects.get(email="staff@example.org")
    playbook = Playbook.objects.create(
        slug=SLUG,
        title="Local Digital Skills Playbook",
        summary=(
            "Part guide, part inspirational examples: how to set up and run a Local "
            "Digital Skills Partnership, written in the open by the people who do it."
        ),
        is_default=not Playbook.objects.filter(is_default=True).exists(),
    )
    playbook_import(
        actor=editor,
        playbook=playbook,
        text=(CONTENT / "playbook-0.1.md").read_text(encoding="utf-8"),
        message="First public draft",
    )
    release_publish(
        actor=editor,
        playbook=playbook,
        number="0.1",
        label="Public draft",
        notes="The first public draft, published for comment by anyone interested.",
    )
    playbook_import(
        actor=staff,
        playbook=playbook,
        text=(CONTENT / "playbook-0.2.md").read_text(encoding="utf-8"),
        message="Changes from the first round of comments",
    )
    release_publish(
        actor=editor,
        playbook=playbook,
        number="0.2",
        label="Second draft",
        notes=(
            "Rewrites five sections after comments on the public draft, adds sections on "
            "keeping partners involved and training digital champions."
        ),
    )
    _append(
        editor,
        "what-a-local-partnership-adds",
        "If you are starting a partnership, read the chapter on setting up your "
        "partnership next: it covers the first decisions you will need to make.",
        "Pointed new partnerships to the setting-up chapter",
    )
    _contributions(playbook)
    return [f"Playbook: {playbook.get_absolute_url()}"]


def _contributions(playbook: Playbook) -> None:
    """A few suggestions and comments, so the review queue and comments have something in them."""
    from ldsp.playbook.services.comments import comment_create, comment_reply
    from ldsp.playbook.services.suggestions import (
        suggestion_accept,
        suggestion_create,
        suggestion_discuss,
        suggestion_endorse,
    )

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
