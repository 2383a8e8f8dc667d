"""The hostile cases that attack docgen.yaml and the guide files it names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hostile_base import (
    GOOD_CONFIG,
    Case,
    _config_text,
    _fifo_guide,
    _guide_file,
    edit_config,
    mkfifo,
)
from hostile_bytes import (
    YAML_BOMB,
    yaml_bomb_config,
)


def _guide_directory(root: Path) -> None:
    (root / "guides" / "my.yaml").mkdir(parents=True)
    edit_config(root, guide="guides/my.yaml")


def _guide_self(root: Path) -> None:
    _guide_file("id: my\nextends: my.yaml\nsections: [{code: '01', name: x}]\n")(root)


def _guide_cycle(root: Path) -> None:
    (root / "guides").mkdir(exist_ok=True)
    (root / "guides" / "b.yaml").write_text("id: b\nextends: ./my.yaml\n", encoding="utf-8")
    _guide_file("id: my\nextends: b.yaml\n")(root)


def _guide_bomb(root: Path) -> None:
    body = YAML_BOMB.replace("\n", "\n  ").rstrip() + "\n"
    _guide_file(
        "id: my\nextends: national-city-2021\nnote:\n  "
        + body
        + "sections:\n  - code: '01'\n    items:\n      - {code: '1.1', note: *i}\n"
    )(root)


def _guide_chain(root: Path) -> None:
    """50 guides, each extending the next: a chain, not a loop, but no end in sight."""
    folder = root / "guides"
    folder.mkdir(exist_ok=True)
    for n in range(50):
        (folder / f"g{n}.yaml").write_text(f"id: g{n}\nextends: g{n + 1}.yaml\n", encoding="utf-8")
    (folder / "g50.yaml").write_text("id: g50\nextends: national-city-2021\n", encoding="utf-8")
    edit_config(root, guide="guides/g0.yaml")


def _dot_dot_config_paths(root: Path) -> None:
    edit_config(root, paths={"archive": "/", "ledger": "../../../etc/passwd"})


def _dev_zero(key: str) -> Callable[[Path], None]:
    return lambda root: edit_config(root, paths={key: "/dev/zero"})


YAML_CASES: list[Case] = [
    # ------------------------------------------------ docgen.yaml
    Case(
        "yaml-syntax",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: [national")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-tab-indent",
        _config_text("city:\n\tname: 示例市\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-city-3",
        _config_text(
            GOOD_CONFIG.replace(
                "city: {name: 示例市, level: city, province: 示例省, fonds: J012}", "city: 3"
            )
        ),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-years-mapping",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: {a: 1}")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-years-far",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: '9999-9999'")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-years-zero",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: '0000-0001'")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-guide-list",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: [1]")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-paths-string",
        _config_text(GOOD_CONFIG + "paths: x\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-paths-ledger-5",
        _config_text(GOOD_CONFIG + "paths: {ledger: 5}\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-paths-sheets-mapping",
        _config_text(GOOD_CONFIG + "paths: {ledger_sheets: {a: 1}}\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-unknown-keys",
        _config_text(GOOD_CONFIG + "yeras: [2025]\n"),
        refuse="yeras",
        formats=("table",),
    ),
    Case(
        "yaml-city-unknown-types",
        _config_text(
            GOOD_CONFIG.replace(
                "city: {name: 示例市, level: city, province: 示例省, fonds: J012}",
                "city: {name: [示例市], level: {a: 1}, fonds: [1, 2]}",
            )
        ),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case("yaml-not-mapping", _config_text("- a\n- b\n"), refuse="docgen.yaml", formats=("table",)),
    Case(
        "yaml-python-tag",
        _config_text("city: !!python/object/apply:os.system ['echo hi']\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-bomb-top",
        _config_text(YAML_BOMB + GOOD_CONFIG),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-bomb-province",
        _config_text(yaml_bomb_config("province")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-bomb-years",
        _config_text(yaml_bomb_config("years")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-recursive-alias",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: &y [2025, *y]")),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-deep-nesting",
        _config_text(GOOD_CONFIG + "x: " + "[" * 5000 + "]" * 5000 + "\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-huge-file",
        lambda r: (r / "docgen.yaml").write_bytes((GOOD_CONFIG + "# " + "注" * 200_000).encode()),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case("yaml-gbk", _config_text(GOOD_CONFIG, "gbk"), refuse="docgen.yaml", formats=("table",)),
    Case(
        "yaml-invalid-utf8",
        lambda r: (r / "docgen.yaml").write_bytes(GOOD_CONFIG.encode() + b"\xff\xfe"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-utf16", _config_text(GOOD_CONFIG, "utf-16"), refuse="docgen.yaml", formats=("table",)
    ),
    Case("yaml-empty", _config_text(""), refuse="docgen.yaml", formats=("table",)),
    Case(
        "yaml-is-fifo",
        lambda r: mkfifo(r / "docgen.yaml"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-paths-leave-project", _dot_dot_config_paths, refuse="docgen.yaml", formats=("table",)
    ),
    Case("yaml-ledger-dev-zero", _dev_zero("ledger"), refuse="docgen.yaml", formats=("table",)),
    Case(
        "yaml-indicators-dev-zero",
        _dev_zero("indicators"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-guide-nul",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", 'guide: "my\\0.yaml"')),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-guide-5000-chars",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: " + "g" * 5000)),
        refuse="建档指引",
        formats=("table",),
    ),
    Case(
        "yaml-ledger-long-name",
        _config_text(GOOD_CONFIG + "paths: {ledger: ledger/" + "长" * 300 + ".xlsx}\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-archive-long-path",
        _config_text(GOOD_CONFIG + "paths: {archive: " + "/".join(["a" * 200] * 30) + "}\n"),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-paths-nul",
        _config_text(GOOD_CONFIG + 'paths: {archive: "arch\\0ive"}\n'),
        refuse="docgen.yaml",
        formats=("table",),
    ),
    Case(
        "yaml-years-huge-list",
        _config_text(
            GOOD_CONFIG.replace("years: [2025]", "years: [" + ", ".join(["2025"] * 5_000) + "]")
        ),
        finding=("completeness.missing", None),
        formats=("json",),
    ),
    Case("guide-extends-chain", _guide_chain, refuse="yaml", formats=("table",)),
    Case("guide-is-directory", _guide_directory, refuse="my.yaml", formats=("table",)),
    Case("guide-is-fifo", _fifo_guide, refuse="my.yaml", formats=("table",)),
    Case("guide-extends-itself", _guide_self, refuse="my.yaml", formats=("table",)),
    Case("guide-extends-cycle", _guide_cycle, refuse="my.yaml", formats=("table",)),
    Case("guide-bomb", _guide_bomb, refuse="my.yaml", formats=("table",)),
    Case(
        "guide-wrong-types",
        _guide_file("id: my\nwindow: 3\nsections:\n  - {code: '01', name: x, items: 5}\n"),
        refuse="my.yaml",
        formats=("table",),
    ),
    Case(
        "guide-requires-int",
        _guide_file(
            "id: my\nsections:\n  - {code: '01', name: x, items: [{code: '1.1', name: y, requires: "
            "7}]}\n"
        ),
        refuse="my.yaml",
        formats=("table",),
    ),
    Case(
        "guide-extends-wrong-sections",
        _guide_file("id: my\nextends: national-city-2021\nsections: 5\n"),
        refuse="my.yaml",
        formats=("table",),
    ),
    Case(
        "guide-extends-items-int",
        _guide_file("id: my\nextends: national-city-2021\nsections: [{code: '01', items: 5}]\n"),
        refuse="my.yaml",
        formats=("table",),
    ),
    Case(
        "guide-huge-window",
        lambda r: (
            _guide_file("id: my\nextends: national-city-2021\nwindow: 1000000000\n")(r),
            edit_config(r, years=None),
        ),
        refuse="my.yaml",
        formats=("table",),
    ),
]
