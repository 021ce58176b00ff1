"""Logging filters, named in settings.LOGGING; loaded before the apps, so they import
nothing of Django's or ours."""

from __future__ import annotations

import logging


class RefusalsInOneLine(logging.Filter):
    """On ``django.request``: a refusal (403) is expected, so it is logged in one line.

    The answers of ``ldsp.core.middleware`` are logged there and marked, so Django does
    not log them again; a refusal raised before any view (in a middleware, say) reaches
    Django's own handler, which would add its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
