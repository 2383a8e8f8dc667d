"""`python -m docgen.demo.legacy_doc`: regenerate the demo's legacy Word file,
src/docgen/demo/assets/legacy.doc, with LibreOffice.

The demo files one document (a 简报) as a Word 97–2003 .doc, as older offices still
send them. Only LibreOffice writes that format here, and the demo must build
without it, so the file is made once from the document's .docx and shipped as a
package asset. Run this after changing that document's text or title.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from . import demo_plan
from .files import docx_bytes
from .formats import LEGACY_DOC

ASSET = Path(__file__).resolve().parent / "assets" / LEGACY_DOC


def legacy_source() -> tuple[str, bytes]:
    """The planned .doc document's title and its .docx bytes."""
    (doc,) = [d for d in demo_plan().docs if d.content == "legacy"]
    return doc.title, docx_bytes(doc)


def main() -> int:
    from ..render import pdf

    soffice = pdf.soffice_path()
    if soffice is None:
        print("需要 LibreOffice（soffice）才能生成 .doc 文件。", file=sys.stderr)
        return 2
    title, data = legacy_source()
    with tempfile.TemporaryDirectory(prefix="docgen-legacy-") as tmp:
        work = Path(tmp)
        source = work / "in" / "legacy.docx"
        source.parent.mkdir()
        source.write_bytes(data)
        pdf._convert(soffice, [source], work, to="doc:MS Word 97")
        ASSET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "out" / "legacy.doc", ASSET)
    print(f"已生成 {ASSET}（{title}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
