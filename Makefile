# chuhai — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_DEV  := $(VENV)/.installed-dev

.PHONY: run test lint typecheck unit install install-dev demo bench clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

## make run: install, build the demo warehouse if none exists, open the web app
run: $(STAMP_RUN)
	$(BIN)/chuhai data demo --if-missing
	$(BIN)/chuhai serve

## make test: install with dev extras, lint, type-check, run the whole suite
test: $(STAMP_DEV) lint typecheck unit

lint: $(STAMP_DEV)
	$(BIN)/ruff check .

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

unit: $(STAMP_DEV)
	$(BIN)/python -m pytest -n 2 -q

## make fuzz: the source property tests with the long `fuzz` profile (10x the ci cases, random)
fuzz: $(STAMP_DEV)
	CHUHAI_FUZZ_PROFILE=fuzz $(BIN)/python -m pytest -q -n 2 tests/test_source_fuzz.py tests/test_bad_input.py

demo: $(STAMP_RUN)
	$(BIN)/chuhai data demo

## make bench: the peers (Polars) too, then one benchmark at a time (docs: README, Benchmarks)
bench: $(STAMP_DEV)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/markets.py
	$(BIN)/python benchmarks/markets_cold.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/commands.py
	$(BIN)/python benchmarks/tenders.py
	$(BIN)/python benchmarks/batch.py --full

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
