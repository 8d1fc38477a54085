# Two commands for a new machine: `make run` serves the site with the national directory, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run with DEBUG off, as production does; they need a key, never a real one.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-test-only-key}

.PHONY: run serve test lint format migrate directory demo clean vendor catalogue messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("IOP Finder needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# The Spanish catalogue, compiled from locale/es/LC_MESSAGES/django.po (iopfinder/catalogue.py, no gettext needed).
catalogue: $(VENV)/.installed
	$(BIN)/python -m iopfinder.catalogue

# After marking new strings: extract them into the catalogue (needs GNU gettext: apt-get install gettext), then
# translate each new entry in locale/es/LC_MESSAGES/django.po. `make test` fails while one is left.
messages: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages --locale es --add-location file --ignore '.venv/*' --ignore 'benchmarks/*' --ignore 'tests/*' --ignore 'node_modules/*' --ignore 'templates/admin/*' --ignore 'templates/simple_history/*'

migrate: $(VENV)/.installed catalogue
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

# The real national directory (data/, SAMHSA 2023), loaded only into a database with no facilities yet.
directory: migrate
	DEBUG=1 $(BIN)/python manage.py load_directory

run: directory
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production (docs/deployment.md): gunicorn with gunicorn.conf.py, DEBUG off, the static files collected for WhiteNoise.
# Run `manage.py migrate` before it (once per release, not per server). It refuses to start without its secrets.
serve: $(VENV)/.installed catalogue
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set (a long random value; see .env.example)." >&2; exit 1; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: ALLOWED_HOSTS is not set (the host names the site answers to, e.g. 127.0.0.1)." >&2; exit 1; }
	DEBUG=0 STATIC_HASHED=$${STATIC_HASHED:-1} $(BIN)/python manage.py collectstatic --noinput
	DEBUG=0 STATIC_HASHED=$${STATIC_HASHED:-1} $(BIN)/gunicorn iopfinder.wsgi --bind $(HOST):$(PORT)

# The fictional demo listings, in a database of their own so they never mix with real ones.
DEMO_DATABASE_URL ?= sqlite:///$(CURDIR)/demo.sqlite3
demo: $(VENV)/.installed catalogue
	DATABASE_URL=$(DEMO_DATABASE_URL) DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(DEMO_DATABASE_URL) DEBUG=1 $(BIN)/python manage.py load_demo
	DATABASE_URL=$(DEMO_DATABASE_URL) DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# E2E=0 leaves out the browser tests (the gate runs them once, on PostgreSQL).
E2E ?= 1
test: $(VENV)/.dev-installed catalogue
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)
ifneq ($(E2E),0)
	$(TEST_ENV) $(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)
endif

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Refresh the front-end packages served from static/vendor (from the npm registry, pinned in package.json).
vendor:
	npm ci --no-audit --no-fund
	mkdir -p static/vendor/leaflet/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
	# The source map is not shipped: its comment would send collectstatic (STATIC_HASHED) looking for it.
	sed -i '/sourceMappingURL/d' static/vendor/leaflet/leaflet.js

# The search benchmark (BENCHMARKS.md): a synthetic national directory in a database of its own, the search
# timed against its raw-SQL floor, then gunicorn under load (wrk: apt-get install wrk). Not part of `make test`.
# PostgreSQL when DATABASE_URL points at one; e.g. make bench BENCH_ARGS="--facilities 10000 100000 --naive".
.PHONY: bench
bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)
