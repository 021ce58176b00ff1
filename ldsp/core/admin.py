from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ldsp.core import services
from ldsp.core.models import AuditEvent, FeedbackMessage, OutboundEmail


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Staff look, never change: history and decisions are written by services, which check
    permissions and keep the audit trail."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["resend"]

    @admin.action(description="Send the selected emails again")
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        for email in queryset:
            services.email_retry(actor=request.user, email=email)  # type: ignore[arg-type]
        self.message_user(request, f"{queryset.count()} emails queued again.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "actor", "verb", "summary"]
    list_filter = ["verb"]
    search_fields = ["summary", "reason", "actor__email", "target_id"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]


@admin.register(FeedbackMessage)
class FeedbackMessageAdmin(ReadOnlyModelAdmin):
    """Feedback from the Beta banner: staff read it; nobody changes it."""

    list_display = ["created_at", "page", "message_start", "email"]
    search_fields = ["page", "message"]
    readonly_fields = [field.name for field in FeedbackMessage._meta.fields]
    date_hierarchy = "created_at"

    @admin.display(description="message")
    def message_start(self, feedback: FeedbackMessage) -> str:
        return feedback.message if len(feedback.message) <= 120 else feedback.message[:119] + "…"
