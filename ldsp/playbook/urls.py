from django.urls import path

from ldsp.playbook.views import contributions, releases, sections

app_name = "playbook"

urlpatterns = [
    path("playbook/", sections.default_playbook, name="default"),
    path("playbooks/<slug:slug>/", sections.contents, name="contents"),
    path("playbooks/<slug:slug>/current.md", sections.current_markdown_download, name="current_md"),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/",
        sections.section_page,
        name="section",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/history/",
        sections.history,
        name="history",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/compare/",
        sections.compare,
        name="compare",
    ),
    path("playbooks/<slug:slug>/sections/<slug:section_slug>/edit/", sections.edit, name="edit"),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/revert/<id:number>/",
        sections.revert,
        name="revert",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/suggest/",
        contributions.suggest,
        name="suggest",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/suggest/passage/",
        contributions.suggest_passage,
        name="suggest_passage",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/comments/",
        contributions.comment_create,
        name="comment_create",
    ),
    path(
        "playbooks/<slug:slug>/sections/<slug:section_slug>/follow/",
        contributions.follow,
        name="follow",
    ),
    path("suggestions/review/", contributions.review_queue, name="review_queue"),
    path("suggestions/<id:suggestion_id>/", contributions.suggestion_page, name="suggestion"),
    path(
        "suggestions/<id:suggestion_id>/endorse/",
        contributions.suggestion_endorse,
        name="suggestion_endorse",
    ),
    path(
        "suggestions/<id:suggestion_id>/discuss/",
        contributions.suggestion_discuss,
        name="suggestion_discuss",
    ),
    path(
        "suggestions/<id:suggestion_id>/withdraw/",
        contributions.suggestion_withdraw,
        name="suggestion_withdraw",
    ),
    path(
        "suggestions/<id:suggestion_id>/accept/",
        contributions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "suggestions/<id:suggestion_id>/reject/",
        contributions.suggestion_reject,
        name="suggestion_reject",
    ),
    path(
        "suggestions/<id:suggestion_id>/resolve/",
        contributions.suggestion_resolve,
        name="suggestion_resolve",
    ),
    path("comments/<id:comment_id>/reply/", contributions.comment_reply, name="comment_reply"),
    path("comments/<id:comment_id>/state/", contributions.comment_state, name="comment_state"),
    path("comments/<id:comment_id>/hide/", contributions.comment_hide, name="comment_hide"),
    path("unfollow/<str:token>/", contributions.unfollow_link, name="unfollow"),
    path("playbooks/<slug:slug>/releases/", releases.release_list, name="releases"),
    path("playbooks/<slug:slug>/releases/new/", releases.release_new, name="release_new"),
    path(
        "playbooks/<slug:slug>/releases/compare/", releases.release_compare, name="release_compare"
    ),
    path(
        "playbooks/<slug:slug>/releases/<str:number>.md",
        releases.release_markdown_download,
        name="release_md",
    ),
    path(
        "playbooks/<slug:slug>/releases/<str:number>.html",
        releases.release_html_download,
        name="release_html",
    ),
    path(
        "playbooks/<slug:slug>/releases/<str:number>.pdf",
        releases.release_pdf_download,
        name="release_pdf",
    ),
    path("playbooks/<slug:slug>/releases/<str:number>/", releases.release_page, name="release"),
]
