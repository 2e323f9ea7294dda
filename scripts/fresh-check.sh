#!/usr/bin/env bash
# What a new machine gets: clone HEAD into a temporary folder, build a new venv there from the lock file, and run the
# README's test command in it. Run it before you stop whenever dependencies or set-up change. Arguments go to pytest.
# The clone has no ../shared beside it: the tests read the compilation kept in tests/data/seed, as a new user's would.
# Last lines: the counts, then every skip with its reason (tests/conftest.py fails any skip not in ALLOWED_SKIPS).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d -t policyhub-fresh-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/policyhub"
cd "$dir/policyhub"
echo "fresh clone of $(git rev-parse --short HEAD) in $dir/policyhub" >&2
# The README's test command, exactly; -rs lists every skip with its reason for the report below.
status=0
bash scripts/test.sh -rs "$@" 2>&1 | tee "$dir/test.log" || status=$?
skips="$(grep -E '^SKIPPED ' "$dir/test.log" || true)"
echo "---- fresh-check: $(grep -E '^=+ .*(passed|failed|error).* =+$' "$dir/test.log" | tail -1 | tr -d '=' | xargs)"
if [ -n "$skips" ]; then
  echo "skips: $(grep -cE '^SKIPPED ' <<<"$skips") line(s), each allowed in tests/conftest.py ALLOWED_SKIPS:"
  echo "$skips"
else
  echo "skips: 0"
fi
exit "$status"
