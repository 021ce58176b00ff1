"""Pages for taking part. The addresses sit beside the Playbook's, as they always have."""

from django.urls import path

from ldsp.coproduction.views import comments, suggestions

app_name = "coproduction"

urlpatterns = [
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/suggest/",
        suggestions.suggest,
        name="suggest",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/suggest/passage/",
        suggestions.suggest_passage,
        name="suggest_passage",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/comments/",
        comments.comment_create,
        name="comment_create",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/follow/",
        comments.follow,
        name="follow",
    ),
    path("suggestions/review/", suggestions.review_queue, name="review_queue"),
    path("suggestions/<id:suggestion_id>/", suggestions.suggestion_page, name="suggestion"),
    path(
        "suggestions/<id:suggestion_id>/endorse/",
        suggestions.suggestion_endorse,
        name="suggestion_endorse",
    ),
    path(
        "suggestions/<id:suggestion_id>/discuss/",
        suggestions.suggestion_discuss,
        name="suggestion_discuss",
    ),
    path(
        "suggestions/<id:suggestion_id>/withdraw/",
        suggestions.suggestion_withdraw,
        name="suggestion_withdraw",
    ),
    path(
        "suggestions/<id:suggestion_id>/accept/",
        suggestions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "suggestions/<id:suggestion_id>/reject/",
        suggestions.suggestion_reject,
        name="suggestion_reject",
    ),
    path(
        "suggestions/<id:suggestion_id>/resolve/",
        suggestions.suggestion_resolve,
        name="suggestion_resolve",
    ),
    path("comments/<id:comment_id>/reply/", comments.comment_reply, name="comment_reply"),
    path("comments/<id:comment_id>/state/", comments.comment_state, name="comment_state"),
    path("comments/<id:comment_id>/hide/", comments.comment_hide, name="comment_hide"),
    path("unfollow/<str:token>/", comments.unfollow_link, name="unfollow"),
]
