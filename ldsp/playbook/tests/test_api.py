from __future__ import annotations

from django.test import Client

from conftest import Persona
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.releases import release_publish


def test_playbooks_sections_revisions_and_releases_are_public(
    editor: Persona, playbook: Playbook
) -> None:
    release_publish(actor=editor.user, playbook=playbook, number="0.1", label="Draft")
    client = Client()
    listing = client.get("/api/v1/playbooks").json()
    assert listing["items"][0]["slug"] == playbook.slug
    sections = client.get(f"/api/v1/playbooks/{playbook.slug}/sections?page_size=100").json()
    assert sections["count"] == 8
    assert sections["items"][1]["chapter"] == "chapter-1"
    section = client.get(f"/api/v1/playbooks/{playbook.slug}/sections/section-1").json()
    assert section["title"] == "Section 1" and section["revision"] == 1
    revisions = client.get(f"/api/v1/playbooks/{playbook.slug}/sections/section-1/revisions").json()
    assert revisions["items"][0]["number"] == 1 and "body_html" in revisions["items"][0]
    release = client.get(f"/api/v1/playbooks/{playbook.slug}/releases/0.1").json()
    assert release["label"] == "Draft"
    markdown = client.get(f"/api/v1/playbooks/{playbook.slug}/releases/0.1/markdown")
    assert "# Chapter 1" in markdown.content.decode()


def test_missing_things_are_json_404s(db: None) -> None:
    response = Client().get("/api/v1/playbooks/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
