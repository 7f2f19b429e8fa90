# One entry point for newcomers and CI: every target makes its own virtualenv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: venv run test bench clean

$(BIN)/archwg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/archwg

# The main job on the repository's own data.
run: venv
	$(BIN)/archwg check
	$(BIN)/archwg list
	$(BIN)/archwg carry-actions
	$(BIN)/archwg agenda
	$(BIN)/sphinx-build -W -q -b html doc/source doc/build/html
	@echo "site built in doc/build/html/index.html"

test: venv
	$(BIN)/python -m pytest -q

# Figures, not tests: start-up and 1,000 specs; then a generated 200 MB meeting archive against grep.
bench: venv
	$(BIN)/python benchmarks/bench_specs.py
	$(BIN)/python benchmarks/bench_meetings.py

clean:
	rm -rf $(VENV) doc/build build *.egg-info
