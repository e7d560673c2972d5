//! Failures of the environment rather than of the content: a folder that cannot be read, an
//! output that cannot be written, a missing theme. They end a run with exit code 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {path}: {}", in_words(source))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("无法写入 {path}: {}", in_words(source))]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} 不是一个站点目录: 找不到 zhengfeng.toml")]
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
