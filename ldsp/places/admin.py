from __future__ import annotations

from django.contrib import admin

from ldsp.places.models import Area, AreaScheme, LocalAuthority, PostcodeDistrict


@admin.register(AreaScheme)
class AreaSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_default"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scheme"]
    list_filter = ["scheme"]
    search_fields = ["name", "code"]
    exclude = ["boundary"]
    filter_horizontal = ["local_authorities"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    exclude = ["boundary"]


@admin.register(PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "local_authority", "active_postcodes"]
    search_fields = ["code"]
    raw_id_fields = ["local_authority"]
