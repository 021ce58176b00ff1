"""Correct reports published before the one visibility rule: remove what should be private.

A published "You said, we did" report is frozen as JSON. Reports published earlier
could hold the words, author and hiding reason of comments the editors had hidden,
the title and summary of plays that were never published, moderators' notes, and a
name made from the author's email address. This migration redacts the frozen rows
the way the report now builds them (the figures are untouched: every contribution
still counts) and appends a dated correction saying so. It is written out in full
here, not imported, so that it keeps working as the app's code moves on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone

REMOVED_BY_EDITORS = "Removed by the editors"
NOT_PUBLISHED = "Not published"
PUBLISHED = "published"
CORRECTION = (
    "On {date} we corrected this report. We removed {what}, which should never have "
    "been public. The figures have not changed: every contribution is still counted."
)
WITHHELD = (
    "the words, names and editors' reasons for comments the editors had hidden and "
    "for plays that were not published"
)
NOTES = "the notes moderators sent to the authors of plays"
NAMES = "names made from people's email addresses (they now show as “Member” and a number)"


def _withhold(row: dict[str, Any], reason: str) -> dict[str, Any]:
    return {
        "kind": row.get("kind", ""),
        "reference": row.get("reference", ""),
        "created_at": row.get("created_at", ""),
        "week": row.get("week", ""),
        "author": "",
        "sector": "",
        "area": "",
        "section": row.get("section", "") if row.get("kind") == "comment" else "",
        "summary": "",
        "outcome": reason,
        "response": "",
    }


def _pk(row: dict[str, Any]) -> int | None:
    reference = str(row.get("reference", ""))
    return int(reference[1:]) if reference[1:].isdigit() else None


def _redact_row(row: dict[str, Any], apps: Any) -> dict[str, Any]:
    comment_model = apps.get_model("coproduction", "Comment")
    play_model = apps.get_model("plays", "Play")
    pk = _pk(row)
    kind = row.get("kind")
    if kind == "comment":
        comment = comment_model.objects.filter(pk=pk).first() if pk else None
        if row.get("outcome") == "Hidden" or (comment is not None and comment.hidden_at):
            return _withhold(row, REMOVED_BY_EDITORS)
        if comment is not None and row.get("response"):
            hidden_reply = comment_model.objects.filter(
                parent=comment, hidden_at__isnull=False, body=row["response"]
            ).exists()
            if hidden_reply:
                row = {**row, "response": ""}
        return _rename(row, comment.author_id if comment is not None else None, apps)
    if kind == "play":
        play = play_model.objects.filter(pk=pk).first() if pk else None
        published = (
            play.status == PUBLISHED if play is not None else row.get("outcome") == "Published"
        )
        if not published:
            return _withhold(row, NOT_PUBLISHED)
        row = {**row, "response": ""}  # a moderator's notes, never public
        return _rename(row, play.author_id if play is not None else None, apps)
    if kind == "suggestion":
        suggestion = (
            apps.get_model("coproduction", "Suggestion").objects.filter(pk=pk).first()
            if pk
            else None
        )
        return _rename(row, suggestion.author_id if suggestion is not None else None, apps)
    return row


def _rename(row: dict[str, Any], user_id: int | None, apps: Any) -> dict[str, Any]:
    """Replace a name made from the author's email address with "Member <number>"."""
    if user_id is None:
        return row
    user = apps.get_model(settings.AUTH_USER_MODEL).objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return row
    profile = apps.get_model("accounts", "Profile").objects.filter(user_id=user_id).first()
    if profile is not None and profile.display_name.strip():
        return row
    from_email = {user.email.lower(), user.email.split("@", 1)[0].lower()}
    if str(row.get("author", "")).strip().lower() in from_email:
        return {**row, "author": f"Member {user_id}"}
    return row


def redact_published_reports(apps: Any, schema_editor: Any) -> None:
    round_model = apps.get_model("consultations", "Round")
    correction_model = apps.get_model("consultations", "ReportCorrection")
    for round_ in round_model.objects.filter(report_published_at__isnull=False):
        report = dict(round_.report or {})
        rows = list(report.get("rows", []))
        redacted = [_redact_row(dict(row), apps) for row in rows]
        if redacted == rows:
            continue
        report["rows"] = redacted
        round_model.objects.filter(pk=round_.pk).update(report=report)
        changes = [(row, new) for row, new in zip(rows, redacted, strict=True) if row != new]
        what = [
            text
            for text, happened in (
                (
                    WITHHELD,
                    any(
                        new["outcome"] in (REMOVED_BY_EDITORS, NOT_PUBLISHED)
                        and row["outcome"] != new["outcome"]
                        for row, new in changes
                    ),
                ),
                (
                    NOTES,
                    any(
                        row.get("kind") == "play" and row.get("response") and not new["response"]
                        for row, new in changes
                    ),
                ),
                (
                    NAMES,
                    any(
                        row.get("author") != new["author"] and new["author"] for row, new in changes
                    ),
                ),
            )
            if happened
        ] or ["text that should not have been public"]
        today = timezone.localdate()
        correction_model.objects.create(
            round_id=round_.pk,
            text=CORRECTION.format(date=f"{today:%-d %B %Y}", what="; ".join(what)),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_rounds_and_report_corrections"),
        ("coproduction", "0001_take_over_contributions_from_playbook"),
        ("plays", "0001_plays_and_tags"),
        ("accounts", "0002_profile_area"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Redacted words cannot be put back: going back leaves the reports as they are.
    operations = [
        migrations.RunPython(redact_published_reports, migrations.RunPython.noop, elidable=False)
    ]
