from django.urls import path

from ldsp.plays import views

app_name = "plays"

urlpatterns = [
    path("plays/", views.play_list, name="list"),
    path("plays/submit/", views.submit, name="submit"),
    path("plays/moderation/", views.moderation_queue, name="moderation"),
    path("plays/<id:play_id>/edit/", views.edit, name="edit"),
    path("plays/<id:play_id>/moderate/", views.moderate, name="moderate"),
    path("plays/<slug:slug>/", views.play_page, name="play"),
]
