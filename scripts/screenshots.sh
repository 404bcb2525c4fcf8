#!/usr/bin/env bash
# Regenerates the README's media from the app itself, as scripts/media.txt
# lists them: the screenshots in assets/screenshots/ (with `poolviz frame`,
# kept as .ansi and made into PNGs by freeze) and the recording in
# assets/recordings/ (with `poolviz record`). The same poolviz gives the same
# frames and the same recording, byte for byte: a test checks that the
# committed .ansi and .cast files are what it makes now.
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

freeze=$(command -v freeze || true)
if [ -z "$freeze" ] && [ -x "$(go env GOPATH)/bin/freeze" ]; then
  freeze="$(go env GOPATH)/bin/freeze"
fi

# Each line of scripts/media.txt: FILE|ARGUMENTS OF poolviz (frame or record).
while IFS="|" read -r -u 3 file args; do
  case "$file" in '#'* | '') continue ;; esac
  # shellcheck disable=SC2086 # the arguments are split on purpose
  case "$args" in
  record*) "$poolviz" $args -o "$file" ;;
  *) "$poolviz" $args >"$file" ;;
  esac
  echo "wrote $file"
  case "$file" in *.ansi) ;; *) continue ;; esac
  png=${file%.ansi}.png
  if [ -z "$freeze" ]; then
    echo "freeze is not installed: skipping $png (go install github.com/charmbracelet/freeze@v0.2.2)"
    continue
  fi
  # A small font size keeps freeze's automatic size (nothing is cut off) at
  # about twice the pixels a README shows.
  if ! "$freeze" "$file" --font.size 7 -o "$tmp/shot.png" >/dev/null 2>&1; then
    # Where freeze cannot draw a PNG itself, its SVG drawn by rsvg-convert
    # (with the JetBrains Mono font installed) gives the same picture.
    command -v rsvg-convert >/dev/null || { echo "freeze failed on $file, and rsvg-convert is not installed" >&2; exit 1; }
    "$freeze" "$file" --font.size 7 -o "$tmp/shot.svg" >/dev/null
    rsvg-convert -z 2 "$tmp/shot.svg" -o "$tmp/shot.png"
  fi
  if command -v pngquant >/dev/null; then
    pngquant --quality 70-95 --speed 1 --strip --force --output "$png" "$tmp/shot.png"
  else
    cp "$tmp/shot.png" "$png"
  fi
  echo "wrote $png"
done 3<scripts/media.txt
