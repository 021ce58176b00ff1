from django.urls import path

from ldsp.playbook.views import releases, sections

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
    path(
        "playbooks/<slug:slug>/releases/<str:number>/sections/<slug:section_slug>/",
        releases.release_section_page,
        name="release_section",
    ),
]
