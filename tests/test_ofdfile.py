"""demo/ofdfile.write_ofd: a minimal OFD whose parts name each other as GB/T 33190 says."""

import xml.etree.ElementTree as ET
import zipfile

from docgen.demo.ofdfile import NS, write_ofd

Q = {"ofd": NS}


def test_write_ofd_is_a_linked_ofd_with_the_text_and_same_bytes(tmp_path):
    pages = [["关于开展爱国卫生月活动的通知", "病媒生物密度控制水平达标率为95.8%"], ["第二页"]]
    write_ofd(tmp_path / "a.ofd", pages, title="通知")
    write_ofd(tmp_path / "b.ofd", pages, title="通知")
    assert (tmp_path / "a.ofd").read_bytes() == (tmp_path / "b.ofd").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.ofd") as zf:
        root = ET.fromstring(zf.read("OFD.xml"))
        doc_root = root.find("ofd:DocBody/ofd:DocRoot", Q).text
        document = ET.fromstring(zf.read(doc_root))
        bases = [p.get("BaseLoc") for p in document.findall("ofd:Pages/ofd:Page", Q)]
        texts = [
            [t.text for t in ET.fromstring(zf.read(f"Doc_0/{b}")).iter(f"{{{NS}}}TextCode")]
            for b in bases
        ]
        assert zf.read("Doc_0/PublicRes.xml").decode().count("<ofd:Font ") == 1
    assert texts == pages
    assert root.find("ofd:DocBody/ofd:DocInfo/ofd:Title", Q).text == "通知"
