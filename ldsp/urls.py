"""Top-level URLs. Each app owns its own namespace."""

from django.contrib import admin
from django.urls import include, path, register_converter

from ldsp import search
from ldsp.accounts.views import admin_login
from ldsp.api import api
from ldsp.core.converters import RowIdConverter

# Registered before urlpatterns below includes the apps' URL modules, which use it.
register_converter(RowIdConverter, "id")

admin.site.site_header = "LDSP Hub administration"
admin.site.site_title = "LDSP Hub admin"

urlpatterns = [
    path("", include("ldsp.core.urls")),
    path("", include("ldsp.playbook.urls")),
    path("", include("ldsp.coproduction.urls")),
    path("", include("ldsp.partnerships.urls")),
    path("", include("ldsp.consultations.urls")),
    path("", include("ldsp.plays.urls")),
    path("", include("ldsp.dashboards.urls")),
    path("", include("ldsp.finder.urls")),
    path("search/", search.search, name="search"),
    path("accounts/", include("ldsp.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    # Before the admin's own URLs: staff sign in through the site, with its limits.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

handler400 = "ldsp.core.views.bad_request"
handler403 = "ldsp.core.views.permission_denied"
handler404 = "ldsp.core.views.page_not_found"
handler500 = "ldsp.core.views.server_error"
