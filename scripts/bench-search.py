#!/usr/bin/env python3
"""Search benchmark on a gen-corpus catalogue (default 50,000 initiatives).

Measures, as medians of several runs:
  - the index's share of the build: `sangkien build` with the index and
    without it (SANGKIEN_SEARCH=off), alternated; and `sangkien search` on
    a cold cache (load + index + export) against `sangkien check`;
  - `sangkien search` latency with a fresh cache;
  - in headless Chromium on a local static server (gzip for text files, as
    static hosts do; shard files are already gzip): bytes and requests of a
    cold query (search.js + shards + cards), and the time of a repeated
    query (analyse, rank, render).

  - the exactness of "bệnh": the command's count against a scan of the
    entry files (case-insensitive), less the files where the word is only
    in a `confidential:` or `private:` line (never published).

Every figure is printed with its target at the end (PASS / FAIL).

Usage: scripts/bench-search.py [--initiatives N] [--runs R] [--corpus DIR] [--work DIR]
Needs a release build (cargo build --release), chromium and chromedriver.
"""
import argparse, gzip, http.server, json, os, resource, shutil, socket, statistics
import subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = ["quy trình", "chuyen doi so", "giao thông nông thôn", "Đắk Hà",
           "cải tiến quy trình cấp", "phan mem quan ly", "bệnh viện đa khoa",
           "tiết kiệm chi phí", "hồ sơ điện tử", "nguyen van"]
# Queries with a facet filter, opened from the URL as a shared link would
# be (the filter reads its values' sets; counts wait for the panel).
FILTERED = [("nang cao hieu qua", "year=2024"), ("bệnh", "field=y-te"),
            ("cồng chiêng", "field=y-te"), ("quy trình", "level=provincial")]
# Queries that find nothing (suggestions read the vocabulary).
MISSES = ["benh vienn", "chuyen doii so"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def timed(cmd, env=None, cpu=None):
    """Wall seconds of a command; appends its CPU seconds to `cpu`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def median_of(runs, f):
    return statistics.median(f() for _ in range(runs))


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        text = path.endswith((".html", ".js", ".css", ".json", ".xml", ".svg"))
        if text and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(open(path, "rb").read())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wd(url, body=None, method=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data else "GET"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]


def network_bytes(log):
    """Requests and bytes of the search files (search.js included) in a performance log."""
    urls, sizes = {}, {}
    for e in log:
        m = json.loads(e["message"])["message"]
        p = m.get("params", {})
        if m["method"] == "Network.responseReceived":
            urls[p["requestId"]] = p["response"]["url"]
        elif m["method"] == "Network.loadingFinished":
            sizes[p["requestId"]] = p["encodedDataLength"]
    counted = [(urls[r], sizes.get(r, 0)) for r in urls
               if "/search-index/" in urls[r] or urls[r].endswith("/search.js")]
    return len(counted), int(sum(b for _, b in counted))


def grep_count(corpus, word):
    """Entry files holding `word` (case-insensitive), and those holding it
    only in a confidential or private line."""
    holding, private_only = 0, 0
    low = word.lower()
    for root, _, names in os.walk(os.path.join(corpus, "initiatives")):
        for n in names:
            text = open(os.path.join(root, n), encoding="utf-8").read()
            lines = [l for l in text.lower().split("\n") if low in l]
            if not lines:
                continue
            holding += 1
            if all(l.lstrip().startswith(("confidential:", "private:")) for l in lines):
                private_only += 1
    return holding, private_only


def browser_figures(site, queries, runs, filtered=()):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: Handler(*a, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % httpd.server_address[1]
    port = free_port()
    driver = subprocess.Popen(["chromedriver", "--port=%d" % port],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wdurl = "http://127.0.0.1:%d" % port
    results = []
    try:
        for _ in range(100):
            try:
                if wd(wdurl + "/status")["ready"]:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        for q in queries:
            profile = tempfile.mkdtemp()
            caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": FLAGS + ["--user-data-dir=" + profile, "--window-size=375,667"]},
                "goog:loggingPrefs": {"performance": "ALL"}}}}
            sid = wd(wdurl + "/session", caps)["sessionId"]
            s = wdurl + "/session/" + sid
            try:
                wd(s + "/url", {"url": base + "/tim-kiem/"})
                for _ in range(200):
                    if wd(s + "/execute/sync", {"script": "return !!(window.sangkienSearch && window.sangkienSearch.search)", "args": []}):
                        break
                    time.sleep(0.05)
                run = ("const done = arguments[1]; const t = performance.now();"
                       "window.sangkienSearch.search(arguments[0]).then(() => done(performance.now() - t));")
                cold_ms = wd(s + "/execute/async", {"script": run, "args": [q]})
                log = wd(s + "/se/log", {"type": "performance"})
                warm = [wd(s + "/execute/async", {"script": run, "args": [q]}) for _ in range(runs)]
                shown = wd(s + "/execute/sync", {"script": "return document.querySelectorAll('.search-hit').length", "args": []})
            finally:
                wd(s, method="DELETE")
                shutil.rmtree(profile, ignore_errors=True)
            requests, nbytes = network_bytes(log)
            results.append({"query": q, "requests": requests, "bytes": nbytes, "shown": shown,
                            "cold_ms": round(cold_ms, 1), "warm_ms": round(statistics.median(warm), 2)})
            print("  %-26s %2d requests %6d bytes  cold %6.1f ms  repeated %5.2f ms  (%d shown)" % (
                q, results[-1]["requests"], results[-1]["bytes"], cold_ms, results[-1]["warm_ms"], shown))
        for q, param in filtered:
            profile = tempfile.mkdtemp()
            caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": FLAGS + ["--user-data-dir=" + profile, "--window-size=375,667"]},
                "goog:loggingPrefs": {"performance": "ALL"}}}}
            sid = wd(wdurl + "/session", caps)["sessionId"]
            s = wdurl + "/session/" + sid
            try:
                wd(s + "/url", {"url": base + "/tim-kiem/?q=" + urllib.parse.quote(q) + "&" + param})
                status = ""
                for _ in range(400):
                    status = wd(s + "/execute/sync", {"script": "const s = document.querySelector('.search-status'); return s ? s.textContent : ''", "args": []})
                    if status:
                        break
                    time.sleep(0.05)
                time.sleep(0.5)
                log = wd(s + "/se/log", {"type": "performance"})
            finally:
                wd(s, method="DELETE")
                shutil.rmtree(profile, ignore_errors=True)
            requests, nbytes = network_bytes(log)
            results.append({"query": q, "filter": param, "requests": requests, "bytes": nbytes})
            print("  %-26s %-18s %2d requests %6d bytes  (%s)" % (q, param, requests, nbytes, status))
    finally:
        driver.kill()
        driver.wait()
        httpd.shutdown()
    return results


def main():
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser()
    ap.add_argument("--initiatives", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build-runs", type=int, default=3)
    ap.add_argument("--corpus")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/sangkien"))
    # Sites go to tmpfs when there is one: disk writes of other work on the
    # machine otherwise swamp the build times.
    ap.add_argument("--work", default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    a = ap.parse_args()
    env = dict(os.environ, SANGKIEN_TODAY="2026-11-29")
    work = tempfile.mkdtemp(prefix="bench-search-", dir=a.work)
    corpus = a.corpus or os.path.join(work, "content")
    if not os.path.isdir(corpus):
        gen = os.path.join(os.environ.get("SANGKIEN_SHARED", os.path.join(ROOT, "../shared")), "tools/gen-corpus")
        subprocess.run([gen, "--out", corpus, "--initiatives", str(a.initiatives)], check=True, stdout=subprocess.DEVNULL)
    cache = os.path.join(os.path.dirname(os.path.abspath(corpus)), ".sangkien-cache", "search",
                         os.path.basename(os.path.abspath(corpus)))
    print("corpus:", corpus, "(%d initiatives)" % a.initiatives)

    def cold_search():
        shutil.rmtree(cache, ignore_errors=True)
        return timed([a.bin, "search", "x", "--content", corpus], env)
    check = median_of(a.build_runs, lambda: timed([a.bin, "check", "--content", corpus], env))
    cold = median_of(a.build_runs, cold_search)
    index_cost = cold - check
    print("check (load+validate) %.2f s; search on a cold cache %.2f s; index+export ~%.2f s" % (check, cold, index_cost))
    site = os.path.join(work, "public")
    has_build = subprocess.run([a.bin, "build", "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if has_build:
        # Alternate builds without and with the index, so that both see the
        # same machine load; the last one (with it) is the site tested below.
        # Wall time suffers from other work on the machine (disk above all);
        # CPU time is reported beside it.
        off, on, off_cpu, on_cpu = [], [], [], []
        for _ in range(a.build_runs):
            off.append(timed([a.bin, "build", "--content", corpus, "--out", site],
                             dict(env, SANGKIEN_SEARCH="off"), off_cpu))
            on.append(timed([a.bin, "build", "--content", corpus, "--out", site], env, on_cpu))
            print("  build without the index %.2f s (cpu %.2f s), with it %.2f s (cpu %.2f s)" % (
                off[-1], off_cpu[-1], on[-1], on_cpu[-1]))
        med = statistics.median
        print("full build: median wall %.2f s without the index, %.2f s with it: +%.1f %% (search's share %.1f %%)" % (
            med(off), med(on), 100 * (med(on) / med(off) - 1), 100 * (1 - med(off) / med(on))))
        print("full build: median cpu %.2f s without the index, %.2f s with it: +%.1f %%" % (
            med(off_cpu), med(on_cpu), 100 * (med(on_cpu) / med(off_cpu) - 1)))
    else:
        print("no `sangkien build` yet: browser figures use the cache's export and a bare page")
        shutil.copytree(os.path.join(cache, "search-index"), os.path.join(site, "search-index"))
        os.makedirs(os.path.join(site, "assets"))
        os.makedirs(os.path.join(site, "tim-kiem"))
        with open(os.path.join(site, "tim-kiem", "index.html"), "w") as f:
            f.write('<!doctype html><meta charset=utf-8><div id=search-app></div>'
                    '<script src=/assets/search.js defer></script>')
    shutil.copy(os.path.join(ROOT, "themes/default/static/search.js"), os.path.join(site, "assets", "search.js"))

    subprocess.run([a.bin, "search", "x", "--content", corpus], check=True, stdout=subprocess.DEVNULL, env=env)
    lat, checks, answers = [], [], []
    for q in QUERIES:
        walls, cache_ms, query_ms = [], [], []
        for _ in range(a.runs):
            # Wall time of the plain command; its split from a --json run
            # (which also counts every facet).
            t = time.perf_counter()
            subprocess.run([a.bin, "search", q, "--content", corpus],
                           check=True, stdout=subprocess.DEVNULL, env=env)
            walls.append(1000 * (time.perf_counter() - t))
            out = subprocess.run([a.bin, "search", q, "--content", corpus, "--json"],
                                 check=True, capture_output=True, env=env)
            j = json.loads(out.stdout)
            cache_ms.append(j["cache_ms"])
            query_ms.append(j["query_ms"])
        med = statistics.median
        lat.append(med(walls)); checks.append(med(cache_ms)); answers.append(med(query_ms))
        print("  sangkien search %-26s %6.1f ms (cache check %5.1f ms, answer %5.1f ms)" % (
            repr(q), lat[-1], checks[-1], answers[-1]))
    print("sangkien search, fresh cache: median %.1f ms wall (cache check %.1f ms, answer %.1f ms); worst %.1f ms" % (
        statistics.median(lat), statistics.median(checks), statistics.median(answers), max(lat)))
    shards = [os.path.getsize(os.path.join(site, "search-index/s", f)) for f in os.listdir(os.path.join(site, "search-index/s"))]
    print("shards: %d files, median %d B, 95th percentile %d B, largest %d B" % (
        len(shards), statistics.median(shards), sorted(shards)[int(len(shards) * .95)], max(shards)))
    print("browser (375x667, cold profile per query):")
    r = browser_figures(site, QUERIES + MISSES, a.runs, FILTERED)
    f = [x for x in r if "filter" in x]
    m = [x for x in r if x["query"] in MISSES and "filter" not in x]
    r = [x for x in r if "filter" not in x and x["query"] not in MISSES]
    # 2-4 syllables (the target's queries).
    r = [x for x in r if 2 <= len(x["query"].split()) <= 4]
    print("cold query: median %d bytes, worst %d bytes; median %d requests, worst %d" % (
        statistics.median(x["bytes"] for x in r), max(x["bytes"] for x in r),
        statistics.median(x["requests"] for x in r), max(x["requests"] for x in r)))
    print("repeated query: median %.2f ms, worst %.2f ms" % (
        statistics.median(x["warm_ms"] for x in r), max(x["warm_ms"] for x in r)))
    print("cold query with a facet filter: median %d bytes, worst %d bytes, worst %d requests" % (
        statistics.median(x["bytes"] for x in f), max(x["bytes"] for x in f), max(x["requests"] for x in f)))
    print("cold query finding nothing (suggestions): %s" % ", ".join(
        "%s %d bytes in %d requests" % (x["query"], x["bytes"], x["requests"]) for x in m))
    for q, param in FILTERED:
        out = subprocess.run([a.bin, "search", q, "--content", corpus, "--json"] +
                             ["--" + param.split("=")[0], param.split("=")[1]],
                             check=True, capture_output=True, env=env)
        print("  sangkien search %r --%s: %d results" % (q, param.replace("=", " "), json.loads(out.stdout)["total"]))
    out = subprocess.run([a.bin, "search", "bệnh", "--content", corpus, "--json", "--limit", "0"],
                         check=True, capture_output=True, env=env)
    found = json.loads(out.stdout)["total"]
    holding, private_only = grep_count(corpus, "bệnh")
    print("exactness of \"bệnh\": search %d; files holding it %d, of which %d only in private text: %d published" % (
        found, holding, private_only, holding - private_only))

    kb = lambda b: b / 1024
    med = statistics.median
    checks = [
        ("cold 2-4-syllable query, median KB", kb(med(x["bytes"] for x in r)), 40),
        ("cold 2-4-syllable query, worst KB", kb(max(x["bytes"] for x in r)), 60),
        ("cold query, worst requests", max(x["requests"] for x in r), 10),
        ("cold query with a filter, worst KB", kb(max(x["bytes"] for x in f)), 60),
        ("repeated query, worst ms", max(x["warm_ms"] for x in r), 20),
        ("sangkien search, fresh cache, median ms", statistics.median(lat), 50),
    ]
    if has_build:
        checks.append(("search share of the full build, %", 100 * (1 - med(off) / med(on)), 40))
    checks.append(("\"bệnh\" found vs published files holding it", abs(found - (holding - private_only)), 0))
    print("\nfigure                                          measured   target")
    for name, value, target in checks:
        print("  %-44s %9.1f   <= %-5g %s" % (name, value, target, "PASS" if value <= target else "FAIL"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
