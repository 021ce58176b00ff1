"""Staff see contributions in the admin, read-only: decisions go through the pages, which
check permissions, merge text and keep the audit trail."""

from __future__ import annotations

from django.contrib import admin

from ldsp.coproduction.models import Comment, Suggestion
from ldsp.core.admin import ReadOnlyModelAdmin


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "section", "author", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["rationale", "section__key", "author__email"]
    list_select_related = ["section", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "section", "author", "state", "is_outdated", "hidden_at", "created_at"]
    list_filter = ["state", "is_outdated"]
    search_fields = ["body", "section__key", "author__email"]
    list_select_related = ["section", "author"]
