//! The files a build publishes as they are (SPEC §9): the other files of each bundle
//! (`content/<kind>/<name>/index.md` and what lies beside it) and the site's `static/` folder,
//! listed with their sizes; their bytes are read only when the output is made.

use super::files::{display, is_symlink, link_error, symlink_error, typed_entries};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::error::{read_err, Error, Result};
use crate::source::Pos;
use std::path::{Path, PathBuf};

/// A single attachment larger than this is refused: scanned documents and photos are a few
/// megabytes, and a file this large is a video or a disk image put in the wrong folder.
pub const MAX_ASSET_BYTES: u64 = 100 * 1024 * 1024;

/// A file published as it is: one of a bundle's files, or of the site's `static/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path inside its folder (the bundle's, or `static/`), with `/`: `会议照片.jpg`,
    /// `files/通知.pdf`.
    pub name: String,
    /// Its size in bytes when listed.
    pub len: u64,
}

/// The bundles directly inside a kind's folder: each sub-folder holding an `index.md`, with
/// the other files of that folder and its sub-folders. A sub-folder without `index.md` is a
/// warning (its files would not be published), a symbolic link an error.
pub(super) fn bundles(dir: &Path, diags: &mut Diagnostics, root: &Path) -> Result<Vec<(PathBuf, Vec<Asset>)>> {
    // A symbolic link in place of the folder is reported by `list`.
    if is_symlink(dir) || !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (path, kind) in typed_entries(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if kind.is_symlink() {
            // A linked Markdown file is reported by `list`.
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                link_error(root, &path, diags);
            }
            continue;
        }
        if !kind.is_dir() {
            continue;
        }
        let index = path.join("index.md");
        if is_symlink(&index) {
            symlink_error(root, &index, diags);
            continue;
        }
        if !index.is_file() {
            diags.push(Diagnostic {
                severity: if diags.strict { Severity::Error } else { Severity::Warning },
                file: display(root, &path),
                pos: Pos::new(0, 0),
                line_text: None,
                message: "目录中没有 index.md, 其中的文件不会发布".into(),
                help: Some("把条目写成目录时, 正文放在该目录的 index.md 中, 附件和图片放在它旁边".into()),
                cell: None,
            });
            continue;
        }
        let mut files = Vec::new();
        walk_assets(&path, &path, false, diags, root, &mut files)?;
        files.retain(|a| a.name != "index.md");
        // Another item's text is not published as a file of this one: in a public build it
        // may be an internal item's (SPEC §2).
        files.retain(|a| {
            let markdown = a.name.rsplit('.').next().is_some_and(|e| e.eq_ignore_ascii_case("md"));
            if !(markdown && is_item(&a.path)) {
                return true;
            }
            let d = diags.push(Diagnostic {
                severity: if diags.strict { Severity::Error } else { Severity::Warning },
                file: display(root, &a.path),
                pos: Pos::new(1, 1),
                line_text: None,
                message: "条目目录中的这个 Markdown 文件有自己的前置元数据, 是另一个条目, 不会发布".into(),
                help: None,
                cell: None,
            });
            d.help = Some(format!(
                "一个条目目录只用它的 index.md; 若这是副本, 请删去或移出 content/; 若是另一个条目, 请把它移到 {} 下作为独立的文件",
                display(root, dir)
            ));
            false
        });
        out.push((index, files));
    }
    Ok(out)
}

/// The files of the site's `static/` folder (none when there is no such folder).
pub(super) fn static_files(root: &Path, diags: &mut Diagnostics) -> Result<Vec<Asset>> {
    let dir = root.join("static");
    if is_symlink(&dir) {
        link_error(root, &dir, diags);
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    if dir.is_dir() {
        walk_assets(&dir, &dir, true, diags, root, &mut files)?;
    }
    Ok(files)
}

/// Every file under `dir`, named relative to `base`, in name order. Editor backups and what
/// systems leave behind are skipped, and hidden files and folders unless `hidden` (`static/` is
/// copied as it is: a web server's `.htaccess`, a `.well-known/` folder); a symbolic link, a
/// file over `MAX_ASSET_BYTES` and a name that is not UTF-8 are errors.
fn walk_assets(base: &Path, dir: &Path, hidden: bool, diags: &mut Diagnostics, root: &Path, out: &mut Vec<Asset>) -> Result<()> {
    for (path, kind) in typed_entries(dir)? {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            let d = diags.error_plain(&display(root, &path), "文件名不是 UTF-8 编码, 无法发布");
            d.help = Some("这通常是从压缩包解出的旧编码文件名; 请把文件重新命名后再构建".into());
            continue;
        };
        if (name.starts_with('.') && !hidden) || name.ends_with('~') || is_clutter(name) {
            continue;
        }
        if kind.is_symlink() {
            link_error(root, &path, diags);
            continue;
        }
        if kind.is_dir() {
            walk_assets(base, &path, hidden, diags, root, out)?;
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let len = std::fs::metadata(&path).map_err(read_err(&path))?.len();
        if len > MAX_ASSET_BYTES {
            let d = diags.error_plain(
                &display(root, &path),
                format!("附件过大 ({:.1} MiB), 单个附件上限为 {} MiB", len as f64 / 1048576.0, MAX_ASSET_BYTES / 1048576),
            );
            d.help = Some("请压缩后再放入 (如降低扫描件的分辨率), 或拆分为几个文件".into());
            continue;
        }
        out.push(Asset { path: path.clone(), name: display(base, &path), len });
    }
    Ok(())
}


/// Files Windows and Office leave in a folder on their own, never meant to be published: the
/// lock file Word keeps beside an open document (`~$处分决定.docx`, holding the user's name),
/// Explorer's thumbnail caches (which may hold pictures since deleted) and folder settings.
/// Whether a bundle's file of this name is left unpublished: hidden, an editor's backup, or
/// clutter.
pub fn never_published(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || is_clutter(name)
}

pub(super) fn is_clutter(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with("~$")
        || matches!(lower.as_str(), "thumbs.db" | "ehthumbs.db" | "ehthumbs_vista.db" | "desktop.ini")
        // macOS's folder settings and resource forks, version control, LibreOffice's lock
        // file beside an open document, editors' swap files.
        || matches!(name, ".DS_Store" | ".git" | ".svn" | ".hg" | ".Trashes" | ".Spotlight-V100" | ".fseventsd")
        // Secrets and editors' settings, never for a web site even from `static/`.
        || matches!(name, ".htpasswd" | ".vscode" | ".idea" | ".npmrc" | ".ssh")
        || name.starts_with(".env")
        || name.starts_with(".Trash-")
        || name.starts_with("._")
        || name.starts_with(".~lock.")
        || lower.ends_with(".swp")
        || lower.ends_with(".swx")
}

/// A Markdown file beside a bundle's `index.md` that opens with front matter: another item
/// (a copy Explorer named `index - 副本.md`, or one put in the wrong folder), not an attachment.
fn is_item(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = head[..n].strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head[..n]);
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n")
}

/// The bytes of a listed asset. A file that grew past the cap since it was listed is refused
/// with an environment error, never read whole.
pub fn read_asset(asset: &Asset) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(&asset.path).map_err(read_err(&asset.path))?;
    let mut bytes = Vec::with_capacity(asset.len as usize);
    (&mut f).take(MAX_ASSET_BYTES + 1).read_to_end(&mut bytes).map_err(read_err(&asset.path))?;
    if bytes.len() as u64 > MAX_ASSET_BYTES {
        return Err(Error::Other(format!("{} 在构建过程中变得过大 (超过 {} MiB)", asset.path.display(), MAX_ASSET_BYTES / 1048576)));
    }
    Ok(bytes)
}

