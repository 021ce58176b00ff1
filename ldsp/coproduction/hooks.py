"""What co-production does when the Playbook announces something (see ``core.extensions``)."""

from __future__ import annotations

from django.db import transaction

from ldsp.coproduction.services.comments import comments_reanchor
from ldsp.coproduction.services.follows import notify_section_changed
from ldsp.playbook.models import Revision, Section


def revision_written(*, section: Section, revision: Revision) -> None:
    """Place open comments in the new text now; tell followers once it is saved."""
    comments_reanchor(section, revision)
    transaction.on_commit(lambda: notify_section_changed(section, revision))
