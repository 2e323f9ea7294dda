#!/usr/bin/env bash
# What a new machine gets: clone HEAD into a temporary folder, build a new venv there from the lock file, and run the
# README's test command in it. Run it before you stop whenever dependencies or set-up change. Arguments go to pytest.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d -t policyhub-fresh-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/policyhub"
# The seed text lives beside the checkout (../shared/seed); the clone is elsewhere, so point the tests at it.
seed="$(ls "$repo"/../shared/seed/000_*.txt 2>/dev/null | head -1 || true)"
[ -n "${POLICYHUB_SEED:-}" ] || [ -z "$seed" ] || export POLICYHUB_SEED="$seed"
cd "$dir/policyhub"
echo "fresh clone of $(git rev-parse --short HEAD) in $dir/policyhub" >&2
# The README's test command, exactly.
bash scripts/test.sh "$@"
