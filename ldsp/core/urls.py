from django.urls import path

from ldsp.core import feedback_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("data-and-licences/", views.data_licence, name="data_licence"),
    path("healthz", views.healthz, name="healthz"),
    path("feedback/", feedback_views.feedback, name="feedback"),
    path("feedback/sent/", feedback_views.feedback_sent, name="feedback_sent"),
]
