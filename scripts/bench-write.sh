#!/usr/bin/env bash
# Benchmark the write stage of `sangkien build` on a gen-corpus catalogue,
# on the machine's disk and on tmpfs, in one run:
#
#   fresh      build into a folder that does not exist (the whole site written)
#   no change  build again over the previous site (nothing written)
#   one edit   one initiative's summary edited, then build over the previous site
#   cp -a      copying the same output folder (the cost of writing it as files)
#
#   scripts/bench-write.sh [INITIATIVES]      default 10000
#
# Environment:
#   RUNS=5                         runs of each (medians reported)
#   DISK=/tmp/sangkien-bench-write where the disk runs work (check `df`)
#   SHM=/dev/shm/sangkien-bench-write   the tmpfs runs ("" to skip)
#   PLACES="disk tmpfs"            which of the two to run
#   BENCH_PRIORITY=1               as root, raise this session's CPU share
#                                  (as bench-build.sh does); 0 to turn off
#
# Target (issue 10): one edit, 10,000 initiatives, on disk: ≤ 2 s median.
set -euo pipefail

if [ "${BENCH_PRIORITY:-1}" = 1 ] && [ -z "${BENCH_IN_SESSION:-}" ] \
    && [ "$(id -u)" = 0 ] && [ -w /proc/self/autogroup ]; then
    export BENCH_IN_SESSION=1
    exec setsid --wait bash -c 'echo -20 > /proc/self/autogroup && exec "$0" "$@"' "$0" "$@"
fi
export SANGKIEN_TODAY=2026-11-29

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-10000}"
RUNS="${RUNS:-5}"
DISK="${DISK:-/tmp/sangkien-bench-write}"
SHM="${SHM-/dev/shm/sangkien-bench-write}"
GEN="${GEN:-$ROOT/../shared/tools/gen-corpus}"

(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/sangkien"

median() { sort -n | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.3f\n", (a[m]+a[m+1])/2}'; }
# Wall seconds of a command (its output discarded).
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

bench_in() {
  local where="$1" label="$2"
  local cat="$where/cat" out="$where/public" copy="$where/copy"
  mkdir -p "$where"
  # `.complete` holds the size the catalogue was made for.
  if [ "$(cat "$cat/.complete" 2>/dev/null)" != "$N" ]; then
    rm -rf "$cat"
    if [ "$(cat "$DISK/cat/.complete" 2>/dev/null)" = "$N" ] && [ "$where" != "$DISK" ]; then
      cp -a "$DISK/cat" "$cat"   # the same catalogue, not generated again
    else
      "$GEN" --out "$cat" --initiatives "$N" >/dev/null
      echo "$N" > "$cat/.complete"
    fi
  fi
  # The entry edited: the first initiative, its summary toggled each run.
  local entry
  entry=$(find "$cat/initiatives" -name '*.md' | sort | sed -n 1p)
  cp "$entry" "$where/entry.orig"
  local fresh=() nochange=() edit=() cp=()
  for r in $(seq "$RUNS"); do
    rm -rf "$out"
    sync
    fresh+=("$(seconds "$BIN" build --content "$cat" --out "$out")")
    nochange+=("$(seconds "$BIN" build --content "$cat" --out "$out")")
    if [ $((r % 2)) = 1 ]; then
      sed -i '0,/^summary: "/s//summary: "Sửa đổi: /' "$entry"
    else
      cp "$where/entry.orig" "$entry"
    fi
    edit+=("$(seconds "$BIN" build --content "$cat" --out "$out")")
    rm -rf "$copy"
    sync
    cp+=("$(seconds cp -a "$out" "$copy")")
  done
  cp "$where/entry.orig" "$entry"
  local files
  files=$(find "$out" -type f | wc -l)
  printf '%-6s %6d files %-9s fresh %6.3f s  no change %6.3f s  one edit %6.3f s  cp -a %6.3f s\n' \
    "$label" "$files" "" \
    "$(printf '%s\n' "${fresh[@]}" | median)" \
    "$(printf '%s\n' "${nochange[@]}" | median)" \
    "$(printf '%s\n' "${edit[@]}" | median)" \
    "$(printf '%s\n' "${cp[@]}" | median)"
  echo "       runs: fresh ${fresh[*]} | no change ${nochange[*]} | one edit ${edit[*]} | cp -a ${cp[*]}"
  rm -rf "$copy"
}

echo "$N initiatives, $RUNS runs each, medians (wall time)"
echo "disk: $(df -T "$(dirname "$DISK")" | awk 'NR==2 {print $1, $2}')"
case " ${PLACES:-disk tmpfs} " in *" disk "*) bench_in "$DISK" disk ;; esac
if [ -n "$SHM" ] && [ -d "$(dirname "$SHM")" ]; then
  case " ${PLACES:-disk tmpfs} " in *" tmpfs "*) bench_in "$SHM" tmpfs ;; esac
fi
