#!/usr/bin/env bash
# Regenerates the README's media from the app itself: the screenshots in
# assets/screenshots/ (with `poolviz frame`, made into PNGs by freeze) and the
# recording in assets/recordings/ (with `poolviz record`). The same poolviz
# gives the same frames and the same recording, byte for byte.
#
# Needs Go. For the PNGs it needs freeze:
#   go install github.com/charmbracelet/freeze@v0.2.2
# and uses pngquant, where installed, to make them about ten times smaller.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/poolviz" .
poolviz="$tmp/poolviz"

mkdir -p assets/screenshots assets/recordings

# NAME|ARGUMENTS OF poolviz frame
shots=(
  "shared-queue|shared-queue --at 4.5s --size 110x32"
  "deadlock|deadlock-lock-order --at 2.5s --size 110x32"
  "timeline|maxtasksperchild --at 3s --size 110x32 --keys 0s:v"
)

freeze=$(command -v freeze || true)
if [ -z "$freeze" ] && [ -x "$(go env GOPATH)/bin/freeze" ]; then
  freeze="$(go env GOPATH)/bin/freeze"
fi

for shot in "${shots[@]}"; do
  name=${shot%%|*}
  args=${shot#*|}
  # shellcheck disable=SC2086 # the arguments are split on purpose
  "$poolviz" frame $args >"$tmp/$name.ansi"
  if [ -z "$freeze" ]; then
    echo "freeze is not installed: skipping $name.png (go install github.com/charmbracelet/freeze@v0.2.2)"
    continue
  fi
  # A small font size keeps freeze's automatic size (nothing is cut off) at
  # about twice the pixels a README shows.
  "$freeze" "$tmp/$name.ansi" --font.size 7 -o "$tmp/$name.png" >/dev/null
  if command -v pngquant >/dev/null; then
    pngquant --quality 70-95 --speed 1 --strip --force --output "assets/screenshots/$name.png" "$tmp/$name.png"
  else
    cp "$tmp/$name.png" "assets/screenshots/$name.png"
  fi
  echo "wrote assets/screenshots/$name.png"
done

"$poolviz" record shared-queue -o assets/recordings/shared-queue.cast --size 100x30 --duration 12s \
  --keys "2.5s:space,3.5s:right,4s:right,4.5s:left,5.5s:space,6.5s:v,9.5s:v"
echo "wrote assets/recordings/shared-queue.cast"
