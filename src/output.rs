//! What a build produces, whoever produces it: a file's site path and bytes, the whole output,
//! and the sink that takes files as they are made. At the bottom of the module graph, so that
//! render, search, export, archive and write share these types without knowing one another.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The folder of snapshots: `archive/` in the site folder, and a copy of it in every output.
pub const ARCHIVE_DIR: &str = "archive";

/// A snapshot's list of its files and their checksums, in its folder: what makes it one.
pub const MANIFEST: &str = "MANIFEST.sha256";

/// A file's bytes, shared: serve keeps the previous build's pages and reuses the unchanged ones
/// without copying them.
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// One output file: its site path (with `/`, relative to the output root) and bytes.
pub type Page = (String, Bytes);

/// Everything a build writes: site path -> bytes. Ordered, so output is stable.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
    /// Files already handed to a `Sink` as they were rendered (paths, sorted): their bytes are
    /// on disk, not here. Empty unless the render was given a sink.
    pub sunk: Vec<String>,
}

impl Output {
    pub fn pages(&self) -> usize {
        self.files.keys().chain(&self.sunk).filter(|k| k.ends_with(".html")).count()
    }

    /// Every file of the site, kept or sunk.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.sunk.len()
    }

    /// Add files that must not share a path with any file already here.
    pub fn add(&mut self, pages: impl IntoIterator<Item = Page>) -> Result<()> {
        for (path, bytes) in pages {
            if self.files.contains_key(&path) {
                return Err(duplicate(&path));
            }
            self.files.insert(path, bytes);
        }
        Ok(())
    }
}

/// Takes each finished file at once, so that a build need not hold the whole site in memory
/// (`write::Staged` writes it into the build's temporary folder).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// Where the files of a build go as jobs finish them: kept for the output, or handed to the
/// sink and dropped.
pub struct Stream<'s> {
    sink: Option<&'s dyn Sink>,
    sunk: std::sync::Mutex<Vec<String>>,
}

impl<'s> Stream<'s> {
    pub fn new(sink: Option<&'s dyn Sink>) -> Stream<'s> {
        Stream { sink, sunk: Default::default() }
    }

    /// The pages to keep: all of them without a sink, none with one (they are written).
    pub fn keep(&self, pages: Vec<Page>) -> Result<Vec<Page>> {
        let Some(sink) = self.sink else { return Ok(pages) };
        let mut paths = Vec::with_capacity(pages.len());
        for (path, bytes) in pages {
            sink.put(&path, &bytes)?;
            paths.push(path);
        }
        self.sunk.lock().unwrap_or_else(|e| e.into_inner()).extend(paths);
        Ok(Vec::new())
    }

    /// The paths handed to the sink, sorted; an error if one was handed on twice, or is also
    /// among `kept`.
    pub fn finish(self, kept: &Output) -> Result<Vec<String>> {
        let mut sunk = self.sunk.into_inner().unwrap_or_else(|e| e.into_inner());
        sunk.sort_unstable();
        if let Some(p) = sunk.windows(2).find(|w| w[0] == w[1]).map(|w| &w[0]).or_else(|| sunk.iter().find(|p| kept.files.contains_key(*p))) {
            return Err(duplicate(p));
        }
        Ok(sunk)
    }
}

/// Two files of one build at the same path would make the output depend on which came last:
/// always a bug, never a content problem.
pub fn duplicate(path: &str) -> Error {
    Error::Other(format!("内部错误: 两个输出文件的路径相同 ({path})"))
}

/// Relative prefix from a page at `path` back to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A site path as it is written in an `href` or `src`: each byte outside the unreserved
/// characters of a URL (and `/`) percent-encoded, so `cases/x/会议照片.jpg` reads
/// `cases/x/%E4%BC%9A%E8%AE%AE%E7%85%A7%E7%89%87.jpg` and a space or `#` in a file name cannot
/// cut the link short.
pub fn href(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_encode_chinese_and_spaces_but_keep_slashes() {
        assert_eq!(href("cases/x/会议.jpg"), "cases/x/%E4%BC%9A%E8%AE%AE.jpg");
        assert_eq!(href("files/a b#1.pdf"), "files/a%20b%231.pdf");
        assert_eq!(href("static/style.css"), "static/style.css");
    }
}
