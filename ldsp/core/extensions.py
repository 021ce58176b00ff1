"""Extension points where a higher app adds to a lower one without the lower one
importing it (apps depend downward only).

The Playbook asks, for example, "may people suggest changes now?" and "what
goes in a release's appendix?", and announces "a revision was written"; the
co-production, consultations and plays apps answer by registering functions
here when they start (in their ``AppConfig.ready``).

The points in use:

- ``revision_written(section, revision)``: inside the transaction that wrote it.
- ``phase_closed_reason(kind, playbook)``: why a kind of input is closed, or None.
- ``playbook_notices(playbook)``: banners for the contents and section pages.
- ``round_windows()``, ``round_contributions(round)``: consultation rounds.
- ``release_appendix(release)``: extra chapters for release pages and exports.
- ``search_results(terms, page_number)``: each app's results for the site search, as
  context for the results page.
- ``home_figures()``: the network's headline figures for the home page (partnerships).
- ``contribution_arrived(kind, item)``: announced by co-production and plays, inside the
  transaction that saved a new suggestion (``kind`` "suggestion") or play ("play"); the
  dashboards queue the editors' digest.
- ``navigation_counts(user)``: asked on every page for a signed-in person; each answer
  is a dict from a navigation link's address to a number to show beside it ("Review
  (3)"), or None. Answers are read fresh on every page, never cached, so each should
  cost at most one COUNT query, and nothing for people it does not concern.
- ``partnership_panels(partnership)``, ``coverage_panels()``: sections a higher app
  adds to a partnership's page and to the coverage page (/areas/), such as the
  finder's "where help is missing"; each answer is HTML the answering app rendered
  from its own template (a ``SafeString``), or None. Both pages are cached for
  visitors under the content version, so an answer must only change with content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString

from ldsp.core.errors import NotAllowed

_hooks: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(point: str, function: Callable[..., Any]) -> None:
    """Add ``function`` to the extension point (once)."""
    if function not in _hooks[point]:
        _hooks[point].append(function)


def collect(point: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every function registered at ``point``; the non-None answers, in order."""
    answers = (function(*args, **kwargs) for function in _hooks[point])
    return [answer for answer in answers if answer is not None]


def announce(point: str, *args: Any, **kwargs: Any) -> None:
    """Tell every function registered at ``point`` that something happened."""
    for function in _hooks[point]:
        function(*args, **kwargs)


def phase_closed_reason(kind: str, playbook: Any) -> str | None:
    """Why contributions of ``kind`` ("comment", "suggestion", "play") are closed, or None."""
    reasons = collect("phase_closed_reason", kind, playbook)
    return str(reasons[0]) if reasons else None


def navigation_counts(user: Any) -> dict[str, int]:
    """The numbers to show beside navigation links, by the link's address."""
    counts: dict[str, int] = {}
    for answer in collect("navigation_counts", user):
        counts.update(answer)
    return counts


def panels(point: str, *args: Any) -> SafeString:
    """The HTML sections every app registered at ``point`` adds to a page, in order."""
    return SafeString("".join(str(panel) for panel in collect(point, *args)))


def require_phase_open(kind: str, playbook: Any) -> None:
    """Refuse a contribution outside an open phase, saying why."""
    reason = phase_closed_reason(kind, playbook)
    if reason:
        raise NotAllowed(reason)
