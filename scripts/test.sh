#!/usr/bin/env bash
# The whole test suite, from a fresh machine: system packages, the package itself, PostgreSQL, lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests drive Debian's chromium; charts and PDFs need a CJK font and pango. Install only what is missing.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint (PDF)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m pip install -q -e '.[dev]'

# The registry tests run against the machine's PostgreSQL too; start it if it stopped.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

ruff check src tests
mypy src
python3 -m pytest "$@"
