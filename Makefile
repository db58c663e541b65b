# The README's commands. `make run` starts the dashboard, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv compile refresh demo validate bench lint typecheck clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# The project's own modules compiled once (pip does this for installed packages): a server start
# then loads them instead of compiling ~80 files again, which it does on every start where
# PYTHONDONTWRITEBYTECODE is set (0.085 s of the overview's imports here). Up to date: ~0.05 s.
COMPILED := mittaristo ui loaders reports bench

compile: venv
	$(BIN)/python -m compileall -q $(COMPILED) >/dev/null

# `make run PORT=8502` for another port; `make run WATCH=auto` reruns on saved code changes
# (.streamlit/config.toml turns the source watcher off: it costs a first overview ~0.4 s).
# ui.serve is Streamlit's own CLI plus a warm-up of the overview's modules once the server listens.
PORT ?= 8501
WATCH ?= none

run: compile
	$(BIN)/python -m ui.serve run app.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false --server.fileWatcherType $(WATCH)

# Two workers (CI has 2 cores); each browser test module stays on one worker (xdist_group).
TEST_WORKERS ?= 2

test: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup

validate: venv
	$(BIN)/python -m loaders validate --coverage

refresh: venv
	$(BIN)/python -m loaders refresh

demo: venv
	$(BIN)/python -m loaders demo

bench: compile
	$(BIN)/python -m bench

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# mypy over mittaristo/, loaders/ and reports/ (pyproject [tool.mypy]); CI runs it.
typecheck: venv
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
