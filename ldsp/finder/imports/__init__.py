"""Importing centres from a file: the CSV template or Open Referral UK JSON.

``import_preview`` reads and checks a file and stores what importing it would do,
row by row, writing nothing else; ``import_confirm`` writes it, all or nothing, in
one transaction. The same file imported again changes nothing.
"""

from __future__ import annotations

from ldsp.finder.imports.apply import (
    import_confirm,
    import_preview,
    may_import,
    may_see_import,
)
from ldsp.finder.imports.rows import MAX_BYTES, MAX_ROWS, ImportFileRefused

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportFileRefused",
    "import_confirm",
    "import_preview",
    "may_import",
    "may_see_import",
]
