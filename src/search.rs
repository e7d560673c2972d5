//! Offline full-text search (SPEC §5.2): the index, built here at build time, and the search
//! page. `themes/default/static/search.js` is the other half; the two must agree on everything
//! described below (normalisation, hashing, encoding), and the tests check that they do.
//!
//! Why this design: Chinese has no spaces, so any word list misses terms. Instead every
//! document is indexed by its overlapping character pairs (bigrams) *with positions*: a query
//! term of n ≥ 2 characters occurs at position p exactly when its i-th bigram occurs at p + i for
//! every i, so the index alone decides the result set, exactly, for any run of characters —
//! across word boundaries (宴请问), unknown words, ASCII. A one-character term uses a
//! per-character (unigram) list. No dictionary, no false hits, no misses.
//!
//! What it may use: the rendered plain text in `Bodies` and the validated `Site` (already cut
//! for the build's audience, so an item missing there is missing from search). It renders no
//! template: the search page itself is one of the portal's page families.
//!
//! # Index layout (all under `search/`, every path relative to `search/index.html`)
//!
//! - Normalised text: per character, ASCII `A-Z` and full-width `Ａ-Ｚ ａ-ｚ ０-９` fold to ASCII
//!   lower case (one character to one character, so offsets survive); every run of white
//!   space is one space. A document's text is `title + " " + fields`, where fields are the
//!   summary and body first (snippets come from them), then requirements, document number,
//!   violation types, tags and disposition.
//!   Pairs that contain a space are not indexed, and query terms never contain one.
//! - Documents get ids 0..n sorted newest first (date descending, undated pages last), so
//!   "newer first on ties" is "smaller id first".
//! - Numbers are written in a base-64 varint: digits `0-9A-Za-z-_`, value 0..31 of a digit is a
//!   final 5-bit group, 32..63 a group with more to follow, least significant group first.
//! - `shards/<s>.js` calls `window.__zfShard(s, {key: postings, ...})`, keys sorted. A key is a
//!   bigram or a single character; its shard is FNV-1a (32-bit, over the Unicode code points of
//!   the key) modulo the shard count. The shard count is a power of two chosen so a shard is
//!   about 64 KiB; the search page carries it in `data-shards`.
//!   - bigram postings: per document in id order `gap, count, pos0, (pos_i - pos_{i-1} - 1)...`
//!     where gap is `id - previous id - 1` (previous starts at -1) and positions are code-point
//!     offsets in the normalised text.
//!   - single-character postings: per document `gap, (occurrences << 1) | in_title`.
//! - `docs.js` calls `window.__zfDocs({n, shards, kinds, tl, chunks})`: `kinds` one letter per
//!   document (`m` 制度, `c` 案例, `t` 培训, `p` 页面); `tl` the title length of each document
//!   (varints), a hit at a position below it is a title hit; `chunks` the number of documents
//!   in each text chunk (varints).
//! - `text/<k>.js` calls `window.__zfText(k, [[kind, title, url, date, fields], ...])` for a run
//!   of consecutive ids (about 16 KiB a chunk): what a result shows. Only the chunks of the
//!   results on screen are loaded.
//!
//! A query loads the search page, `search.js`, `docs.js`, one shard per distinct key of its
//! terms, and the text chunks of the results shown.

use crate::error::Result;
use crate::bodies::Bodies;
use crate::model::Kind;
use crate::output::Page;
use crate::site::Site;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Target size of one postings shard, before the page decides how many there are.
const SHARD_TARGET: usize = 64 * 1024;
/// Target size of one text chunk.
const CHUNK_TARGET: usize = 16 * 1024;

/// The index files of the search feature (everything under `search/` but its page), with what
/// the page must say about them: the shard count and the number of documents.
pub struct SearchIndex {
    pub files: Vec<Page>,
    pub shard_count: u32,
    pub docs: usize,
}

/// What becomes of the index files as they are made: a build writes them at once and keeps
/// none (`output::Stream::keep`), so the index is never whole in memory; a build into memory
/// keeps them all.
pub type Keep<'k> = &'k (dyn Fn(Vec<Page>) -> Result<Vec<Page>> + Sync);

/// The search index of everything the site holds (already cut for the build's audience, so an
/// item missing there is missing from search). Each file goes to `keep` as soon as it is made;
/// `files` holds what `keep` gave back.
pub fn index(site: &Site, bodies: &Bodies, keep: Keep) -> Result<SearchIndex> {
    let t = crate::timing::stage("search: documents");
    let docs = documents(site, bodies);
    drop(t);
    let t = crate::timing::stage("search: postings");
    let index = Index::build(&docs);
    drop(t);
    let _t = crate::timing::stage("search: files");
    let shard_count = index.shard_count;
    Ok(SearchIndex { files: index.files(&docs, keep)?, shard_count, docs: docs.len() })
}

/// One searchable item, as the index and the result list see it.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub kind: Kind,
    pub title: String,
    /// Relative to the site root.
    pub url: String,
    /// `YYYY-MM-DD`, empty for undated pages.
    pub date: String,
    /// Everything searchable after the title, white space collapsed.
    pub fields: String,
}

impl Doc {
    pub(crate) fn new(kind: Kind, title: &str, url: String, date: String, fields: &[&str]) -> Doc {
        let fields: Vec<String> = fields.iter().map(|f| collapse(f)).filter(|f| !f.is_empty()).collect();
        Doc { kind, title: collapse(title), url, date, fields: fields.join(" ") }
    }

    /// The text that is indexed: title, a space, the fields (`index_run` reads it in place).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        if self.fields.is_empty() {
            self.title.clone()
        } else {
            format!("{} {}", self.title, self.fields)
        }
    }
}

/// Everything in the site that can be found, newest first (that order is the document id).
fn documents(site: &Site, bodies: &Bodies) -> Vec<Doc> {
    use rayon::prelude::*;
    let mut docs = Vec::new();
    for c in site.items.all() {
        let kind = c.kind();
        let made: Vec<Doc> = (0..c.len())
            .into_par_iter()
            .with_max_len(crate::TASK_LEN)
            .map(|i| {
                let item = c.item(i);
                let mut fields = item.search_fields(bodies.text(kind, item.id()));
                // An attachment is found with its page, by its title and its file name.
                for a in bodies.get(kind, item.id()).into_iter().flat_map(|b| &b.attachments) {
                    // An attachment without a title of its own is titled by its file name: once.
                    fields.push(if a.title == a.name() { a.title.clone() } else { format!("{} {}", a.title, a.name()) });
                }
                let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
                let date = item.date().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                Doc::new(kind, item.title(), kind.url(item.id()), date, &fields)
            })
            .collect();
        docs.extend(made);
    }
    sort_docs(&mut docs);
    docs
}

/// Newest first; undated last; then by kind and URL so the order never depends on input order.
fn sort_docs(docs: &mut [Doc]) {
    docs.sort_by(|a, b| {
        (a.date.is_empty(), std::cmp::Reverse(&a.date), a.kind, &a.url).cmp(&(b.date.is_empty(), std::cmp::Reverse(&b.date), b.kind, &b.url))
    });
}

/// White space as both sides see it: Rust's and JavaScript's definitions differ in U+0085 and
/// U+FEFF, so both count here and in `search.js`.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Runs of white space become one space; trimmed. Copies the text between spaces as slices,
/// not character by character.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Start of the run of non-space characters being read, and whether a space came before it.
    let mut start: Option<usize> = None;
    let mut gap = false;
    for (i, c) in s.char_indices() {
        if is_space(c) {
            if let Some(st) = start.take() {
                out.push_str(&s[st..i]);
            }
            gap = true;
        } else if start.is_none() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push_str(&s[st..]);
    }
    out
}

/// Case folding, one character to one character: ASCII and full-width letters and digits.
pub(crate) fn fold(c: char) -> char {
    let c = match c {
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The shard of a key: FNV-1a over its code points.
pub(crate) fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

fn push_num(s: &mut String, mut v: u64) {
    while v >= 32 {
        s.push(DIGITS[(32 + (v & 31)) as usize] as char);
        v >>= 5;
    }
    s.push(DIGITS[v as usize] as char);
}

/// A key packed in a number: a bigram is `(first << 32) | (second + 1)`, a single character
/// `first << 32`. Cheaper to hash and sort than strings; turned back into text only once.
type Key = u64;

fn bigram_key(c: char, d: char) -> Key {
    ((c as u64) << 32) | (d as u64 + 1)
}

fn unigram_key(c: char) -> Key {
    (c as u64) << 32
}

fn key_text(k: Key) -> String {
    let first = char::from_u32((k >> 32) as u32).unwrap_or(' ');
    match (k & 0xffff_ffff) as u32 {
        0 => first.to_string(),
        d => [first, char::from_u32(d - 1).unwrap_or(' ')].iter().collect(),
    }
}

/// A fast hasher for packed keys (the default SipHash costs more than the indexing itself).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v ^ (v >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (v >> 32);
    }
}

type KeyMap<V> = HashMap<Key, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The postings of one key over a run of consecutive documents. The first document's gap is
/// left out of `rest`, because it depends on the run before (runs are built in parallel and
/// joined in order).
struct Run {
    key: Key,
    first: usize,
    last: usize,
    rest: String,
    /// The document whose positions `hits` holds, and those positions in ascending order:
    /// gathered while the document is read, encoded once it is done.
    doc: usize,
    hits: Vec<u32>,
}

/// Index the documents `ids` (consecutive), appending each key's postings to its run.
///
/// Each key's positions are gathered per document in a slot found by one hash lookup per
/// character pair, in text order (so already ascending), then encoded for the keys the
/// document touched: no sorting of (key, position) pairs.
fn index_run(docs: &[Doc], ids: std::ops::Range<usize>) -> (Vec<Run>, Vec<usize>) {
    let mut slots: KeyMap<u32> = KeyMap::default();
    let mut unigram_slots: Vec<u32> = vec![u32::MAX; 0x1_0000];
    let mut runs: Vec<Run> = Vec::new();
    let mut title_lengths = Vec::with_capacity(ids.len());
    let mut touched: Vec<u32> = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    for id in ids {
        let doc = &docs[id];
        chars.clear();
        chars.extend(doc.title.chars().map(fold));
        let title_len = chars.len();
        if !doc.fields.is_empty() {
            chars.push(' ');
            chars.extend(doc.fields.chars().map(fold));
        }
        title_lengths.push(title_len);
        touched.clear();
        let mut hit = |key: Key, pos: u32| {
            let new_run = |runs: &mut Vec<Run>| {
                runs.push(Run { key, first: id, last: id, rest: String::new(), doc: usize::MAX, hits: Vec::new() });
                (runs.len() - 1) as u32
            };
            // Single characters of the Basic Multilingual Plane (all common Chinese) find their
            // slot by index; pairs and rarer characters by hash.
            let c = (key >> 32) as usize;
            let slot = if key & 0xffff_ffff == 0 && c < unigram_slots.len() {
                if unigram_slots[c] == u32::MAX {
                    unigram_slots[c] = new_run(&mut runs);
                }
                unigram_slots[c]
            } else {
                *slots.entry(key).or_insert_with(|| new_run(&mut runs))
            };
            let run = &mut runs[slot as usize];
            if run.doc != id {
                run.doc = id;
                run.hits.clear();
                touched.push(slot);
            }
            run.hits.push(pos);
        };
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                continue;
            }
            hit(unigram_key(c), i as u32);
            if let Some(&d) = chars.get(i + 1) {
                if d != ' ' {
                    hit(bigram_key(c, d), i as u32);
                }
            }
        }
        for &slot in &touched {
            let run = &mut runs[slot as usize];
            if run.first != id {
                push_num(&mut run.rest, (id - run.last - 1) as u64);
            }
            run.last = id;
            if run.key & 0xffff_ffff == 0 {
                // Single character: occurrences, and whether one is in the title.
                let in_title = (run.hits[0] as usize) < title_len;
                push_num(&mut run.rest, ((run.hits.len() as u64) << 1) | in_title as u64);
            } else {
                push_num(&mut run.rest, run.hits.len() as u64);
                let mut prev: Option<u32> = None;
                for &pos in &run.hits {
                    push_num(&mut run.rest, match prev {
                        None => pos as u64,
                        Some(q) => (pos - q - 1) as u64,
                    });
                    prev = Some(pos);
                }
            }
        }
    }
    (runs, title_lengths)
}

/// The encoded index: postings by key, and the shard count that fits them.
pub(crate) struct Index {
    pub keys: BTreeMap<String, String>,
    pub shard_count: u32,
    pub title_lengths: Vec<usize>,
}

impl Index {
    pub(crate) fn build(docs: &[Doc]) -> Index {
        use rayon::prelude::*;
        // Runs of documents indexed in parallel, then joined key by key in document order.
        let run_len = docs.len().div_ceil(16).max(64);
        let ranges: Vec<std::ops::Range<usize>> =
            (0..docs.len()).step_by(run_len).map(|s| s..(s + run_len).min(docs.len())).collect();
        let t = crate::timing::stage("search: runs");
        let runs: Vec<(Vec<Run>, Vec<usize>)> = ranges.into_par_iter().map(|r| index_run(docs, r)).collect();
        drop(t);
        let _t = crate::timing::stage("search: join");
        let mut title_lengths = Vec::with_capacity(docs.len());
        let mut joined: KeyMap<(usize, String)> = KeyMap::default();
        for (keys, tls) in runs {
            title_lengths.extend(tls);
            for run in keys {
                let (last, enc) = joined.entry(run.key).or_insert_with(|| (usize::MAX, String::new()));
                let gap = if *last == usize::MAX { run.first } else { run.first - *last - 1 };
                push_num(enc, gap as u64);
                enc.push_str(&run.rest);
                *last = run.last;
            }
        }
        let keys: BTreeMap<String, String> = joined.into_iter().map(|(k, (_, enc))| (key_text(k), enc)).collect();
        // Key, quotes, colon, comma: what each entry costs in a shard file.
        let total: usize = keys.iter().map(|(k, v)| k.len() + v.len() + 6).sum();
        let shard_count = total.div_ceil(SHARD_TARGET).next_power_of_two().clamp(8, 4096) as u32;
        Index { keys, shard_count, title_lengths }
    }

    /// `docs.js`, `shards/*.js`, `text/*.js`, each handed to `keep` once made. The postings
    /// go into their shards by value, and each shard is let go once its file is written.
    pub(crate) fn files(self, docs: &[Doc], keep: Keep) -> Result<Vec<Page>> {
        use rayon::prelude::*;
        let mut shards: Vec<BTreeMap<String, String>> = (0..self.shard_count).map(|_| BTreeMap::new()).collect();
        for (k, v) in self.keys {
            let s = shard_of(&k, self.shard_count) as usize;
            shards[s].insert(k, v);
        }
        let kept: Vec<Vec<Page>> = shards
            .into_par_iter()
            .enumerate()
            .map(|(s, entries)| {
                let body = serde_json::to_string(&entries).unwrap_or_else(|_| "{}".into());
                drop(entries);
                keep(vec![(format!("search/shards/{s}.js"), format!("window.__zfShard({s},{body});\n").into_bytes().into())])
            })
            .collect::<Result<_>>()?;
        let mut out: Vec<Page> = kept.into_iter().flatten().collect();
        // Text chunks: consecutive ids, about CHUNK_TARGET bytes each.
        let mut chunk_sizes = Vec::new();
        let mut chunk: Vec<serde_json::Value> = Vec::new();
        let mut bytes = 0;
        let flush = |chunk: &mut Vec<serde_json::Value>, out: &mut Vec<Page>, sizes: &mut Vec<usize>| -> Result<()> {
            if chunk.is_empty() {
                return Ok(());
            }
            let k = sizes.len();
            let body = serde_json::to_string(&chunk).unwrap_or_else(|_| "[]".into());
            out.extend(keep(vec![(format!("search/text/{k}.js"), format!("window.__zfText({k},{body});\n").into_bytes().into())])?);
            sizes.push(chunk.len());
            chunk.clear();
            Ok(())
        };
        for d in docs {
            bytes += d.title.len() + d.url.len() + d.fields.len() + 24;
            chunk.push(json!([d.kind.search_letter().to_string(), d.title, d.url, d.date, d.fields]));
            if bytes >= CHUNK_TARGET {
                flush(&mut chunk, &mut out, &mut chunk_sizes)?;
                bytes = 0;
            }
        }
        flush(&mut chunk, &mut out, &mut chunk_sizes)?;
        let kinds: String = docs.iter().map(|d| d.kind.search_letter()).collect();
        let mut tl = String::new();
        for &n in &self.title_lengths {
            push_num(&mut tl, n as u64);
        }
        let mut chunks = String::new();
        for &n in &chunk_sizes {
            push_num(&mut chunks, n as u64);
        }
        let meta = json!({"n": docs.len(), "shards": self.shard_count, "kinds": kinds, "tl": tl, "chunks": chunks});
        out.extend(keep(vec![("search/docs.js".into(), format!("window.__zfDocs({meta});\n").into_bytes().into())])?);
        Ok(out)
    }
}

/// The query algorithm of `search.js`, over the encoded postings: used by the tests to prove
/// the index exact, and kept line for line with the JavaScript.
#[cfg(test)]
pub(crate) mod query {
    use super::*;
    use std::collections::BTreeSet;

    fn decode(s: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let (mut v, mut shift) = (0u64, 0);
        for b in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == b).expect("digit") as u64;
            if d >= 32 {
                v |= (d - 32) << shift;
                shift += 5;
            } else {
                out.push(v | (d << shift));
                v = 0;
                shift = 0;
            }
        }
        out
    }

    /// Doc id -> positions of a bigram.
    fn bigram_postings(s: &str) -> BTreeMap<usize, Vec<u64>> {
        let nums = decode(s);
        let mut out = BTreeMap::new();
        let (mut i, mut id) = (0, -1i64);
        while i < nums.len() {
            id += nums[i] as i64 + 1;
            let n = nums[i + 1] as usize;
            let mut pos = Vec::with_capacity(n);
            let mut p = 0u64;
            for j in 0..n {
                p = if j == 0 { nums[i + 2] } else { p + nums[i + 2 + j] + 1 };
                pos.push(p);
            }
            out.insert(id as usize, pos);
            i += 2 + n;
        }
        out
    }

    fn unigram_docs(s: &str) -> BTreeSet<usize> {
        let nums = decode(s);
        let mut out = BTreeSet::new();
        let mut id = -1i64;
        for pair in nums.chunks(2) {
            id += pair[0] as i64 + 1;
            out.insert(id as usize);
        }
        out
    }

    /// Ids of the documents containing every term of `q`, looked up in the shards.
    pub(crate) fn run(shards: &BTreeMap<u32, BTreeMap<String, String>>, shard_count: u32, q: &str) -> BTreeSet<usize> {
        let q: String = q.chars().map(fold).collect();
        let terms: Vec<&str> = q.split(is_space).filter(|t| !t.is_empty()).collect();
        let mut result: Option<BTreeSet<usize>> = None;
        let lookup = |k: &str| shards.get(&shard_of(k, shard_count)).and_then(|s| s.get(k)).cloned();
        for t in terms {
            let cs: Vec<char> = t.chars().collect();
            let docs: BTreeSet<usize> = if cs.len() == 1 {
                lookup(t).map(|s| unigram_docs(&s)).unwrap_or_default()
            } else {
                let lists: Vec<BTreeMap<usize, Vec<u64>>> =
                    cs.windows(2).map(|w| lookup(&w.iter().collect::<String>()).map(|s| bigram_postings(&s)).unwrap_or_default()).collect();
                lists[0]
                    .iter()
                    .filter(|(id, starts)| {
                        starts.iter().any(|&p| lists.iter().enumerate().all(|(i, l)| l.get(id).is_some_and(|ps| ps.binary_search(&(p + i as u64)).is_ok())))
                    })
                    .map(|(id, _)| *id)
                    .collect()
            };
            result = Some(match result {
                None => docs,
                Some(r) => r.intersection(&docs).copied().collect(),
            });
        }
        result.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn doc(kind: Kind, title: &str, date: &str, body: &str) -> Doc {
        Doc::new(kind, title, format!("x/{title}/index.html"), date.into(), &[body])
    }

    fn corpus() -> Vec<Doc> {
        let mut docs = vec![
            doc(Kind::Case, "某法院干警违规接受宴请问题", "2024-04-18", "干警接受律师宴请，受到党内警告。"),
            doc(Kind::Case, "违规饮酒案", "2024-05-01", "饮酒后驾车，宴请\n问题另案处理。检察院依法提起公诉。"),
            doc(Kind::Mechanism, "监督检查机制", "2021-06-01", "对苗头性问题及时谈话函询，持续加强纪律作风建设。"),
            doc(Kind::Training, "警示教育专题", "2025-06-18", "纪律 作风：分行的纪律\n作风不算连在一起。起诉书的写法。"),
            doc(Kind::Page, "关于本平台", "", "本平台使用 WeChat 与 ＱＱ 通知；不提供 Ａｐｐ。谈话 函询。"),
            doc(Kind::Case, "某检察官违规干预案件", "2023-01-01", "检察官对起诉意见施加影响，宴请问询当事人。"),
            doc(Kind::Case, "哈哈哈哈", "2023-01-02", "哈哈 哈哈哈，重复字。aaaa"),
        ];
        sort_docs(&mut docs);
        docs
    }

    fn shards_of(index: &Index) -> BTreeMap<u32, BTreeMap<String, String>> {
        let mut shards: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
        for (k, v) in &index.keys {
            shards.entry(shard_of(k, index.shard_count)).or_default().insert(k.clone(), v.clone());
        }
        shards
    }

    fn brute(docs: &[Doc], q: &str) -> BTreeSet<usize> {
        let q: String = q.chars().map(fold).collect();
        let terms: Vec<&str> = q.split(is_space).filter(|t| !t.is_empty()).collect();
        if terms.is_empty() {
            return BTreeSet::new();
        }
        docs.iter()
            .enumerate()
            .filter(|(_, d)| {
                let text: String = d.text().chars().map(fold).collect();
                terms.iter().all(|t| text.contains(t))
            })
            .map(|(i, _)| i)
            .collect()
    }

    // The index answers exactly what a substring scan of every document answers.
    #[test]
    fn index_matches_brute_force_substring_scan() {
        let docs = corpus();
        let index = Index::build(&docs);
        let shards = shards_of(&index);
        let queries = [
            "宴请", "宴请问", "谈话函询", "起诉", "纪律作风", "诉", "哈", "WeChat", "wEcHaT", "qq", "ＡＰＰ", "app",
            "哈哈哈", "哈哈哈哈", "aaa", "纪律 作风", "宴请 起诉", "不存在的词", "x", "问题", "  宴请  警告 ",
        ];
        for q in queries {
            assert_eq!(query::run(&shards, index.shard_count, q), brute(&docs, q), "query {q:?}");
        }
        assert_eq!(brute(&docs, "宴请问").len(), 2, "fixture sanity: 宴请问 crosses words in two documents");
        assert!(brute(&docs, "不存在的词").is_empty());
    }

    // Every substring of every document, up to six characters, is found in exactly the
    // documents that contain it.
    #[test]
    fn every_substring_is_found_exactly() {
        let docs = corpus();
        let index = Index::build(&docs);
        let shards = shards_of(&index);
        let mut seen = BTreeSet::new();
        for d in &docs {
            let chars: Vec<char> = d.text().chars().collect();
            for len in 1..=6 {
                for w in chars.windows(len) {
                    let q: String = w.iter().collect();
                    if q.contains(' ') || !seen.insert(q.clone()) {
                        continue;
                    }
                    assert_eq!(query::run(&shards, index.shard_count, &q), brute(&docs, &q), "query {q:?}");
                }
            }
        }
        assert!(seen.len() > 500);
    }

    /// The argument of `window.__zfX(n, ARG);` in an index file.
    fn payload(bytes: &[u8]) -> serde_json::Value {
        let s = std::str::from_utf8(bytes).unwrap();
        let start = s.find(',').map(|i| i + 1).filter(|_| !s.starts_with("window.__zfDocs(")).unwrap_or("window.__zfDocs(".len());
        let end = s.rfind(");").unwrap();
        serde_json::from_str(&s[start..end]).unwrap()
    }

    // On the demo site's content (read, validated and its Markdown rendered: the stages search
    // stands on, no template), the index files answer exactly what a substring scan of each
    // document's text answers.
    #[test]
    fn demo_site_index_matches_brute_force() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = crate::diag::Diagnostics::new();
        let sources = crate::load::load(root, &mut diags).unwrap();
        let parsed = crate::parse::parse(&sources, &mut diags);
        let site = crate::validate::validate(parsed, sources.config.clone(), crate::validate::Cut { audience: crate::model::Audience::Internal, as_of: chrono::NaiveDate::MIN, period: None }, &mut diags);
        let bodies = crate::bodies::render(&site, &sources.assets, &mut diags, None);
        assert!(!diags.has_errors(), "{}", diags.render_all());
        let files: BTreeMap<String, crate::output::Bytes> = index(&site, &bodies, &|p| Ok(p)).unwrap().files.into_iter().collect();
        let files = &files;
        let meta = payload(&files["search/docs.js"]);
        let shard_count = meta["shards"].as_u64().unwrap() as u32;
        let mut shards = BTreeMap::new();
        for s in 0..shard_count {
            let v = payload(&files[&format!("search/shards/{s}.js")]);
            let m: BTreeMap<String, String> = serde_json::from_value(v).unwrap();
            shards.insert(s, m);
        }
        let mut texts = Vec::new();
        for k in 0.. {
            let Some(bytes) = files.get(&format!("search/text/{k}.js")) else { break };
            for row in payload(bytes).as_array().unwrap() {
                let title = row[1].as_str().unwrap();
                let fields = row[4].as_str().unwrap();
                texts.push(if fields.is_empty() { title.to_string() } else { format!("{title} {fields}") });
            }
        }
        assert_eq!(texts.len() as u64, meta["n"].as_u64().unwrap());
        assert!(texts.len() >= site.cases.len() + site.mechanisms.len());
        let brute = |q: &str| -> BTreeSet<usize> {
            let q: String = q.chars().map(fold).collect();
            let terms: Vec<&str> = q.split(is_space).filter(|t| !t.is_empty()).collect();
            texts
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    let t: String = t.chars().map(fold).collect();
                    !terms.is_empty() && terms.iter().all(|q| t.contains(q))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let queries = ["宴请", "宴请问", "谈话函询", "起诉", "纪律作风", "纪", "案", "PDF", "pdf", "a", "不存在的查询词", "宴请 饮酒", "四种形态 谈话"];
        for q in queries {
            assert_eq!(query::run(&shards, shard_count, q), brute(q), "query {q:?}");
        }
        assert!(!brute("纪律作风").is_empty() && !brute("谈话函询").is_empty());
        // And a few hundred real substrings, sampled from across the corpus.
        let mut n = 0;
        for t in texts.iter() {
            let chars: Vec<char> = t.chars().collect();
            for len in [1, 2, 3, 5, 8] {
                for start in (0..chars.len().saturating_sub(len)).step_by(97) {
                    let q: String = chars[start..start + len].iter().collect();
                    if q.contains(' ') {
                        continue;
                    }
                    assert_eq!(query::run(&shards, shard_count, &q), brute(&q), "query {q:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 200, "{n} sampled queries");
    }

    #[test]
    fn newest_first_and_undated_last() {
        let docs = corpus();
        assert_eq!(docs[0].date, "2025-06-18");
        assert_eq!(docs.last().map(|d| d.kind), Some(Kind::Page));
    }

    #[test]
    fn varints_and_hash_are_stable() {
        let mut s = String::new();
        for v in [0, 31, 32, 1023, 1024, 123_456] {
            push_num(&mut s, v);
        }
        assert_eq!(s, "0VW1_VWW1Wou3");
        // The same values search.js computes (FNV-1a over code points).
        assert_eq!(shard_of("宴请", 1 << 30), 806_442_876);
        assert_eq!(shard_of("a", 4096), 2348);
        assert_eq!(shard_of("𠀀x", 1 << 30), 239_667_493);
        assert_eq!(fold('Ａ'), 'a');
        assert_eq!(fold('Q'), 'q');
        assert_eq!(fold('宴'), '宴');
    }

    #[test]
    fn output_is_deterministic() {
        let docs = corpus();
        let a = Index::build(&docs).files(&docs, &|p| Ok(p)).unwrap();
        let b = Index::build(&docs).files(&docs, &|p| Ok(p)).unwrap();
        assert_eq!(a, b);
    }
}
