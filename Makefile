# Two commands, each works on a fresh machine with Python >= 3.11:
#   make demo   build the demo project in demo/, audit it, render the templates and
#               build the application dossier, all into demo/out/
#   make test   run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench pdf-tools clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,ocr,web,cluster]'
	touch $(STAMP)

# The audit exits 1 when it finds errors: the demo plants some on purpose (so the
# dossier is built with --force, as a draft).
demo: $(STAMP)
	$(BIN)/docgen demo demo --force
	$(BIN)/docgen audit demo --today 2026-11-01 --format xlsx,html,docx,json,table -o demo/out; test $$? -le 1
	$(BIN)/docgen history demo
	for t in notice meeting-notice circular briefing work-report request report minutes; do \
	  $(BIN)/docgen render $$t demo --data demo/render/$$t.yaml -o demo/out/$$t.docx --force || exit 1; done
	$(BIN)/docgen render assignment demo --data demo/render/assignment.yaml --each unit -o demo/out/交办单 --force
	$(BIN)/docgen dossier build demo --today 2026-11-01 --force -o demo/out/申报材料
	$(BIN)/docgen dossier verify demo/out/申报材料
	$(BIN)/docgen lint demo/out
	@echo "示例项目在 demo/；审核报告在 demo/out/（审核报告.html、审核结果.json、整改清单.xlsx、督查通报.docx、审核摘要.txt；旧的一份在 previous/），公文在 demo/out/*.docx 和 demo/out/交办单/，申报材料在 demo/out/申报材料/。"

# ruff first: a formatting slip fails in a second, not after the suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff check --preview --select PLW1514 src  # every file names its encoding (Windows: cp936)
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_audit.py --with-text

# Optional, for --pdf: LibreOffice without a desktop and CJK fonts (Debian/Ubuntu).
pdf-tools:
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y libreoffice-writer-nogui fonts-noto-cjk

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis
