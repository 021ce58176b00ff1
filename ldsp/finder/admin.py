from django.contrib import admin

from ldsp.finder.models import Centre, CentreImport, ChangeReport, CourseSession, Offer


class OfferInline(admin.TabularInline):
    model = Offer
    fields = ["title", "is_free", "cost"]
    extra = 0
    show_change_link = True


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "postcode",
        "local_authority",
        "status",
        "last_checked_on",
    ]
    list_filter = ["status", "is_demo"]
    search_fields = ["name", "postcode"]
    raw_id_fields = ["organisation", "postcode_district", "local_authority"]
    inlines = [OfferInline]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "is_free"]
    search_fields = ["title", "centre__name"]
    raw_id_fields = ["centre"]


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    list_display = ["offer", "starts_at", "places", "places_left"]
    raw_id_fields = ["offer"]


@admin.register(ChangeReport)
class ChangeReportAdmin(admin.ModelAdmin):
    list_display = ["centre", "created_at", "resolved_at"]
    raw_id_fields = ["centre", "reporter"]


@admin.register(CentreImport)
class CentreImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "status", "actor", "created_at"]
    exclude = ["content"]
    raw_id_fields = ["actor"]
