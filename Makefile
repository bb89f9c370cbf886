# The README's commands. Everything is set up from scratch: Python 3.11+, make
# and the package registry are all a fresh machine needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo screenshots test check fuzz bench bytecode clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

# argmap's own bytecode, written even where PYTHONDONTWRITEBYTECODE is set (the
# editable install never writes it): a command then starts without compiling.
# compileall skips what is up to date.
bytecode: $(VENV)/.installed
	$(BIN)/python -m compileall -q src

# The example: audited, drawn whole (BT, conclusions on top) and as the audit page,
# drawn per thesis (LR, to fit a landscape page), and written up. Same input, same bytes.
demo: $(VENV)/.installed bytecode
	$(BIN)/argmap lint claims/
	$(BIN)/argmap render claims/ -f svg -f pdf -f dot -f html -o output/
	$(BIN)/argmap render claims/ --per-thesis --layout LR -f svg -f pdf -o output/
	$(BIN)/argmap report claims/istanbul-2025.yaml -o output/istanbul-2025.audit.md

# The audit page photographed for the README (desktop and phone), in Debian's
# Chromium (/usr/bin/chromium): apt-get install chromium (and pngquant, to make them small).
screenshots: demo $(VENV)/.installed-test
	$(BIN)/python docs/img/screenshots.py output/istanbul-2025.html docs/img

# Mermaid's own parser and renderer, pinned, for the tests of the Mermaid writer
# (Node.js and npm, which the machine has; tests/test_mermaid_js.py).
MERMAID := tests/mermaid/node_modules/.installed
$(MERMAID): tests/mermaid/package.json tests/mermaid/package-lock.json
	cd tests/mermaid && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed-test bytecode $(MERMAID)
	$(BIN)/python -m pytest

$(VENV)/.installed-check: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[check]'
	touch $@ $(VENV)/.installed

# A long fuzz run: the fuzz tests with FUZZ_SCALE times their examples.
FUZZ_SCALE ?= 50
fuzz: $(VENV)/.installed-test bytecode
	$(BIN)/python -m pytest tests/test_fuzz.py --fuzz-scale $(FUZZ_SCALE) --hypothesis-show-statistics

# Static checks: lint the code and the tests, type-check the package (strict).
check: $(VENV)/.installed-check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: $(VENV)/.installed bytecode
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/mermaid/node_modules
