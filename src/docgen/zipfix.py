"""Deterministic OOXML packages (.docx, .xlsx): python-docx and openpyxl stamp each zip
entry with the clock, so the same content would give different bytes on every run.

`normalise_zip` rewrites every entry at one fixed time, deflated, in the package's own
order (not sorted: the order is part of the bytes docgen has always written);
`rewrite_zip` edits some entries' bytes and keeps every entry's own header.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry

# what zipfile raises on a damaged, truncated or unsupported archive (a bad header, a
# compression method it lacks, an entry cut short)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError)

Edit = Callable[[str, bytes], bytes]  # (entry name, its bytes) → the bytes to write


def normalise_zip(
    data: bytes, date_time: tuple[int, ...] = FIXED_ZIP_TIME, edit: Edit | None = None
) -> bytes:
    """The package with every entry at `date_time` and deflated; `edit` may change an
    entry's bytes on the way (a fixed date in docProps/core.xml, say)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            blob = src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, edit(info.filename, blob) if edit else blob)
    return out.getvalue()


def rewrite_zip(data: bytes, edit: Edit) -> bytes:
    """The package with `edit` applied to each entry's bytes, every entry keeping its own
    header (time, compression, attributes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, edit(info.filename, src.read(info.filename)))
    return out.getvalue()
