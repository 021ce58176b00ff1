"""Extension points where a higher app adds to a lower one without the lower one
importing it (apps depend downward only).

The Playbook asks, for example, "may people suggest changes now?" and "what
goes in a release's appendix?"; the consultations and plays apps answer by
registering functions here when they start.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_hooks: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(point: str, function: Callable[..., Any]) -> None:
    """Add ``function`` to the extension point (once)."""
    if function not in _hooks[point]:
        _hooks[point].append(function)


def collect(point: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every function registered at ``point``; the non-None answers, in order."""
    answers = (function(*args, **kwargs) for function in _hooks[point])
    return [answer for answer in answers if answer is not None]


def phase_closed_reason(kind: str, playbook: Any) -> str | None:
    """Why contributions of ``kind`` ("comment", "suggestion", "play") are closed, or None."""
    reasons = collect("phase_closed_reason", kind, playbook)
    return str(reasons[0]) if reasons else None


def require_phase_open(kind: str, playbook: Any) -> None:
    """Refuse a contribution outside an open phase, saying why."""
    reason = phase_closed_reason(kind, playbook)
    if reason:
        raise PermissionError(reason)
