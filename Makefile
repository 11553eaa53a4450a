# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint golden bench setup deps migrate scenarios static browser lock clean

# DEBUG is off (the class meets the product's own error pages); PLAYGROUND_DEBUG=1 turns it on.
run: setup static
	$(PY) -m daphne -b $(HOST) -p $(PORT) playground.asgi:application

# pytest exits 5 when it collected no test: say so plainly (the "0 passed" line is read by CI
# as "ran no test") instead of passing silently or failing for the wrong reason.
test: setup browser lint
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; echo "0 passed, 0 failed"; exit 0; fi; \
	exit $$rc

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

# The browser tests and the canvas benchmark drive Debian's Chromium (never `playwright install`).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
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

# Refresh the lock after changing pyproject.toml's dependencies.
lock: | $(PY)
	$(PY) -m pip install --quiet -e '.[test]' && $(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
