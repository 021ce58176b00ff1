"""Suggestions: propose, endorse, discuss, withdraw; and the editors' decisions.

Accepting locks the section row. If the suggestion's base is still the current
revision it fast-forwards; otherwise the proposal is merged three ways into
whatever the text has become. A clean merge lands as a new revision crediting
the suggester; a conflict is never guessed: the suggestion waits for an editor
to resolve each conflict by hand. A suggestion never silently overwrites work.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from ldsp.accounts.selectors import display_name
from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.models import Endorsement, Suggestion, SuggestionMessage
from ldsp.coproduction.services.follows import notify_suggestion_decided, section_follow
from ldsp.core import extensions
from ldsp.core.errors import NotAllowed
from ldsp.core.permissions import require_contributor, require_editor
from ldsp.core.ratelimit import contribution_rate_check
from ldsp.core.services import audit_record
from ldsp.lib.markdown import render_markdown
from ldsp.lib.outline import normalise_body
from ldsp.lib.textmerge import Conflict, MergeResult, merge3, resolve
from ldsp.playbook.models import Revision, Section
from ldsp.playbook.services.revisions import revision_write


def suggestion_create(
    *,
    actor: User,
    section: Section,
    base_revision_id: int,
    body: str,
    rationale: str,
    title: str = "",
) -> Suggestion:
    """Propose new text for a section, against the revision the author was reading."""
    require_contributor(actor)
    extensions.require_phase_open("suggestion", section.playbook)
    rationale = rationale.strip()
    if not rationale:
        raise ContributionError("Explain why you suggest this change.")
    base = Revision.objects.filter(pk=base_revision_id, section=section).first()
    if base is None:
        raise ContributionError("That version of the section does not exist.")
    body = normalise_body(body)
    title = " ".join(title.split())
    if body == base.body and (not title or title == base.title):
        raise ContributionError("Your suggestion is the same as the text it starts from.")
    limit = settings.SUGGESTIONS_OPEN_PER_SECTION
    with transaction.atomic():
        taken = _open_suggestions(actor, section)
        if len(taken) >= limit:
            raise _too_many_open(taken, limit)
        contribution_rate_check(actor)
        suggestion = _suggestion_insert(
            taken=taken,
            limit=limit,
            section=section,
            base_revision=base,
            author=actor,
            title=title if title != base.title else "",
            body=body,
            rationale=rationale,
        )
        section_follow(user=actor, section=section)
        extensions.announce("contribution_arrived", "suggestion", suggestion)
    return suggestion


def _suggestion_insert(
    *,
    taken: list[Suggestion],
    limit: int,
    section: Section,
    author: User,
    base_revision: Revision,
    title: str,
    body: str,
    rationale: str,
) -> Suggestion:
    """Insert a pending suggestion in the lowest place its author has free on the section.

    Each pending suggestion takes one of its author's numbered places on the
    section (1 up to the limit) and a unique constraint lets no two share one, so
    the count read before is not trusted alone. Two suggestions sent at once pick
    the same place and the second insert fails; its author's suggestions are read
    again, now including the first, and it is refused or takes the next place.
    Each failure means another suggestion took a place, so the tries are bounded.
    """
    for attempt in range(limit + 1):
        used = {s.open_slot for s in taken}
        free = next(n for n in range(1, limit + 1) if n not in used)
        try:
            with transaction.atomic():
                return Suggestion.objects.create(
                    section=section,
                    base_revision=base_revision,
                    author=author,
                    title=title,
                    body=body,
                    rationale=rationale,
                    open_slot=free,
                )
        except IntegrityError:
            taken = _open_suggestions(author, section)
            if len(taken) >= limit:
                raise _too_many_open(taken, limit) from None
            if attempt == limit:
                raise
    raise AssertionError("unreachable: the last try returns or raises")


def _open_suggestions(actor: User, section: Section) -> list[Suggestion]:
    """``actor``'s pending suggestions on ``section``, oldest first."""
    return list(
        Suggestion.objects.filter(
            author=actor, section=section, state__in=Suggestion.PENDING_STATES
        ).order_by("created_at", "id")
    )


def _too_many_open(taken: list[Suggestion], limit: int) -> ContributionError:
    """The refusal for someone at their limit of open suggestions, naming the ones they have."""
    if limit == 1 and len(taken) == 1:
        return ContributionError(
            f"You already have an open suggestion on this section (suggestion "
            f"{taken[0].pk}, at {taken[0].get_absolute_url()}). Wait for the editors to "
            f"decide on it, or withdraw it, before suggesting again."
        )
    numbers = ", ".join(str(s.pk) for s in taken)
    return ContributionError(
        f"You already have {len(taken)} open suggestions on this section, the most "
        f"allowed (suggestions {numbers}). Wait for a decision or withdraw one first."
    )


def suggestion_endorse(*, actor: User, suggestion: Suggestion) -> Endorsement:
    """Support a suggestion; once each, and not your own."""
    require_contributor(actor)
    if suggestion.author_id == actor.pk:
        raise ContributionError("You cannot endorse your own suggestion.")
    if not suggestion.is_pending:
        raise ContributionError("This suggestion has been decided.")
    try:
        with transaction.atomic():
            return Endorsement.objects.create(suggestion=suggestion, user=actor)
    except IntegrityError:
        raise ContributionError("You have already endorsed this suggestion.") from None


def suggestion_discuss(*, actor: User, suggestion: Suggestion, body: str) -> SuggestionMessage:
    """Add a message to a suggestion's discussion."""
    require_contributor(actor)
    body = body.strip()
    if not body:
        raise ContributionError("Enter your message.")
    contribution_rate_check(actor)
    return SuggestionMessage.objects.create(
        suggestion=suggestion, author=actor, body=body, body_html=render_markdown(body)
    )


def _locked_pending(suggestion: Suggestion) -> Suggestion:
    """The suggestion's row, locked for this transaction; refused if already decided."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not suggestion.is_pending:
        raise ContributionError("This suggestion has already been decided.")
    return suggestion


def suggestion_withdraw(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """The author takes back a suggestion that has not been decided."""
    if suggestion.author_id != actor.pk:
        raise NotAllowed("Only the person who made a suggestion can withdraw it.")
    with transaction.atomic():
        suggestion = _locked_pending(suggestion)
        suggestion.state = Suggestion.State.WITHDRAWN
        suggestion.decided_at = timezone.now()
        suggestion.open_slot = None  # decided: its place is free
        suggestion.save(update_fields=["state", "decided_at", "open_slot"])
        audit_record(
            actor=actor, verb="suggestion.withdrawn", target=suggestion, summary=str(suggestion)
        )
    return suggestion


def _merge_state(result: MergeResult, against: Revision) -> dict[str, object]:
    return {
        "against_revision": against.pk,
        "text": result.text,
        "conflicts": [
            {
                "index": c.index,
                "base": c.base,
                "ours": c.ours,
                "theirs": c.theirs,
                "start": c.start,
                "end": c.end,
            }
            for c in result.conflicts
        ],
    }


def merge_result_of(suggestion: Suggestion) -> MergeResult:
    """The stored merge of a suggestion that needs resolution."""
    state = suggestion.merge_state
    return MergeResult(
        text=str(state["text"]),
        conflicts=tuple(Conflict(**c) for c in state["conflicts"]),  # type: ignore[union-attr]
    )


def _land(
    suggestion: Suggestion, section: Section, actor: User, body: str, title: str, source: str
) -> Revision:
    revision = revision_write(
        section=section,
        title=title,
        body=body,
        author=suggestion.author,
        message=f"Suggestion {suggestion.pk}, accepted by {display_name(actor)}",
        source=source,
    )
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.result_revision = revision
    suggestion.merge_state = {}
    suggestion.open_slot = None  # decided: its place is free
    suggestion.save(
        update_fields=[
            "state",
            "decided_by",
            "decided_at",
            "result_revision",
            "merge_state",
            "open_slot",
            "decision_reason",
        ]
    )
    return revision


def suggestion_accept(
    *, actor: User, suggestion: Suggestion, response: str | None = None
) -> Suggestion:
    """Accept: fast-forward, clean merge, or mark as needing resolution. Never overwrites.

    ``response`` is the editors' response to the suggestion (kept in
    ``decision_reason``, as a rejection's reason is): sent to the author and
    followers and shown in the "You said, we did" report. None keeps what it was.
    """
    require_editor(actor)
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=suggestion.section_id)
        section = Section.objects.select_related("current_revision").get(pk=suggestion.section_id)
        suggestion = _locked_pending(suggestion)
        if response is not None:
            suggestion.decision_reason = response.strip()
        current = section.current_revision
        assert current is not None
        base = suggestion.base_revision
        title = suggestion.title or current.title
        if current.pk == base.pk:
            _land(suggestion, section, actor, suggestion.body, title, Revision.Source.SUGGESTION)
            verb = "suggestion.accepted"
        else:
            result = merge3(base.body, current.body, suggestion.body)
            if result.clean:
                if result.text == current.body and title == current.title:
                    raise ContributionError(
                        "The text already contains everything this suggestion proposes. "
                        "Reject it with that reason instead."
                    )
                _land(suggestion, section, actor, result.text, title, Revision.Source.MERGE)
                verb = "suggestion.merged"
            else:
                suggestion.state = Suggestion.State.NEEDS_RESOLUTION
                suggestion.merge_state = _merge_state(result, current)
                suggestion.save(update_fields=["state", "merge_state", "decision_reason"])
                verb = "suggestion.needs_resolution"
        audit_record(
            actor=actor,
            verb=verb,
            target=suggestion,
            summary=f"{verb.split('.')[1].replace('_', ' ').capitalize()}: {suggestion}",
            reason=suggestion.decision_reason,
        )
        notify_suggestion_decided(suggestion)
    return suggestion


def suggestion_resolve(
    *, actor: User, suggestion: Suggestion, choices: list[str], against_revision_id: int
) -> Suggestion:
    """An editor settles each conflict; the result lands as a new revision.

    The choices settle the conflicts of the merge against ``against_revision_id``.
    If the section has moved on since (or the editor was looking at an older
    merge), the choices no longer fit: nothing lands, the suggestion is merged
    afresh against the newest text and that merge is kept, and the suggestion
    comes back still needing resolution, for the editor to settle the new
    conflicts. The fresh merge must be kept: were it rolled back, every later
    attempt would be checked against the old merge and fail in the same way.
    """
    require_editor(actor)
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=suggestion.section_id)
        section = Section.objects.select_related("current_revision").get(pk=suggestion.section_id)
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.state != Suggestion.State.NEEDS_RESOLUTION:
            raise ContributionError("This suggestion does not need resolving.")
        current = section.current_revision
        assert current is not None
        if (
            current.pk != against_revision_id
            or suggestion.merge_state.get("against_revision") != against_revision_id
        ):
            result = merge3(suggestion.base_revision.body, current.body, suggestion.body)
            suggestion.merge_state = _merge_state(result, current)
            suggestion.save(update_fields=["merge_state"])
            return suggestion
        try:
            body = resolve(merge_result_of(suggestion), choices)
        except ValueError as error:
            raise ContributionError(str(error)) from None
        _land(
            suggestion,
            section,
            actor,
            body,
            suggestion.title or current.title,
            Revision.Source.MERGE,
        )
        audit_record(
            actor=actor, verb="suggestion.resolved", target=suggestion, summary=str(suggestion)
        )
        notify_suggestion_decided(suggestion)
    return suggestion


def suggestion_reject(*, actor: User, suggestion: Suggestion, reason: str) -> Suggestion:
    """Decline a suggestion, with a reason the author will read."""
    require_editor(actor)
    reason = reason.strip()
    if not reason:
        raise ContributionError("Give a reason: the author will see it.")
    with transaction.atomic():
        suggestion = _locked_pending(suggestion)
        suggestion.state = Suggestion.State.REJECTED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.decision_reason = reason
        suggestion.open_slot = None  # decided: its place is free
        suggestion.save(
            update_fields=["state", "decided_by", "decided_at", "decision_reason", "open_slot"]
        )
        audit_record(
            actor=actor,
            verb="suggestion.rejected",
            target=suggestion,
            summary=f"Rejected: {suggestion}",
            reason=reason,
        )
        notify_suggestion_decided(suggestion)
    return suggestion
