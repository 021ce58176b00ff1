"""Template tags that put co-production on the Playbook's section page.

The Playbook's templates ask for these by name; its Python never imports this app.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from ldsp.coproduction import selectors
from ldsp.coproduction.forms import CommentForm
from ldsp.core import extensions
from ldsp.core.permissions import CONTRIBUTE, EDIT_CONTENT, has
from ldsp.playbook.models import Section
from ldsp.playbook.paragraphs import paragraph_labels

register = template.Library()


@register.inclusion_tag("coproduction/_comments.html", takes_context=True)
def section_comments(context: template.Context, section: Section) -> dict[str, Any]:
    """The comment threads on a section, and the form to add one."""
    user = context["request"].user
    revision = section.current_revision
    assert revision is not None
    can_edit = has(user, EDIT_CONTENT)
    placed, outdated = selectors.comment_threads(section, viewer=user)
    return {
        "request": context["request"],
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "playbook": section.playbook,
        "section": section,
        "can_edit": can_edit,
        "can_contribute": has(user, CONTRIBUTE),
        "comments": placed,
        "outdated_comments": outdated,
        "comment_form": CommentForm(
            initial={"revision": revision.pk}, paragraphs=paragraph_labels(revision.body)
        ),
        "comments_closed": extensions.phase_closed_reason("comment", section.playbook),
    }


@register.inclusion_tag("coproduction/_take_part.html", takes_context=True)
def section_take_part(context: template.Context, section: Section) -> dict[str, Any]:
    """How to take part in a section: suggest, comment, follow, or sign in first."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "playbook": section.playbook,
        "section": section,
        "can_contribute": has(user, CONTRIBUTE),
        "suggestions_closed": extensions.phase_closed_reason("suggestion", section.playbook),
        "is_following": selectors.is_following(user, section),
        # Editors are told what waits for them here; nobody else is asked the count.
        "pending_suggestions": (
            selectors.pending_suggestion_count(section) if has(user, EDIT_CONTENT) else None
        ),
    }


@register.filter
def age(moment: datetime) -> str:
    """How long ago ``moment`` was, in its largest unit: "3 days ago", "just now"."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"
