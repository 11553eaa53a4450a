#!/usr/bin/env bash
# The release steps, run once per release before (re)starting the daphne processes, with the
# same environment they run with (deploy/playground.env): migrate PostgreSQL, collect the static
# files with hashed names into STATIC_ROOT (without it every page answers 500 "Missing
# staticfiles manifest entry"), and load the scenario library (idempotent; authored scenarios
# are never written). Usage: set -a; . /etc/playground/playground.env; set +a; deploy/release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
: "${DJANGO_SETTINGS_MODULE:=playground.settings.prod}"
export DJANGO_SETTINGS_MODULE
for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL STATIC_ROOT; do
  if [ -z "${!name:-}" ]; then
    echo "release.sh: set $name (see deploy/playground.env.example)" >&2
    exit 2
  fi
done
"$PY" manage.py check --deploy --fail-level WARNING
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py load_scenarios
echo "release.sh: migrated, static files in $STATIC_ROOT, scenarios loaded"
