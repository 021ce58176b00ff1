from django.urls import path

from ldsp.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.directory, name="directory"),
    path("partnerships.csv", views.directory_csv, name="directory_csv"),
    path("partnerships/<slug:slug>/", views.partnership_page, name="partnership"),
    path("partnerships/<slug:slug>/contact/", views.partnership_contact, name="contact"),
    path(
        "partnerships/<slug:slug>/contact/sent/",
        views.partnership_contact_sent,
        name="contact_sent",
    ),
    path("partnerships/<slug:slug>/edit/", views.partnership_edit, name="edit"),
    path("partnerships/<slug:slug>/join/", views.join, name="join"),
    path("partnerships/<slug:slug>/join-requests/", views.join_requests, name="join_requests"),
    path(
        "partnerships/<slug:slug>/join-requests/<id:request_id>/",
        views.join_request_decide,
        name="join_request",
    ),
    path(
        "partnerships/<slug:slug>/pledges/<id:pledge_id>/",
        views.pledge_progress,
        name="pledge",
    ),
    path("partnerships/<slug:slug>/pledges/new/", views.pledge_new, name="pledge_new"),
    path("partnerships/<slug:slug>/goals/new/", views.goal_new, name="goal_new"),
    path("organisations/<slug:slug>/", views.organisation_page, name="organisation"),
    path("areas/", views.coverage, name="coverage"),
]
