from django.urls import path

from ldsp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/new/", views.token_created, name="token_created"),
    path("profile/tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
