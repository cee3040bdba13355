PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

CATALOGUE := polosa/locale/ru/LC_MESSAGES/django
.PHONY: demo test lint format bench install clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	$(BIN)/python -c "from polosa.core.catalogue import ensure_compiled; ensure_compiled()"

install: $(STAMP) $(CATALOGUE).mo

demo: install
	$(BIN)/polosa demo

test: install
	$(BIN)/python -m pytest

# Refresh the Russian catalogue from the source strings (then fill any new plural forms).
messages: $(STAMP)
	cd polosa && DEBUG=1 ../$(BIN)/polosa makemessages -l ru --no-location --no-obsolete -i "static/*"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/legal.py
	$(BIN)/python bench/telegram.py

clean:
	rm -rf var test-artifacts
