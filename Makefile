# Kizuna: one entry point for every check (STYLE.md §21).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench install system-deps clean i18n

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[web,plots,postgres,evidence,ml,documents,bench,test,lint]'
	touch $(STAMP)

install: $(STAMP)

## make demo: the whole licensing analysis on the sample data -> demo-out/
demo: $(STAMP)
	bash scripts/system-deps.sh
	$(BIN)/python scripts/demo.py --out demo-out

## make test: Debian packages, a throwaway PostgreSQL, the whole suite on SQLite and PostgreSQL
test: $(STAMP)
	bash scripts/system-deps.sh
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/landscape.py
	$(BIN)/python benchmarks/eou.py
	$(BIN)/python benchmarks/match.py
	$(BIN)/python benchmarks/record.py
	$(BIN)/python benchmarks/evidence_ingest.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/corpus.py

clean:
	rm -rf demo-out .pytest_cache .mypy_cache .ruff_cache build

## make i18n: extract the interface strings, merge them into the catalogues, compile the .mo files
LOCALE := src/kizuna/web/locale
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k translate --no-location --sort-output --omit-header -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -l ja --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE) --statistics
