"""Staff see contributions in the admin, read-only: decisions go through the pages, which
check permissions, merge text and keep the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ldsp.coproduction.models import Comment, Suggestion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never change: every change to a contribution is a service's job."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "section", "author", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["rationale", "section__key", "author__email"]
    list_select_related = ["section", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "section", "author", "state", "is_outdated", "hidden_at", "created_at"]
    list_filter = ["state", "is_outdated"]
    search_fields = ["body", "section__key", "author__email"]
    list_select_related = ["section", "author"]
