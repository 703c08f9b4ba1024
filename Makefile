# Two commands do all the set-up: `make demo` and `make test` (each creates .venv on first use).
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

.PHONY: demo test install bench
install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/migration-bot demo

test: $(BIN)/.installed
	$(BIN)/pytest -q -n 2

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_detector.py
	$(BIN)/python benchmarks/bench_ingest.py
