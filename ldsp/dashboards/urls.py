from django.urls import path

from ldsp.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.home, name="home"),
    path("dashboard/<slug:kind>/", views.yours, name="yours"),
]
