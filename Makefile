# Accord: `make run` analyses the Cairo talks; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= examples/cairo-talks.yaml
# Every extra a README command needs, so that each works right after `make run`.
RUN_EXTRAS := plot,web,agents,tournament,dask,solve

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[$(RUN_EXTRAS)]'
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,$(RUN_EXTRAS)]'
	touch $@ $(VENV)/.run

$(VENV)/.bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench,$(RUN_EXTRAS)]'
	touch $@ $(VENV)/.run

run: $(VENV)/.run
	$(BIN)/accord analyze $(SCENARIO)

lint: $(VENV)/.test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: lint
	-sh scripts/system-deps.sh
	$(BIN)/pytest -q

bench: $(VENV)/.bench
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/simulation.py
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/robust.py
	$(BIN)/python benchmarks/stability.py
	$(BIN)/python benchmarks/real_domain.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/agents.py
	$(BIN)/python benchmarks/tournament.py
	$(BIN)/python benchmarks/copilot.py
	$(BIN)/python benchmarks/solver.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
