#!/usr/bin/env bash
# Benchmarks of the editors' workflow (issue 5), runnable by anyone:
#
#  1. serve: on a gen-corpus catalogue of N initiatives (default 10,000),
#     edit one initiative's summary and time from the file save until the
#     new text is served, on its page AND on the first page of its field's
#     list (polling HTTP every 2 ms). Prints each run and the median.
#  2. git: a repository of N initiatives with N commits (fixed dates, made
#     with `git fast-import`); full `build` without git (the same catalogue
#     copied without .git), with git and no cache (as in CI), and with the
#     history cache of the previous build. Prints medians and differences.
#
# usage: [PARTS="serve git"] scripts/bench-serve.sh [N] [RUNS]
#        (release build; 10-20 min for 10k on a shared 2-core machine)
set -euo pipefail
N=${1:-10000}
RUNS=${2:-7}
# Which benchmarks to run (env): "serve git" by default.
PARTS=${PARTS:-serve git}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN_CORPUS:-$ROOT/../shared/tools/gen-corpus}
WORK=$(mktemp -d /tmp/bench-serve.XXXXXX)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
    case "${OUT:-}" in /dev/shm/bench-serve-out.*) rm -rf "$OUT" ;; esac
}
trap cleanup EXIT
export SANGKIEN_TODAY=${SANGKIEN_TODAY:-2026-11-29}

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
# A private copy: other builds of the tree must not swap the binary mid-run.
BIN=$WORK/sangkien
cp "$ROOT/target/release/sangkien" "$BIN"

echo "== catalogue: $N initiatives"
"$GEN" --out "$WORK/cat" --initiatives "$N" >/dev/null

if [[ " $PARTS " == *" serve "* ]]; then
echo "== serve: save → served (page and its field list)"
"$BIN" serve --content "$WORK/cat" --bind 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q '^serving ' "$WORK/serve.out" 2>/dev/null && break
    sleep 0.2
done
URL=$(sed -n 's/^serving //p' "$WORK/serve.out")
[ -n "$URL" ] || { cat "$WORK/serve.log"; exit 1; }
grep '\[serve\] built' "$WORK/serve.log"
python3 - "$WORK/cat" "$URL" "$RUNS" "$WORK/serve.log" <<'PY'
import glob, os, re, statistics, sys, time, urllib.request
cat, url, runs, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def get(path):
    with urllib.request.urlopen(url + path) as r:
        return r.read().decode()
# Entries on the first page of the list of all initiatives: an edit to one
# of them must show on its page, on that list and on its field's list.
by_slug = {os.path.basename(f)[:-3]: f for f in glob.glob(f"{cat}/initiatives/*/*.md")}
listed = list(dict.fromkeys(re.findall(r'href="/sang-kien/([a-z0-9-]+)/"', get("sang-kien/"))))
listed = [s for s in listed if s in by_slug]
def wait_quiet():
    # Let the search update of the previous edit finish, so that each run
    # starts from an idle server.
    last = None
    while True:
        size = os.path.getsize(log)
        if size == last:
            return
        last = size
        time.sleep(1.5)
took, page_only = [], []
for n in range(runs):
    slug = listed[n % len(listed)]
    f = by_slug[slug]
    text = open(f, encoding="utf-8").read()
    field = re.search(r"^field: *(\S+)", text, re.M).group(1)
    paths = [f"sang-kien/{slug}/", "sang-kien/", f"linh-vuc/{field}/"]
    mark = f"BENCH{n}T{time.time_ns()}"
    new = re.sub(r'^summary: "', f'summary: "{mark} ', text, count=1, flags=re.M)
    wait_quiet()
    t0 = time.perf_counter()
    with open(f, "w", encoding="utf-8") as out:
        out.write(new)
    seen = []
    for p in paths:
        while mark not in get(p):
            time.sleep(0.002)
        seen.append((time.perf_counter() - t0) * 1000)
    took.append(seen[-1])
    page_only.append(seen[0])
    print(f"run {n+1}: page {seen[0]:.0f} ms, + all-list {seen[1]:.0f} ms, + field list {seen[2]:.0f} ms")
print(f"median save→served (page, list of all, field list): {statistics.median(took):.0f} ms over {runs} runs "
      f"(page alone {statistics.median(page_only):.0f} ms; target ≤ 150 ms)")
PY
grep 'rebuilt' "$WORK/serve.log" | tail -n "$RUNS"
# After the pages, the search files the edit touched are made again.
sleep 2
grep '\[serve\] search:' "$WORK/serve.log" | tail -n "$RUNS"
grep '\[serve\] search:' "$WORK/serve.log" | tail -n "$RUNS" \
    | sed 's/.*: \([0-9]*\) file(s) updated in \([0-9]*\) ms/\1 \2/' | sort -n -k2 \
    | awk '{f[NR]=$1; t[NR]=$2} END {m=int((NR+1)/2); if (NR) printf "median search update: %d ms (%d files)\n", t[m], f[m]}'
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

fi

if [[ " $PARTS " == *" git "* ]]; then
echo "== git: build with and without the history of $N commits"
python3 - "$WORK/cat" "$N" >"$WORK/import.txt" <<'PY'
# A fast-import stream: commit 1 adds the whole catalogue, every further
# commit changes one initiative (round robin), with fixed dates.
import os, sys
cat, n = sys.argv[1], int(sys.argv[2])
files = []
for d, _, names in os.walk(cat):
    for name in names:
        files.append(os.path.relpath(os.path.join(d, name), cat))
files.sort()
inits = [f for f in files if f.startswith("initiatives/")]
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
t0 = 1_600_000_000
def commit(i, msg, changes):
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.org> %d +0700\n" % (t0 + i * 3600))
    data(msg.encode())
    for path, body in changes:
        out.write(b"M 100644 inline %s\n" % path.encode())
        data(body)
commit(0, "Khởi tạo danh mục", [(f, open(os.path.join(cat, f), "rb").read()) for f in files])
for i in range(1, n):
    f = inits[i % len(inits)]
    body = open(os.path.join(cat, f), "rb").read() + ("\nSửa lần %d.\n" % i).encode()
    commit(i, f"Sửa {os.path.basename(f)} lần {i}", [(f, body)])
PY
REPO=$WORK/repo
git init -q "$REPO"
(cd "$REPO" && git fast-import --quiet <"$WORK/import.txt" && git checkout -q -f main)
echo "commits: $(git -C "$REPO" rev-list --count HEAD), files: $(git -C "$REPO" ls-files | wc -l)"
cp -r "$REPO" "$WORK/nogit" && rm -rf "$WORK/nogit/.git"
( cd "$REPO" && /usr/bin/time -f "git log alone (the history pass): %e s wall, %U+%S s CPU" \
    git log --name-status -M -z --format=%x1e%as%x00%s >/dev/null )
# Site output in memory when possible: disk writes of other jobs on a
# shared machine otherwise dominate the difference being measured.
OUT=$WORK
if [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT=$(mktemp -d /dev/shm/bench-serve-out.XXXXXX); fi
python3 - "$BIN" "$REPO" "$WORK/nogit" "$OUT" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
bin_, repo, nogit, work, runs = sys.argv[1:]
import glob, os, resource
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def build(src, out):
    t, c = time.perf_counter(), cpu()
    subprocess.run([bin_, "build", "--content", src, "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, cpu() - c
import shutil
cold, warm, without = [], [], []
for n in range(int(runs)):
    # Alternate, so that load on the machine hits all three alike. Cold:
    # no cache of an earlier build (a fresh clone, as in CI); warm: the
    # cache of the previous build at the same commit (local builds).
    without.append(build(nogit, f"{work}/out-nogit"))
    shutil.rmtree(f"{repo}/.git/sangkien", ignore_errors=True)
    cold.append(build(repo, f"{work}/out-git"))
    warm.append(build(repo, f"{work}/out-git"))
med = lambda xs, k: statistics.median(x[k] for x in xs)
b = med(without, 0)
print(f"build without git: median {b:.2f} s wall, {med(without, 1):.2f} s CPU")
for name, xs in (("cold (whole history read)", cold), ("warm (cached history)", warm)):
    paired = statistics.median(g[0] - n[0] for g, n in zip(xs, without))
    print(f"build with git history, {name}: median {med(xs, 0):.2f} s wall "
          f"({med(xs, 0)-b:+.2f} s; paired {paired:+.2f} s), {med(xs, 1):.2f} s CPU "
          f"({med(xs, 1)-med(without, 1):+.2f} s); target ≤ +0.5 s")
pages = glob.glob(f"{work}/out-git/sang-kien/*/index.html")
with_history = sum('class="history"' in open(p, encoding="utf-8").read() for p in pages)
print(f"initiative pages with a history: {with_history} of {len(pages)}")
PY
fi
