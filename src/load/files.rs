//! Reading one file of `content/`: its bytes (with the size cap), their decoding as UTF-8 (a
//! GBK file named as such), symbolic links refused, folder listings, and how paths are shown.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::error::{read_err, Result};
use crate::source::{normalise, Pos, SourceFile};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A content file larger than this is refused: real documents are a few kilobytes, and a huge
/// file is almost always a mistake (or an attack) that would stall the build.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

pub(super) fn is_symlink(path: &Path) -> bool {
    path.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false)
}

pub(super) fn symlink_error(root: &Path, path: &Path, diags: &mut Diagnostics) {
    diags.push(Diagnostic {
        severity: Severity::Error,
        file: display(root, path),
        pos: Pos::start(),
        cell: None,
        line_text: None,
        message: "不接受符号链接 (快捷方式)".into(),
        help: Some("符号链接可能指向站点以外的文件; 请把文件本身复制到 content/ 中".into()),
    });
}

/// The entries of a folder with their types (not following links), sorted by name so that
/// every run sees the same order. The type
/// comes with the listing itself on the usual file systems, so a folder of 10,000 cases costs
/// no call per file.
pub(super) fn typed_entries(dir: &Path) -> Result<Vec<(PathBuf, std::fs::FileType)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let kind = entry.file_type().map_err(read_err(&entry.path()))?;
        out.push((entry.path(), kind));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Files with one of `exts` directly inside `dir` (a missing folder is empty). Hidden files and
/// editor backups are skipped; a symbolic link is an error.
pub(super) fn list(dir: &Path, exts: &[&str], diags: &mut Diagnostics, root: &Path) -> Result<Vec<PathBuf>> {
    if is_symlink(dir) {
        symlink_error(root, dir, diags);
        return Ok(Vec::new());
    }
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (path, kind) in typed_entries(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !exts.contains(&ext) {
            continue;
        }
        if kind.is_symlink() {
            symlink_error(root, &path, diags);
            continue;
        }
        if kind.is_file() {
            out.push(path);
        }
    }
    Ok(out)
}


/// A symbolic link among the files published as they are, or in place of a bundle's folder: named
/// without a line, as the file has no text to point into.
pub(super) fn link_error(root: &Path, path: &Path, diags: &mut Diagnostics) {
    let d = diags.error_plain(&display(root, path), "不接受符号链接 (快捷方式)");
    d.help = Some("符号链接可能指向站点以外的文件; 请把文件或文件夹本身复制到这里".into());
}


/// How a path is named in messages: relative to the site, with `/`.
pub fn display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Read one file. An I/O failure is an environment error; a content problem (encoding, size)
/// is a diagnostic.
pub(super) fn read_file(root: &Path, path: &Path) -> Result<std::result::Result<SourceFile, Diagnostic>> {
    use std::io::Read;
    let shown = display(root, path);
    // One open and one status call per file: the size is checked on the open file.
    let mut f = std::fs::File::open(path).map_err(read_err(path))?;
    let meta = f.metadata().map_err(read_err(path))?;
    let problem = |pos: Pos, message: String, help: &str| Diagnostic {
        severity: Severity::Error,
        file: shown.clone(),
        pos,
        cell: None,
        line_text: None,
        message,
        help: Some(help.to_string()),
    };
    let too_large = |len: u64| {
        problem(
            Pos::start(),
            format!("文件过大 ({:.1} MiB), 上限为 {} MiB", len as f64 / 1048576.0, MAX_FILE_BYTES / 1048576),
            "请检查是否误把其他文件放进了 content/ 目录, 或把内容拆分为多个文件",
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Ok(Err(too_large(meta.len())));
    }
    // Read at most one byte past the limit: a file that grew since its size was taken is
    // still refused, not read whole.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    (&mut f).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(read_err(path))?;
    drop(f);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(too_large(bytes.len() as u64)));
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    // A NUL is valid UTF-8 but never text: a file zero-filled by a stick pulled out too soon, or
    // written by a program that pads. The YAML reader would stop at it and lose the rest.
    if let Ok(text) = std::str::from_utf8(&bytes) {
        if let Some(at) = text.find('\0') {
            let text = normalise(text);
            let at = text.find('\0').unwrap_or(at);
            let before = &text[..at];
            let pos = Pos::new(before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1);
            let count = text.matches('\0').count();
            return Ok(Err(problem(
                pos,
                format!("文件中有 {count} 个空字符 (NUL), 从这里起: 文件可能已损坏, 这里之后的内容可能不完整"),
                "用编辑器打开, 核对这里之后的内容, 删除这些字符后保存 (它们常显示为空白或 NUL); 或从备份中恢复这个文件。U 盘请先“安全弹出”再拔出",
            )));
        }
    }
    Ok(decode(&bytes).map(|text| SourceFile::new(path.to_path_buf(), shown.clone(), text, sha256)).map_err(
        |(pos, gbk)| {
            // UTF-8 up to a character cut off at the very end: a save not finished (an editor
            // writing while serve reads), or a copy cut short.
            let cut_short = matches!(std::str::from_utf8(&bytes), Err(e) if e.error_len().is_none() && e.valid_up_to() > 0);
            if cut_short {
                problem(
                    pos,
                    "文件在一个字符的中间结束: 可能还没有保存完, 或复制时被截断".into(),
                    "保存完成后再运行 (zhengfeng serve 会在文件再次保存后自动重读); 若文件确实不完整, 请从备份中恢复",
                )
            } else if gbk {
                problem(
                    pos,
                    "文件不是 UTF-8 编码, 看起来是 GBK/GB18030 编码 (旧版中文编辑器的默认格式)".into(),
                    "用记事本或 WPS 打开该文件, 选择“另存为”, 编码选 UTF-8 后保存, 再重新运行",
                )
            } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                problem(
                    pos,
                    "文件不是 UTF-8 编码, 是 UTF-16 编码 (记事本中叫“Unicode”)".into(),
                    "用记事本打开该文件, 选择“另存为”, 编码选 UTF-8 后保存",
                )
            } else {
                problem(pos, "文件不是 UTF-8 文本".into(), "请确认这是文本文件, 并以 UTF-8 编码保存")
            }
        },
    ))
}

/// Decode bytes as UTF-8. On failure: the position of the first bad byte, and whether the
/// whole file reads cleanly as GB18030 (so the message can say what the file probably is).
pub fn decode(bytes: &[u8]) -> std::result::Result<String, (Pos, bool)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(normalise(s)),
        Err(e) => {
            let good = normalise(std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""));
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
            let (_, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            let looks_gbk = !had_errors && !bytes.contains(&0);
            Err((Pos::new(line, col), looks_gbk))
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

