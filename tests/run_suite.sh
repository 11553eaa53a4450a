#!/usr/bin/env bash
# `make test`'s pytest steps (after setup and lint). Environment: PY (the venv's python),
# PYTEST_ARGS (empty: the whole suite), POSTGRES_API (1: tests/api a second time on PostgreSQL),
# POSTGRES_API_URL (the database name's prefix; the run's pid makes it unique).
#
# The whole suite runs as two pytest processes at once, because most of the server tests' time
# is spent waiting (a browser on a run that plays in real time, a daphne process starting) and
# the engine's tests are CPU work that fits in those waits:
#   - the server tests (SERVER_TESTS: browsers, daphne processes, Redis, PostgreSQL), in front,
#     their output streamed;
#   - everything else (the engine, the scenarios, the API, then the API on PostgreSQL) at
#     niceness 10, so a live run or a page of the server tests gets a core the moment it wakes
#     (the product's own rule for checks beside live runs), its output printed when both end.
# A directory added under tests/ lands in the second process unless it is named below.
# pytest exits 5 when it collected no test: that is said plainly ("0 passed" is what CI reads
# as "ran no test") instead of passing silently or failing for the wrong reason; any other
# failure fails the suite.
set -u
PY=${PY:-.venv/bin/python}
PYTEST_ARGS=${PYTEST_ARGS:-}
POSTGRES_API=${POSTGRES_API:-0}
POSTGRES_API_URL=${POSTGRES_API_URL:-postgresql://postgres@127.0.0.1:5432/playground_api}
SERVER_TESTS=(tests/e2e tests/live tests/scale tests/concurrency)

step() {  # step NAME COMMAND...: run a pytest command; "no tests collected" is said, not failed
    local name=$1 rc=0
    shift
    "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "pytest collected no tests ($name)"
        echo "0 passed, 0 failed"
        rc=0
    fi
    return "$rc"
}

postgres_api() {
    local url="${POSTGRES_API_URL}_$$"
    echo "tests/api on PostgreSQL ($url)"
    DATABASE_URL="$url" step "tests/api on PostgreSQL" "$PY" -m pytest tests/api --create-db \
        -p no:cacheprovider
}

if [ "${1:-}" = --engine ]; then  # the second process (started below, under nice)
    ignore=()
    for dir in "${SERVER_TESTS[@]}"; do ignore+=("--ignore=$dir"); done
    rc=0
    step "the engine, scenarios and API" "$PY" -m pytest tests "${ignore[@]}" \
        -p no:cacheprovider || rc=$?
    if [ "$POSTGRES_API" = 1 ]; then postgres_api || rc=$?; fi
    exit "$rc"
fi

if [ -n "$PYTEST_ARGS" ]; then
    # PYTEST_ARGS is shell words, quotes honoured, as on make's own command line
    # (PYTEST_ARGS='-k "alb and not slow"'); it is the developer's own input.
    eval "chosen=($PYTEST_ARGS)"
    step "the chosen tests" "$PY" -m pytest "${chosen[@]}" || exit $?
    if [ "$POSTGRES_API" = 1 ]; then postgres_api || exit $?; fi
    exit 0
fi

log=$(mktemp "${TMPDIR:-/tmp}/playground-engine-tests.XXXXXX")
nice -n 10 bash "$0" --engine >"$log" 2>&1 &
engine=$!

echo "== the server tests (${SERVER_TESTS[*]}); the rest runs beside them at niceness 10"
server_rc=0
step "the server tests" "$PY" -m pytest "${SERVER_TESTS[@]}" || server_rc=$?
engine_rc=0
wait "$engine" || engine_rc=$?
echo
echo "== the engine, scenarios and API tests (and the API on PostgreSQL), run beside them"
cat "$log"
rm -f "$log"
echo
echo "server tests: exit $server_rc; engine, scenarios and API: exit $engine_rc"
[ "$server_rc" -eq 0 ] && [ "$engine_rc" -eq 0 ]
