from django.urls import path

from ldsp.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("data-and-licences/", views.data_licence, name="data_licence"),
    path("healthz", views.healthz, name="healthz"),
]
