from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ldsp.core.admin import ReadOnlyModelAdmin
from ldsp.playbook.models import Playbook, Release, ReleaseExport, Revision, Section


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
    list_display = ["release", "format", "status", "size", "requested_at", "finished_at"]
    list_filter = ["status", "format"]
    readonly_fields = ["release", "format", "file", "size", "error", "started_at", "finished_at"]
