# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint golden bench setup deps migrate scenarios static browser release lock clean

# DEBUG is off (the class meets the product's own error pages); PLAYGROUND_DEBUG=1 turns it on.
run: setup static
	$(PY) -m daphne -b $(HOST) -p $(PORT) playground.asgi:application

# tests/run_suite.sh runs pytest: the server tests (browsers, daphne, Redis, PostgreSQL) and
# the rest (engine, scenarios, API) as two processes at once, the second at niceness 10; "no
# tests collected" is said plainly, never passed silently or failed for the wrong reason.
# The API suite runs a second time on the real PostgreSQL a deployment uses (pytest-django
# creates test_<name> there and drops it; the name is unique per run, so two runs never meet):
# the whole suite runs on SQLite, and what differs by database (ordering, SQL, locking,
# the connection pool) is the API's (553 tests, about 2 minutes). It runs with the whole suite
# (no PYTEST_ARGS); POSTGRES_API=1 runs it after a chosen PYTEST_ARGS too, POSTGRES_API=0 never.
POSTGRES_API_URL ?= postgresql://postgres@127.0.0.1:5432/playground_api
POSTGRES_API ?= $(if $(PYTEST_ARGS),0,1)
test: setup browser lint
	@PY=$(PY) PYTEST_ARGS="$(PYTEST_ARGS)" POSTGRES_API=$(POSTGRES_API) \
	  POSTGRES_API_URL=$(POSTGRES_API_URL) bash tests/run_suite.sh

# Findings fail `make test`: ruff's lint and format (pyproject.toml), the import contracts of
# the layering (.importlinter) and eslint on the front end (eslint.config.js).
lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --config .importlinter
	npx --no-install eslint static/js eslint.config.js

# After a change that means to alter behaviour: rewrite the catalogue's two stored copies and
# tests/scenarios/golden/ (then read the diff as a learner would before committing it).
golden: setup
	$(PY) -m tests.snapshots
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/scenarios

bench: setup browser
	$(PY) -m benchmarks

setup: deps migrate scenarios

deps: $(VENV)/.installed node_modules/.installed

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the lock changes.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests and the canvas benchmark drive Debian's Chromium (never `playwright install`);
# the deployment's test runs Debian's nginx in front of two daphne processes.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing nginx-light for tests/scale/test_nginx.py (deploy/nginx.conf)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
	fi

migrate: deps
	$(PY) manage.py migrate --noinput

scenarios: migrate
	$(PY) manage.py load_scenarios

# Static files as production serves them: collected with hashed names (whitenoise caches those
# for a year). Collected again only when a file under static/ or the npm packages changed.
static: staticfiles/staticfiles.json

staticfiles/staticfiles.json: $(shell find static -type f 2>/dev/null) node_modules/.installed | $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput -v 0

# A deployment's release steps (migrate, collectstatic into STATIC_ROOT, load_scenarios) with the
# production settings and the environment of its daphne processes: deploy/release.sh.
release: deps
	PYTHON=$(PY) deploy/release.sh

# Refresh the lock after changing pyproject.toml's dependencies.
lock: | $(PY)
	$(PY) -m pip install --quiet -e '.[test]' && $(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
