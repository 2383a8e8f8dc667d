"""The hostile cases that attack the data workbooks (指标数据, 成员单位, 问题清单)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hostile_base import (
    INDICATORS,
    PROBLEMS,
    UNITS,
    Case,
    _data_book,
    _data_bytes,
    _fifo_data,
    _half,
    _long,
    refused,
)
from projectkit import (
    write_book,
)

from docgen.scaffold import PROBLEM_HEADER


def _data_values(root: Path) -> None:
    write_book(
        root / INDICATORS,
        [
            ["指标名称", "年度", "数值", "单位", "来源"],
            ["生活垃圾无害化处理率", 2025, "很高", "%", None],
            ["生活垃圾无害化处理率", "二〇二五", 100, "%", None],
            ["生活垃圾无害化处理率", -2025, 1e308, "%", None],
            ["生活垃圾无害化处理率", 2025, -1e308, "万%", None],
            ["建成区绿化覆盖率", 2025, "NaN", "%", None],
            ["建成区绿地率", 2025, "inf", "%", None],
            ["建成区绿地率", 2025, "-Infinity", "%", None],
            ["城市污水处理率", 2025, "1e309", "%", None],
            ["城市污水处理率", 99999, 1e-308, "%", None],
            ["城市污水处理率", 2025.5, "１２.５", "％", None],
            ["人均公园绿地面积", 0, 1e308, "万平方米", None],
            ["人均公园绿地面积", 2025, 1e308, "平方千米", None],
            ["病媒生物密度控制水平", 2025, "C级", "级", None],
            ["=1+1", "=2025", "=1", "=%", "=cmd"],
            [_long(), 2025, _long(), _long(), _long()],
        ],
    )
    write_book(
        root / PROBLEMS,
        [
            list(PROBLEM_HEADER),
            [
                "W1",
                "垃圾",
                "路",
                "暗访",
                "示例市城市管理局",
                "下旬",
                "2025年4月下旬",
                "整改中",
                None,
            ],
            ["W2", "垃圾", "路", "外星", "不存在的单位", 1e308, -5, "已整改", "NaN"],
            [
                "W3",
                "垃圾",
                "路",
                "暗访",
                "城管局",
                dt.datetime(9999, 12, 31),
                dt.datetime(1900, 1, 1),
                "未整改",
                0,
            ],
            ["W4", "垃圾", "路", "暗访", "城管局", "2025-13-45", "20250231", "已销号", "99999999"],
            ["W5", "垃圾", "路", "暗访", "城管局", 2958465.9, 60, "未整改", "2025/02/30"],
            ["W6", None, None, None, None, None, None, None, None],
            ["W7", _long(), _long(), _long(), _long(), _long(), _long(), _long(), _long()],
        ],
    )
    write_book(
        root / UNITS,
        [
            ["单位名称", "简称", "联系人", "电话"],
            ["示例市城市管理局", "城管局," * 20_000, "=1", "+86"],
            [12345, 1e308, None, None],
            ["   ", "城管局", None, None],
        ],
    )


DATA_CASES: list[Case] = [
    # ------------------------------------------------ data workbooks
    refused("indicators-truncated", _data_bytes(INDICATORS, _half), "指标数据.xlsx"),
    refused(
        "units-csv-renamed",
        _data_bytes(UNITS, "单位名称,简称\n城管局,城管\n".encode("gbk")),
        "成员单位.xlsx",
    ),
    refused("problems-truncated", _data_bytes(PROBLEMS, _half), "问题清单.xlsx"),
    refused(
        "problems-missing-columns",
        _data_book(PROBLEMS, [["编号", "说明"], ["W1", "x"]]),
        "问题清单.xlsx",
    ),
    refused(
        "indicators-missing-columns", _data_book(INDICATORS, [["年度"], [2025]]), "指标数据.xlsx"
    ),
    refused("units-zero-bytes", _data_bytes(UNITS, b""), "成员单位.xlsx"),
    refused("data-is-fifo", _fifo_data, "指标数据.xlsx"),
    Case("data-hostile-values", _data_values, finding=("data.date-order", None)),
]
