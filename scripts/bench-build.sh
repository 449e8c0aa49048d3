#!/usr/bin/env bash
# Benchmark `sangkien build` on synthetic gen-corpus catalogues.
#
#   scripts/bench-build.sh [SIZES...]        default: 10000 50000
#
# Environment:
#   RUNS=5                 builds per size (the median wall time is reported)
#   WORK=/tmp/sangkien-bench   where catalogues are generated (kept between runs)
#   OUT_DIR=$WORK/out      where sites are written; each run starts without it
#                          (deleting the previous site is not timed). Put it on
#                          tmpfs (e.g. /dev/shm/...) to measure without disk I/O.
#
# Targets (issue 3): 10,000 initiatives ≤ 1.5 s wall; 50,000 ≤ 8 s with peak
# memory ≤ 1 GB. Compare figures taken in one session: other load on the
# machine changes wall times (user+sys CPU time is printed too).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-5}"
WORK="${WORK:-/tmp/sangkien-bench}"
OUT_DIR="${OUT_DIR:-$WORK/out}"
GEN="${GEN:-$ROOT/../shared/tools/gen-corpus}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 50000)

if [ ! -x /usr/bin/time ]; then
  echo "needs /usr/bin/time (apt-get install time)" >&2
  exit 2
fi

(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/sangkien"
mkdir -p "$WORK"

median() { sort -n | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.3f\n", (a[m]+a[m+1])/2}'; }

for n in "${SIZES[@]}"; do
  cat="$WORK/cat$n"
  if [ ! -f "$cat/site.yaml" ]; then
    echo "generating $n initiatives in $cat"
    "$GEN" --out "$cat" --initiatives "$n" >/dev/null
  fi
  walls=(); rss=(); cpu=()
  for r in $(seq 1 "$RUNS"); do
    rm -rf "$OUT_DIR"
    log="$WORK/run-$n-$r.log"
    /usr/bin/time -v -o "$WORK/time-$n-$r.txt" \
      "$BIN" build --content "$cat" --out "$OUT_DIR" --timings >"$log" 2>/dev/null
    t="$WORK/time-$n-$r.txt"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$t")
    mem=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
    user=$(awk -F': ' '/User time/ {print $2}' "$t")
    sys=$(awk -F': ' '/System time/ {print $2}' "$t")
    walls+=("$wall"); rss+=("$mem"); cpu+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')")
    printf '  %6d initiatives, run %d: wall %6.2f s, cpu %6.2f s, peak %5d MB\n' \
      "$n" "$r" "$wall" "${cpu[-1]}" "$((mem / 1024))"
  done
  med=$(printf '%s\n' "${walls[@]}" | median)
  medcpu=$(printf '%s\n' "${cpu[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  echo "== $n initiatives: median wall ${med} s, median cpu ${medcpu} s, peak memory $((peak / 1024)) MB ($RUNS runs, output in $OUT_DIR)"
  echo "   stages of the last run:"
  sed 's/^/   /' "$WORK/run-$n-$RUNS.log"
done
rm -rf "$OUT_DIR"
