PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

CATALOGUE := polosa/locale/ru/LC_MESSAGES/django
NODE_STAMP := node_modules/.installed-stamp
FONTS := node_modules/@fontsource-variable/golos-text/files
.PHONY: demo test lint format bench install clean messages fonts

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	$(BIN)/python -c "from polosa.core.catalogue import ensure_compiled; ensure_compiled()"

# The browser audits' tools (axe-core, Lighthouse) and the web font's package: `npm ci`
# only when package-lock.json changed; without npm the audits skip and say why.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: browser audits (axe-core, Lighthouse) will be skipped"; fi

install: $(STAMP) $(CATALOGUE).mo $(NODE_STAMP)

# The Cyrillic and Latin subsets of the web font, vendored (committed) from @fontsource.
fonts: $(NODE_STAMP)
	cp $(FONTS)/golos-text-cyrillic-wght-normal.woff2 $(FONTS)/golos-text-latin-wght-normal.woff2 \
		polosa/static/polosa/fonts/
	cp node_modules/@fontsource-variable/golos-text/LICENSE polosa/static/polosa/fonts/OFL.txt

demo: install
	$(BIN)/polosa demo

# TESTS: pytest's arguments, the whole suite by default (.ci/run runs it in parts).
test: install
	$(BIN)/python -m pytest $(TESTS)

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
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf var test-artifacts
