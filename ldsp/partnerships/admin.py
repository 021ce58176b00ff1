from __future__ import annotations

from django.contrib import admin

from ldsp.core.admin import ReadOnlyModelAdmin
from ldsp.partnerships.models import (
    Action,
    Goal,
    JoinRequest,
    Membership,
    Organisation,
    Partnership,
    PartnershipMessage,
    Pledge,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organisation"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class PledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "launched_on", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas", "coordinators"]
    inlines = [MembershipInline, GoalInline, PledgeInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "is_demo"]
    list_filter = ["sector", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "partnership", "status", "created_at"]
    list_filter = ["status"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "owner", "due_on", "status", "progress"]
    list_filter = ["status"]


@admin.register(PartnershipMessage)
class PartnershipMessageAdmin(ReadOnlyModelAdmin):
    """Messages sent through partnerships' contact pages: staff read them, nobody edits them."""

    list_display = ["created_at", "partnership", "sender_name", "recipients"]
    list_filter = ["partnership"]
    search_fields = ["sender_name", "sender_email", "message"]
    readonly_fields = [field.name for field in PartnershipMessage._meta.fields]
    date_hierarchy = "created_at"
