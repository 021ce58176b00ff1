"""The one vocabulary every service uses to say no.

A service either cannot do what was asked with the input given (``Refused``: a
400 with the reason, or the reason beside the form field) or the person asking
may not do it at all (``NotAllowed``: a 403). Pages and the API map these in
one place each, so no view has to remember to.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """A write that cannot be carried out as asked; the message says why, in plain English."""


class NotAllowed(PermissionDenied, PermissionError):
    """The person asking may not do this. Django answers it with a 403 page and the API
    with a 403 ``{"detail": …}``; it is also a ``PermissionError`` for callers that
    catch the standard exception."""
