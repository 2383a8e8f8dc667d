"""format.unreadable: a file the checks cannot read (not a .docx, damaged, too large, a
link out of the folder, a worker out of time or memory)."""

from __future__ import annotations

from ...catalogue import make
from ...findings import Finding

FIXED_LAYOUT = {"ofd": "OFD", "pdf": "PDF"}


def unreadable(path: str, reason: str) -> Finding:
    """The one finding for a file that cannot be checked; `reason` says why in Chinese."""
    return make("format.unreadable", file=path, value=reason, expected=".docx")


def fixed_layout(path: str, detected: str) -> Finding:
    """An OFD or PDF: a page already laid out, whose Word formatting is gone."""
    what = FIXED_LAYOUT[detected]
    return make(
        "format.unreadable", "fixed-layout", file=path, what=what, value=what, expected=".docx"
    )
