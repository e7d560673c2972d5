//! Writing a new file of a site: never over an existing one, and only into a site.

use crate::config::CONFIG_FILE;
use crate::error::{write_err, Error, Result};
use std::io::Write as _;
use std::path::Path;

/// Create a file that must not exist yet; an existing file is a refusal, never overwritten.
pub(super) fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Other(format!("{} 已存在, 不会覆盖它", path.display())));
        }
        Err(e) => return Err(write_err(path)(e)),
    };
    file.write_all(text.as_bytes()).map_err(write_err(path))
}

pub(super) fn require_site(site: &Path) -> Result<()> {
    if site.join(CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(Error::NotASite { path: site.to_path_buf() })
    }
}
