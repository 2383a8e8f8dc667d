"""The one docx text walker: paragraphs and table cells in document order (docx_text)."""

from lxml import etree

from docgen.docx_text import PARSER, iter_paragraphs, paragraph_text

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = f"""<w:body {NS}>
<w:p><w:r><w:t>一、</w:t><w:t>总体要求</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>时限</w:t><w:tab/><w:t>11月</w:t><w:br/><w:t>底</w:t></w:r></w:p></w:tc>
</w:tr></w:tbl>
<w:sdt><w:sdtContent><w:p><w:r><w:t>落款</w:t></w:r></w:p></w:sdtContent></w:sdt>
</w:body>"""


def test_paragraphs_in_document_order_with_table_cells():
    body = etree.fromstring(BODY.encode(), PARSER)
    found = [(paragraph_text(p), in_table) for p, in_table in iter_paragraphs(body)]
    assert found == [("一、总体要求", False), ("单位", True), ("时限11月底", True), ("落款", False)]


def test_breaks_read_as_space_and_newline_when_asked():
    body = etree.fromstring(BODY.encode(), PARSER)
    cell = [p for p, _ in iter_paragraphs(body)][2]
    assert paragraph_text(cell, breaks=True) == "时限 11月\n底"
