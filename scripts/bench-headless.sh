#!/usr/bin/env bash
# Measures the headless account of shared-queue with 100,000 tasks against a
# baseline commit, built side by side and run in turn, so both see the same
# machine. Usage: scripts/bench-headless.sh [BASELINE] (default: a4b8b38, the
# last commit before the session handed blocks through; it already has the
# benchmark). Prints B/event and events/s for each of ROUNDS rounds of COUNT
# runs; drop each round's first run as warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-a4b8b38}
rounds=${ROUNDS:-2}
count=${COUNT:-6}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/base" "$base"
(cd "$tmp/base/internal/cli" && go test -c -o "$tmp/old.test" .)
(cd internal/cli && go test -c -o "$tmp/new.test" .)
for r in $(seq "$rounds"); do
  for side in old new; do
    echo "== round $r, $side"
    (cd internal/cli && "$tmp/$side.test" -test.run '^$' -test.bench 'HeadlessSharedQueue100k' \
      -test.benchmem -test.count="$count") | grep Benchmark
  done
done
