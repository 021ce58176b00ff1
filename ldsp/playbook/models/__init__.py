"""The Playbook's data: playbooks, sections, their immutable revisions, and releases."""

from ldsp.playbook.models.document import (
    ImmutableRowError,
    Playbook,
    Release,
    ReleaseEntry,
    ReleaseExport,
    Revision,
    Section,
    SectionQuerySet,
)

__all__ = [
    "ImmutableRowError",
    "Playbook",
    "Release",
    "ReleaseEntry",
    "ReleaseExport",
    "Revision",
    "Section",
    "SectionQuerySet",
]
