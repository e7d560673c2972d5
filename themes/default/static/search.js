// zhengfeng offline search (search/index.html). No dependencies, no fetch(), no WebAssembly:
// index files are <script>s that call back into this file, so search works from file:// (a copy
// on a USB stick), over HTTP, and inside an archived snapshot; every path is relative to the page.
//
// Index layout (written by src/search.rs; the two must agree):
// - Text is normalised one character to one character: A-Z and full-width Ａ-Ｚ ａ-ｚ ０-９ fold
//   to ASCII lower case; white space runs are one space. A document's text is
//   "title fields" (title, one space, summary/tags/violation types/body...).
// - Document ids 0..n-1, newest first, so a smaller id wins a tie.
// - Numbers: base-64 varints, digits 0-9A-Za-z-_ ; 0..31 ends a number, 32..63 carries 5 bits
//   and continues; least significant group first.
// - shards/<s>.js: __zfShard(s, {key: postings}). key = a bigram or one character; shard =
//   FNV-1a over the key's code points, modulo data-shards of the page (a power of two).
//   bigram postings: per doc: gap (id - prev - 1), count, first position, (gaps - 1)...
//   character postings: per doc: gap, (occurrences << 1) | in-title.
// - docs.js: __zfDocs({n, shards, kinds: one letter per doc (m c t p), tl: title lengths,
//   chunks: docs per text chunk}).
// - text/<k>.js: __zfText(k, [[kind, title, url, date, fields], ...]) for consecutive ids.
//
// Query: each space-separated term (AND) is looked up by its bigrams, with positions: a term
// occurs at p exactly when its i-th bigram occurs at p+i for every i, so the result set is
// exact without reading any text; a one-character term uses its character list. Only the text
// chunks of the results on screen are loaded, for titles and snippets.
(function () {
  "use strict";
  var root = document.getElementById("zf-search");
  if (!root) return;
  var SHARDS = parseInt(root.getAttribute("data-shards"), 10) || 8;
  var PAGE = 20;
  var KINDS = { m: "制度", c: "案例", t: "培训", p: "页面", i: "督导检查", h: "先进典型", r: "整改事项" };
  var KIND_ORDER = ["m", "c", "i", "r", "h", "t", "p"];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var kindsBox = document.getElementById("search-kinds");
  var empty = document.getElementById("search-empty");
  var more = document.getElementById("search-more");
  var baseTitle = document.title;

  // ---- Loading index files with <script> tags --------------------------------------------
  var files = {};      // src -> Promise
  var shards = {};     // shard number -> {key: postings}
  var chunks = {};     // chunk number -> [[kind, title, url, date, fields], ...]
  var docs = null;     // docs.js data, decoded
  var waiting = {};    // "s12" / "t3" / "docs" -> resolve
  window.__zfShard = function (s, data) { shards[s] = data; done("s" + s); };
  window.__zfText = function (k, data) { chunks[k] = data; done("t" + k); };
  window.__zfDocs = function (d) {
    var chunkSizes = decode(d.chunks), starts = [], at = 0;
    for (var i = 0; i < chunkSizes.length; i++) { starts.push(at); at += chunkSizes[i]; }
    docs = { n: d.n, kinds: d.kinds, tl: decode(d.tl), starts: starts };
    done("docs");
  };
  function done(name) { if (waiting[name]) { waiting[name](); delete waiting[name]; } }
  function load(src, name) {
    if (!files[src]) {
      files[src] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var el = document.createElement("script");
        el.src = src;
        el.async = true;
        el.onerror = function () { delete files[src]; reject(new Error(src)); };
        document.head.appendChild(el);
      });
    }
    return files[src];
  }
  function loadShard(s) { return shards[s] ? Promise.resolve() : load("shards/" + s + ".js", "s" + s); }
  function loadDocs() { return docs ? Promise.resolve() : load("docs.js", "docs"); }
  function loadChunk(k) { return chunks[k] ? Promise.resolve() : load("text/" + k + ".js", "t" + k); }

  // ---- Encoding shared with src/search.rs -----------------------------------------------
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VAL = {};
  for (var d = 0; d < 64; d++) VAL[DIGITS.charAt(d)] = d;
  function decode(s) {
    var out = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var x = VAL[s.charAt(i)];
      if (x >= 32) { v += (x - 32) * mul; mul *= 32; } else { out.push(v + x * mul); v = 0; mul = 1; }
    }
    return out;
  }
  function fold(s) {
    return s.replace(/[A-Z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, function (c) {
      var n = c.charCodeAt(0);
      if (n >= 0xFF00) n -= 0xFEE0;
      return String.fromCharCode(n).toLowerCase();
    });
  }
  function shardOf(key) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) {
      var c = key.codePointAt(i);
      if (c > 0xFFFF) i++;
      h = Math.imul((h ^ c) >>> 0, 0x01000193) >>> 0;
    }
    return h % SHARDS;
  }
  var SPACE = /[\s\u0085]+/;
  function termsOf(q) {
    var seen = {}, out = [];
    fold(q).split(SPACE).forEach(function (t) { if (t && !seen[t]) { seen[t] = 1; out.push(t); } });
    return out;
  }
  function keysOf(term) {
    var cs = Array.from(term);
    if (cs.length === 1) return cs;
    var out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }

  // ---- Matching --------------------------------------------------------------------------
  var decoded = {}; // key -> Map(doc id -> positions | {tf, title})
  function postings(key) {
    if (decoded[key]) return decoded[key];
    var raw = (shards[shardOf(key)] || {})[key];
    var m = new Map();
    if (raw) {
      var nums = decode(raw), i = 0, id = -1;
      if (Array.from(key).length === 1) {
        for (; i < nums.length; i += 2) { id += nums[i] + 1; m.set(id, { tf: nums[i + 1] >> 1, title: (nums[i + 1] & 1) === 1 }); }
      } else {
        while (i < nums.length) {
          id += nums[i] + 1;
          var n = nums[i + 1], pos = new Array(n), p = 0;
          for (var j = 0; j < n; j++) { p = j === 0 ? nums[i + 2] : p + nums[i + 2 + j] + 1; pos[j] = p; }
          m.set(id, pos);
          i += 2 + n;
        }
      }
    }
    decoded[key] = m;
    return m;
  }
  // Doc id -> {tf, title, starts} for one term.
  function matchTerm(term) {
    var keys = keysOf(term), out = new Map();
    if (keys.length === 1 && Array.from(term).length === 1) {
      postings(keys[0]).forEach(function (v, id) { out.set(id, { tf: v.tf, title: v.title, starts: null }); });
      return out;
    }
    var lists = keys.map(postings);
    var smallest = lists.reduce(function (a, b) { return b.size < a.size ? b : a; });
    smallest.forEach(function (_, id) {
      for (var i = 0; i < lists.length; i++) if (!lists[i].has(id)) return;
      var sets = lists.map(function (l) { return new Set(l.get(id)); });
      var starts = lists[0].get(id).filter(function (p) {
        for (var i = 1; i < sets.length; i++) if (!sets[i].has(p + i)) return false;
        return true;
      });
      if (starts.length) out.set(id, { tf: starts.length, title: starts[0] < docs.tl[id], starts: starts });
    });
    return out;
  }
  // Smallest stretch of text holding one start of every term (positions known for all terms).
  function span(hits) {
    if (hits.length < 2 || hits.some(function (h) { return !h.starts; })) return Infinity;
    var all = [];
    hits.forEach(function (h, t) { h.starts.forEach(function (p) { all.push([p, t]); }); });
    all.sort(function (a, b) { return a[0] - b[0]; });
    var count = new Array(hits.length).fill(0), have = 0, best = Infinity, lo = 0;
    for (var hi = 0; hi < all.length; hi++) {
      if (count[all[hi][1]]++ === 0) have++;
      while (have === hits.length) {
        best = Math.min(best, all[hi][0] - all[lo][0]);
        if (--count[all[lo][1]] === 0) have--;
        lo++;
      }
    }
    return best;
  }
  // Ranked results: title hits first, then frequency and proximity, then newer (smaller id).
  function search(terms) {
    var per = terms.map(matchTerm);
    per.sort(function (a, b) { return a.size - b.size; });
    var results = [];
    per[0].forEach(function (_, id) {
      var hits = [];
      for (var i = 0; i < per.length; i++) { var h = per[i].get(id); if (!h) return; hits.push(h); }
      var titleHits = 0, score = 0;
      hits.forEach(function (h) { if (h.title) titleHits++; score += Math.log(1 + h.tf) / Math.LN2; });
      var s = span(hits);
      if (s < Infinity) score += 2 / (1 + s / 8);
      results.push({ id: id, kind: docs.kinds.charAt(id), titleHits: titleHits, score: Math.round(score * 1000) });
    });
    results.sort(function (a, b) { return b.titleHits - a.titleHits || b.score - a.score || a.id - b.id; });
    return results;
  }

  // ---- Rendering -------------------------------------------------------------------------
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  // Ranges [from, to) of every hit of every term in s (folded alike, so offsets agree).
  function ranges(s, terms) {
    var low = fold(s), out = [];
    terms.forEach(function (t) {
      for (var i = low.indexOf(t); i >= 0; i = low.indexOf(t, i + 1)) out.push([i, i + t.length]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }
  function highlight(s, rs, from, to) {
    var html = "", at = from;
    rs.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (b <= a || a < at) return;
      html += esc(s.slice(at, a)) + "<mark>" + esc(s.slice(a, b)) + "</mark>";
      at = b;
    });
    return html + esc(s.slice(at, to));
  }
  var SNIPPET = 110;
  // The window of the text holding the most distinct terms, every hit in it marked.
  function snippet(s, terms) {
    var rs = ranges(s, terms);
    if (!rs.length) return esc(s.slice(0, SNIPPET)) + (s.length > SNIPPET ? "…" : "");
    var low = fold(s), best = rs[0][0], bestScore = -1;
    rs.forEach(function (r) {
      var seen = 0;
      terms.forEach(function (t) { var i = low.indexOf(t, r[0]); if (i >= 0 && i + t.length <= r[0] + SNIPPET - 20) seen++; });
      if (seen > bestScore) { bestScore = seen; best = r[0]; }
    });
    var from = Math.max(0, best - 24), to = Math.min(s.length, from + SNIPPET);
    if (to - from < SNIPPET) from = Math.max(0, to - SNIPPET);
    return (from > 0 ? "…" : "") + highlight(s, rs, from, to) + (to < s.length ? "…" : "");
  }
  function docOf(id) {
    var k = chunkOf(id);
    var row = chunks[k][id - docs.starts[k]];
    return { kind: row[0], title: row[1], url: row[2], date: row[3], fields: row[4] };
  }
  function chunkOf(id) {
    var lo = 0, hi = docs.starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (docs.starts[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function item(r, terms) {
    var d = docOf(r.id);
    var li = document.createElement("li");
    li.className = "search-hit";
    li.setAttribute("data-url", d.url);
    li.setAttribute("data-kind", d.kind);
    li.innerHTML =
      '<p class="search-hit-head"><span class="badge search-kind kind-' + d.kind + '">' + KINDS[d.kind] + "</span> " +
      '<a href="../' + esc(d.url) + '">' + highlight(d.title, ranges(d.title, terms), 0, d.title.length) + "</a>" +
      (d.date ? ' <span class="search-date">' + esc(d.date) + "</span>" : "") + "</p>" +
      '<p class="search-snippet">' + snippet(d.fields, terms) + "</p>";
    return li;
  }

  // ---- State, URL, events ----------------------------------------------------------------
  var state = { q: "", kind: "", results: [], terms: [], shown: 0 };
  var seq = 0;
  function setState(name) { list.setAttribute("data-state", name); }
  function params() {
    var p = {};
    location.search.replace(/^\?/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("="), k = i < 0 ? kv : kv.slice(0, i), v = i < 0 ? "" : kv.slice(i + 1);
      try { p[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, " ")); } catch (e) { /* keep going */ }
    });
    return p;
  }
  function syncUrl() {
    var qs = state.q ? "?q=" + encodeURIComponent(state.q) + (state.kind ? "&kind=" + state.kind : "") : "";
    try { history.replaceState(null, "", location.pathname + qs + location.hash); } catch (e) { /* file:// in some browsers */ }
    document.title = (state.q ? state.q + " · " : "") + baseTitle;
  }
  function filtered() {
    return state.kind ? state.results.filter(function (r) { return r.kind === state.kind; }) : state.results;
  }
  function run(q) {
    var my = ++seq;
    state.q = q;
    state.terms = termsOf(q);
    syncUrl();
    if (!state.terms.length) {
      state.results = [];
      list.innerHTML = "";
      list.setAttribute("data-count", "0");
      status.textContent = "";
      kindsBox.hidden = true;
      empty.hidden = true;
      more.hidden = true;
      setState("idle");
      return Promise.resolve();
    }
    setState("loading");
    status.textContent = "正在搜索…";
    var need = {};
    state.terms.forEach(function (t) { keysOf(t).forEach(function (k) { need[shardOf(k)] = 1; }); });
    var loads = Object.keys(need).map(function (s) { return loadShard(+s); });
    loads.push(loadDocs());
    return Promise.all(loads).then(function () {
      if (my !== seq) return;
      state.results = search(state.terms);
      state.shown = 0;
      list.innerHTML = "";
      return show(my);
    }).catch(function (e) {
      if (my !== seq) return;
      // The reader gets words; the cause goes to the console for whoever maintains the site.
      status.textContent = "搜索索引加载失败，请确认站点的全部文件都已复制完整。";
      if (window.console) console.error(e);
      setState("error");
    });
  }
  // Render the next page of results (loading its text chunks first).
  function show(my) {
    var rs = filtered();
    var page = rs.slice(state.shown, state.shown + PAGE);
    var need = {};
    page.forEach(function (r) { need[chunkOf(r.id)] = 1; });
    var loads = Object.keys(need).map(function (k) { return loadChunk(+k); });
    if (!state.results.length) loads.push(suggest(my));
    return Promise.all(loads).then(function () {
      if (my !== seq) return;
      var frag = document.createDocumentFragment();
      page.forEach(function (r) { frag.appendChild(item(r, state.terms)); });
      list.appendChild(frag);
      state.shown += page.length;
      renderChrome(rs);
      setState("done");
    });
  }
  function renderChrome(rs) {
    var total = state.results.length;
    list.setAttribute("data-count", String(rs.length));
    var counts = {};
    state.results.forEach(function (r) { counts[r.kind] = (counts[r.kind] || 0) + 1; });
    kindsBox.hidden = total === 0;
    kindsBox.innerHTML = "";
    [""].concat(KIND_ORDER).forEach(function (k) {
      var n = k ? counts[k] || 0 : total;
      if (k && !n && state.kind !== k) return;
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-kind", k);
      b.setAttribute("aria-pressed", String(state.kind === k));
      b.textContent = (k ? KINDS[k] : "全部") + " " + n;
      kindsBox.appendChild(b);
    });
    var label = "“" + state.terms.join(" ") + "”";
    if (!total) {
      status.textContent = "";
    } else if (state.kind) {
      status.innerHTML = "共找到 <strong>" + total + "</strong> 条包含 " + esc(label) + " 的结果，其中" + KINDS[state.kind] + " <strong>" + rs.length + "</strong> 条";
    } else {
      status.innerHTML = "共找到 <strong>" + total + "</strong> 条包含 " + esc(label) + " 的结果";
    }
    empty.hidden = total > 0;
    more.hidden = state.shown >= rs.length;
    if (!more.hidden) more.textContent = "显示更多结果（还有 " + (rs.length - state.shown) + " 条）";
  }
  // Suggestions for a query that found nothing: each term alone, and shorter pieces of long
  // terms, each looked up and offered only when it finds something.
  function suggest(my) {
    var cands = [], seen = {}, whole = state.terms.join(" ");
    function add(q) { if (q && q !== whole && !seen[q]) { seen[q] = 1; cands.push(q); } }
    if (state.terms.length > 1) state.terms.forEach(add);
    state.terms.forEach(function (t) {
      var cs = Array.from(t), n = cs.length;
      if (n >= 5) { add(cs.slice(0, 4).join("")); add(cs.slice(n - 4).join("")); }
      if (n >= 3) { add(cs.slice(0, 2).join("")); add(cs.slice(n - 2).join("")); }
    });
    cands = cands.slice(0, 8);
    var need = {};
    cands.forEach(function (q) { termsOf(q).forEach(function (t) { keysOf(t).forEach(function (k) { need[shardOf(k)] = 1; }); }); });
    return Promise.all(Object.keys(need).map(function (s) { return loadShard(+s); })).then(function () {
      if (my !== seq) return;
      var found = [];
      cands.forEach(function (q) { var n = search(termsOf(q)).length; if (n) found.push([q, n]); });
      var html = '<p class="search-none"><strong>无结果</strong>：没有找到包含“' + esc(whole) + '”的内容。</p><ul class="search-tips">';
      if (found.length) {
        html += "<li>试试：" + found.map(function (f) {
          return '<a href="?q=' + encodeURIComponent(f[0]) + '" data-q="' + esc(f[0]) + '">' + esc(f[0]) + "</a> <small>（" + f[1] + "）</small>";
        }).join("、") + "</li>";
      }
      if (state.terms.length > 1) html += "<li>多个关键词须同时出现，可减少关键词再试。</li>";
      html += "<li>检查是否有错别字，或换一个更短、更常用的说法。</li>";
      html += '<li>也可以浏览 <a href="../mechanisms/index.html">制度机制</a>、<a href="../cases/index.html">典型案例</a>、<a href="../trainings/index.html">培训专题</a>。</li></ul>';
      empty.innerHTML = html;
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 180);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  kindsBox.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    state.kind = b.getAttribute("data-kind") || "";
    state.shown = 0;
    list.innerHTML = "";
    syncUrl();
    show(seq);
  });
  more.addEventListener("click", function () { show(seq); });
  empty.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-q]");
    if (!a) return;
    e.preventDefault();
    input.value = a.getAttribute("data-q");
    run(input.value);
  });

  var p = params();
  if (p.kind && KINDS[p.kind]) state.kind = p.kind;
  var header = document.querySelector(".masthead .search-box input[name=q]");
  if (p.q) {
    input.value = p.q;
    if (header) header.value = p.q;
    run(p.q);
  } else {
    input.focus();
  }
})();
