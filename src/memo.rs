//! Memoisation for `serve`'s rebuilds: a render can reuse what the previous render produced
//! wherever the inputs are exactly the same. Nothing here knows what depends on what; every
//! entry is keyed by a 128-bit fingerprint of *all* the inputs of one step, so a reused result
//! is the result the step would produce again — correct by construction, for any edit.
//!
//! Three steps are memoised:
//! - a page (`render::Engine::page`): template sources, shared context, path, section, title, crumbs
//!   and the page's own values;
//! - a case's listing row: template sources and the serialised case view;
//! - a Markdown body: its text, root, page folder and sanitising, *plus* the answers to every link lookup the
//!   previous rendering made (a body is reused only when each of its links still resolves to the
//!   same place), so adding a case re-renders only the bodies whose links it could change.
//!
//! A full `build` renders without a memo. Depends on `markdown` and `output` only.

use crate::output::Bytes;
use crate::markdown::{self, Links, Rendered, Target};
use serde_json::Value;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A 128-bit fingerprint of a sequence of inputs. Every variable-length part is written with
/// its length first and every value with a tag, so two different input sequences never feed the
/// hasher the same bytes.
pub struct Fingerprint(SipHasher13);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(SipHasher13::new_with_keys(0x7a68_656e_6766_656e, 0x6720_7365_7276_6521))
    }
}

impl Fingerprint {
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.write_u64(b.len() as u64);
        self.0.write(b);
        self
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.write_u64(v);
        self
    }

    pub fn u128(&mut self, v: u128) -> &mut Self {
        self.0.write_u128(v);
        self
    }

    /// A JSON value, walked in place (no serialisation to text).
    pub fn value(&mut self, v: &Value) -> &mut Self {
        match v {
            Value::Null => self.u64(0),
            Value::Bool(b) => self.u64(1 + *b as u64),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.u64(3).u64(u)
                } else if let Some(i) = n.as_i64() {
                    self.u64(4).u64(i as u64)
                } else {
                    self.u64(5).u64(n.as_f64().unwrap_or(f64::NAN).to_bits())
                }
            }
            Value::String(s) => self.u64(6).str(s),
            Value::Array(a) => {
                self.u64(7).u64(a.len() as u64);
                for x in a {
                    self.value(x);
                }
                self
            }
            Value::Object(m) => {
                self.u64(8).u64(m.len() as u64);
                for (k, x) in m {
                    self.str(k).value(x);
                }
                self
            }
        }
    }

    pub fn finish(&self) -> u128 {
        self.0.finish128().into()
    }
}

/// What one render leaves for the next.
#[derive(Default)]
pub struct Memo {
    /// Output path -> (fingerprint of its inputs, bytes).
    pages: HashMap<String, (u128, Bytes)>,
    /// Fingerprint of a row's inputs -> the row.
    rows: HashMap<u128, String>,
    /// Fingerprint of (Markdown, root, sanitise) -> (link lookups made and their answers, result).
    bodies: HashMap<u128, (Vec<(String, Target)>, Rendered)>,
}

/// How much of a render was reused; for the terminal and the benchmark.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub pages_rendered: usize,
    pub pages_reused: usize,
    pub rows_rendered: usize,
    pub bodies_rendered: usize,
}

/// One render's use of a memo: the previous render's entries (read only), and the entries this
/// render uses or makes (kept for the next). Entries nobody used are dropped with `prev`.
pub struct MemoRun {
    prev: Memo,
    next: Mutex<Memo>,
    pages_rendered: AtomicUsize,
    pages_reused: AtomicUsize,
    rows_rendered: AtomicUsize,
    bodies_rendered: AtomicUsize,
}

impl MemoRun {
    pub fn new(prev: Memo) -> MemoRun {
        MemoRun {
            prev,
            next: Mutex::new(Memo::default()),
            pages_rendered: AtomicUsize::new(0),
            pages_reused: AtomicUsize::new(0),
            rows_rendered: AtomicUsize::new(0),
            bodies_rendered: AtomicUsize::new(0),
        }
    }

    /// The memo for the next render, and what this one reused.
    pub fn finish(self) -> (Memo, Stats) {
        let stats = self.stats();
        (self.next.into_inner().unwrap_or_else(|e| e.into_inner()), stats)
    }

    /// The previous render's memo, unchanged (for a render that did not finish).
    pub fn abandon(self) -> Memo {
        self.prev
    }

    pub fn stats(&self) -> Stats {
        Stats {
            pages_rendered: self.pages_rendered.load(Ordering::Relaxed),
            pages_reused: self.pages_reused.load(Ordering::Relaxed),
            rows_rendered: self.rows_rendered.load(Ordering::Relaxed),
            bodies_rendered: self.bodies_rendered.load(Ordering::Relaxed),
        }
    }

    fn next(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.next.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The page at `path` rendered from inputs with fingerprint `fp`, made by `render` unless
    /// the previous render made it from the same inputs.
    pub fn page<E>(&self, path: &str, fp: u128, render: impl FnOnce() -> Result<Bytes, E>) -> Result<Bytes, E> {
        let bytes = match self.prev.pages.get(path) {
            Some((old, bytes)) if *old == fp => {
                self.pages_reused.fetch_add(1, Ordering::Relaxed);
                bytes.clone()
            }
            _ => {
                self.pages_rendered.fetch_add(1, Ordering::Relaxed);
                render()?
            }
        };
        self.next().pages.insert(path.to_string(), (fp, bytes.clone()));
        Ok(bytes)
    }

    /// A listing row from inputs with fingerprint `fp`.
    pub fn row<E>(&self, fp: u128, render: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
        let row = match self.prev.rows.get(&fp) {
            Some(row) => row.clone(),
            None => {
                self.rows_rendered.fetch_add(1, Ordering::Relaxed);
                render()?
            }
        };
        self.next().rows.insert(fp, row.clone());
        Ok(row)
    }

    /// `markdown::render`, reused when the text, root and sanitising are the same and every
    /// link the previous rendering looked up still resolves to the same target.
    pub fn markdown(&self, md: &str, root: &str, links: &dyn Links, sanitise: bool) -> Rendered {
        let fp = Fingerprint::default().str(md).str(root).str(links.dir()).u64(sanitise as u64).finish();
        if let Some((trace, rendered)) = self.prev.bodies.get(&fp) {
            if trace.iter().all(|(target, answer)| links.resolve(target) == *answer) {
                self.next().bodies.insert(fp, (trace.clone(), rendered.clone()));
                return rendered.clone();
            }
        }
        self.bodies_rendered.fetch_add(1, Ordering::Relaxed);
        let recorder = Recorder { inner: links, seen: RefCell::new(Vec::new()) };
        let rendered = markdown::render(md, root, &recorder, sanitise);
        self.next().bodies.insert(fp, (recorder.seen.into_inner(), rendered.clone()));
        rendered
    }
}

/// Links that remember every lookup and its answer.
struct Recorder<'a> {
    inner: &'a dyn Links,
    seen: RefCell<Vec<(String, Target)>>,
}

impl Links for Recorder<'_> {
    fn dir(&self) -> &str {
        self.inner.dir()
    }

    fn resolve(&self, target: &str) -> Target {
        let answer = self.inner.resolve(target);
        self.seen.borrow_mut().push((target.to_string(), answer.clone()));
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_tell_apart_values_that_print_alike() {
        let fp = |v: Value| Fingerprint::default().value(&v).finish();
        assert_ne!(fp(json!(["ab", "c"])), fp(json!(["a", "bc"])));
        assert_ne!(fp(json!({"a": 1})), fp(json!({"a": "1"})));
        assert_ne!(fp(json!([null])), fp(json!([false])));
        assert_ne!(fp(json!([[1], 2])), fp(json!([1, [2]])));
        assert_eq!(fp(json!({"a": [1, 2.5, "x"]})), fp(json!({"a": [1, 2.5, "x"]})));
    }

    #[test]
    fn a_body_is_rendered_again_when_a_link_it_used_changes() {
        struct Only(&'static str);
        impl Links for Only {
            fn resolve(&self, target: &str) -> Target {
                if target == self.0 { Target::Page("cases/a/index.html".into()) } else { Target::Missing("cases/b/index.html".into()) }
            }
        }
        let md = "见[甲](@/cases/a.md)。";
        let first = MemoRun::new(Memo::default());
        let a = first.markdown(md, "../../", &Only("@/cases/a.md"), false);
        let (memo, _) = first.finish();
        let second = MemoRun::new(memo);
        assert_eq!(second.markdown(md, "../../", &Only("@/cases/a.md"), false).html, a.html);
        assert_eq!(second.stats().bodies_rendered, 0);
        let (memo, _) = second.finish();
        let third = MemoRun::new(memo);
        let c = third.markdown(md, "../../", &Only("nothing"), false);
        assert_eq!(third.stats().bodies_rendered, 1);
        assert_ne!(c.html, a.html);
    }
}
