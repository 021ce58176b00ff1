from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from ldsp.core.admin import ReadOnlyModelAdmin
from ldsp.playbook.models import Playbook, Release, ReleaseExport, Revision, Section
from ldsp.playbook.services.exports import release_export_retry


@admin.register(Playbook)
class PlaybookAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_default", "created_at"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["key", "slug", "playbook", "parent", "position", "removed_at"]
    list_filter = ["playbook", "removed_at"]
    search_fields = ["key", "slug"]
    readonly_fields = ["key", "current_revision", "playbook", "parent", "position"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyModelAdmin):
    """Read-only: history is never rewritten."""

    list_display = ["section", "number", "title", "author", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["title", "message", "section__key"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["playbook", "number", "label", "published_by", "published_at"]
    list_filter = ["playbook"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReleaseExport)
class ReleaseExportAdmin(admin.ModelAdmin):
    """Staff see failed exports and why, and have them tried again (audited)."""

    list_display = [
        "release",
        "format",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
        "size",
        "requested_at",
        "finished_at",
    ]
    list_filter = ["status", "format"]
    search_fields = ["release__number", "release__playbook__title", "error"]
    readonly_fields = [field.name for field in ReleaseExport._meta.fields]
    actions = ["try_again"]

    @admin.display(description="Last error")
    def short_error(self, export: ReleaseExport) -> str:
        return Truncator(export.error).chars(120)

    @admin.action(description="Try the selected failed exports again")
    def try_again(self, request: HttpRequest, queryset: QuerySet[ReleaseExport]) -> None:
        failed = list(queryset.filter(status=ReleaseExport.Status.FAILED))
        for export in failed:
            release_export_retry(actor=request.user, export=export)  # type: ignore[arg-type]
        skipped = len(queryset) - len(failed)
        note = f" {skipped} not failed, so left alone." if skipped else ""
        self.message_user(request, f"{len(failed)} exports queued again.{note}", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
