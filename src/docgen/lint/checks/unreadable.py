"""format.unreadable: a file the checks cannot read (not a .docx, damaged, too large, a
link out of the folder, a worker out of time or memory)."""

from __future__ import annotations

from ...catalogue import make
from ...findings import Finding


def unreadable(path: str, reason: str) -> Finding:
    """The one finding for a file that cannot be checked; `reason` says why in Chinese."""
    return make("format.unreadable", file=path, value=reason, expected=".docx")
