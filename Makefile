# Two commands for a fresh machine: `make run` starts the dashboard, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test bench load lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.installed-app

# The map's own copies of Leaflet, jQuery and country outlines, for offline classroom mode (needs npm once).
static/vendor/countries-110m.geojson: | $(VENV)/.installed-app
	$(BIN)/python -m exilemap.offline

run: $(VENV)/.installed-app
	-@$(MAKE) --no-print-directory static/vendor/countries-110m.geojson || echo "note: offline mode's files could not be fetched (is npm installed?); the online map works without them"
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-test static/vendor/countries-110m.geojson
	$(BIN)/python -m exilemap.audit --quiet  # every claim in data/: verbatim, in its voice, stated, referenced
	$(BIN)/python -m pytest -n 2  # two workers: the browser tests spend most of their time waiting

bench: $(VENV)/.installed-test
	$(BIN)/python bench/slider.py
	$(BIN)/python bench/journeys.py  # someone's own journey at 100 to 15,000 stops: the size table

# 30 concurrent sessions for 60 s against one server (websocket clients, loopback only)
load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache static/vendor
