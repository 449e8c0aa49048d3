#!/usr/bin/env bash
# Benchmark publishing photos: `check` and `build` of the sample catalogue
# with large photos (EXIF orientation 6, GPS, XMP), a PNG and a 1 MB SVG,
# each time alone, with its peak memory (GNU time).
#
#   scripts/bench-media.sh            # 3 runs a case
#   RUNS=5 scripts/bench-media.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-3}"
cd "$ROOT"
cargo build --release --quiet --bin sangkien --example bench-photos
BIN="$ROOT/target/release/sangkien"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/target/release/examples/bench-photos" "$WORK/photos" >/dev/null
export SANGKIEN_TODAY=2026-11-29 NO_COLOR=1

# One catalogue a photo: the sample, with the first initiative's image replaced.
for photo in "$WORK"/photos/*; do
  name="$(basename "$photo")"
  cat="$WORK/cat-$name"
  cp -a "$ROOT/content" "$cat"
  cp "$photo" "$cat/media/$name"
  entry="$(grep -rl 'src: ../../media/.*\.svg' "$cat/initiatives" | sort | head -1)"
  first="$(grep -m1 -o 'src: ../../media/[^ ]*\.svg' "$entry")"
  sed -i "0,\|$first|s||src: ../../media/$name|" "$entry"
  size=$(stat -c %s "$photo")
  for cmd in check build; do
    best=""
    for _ in $(seq "$RUNS"); do
      rm -rf "$WORK/site"
      args=(--content "$cat")
      [ "$cmd" = build ] && args+=(--out "$WORK/site")
      /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" "$cmd" "${args[@]}" >/dev/null 2>"$WORK/err" || {
        # A warning-only check exits 0; anything else is shown.
        cat "$WORK/err"; exit 1; }
      read -r secs kb <"$WORK/t"
      best="$best $secs:$kb"
    done
    med=$(tr ' ' '\n' <<<"$best" | grep . | sort -t: -k1,1n | sed -n "$(( (RUNS + 1) / 2 ))p")
    printf '%-22s %9d B  %-5s median %5ss  peak %6d KB\n' "$name" "$size" "$cmd" "${med%%:*}" "${med##*:}"
  done
done
# The sample alone, for comparison.
for cmd in check build; do
  rm -rf "$WORK/site"
  args=(--content "$ROOT/content")
  [ "$cmd" = build ] && args+=(--out "$WORK/site")
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" "$cmd" "${args[@]}" >/dev/null 2>&1
  read -r secs kb <"$WORK/t"
  printf '%-22s %9s    %-5s once   %5ss  peak %6d KB\n' "(sample only)" "-" "$cmd" "$secs" "$kb"
done
