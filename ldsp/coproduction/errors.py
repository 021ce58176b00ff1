"""How co-production says no."""

from __future__ import annotations

from ldsp.playbook.services.common import PlaybookError


class ContributionError(PlaybookError):
    """A suggestion, comment or follow that cannot be made as asked; the message says why.

    It is a ``PlaybookError`` (and so a ``core.errors.Refused``): to the people
    taking part, a contribution is a change to the Playbook.
    """
