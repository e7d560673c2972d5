//! Authoring helpers: `init` writes a new site with one example of every kind of content, and
//! `new` writes one new mechanism, case, training, inspection, model or scorecard with every
//! field present, each explained by a Chinese comment. What the tool cannot guess (a date, a
//! type, a score) is written as the marker `待填写` or, for a score, left empty (`~`): `check`
//! names every such blank until it is filled, so nothing unfinished is published (SPEC §4).
//!
//! Existing files are never overwritten. Reading an existing site goes through `load` and
//! `parse`, so `new scorecard` lists exactly the indicators and duties that the build knows.
//! Depends on `load`, `parse`, `model`, `slug`, `diag`, `error`.

use crate::diag::{display_width, Diagnostics};
use crate::error::{write_err, Error, Result};
use crate::model::{Id, Per, Period, Tenths};
use crate::slug::slugify;
use crate::yaml::UNFILLED;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The kinds of Markdown item that `new` can start from a title.
pub use crate::model::Kind;
pub use example::init;

mod example;
mod files;

use files::{require_site, write_new};

// ---------------------------------------------------------------------------------------------
// new

/// A YAML scalar for free text: plain when that reads back as the same string, else a
/// double-quoted string (JSON's escaping is valid YAML).
fn yaml_text(s: &str) -> String {
    const INDICATORS: &[char] = &['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'];
    let lower = s.to_ascii_lowercase();
    // `2025`, `1.5`, `0x1f`, `.inf` would read back as numbers; `2025年专题` is text.
    let numeric = s.is_ascii() && s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+');
    let plain = !s.is_empty()
        && !numeric
        && s.trim() == s
        && !s.starts_with(INDICATORS)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\t')
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && !matches!(lower.as_str(), "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n");
    if plain {
        s.to_string()
    } else {
        serde_json::Value::String(s.to_string()).to_string()
    }
}

/// Lines of YAML with their comments lined up in one column.
struct Commented {
    lines: Vec<(String, String)>,
}

impl Commented {
    fn new() -> Commented {
        Commented { lines: Vec::new() }
    }

    /// `yaml` followed by `# comment` (no comment when empty).
    fn line(&mut self, yaml: impl Into<String>, comment: impl Into<String>) -> &mut Self {
        self.lines.push((yaml.into(), comment.into()));
        self
    }

    fn render(&self) -> String {
        let width = self.lines.iter().filter(|(_, c)| !c.is_empty()).map(|(y, _)| display_width(y)).max().unwrap_or(0);
        let width = width.clamp(24, 44);
        let mut out = String::new();
        for (yaml, comment) in &self.lines {
            out.push_str(yaml);
            if !comment.is_empty() {
                let pad = width.saturating_sub(display_width(yaml)) + 2;
                out.push_str(&" ".repeat(pad.max(2)));
                out.push_str("# ");
                out.push_str(comment);
            }
            out.push('\n');
        }
        out
    }
}

/// The id a title gets: its pinyin slug.
pub fn id_for_title(title: &str) -> Result<Id> {
    // Full-width letters and digits, as a Chinese input method types them (`ＡＢＣ`, `２０２６`),
    // name the file as their ASCII forms would.
    let ascii: String = title.chars().map(|c| if c.is_alphanumeric() && ('\u{FF10}'..='\u{FF5A}').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c }).collect();
    let slug = slugify(&ascii);
    Id::parse(&slug).ok_or_else(|| {
        Error::Other(format!("无法从标题 \"{title}\" 得出标识 (id): 标题中要有汉字、英文字母或数字"))
    })
}

/// The id given with `--id`, which must be a valid id as it stands: it names the file, so it is
/// never rewritten in silence. A refusal suggests the nearest valid id when there is one.
pub fn given_id(id: &str) -> Result<Id> {
    if let Some(valid) = Id::parse(id) {
        return Ok(valid);
    }
    let suggestion = Id::parse(&slugify(id)).map(|s| format!("; 是否要写 {s}?")).unwrap_or_default();
    Err(Error::Other(format!(
        "标识 (id) \"{id}\" 无效: 只能由小写英文字母、数字和连字符 - 组成, 以字母或数字开头, 最长 120 个字符, 例如 2025-national-day-check{suggestion}"
    )))
}

/// `new mechanism|case|training|inspection|model TITLE [--id ID]`: write
/// `content/<kind>/<id>.md` and return its path. The id is `id` when given, else the title's
/// pinyin.
pub fn new_item(site: &Path, kind: Kind, title: &str, id: Option<&str>, today: NaiveDate) -> Result<PathBuf> {
    // A bad --id is a usage error whatever the folder: say so before anything else.
    let given = id.map(given_id).transpose()?;
    require_site(site)?;
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::Other("标题不能为空".into()));
    }
    let change = if given.is_some() { "请换一个标识 (--id)" } else { "请换一个标题, 或用 --id 另取一个标识" };
    let id = match given {
        Some(id) => id,
        None => id_for_title(title)?,
    };
    let dir = site.join("content").join(kind.folder());
    let path = dir.join(format!("{id}.md"));
    if path.exists() {
        return Err(Error::Other(format!("{} 已存在, 不会覆盖它; {change}, 或直接编辑该文件", path.display())));
    }
    if let Some(other) = existing_item_with_id(site, kind, &id)? {
        return Err(Error::Other(format!(
            "{} 中已有标识为 \"{id}\" 的{} ({}); {change}",
            kind.folder(),
            kind.section(),
            other
        )));
    }
    let text = match kind {
        Kind::Mechanism => mechanism_text(&id, title, today),
        Kind::Case => case_text(&id, title, today),
        Kind::Training => training_text(&id, title, today),
        Kind::Page => page_text(&id, title),
        Kind::Inspection => inspection_text(&id, title, today),
        Kind::Model => model_text(&id, title, today),
        Kind::Rectification => {
            return Err(Error::Other("整改事项不单独成文件: 请在 content/rectifications/ 下的台账文件 (.yaml) 中逐条添加".into()))
        }
    };
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    write_new(&path, &text)?;
    Ok(path)
}

/// The file of an item of `kind` whose id (from an `id` field or its name) is `id`.
fn existing_item_with_id(site: &Path, kind: Kind, id: &Id) -> Result<Option<String>> {
    let mut diags = Diagnostics::new();
    let sources = crate::load::load(site, &mut diags)?;
    for file in sources.items(kind) {
        // Broken files are `check`'s business; only a readable id can collide.
        if crate::parse::id_of(kind, file, &mut Diagnostics::new()).as_ref() == Some(id) {
            return Ok(Some(file.display.clone()));
        }
    }
    Ok(None)
}

fn header(kind: Kind, id: &Id) -> String {
    format!(
        "# 新建的{}。文件名就是它的标识 (id): {id}, 页面位于 {}/{id}/。\n# 带 # 的行是说明, 可以删除; 行首带 # 的可选字段, 去掉 # 后填写即可启用。\n# 标着 {UNFILLED} 的地方都要换成实际内容, 否则检查不能通过。\n",
        kind.section(),
        kind.folder()
    )
}

fn mechanism_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "制度名称")
        .line("category: 待填写分类", "分类 (自由填写, 列表按它分组), 例如 教育管理、监督问责、考核激励")
        .line("issuer: 待填写发文单位", "发文单位, 例如 中共某县委政法委员会")
        .line("# doc_number: 某政法〔2025〕1号", "文号 (可选)")
        .line(format!("effective: {UNFILLED}"), format!("施行日期, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("status: in-force", "状态: in-force 现行有效 | revised 已修订 | repealed 已废止")
        .line("# order: 1", "在所属分类中的排序 (可选, 小的在前)")
        .line("supersedes: []", "本制度取代的旧制度的标识 (可选), 例如 [old-assessment]")
        .line("tags: []", "标签 (可选), 例如 [警示教育, 以案促改]")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开")
        .line("requirements: []", "对各单位的履职要求 (可选); 按下面的格式逐项列出, 半年考核表按标识填写完成次数")
        .line("#  - id: half-year-study", "要求的标识, 在所有制度中唯一")
        .line("#    text: 每半年至少开展一次专题学习", "要求的内容")
        .line("#    at_least: 1", "每个周期至少完成的次数")
        .line("#    per: half-year", "周期: half-year 每半年 | year 每年");
    format!(
        "---\n{}{}---\n## 一、适用范围\n\n（待填写：写明本制度适用于哪些单位和人员。）\n\n## 二、主要内容\n\n（待填写：逐条写明制度要求。）\n\n## 三、检查考核\n\n（待填写：写明由谁检查、如何考核、结果如何运用。）\n",
        header(Kind::Mechanism, id),
        f.render()
    )
}

fn case_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "案例标题")
        .line(format!("date: {UNFILLED}"), format!("处理决定或通报的日期, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("# unit: 单位代码", "发生问题的单位 (可选), 填 content/units.yaml 中的单位代码")
        .line("violations: [待填写违纪类型]", "违纪类型, 至少一项, 例如 [违反中央八项规定精神, 违规饮酒]")
        .line(format!("form: {UNFILLED}"), "四种形态, 填数字: 1 批评教育、谈话提醒 | 2 轻处分 | 3 重处分 | 4 严重违纪涉嫌违法")
        .line("disposition: 待填写处理结果", "处理结果, 例如 党内警告、诫勉谈话")
        .line("# notified_by: 中共某县委政法委员会", "通报单位 (可选)")
        .line("mechanisms: []", "相关制度的标识 (可选), 例如 [warning-education]")
        .line("persons: []", "涉及人员 (可选), 必须匿名, 例如 [王某, 该干警]")
        .line("# summary: 一句话概括案情", "摘要 (可选); 不填时取正文第一段")
        .line("questions: []", "供培训讨论的问题 (可选)")
        .line("tags: []", "标签 (可选)")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 基本案情\n\n（待填写：写明时间、单位和经过。人员一律匿名, 如 王某、该干警。）\n\n## 案例剖析\n\n（待填写：分析问题的原因和暴露出的漏洞。）\n\n## 警示启示\n\n（待填写：写明应当吸取的教训。）\n",
        header(Kind::Case, id),
        f.render()
    )
}

fn training_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "培训专题名称")
        .line(format!("date: {UNFILLED}"), format!("培训日期, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("# duration: 90分钟", "时长 (可选)")
        .line("# presenter: 县委政法委宣教科", "主讲人或主讲单位 (可选)")
        .line("cases: []", "按讲授顺序列出的案例标识 (可选), 例如 [fx-court-banquet]")
        .line("mechanisms: []", "相关制度的标识 (可选)")
        .line("models: []", "作为正面榜样讲授的先进典型标识 (可选), 与案例并列展示")
        .line("questions: []", "讨论题 (可选), 会与各案例自带的讨论题合并")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 教学目标\n\n（待填写：写明本次培训要达到的目的。）\n\n## 教学安排\n\n（待填写：写明讲授、讨论的顺序和时间。）\n",
        header(Kind::Training, id),
        f.render()
    )
}

/// The smallest valid item of `kind`: every required field, the given audience and body. What
/// tests build their sites from; a kind added later must say here what it needs, and is then
/// covered by every test that walks `Kind::ALL`.
/// Items that name a unit name `MINIMAL_UNIT`, which the site must list in `content/units.yaml`.
pub fn minimal_item(kind: Kind, id: &str, title: &str, audience: crate::model::Audience, body: &str) -> String {
    let title = yaml_text(title);
    let audience = audience.as_str();
    let fields = match kind {
        Kind::Mechanism => format!("title: {title}\ncategory: 监督管理\nissuer: 示例委员会\neffective: 2025-01-01\nstatus: in-force"),
        Kind::Case => format!("title: {title}\ndate: 2025-01-01\nviolations: [违规饮酒]\nform: 1\ndisposition: 批评教育"),
        Kind::Training => format!("title: {title}\ndate: 2025-01-01"),
        Kind::Page => format!("title: {title}"),
        Kind::Inspection => format!("title: {title}\ndate: 2025-01-01\nkind: 明察暗访\ninspector: 示例督查室\nunits: [{MINIMAL_UNIT}]"),
        Kind::Model => format!("title: {title}\ndate: 2025-01-01\nhonour: 先进集体\nkind: collective\nunit: {MINIMAL_UNIT}"),
        Kind::Rectification => {
            let problem = yaml_text(&format!("{title} {body}"));
            return format!(
                "- id: {id}\n  unit: {MINIMAL_UNIT}\n  problem: {problem}\n  found_on: 2025-01-01\n  deadline: 2025-02-01\n  status: open\n  audience: {audience}\n"
            );
        }
    };
    format!("---\nid: {id}\n{fields}\naudience: {audience}\n---\n{body}\n")
}

/// The unit that `minimal_item`'s items name.
pub const MINIMAL_UNIT: &str = "sample-unit";

fn inspection_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "检查或通报的标题")
        .line(format!("date: {UNFILLED}"), format!("检查日期, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("kind: 待填写检查方式", "检查方式 (自由填写, 列表按它筛选), 例如 明察暗访、专项督查、交叉检查、回访复查")
        .line("inspector: 待填写检查单位", "检查单位, 例如 县委政法委督查室")
        .line("units: []", "被检查单位的代码, 填 content/units.yaml 中的单位代码, 例如 [fx-court, fx-police]")
        .line("mechanisms: []", "相关制度的标识 (可选)")
        .line("tags: []", "标签 (可选)")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 检查情况\n\n（待填写：写明检查的时间、方式和范围。）\n\n## 发现的问题\n\n（待填写：逐条写明发现的问题; 需要整改的, 在整改台账中逐条登记, 来源写 {{ inspection: {id} }}。）\n",
        header(Kind::Inspection, id),
        f.render()
    )
}

fn model_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "先进集体或先进个人的名称")
        .line(format!("date: {UNFILLED}"), format!("表彰时间, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("honour: 待填写荣誉称号", "荣誉称号, 例如 全县政法系统纪律作风建设先进集体")
        .line(format!("kind: {UNFILLED}"), "类别: collective 先进集体 | individual 先进个人")
        .line("# unit: 单位代码", "所在单位 (可选), 填 content/units.yaml 中的单位代码")
        .line("persons: []", "受表彰的人员 (可选); 先进典型可以写真实姓名")
        .line("mechanisms: []", "相关制度的标识 (可选), 例如 [incentive]")
        .line("tags: []", "标签 (可选)")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 先进事迹\n\n（待填写：写明受表彰的事迹和经验做法。）\n",
        header(Kind::Model, id),
        f.render()
    )
}

fn page_text(id: &Id, title: &str) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "页面标题")
        .line("# attachments: [{ file: /files/附件名.pdf, title: 附件标题 }]", "附件 (可选): 文件放在本页面自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!("---\n{}{}---\n（待填写：页面正文。）\n", header(Kind::Page, id), f.render())
}

/// `new scorecard UNIT PERIOD`: write `content/scorecards/<period>/<unit>.yaml` listing every
/// indicator of the rubric that applies to the period and every duty of the mechanisms.
/// `Ok(None)` when the site's units, rubric or mechanisms have content errors (in `diags`).
pub fn new_scorecard(site: &Path, unit: &str, period: &str, today: NaiveDate, diags: &mut Diagnostics) -> Result<Option<PathBuf>> {
    require_site(site)?;
    let Some(p) = Period::parse(period) else {
        let swapped = if Period::parse(unit).is_some() { "; 参数顺序是先单位后期次: zhengfeng new scorecard 单位代码 期次" } else { "" };
        return Err(Error::Other(format!("期次 \"{period}\" 无效, 应为 YYYY-H1 (上半年) 或 YYYY-H2 (下半年), 例如 2025-H2{swapped}")));
    };
    let sources = crate::load::load(site, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    let Some(crate::parse::ScoringInputs { units, rubric, rubric_file, mechanisms }) = crate::parse::scoring_inputs(&sources, p, diags)? else {
        return Ok(None);
    };
    // A unit named by its name (`青禾县人民法院`) is that unit, as in a workbook's 单位 column.
    let Some(unit) = units.iter().find(|u| u.id.as_str() == unit).or_else(|| units.iter().find(|u| u.name.trim() == unit.trim())) else {
        let known: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        // A name given (Chinese in it): the nearest name, and its code.
        let by_name = !unit.is_ascii();
        let hint = if by_name {
            crate::diag::suggest(unit, &names).and_then(|n| units.iter().find(|u| u.name == n)).map(|u| format!("; 是否要写 {} ({})?", u.name, u.id))
        } else {
            crate::diag::suggest(unit, &known).map(|s| format!("; 是否要写 {s}?"))
        };
        let what = if by_name { "名称" } else { "代码" };
        return Err(Error::Other(format!("单位名录 content/units.yaml 中没有{what}为 \"{unit}\" 的单位{}", hint.unwrap_or_default())));
    };
    if !unit.assessed_in(p) {
        return Err(Error::Other(format!("单位 {} 在 {} 不参加考核 (见 content/units.yaml 中它的 from / until)", unit.id, p.label())));
    }
    let dir = site.join("content").join("scorecards").join(p.to_string());
    let path = dir.join(format!("{}.yaml", unit.id));
    for existing in [path.clone(), dir.join(format!("{}.yml", unit.id))] {
        if existing.exists() {
            return Err(Error::Other(format!("{} 已存在, 不会覆盖它", existing.display())));
        }
    }

    let mut f = Commented::new();
    f.line(format!("unit: {}", unit.id), "被考核单位的代码 (不要修改)")
        .line(format!("period: {p}"), "期次, 须与所在目录同名 (不要修改)")
        .line(format!("assessed_on: {UNFILLED}"), format!("考评日期, 格式 YYYY-MM-DD, 例如 {today}"))
        .line("# assessor: 县委政法委考评组", "考评组 (可选)")
        .line("scores:", "各项指标得分: 0 到满分, 最多一位小数; ~ 表示尚未填写");
    for ind in &rubric.indicators {
        let group = ind.group.as_deref().map(|g| format!("{g} · ")).unwrap_or_default();
        f.line(format!("  {}: ~", ind.id.value), format!("{group}{}, 满分 {}", ind.name, tenths(ind.max)));
    }
    f.line("# satisfaction: 90.0", "群众满意度 (可选), 百分比 0 到 100")
        .line("deductions: []", "扣分 (可选), 每项如 { points: 2, reason: 扣分原因, case: 案例标识 }")
        .line("bonus: []", format!("加分 (可选), 每项如 {{ points: 1, reason: 加分原因 }}; 合计最多计 {} 分", tenths(rubric.bonus_cap)))
        .line("# veto: { reason: 一票否决的原因 }", format!("一票否决 (可选), 等次直接定为 {}", rubric.veto_grade));
    let duties: Vec<_> = mechanisms.iter().flat_map(|m| m.requirements.iter().map(move |r| (m, r))).collect();
    if duties.is_empty() {
        f.line("requirements: {}", "各项履职要求本期完成的次数 (制度中尚无履职要求)");
    } else {
        f.line("requirements:", "各项履职要求本期完成的次数, 没有完成写 0; ~ 表示尚未填写");
        for (m, r) in duties {
            let per = match r.per {
                Per::HalfYear => "每半年",
                Per::Year => "每年",
            };
            f.line(format!("  {}: ~", r.id.value), format!("{} ({per}至少 {} 次; 出自《{}》)", r.text, r.at_least, m.title));
        }
    }
    f.line("# comment: 考评意见", "考评意见 (可选)")
        .line("audience: internal", "受众: internal 内部 | public 公开 (公开构建只收录 public 的考核表)");
    let text = format!(
        "# {} {}考核表。指标来自 {}。\n# 带 # 的行是说明, 可以删除; 行首带 # 的可选字段, 去掉 # 后填写即可启用。\n# 每项得分 (~) 和标着 {UNFILLED} 的地方都要填好, 否则检查不能通过。\n{}",
        unit.name,
        p.label(),
        rubric_file.display,
        f.render()
    );
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    write_new(&path, &text)?;
    Ok(Some(path))
}

/// A value as written in YAML: `15`, `9.5`.
fn tenths(Tenths(v): Tenths) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!("{}.{}", v / 10, (v % 10).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_yaml_that_reads_back() {
        assert_eq!(yaml_text("某县法院违规宴请案"), "某县法院违规宴请案");
        assert_eq!(yaml_text("关于: 宴请"), "\"关于: 宴请\"");
        assert_eq!(yaml_text("[草稿] 宴请"), "\"[草稿] 宴请\"");
        assert_eq!(yaml_text("2025年专题"), "2025年专题");
        assert_eq!(yaml_text("2025"), "\"2025\"");
        assert_eq!(yaml_text("1.5"), "\"1.5\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("a \"b\""), "a \"b\"");
    }

    #[test]
    fn ids_come_from_the_title_in_pinyin() {
        assert_eq!(id_for_title("某县法院违规宴请案").unwrap().as_str(), "mou-xian-fa-yuan-wei-gui-yan-qing-an");
        assert!(id_for_title("《》").is_err());
    }

    #[test]
    fn given_ids_are_taken_as_they_stand_or_refused() {
        assert_eq!(given_id("2025-national-day-check").unwrap().as_str(), "2025-national-day-check");
        let err = given_id("National_Day").unwrap_err().to_string();
        assert!(err.contains("\"National_Day\" 无效") && err.contains("national-day"), "{err}");
        let err = given_id("国庆检查").unwrap_err().to_string();
        assert!(err.contains("guo-qing-jian-cha"), "{err}");
        assert!(!given_id("-").unwrap_err().to_string().contains("是否要写"));
    }

    #[test]
    fn tenths_print_as_written() {
        assert_eq!(tenths(Tenths(150)), "15");
        assert_eq!(tenths(Tenths(95)), "9.5");
    }
}
