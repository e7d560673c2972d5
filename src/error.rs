//! Failures of the environment rather than of the content: a folder that cannot be read, an
//! output that cannot be written, a missing theme. They end a run with exit code 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {path}: {}", in_words(source))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("无法写入 {path}: {}", in_words(source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} 不是一个站点目录: 找不到 zhengfeng.toml{}", site_above(path))]
    NotASite { path: PathBuf },
    #[error("模板错误: {0}")]
    Template(String),
    #[error("{0}")]
    Other(String),
}

/// What the system said, in the words an office user reads, with its own words after it for
/// whoever has to look further.
pub fn in_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "文件或目录不存在",
        K::PermissionDenied => "没有权限 (文件可能被别的程序打开, 或是只读的)",
        K::AlreadyExists => "已经存在",
        K::AddrInUse => "端口已被占用",
        K::AddrNotAvailable => "本机没有这个地址",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘或 U 盘是只读的",
        K::NotADirectory => "路径中有一段是文件, 不是目录",
        K::IsADirectory => "这是一个目录, 不是文件",
        K::DirectoryNotEmpty => "目录不是空的",
        K::ResourceBusy => "目录或文件正被占用 (可能是挂载点, 如 U 盘根目录, 或正被别的程序使用)",
        K::InvalidFilename => "文件名无效或太长",
        _ => return e.to_string(),
    };
    format!("{words} ({e})")
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn read_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Read { path, source }
}

pub(crate) fn write_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Write { path, source }
}

/// For a folder inside a site (`content/`, `content/cases/`): where the site is, and how to
/// name it.
fn site_above(path: &std::path::Path) -> String {
    let Ok(start) = std::fs::canonicalize(if path.as_os_str().is_empty() { std::path::Path::new(".") } else { path }) else { return String::new() };
    let mut up = String::new();
    for dir in start.ancestors().skip(1).take(4) {
        up.push_str("../");
        if dir.join("zhengfeng.toml").is_file() {
            return format!("\n  提示: 它在站点 {} 之中; 请在站点目录中运行, 或加上 --site {}", dir.display(), up.trim_end_matches('/'));
        }
    }
    String::new()
}
