"""The application dossier (申报材料): `docgen dossier build` and `docgen dossier verify`."""

from .bag import Problem, verify
from .build import BuildReport, Refused, build_dossier

__all__ = ["BuildReport", "Problem", "Refused", "build_dossier", "verify"]
