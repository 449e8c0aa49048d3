/* Search for the /tim-kiem/ page: reads the files `sangkien build` exports
   under /search-index/ and ranks exactly as `sangkien search` does (see
   src/search/analyzer.rs, shard.rs and query.rs: every step here mirrors
   one there, in the same integers). No framework, no wasm. */
(function () {
  'use strict';

  // ---- analyzer (src/search/analyzer.rs) ----
  var TONES = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var letters = new Map();

  // [toneless, folded, tone] of a lowercase letter outside ASCII.
  function letter(c) {
    var l = letters.get(c);
    if (l) return l;
    var cp = c.codePointAt(0);
    if (c === 'đ') l = ['đ', 'd', null];
    else if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)) {
      var parts = Array.from(c.normalize('NFD'));
      var base = parts[0], tone = null, kept = base;
      for (var i = 1; i < parts.length; i++) {
        var t = TONES[parts[i]];
        if (t) { if (tone === null) tone = t; } else kept += parts[i];
      }
      var composed = Array.from(kept.normalize('NFC'));
      if (composed.length !== 1) { composed = [c]; tone = null; }
      l = [composed[0], base.charCodeAt(0) < 128 ? base : c, tone];
    } else l = [c, c, null];
    letters.set(c, l);
    return l;
  }

  // A syllable of consonants and a final y is spelt with i as well (lý/lí):
  // both get the key with i (analyzer.rs, unify_i_y).
  var ONSET = /^[bcdđghklmnpqrstvx]+y$/;
  function unifyIY(key) { return ONSET.test(key) ? key.slice(0, -1) + 'i' : key; }

  function keys(word) {
    var folded = '', exact = '', tone = null;
    for (var c of word) {
      if (c.charCodeAt(0) < 128) { folded += c; exact += c; continue; }
      var l = letter(c);
      folded += l[1]; exact += l[0];
      if (tone === null) tone = l[2];
    }
    folded = unifyIY(folded); exact = unifyIY(exact);
    return { folded: folded, exact: tone === null ? exact : exact + ':' + tone };
  }

  // Words of an NFC text: {folded, exact, marks, start, end} (UTF-16 offsets).
  function analyze(text) {
    var words = [], start = -1, i = 0;
    for (var c of text + ' ') {
      if (WORD_CHAR.test(c)) { if (start < 0) start = i; }
      else if (start >= 0) {
        var k = keys(text.slice(start, i).toLowerCase());
        words.push({ folded: k.folded, exact: k.exact, marks: k.folded !== k.exact, start: start, end: i });
        start = -1;
      }
      i += c.length;
    }
    return words;
  }

  // ---- shards (src/search/shard.rs) ----
  var SHARD_FILES = 4096, CARDS_PER_FILE = 4;
  function shardName(key) {
    var h = 0x811c9dc5;
    for (var b of new TextEncoder().encode(key)) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
    return ('00' + (h % SHARD_FILES).toString(16)).slice(-3);
  }

  function decode(data) {
    var at = 0, shard = new Map(), utf8 = new TextDecoder();
    function varint() {
      var v = 0, shift = 0, b;
      do { b = data[at++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b >= 0x80);
      return v;
    }
    function undelta(n) {
      var out = new Uint32Array(n), doc = 0;
      for (var i = 0; i < n; i++) { doc = i === 0 ? varint() : doc + varint(); out[i] = doc; }
      return out;
    }
    // The complete set of a cut list (shard.rs, decode_set).
    function set(df) {
      var form = String.fromCharCode(data[at++]), out = new Uint32Array(df), got = 0;
      if (form === 'a') return undelta(df);
      if (form === 'c') {
        var universe = varint(), gone = undelta(universe - df), g = 0;
        for (var d = 0; d < universe; d++) { if (g < gone.length && gone[g] === d) g++; else out[got++] = d; }
        return out;
      }
      var bytes = varint();
      for (var i = 0; i < bytes; i++) {
        var b = data[at + i];
        for (var bit = 0; bit < 8; bit++) if (b & (1 << bit)) out[got++] = i * 8 + bit;
      }
      at += bytes;
      return out;
    }
    while (at < data.length) {
      var kind = String.fromCharCode(data[at++]);
      var len = varint();
      var key = utf8.decode(data.subarray(at, at + len));
      at += len;
      var df = varint(), n = varint(), imp = new Uint8Array(n), docs = new Uint32Array(n), got = 0;
      while (got < n) {
        var q = data[at++], count = varint(), doc = 0;
        for (var c = 0; c < count; c++) { doc = c === 0 ? varint() : doc + varint(); imp[got] = q; docs[got++] = doc; }
      }
      var all = df > n && kind !== 'b' ? set(df) : null;
      shard.set(kind + ' ' + key, { df: df, imp: imp, docs: docs, all: all });
    }
    return shard;
  }

  // ---- engine (src/search/query.rs) ----
  var W_WORD = 4, W_PREFIX = 2, W_EXACT = 2, W_PAIR = 6, NONE = 65535;

  // Every document of a list, ascending (List::docs).
  function listDocs(l) {
    if (!l) return [];
    if (l.all) return l.all;
    return Array.from(l.docs).sort(function (a, b) { return a - b; });
  }
  function intersect(a, b) {
    var i = 0, j = 0, out = [];
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++; else if (a[i] > b[j]) j++; else { out.push(a[i]); i++; j++; }
    }
    return out;
  }
  function union(a, b) {
    var i = 0, j = 0, out = [];
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  // The documents every word matches (query.rs, matches).
  function matches(words, shards, prefix, asSpelt) {
    var result = null;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], shard = shards.get(w.folded);
      var get = function (kind, key) { return shard ? shard.get(kind + ' ' + key) : undefined; };
      var docs = listDocs(asSpelt && w.marks ? get('x', w.exact) : get('u', w.folded));
      if (prefix && i + 1 === words.length) { var p = get('p', w.folded); if (p) docs = union(docs, listDocs(p)); }
      result = result === null ? Array.from(docs) : intersect(result, docs);
      if (!result.length) return result;
    }
    return result || [];
  }

  // The ranking score of every document in some head (query.rs, scores).
  function scores(words, shards, prefix) {
    var score = new Map();
    var add = function (l, weight) {
      if (!l) return;
      for (var j = 0; j < l.docs.length; j++) score.set(l.docs[j], (score.get(l.docs[j]) || 0) + weight * l.imp[j]);
    };
    words.forEach(function (w, i) {
      var shard = shards.get(w.folded);
      var get = function (kind, key) { return shard ? shard.get(kind + ' ' + key) : undefined; };
      var slot = new Map();
      var take = function (l, weight) {
        if (!l) return;
        for (var j = 0; j < l.docs.length; j++) {
          var v = weight * l.imp[j], d = l.docs[j], old = slot.get(d);
          if (old === undefined || v > old) slot.set(d, v);
        }
      };
      take(get('u', w.folded), W_WORD);
      if (prefix && i + 1 === words.length) take(get('p', w.folded), W_PREFIX);
      slot.forEach(function (v, d) { score.set(d, (score.get(d) || 0) + v); });
      if (w.marks) add(get('x', w.exact), W_EXACT);
      if (i + 1 < words.length) {
        var key = w.folded + ' ' + words[i + 1].folded;
        if (prefix && i + 2 === words.length) {
          var best = new Map();
          if (shard) shard.forEach(function (l, k) {
            if (k.startsWith('b ' + key)) for (var j = 0; j < l.docs.length; j++) {
              var d = l.docs[j], old = best.get(d);
              if (old === undefined || l.imp[j] > old) best.set(d, l.imp[j]);
            }
          });
          best.forEach(function (q, d) { score.set(d, (score.get(d) || 0) + W_PAIR * q); });
        } else add(get('b', key), W_PAIR);
      }
    });
    return score;
  }

  // src: {shard(key) -> Promise<Map|null>, facet(name) -> Promise<Uint16Array|null>}
  async function runQuery(src, query, filters, facets) {
    var words = analyze(query.normalize('NFC'));
    var prefix = !/\s$/.test(query);
    var answer = { hits: [], counts: {}, words: words.map(function (w) { return w.folded; }), prefix: prefix, foldedFallback: false };
    if (!words.length) return answer;
    var keys = Array.from(new Set(answer.words));
    var loaded = await Promise.all(keys.map(function (k) { return src.shard(k); }));
    var shards = new Map(keys.map(function (k, i) { return [k, loaded[i]]; }));
    var matched = matches(words, shards, prefix, true);
    if (!matched.length && words.some(function (w) { return w.marks; })) {
      matched = matches(words, shards, prefix, false);
      answer.foldedFallback = matched.length > 0;
    }
    answer.spelt = words.map(function (w) { return w.marks && !answer.foldedFallback ? w.exact : null; });
    var score = scores(words, shards, prefix);
    var results = matched.map(function (d) { return { doc: d, score: score.get(d) || 0 }; });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });

    var names = Array.from(new Set(Object.keys(filters).concat(facets)));
    var cols = await Promise.all(names.map(function (n) { return src.facet(n); }));
    var columns = new Map(names.map(function (n, i) { return [n, cols[i]]; }));
    var value = function (name, d) { var c = columns.get(name); return c && d < c.length ? c[d] : NONE; };
    facets.forEach(function (f) { answer.counts[f] = new Map(); });
    for (var hit of results) {
      var failing = Object.keys(filters).filter(function (name) { return filters[name].indexOf(value(name, hit.doc)) < 0; });
      for (var f of facets) {
        if (failing.length === 0 || (failing.length === 1 && failing[0] === f)) {
          var v = value(f, hit.doc), counts = answer.counts[f];
          counts.set(v, (counts.get(v) || 0) + 1);
        }
      }
      if (failing.length === 0) answer.hits.push(hit);
    }
    return answer;
  }

  // Wraps the matched words of `text` in <mark>, escaping the rest (the
  // rule of Answer::marks_word).
  function highlight(text, a) {
    var esc = function (s) { return s.replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
    var out = '', at = 0, words = a.words;
    for (var w of analyze(text)) {
      var hit = words.some(function (q, i) {
        var own = a.spelt && a.spelt[i] ? w.exact === a.spelt[i] : w.folded === q;
        return own || (a.prefix && i + 1 === words.length && w.folded.length > q.length && w.folded.startsWith(q));
      });
      if (hit) { out += esc(text.slice(at, w.start)) + '<mark>' + esc(text.slice(w.start, w.end)) + '</mark>'; at = w.end; }
    }
    return out + esc(text.slice(at));
  }

  var api = { analyze: analyze, keys: keys, shardName: shardName, decode: decode, runQuery: runQuery, highlight: highlight };
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; return; }
  window.sangkienSearch = api;

  // ---- the page ----
  var script = document.currentScript;
  var base = new URL('../search-index/', script ? script.src : location.href);
  var cache = new Map();
  var PAGE = 5;
  var FALLBACK = 'Không có kết quả viết đúng dấu như từ khóa; dưới đây là kết quả không phân biệt dấu.';
  var FACETS = ['field', 'year', 'level', 'kind', 'unit', 'district'];
  var LABELS = { field: 'Lĩnh vực', year: 'Năm', level: 'Cấp', kind: 'Loại giải pháp', unit: 'Đơn vị', district: 'Địa bàn' };

  // Fetches an exported file, un-gzipped (unless the server already did).
  function load(rel) {
    if (!cache.has(rel)) {
      cache.set(rel, fetch(new URL(rel, base)).then(async function (r) {
        if (!r.ok) return null;
        var buf = new Uint8Array(await r.arrayBuffer());
        if (buf[0] !== 0x1f || buf[1] !== 0x8b) return buf;
        var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Uint8Array(await new Response(stream).arrayBuffer());
      }).catch(function () { cache.delete(rel); return null; }));
    }
    return cache.get(rel);
  }
  var json = function (rel) { return load(rel).then(function (b) { return b && JSON.parse(new TextDecoder().decode(b)); }); };
  var src = {
    shard: function (k) { return load('s/' + shardName(k) + '.gz').then(function (b) { return b && decode(b); }); },
    facet: function (n) {
      return load('f/' + n + '.gz').then(function (b) {
        if (!b) return null;
        var v = new DataView(b.buffer, b.byteOffset, b.byteLength), col = new Uint16Array(b.length >> 1);
        for (var i = 0; i < col.length; i++) col[i] = v.getUint16(2 * i, true);
        return col;
      });
    }
  };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function start() {
    var app = document.getElementById('search-app');
    if (!app) return;
    var params = new URLSearchParams(location.search);
    // The page's own form (it works without JavaScript) or a new one.
    var input = document.querySelector('form.search input[name=q]'), form;
    if (input) form = input.form;
    else {
      form = el('form', { role: 'search', class: 'search' });
      input = el('input', { type: 'search', name: 'q', 'aria-label': 'Từ khóa' });
      form.appendChild(input);
      app.appendChild(form);
    }
    input.setAttribute('autocomplete', 'off');
    if (!input.placeholder) input.placeholder = 'Tên, tác giả, đơn vị… có dấu hay không dấu';
    input.value = params.get('q') || '';
    var panel = el('details', { class: 'search-filters' });
    panel.appendChild(el('summary', {}, 'Lọc kết quả'));
    var status = el('p', { class: 'search-status', 'aria-live': 'polite' });
    var notice = el('p', { class: 'search-fallback', hidden: '' });
    var list = el('ol', { class: 'search-results' });
    var more = el('button', { type: 'button', class: 'search-more', hidden: '' }, 'Xem thêm kết quả');
    app.append(panel, status, notice, list, more);
    var filters = {};
    FACETS.forEach(function (f) { if (params.getAll(f).length) filters[f] = params.getAll(f); });
    if (Object.keys(filters).length) panel.open = true;
    var meta = null, answer = null, shown = 0, run = 0;

    async function search() {
      var mine = ++run, q = input.value;
      var wantFacets = panel.open;
      if (wantFacets && !meta) meta = await json('f/meta.gz');
      var ix = {};
      for (var f in filters) {
        var vals = meta ? meta.values[f] : [];
        ix[f] = filters[f].map(function (s) { return vals.findIndex(function (v) { return v[0] === s; }); });
      }
      var a = await runQuery(src, q, ix, wantFacets ? FACETS : []);
      if (mine !== run) return;
      answer = a; shown = 0;
      list.textContent = '';
      status.textContent = a.words.length ? a.hits.length + ' kết quả' : '';
      notice.hidden = !a.foldedFallback;
      notice.textContent = a.foldedFallback ? FALLBACK : '';
      if (wantFacets) drawFilters(a);
      await showMore();
      var url = new URLSearchParams();
      if (q) url.set('q', q);
      for (var f2 in filters) filters[f2].forEach(function (v) { url.append(f2, v); });
      var qs = url.toString();
      history.replaceState(null, '', qs ? '?' + qs : location.pathname);
    }

    async function showMore() {
      var a = answer, page = a.hits.slice(shown, shown + PAGE);
      shown += page.length;
      var cards = await Promise.all(page.map(function (h) {
        return json('c/' + Math.floor(h.doc / CARDS_PER_FILE) + '.gz').then(function (a) { return a && a[h.doc % CARDS_PER_FILE]; });
      }));
      if (a !== answer) return;
      cards.forEach(function (c, i) {
        if (!c) return;
        var li = el('li', { class: 'search-hit', 'data-id': c.id, 'data-doc': page[i].doc });
        var h = el('h3'), link = el('a', { href: new URL(c.url.slice(1), new URL('../', base)).pathname });
        link.innerHTML = highlight(c.title, a);
        h.appendChild(link);
        var p = el('p', { class: 'search-summary' });
        p.innerHTML = highlight(c.summary, a);
        li.append(h, el('p', { class: 'search-meta' }, [c.field, c.year, c.level].join(' · ')), p);
        list.appendChild(li);
      });
      more.hidden = shown >= a.hits.length;
    }

    function drawFilters(a) {
      panel.querySelectorAll('fieldset').forEach(function (n) { n.remove(); });
      FACETS.forEach(function (f) {
        var set = el('fieldset', { 'data-facet': f });
        set.appendChild(el('legend', {}, LABELS[f]));
        meta.values[f].forEach(function (v, i) {
          var n = a.counts[f].get(i) || 0, on = (filters[f] || []).indexOf(v[0]) >= 0;
          if (!n && !on) return;
          var label = el('label'), box = el('input', { type: 'checkbox', value: v[0] });
          box.checked = on;
          box.addEventListener('change', function () {
            var cur = (filters[f] || []).filter(function (x) { return x !== v[0]; });
            if (box.checked) cur.push(v[0]);
            if (cur.length) filters[f] = cur; else delete filters[f];
            search();
          });
          label.append(box, ' ' + v[1] + ' (' + n + ')');
          set.appendChild(label);
        });
        if (set.children.length > 1) panel.appendChild(set);
      });
    }

    var timer;
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 120); });
    form.addEventListener('submit', function (e) { e.preventDefault(); search(); });
    panel.addEventListener('toggle', function () { if (panel.open) search(); });
    more.addEventListener('click', showMore);
    // For benchmarks and tests: run a query as if typed, resolve when shown.
    api.search = function (q) { input.value = q; return search(); };
    if (input.value || Object.keys(filters).length) search();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
