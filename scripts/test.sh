#!/usr/bin/env bash
# The whole test suite, from a fresh machine: the locked install (scripts/install.sh --dev), PostgreSQL, lint,
# types, tests. Extra arguments go to pytest. Exits non-zero when any check or test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh --dev
# The tests call `policyhub` as a user would: the venv's commands come first on PATH (as after `source .venv/bin/activate`).
export PATH="$PWD/.venv/bin:$PATH"

# The registry tests run against the machine's PostgreSQL too; start it if it stopped.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

.venv/bin/ruff check src tests
.venv/bin/mypy src
# The tests run in parallel, one worker per core and at most four (pytest-xdist; each worker has its own databases),
# and idle workers take queued tests from busy ones (worksteal: the README run alone takes over a minute). `-n 0`
# among the extra arguments runs them in this one process. CI prints the 30 slowest tests (setup, call, teardown)
# after the results: where the suite's time goes.
.venv/bin/python -m pytest -n auto --maxprocesses 4 --dist worksteal --durations=30 "$@"
