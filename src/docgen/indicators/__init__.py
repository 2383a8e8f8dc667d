"""Indicator figures: the catalogue (archive_schema/indicators.yaml), units, and
reading figures from the 指标数据 workbook."""

from .catalogue import Catalogue, Indicator, Relation, Target, standard_version
from .figures import SheetFigures, Skipped, figures_from_sheet, read_sheet
from .units import normalise, same_unit

__all__ = [
    "Catalogue",
    "Indicator",
    "Relation",
    "SheetFigures",
    "Skipped",
    "Target",
    "figures_from_sheet",
    "normalise",
    "read_sheet",
    "same_unit",
    "standard_version",
]
