"""How allauth fits LDSP Hub: new people get roles, email goes through the worker."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from ldsp.accounts import services
from ldsp.core.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth adapter: sets up each new account and queues its email."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown when password sign-in, or emailing codes, to one address is paused.
        "too_many_login_attempts": (
            "There have been too many attempts to sign in with this email address. "
            "Wait a few minutes, then try again."
        ),
    }

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.user_setup_new(user=user)
        return user

    def generate_unique_username(self, txts: list[str | None], regex: str | None = None) -> str:
        """A username that says nothing about the person (allauth would make it from the
        email address)."""
        return services.username_new()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message as usual, then queue it instead of sending inline.

        Sending from the request would lose the email if the mail server were
        down; the queue retries it.
        """
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        email_queue(
            to=list(message.to), subject=message.subject, body_text=message.body, body_html=html
        )
