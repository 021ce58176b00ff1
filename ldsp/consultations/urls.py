from django.urls import path

from ldsp.consultations import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.round_list, name="list"),
    path("consultations/<slug:slug>/", views.round_page, name="round"),
    path("consultations/<slug:slug>/close/", views.round_close, name="close"),
    path("consultations/<slug:slug>/report/", views.report, name="report"),
    path("consultations/<slug:slug>/report.csv", views.report_csv, name="report_csv"),
]
