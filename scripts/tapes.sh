#!/usr/bin/env bash
# Writes assets/tapes/NAME.tape, a VHS tape for every preset, all alike: open
# the viewer on the preset (it opens paused), start it, let it run, pause,
# step forward and back, resume, show the timeline, quit. With VHS (github.com/charmbracelet/vhs) and poolviz
# on the PATH (go install .), `vhs assets/tapes/NAME.tape` run from the
# repository's root writes assets/recordings/NAME.gif.
#
# For a recording without VHS, frame for frame and the same every time, use
# `poolviz record` instead (see the README).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p assets/tapes
for name in $(go run . list | awk '{print $1}'); do
  cat >"assets/tapes/$name.tape" <<EOF
# VHS tape of the $name preset. From the repository's root, with poolviz on
# the PATH: vhs assets/tapes/$name.tape
# Written by scripts/tapes.sh: change that script, then run it again.

Output assets/recordings/$name.gif

Require poolviz

Set Shell "bash"
Set FontSize 16
Set Width 1400
Set Height 860
Set Padding 16
Set TypingSpeed 40ms

Type "poolviz run $name --seed 1"
Sleep 500ms
Enter
Sleep 1500ms

# The viewer opens paused: space starts the run.
Space
Sleep 4s

# Pause, step two events forward and one back, then resume.
Space
Sleep 1500ms
Right
Sleep 1s
Right
Sleep 1s
Left
Sleep 1500ms
Space
Sleep 3s

# The timeline, then back to the workers.
Type "v"
Sleep 4s
Type "v"
Sleep 2s

Type "q"
Sleep 1s
EOF
  echo "wrote assets/tapes/$name.tape"
done
