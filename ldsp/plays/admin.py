from __future__ import annotations

from django.contrib import admin

from ldsp.plays.models import Play


@admin.register(Play)
class PlayAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "status", "author", "published_at"]
    list_filter = ["status", "area"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["sections"]
    raw_id_fields = ["author"]
