from django.urls import path

from ldsp.finder import views_find, views_gaps, views_imports, views_manage

app_name = "finder"

urlpatterns = [
    # People looking for help.
    path("find/", views_find.find, name="find"),
    path("find/results.csv", views_find.results_csv, name="results_csv"),
    path("find/centres/<slug:slug>/", views_find.centre_page, name="centre"),
    path("find/centres/<slug:slug>/report/", views_find.report_change, name="report_change"),
    path("find/centres/<slug:slug>/report/sent/", views_find.report_sent, name="report_sent"),
    # Coordinators and staff keeping centres up to date.
    path("find/manage/", views_manage.manage, name="manage"),
    path("find/manage/centres/new/", views_manage.centre_create, name="centre_create"),
    path("find/manage/centres/<slug:slug>/", views_manage.centre_edit, name="centre_edit"),
    path(
        "find/manage/centres/<slug:slug>/checked/",
        views_manage.centre_checked,
        name="centre_checked",
    ),
    path(
        "find/manage/centres/<slug:slug>/offers/new/",
        views_manage.offer_create,
        name="offer_create",
    ),
    path("find/manage/offers/<id:offer_id>/", views_manage.offer_edit, name="offer_edit"),
    path(
        "find/manage/offers/<id:offer_id>/delete/", views_manage.offer_delete, name="offer_delete"
    ),
    path(
        "find/manage/offers/<id:offer_id>/sessions/new/",
        views_manage.session_create,
        name="session_create",
    ),
    path(
        "find/manage/reports/<id:report_id>/resolve/",
        views_manage.report_resolve,
        name="report_resolve",
    ),
    # Imports.
    path("find/import/", views_imports.upload, name="import_upload"),
    path("find/import/template.csv", views_imports.template_csv, name="import_template"),
    path("find/import/<id:import_id>/", views_imports.preview, name="import_preview"),
    # Where help is missing.
    path("areas/help-missing/", views_gaps.gaps, name="gaps"),
    path("areas/help-missing.csv", views_gaps.gaps_csv, name="gaps_csv"),
    path(
        "partnerships/<slug:slug>/help-missing/",
        views_gaps.partnership_gaps,
        name="partnership_gaps",
    ),
    path(
        "partnerships/<slug:slug>/help-missing.csv",
        views_gaps.partnership_gaps_csv,
        name="partnership_gaps_csv",
    ),
]
