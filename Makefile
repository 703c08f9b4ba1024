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

# Bytecode caches are written even where PYTHONDONTWRITEBYTECODE is set (into the ignored __pycache__/ folders): each
# xdist worker and every `migration-bot` process an end-to-end test starts would otherwise compile the project and
# re-run pytest's assertion rewriting of every test module again (collection alone: 12 s of CPU -> 5 s per worker).
# -n 4 on a 2-core machine: most of a test's time is waiting (real processes starting, HTTP, PostgreSQL's fsyncs,
# settle loops), and with 2 workers the suite kept 0.8 of the 2 cores busy; 4 workers overlap those waits.
test: $(BIN)/.installed
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n 4

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_detector.py
	$(BIN)/python benchmarks/bench_ingest.py
