"""The one zip normaliser: same content, same bytes (docgen.zipfix)."""

import io
import time
import zipfile

from docgen.zipfix import FIXED_ZIP_TIME, normalise_zip, rewrite_zip


def _package(stamp: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=stamp), text)
    return out.getvalue()


def test_normalise_zip_gives_identical_bytes_twice():
    first = _package((2026, 11, 23, 9, 30, 0))
    time.sleep(0.01)
    second = _package((2027, 1, 5, 18, 0, 2))
    assert first != second
    assert normalise_zip(first) == normalise_zip(second) == normalise_zip(normalise_zip(first))
    with zipfile.ZipFile(io.BytesIO(normalise_zip(first))) as z:
        assert [i.date_time for i in z.infolist()] == [FIXED_ZIP_TIME] * 2
        assert z.namelist() == ["[Content_Types].xml", "word/document.xml"]  # order kept


def test_edits_reach_only_the_entries_they_name():
    def edit(name: str, blob: bytes) -> bytes:
        return b"<x/>" if name == "word/document.xml" else blob

    for data in (
        normalise_zip(_package((2026, 1, 1, 0, 0, 0)), edit=edit),
        rewrite_zip(_package((2026, 1, 1, 0, 0, 0)), edit),
    ):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.read("word/document.xml") == b"<x/>"
            assert z.read("[Content_Types].xml") == b"<Types/>"
