# Two commands for a fresh machine: `make run` starts the dashboard, `make test` runs every test.
# Both install exactly what uv.lock pins (the versions CI tested); a fresh machine needs only python3 (3.11+), make and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PORT ?= 8501
# use the machine's Python; fetch nothing but packages
export UV_PYTHON_DOWNLOADS := never
# write every package's bytecode at install: where PYTHONDONTWRITEBYTECODE is set (as on CI), Python would otherwise
# compile streamlit, pandas and the rest from source in every process it starts (4.4 s of CPU an import, not 1.6 s)
export UV_COMPILE_BYTECODE := 1

.PHONY: run test bench load lint lock upgrade-check serve-replicas translations clean

# uv itself, at the version the lock pins, installed with pip into the project's environment
$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Exile Map needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$$($(PYTHON) -c 'import tomllib; print(next(p["version"] for p in tomllib.load(open("uv.lock", "rb"))["package"] if p["name"] == "uv"))')"

# --inexact keeps pip and uv, which the lock does not list for `make run`
CATALOGUES := $(wildcard locales/*/LC_MESSAGES/messages.po)

$(VENV)/.installed-app: pyproject.toml uv.lock $(CATALOGUES) | $(UV)
	$(UV) sync --locked --inexact --quiet
	$(BIN)/pybabel -q compile -D messages -d locales
	touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock $(CATALOGUES) | $(UV)
	$(UV) sync --locked --inexact --quiet --extra test --extra bench
	$(BIN)/pybabel -q compile -D messages -d locales
	touch $@ $(VENV)/.installed-app

# The map's own copies of Leaflet, jQuery and country outlines, for offline classroom mode (needs npm once).
static/vendor/countries-110m.geojson: | $(VENV)/.installed-app
	$(BIN)/python -m exilemap.offline

run: $(VENV)/.installed-app
	-@$(MAKE) --no-print-directory static/vendor/countries-110m.geojson || echo "note: offline mode's files could not be fetched (is npm installed?); the online map works without them"
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-test static/vendor/countries-110m.geojson
	$(BIN)/python -m exilemap.audit --quiet  # every claim in data/: verbatim, in its voice, stated, referenced
	$(BIN)/python -m pytest -n 3 --dist worksteal  # three workers on two cores: the browser tests spend most of their time waiting

bench: $(VENV)/.installed-test
	$(BIN)/python bench/slider.py
	$(BIN)/python bench/journeys.py  # someone's own journey at 100 to 15,000 stops: the size table
	$(BIN)/python bench/school_laptop.py --runs 3  # CPU 4x slower, 10 Mbit/s and 40 ms: figures against their targets, with spread
	$(BIN)/python bench/publish.py  # publishing 5,000 stops; 120 pupils opening one published journey through two replicas

# 60 concurrent sessions for 60 s against one server (websocket clients, loopback only); target: p95 <= 3x one session
load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py --sessions 60

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# After editing pyproject.toml's dependencies: resolve the lock again and export requirements.txt from it.
lock: | $(UV)
	$(UV) lock
	$(UV) export --frozen --no-dev --no-emit-project --no-hashes --quiet --output-file requirements.txt

# The newest versions pyproject.toml allows, in a throwaway copy: resolves, installs, runs every test, reports.
upgrade-check: | $(UV)
	$(BIN)/python .ci/upgrade_check.py

# N Streamlit processes behind nginx on 127.0.0.1:$(SERVE_PORT), sticky sessions; see README "Serving a school"
N ?= 2
SERVE_PORT ?= 8080
serve-replicas: $(VENV)/.installed-app
	-@$(MAKE) --no-print-directory static/vendor/countries-110m.geojson || echo "note: offline mode's files could not be fetched"
	$(BIN)/python deploy/serve_replicas.py --replicas $(N) --port $(SERVE_PORT)

# The interface's words: extract them from the code into locales/messages.pot, bring every catalogue up to date
# (a new or changed message arrives untranslated, and the tests fail until it is translated), compile them.
# A new language: `$(BIN)/pybabel init -D messages -i locales/messages.pot -d locales -l xx`, plus data/translations/xx.csv.
translations: $(VENV)/.installed-app
	$(BIN)/pybabel -q extract -F locales/babel.cfg -o locales/messages.pot --add-location file --sort-by-file \
		--project "Exile Map" --copyright-holder "Exile Map" -c "Translators:" .
	$(BIN)/pybabel -q update -D messages -i locales/messages.pot -d locales --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel -q compile -D messages -d locales

clean:
	rm -rf $(VENV) .pytest_cache static/vendor
