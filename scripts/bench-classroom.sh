#!/usr/bin/env bash
# Measures a classroom over SSH: 'poolviz serve' in a process of its own, a
# teacher playing shared-queue (1000 tasks) at 1x, and 0, 1, 10 then 50
# following learners, all in one run. Prints the server's CPU (min/median/max
# over 3 windows after a dropped warm-up) and resident memory at each level,
# per follower the differences from the level with none, and the output each
# follower received a second (lower at a level than at the others: the
# followers were short of CPU and skipped frames).
# Usage: scripts/bench-classroom.sh [WINDOW] (default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/poolviz" .
go build -o "$tmp/classload" ./scripts/classload
"$tmp/classload" "$tmp/poolviz" "${1:-5s}"
