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
    refused,
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
    refused(
        "yaml-syntax",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: [national")),
        "docgen.yaml",
    ),
    refused("yaml-tab-indent", _config_text("city:\n\tname: 示例市\n"), "docgen.yaml"),
    refused(
        "yaml-city-3",
        _config_text(
            GOOD_CONFIG.replace(
                "city: {name: 示例市, level: city, province: 示例省, fonds: J012}", "city: 3"
            )
        ),
        "docgen.yaml",
    ),
    refused(
        "yaml-years-mapping",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: {a: 1}")),
        "docgen.yaml",
    ),
    refused(
        "yaml-years-far",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: '9999-9999'")),
        "docgen.yaml",
    ),
    refused(
        "yaml-years-zero",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: '0000-0001'")),
        "docgen.yaml",
    ),
    refused(
        "yaml-guide-list",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: [1]")),
        "docgen.yaml",
    ),
    refused("yaml-paths-string", _config_text(GOOD_CONFIG + "paths: x\n"), "docgen.yaml"),
    refused(
        "yaml-paths-ledger-5", _config_text(GOOD_CONFIG + "paths: {ledger: 5}\n"), "docgen.yaml"
    ),
    refused(
        "yaml-paths-sheets-mapping",
        _config_text(GOOD_CONFIG + "paths: {ledger_sheets: {a: 1}}\n"),
        "docgen.yaml",
    ),
    refused("yaml-unknown-keys", _config_text(GOOD_CONFIG + "yeras: [2025]\n"), "yeras"),
    refused(
        "yaml-city-unknown-types",
        _config_text(
            GOOD_CONFIG.replace(
                "city: {name: 示例市, level: city, province: 示例省, fonds: J012}",
                "city: {name: [示例市], level: {a: 1}, fonds: [1, 2]}",
            )
        ),
        "docgen.yaml",
    ),
    refused("yaml-not-mapping", _config_text("- a\n- b\n"), "docgen.yaml"),
    refused(
        "yaml-python-tag",
        _config_text("city: !!python/object/apply:os.system ['echo hi']\n"),
        "docgen.yaml",
    ),
    refused("yaml-bomb-top", _config_text(YAML_BOMB + GOOD_CONFIG), "docgen.yaml"),
    refused("yaml-bomb-province", _config_text(yaml_bomb_config("province")), "docgen.yaml"),
    refused("yaml-bomb-years", _config_text(yaml_bomb_config("years")), "docgen.yaml"),
    refused(
        "yaml-recursive-alias",
        _config_text(GOOD_CONFIG.replace("years: [2025]", "years: &y [2025, *y]")),
        "docgen.yaml",
    ),
    refused(
        "yaml-deep-nesting",
        _config_text(GOOD_CONFIG + "x: " + "[" * 5000 + "]" * 5000 + "\n"),
        "docgen.yaml",
    ),
    refused(
        "yaml-huge-file",
        lambda r: (r / "docgen.yaml").write_bytes((GOOD_CONFIG + "# " + "注" * 200_000).encode()),
        "docgen.yaml",
    ),
    refused("yaml-gbk", _config_text(GOOD_CONFIG, "gbk"), "docgen.yaml"),
    refused(
        "yaml-invalid-utf8",
        lambda r: (r / "docgen.yaml").write_bytes(GOOD_CONFIG.encode() + b"\xff\xfe"),
        "docgen.yaml",
    ),
    refused("yaml-utf16", _config_text(GOOD_CONFIG, "utf-16"), "docgen.yaml"),
    refused("yaml-empty", _config_text(""), "docgen.yaml"),
    refused("yaml-is-fifo", lambda r: mkfifo(r / "docgen.yaml"), "docgen.yaml"),
    refused("yaml-paths-leave-project", _dot_dot_config_paths, "docgen.yaml"),
    refused("yaml-ledger-dev-zero", _dev_zero("ledger"), "docgen.yaml"),
    refused("yaml-indicators-dev-zero", _dev_zero("indicators"), "docgen.yaml"),
    refused(
        "yaml-guide-nul",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", 'guide: "my\\0.yaml"')),
        "docgen.yaml",
    ),
    refused(
        "yaml-guide-5000-chars",
        _config_text(GOOD_CONFIG.replace("guide: national-city-2021", "guide: " + "g" * 5000)),
        "建档指引",
    ),
    refused(
        "yaml-ledger-long-name",
        _config_text(GOOD_CONFIG + "paths: {ledger: ledger/" + "长" * 300 + ".xlsx}\n"),
        "docgen.yaml",
    ),
    refused(
        "yaml-archive-long-path",
        _config_text(GOOD_CONFIG + "paths: {archive: " + "/".join(["a" * 200] * 30) + "}\n"),
        "docgen.yaml",
    ),
    refused(
        "yaml-paths-nul",
        _config_text(GOOD_CONFIG + 'paths: {archive: "arch\\0ive"}\n'),
        "docgen.yaml",
    ),
    Case(
        "yaml-years-huge-list",
        _config_text(
            GOOD_CONFIG.replace("years: [2025]", "years: [" + ", ".join(["2025"] * 5_000) + "]")
        ),
        finding=("completeness.missing", None),
        formats=("json",),
    ),
    refused("guide-extends-chain", _guide_chain, "yaml"),
    refused("guide-is-directory", _guide_directory, "my.yaml"),
    refused("guide-is-fifo", _fifo_guide, "my.yaml"),
    refused("guide-extends-itself", _guide_self, "my.yaml"),
    refused("guide-extends-cycle", _guide_cycle, "my.yaml"),
    refused("guide-bomb", _guide_bomb, "my.yaml"),
    refused(
        "guide-wrong-types",
        _guide_file("id: my\nwindow: 3\nsections:\n  - {code: '01', name: x, items: 5}\n"),
        "my.yaml",
    ),
    refused(
        "guide-requires-int",
        _guide_file(
            "id: my\nsections:\n  - {code: '01', name: x, items: [{code: '1.1', name: y, requires: "
            "7}]}\n"
        ),
        "my.yaml",
    ),
    refused(
        "guide-extends-wrong-sections",
        _guide_file("id: my\nextends: national-city-2021\nsections: 5\n"),
        "my.yaml",
    ),
    refused(
        "guide-extends-items-int",
        _guide_file("id: my\nextends: national-city-2021\nsections: [{code: '01', items: 5}]\n"),
        "my.yaml",
    ),
    refused(
        "guide-huge-window",
        lambda r: (
            _guide_file("id: my\nextends: national-city-2021\nwindow: 1000000000\n")(r),
            edit_config(r, years=None),
        ),
        "my.yaml",
    ),
]
