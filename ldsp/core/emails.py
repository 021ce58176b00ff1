"""Compose an email from three templates and queue it for the worker.

``emails/<name>_subject.txt``, ``emails/<name>.txt`` and ``emails/<name>.html``
share one context, so every message has a plain-text and an HTML part.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string

from ldsp.core.models import OutboundEmail
from ldsp.core.services import email_queue


def email_compose(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML of the message ``name``."""
    full = {"SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(_render_plain_text(f"emails/{name}_subject.txt", full).split())
    text = _render_plain_text(f"emails/{name}.txt", full)
    html = render_to_string(f"emails/{name}.html", full)
    return f"LDSP Hub: {subject}", text, html


def _render_plain_text(template_name: str, context: dict[str, Any]) -> str:
    """Plain text is not HTML, so nothing in it is escaped: an "&" in a link or in a
    partnership's name reaches the reader as "&", not "&amp;"."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return str(engine.get_template(template_name).render(Context(context, autoescape=False)))


def email_send_template(
    *, to: str, name: str, context: dict[str, Any], reply_to: str = ""
) -> OutboundEmail:
    """Compose ``name`` and queue it to one recipient (replies to ``reply_to`` if given)."""
    subject, text, html = email_compose(name, context)
    return email_queue(
        to=[to], subject=subject, body_text=text, body_html=html, reply_to=[reply_to]
    )
