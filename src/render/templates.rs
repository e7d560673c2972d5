//! Template lookup: a site's own `templates/` wins over its theme's `templates/`, which wins
//! over the default theme built into the binary — so a site can replace one file, or one block
//! of `base.html`, without forking the theme: every template of the theme is also there as
//! `theme/<name>`, so a site's `base.html` can `{% extends "theme/base.html" %}` and change one
//! block. The only user of Tera besides `render`.
//!
//! A template that extends, includes or imports itself, directly or through others, would send
//! Tera into endless recursion (a stack overflow): `check` finds every such loop first and
//! reports it as a content error naming the templates.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::error::{read_err, Error, Result};
use crate::source::SourceFile;
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
    let sources = sources(config)?;
    if let Some(cycle) = loops(&sources).first() {
        // `check` reports loops as content errors before anything is loaded; never recurse.
        return Err(Error::Template(format!("模板循环引用: {}", cycle.describe())));
    }
    let sources: BTreeMap<String, String> = sources.into_iter().map(|(n, t)| (n, t.text)).collect();
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

/// One template's text, and where it came from: the path shown in messages.
struct Template {
    text: String,
    origin: String,
}

/// Every template by name after overrides (built in, then the theme's, then the site's), and
/// the theme's own (built in, then the theme's) again as `theme/<name>`.
fn sources(config: &Config) -> Result<BTreeMap<String, Template>> {
    let builtin = |(n, t): &(&str, &str)| (n.to_string(), Template { text: t.to_string(), origin: format!("themes/default/templates/{n}") });
    let mut theme: BTreeMap<String, Template> = BUILTIN_TEMPLATES.iter().map(builtin).collect();
    let theme_dir = config.root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Error::Other(format!(
            "找不到主题 \"{}\": 目录 {} 不存在 (zhengfeng.toml 的 theme 配置项)",
            config.theme,
            theme_dir.display()
        )));
    }
    read_dir_into(&theme_dir.join("templates"), &mut theme, &format!("themes/{}/templates", config.theme))?;
    let mut all: BTreeMap<String, Template> =
        theme.iter().map(|(n, t)| (format!("theme/{n}"), Template { text: t.text.clone(), origin: t.origin.clone() })).collect();
    all.extend(theme);
    read_dir_into(&config.root.join("templates"), &mut all, "templates")?;
    Ok(all)
}

/// A template loop: each template with the tag that names the next, back to the first.
pub struct Cycle {
    /// (template, what it does to the next: 继承 / 包含 / 导入, byte offset of its tag).
    steps: Vec<(String, &'static str, usize)>,
}

impl Cycle {
    /// `base.html 继承 base.html`, `a.html 包含 b.html, b.html 导入 a.html`.
    fn describe(&self) -> String {
        let n = self.steps.len();
        (0..n).map(|i| format!("{} {} {}", self.steps[i].0, self.steps[i].1, self.steps[(i + 1) % n].0)).collect::<Vec<_>>().join(", ")
    }
}

/// Every template that extends, includes or imports itself, directly or through others, as a
/// content error at the tag that closes the loop, naming the templates (SPEC §4).
pub fn check(config: &Config, diags: &mut Diagnostics) -> Result<()> {
    let sources = sources(config)?;
    for cycle in loops(&sources) {
        // Shown in the site's own template when one takes part: that is where it was made.
        let at = cycle.steps.iter().position(|(n, _, _)| sources[n].origin.starts_with("templates/")).unwrap_or(0);
        let (name, _, offset) = &cycle.steps[at];
        let t = &sources[name];
        let file = SourceFile::from_str(&t.origin, &t.text);
        let first_is_itself = cycle.steps.len() == 1 && sources.contains_key(&format!("theme/{name}"));
        let help = if first_is_itself {
            format!(
                "站点 templates/ 中的 {name} 取代了主题中的同名模板, 所以这里的 \"{name}\" 指的就是它自己。只想改主题 {name} 中的某个区块时, 请写 {{% extends \"theme/{name}\" %}} (主题原来的 {name}), 再只写要改的区块"
            )
        } else {
            "模板不能直接或间接地继承、包含或导入自己; 请去掉其中一处。要在主题模板的基础上修改, 请继承 \"theme/模板名\" (主题原来的模板), 只覆盖要改的区块".to_string()
        };
        diags.error(&file, file.pos(*offset), format!("模板循环引用: {}", cycle.describe())).help = Some(help);
    }
    for (name, offset, path) in recursive_macros(&sources) {
        let t = &sources[&name];
        let file = SourceFile::from_str(&t.origin, &t.text);
        let d = diags.error(&file, file.pos(offset), format!("宏调用了它自己: {}, 会无休止地调用下去", path.join(" → ")));
        d.help = Some("这一处调用不在任何 {% if %} 或 {% for %} 之中, 无论参数如何都会再调用下去 (模板引擎没有层数限制, 程序会因此崩溃); 请给它加上结束的条件".into());
    }
    let mut seen = std::collections::HashSet::new();
    for t in sources.values() {
        // The theme's templates are there twice (also as `theme/<name>`): checked once.
        if !seen.insert(t.origin.as_str()) {
            continue;
        }
        // The built-in templates parse (the tests build with them): only a site's or theme's own
        // text is parsed here, which keeps serve's rebuilds as quick as before.
        let name = t.origin.rsplit('/').next().unwrap_or_default();
        if !BUILTIN_TEMPLATES.iter().any(|(n, text)| *n == name && *text == t.text) {
            syntax(t, diags);
        }
        let file = SourceFile::from_str(&t.origin, &t.text);
        // A tag's names together: `{% include ["a.html", "b.html"] %}` renders the first there is.
        let mut by_tag: BTreeMap<usize, (&'static str, Vec<String>)> = BTreeMap::new();
        for (name, verb, offset) in uses(&t.text) {
            by_tag.entry(offset).or_insert((verb, Vec::new())).1.push(name);
        }
        for (offset, (verb, names)) in by_tag {
            if names.iter().all(|n| !sources.contains_key(n)) && !ignores_missing(&t.text[offset..]) {
                let d = diags.error(&file, file.pos(offset), format!("找不到{verb}的模板 \"{}\"", names.join("\"、\"")));
                d.help = Some(format!("模板从站点的 templates/ 和主题的 templates/ 中查找; 请检查文件名 {} 的拼写, 或把它放进 templates/", names.join("、")));
            }
        }
    }
    Ok(())
}

/// Whether the `{% include %}` tag at the start of `text` says `ignore missing`.
fn ignores_missing(text: &str) -> bool {
    let tag = &text[..text.find("%}").unwrap_or(text.len())];
    tag.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| w == ["ignore", "missing"])
}

/// A template that does not parse, as a content error at the spot the template engine names,
/// in Chinese, with its own words kept at the end of the hint.
fn syntax(t: &Template, diags: &mut Diagnostics) {
    let name = t.origin.rsplit('/').next().unwrap_or_default();
    let Err(e) = tera::Template::new(name, None, &t.text) else { return };
    let text = chain(&e);
    let file = SourceFile::from_str(&t.origin, &t.text);
    // A parse error reads ` --> 2:4 | ... = expected ...`; a duplicated block has no place.
    let at = text.split_once("--> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(crate::source::Pos { line: line.trim().parse().ok()?, col: col.parse().ok()? })
    });
    let said = text.rsplit_once("= ").map_or(text.as_str(), |(_, s)| s).trim();
    let (message, help) = if let Some(block) = said.strip_prefix("Block `").and_then(|r| r.strip_suffix("` is duplicated")) {
        (format!("区块 {block} 定义了两次"), "一个模板中每个 {% block 名称 %} 只能出现一次; 请删除或改名其中一个".to_string())
    } else if said.starts_with("expected `%}`") {
        ("模板语法错误: 标签应在这里结束".to_string(), "请检查这个标签的拼写 (例如 endif 写成了 endiff) 和它的 %} 是否完整".to_string())
    } else if said.starts_with("unexpected tag") {
        ("模板语法错误: 这里的标签无法识别, 或没有与之成对的开始标签".to_string(), "请检查标签的拼写 (例如 endif 写成了 endiff), 以及 if、for、block、macro 是否各有对应的结束标签".to_string())
    } else if said.contains("expected tag or some content") {
        ("模板语法错误: 模板在这里结束, 但还有标签没有结束".to_string(), "if、for、block、macro 各需要对应的 {% endif %}、{% endfor %}、{% endblock %}、{% endmacro %}".to_string())
    } else {
        ("模板语法错误".to_string(), "请检查这一处的 {{ }} 或 {% %} 是否完整、是否成对".to_string())
    };
    let pos = at.unwrap_or(crate::source::Pos { line: 0, col: 0 });
    diags.error(&file, pos, message).help = Some(format!("{help} (模板引擎的说明: {said})"));
}

/// The templates a template names in `{% extends %}`, `{% include %}` (one name or a list) and
/// `{% import %}`, with what it does and the byte offset of the tag.
fn uses(text: &str) -> Vec<(String, &'static str, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    // The next tag, past comments (`{# ... #}`), which name nothing.
    while let (Some(i), comment) = (text[from..].find("{%"), text[from..].find("{#")) {
        if let Some(c) = comment.filter(|&c| c < i) {
            from += c + 2 + text[from + c + 2..].find("#}").map_or(text.len() - from - c - 2, |e| e + 2);
            continue;
        }
        let start = from + i;
        let rest = &text[start + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        let (word, args) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        // `{% raw %}` text is shown as it is, tags and all.
        if word.trim_end_matches('-') == "raw" {
            let after = start + 2 + end;
            from = text[after..].find("endraw").map_or(text.len(), |e| after + e + "endraw".len());
            continue;
        }
        let verb = match word {
            "extends" => Some("继承"),
            "include" => Some("包含"),
            "import" => Some("导入"),
            _ => None,
        };
        if let Some(verb) = verb {
            // Names are string literals; for `import`, only the first (`import "m.html" as m`).
            let mut names = args.split(['"', '\'']).skip(1).step_by(2);
            let take = if word == "include" && args.trim_start().starts_with('[') { usize::MAX } else { 1 };
            for name in names.by_ref().take(take) {
                out.push((name.to_string(), verb, start));
            }
        }
        from = start + 2 + end;
    }
    out
}

/// A call of a macro: the template the called one is in, its name, and the byte offset of the
/// call in the calling template.
type MacroCall = (String, String, usize);

/// The macros a template defines, each with the macros it calls. A call is `self::name(` (this
/// template) or `alias::name(` with `{% import "file" as alias %}` in this template.
fn macro_calls(text: &str, own: &str) -> Vec<(String, Vec<MacroCall>)> {
    let imports: Vec<(String, String)> = {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = text[from..].find("{%") {
            let start = from + i + 2;
            let end = text[start..].find("%}").map_or(text.len(), |e| start + e);
            let tag: Vec<&str> = text[start..end].trim_matches(|c: char| c == '-' || c.is_whitespace()).split_whitespace().collect();
            if let ["import", file, "as", alias] = tag.as_slice() {
                out.push((alias.to_string(), file.trim_matches(['"', '\'']).to_string()));
            }
            from = end;
        }
        out
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("macro ") {
        let at = from + i;
        from = at + 6;
        // `{% macro name(` or `{%- macro name(`.
        let before = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '-');
        if !before.ends_with("{%") {
            continue;
        }
        let name: String = text[at + 6..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let body_end = text[at..].find("endmacro").map_or(text.len(), |e| at + e);
        let body = &text[at..body_end];
        let mut calls = Vec::new();
        let mut k = 0;
        while let Some(j) = body[k..].find("::") {
            let sep = k + j;
            k = sep + 2;
            let alias: String = body[..sep].chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<Vec<_>>().into_iter().rev().collect();
            let called: String = body[sep + 2..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if called.is_empty() || !body[sep + 2 + called.len()..].trim_start().starts_with('(') {
                continue;
            }
            // A call under an `if` or a `for` may end (a tree drawn level by level): only a call
            // made whatever the arguments can never end.
            if conditional(&body[..sep]) {
                continue;
            }
            let target = if alias == "self" { Some(own.to_string()) } else { imports.iter().find(|(a, _)| *a == alias).map(|(_, f)| f.clone()) };
            if let Some(target) = target {
                calls.push((target, called, at + sep - alias.len()));
            }
        }
        out.push((name, calls));
        from = body_end;
    }
    out
}

/// Whether the end of `text` is inside an `{% if %}` or `{% for %}` opened in it.
fn conditional(text: &str) -> bool {
    let mut depth = 0i32;
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let start = from + i + 2;
        let end = text[start..].find("%}").map_or(text.len(), |e| start + e);
        let word = text[start..end].trim_start_matches('-').split_whitespace().next().unwrap_or("");
        match word {
            "if" | "for" => depth += 1,
            "endif" | "endfor" => depth -= 1,
            _ => {}
        }
        from = end;
    }
    depth > 0
}

/// Every macro that calls itself, directly or through other macros, once per loop: the template
/// and offset of the call that closes it, and the loop (`m.html: r → r`).
fn recursive_macros(sources: &BTreeMap<String, Template>) -> Vec<(String, usize, Vec<String>)> {
    // (template, macro) -> calls.
    let mut graph: BTreeMap<(String, String), Vec<MacroCall>> = BTreeMap::new();
    for (name, t) in sources {
        for (m, calls) in macro_calls(&t.text, name) {
            graph.insert((name.clone(), m), calls);
        }
    }
    let mut found = Vec::new();
    let mut reported: std::collections::BTreeSet<Vec<(String, String)>> = Default::default();
    for start in graph.keys() {
        // Depth-first, iteratively, with the path of (template, macro) and the offset of each call.
        let mut stack: Vec<((String, String), usize)> = vec![(start.clone(), 0)];
        let mut path: Vec<(String, String)> = vec![start.clone()];
        let mut visited: std::collections::BTreeSet<(String, String)> = Default::default();
        while let Some((node, next)) = stack.last_mut() {
            let calls = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if *next >= calls.len() {
                stack.pop();
                path.pop();
                continue;
            }
            let (file, m, offset) = &calls[*next];
            *next += 1;
            let callee = (file.clone(), m.clone());
            if callee == *start {
                let mut key = path.clone();
                key.sort();
                if reported.insert(key) {
                    let mut shown: Vec<String> = path.iter().map(|(f, m)| format!("{f}: {m}")).collect();
                    shown.push(format!("{}: {}", start.0, start.1));
                    found.push((node.0.clone(), *offset, shown));
                }
            } else if graph.contains_key(&callee) && !path.contains(&callee) && visited.insert(callee.clone()) {
                path.push(callee.clone());
                stack.push((callee, 0));
            }
        }
    }
    found
}

/// Every loop among the templates, each once, its steps starting from its smallest name.
fn loops(sources: &BTreeMap<String, Template>) -> Vec<Cycle> {
    let graph: BTreeMap<&str, Vec<(String, &'static str, usize)>> =
        sources.iter().map(|(n, t)| (n.as_str(), uses(&t.text).into_iter().filter(|(d, _, _)| sources.contains_key(d)).collect())).collect();
    let mut found: Vec<Cycle> = Vec::new();
    let mut seen: std::collections::BTreeSet<Vec<String>> = Default::default();
    // Depth-first from every template, iteratively (a deep chain must not overflow this either).
    let mut done: std::collections::HashSet<&str> = Default::default();
    for &root in graph.keys() {
        if done.contains(root) {
            continue;
        }
        // (template, index of the next edge to follow); `path` holds the templates on the way.
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        let mut on_path: Vec<&str> = vec![root];
        while let Some((node, next)) = stack.last_mut() {
            let edges = &graph[*node];
            if *next >= edges.len() {
                done.insert(*node);
                stack.pop();
                on_path.pop();
                continue;
            }
            let (dep, _, _) = &edges[*next];
            *next += 1;
            if let Some(at) = on_path.iter().position(|n| n == dep) {
                // The loop: from `dep` on the path to here, and back.
                let members: Vec<&str> = on_path[at..].to_vec();
                let steps: Vec<(String, &'static str, usize)> = stack[at..]
                    .iter()
                    .zip(&members)
                    .map(|((n, i), _)| {
                        let (_, verb, offset) = &graph[*n][*i - 1];
                        (n.to_string(), *verb, *offset)
                    })
                    .collect();
                let start = (0..steps.len()).min_by_key(|&i| &steps[i].0).unwrap_or(0);
                let steps: Vec<_> = steps[start..].iter().chain(&steps[..start]).cloned().collect();
                let key: Vec<String> = steps.iter().map(|s| s.0.clone()).collect();
                if seen.insert(key) {
                    found.push(Cycle { steps });
                }
            } else if !done.contains(dep.as_str()) {
                let dep = graph.get_key_value(dep.as_str()).map(|(k, _)| *k).unwrap_or(root);
                stack.push((dep, 0));
                on_path.push(dep);
            }
        }
    }
    found
}

/// The `.html` files of `dir`, each shown in messages as `<shown>/<name>`.
fn read_dir_into(dir: &Path, sources: &mut BTreeMap<String, Template>, shown: &str) -> Result<()> {
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
        sources.insert(name.clone(), Template { text: crate::source::normalise(&text), origin: format!("{shown}/{name}") });
    }
    Ok(())
}

/// What went wrong while a page was rendered, in Chinese, from the template engine's own words
/// (kept after it, for whoever maintains the templates).
pub fn explain(e: &dyn std::error::Error) -> String {
    let text = chain(e);
    // The name after `word`, in backquotes or quotes (Tera uses both), when Tera says it was not
    // found (a filter given a wrong argument is named the same way, and is there).
    let quoted = |word: &str| -> Option<String> {
        let at = [format!("{word} `"), format!("{word} '")].iter().filter_map(|p| text.find(p.as_str()).map(|i| i + p.len())).min()?;
        let rest = &text[at..];
        let close = rest.find(['`', '\''])?;
        rest[close + 1..].starts_with(" not found").then(|| rest[..close].to_string())
    };
    let what = if let Some(v) = quoted("Variable") {
        format!("变量 {v} 不存在; 请检查名称的拼写, 或用 {{% if {v} %}} 先判断它是否存在")
    } else if let Some(f) = quoted("Filter") {
        format!("没有名为 {f} 的过滤器; 请检查名称的拼写")
    } else if let Some(f) = quoted("Function") {
        format!("没有名为 {f} 的函数; 请检查名称的拼写")
    } else if let Some(m) = quoted("Macro") {
        format!("找不到宏 {m}; 请检查名称, 以及 {{% import %}} 的模板中是否定义了它")
    } else if let Some(t) = quoted("Template") {
        format!("找不到模板 {t}")
    } else {
        "模板无法渲染".to_string()
    };
    format!("{what} (模板引擎的说明: {text})")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn set(templates: &[(&str, &str)]) -> BTreeMap<String, Template> {
        templates.iter().map(|(n, t)| (n.to_string(), Template { text: t.to_string(), origin: format!("templates/{n}") })).collect()
    }

    #[test]
    fn tags_that_name_templates_are_found() {
        let u = uses("{% extends \"base.html\" %}\n{%- include ['a.html', \"b.html\"] ignore missing -%}{% import 'm.html' as m %}{% if x %}");
        let names: Vec<(&str, &str)> = u.iter().map(|(n, v, _)| (n.as_str(), *v)).collect();
        assert_eq!(names, [("base.html", "继承"), ("a.html", "包含"), ("b.html", "包含"), ("m.html", "导入")]);
        assert_eq!(u[1].2, 26);
    }

    #[test]
    fn loops_are_found_once_each() {
        let t = set(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include \"c.html\" %}"),
            ("c.html", "{% extends \"a.html\" %}"),
            ("d.html", "{% include \"a.html\" %}{% include \"d.html\" %}"),
            ("e.html", "{% include \"nowhere.html\" %}"),
        ]);
        let found: Vec<String> = loops(&t).iter().map(Cycle::describe).collect();
        assert_eq!(found, ["a.html 包含 b.html, b.html 包含 c.html, c.html 继承 a.html", "d.html 包含 d.html"]);
        assert!(loops(&set(&[("base.html", ""), ("page.html", "{% extends \"base.html\" %}")])).is_empty());
    }

    #[test]
    fn the_built_in_theme_has_no_loop() {
        let t: BTreeMap<String, Template> =
            BUILTIN_TEMPLATES.iter().map(|(n, t)| (n.to_string(), Template { text: t.to_string(), origin: String::new() })).collect();
        assert!(loops(&t).is_empty());
    }
}
