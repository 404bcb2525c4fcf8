#!/usr/bin/env bash
# Measures what tracing costs a real Python program: scripts/bench-trace.py run
# plain with python3, then under 'poolviz trace --headless' with lines off and
# with lines on, in turn, so all three see the same machine. For each workload
# it prints, per side, min/median/max of the pool's own time over RUNS runs
# after one dropped warm-up run, and the medians' ratios to the plain run.
# Usage: scripts/bench-trace.sh [RUNS] (default 7).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/poolviz" .
prog=scripts/bench-trace.py

# elapsed runs a command and prints the "elapsed" seconds it reported.
elapsed() { "$@" </dev/null | awk '$1 == "elapsed" {print $2}'; }

# stats prints "min median max" of the numbers on stdin.
stats() { sort -g | awk '{v[NR]=$1} END {printf "%s %s %s\n", v[1], v[int((NR+1)/2)], v[NR]}'; }

for workload in map apply; do
  echo "== $workload"
  for side in plain nolines lines; do : >"$tmp/$side"; done
  for i in $(seq 0 "$runs"); do
    p=$(elapsed python3 "$prog" "$workload")
    n=$(elapsed "$tmp/poolviz" trace --headless --no-lines "$prog" "$workload")
    l=$(elapsed "$tmp/poolviz" trace --headless "$prog" "$workload")
    if [ "$i" -gt 0 ]; then # run 0 is the warm-up
      echo "$p" >>"$tmp/plain"; echo "$n" >>"$tmp/nolines"; echo "$l" >>"$tmp/lines"
    fi
  done
  read -r _ base _ < <(stats <"$tmp/plain")
  for side in plain nolines lines; do
    read -r lo med hi < <(stats <"$tmp/$side")
    awk -v s="$side" -v lo="$lo" -v med="$med" -v hi="$hi" -v b="$base" \
      'BEGIN {printf "%-8s min %.4f s  median %.4f s  max %.4f s  median/plain %.1fx\n", s, lo, med, hi, med/b}'
  done
done
