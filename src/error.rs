//! Failures of the environment rather than of the content: a folder that cannot be read, an
//! output that cannot be written, a missing theme. They end a run with exit code 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("无法写入 {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} 不是一个站点目录: 找不到 zhengfeng.toml")]
    NotASite { path: PathBuf },
    #[error("模板错误: {0}")]
    Template(String),
    #[error("{0}")]
    Other(String),
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
