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

/// A syntax error of the configuration file in Chinese, with a hint: the TOML reader's own words
/// are kept only for what is not listed here. A line typed with full-width `：＝“”` gets the
/// hint it needs whatever the reader made of it.
fn syntax_message(said: &str, line: &str) -> (String, Option<String>) {
    let backslash = ("文字中的反斜杠 \\ 须写成两个", "Windows 路径写在单引号中, 反斜杠照写: 'C:\\Users\\名单.txt'; 写在双引号中则每个反斜杠写两个");
    let listed: [(&str, &str, &str); 12] = [
        ("invalid escape", backslash.0, backslash.1),
        ("missing escaped value", backslash.0, backslash.1),
        ("too few unicode value digits", backslash.0, backslash.1),
        ("missing opening quote", "文字值缺少开头的引号", "文字写在英文双引号中, 例如 title = \"某市政法系统纪律作风建设学习平台\""),
        ("invalid basic string", "文字值没有结束: 缺少结尾的引号", "文字的两端各有一个英文双引号 \""),
        ("invalid literal string", "文字值没有结束: 缺少结尾的引号", "文字的两端各有一个英文单引号 '"),
        ("duplicate key", "这一项重复了: 同一节中已经写过", "删除其中一行; 同一节 (如 [build]) 也只能出现一次"),
        ("unclosed table", "节名缺少结尾的 ]", "节名写成 [build] 或 [redact]"),
        ("key with no value", "这一项缺少 = 和值", "每行写成 名称 = 值, 例如 audience = \"public\""),
        ("invalid unquoted key", "这一项的名称无效", "名称只用英文字母、数字、- 和 _, 例如 output_dir"),
        ("string values must be quoted", "文字值须加引号", "文字写在英文双引号中, 例如 theme = \"default\"; 是与否写 true 或 false, 不加引号"),
        ("invalid date", "日期无效", "日期写成 2025-06-30 (月份 01 到 12, 不加引号); 考核期写在引号中, 例如 current_period = \"2025-H1\""),
    ];
    let (mut message, mut help) = match listed.iter().find(|(en, _, _)| said.starts_with(en)) {
        Some((_, zh, hint)) => (format!("配置文件格式错误: {zh}"), Some(hint.to_string())),
        None => (format!("配置文件格式错误: {said}"), None),
    };
    // Full-width marks inside a quoted text are text; before the first quote they are the
    // line's own punctuation, typed with a Chinese input method.
    let unquoted = &line[..line.find(['"', '\'']).unwrap_or(line.len())];
    // `title: "…"`, as the YAML of the content files is written: here it is `=`.
    let key: String = line.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).collect();
    let after_key = line.trim_start()[key.len()..].trim_start();
    if !key.is_empty() && after_key.starts_with(':') && !unquoted.contains('=') {
        let value = after_key[1..].trim();
        return ("配置文件格式错误: 这一行用了冒号, 配置文件中名称和值之间要用等号 =".to_string(), Some(format!("写成 {key} = {value} (content/ 中的文件才用冒号)")));
    }
    // A date or period written bare, as in the content files (`as_of = 2025.12.31`).
    if let Some(value) = line.split_once('=').map(|(_, v)| v.trim()).filter(|v| !v.starts_with(['"', '\'']) && v.starts_with(|c: char| c.is_ascii_digit())) {
        if crate::yaml::office_date(value).is_some() || crate::model::Period::parse(value).is_some() {
            return (format!("配置文件格式错误: 值 {value} 读不出"), Some(format!("日期和期次写在英文双引号中, 例如 {key} = \"2025-12-31\"; 也可以写成 \"{value}\"")));
        }
    }
    if unquoted.contains(['：', '＝', '“', '”', '‘', '’', '［', '］']) {
        message = "配置文件格式错误: 这一行用了中文 (全角) 标点".to_string();
        help = Some("冒号、等号、引号和方括号须是英文半角: 写成 title = \"…\", 不能写成 title：“…”".to_string());
    }
    (message, help)
}

/// Parse the configuration text. Problems are diagnostics at their position.
pub fn parse(file: &SourceFile, root: &Path, diags: &mut Diagnostics) -> Config {
    let mut config = Config::defaults(root);
    let (table, errors) = DeTable::parse_recoverable(&file.text);
    let mut full_width_lines = Vec::new();
    let mut errors: Vec<_> = errors.iter().collect();
    errors.sort_by_key(|e| e.span().map(|s| s.start));
    for e in &errors {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let pos = file.pos(offset);
        let (before, after) = file.text.split_at_checked(offset).unwrap_or((&file.text, ""));
        let line = before.rsplit('\n').next().unwrap_or_default().to_string() + after.split('\n').next().unwrap_or_default();
        let (message, help) = syntax_message(e.message().trim(), &line);
        // One line typed in full-width punctuation, or a path with backslashes, trips the reader
        // more than once: said once.
        if message.contains("全角") || message.contains("反斜杠") || message.contains("用了冒号") {
            if full_width_lines.contains(&pos.line) {
                continue;
            }
            full_width_lines.push(pos.line);
        }
        diags.error(file, pos, message).help = help;
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
                    } else if t != "default" && !root.join("themes").join(&t).is_dir() {
                        let d = diags.error(file, vpos, format!("找不到主题 \"{t}\": 目录 themes/{t} 不存在"));
                        d.help = Some(match themes_in(root).as_slice() {
                            [] => "不写 theme 这一行, 即用内置的默认主题".to_string(),
                            have => format!("站点的 themes 目录下有: {}; 不写 theme 这一行即用内置的默认主题", have.join("、")),
                        });
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
                            match crate::yaml::no_such_day(&t) {
                                Some(why) => diags.error(file, vpos, format!("统计日期 as_of \"{t}\" 不存在: {why}")),
                                None => diags.error(file, vpos, format!("统计日期 as_of \"{t}\" 无效, 应为 YYYY-MM-DD, 例如 2025-12-31 (也可写 2025年12月31日)")),
                            };
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
                            let got = match other.type_str() {
                                "string" => "文本",
                                "integer" | "float" => "数字",
                                "boolean" => "true 或 false",
                                "array" => "列表",
                                "table" | "inline table" => "表",
                                "datetime" => "日期",
                                t => t,
                            };
                            let d = diags.error(file, vpos, format!("\"{k2}\" 应为 {want}, 实际为{got}"));
                            if k2 == "strict" {
                                d.help = Some("写 strict = true 或 strict = false, 不加引号".into());
                            }
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

/// The themes a site has: the folders under `themes/`, by name.
fn themes_in(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
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
/// A date as `--as-of` and `as_of` take it: `2025-12-31`, or as an office types it in content
/// (`2025年12月31日`, `2025/12/31`, `2025.12.31`).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    crate::yaml::office_date(s)
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

    // Syntax errors in Chinese with a hint; a line in full-width punctuation is said once.
    #[test]
    fn syntax_errors_are_explained() {
        let cases = [
            ("title：“示例”\n", "zhengfeng.toml:1:6: 错误: 配置文件格式错误: 这一行用了中文 (全角) 标点", "英文半角"),
            ("[build]\nstrict = yes\n", "zhengfeng.toml:2:10: 错误: 配置文件格式错误: 文字值须加引号", "true 或 false"),
            ("title = \"a\"\ntitle = \"b\"\n", "zhengfeng.toml:2:1: 错误: 配置文件格式错误: 这一项重复了", "删除其中一行"),
            ("as_of = 2025-13-01\n", "zhengfeng.toml:1:9: 错误: 配置文件格式错误: 日期无效", "月份 01 到 12"),
            // Full-width marks inside a quoted text are text: the missing quote is the error.
            ("title = \"纪律作风：学习平台\n", "zhengfeng.toml:1:19: 错误: 配置文件格式错误: 文字值没有结束", "结尾"),
            ("[redact]\nnames_file = \"C:\\Users\\me\\names.txt\"\n", "zhengfeng.toml:2:19: 错误: 配置文件格式错误: 文字中的反斜杠", "单引号"),
            // What the content files' YAML taught: a colon, and a date without quotes.
            ("title: \"示例\"\n", "zhengfeng.toml:1:6: 错误: 配置文件格式错误: 这一行用了冒号, 配置文件中名称和值之间要用等号 =", "写成 title = \"示例\""),
            ("as_of = 2025.12.31\n", "zhengfeng.toml:1:16: 错误: 配置文件格式错误: 值 2025.12.31 读不出", "as_of = \"2025-12-31\""),
        ];
        for (text, headline, hint) in cases {
            let f = SourceFile::from_str("zhengfeng.toml", text);
            let mut d = Diagnostics::new();
            parse(&f, Path::new("."), &mut d);
            let r = d.render_all();
            assert!(r.starts_with(headline), "{r}");
            assert!(r.contains(hint), "{r}");
            assert_eq!(r.lines().filter(|l| l.starts_with("zhengfeng.toml:")).count(), 1, "{r}");
        }
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

    #[test]
    // A theme that is not there is named at its line, with the themes the site has.
    fn a_missing_theme_is_located_and_the_present_ones_named() {
        let root = std::env::temp_dir().join(format!("zf-theme-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/default")).unwrap();
        std::fs::create_dir_all(root.join("themes/红色")).unwrap();
        let f = SourceFile::from_str("zhengfeng.toml", "title = \"x\"\ntheme = \"nope\"\n");
        let mut d = Diagnostics::new();
        let config = parse(&f, &root, &mut d);
        let e = d.sorted()[0];
        assert_eq!((e.pos.line, e.pos.col), (2, 9));
        assert!(e.message.contains("找不到主题 \"nope\""), "{}", e.message);
        assert!(e.help.as_deref().unwrap_or_default().contains("default、红色"), "{:?}", e.help);
        assert_eq!(config.theme, "default");
        std::fs::remove_dir_all(&root).ok();
    }
}
