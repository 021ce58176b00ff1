from __future__ import annotations

from django.contrib import admin

from ldsp.partnerships.models import (
    Action,
    Goal,
    JoinRequest,
    Membership,
    Organisation,
    Partnership,
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
