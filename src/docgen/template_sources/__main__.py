"""python -m docgen.template_sources [FOLDER]: (re)write templates/*.docx."""

import sys
from pathlib import Path

from .build_templates import build_all

for written in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
    print(written)
