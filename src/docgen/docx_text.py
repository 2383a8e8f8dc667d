"""Reading the text of a .docx's WordprocessingML: the paragraphs of a body, header or
footer in document order (table cells included), and a paragraph's text.

The XML is parsed without DTDs, entities or network access (PARSER): a document is
project input, and docgen trusts nothing in the project folder.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

# elements that only wrap paragraphs and tables: content controls, custom XML, insertions
_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins")


def paragraph_text(p: etree._Element, breaks: bool = False) -> str:
    """The text of a w:p: its w:t in order. With `breaks`, a tab reads as a space and a
    line break (w:br, w:cr) as a newline, as text extraction wants."""
    if not breaks:
        return "".join(t.text or "" for t in p.iter(f"{W}t"))
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        else:
            parts.append(" " if el.tag == f"{W}tab" else "\n")
    return "".join(parts)


def iter_paragraphs(
    container: etree._Element, in_table: bool = False
) -> Iterator[tuple[etree._Element, bool]]:
    """(w:p, whether it is in a table) for the container's paragraphs in document order:
    a table's cells row by row, nested tables and content controls included."""
    for child in container:
        if child.tag == f"{W}p":
            yield child, in_table
        elif child.tag == f"{W}tbl":
            for cell in child.iterfind(f"{W}tr/{W}tc"):
                yield from iter_paragraphs(cell, in_table=True)
        elif child.tag in _WRAPPERS:
            yield from iter_paragraphs(child, in_table)
