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
    return [f"Playbook: {playbook.get_absolute_url()}"]
