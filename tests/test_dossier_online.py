"""`docgen dossier build --online` on the demo (江临市): the 资料评估 slot PDFs, the
评估填报 form filled from data/指标数据.xlsx, the 法规文件 metadata and the upload list,
all in the dossier's manifest."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pypdfium2 as pdfium
import pytest
import yaml
from projectkit import run_cli
from pypdf import PdfReader

from docgen.dossier import build_dossier, verify
from docgen.dossier.online import pdfs
from docgen.dossier.online.form import load_form
from docgen.dossier.online.slots import load_slots
from docgen.dossier.pages import soffice
from docgen.load.indicator_catalogue import load_catalogue

TODAY = dt.date(2026, 11, 1)
ONLINE = "线上评估"
SLOT_NAMES = [
    "爱卫会推荐报告",
    "工作汇报",
    "工作计划",
    "实施方案",
    "爱国卫生工作法规或规范性文件",
    "爱卫办机构和人员组成",
    "建成区范围、地理位置及人口",
    "经济和社会发展情况",
    "区、街道、乡镇、社区、村名单",
    "城市规划图和交通图",
    "其他相关资料",
]
CITY_ONLY = {"道路机械化清扫率", "城市管理信息化覆盖率", "窨井盖完好率", "主城区回收网点覆盖率"}
THREE_YEAR = ["居民健康素养水平", "中小学生近视率", "婴儿死亡率", "人均预期寿命"]


def data_value(demo, name: str, year: int):
    """The demo's figure as its data sheet holds it."""
    ws = openpyxl.load_workbook(demo / "data" / "指标数据.xlsx").active
    header = [c.value for c in ws[1]]
    at = {h: i for i, h in enumerate(header)}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[at["指标名称"]] == name and row[at["年度"]] == year:
            return row[at["数值"]]
    raise AssertionError(f"{name} {year} not in the demo's data sheet")


def form_rows(folder) -> list[tuple]:
    ws = openpyxl.load_workbook(folder / ONLINE / "评估填报表.xlsx").active
    return [r for r in ws.iter_rows(min_row=4, values_only=True)]


def uploads(folder) -> dict[int, tuple]:
    ws = openpyxl.load_workbook(folder / ONLINE / "上传清单.xlsx").active
    return {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}


@pytest.fixture(scope="module")
def built(module_demo):
    if soffice() is None:
        pytest.skip("未安装 LibreOffice，跳过线上评估 PDF 的测试")
    report = build_dossier(
        module_demo, output=module_demo / "out" / "online", force=True, online=True, today=TODAY
    )
    return module_demo, report


def test_every_slot_is_a_pdf_or_named_as_missing(built):
    _demo, report = built
    listed = uploads(report.folder)
    assert [listed[n][1] for n in range(1, 12)] == SLOT_NAMES
    assert listed[1][4] == "省级提供"
    for n, name in enumerate(SLOT_NAMES, start=1):
        path = report.folder / ONLINE / f"{n:02d}-{name}.pdf"
        status = listed[n][4]
        if status == "已生成":
            pages = len(PdfReader(path).pages)
            doc = pdfium.PdfDocument(path)
            assert pages == len(doc) == listed[n][3] > 0
            doc.close()
            assert PdfReader(path).outline, f"{path.name} has no bookmarks"
        else:
            assert not path.exists()
            assert status in ("缺失", "省级提供") and "dossier/" in listed[n][7]
            if status == "缺失":
                assert any(f"第 {n} 项" in note for note in report.notes)
    made = [n for n in listed if listed[n][4] == "已生成"]
    assert len(made) >= 8, listed


def test_a_generated_slot_is_pdfa_and_a_ledger_slot_holds_the_filed_documents(built):
    _demo, report = built
    listed = uploads(report.folder)
    assert listed[2][5] == "PDF/A-2b"  # 工作汇报, from the template through LibreOffice
    root = PdfReader(report.folder / ONLINE / "02-工作汇报.pdf").trailer["/Root"]
    assert "/OutputIntents" in root and "/Metadata" in root
    plans = PdfReader(report.folder / ONLINE / "03-工作计划.pdf")
    titles = [o["/Title"] for o in plans.outline if isinstance(o, dict)]
    assert any("2025年爱国卫生工作计划" in t for t in titles), titles


def test_form_has_the_data_sheets_figures_with_their_rows_and_three_years(built):
    demo, report = built
    rows = form_rows(report.folder)
    green = [r for r in rows if r[1] == "建成区绿化覆盖率"]
    assert len(green) == 1
    assert green[0][3] == 2026 and green[0][4] == data_value(demo, "建成区绿化覆盖率", 2026)
    assert green[0][5].startswith("指标数据!")
    for name in THREE_YEAR:
        mine = [r for r in rows if r[1] == name]
        assert [r[3] for r in mine] == [2024, 2025, 2026], name
        assert [r[4] for r in mine] == [data_value(demo, name, y) for y in (2024, 2025, 2026)]
    disease = [r for r in rows if r[1].startswith("甲、乙类法定传染病报告发病率")]
    assert [r[3] for r in disease[:5]] == [2022, 2023, 2024, 2025, 2026]
    values = [data_value(demo, "甲、乙类法定传染病报告发病率", y) for y in range(2022, 2027)]
    assert disease[5][4] == pytest.approx(sum(values) / 5, abs=0.01)
    assert {r[1] for r in rows} >= CITY_ONLY
    assert [r[4] for r in rows if r[1] == "鼠密度"] == ["C级"]


def test_gaps_in_the_form_are_highlighted_and_said(built):
    _demo, report = built
    ws = openpyxl.load_workbook(report.folder / ONLINE / "评估填报表.xlsx").active
    gaps = [r for r in ws.iter_rows(min_row=4) if r[4].value is None and r[1].value]
    assert gaps
    for r in gaps:
        assert r[4].fill.fgColor.rgb.endswith("FFF2CC") and r[7].value, r[1].value


def test_regulations_sheet_takes_what_the_ledger_knows_and_marks_the_rest(built):
    _demo, report = built
    ws = openpyxl.load_workbook(report.folder / ONLINE / "法规文件信息.xlsx").active
    rows = list(ws.iter_rows(min_row=4))
    assert rows
    titles = [r[3].value for r in rows]
    assert any("爱国卫生工作规划" in t for t in titles)
    for r in rows:
        assert r[5].value and r[6].value  # 发文部门 and 发文日期 from the ledger
        assert r[7].value is None and r[7].fill.fgColor.rgb.endswith("FFF2CC")


def test_verify_passes_and_catches_one_byte_changed_in_a_slot(built):
    demo, report = built
    assert verify(report.folder) == []
    manifest = (report.folder / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert f"{ONLINE}/02-工作汇报.pdf" in manifest and f"{ONLINE}/评估填报表.xlsx" in manifest
    copy = demo / "out" / "changed"
    shutil.copytree(report.folder, copy)
    slot = copy / ONLINE / "04-实施方案.pdf"
    data = bytearray(slot.read_bytes())
    data[len(data) // 2] ^= 0x01
    slot.write_bytes(bytes(data))
    problems = verify(copy)
    assert [(p.kind, p.path) for p in problems] == [("changed", f"{ONLINE}/04-实施方案.pdf")]


def test_county_form_drops_the_four_city_only_fields(demo_copy):
    catalogue = load_catalogue()
    city = {f.label for f in load_form(demo_copy, None, catalogue, "city")}
    county = {f.label for f in load_form(demo_copy, None, catalogue, "county")}
    assert city - county == CITY_ONLY | {"国家卫生县数量"}
    assert county - city == {"国家卫生乡镇数量"}
    slots = {s.no: s.title("county") for s in load_slots(demo_copy, None)}
    assert (slots[9], slots[10]) == ("街道、乡镇、社区、村名单", "辖区规划图和交通图")


def test_a_project_yaml_extends_the_slots_and_sets_year_and_mode(demo_copy):
    (demo_copy / "线上评估栏目.yaml").write_text(
        "extends: builtin\n"
        "slots:\n"
        "  - {number: 10, dossier: [区位图]}\n"
        "  - {number: 11, drop: true}\n"
        "  - {number: 12, key: extra, name: 省级补充材料, dossier: [补充材料]}\n",
        encoding="utf-8",
    )
    filed = min((demo_copy / "archive").rglob("*.pdf"))
    shutil.copyfile(filed, demo_copy / "dossier" / "区位图.pdf")
    cfg = yaml.safe_load((demo_copy / "docgen.yaml").read_text(encoding="utf-8"))
    cfg["online"] = {"mode": "复审", "year": 2025, "slots": "线上评估栏目.yaml"}
    (demo_copy / "docgen.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), "utf-8")
    report = build_dossier(
        demo_copy, output=demo_copy / "out" / "x", force=True, pdf=False, online=True, today=TODAY
    )
    listed = uploads(report.folder)
    assert sorted(listed) == [*range(1, 11), 12]
    assert listed[10][4] == "已生成" and listed[10][5] == "PDF"
    assert (report.folder / ONLINE / "10-城市规划图和交通图.pdf").is_file()
    assert listed[12][1] == "省级补充材料" and listed[12][4] == "缺失"
    assert listed[2][4] == "缺失" and "LibreOffice" in listed[2][7]  # --no-pdf
    rows = form_rows(report.folder)
    green = next(r for r in rows if r[1] == "建成区绿化覆盖率")
    assert (green[3], green[4]) == (2025, data_value(demo_copy, "建成区绿化覆盖率", 2025))
    listing = openpyxl.load_workbook(report.folder / ONLINE / "上传清单.xlsx").active
    assert "复审" in listing["A1"].value
    assert verify(report.folder) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("slots: [{number: 1, name: 甲}\n", "YAML 格式有误"),
        ("extends: builtin\nslots:\n  - {number: 3, colour: 红}\n", "无法识别的设置项：colour"),
        ("slots:\n  - {number: 0, name: 甲}\n", "应为 1–99 的整数"),
    ],
)
def test_a_bad_slot_yaml_stops_with_a_chinese_message(demo_copy, text, said):
    (demo_copy / "栏目.yaml").write_text(text, encoding="utf-8")
    cfg = (demo_copy / "docgen.yaml").read_text(encoding="utf-8")
    (demo_copy / "docgen.yaml").write_text(cfg + "\nonline:\n  slots: 栏目.yaml\n", "utf-8")
    result = run_cli("dossier", "build", str(demo_copy), "--online", "--no-pdf", "--force")
    assert result.returncode == 2
    assert said in result.stderr and "栏目.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_mode_is_refused_by_name(demo_copy):
    cfg = (demo_copy / "docgen.yaml").read_text(encoding="utf-8")
    (demo_copy / "docgen.yaml").write_text(cfg + "\nonline:\n  mode: 新建\n", "utf-8")
    result = run_cli("dossier", "build", str(demo_copy), "--online", "--no-pdf", "--force")
    assert result.returncode == 2 and "online.mode" in result.stderr


def test_the_same_slot_gives_the_same_pdfa_bytes(tmp_path):
    """LibreOffice stamps the clock and a random identifier into every PDF/A: fixed."""
    if soffice() is None:
        pytest.skip("未安装 LibreOffice")
    import io

    import docx

    doc = docx.Document()
    doc.add_paragraph("江临市创建国家卫生城市工作汇报")
    buf = io.BytesIO()
    doc.save(buf)
    runs = [pdfs.to_pdfa({"工作汇报": buf.getvalue()}, tmp_path)["工作汇报"] for _ in range(2)]
    joined = [pdfs.join([pdfs.Piece("工作汇报", r, pdfa=True)], "工作汇报") for r in runs]
    assert joined[0][0] == joined[1][0]
    assert joined[0][1:] == (1, True)
    root = PdfReader(io.BytesIO(joined[0][0])).trailer["/Root"]
    assert "/OutputIntents" in root and b"2000-01-01" in root["/Metadata"].get_object().get_data()
