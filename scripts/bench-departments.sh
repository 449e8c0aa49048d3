#!/usr/bin/env bash
# Benchmark of issue 13's targets, medians of RUNS runs each:
#   - `check` on 10k with copy detection (warm cache) ≤ 2 × `check --no-copies`;
#   - `check --changed-since HEAD` with one changed entry ≤ 0.5 s;
#   - `report --year Y` (xlsx) on 50k ≤ 2 s;
#   - open data ≤ 10 % of the 10k build (the `du-lieu/` files' share of
#     `build --timings`' render time is printed beside the whole build).
#
#   scripts/bench-departments.sh [RUNS]    (default 5)
#
# Catalogues: $BENCH_DIR/cat10k and cat50k (made by gen-corpus when
# missing); the 10k one is copied into a git repository for the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
BENCH_DIR="${BENCH_DIR:-/tmp/sangkien-bench}"
GEN="${GEN_CORPUS:-../shared/tools/gen-corpus}"
BIN="${BIN:-target/release/sangkien}"
export SANGKIEN_TODAY=2026-11-29 NO_COLOR=1

for n in 10000 50000; do
    dir="$BENCH_DIR/cat$((n / 1000))k"
    if [ ! -d "$dir/initiatives" ]; then
        "$GEN" --out "$dir" --initiatives "$n" >/dev/null
    fi
done

# Median wall time (seconds) of running "$@" RUNS times.
median() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

repo="$BENCH_DIR/cat10k-git"
if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    cp -r "$BENCH_DIR/cat10k" "$repo"
    git -C "$repo" init -q
    git -C "$repo" add -A
    git -C "$repo" -c user.name=b -c user.email=b@example.org commit -qm bench
fi
"$BIN" check --content "$repo" >/dev/null 2>&1 || true   # warm the cache
plain=$(median "$BIN" check --no-copies --content "$repo")
copies=$(median "$BIN" check --content "$repo")
echo "check 10k --no-copies:          ${plain} s"
echo "check 10k with copies (warm):   ${copies} s   ratio $(echo "scale=2; $copies / $plain" | bc)"

# One entry changed before each run (a new text each time, so that each
# run compares it again).
entry=$(cd "$repo" && ls initiatives/*/*.md | head -1)
cp "$repo/$entry" /tmp/bench-entry.md
changed_run() {
    cp /tmp/bench-entry.md "$repo/$entry"
    echo "Đoạn thêm $RANDOM $RANDOM." >> "$repo/$entry"
    "$BIN" check --changed-since HEAD --content "$repo"
}
since=$(median changed_run)
cp /tmp/bench-entry.md "$repo/$entry"
echo "check --changed-since (1 entry): ${since} s"

report=$(median "$BIN" report --year 2024 --format xlsx --out /tmp/bench-report.xlsx --content "$BENCH_DIR/cat50k")
echo "report 50k (xlsx):              ${report} s"

out=$(mktemp -d)
"$BIN" build --timings --content "$BENCH_DIR/cat10k" --out "$out/site" | tail -20
ls -l "$out/site/du-lieu"
rm -rf "$out"
