"""The feedback pages: the form the Beta banner links to, and its thank-you page."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core.feedback import FeedbackForm, feedback_page_path, feedback_send
from ldsp.core.formpages import form_page


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """Anyone tells the team what they think; the page they came from goes with it."""
    host = request.get_host()
    came_from = request.GET.get("page") or request.headers.get("Referer", "")

    def send(data: dict[str, Any]) -> HttpResponse:
        feedback_send(
            actor=request.user,  # type: ignore[arg-type]
            address=get_adapter(request).get_client_ip(request),
            **data,
        )
        return redirect("core:feedback_sent")

    return form_page(
        request,
        FeedbackForm,
        "core/feedback.html",
        {},
        send,
        initial={"page": feedback_page_path(came_from, host=host)},
        form_kwargs={"host": host},
    )


@require_GET
def feedback_sent(request: HttpRequest) -> HttpResponse:
    """Thank you, and what happens to the feedback."""
    return render(request, "core/feedback_sent.html")
