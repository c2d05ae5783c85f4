# Two commands do everything: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo.case
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench bench-quick clean stress

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

# The demo case's passphrase is printed when it is built (it is fictional data).
$(DEMO): | $(STAMP)
	WORKBENCH_PASSPHRASE=demo-passphrase $(BIN)/workbench demo $(DEMO)

run: $(STAMP) $(DEMO)
	@echo "Opening the fictional demo case; its passphrase is: demo-passphrase"
	$(BIN)/workbench gui $(DEMO)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Figures, not assertions: a table and bench-results.json (see README, "Benchmarks").
# Generated cases and source files are cached in .bench-cache/ (git-ignored).
bench: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.run --size large

bench-quick: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.run --size small

# Issue 8's four promises at full scale (the quick scale runs inside `make test`); prints a
# table: promise, check, trials, passed. Under 30 minutes.
stress: $(TEST_STAMP)
	WORKBENCH_STRESS=full $(BIN)/python -m tests.stress

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
