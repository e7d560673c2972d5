//! `zhengfeng.toml`: the site's settings, read with positions so that an unknown or mistyped
//! key is reported at its line with the nearest known key. Depends on `diag`, `source`, `model`.

use crate::diag::{suggest, Diagnostics};
use crate::model::{Audience, Period};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

pub const CONFIG_FILE: &str = "zhengfeng.toml";

#[derive(Clone, Debug)]
pub struct Config {
    /// The site folder (holds `zhengfeng.toml` and `content/`).
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub language: String,
    pub theme: String,
    pub current_period: Option<Period>,
    /// The reference date for deadlines (SPEC §10); `None`: the day of the build.
    pub as_of: Option<chrono::NaiveDate>,
    pub output_dir: PathBuf,
    pub audience: Audience,
    pub strict: bool,
    /// Names that must never appear in any output file (path resolved against the site).
    pub redact_names_file: Option<PathBuf>,
}

impl Config {
    /// The settings a site gets when a key is absent.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            title: "纪律作风建设学习平台".into(),
            description: String::new(),
            language: "zh-CN".into(),
            theme: "default".into(),
            current_period: None,
            as_of: None,
            output_dir: root.join("output"),
            audience: Audience::Internal,
            strict: false,
            redact_names_file: None,
        }
    }
}

const TOP_KEYS: &[&str] = &["title", "description", "language", "theme", "current_period", "as_of", "build", "redact"];
const BUILD_KEYS: &[&str] = &["output_dir", "audience", "strict"];
const REDACT_KEYS: &[&str] = &["names_file"];

/// Parse the configuration text. Problems are diagnostics at their position.
pub fn parse(file: &SourceFile, root: &Path, diags: &mut Diagnostics) -> Config {
    let mut config = Config::defaults(root);
    let (table, errors) = DeTable::parse_recoverable(&file.text);
    for e in &errors {
        let pos = file.pos(e.span().map(|s| s.start).unwrap_or(0));
        diags.error(file, pos, format!("配置文件格式错误: {}", e.message().trim()));
    }
    if !errors.is_empty() {
        return config;
    }
    let table = table.into_inner();
    for (key, value) in table.iter() {
        let pos = file.pos(key.span().start);
        let vpos = file.pos(value.span().start);
        let name: &str = key.get_ref();
        let text = |diags: &mut Diagnostics| -> Option<String> {
            match value.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                other => {
                    diags.error(file, vpos, format!("\"{name}\" 应为带引号的文本, 实际为 {}", other.type_str()));
                    None
                }
            }
        };
        match name {
            "title" => config.title = text(diags).unwrap_or(config.title),
            "description" => config.description = text(diags).unwrap_or_default(),
            "language" => config.language = text(diags).unwrap_or(config.language),
            "theme" => {
                if let Some(t) = text(diags) {
                    if t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                        diags.error(file, vpos, format!("主题名 \"{t}\" 无效, 只能含字母、数字、- 和 _"));
                    } else {
                        config.theme = t;
                    }
                }
            }
            "current_period" => {
                if let Some(t) = text(diags) {
                    match Period::parse(&t) {
                        Some(p) => config.current_period = Some(p),
                        None => {
                            diags.error(file, vpos, format!("期次 \"{t}\" 无效, 应为 YYYY-H1 或 YYYY-H2"));
                        }
                    }
                }
            }
            "as_of" => {
                // Written as a TOML date (as_of = 2025-12-31) or as text ("2025-12-31").
                let written = match value.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
                    DeValue::Datetime(d) => Some(d.to_string()),
                    other => {
                        diags.error(file, vpos, format!("\"as_of\" 应为日期 YYYY-MM-DD, 实际为 {}", other.type_str()));
                        None
                    }
                };
                if let Some(t) = written {
                    match parse_date(&t) {
                        Some(d) => config.as_of = Some(d),
                        None => {
                            diags.error(file, vpos, format!("统计日期 as_of \"{t}\" 无效, 应为 YYYY-MM-DD, 例如 2025-12-31"));
                        }
                    }
                }
            }
            "build" | "redact" => {
                let DeValue::Table(sub) = value.get_ref() else {
                    diags.error(file, vpos, format!("\"{name}\" 应为一个表 ([{name}])"));
                    continue;
                };
                let known = if name == "build" { BUILD_KEYS } else { REDACT_KEYS };
                for (k, v) in sub.iter() {
                    let kpos = file.pos(k.span().start);
                    let vpos = file.pos(v.span().start);
                    let kname: &str = k.get_ref();
                    match (name, kname, v.get_ref()) {
                        ("build", "output_dir", DeValue::String(s)) => match safe_relative(s) {
                            Some(p) => config.output_dir = root.join(p),
                            None => {
                                diags.error(file, vpos, format!("输出目录 \"{s}\" 无效")).help =
                                    Some("请写站点目录下的相对路径, 例如 \"output\"".into());
                            }
                        },
                        ("build", "audience", DeValue::String(s)) => match Audience::parse(s) {
                            Some(a) => config.audience = a,
                            None => {
                                diags.error(file, vpos, format!("受众 \"{s}\" 无效, 应为 internal 或 public"));
                            }
                        },
                        ("build", "strict", DeValue::Boolean(b)) => config.strict = *b,
                        ("redact", "names_file", DeValue::String(s)) => config.redact_names_file = Some(root.join(s.as_ref() as &str)),
                        (_, k2, other) if known.contains(&k2) => {
                            let want = if k2 == "strict" { "true 或 false" } else { "带引号的文本" };
                            diags.error(file, vpos, format!("\"{k2}\" 应为{want}, 实际为 {}", other.type_str()));
                        }
                        _ => unknown(file, kpos, &format!("{name}.{kname}"), kname, known, diags),
                    }
                }
            }
            _ => unknown(file, pos, name, name, TOP_KEYS, diags),
        }
    }
    config
}

fn unknown(file: &SourceFile, pos: crate::source::Pos, full: &str, name: &str, known: &[&str], diags: &mut Diagnostics) {
    let d = diags.error(file, pos, format!("未知配置项 \"{full}\""));
    d.help = Some(match suggest(name, known) {
        Some(s) => format!("是否应为 \"{s}\"? 可用配置项: {}", known.join(", ")),
        None => format!("可用配置项: {}", known.join(", ")),
    });
}

/// A relative path that stays inside the site: no `..`, not absolute, not empty.
fn safe_relative(s: &str) -> Option<PathBuf> {
    let p = Path::new(s);
    let ok = !s.trim().is_empty()
        && p.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    ok.then(|| p.to_path_buf())
}

/// A date written `YYYY-MM-DD`, as the command line and the configuration take it.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let b = s.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let f = SourceFile::from_str("zhengfeng.toml", "title = \"x\"\ntheem = \"default\"\n");
        let mut d = Diagnostics::new();
        parse(&f, Path::new("."), &mut d);
        let r = d.render_all();
        assert!(r.starts_with("zhengfeng.toml:2:1: 错误: 未知配置项 \"theem\""), "{r}");
        assert!(r.contains("\"theme\""));
    }

    #[test]
    fn build_section_is_read() {
        let f = SourceFile::from_str("zhengfeng.toml", "[build]\noutput_dir = \"public\"\naudience = \"public\"\nstrict = true\n");
        let mut d = Diagnostics::new();
        let c = parse(&f, Path::new("/s"), &mut d);
        assert!(!d.has_errors(), "{}", d.render_all());
        assert_eq!(c.output_dir, PathBuf::from("/s/public"));
        assert_eq!(c.audience, Audience::Public);
        assert!(c.strict);
    }

    #[test]
    fn output_dir_cannot_escape() {
        let f = SourceFile::from_str("zhengfeng.toml", "[build]\noutput_dir = \"../x\"\n");
        let mut d = Diagnostics::new();
        parse(&f, Path::new("/s"), &mut d);
        assert!(d.has_errors());
    }
}
