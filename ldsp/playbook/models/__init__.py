"""The Playbook's data: the document itself, and the contributions people make to it."""

from ldsp.playbook.models.contributions import (
    Comment,
    Endorsement,
    Follow,
    Suggestion,
    SuggestionMessage,
)
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
    "Comment",
    "Endorsement",
    "Follow",
    "ImmutableRowError",
    "Playbook",
    "Release",
    "ReleaseEntry",
    "ReleaseExport",
    "Revision",
    "Section",
    "SectionQuerySet",
    "Suggestion",
    "SuggestionMessage",
]
