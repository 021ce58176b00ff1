"""Reads for consultation rounds: which phases are open, and the report's contents."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ldsp.accounts.selectors import display_name
from ldsp.consultations.models import Round
from ldsp.coproduction import selectors as coproduction
from ldsp.core.permissions import EVERYONE
from ldsp.core.sectors import Sector

KIND_NAMES = {"comment": "Comments", "suggestion": "Suggestions", "play": "Play submissions"}


def rounds_of(playbook: Any) -> list[Round]:
    return list(Round.objects.filter(playbook=playbook))


def open_round(playbook: Any, kind: str | None = None) -> Round | None:
    """The round open now for this playbook (and this kind of input, if given)."""
    for round_ in rounds_of(playbook):
        if round_.state == Round.State.OPEN and (kind is None or round_.is_open_for(kind)):
            return round_
    return None


def phase_closed_reason(kind: str, playbook: Any) -> str | None:
    """Extension point: None when ``kind`` is welcome now, else a plain-English reason.

    A playbook with no rounds at all takes contributions at any time.
    """
    rounds = rounds_of(playbook)
    if not rounds or open_round(playbook, kind) is not None:
        return None
    upcoming = sorted(
        (r for r in rounds if r.state == Round.State.PLANNED and r.is_open_for_when_open(kind)),
        key=lambda r: r.opens_at,
    )
    name = KIND_NAMES.get(kind, "Contributions")
    if upcoming:
        opens = timezone.localtime(upcoming[0].opens_at)
        return f"{name} are closed at the moment. The next round opens on {opens:%-d %B %Y}."
    return f"{name} are closed at the moment: there is no round of input open."


def round_windows() -> list[dict[str, Any]]:
    """Extension point: every round's slug, title and dates (for filtering by round)."""
    return [
        {"slug": r.slug, "title": r.title, "opens_at": r.opens_at, "closes_at": r.closes_at}
        for r in Round.objects.order_by("-opens_at")
    ]


def playbook_notice(playbook: Any) -> dict[str, object] | None:
    """Extension point: the banner for an open round (what is welcome, days left)."""
    round_ = open_round(playbook)
    if round_ is None:
        return None
    welcome = [
        word
        for word, on in (
            ("comments", round_.comments_open),
            ("suggested changes", round_.suggestions_open),
            ("plays (case studies)", round_.plays_open),
        )
        if on
    ]
    return {
        "title": round_.title,
        "url": round_.get_absolute_url(),
        "days_left": round_.days_left,
        "closes_at": round_.closes_at,
        "welcome": welcome,
    }


REMOVED_BY_EDITORS = "Removed by the editors"
NOT_GIVEN = "Not given"


class Outcome:
    """What became of a contribution, as the report says it."""

    ACCEPTED = "Accepted"
    PARTLY_ACCEPTED = "Partly accepted"
    BEING_MERGED = "Accepted, being merged"
    REJECTED = "Rejected"
    WITHDRAWN = "Withdrawn"
    UNDECIDED = "Not decided yet"
    ANSWERED = "Answered"
    RESOLVED = "Resolved"
    UNANSWERED = "Not answered yet"


# The colour of each outcome's tag: green for taken up, red for turned down, grey for
# gone, yellow for still waiting. Plays keep their moderation status as their outcome.
OUTCOME_TAGS = {
    Outcome.ACCEPTED: "govuk-tag--green",
    Outcome.PARTLY_ACCEPTED: "govuk-tag--teal",
    Outcome.BEING_MERGED: "govuk-tag--turquoise",
    Outcome.REJECTED: "govuk-tag--red",
    Outcome.WITHDRAWN: "govuk-tag--grey",
    Outcome.UNDECIDED: "govuk-tag--yellow",
    Outcome.ANSWERED: "govuk-tag--green",
    Outcome.RESOLVED: "govuk-tag--teal",
    Outcome.UNANSWERED: "govuk-tag--yellow",
    "Published": "govuk-tag--green",
    "Declined": "govuk-tag--red",
    "Changes requested": "govuk-tag--yellow",
    "Submitted": "govuk-tag--yellow",
    "Not published": "govuk-tag--grey",
    REMOVED_BY_EDITORS: "govuk-tag--grey",
}


@dataclass
class Contribution:
    """One row of the report: a suggestion, a comment thread or a play.

    ``withheld`` names why the public may not see its words (say, "Removed by the
    editors"); such a row still counts in the figures but is published as ``public()``.
    """

    kind: str
    reference: str
    created_at: str
    week: str
    author: str
    sector: str
    area: str
    section: str
    summary: str
    outcome: str
    response: str
    withheld: str = ""
    # Who it was, to count people: two people may choose the same name. Never published.
    person: int | None = None

    def public(self) -> dict[str, str]:
        """The row as anyone may read it: a withheld one keeps only its kind, reference,
        date and (for a comment) the section, with the reason in place of its outcome."""
        if not self.withheld:
            row = asdict(self)
            del row["withheld"], row["person"]
            return row
        return {
            "kind": self.kind,
            "reference": self.reference,
            "created_at": self.created_at,
            "week": self.week,
            "author": "",
            "sector": "",
            "area": "",
            "section": self.section if self.kind == "comment" else "",
            "summary": "",
            "outcome": self.withheld,
            "response": "",
        }


def week_of(moment: datetime.datetime) -> str:
    """The Monday of the week ``moment`` falls in (local time), as ``YYYY-MM-DD``."""
    day = timezone.localtime(moment).date()
    return (day - datetime.timedelta(days=day.weekday())).isoformat()


def round_weeks(round_: Round, *, now: datetime.datetime | None = None) -> list[str]:
    """Every week of the round so far, Mondays as ``YYYY-MM-DD``: a quiet week still shows."""
    last = min(round_.closes_at - datetime.timedelta(microseconds=1), now or timezone.now())
    if last < round_.opens_at:
        return []
    monday = datetime.date.fromisoformat(week_of(round_.opens_at))
    final = datetime.date.fromisoformat(week_of(last))
    weeks = []
    while monday <= final:
        weeks.append(monday.isoformat())
        monday += datetime.timedelta(days=7)
    return weeks


def _paragraphs(text: str) -> set[str]:
    return {part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()}


def suggestion_outcome(suggestion: Any) -> str:
    """What became of a suggestion.

    An accepted one is "Partly accepted" when the text it landed as lacks some of what it
    proposed: a paragraph it added or rewrote that is not there, or one it took out that is.
    That happens when an editor settles a conflicting merge in favour of the other text.
    """
    state = suggestion.state
    if state == "accepted":
        landed = suggestion.result_revision
        if landed is None:
            return Outcome.ACCEPTED
        base = _paragraphs(suggestion.base_revision.body)
        proposed = _paragraphs(suggestion.body)
        result = _paragraphs(landed.body)
        missing = (proposed - base) - result
        kept_despite_removal = (base - proposed) & result
        return Outcome.PARTLY_ACCEPTED if missing or kept_despite_removal else Outcome.ACCEPTED
    return {
        "needs_resolution": Outcome.BEING_MERGED,
        "rejected": Outcome.REJECTED,
        "withdrawn": Outcome.WITHDRAWN,
    }.get(state, Outcome.UNDECIDED)


def comment_outcome(comment: Any, editor_replies: list[str]) -> str:
    """What became of a comment thread: answered by an editor, resolved, or neither yet."""
    if editor_replies:
        return Outcome.ANSWERED
    if comment.state == "resolved":
        return Outcome.RESOLVED
    return Outcome.UNANSWERED


def person_details(user: Any) -> tuple[str, str, str]:
    """A contributor's name as shown to others, their sector and their area."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return display_name(user), NOT_GIVEN, NOT_GIVEN
    sector = Sector(profile.sector).label if profile.sector else NOT_GIVEN
    area = profile.area.name if profile.area_id else NOT_GIVEN
    return display_name(user), sector, area


def _editor_ids() -> set[int]:
    """Everyone who may edit the Playbook, in one query (their replies are responses)."""
    from django.contrib.auth.models import User

    return set(
        User.objects.filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="edit_content",
                groups__permissions__content_type__app_label="accounts",
            )
            | Q(user_permissions__codename="edit_content")
        ).values_list("pk", flat=True)
    )


def contributions(round_: Round) -> list[Contribution]:
    """Every suggestion, comment thread and play made during the round, oldest first."""
    rows: list[Contribution] = []
    window = (round_.playbook, round_.opens_at, round_.closes_at)
    for s in coproduction.suggestions_made_between(*window).select_related(
        "base_revision", "result_revision"
    ):
        name, sector, area = person_details(s.author)
        rows.append(
            Contribution(
                kind="suggestion",
                reference=f"S{s.pk}",
                created_at=s.created_at.isoformat(),
                week=week_of(s.created_at),
                author=name,
                sector=sector,
                area=area,
                section=s.section.title,
                summary=s.rationale[:300],
                outcome=suggestion_outcome(s),
                response=s.decision_reason,
                person=s.author_id,
            )
        )
    editors = _editor_ids()
    shown = set(
        coproduction.comments_visible_to(EVERYONE)
        .filter(section__playbook=round_.playbook, parent__isnull=True)
        .values_list("pk", flat=True)
    )
    for c in coproduction.comment_threads_started_between(*window):
        name, sector, area = person_details(c.author)
        editor_replies = [r.body for r in c.public_replies if r.author_id in editors]  # type: ignore[attr-defined]
        rows.append(
            Contribution(
                kind="comment",
                reference=f"C{c.pk}",
                created_at=c.created_at.isoformat(),
                week=week_of(c.created_at),
                author=name,
                sector=sector,
                area=area,
                section=c.section.title,
                summary=c.body[:300],
                outcome=comment_outcome(c, editor_replies),
                response=editor_replies[-1] if editor_replies else "",
                withheld="" if c.pk in shown else REMOVED_BY_EDITORS,
                person=c.author_id,
            )
        )
    for row in _plays(round_):
        rows.append(row)
    rows.sort(key=lambda row: row.created_at)
    return rows


def _plays(round_: Round) -> list[Contribution]:
    from ldsp.core import extensions

    rows: list[Contribution] = []
    for found in extensions.collect("round_contributions", round_):
        rows.extend(found)
    return rows


def _largest_first(counts: Counter[str]) -> list[list[Any]]:
    """``[label, count]`` pairs, the most first, ties by label, "Not given" last.

    Lists, not tuples, so the live figures equal the ones frozen as JSON.
    """
    return [
        [label, count]
        for label, count in sorted(
            counts.items(), key=lambda item: (item[0] == NOT_GIVEN, -item[1], item[0])
        )
    ]


def figures(rows: list[Contribution], weeks: list[str] | None = None) -> dict[str, Any]:
    """Counts for the report and its charts; ``weeks`` lists the weeks to show even if quiet.

    Each contribution counts once in every breakdown, so each adds up to the total. Its
    outcome is counted as the public reads it ("Removed by the editors" for a hidden one).
    """
    by_week = Counter({week: 0 for week in weeks or []})
    by_week.update(row.week for row in rows)
    return {
        "total": len(rows),
        "by_kind": dict(Counter(row.kind for row in rows)),
        "by_outcome": _largest_first(Counter(row.withheld or row.outcome for row in rows)),
        "by_sector": _largest_first(Counter(row.sector for row in rows)),
        "by_area": _largest_first(Counter(row.area for row in rows)),
        "by_week": [list(item) for item in sorted(by_week.items())],
        "people": len({row.author if row.person is None else row.person for row in rows}),
    }


def report_data(round_: Round) -> dict[str, Any]:
    """The report as data: frozen into the round when published, live before that.

    The figures count every contribution; the rows show only what the public may see,
    so the editors' draft is exactly what will be published.
    """
    if round_.report_published_at is not None and round_.report:
        return dict(round_.report)
    rows = contributions(round_)
    return {"rows": [row.public() for row in rows], "figures": figures(rows, round_weeks(round_))}


def rows_to_show(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The report's rows with what a page needs besides: the date made and the outcome's tag."""
    shown = []
    for row in rows:
        made = datetime.datetime.fromisoformat(row["created_at"])
        shown.append(
            {
                **row,
                "made_on": timezone.localtime(made) if timezone.is_aware(made) else made,
                "outcome_tag": OUTCOME_TAGS.get(row["outcome"], ""),
            }
        )
    return shown


KIND_WORDS = {
    "suggestion": ("suggested change", "suggested changes"),
    "comment": ("comment", "comments"),
    "play": ("play", "plays"),
}


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count:,} {singular if count == 1 else plural}"


def report_headline(figures: dict[str, Any], *, so_far: bool) -> str:
    """One sentence of the totals: how many, from how many people, of which kinds.

    ``so_far`` while the round is still open: after it closes the figures are final.
    """
    total = int(figures.get("total", 0))
    sentence = _counted(total, "contribution", "contributions")
    if so_far:
        sentence += " so far"
    if "people" in figures:
        sentence += " from " + _counted(int(figures["people"]), "person", "people")
    kinds = [
        _counted(int(figures["by_kind"][kind]), *words)
        for kind, words in KIND_WORDS.items()
        if figures.get("by_kind", {}).get(kind)
    ]
    if len(kinds) > 1:
        sentence += ": " + ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return sentence + "."
