from __future__ import annotations

from django.contrib import admin

from ldsp.consultations.models import ReportCorrection, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "playbook", "opens_at", "closes_at", "report_published_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["report", "report_published_at", "report_published_by"]


@admin.register(ReportCorrection)
class ReportCorrectionAdmin(admin.ModelAdmin):
    list_display = ["round", "created_at", "author"]
