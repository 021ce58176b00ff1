"""Staff can see when people last looked at their dashboards and which digests went out."""

from django.contrib import admin

from ldsp.dashboards.models import DashboardVisit, EditorDigest


@admin.register(DashboardVisit)
class DashboardVisitAdmin(admin.ModelAdmin):
    list_display = ("user", "seen_at")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(EditorDigest)
class EditorDigestAdmin(admin.ModelAdmin):
    list_display = ("editor", "day", "suggestions", "plays", "covers_until")
    list_filter = ("day",)
    search_fields = ("editor__email",)
    raw_id_fields = ("editor",)
