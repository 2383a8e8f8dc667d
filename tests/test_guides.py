"""The built-in filing guides, from the checkout and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from projectkit import run_cli

from docgen.load.guide import builtin_guides, load_guide

BUILTIN = ("national-city-2014", "national-city-2021", "national-county-2021")
CHECKOUT = Path(__file__).resolve().parent.parent


def test_builtin_ids():
    assert set(builtin_guides()) == set(BUILTIN)


@pytest.mark.parametrize("gid", BUILTIN)
def test_every_builtin_guide_loads(gid):
    guide = load_guide(gid)
    assert guide.id == gid and guide.title and guide.window >= 1
    items = guide.items
    assert items and all(item.requires for item in items.values())
    for item in items.values():
        assert all(req.kind in guide.kinds for req in item.requires)
        assert item.section in guide.section_names


def test_guides_command_lists_all():
    result = run_cli("guides")
    assert result.returncode == 0, result.stderr
    for gid in BUILTIN:
        assert gid in result.stdout


def test_city_2021_has_seven_sections():
    guide = load_guide("national-city-2021")
    assert [s.code for s in guide.sections] == ["01", "02", "03", "04", "05", "06", "07"]
    assert guide.level == "city"


def test_city_2014_has_eight_sections():
    guide = load_guide("national-city-2014")
    assert [s.code for s in guide.sections] == ["01", "02", "03", "04", "05", "06", "07", "08"]


def test_county_2021_extends_city_2021():
    raw = yaml.safe_load(builtin_guides()["national-county-2021"].read_text(encoding="utf-8"))
    assert raw["extends"] == "national-city-2021"
    county, city = load_guide("national-county-2021"), load_guide("national-city-2021")
    assert county.level == "county"
    assert county.sections == city.sections


def test_guides_load_from_an_installed_wheel(tmp_path):
    dist, unpacked, elsewhere = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(CHECKOUT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    [wheel] = dist.glob("docgen-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(unpacked)
    assert "docgen/archive_schema/national-city-2021.yaml" in names
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(unpacked)

    def python(code: str) -> subprocess.CompletedProcess:
        """`code` run from elsewhere, with only the unpacked wheel on the path."""
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
            timeout=60,
            check=False,
        )

    result = python(
        "from docgen.load.guide import load_guide; print(load_guide('national-city-2021').id)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "national-city-2021"
    where = python("import docgen; print(docgen.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(unpacked)
