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

  // A reader of varints and document sets over bytes (shard.rs, Reader).
  function reader(data) {
    var r = { at: 0 };
    r.varint = function () {
      var v = 0, shift = 0, b;
      do { b = data[r.at++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b >= 0x80);
      return v;
    };
    r.undelta = function (n) {
      var out = new Uint32Array(n), doc = 0;
      for (var i = 0; i < n; i++) { doc = i === 0 ? r.varint() : doc + r.varint(); out[i] = doc; }
      return out;
    };
    // A complete set of documents (shard.rs, decode_set).
    r.set = function (df) {
      var form = String.fromCharCode(data[r.at++]), out = new Uint32Array(df), got = 0;
      if (form === 'a') return r.undelta(df);
      if (form === 'c') {
        var universe = r.varint(), gone = r.undelta(universe - df), g = 0;
        for (var d = 0; d < universe; d++) { if (g < gone.length && gone[g] === d) g++; else out[got++] = d; }
        return out;
      }
      var bytes = r.varint();
      for (var i = 0; i < bytes; i++) {
        var b = data[r.at + i];
        for (var bit = 0; bit < 8; bit++) if (b & (1 << bit)) out[got++] = i * 8 + bit;
      }
      r.at += bytes;
      return out;
    };
    return r;
  }

  function decode(data) {
    var r = reader(data), shard = new Map(), utf8 = new TextDecoder();
    while (r.at < data.length) {
      var kind = String.fromCharCode(data[r.at++]);
      var len = r.varint();
      var key = utf8.decode(data.subarray(r.at, r.at + len));
      r.at += len;
      var df = r.varint(), n = r.varint(), imp = new Uint8Array(n), docs = new Uint32Array(n), got = 0;
      while (got < n) {
        var q = data[r.at++], count = r.varint(), doc = 0;
        for (var c = 0; c < count; c++) { doc = c === 0 ? r.varint() : doc + r.varint(); imp[got] = q; docs[got++] = doc; }
      }
      var all = df > n && kind !== 'b' ? r.set(df) : null;
      shard.set(kind + ' ' + key, { df: df, imp: imp, docs: docs, all: all });
    }
    return shard;
  }

  // A facet value's file: {label, docs} (shard.rs, decode_value_set).
  function decodeValueSet(data) {
    var r = reader(data), len = r.varint();
    var label = JSON.parse(new TextDecoder().decode(data.subarray(r.at, r.at + len)));
    r.at += len;
    return { label: label, docs: r.set(r.varint()) };
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

  // The documents one word matches (query.rs, word_docs).
  function wordDocs(w, shards, typing, asSpelt) {
    var shard = shards.get(w.folded);
    var get = function (kind, key) { return shard ? shard.get(kind + ' ' + key) : undefined; };
    var docs = listDocs(asSpelt && w.marks ? get('x', w.exact) : get('u', w.folded));
    if (typing) { var p = get('p', w.folded); if (p) docs = union(docs, listDocs(p)); }
    return docs;
  }

  // The documents every word matches (query.rs, matches).
  function matches(words, shards, prefix, asSpelt) {
    var result = null;
    for (var i = 0; i < words.length; i++) {
      var docs = wordDocs(words[i], shards, prefix && i + 1 === words.length, asSpelt);
      result = result === null ? Array.from(docs) : intersect(result, docs);
      if (!result.length) return result;
    }
    return result || [];
  }

  // Impacts summed, and adjacent pairs held, by document (query.rs, ranks).
  function ranks(words, shards, prefix) {
    var base = new Map(), adjacent = new Map();
    var add = function (l, weight) {
      if (!l) return;
      for (var j = 0; j < l.docs.length; j++) base.set(l.docs[j], (base.get(l.docs[j]) || 0) + weight * l.imp[j]);
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
      slot.forEach(function (v, d) { base.set(d, (base.get(d) || 0) + v); });
      if (w.marks) add(get('x', w.exact), W_EXACT);
      if (i + 1 >= words.length) return;
      var key = 'b ' + w.folded + ' ' + words[i + 1].folded, typing = prefix && i + 2 === words.length;
      var best = new Map();
      if (shard) shard.forEach(function (l, k) {
        if (k === key || (typing && k.startsWith(key) && k.length > key.length)) for (var j = 0; j < l.docs.length; j++) {
          var d = l.docs[j], old = best.get(d);
          if (old === undefined || l.imp[j] > old) best.set(d, l.imp[j]);
        }
      });
      best.forEach(function (q, d) {
        base.set(d, (base.get(d) || 0) + W_PAIR * q);
        adjacent.set(d, (adjacent.get(d) || 0) + 1);
      });
    });
    return { base: base, adjacent: adjacent };
  }

  // Ids in a query, lowercase (query.rs, query_ids).
  var ID = /^[a-z]{2,6}-[0-9]{4}-[0-9]{3,5}$/i;
  function queryIds(query) {
    var out = [];
    query.split(/\s+/).forEach(function (t) {
      if (ID.test(t)) { t = t.toLowerCase(); if (out[out.length - 1] !== t) out.push(t); }
    });
    return out;
  }
  var ID_TIER = 1 << 27, PAIR_TIER = 1 << 20, MAX_ADJACENT = 127;
  function packedScore(id, adjacent, base) {
    return (id ? ID_TIER : 0) + Math.min(adjacent, MAX_ADJACENT) * PAIR_TIER + Math.min(base, PAIR_TIER - 1);
  }
  function has(sorted, d) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < d) lo = mid + 1; else hi = mid; }
    return lo < sorted.length && sorted[lo] === d;
  }

  // Optimal string alignment distance of two strings (code points).
  function osa(a, b) {
    a = Array.from(a); b = Array.from(b);
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) v = Math.min(v, prev2[k - 2] + 1);
        cur.push(v);
      }
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  var MAX_SUGGESTIONS = 3;
  // The closest words of the vocabulary, as a suggestion writes them
  // (vocabulary.rs, closest).
  function closest(w, vocabulary, follows) {
    var len = Array.from(w.folded).length, bound = len <= 3 ? 1 : 2, near = [];
    vocabulary.forEach(function (v, rank) {
      if (Math.abs(Array.from(v).length - len) > bound) return;
      var k = keys(v.toLowerCase()), d = osa(w.folded, k.folded);
      if (d > bound || d === 0) return;
      near.push([follows(k.folded) ? 0 : 1, d, w.marks ? osa(w.exact, k.exact) : 0, rank, w.marks ? v : k.folded]);
    });
    near.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]; });
    var out = [];
    near.forEach(function (n) { if (out.indexOf(n[4]) < 0 && out.length < MAX_SUGGESTIONS) out.push(n[4]); });
    return out;
  }
  async function loadShards(src, shards, keys) {
    keys = keys.filter(function (k) { return !shards.has(k); });
    var loaded = await Promise.all(keys.map(function (k) { return src.shard(k); }));
    keys.forEach(function (k, i) { shards.set(k, loaded[i]); });
  }
  // Corrected queries that have results (vocabulary.rs, suggest).
  async function suggest(src, query, words, shards, prefix) {
    var unknown = words.map(function (w, i) { return wordDocs(w, shards, prefix && i + 1 === words.length, false).length === 0; });
    if (unknown.indexOf(true) < 0) return [];
    var vocabulary = await src.vocabulary();
    if (!vocabulary) return [];
    var text = query.normalize('NFC');
    var near = words.map(function (w, i) {
      if (!unknown[i]) return [];
      var before = i > 0 ? shards.get(words[i - 1].folded) : null;
      return closest(w, vocabulary, function (next) { return !!before && before.has('b ' + words[i - 1].folded + ' ' + next); });
    });
    if (near.some(function (n, i) { return unknown[i] && !n.length; })) return [];
    var out = [];
    for (var k = 0; k < MAX_SUGGESTIONS; k++) {
      if (!near.some(function (n) { return n.length > k; })) break;
      var line = words.map(function (w, i) {
        var n = near[i];
        return n.length ? n[Math.min(k, n.length - 1)] : text.slice(w.start, w.end).toLowerCase();
      }).join(' ');
      if (out.indexOf(line) >= 0) continue;
      var again = analyze(line);
      await loadShards(src, shards, again.map(function (w) { return w.folded; }));
      if (matches(again, shards, prefix, true).length || matches(again, shards, prefix, false).length) out.push(line);
    }
    return out;
  }

  // src: {shard(key), idShard(key) -> Promise<Map|null>, facet(name) -> Promise<Uint16Array|null>,
  //       facetSet(name, slug) -> Promise<{label, docs}|null>, vocabulary() -> Promise<[string]|null>}
  // filters: facet -> [slug]
  async function runQuery(src, query, filters, facets) {
    var words = analyze(query.normalize('NFC'));
    var prefix = !/\s$/.test(query);
    var answer = { hits: [], counts: {}, words: words.map(function (w) { return w.folded; }), prefix: prefix, foldedFallback: false, suggestions: [], labels: {} };
    if (!words.length) return answer;
    var ids = queryIds(query), shards = new Map();
    var idShards = await Promise.all(ids.map(function (k) { return src.idShard(k); }));
    await loadShards(src, shards, Array.from(new Set(answer.words)));
    var matched = matches(words, shards, prefix, true);
    if (!matched.length && words.some(function (w) { return w.marks; })) {
      matched = matches(words, shards, prefix, false);
      answer.foldedFallback = matched.length > 0;
    }
    answer.spelt = words.map(function (w) { return w.marks && !answer.foldedFallback ? w.exact : null; });
    if (!matched.length) answer.suggestions = await suggest(src, query, words, shards, prefix);
    var r = ranks(words, shards, prefix), named = [];
    ids.forEach(function (k, i) { var s = idShards[i], l = s && s.get('i ' + k); if (l) named = named.concat(Array.from(l.docs)); });
    var results = matched.map(function (d) {
      return { doc: d, score: packedScore(named.indexOf(d) >= 0, r.adjacent.get(d) || 0, r.base.get(d) || 0) };
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });

    // Filters read the sets of their values; counts read columns.
    var names = Object.keys(filters);
    var accepted = await Promise.all(names.map(async function (n) {
      var sets = await Promise.all(filters[n].map(function (v) { return src.facetSet(n, v); })), docs = [];
      sets.forEach(function (s, i) { if (s) { docs = union(docs, s.docs); answer.labels[n + '=' + filters[n][i]] = s.label; } });
      return docs;
    }));
    var cols = await Promise.all(facets.map(function (n) { return src.facet(n); }));
    var columns = new Map(facets.map(function (n, i) { return [n, cols[i]]; }));
    var value = function (name, d) { var c = columns.get(name); return c && d < c.length ? c[d] : NONE; };
    facets.forEach(function (f) { answer.counts[f] = new Map(); });
    for (var hit of results) {
      var failing = names.filter(function (n, i) { return !has(accepted[i], hit.doc); });
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

  var api = { analyze: analyze, keys: keys, shardName: shardName, decode: decode, decodeValueSet: decodeValueSet, runQuery: runQuery, highlight: highlight };
  if (typeof module !== 'undefined' && module.exports) { module.exports = api; return; }
  window.sangkienSearch = api;

  // ---- the page ----
  var script = document.currentScript;
  var base = new URL('../search-index/', script ? script.src : location.href);
  var cache = new Map();
  var PAGE = 5;
  var root = new URL('../', base);
  var SUGGEST = 'Có phải bạn muốn tìm';
  // The browse lists (command.rs, BROWSE).
  var BROWSE = [['Tất cả sáng kiến', '/sang-kien/'], ['Đơn vị', '/don-vi/'], ['Tác giả', '/tac-gia/'],
    ['Lĩnh vực, năm, cấp, địa bàn', '/tim-kiem/#h-browse']];
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
    idShard: function (k) { return load('i/' + shardName(k) + '.gz').then(function (b) { return b && decode(b); }); },
    facet: function (n) {
      return load('f/' + n + '.gz').then(function (b) {
        if (!b) return null;
        var v = new DataView(b.buffer, b.byteOffset, b.byteLength), col = new Uint16Array(b.length >> 1);
        for (var i = 0; i < col.length; i++) col[i] = v.getUint16(2 * i, true);
        return col;
      });
    },
    facetSet: function (n, slug) {
      return load('f/' + n + '/' + encodeURIComponent(slug) + '.gz').then(function (b) { return b && decodeValueSet(b); });
    },
    vocabulary: function () {
      return load('v.gz').then(function (b) { return b && new TextDecoder().decode(b).split('\n'); });
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
    var active = el('p', { class: 'search-active', hidden: '' });
    var notice = el('p', { class: 'search-fallback', hidden: '' });
    var none = el('div', { class: 'search-none', hidden: '' });
    var list = el('ol', { class: 'search-results' });
    var more = el('button', { type: 'button', class: 'search-more', hidden: '' }, 'Xem thêm kết quả');
    app.append(panel, active, status, notice, none, list, more);
    var filters = {};
    FACETS.forEach(function (f) { if (params.getAll(f).length) filters[f] = params.getAll(f); });
    // A filter from the address reads only its values' sets; the panel's
    // counts (every facet's column) are read when the panel is opened.
    var meta = null, answer = null, shown = 0, run = 0;

    async function search() {
      var mine = ++run, q = input.value;
      var wantFacets = panel.open;
      if (wantFacets && !meta) meta = await json('f/meta.gz');
      var a = await runQuery(src, q, filters, wantFacets ? FACETS : []);
      if (mine !== run) return;
      answer = a; shown = 0;
      list.textContent = '';
      status.textContent = a.words.length ? a.hits.length + ' kết quả' : '';
      notice.hidden = !a.foldedFallback;
      notice.textContent = a.foldedFallback ? FALLBACK : '';
      drawActive(a);
      drawNone(a);
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

    function setFilter(f, slug, on) {
      var cur = (filters[f] || []).filter(function (x) { return x !== slug; });
      if (on) cur.push(slug);
      if (cur.length) filters[f] = cur; else delete filters[f];
      search();
    }

    // The filters in use, each with a button that removes it.
    function drawActive(a) {
      active.textContent = '';
      var on = Object.keys(filters);
      active.hidden = !on.length;
      if (!on.length) return;
      active.append('Đang lọc: ');
      on.forEach(function (f) {
        filters[f].forEach(function (slug) {
          var b = el('button', { type: 'button', 'data-facet': f, 'data-value': slug },
            LABELS[f] + ': ' + (a.labels[f + '=' + slug] || slug) + ' ×');
          b.addEventListener('click', function () { setFilter(f, slug, false); });
          active.append(b, ' ');
        });
      });
    }

    // No result: the corrected queries that have some, and the browse lists.
    function drawNone(a) {
      none.textContent = '';
      none.hidden = !(a.words.length && !a.hits.length);
      if (none.hidden) return;
      none.appendChild(el('p', {}, 'Không có kết quả nào cho «' + input.value.trim() + '».'));
      if (a.suggestions.length) {
        var p = el('p', { class: 'search-suggest' }, SUGGEST + ': ');
        a.suggestions.forEach(function (q, i) {
          var link = el('a', { href: '?q=' + encodeURIComponent(q) }, q);
          link.addEventListener('click', function (e) { e.preventDefault(); input.value = q; search(); });
          p.append(i ? ', ' : '', link);
        });
        p.append('?');
        none.appendChild(p);
      }
      var browse = el('p', { class: 'search-browse' }, 'Duyệt theo danh mục: ');
      BROWSE.forEach(function (b, i) {
        var to = new URL(b[1].slice(1), root);
        browse.append(i ? ' · ' : '', el('a', { href: to.pathname + to.hash }, b[0]));
      });
      none.appendChild(browse);
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
          box.addEventListener('change', function () { setFilter(f, v[0], box.checked); });
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
