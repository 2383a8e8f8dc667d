"""The application dossier (申报材料): `docgen dossier build` and `docgen dossier verify`.

`verify` needs only `bag`; the build pipeline (templates, LibreOffice, binding) is
imported when first asked for, so that verifying a dossier starts quickly."""

from __future__ import annotations

from typing import Any

from .bag import Problem, verify

__all__ = ["BuildReport", "Problem", "Refused", "build_dossier", "verify"]


def __getattr__(name: str) -> Any:
    if name in ("BuildReport", "Refused", "build_dossier"):
        from . import build

        return getattr(build, name)
    raise AttributeError(name)
