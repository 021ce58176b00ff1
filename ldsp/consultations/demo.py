"""Demo rounds: one concluded, with its report published; one open now.

The concluded round is as a real one would be: about sixty contributions from thirty
people in many sectors and areas, spread over its weeks, made and decided through the
same services the pages use - some accepted, some rejected, comments answered, left
open or resolved, suggestions withdrawn, and a few comments the editors hid.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.utils import timezone

from ldsp.accounts.demo import DEMO_PARTICIPANTS, participant_email, people_place_in_areas
from ldsp.consultations.models import Round
from ldsp.consultations.services import report_publish
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.services.comments import (
    comment_create,
    comment_hide,
    comment_reply,
    comment_set_state,
)
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from ldsp.core.models import OutboundEmail
from ldsp.playbook.models import Playbook, Section

CONTENT = Path(__file__).resolve().parent / "demo_content"
ROUND_DAYS = 60


@dataclass(frozen=True)
class DemoSuggestion:
    """A suggested paragraph, who made it, on which day of the round, and what became of it."""

    person: int
    section: str
    paragraph: str
    rationale: str
    day: int
    outcome: str  # accept, reject, withdraw or open
    reason: str = ""


@dataclass(frozen=True)
class DemoComment:
    """A comment, who made it, on which day, and what the editors did with it."""

    person: int
    section: str
    body: str
    day: int
    answer: str = ""  # an editor's reply
    resolve: bool = False
    hide: str = ""  # the editors' reason for hiding it
    peer_reply: tuple[int, str] | None = None  # someone else's reply: (person, words)


def _script() -> tuple[list[DemoSuggestion], list[DemoComment]]:
    """Who said what in the round, and what the editors did: ``demo_content/first_round.toml``."""
    with (CONTENT / "first_round.toml").open("rb") as file:
        script = tomllib.load(file)
    suggestions = [DemoSuggestion(**spec) for spec in script["suggestion"]]
    comments = [
        DemoComment(**{**spec, "peer_reply": tuple(spec["peer_reply"])})
        if "peer_reply" in spec
        else DemoComment(**spec)
        for spec in script["comment"]
    ]
    return suggestions, comments


OUTCOME_SUMMARY = (
    "Thank you to everyone who commented on the public draft. We rewrote five sections, "
    "added two new ones on keeping partners involved and training digital champions, and "
    "folded reporting into measuring impact. Release 0.2 has all of it; the suggestions "
    "still waiting for a decision are in the review queue."
)

_PLAIN_WORDS = re.compile(r"^[A-Z][A-Za-z' ,]{20,}")


def _quote(section: Section, nth: int) -> str:
    """A few plain words from one of the section's paragraphs to anchor a comment to."""
    revision = section.current_revision
    assert revision is not None
    candidates = [
        match.group(0).rsplit(" ", 1)[0].rstrip(" ,")
        for paragraph in revision.body.split("\n\n")
        if (match := _PLAIN_WORDS.match(paragraph.strip()))
    ]
    return candidates[nth % len(candidates)] if candidates else revision.body.split()[0]


def _moment(opens_at: datetime.datetime, day: int, index: int) -> datetime.datetime:
    """A working-hours time on ``day`` of the round, a little different for each index."""
    return opens_at + datetime.timedelta(days=day, hours=9 + index % 8, minutes=7 * index % 60)


def _forget_the_storys_emails() -> None:
    """The round's people took part weeks ago in the story and cannot sign in: the
    emails its making queued for them only (followed sections changed, decisions) are
    dropped, so the demo's console shows the emails someone trying the demo can act on."""
    story_people = {participant_email(name) for name, *_ in DEMO_PARTICIPANTS}
    queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
    OutboundEmail.objects.filter(
        pk__in=[email.pk for email in queued if set(email.to) <= story_people]
    ).delete()


def _contribute(playbook: Playbook, opens_at: datetime.datetime, editor: User) -> None:
    """Make every contribution of the round through the services, then date it in the round."""
    people = [User.objects.get(email=participant_email(p[0])) for p in DEMO_PARTICIPANTS]
    sections = {
        s.key: s
        for s in Section.objects.filter(playbook=playbook).select_related("current_revision")
    }
    suggestions, comments = _script()

    made: list[tuple[Suggestion, DemoSuggestion]] = []
    for suggested in suggestions:
        section = sections.get(suggested.section)
        if section is None or section.current_revision is None:
            continue
        revision = section.current_revision
        made.append(
            (
                suggestion_create(
                    actor=people[suggested.person],
                    section=section,
                    base_revision_id=revision.pk,
                    body=f"{revision.body}\n\n{suggested.paragraph}",
                    rationale=suggested.rationale,
                ),
                suggested,
            )
        )
    for index, (suggestion, suggested) in enumerate(made):
        if suggested.outcome == "accept":
            suggestion_accept(actor=editor, suggestion=suggestion)
        elif suggested.outcome == "reject":
            suggestion_reject(actor=editor, suggestion=suggestion, reason=suggested.reason)
        elif suggested.outcome == "withdraw":
            suggestion_withdraw(actor=people[suggested.person], suggestion=suggestion)
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=_moment(opens_at, suggested.day, index)
        )

    for index, said in enumerate(comments):
        section = sections.get(said.section)
        if section is None or section.current_revision is None:
            continue
        comment = comment_create(
            actor=people[said.person],
            section=section,
            revision_id=section.current_revision.pk,
            body=said.body,
            quote=_quote(section, index),
        )
        replies = []
        if said.peer_reply:
            who, words = said.peer_reply
            replies.append(comment_reply(actor=people[who], comment=comment, body=words))
        if said.answer:
            replies.append(comment_reply(actor=editor, comment=comment, body=said.answer))
        if said.resolve:
            comment_set_state(actor=editor, comment=comment, resolved=True)
        if said.hide:
            comment_hide(actor=editor, comment=comment, reason=said.hide)
        made_at = _moment(opens_at, said.day, index)
        Comment.objects.filter(pk=comment.pk).update(created_at=made_at)
        for later, reply in enumerate(replies, start=1):
            Comment.objects.filter(pk=reply.pk).update(
                created_at=made_at + datetime.timedelta(days=later, hours=2)
            )


def load() -> list[str]:
    """Create the demo rounds once; running again changes nothing."""
    playbook = Playbook.objects.filter(slug="local-digital-skills-playbook").first()
    if playbook is None or Round.objects.exists():
        return []
    people_place_in_areas()  # the areas are loaded by now
    now = timezone.now()
    opens_at = now - datetime.timedelta(days=ROUND_DAYS * 2)
    editor = User.objects.get(email="editor@example.org")
    # The coproduction demo's accepted suggestion and its comments belong to the first
    # round too: date them in its second and third weeks.
    first_week = opens_at + datetime.timedelta(days=10)
    Suggestion.objects.filter(section__playbook=playbook, state="accepted").update(
        created_at=first_week
    )
    Comment.objects.filter(section__playbook=playbook).update(
        created_at=first_week + datetime.timedelta(days=7)
    )
    # No round exists yet, so every kind of contribution is welcome while they are made.
    _contribute(playbook, opens_at, editor)
    _forget_the_storys_emails()
    first = Round.objects.create(
        playbook=playbook,
        title="Public draft consultation",
        slug="public-draft-consultation",
        summary="Comments and suggestions on the first public draft (release 0.1).",
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=ROUND_DAYS),
    )
    report_publish(actor=editor, round_=first, outcome_summary=OUTCOME_SUMMARY)
    Round.objects.create(
        playbook=playbook,
        title="Second draft consultation",
        slug="second-draft-consultation",
        summary="Tell us what works in your area: comments, suggested changes and plays.",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=21),
    )
    return ["Consultations: one concluded round with its report, one open round"]
