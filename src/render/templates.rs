//! Template lookup: a site's own `templates/` wins over its theme's `templates/`, which wins
//! over the default theme built into the binary — so a site can replace one file, or one block
//! of `base.html`, without forking the theme. The only user of Tera besides `render`.

use crate::config::Config;
use crate::error::{read_err, Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in so a site without `themes/` still builds.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "case_item.html",
    "index.html",
    "mechanisms.html",
    "mechanism.html",
    "cases.html",
    "case.html",
    "terms.html",
    "term.html",
    "units.html",
    "unit.html",
    "trainings.html",
    "training.html",
    "handout.html",
    "slides.html",
    "page.html",
    "404.html",
    "scorecards.html",
    "changes.html",
    "archive.html",
    "search.html",
    "inspections.html",
    "inspection.html",
    "models.html",
    "model.html",
    "rectifications.html",
);

macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)) as &[u8])),*]
    };
}

/// The default theme's static files.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = builtin_static!("style.css", "site.js", "search.js");

/// The templates, and a fingerprint of every template's name and text: two loads with the same
/// fingerprint render every context alike.
pub fn load_fingerprinted(config: &Config) -> Result<(tera::Tera, u128)> {
    let mut sources: BTreeMap<String, String> =
        BUILTIN_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let theme_dir = config.root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Error::Other(format!(
            "找不到主题 \"{}\": 目录 {} 不存在 (zhengfeng.toml 的 theme 配置项)",
            config.theme,
            theme_dir.display()
        )));
    }
    read_dir_into(&theme_dir.join("templates"), &mut sources)?;
    read_dir_into(&config.root.join("templates"), &mut sources)?;
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also escapes `/`, which turns every relative link into
    // `..&#x2F;..&#x2F;`; escaping the five HTML-significant characters is enough.
    tera.set_escape_fn(crate::markdown::escape);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::Template(chain(&e)))?;
    let mut fp = crate::memo::Fingerprint::default();
    fp.u64(sources.len() as u64);
    for (name, text) in &sources {
        fp.str(name).str(text);
    }
    Ok((tera, fp.finish()))
}

/// Static files: built-in, then the theme's `static/` folder.
pub fn static_files(config: &Config) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out: BTreeMap<String, Vec<u8>> = BUILTIN_STATIC.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    let dir = config.root.join("themes").join(&config.theme).join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Other(format!("无法读取 {}: {e}", dir.display())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = std::fs::read(entry.path()).map_err(read_err(entry.path()))?;
            out.insert(name, bytes);
        }
    }
    Ok(out)
}

fn read_dir_into(dir: &Path, sources: &mut BTreeMap<String, String>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(read_err(dir))?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(read_err(&path))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Template(format!("{} 不是 UTF-8 编码", path.display())))?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        sources.insert(name, crate::source::normalise(&text));
    }
    Ok(())
}

/// A Tera error with its causes, which is where Tera puts the useful part.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
