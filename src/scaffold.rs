//! Authoring helpers: `init` writes a new site with one example of every kind of content, and
//! `new` writes one new mechanism, case, training, inspection, model or scorecard with every
//! field present, each explained by a Chinese comment; what the tool cannot guess holds the
//! marker `待填写`, which `check` names until it is filled.
//!
//! Existing files are never overwritten. Reading an existing site goes through `load` and
//! `parse`, so `new scorecard` lists exactly the indicators and duties that the build knows.
//! Depends on `load`, `parse`, `model`, `slug`, `diag`, `error`.

use crate::config::CONFIG_FILE;
use crate::diag::{display_width, Diagnostics};
use crate::error::{write_err, Error, Result};
use crate::model::{Id, Per, Period, Tenths};
use crate::slug::slugify;
use chrono::NaiveDate;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The kinds of Markdown item that `new` can start from a title.
pub use crate::model::Kind;

// ---------------------------------------------------------------------------------------------
// init

/// The example site, path -> text. Every person is anonymised, every unit invented.
const EXAMPLE_SITE: &[(&str, &str)] = &[
    (".gitignore", "# 构建输出, 随时可以重新生成\n/output/\n# archive/ 中是半年归档, 属于正式记录, 应与 content/ 一起纳入版本管理和备份, 不要忽略\n"),
    (
        CONFIG_FILE,
        r#"# 站点配置。各项含义见 zhengfeng 的说明文档。
title = "青禾县政法队伍纪律作风建设学习平台"
description = "青禾县政法各单位纪律作风建设的制度机制、典型案例、培训专题与半年考核评价（示例站点，内容均为虚构）"
language = "zh-CN"
theme = "default"
# current_period = "2025-H2"   # 当前期次 (可选); 默认取 content/scorecards/ 下最新的期次
# as_of = "2025-12-31"         # 统计截至日期 (可选): 整改台账按这一天判断是否逾期; 默认取构建当天

[build]
output_dir = "output"
# audience = "internal"        # 默认受众: internal (内部) | public (公开)
# strict = true                # 把警告当作错误

[redact]
# names_file = "../private/real-names.txt"  # 真实姓名清单 (可选): 任何输出文件都不得出现其中的名字
"#,
    ),
    (
        "content/_index.md",
        r#"---
title: 青禾县政法队伍纪律作风建设学习平台
---
本平台汇集青禾县政法系统纪律作风建设的制度、案例、培训资料和半年考核结果，供全县政法干警日常学习和对照检查使用。

- **制度机制**：现行有效的纪律作风制度，以及每项制度要求各单位“每半年”“每年”必须完成的任务。
- **典型案例**：已经匿名处理的警示教育案例，附讨论题。
- **培训专题**：可直接用于支部学习的教案、讲义和幻灯片。
- **考核评价**：各单位每半年的考评得分、等次和排名。
- **督导检查**：明察暗访、专项督查等检查发现的问题和通报。
- **先进典型**：受到表彰的先进集体和先进个人的事迹。
- **整改台账**：每个问题的整改责任人、整改时限、整改措施和办结情况。

> 这是 `zhengfeng init` 生成的示例站点，所有单位、人员和分值均为虚构，请替换为本单位的真实资料。
"#,
    ),
    (
        "content/pages/about.md",
        r#"---
title: 关于本平台
audience: public
---
## 平台定位

本平台是青禾县政法队伍纪律作风建设的学习与考评资料库，把分散在文件、通报和考评表中的内容集中到一处，方便干警查阅制度要求、学习反面典型、对照检查本单位的短板。

## 内容维护

1. 制度机制由县委政法委统一发布，已修订或废止的制度保留原文并注明替代关系。
2. 典型案例入库前统一匿名处理，当事人一律以“某”或“该干警”指代。
3. 考核评价每半年进行一次，每期结束后冻结为只读归档。
"#,
    ),
    (
        "content/mechanisms/warning-education.md",
        r#"---
title: 警示教育常态化机制
category: 教育管理
order: 1
issuer: 中共青禾县委政法委员会
doc_number: 青政法〔2025〕3号
effective: 2025-03-01
status: in-force
tags: [警示教育, 以案促改]
audience: internal
requirements:
  - id: half-year-warning-education
    text: 每半年至少组织一次警示教育活动
    at_least: 1
    per: half-year
  - id: annual-integrity-talk
    text: 每年至少对全体干警开展一轮廉政谈话
    at_least: 1
    per: year
---
## 一、适用范围

本机制适用于县委政法委、县人民法院、县公安局等县级政法单位。

## 二、教育内容

1. 上级通报的典型案例和本系统发生的违纪违法案件。
2. 纪律作风方面的党内法规和本县制度规定。
3. 案发单位的整改情况和制度漏洞。

## 三、组织方式

各单位每半年至少组织一次警示教育活动，可以采取观看警示片、旁听庭审、案例讨论等形式。每年至少对全体干警开展一轮廉政谈话，谈话情况记录在案。

## 四、检查考核

县委政法委在半年考评中检查各单位的完成情况，未按要求完成的，在“学习教育”一项中扣分。
"#,
    ),
    (
        "content/cases/qh-police-banquet.md",
        r#"---
title: 青禾县公安局某派出所民警违规接受宴请问题
date: 2025-04-10
unit: qh-police
violations: [违反中央八项规定精神, 违规接受宴请]
form: 2
disposition: 党内警告
notified_by: 中共青禾县委政法委员会
mechanisms: [warning-education]
persons: [王某]
summary: 某派出所民警在办理一起治安案件期间接受当事人亲属安排的宴请，受到党内警告处分。
questions:
  - 办案期间与当事人及其亲属交往，应当守住哪些界限？
  - 所在派出所在日常监督中有哪些漏洞？
tags: [办案纪律]
audience: internal
---
## 基本案情

2025年2月，青禾县公安局某派出所民警王某在办理一起治安案件期间，接受案件当事人亲属安排的宴请，席间收受土特产一份。县公安局督察部门在回访中发现线索，经调查核实。

## 案例剖析

1. **纪律意识淡薄。** 明知对方是在办案件当事人的亲属，仍然接受宴请。
2. **监督存在空档。** 所在派出所对民警八小时以外的交往情况掌握不够。

## 警示启示

办案民警与当事人的不正当接触，直接损害执法公信力。一顿饭、一份礼看似小事，背后是执法的公正。
"#,
    ),
    (
        "content/trainings/2025-h1-warning-education.md",
        r#"---
title: 2025年上半年纪律作风警示教育专题
date: 2025-06-20
duration: 90分钟
presenter: 县委政法委宣教科
cases: [qh-police-banquet]
mechanisms: [warning-education]
models: [qh-court-service-center]
questions:
  - 本单位还有哪些与案例相似的风险点？
  - 先进典型的哪些做法可以在本单位推行？
audience: internal
---
## 教学目标

1. 了解违规接受宴请问题的表现形式和处理依据。
2. 对照案例查找本单位在日常监督中的漏洞。
3. 学习身边先进典型的做法，正反对照。

## 教学安排

先由主讲人讲解案情和处理结果，再介绍县人民法院诉讼服务中心的先进事迹，然后分组讨论，最后由各单位负责人谈整改措施。
"#,
    ),
    (
        "content/inspections/2025-spring-festival-check.md",
        r#"---
title: 2025年春节期间纪律作风明察暗访情况通报
date: 2025-02-10
kind: 明察暗访
inspector: 青禾县委政法委督查室
units: [qh-court, qh-police]
mechanisms: [warning-education]
tags: [节假日监督, 值班备勤]
audience: internal
---
## 检查情况

春节假期前后，县委政法委督查室不打招呼、直奔现场，夜间抽查了县人民法院、县公安局的值班岗位6个，查看了值班记录和公车使用登记。

## 发现的问题

1. 县公安局某派出所初三晚值班室无人，值班民警在宿舍休息。
2. 县人民法院值班记录有两天是事后补写的，督查组已当场责令改正。

## 工作要求

县公安局把值班脱岗问题列入整改台账，明确责任人、时限和措施，一个月内报告整改情况。
"#,
    ),
    (
        "content/models/qh-court-service-center.md",
        r#"---
title: 青禾县人民法院诉讼服务中心
date: 2025-04-30
honour: 全县政法系统纪律作风建设先进集体
kind: collective
unit: qh-court
persons: []
mechanisms: [warning-education]
tags: [诉讼服务, 首问负责]
audience: public
---
## 主要事迹

诉讼服务中心推行首问负责：群众找到哪个窗口，哪个窗口就负责到底，不能办的由首问人员带到承办窗口。材料不齐的当场一次性告知，全年没有收到一件有效投诉。

## 经验启示

把服务标准写清楚、把责任落到人，群众就能实实在在感受到作风的变化。
"#,
    ),
    (
        "content/rectifications/2025.yaml",
        r#"# 整改台账: 每条事项写明问题、来源、整改责任人、整改时限和整改措施。
# 办结后把 status 改为 done, 并填写办结日期 done_on 和办结反馈情况 feedback;
# 是否逾期由工具按统计截至日期 (zhengfeng.toml 中的 as_of, 默认当天) 自动判断。
- id: 2025-01
  unit: qh-police
  problem: 某派出所春节期间值班室无人，值班民警在宿舍休息
  source: { inspection: 2025-spring-festival-check }
  found_on: 2025-02-10
  owner: 分管副局长
  deadline: 2025-03-10
  measures: [对脱岗民警诫勉谈话, 修订值班备勤规定, 督察部门每周夜查一次]
  status: done
  done_on: 2025-03-05
  feedback: 责任人已处理，值班备勤规定已修订；整改情况已书面报告县委政法委。
  audience: internal
- id: 2025-02
  unit: qh-police
  problem: 办案民警与案件当事人亲属交往缺少报告和监督
  source: { case: qh-police-banquet }
  found_on: 2025-04-10
  owner: 政治处主任
  deadline: 2025-12-31
  measures: [建立办案民警与当事人接触登记报告制度, 每季度开展一次廉政回访]
  status: open
  audience: internal
- id: 2025-03
  unit: qh-court
  problem: 法官与律师在工作场合以外的接触未按规定登记报告
  source: { text: 单位自查 }
  found_on: 2025-05-20
  owner: 政治部主任
  deadline: 2025-06-30
  measures: [组织全院干警学习登记报告的情形, 每季度通报一次登记报告情况]
  status: done
  done_on: 2025-07-15
  feedback: 学习已完成，第三季度起按季通报；完成时间晚于整改时限。
  audience: internal
"#,
    ),
    (
        "content/units.yaml",
        r#"# 单位名录: id 为单位代码 (小写英文、数字和 -), type 为单位类型
- id: qh-zfw
  name: 中共青禾县委政法委员会
  type: 政法委
- id: qh-court
  name: 青禾县人民法院
  type: 法院
  parent: qh-zfw
- id: qh-police
  name: 青禾县公安局
  type: 公安
  parent: qh-zfw
"#,
    ),
    (
        "content/scorecards/rubric.yaml",
        r#"title: 青禾县政法单位纪律作风建设考核评价指标
indicators:
  - id: leadership
    name: 领导责任落实
    max: 30
    group: 组织领导
  - id: education
    name: 学习教育与警示教育
    max: 40
    group: 教育监督
    mechanism: warning-education
  - id: satisfaction-work
    name: 群众满意度与作风形象
    max: 30
    group: 考评成效
bonus_cap: 5
grades:
  - { name: 优秀, min: 90 }
  - { name: 良好, min: 80 }
  - { name: 合格, min: 60 }
  - { name: 不合格, min: 0 }
veto_grade: 不合格
"#,
    ),
    (
        "content/scorecards/2025-H1/qh-zfw.yaml",
        r#"unit: qh-zfw
period: 2025-H1
assessed_on: 2025-07-10
assessor: 县委政法委考评组
scores: { leadership: 28, education: 36, satisfaction-work: 27 }
satisfaction: 93.5
requirements: { half-year-warning-education: 1, annual-integrity-talk: 0 }
comment: 统筹推进有力，警示教育组织规范。
audience: internal
"#,
    ),
    (
        "content/scorecards/2025-H1/qh-court.yaml",
        r#"unit: qh-court
period: 2025-H1
assessed_on: 2025-07-10
assessor: 县委政法委考评组
scores: { leadership: 27, education: 35.5, satisfaction-work: 26 }
satisfaction: 91.2
bonus:
  - { points: 1, reason: 诉源治理经验做法被市级推广 }
requirements: { half-year-warning-education: 1, annual-integrity-talk: 1 }
comment: 责任落实到位，群众满意度较高。
audience: internal
"#,
    ),
    (
        "content/scorecards/2025-H1/qh-police.yaml",
        r#"unit: qh-police
period: 2025-H1
assessed_on: 2025-07-10
assessor: 县委政法委考评组
scores: { leadership: 25, education: 33, satisfaction-work: 25 }
satisfaction: 88.6
deductions:
  - { points: 2, reason: 1名民警违规接受宴请被通报, case: qh-police-banquet }
requirements: { half-year-warning-education: 1, annual-integrity-talk: 0 }
comment: 发生违纪问题后整改及时，日常监督仍需加强。
audience: internal
"#,
    ),
    (
        "content/scorecards/2025-H2/qh-zfw.yaml",
        r#"unit: qh-zfw
period: 2025-H2
assessed_on: 2026-01-12
assessor: 县委政法委考评组
scores: { leadership: 28.5, education: 37, satisfaction-work: 27.5 }
satisfaction: 94.1
requirements: { half-year-warning-education: 1, annual-integrity-talk: 1 }
comment: 全年任务全部完成。
audience: internal
"#,
    ),
    (
        "content/scorecards/2025-H2/qh-court.yaml",
        r#"unit: qh-court
period: 2025-H2
assessed_on: 2026-01-12
assessor: 县委政法委考评组
scores: { leadership: 27.5, education: 36, satisfaction-work: 26.5 }
satisfaction: 92.0
requirements: { half-year-warning-education: 1 }
comment: 保持良好势头，廉政谈话已在上半年完成。
audience: internal
"#,
    ),
    (
        "content/scorecards/2025-H2/qh-police.yaml",
        r#"unit: qh-police
period: 2025-H2
assessed_on: 2026-01-12
assessor: 县委政法委考评组
scores: { leadership: 27, education: 35, satisfaction-work: 26 }
satisfaction: 90.3
requirements: { half-year-warning-education: 2, annual-integrity-talk: 1 }
comment: 以案促改成效明显，较上期进步较大。
audience: internal
"#,
    ),
];

/// Write the example site into `dir`, which must be missing or empty. Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Other(format!("{} 已存在且不是目录, 未写入任何文件", dir.display())));
        }
        let mut entries = std::fs::read_dir(dir).map_err(crate::error::read_err(dir))?;
        if entries.next().is_some() {
            return Err(Error::Other(format!(
                "目录 {} 不是空的, 未写入任何文件; 请指定一个新目录或空目录",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in EXAMPLE_SITE {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        write_new(&path, text)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// new

/// Create a file that must not exist yet; an existing file is a refusal, never overwritten.
fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Other(format!("{} 已存在, 不会覆盖它", path.display())));
        }
        Err(e) => return Err(write_err(path)(e)),
    };
    file.write_all(text.as_bytes()).map_err(write_err(path))
}

fn require_site(site: &Path) -> Result<()> {
    if site.join(CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(Error::NotASite { path: site.to_path_buf() })
    }
}

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
    let slug = slugify(title);
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
        "# 新建的{}。文件名就是它的标识 (id): {id}, 页面位于 {}/{id}/。\n# 带 # 的行是说明, 可以删除; 行首带 # 的可选字段, 去掉 # 后填写即可启用。\n",
        kind.section(),
        kind.folder()
    )
}

fn mechanism_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "制度名称")
        .line("category: 待分类", "分类 (自由填写, 列表按它分组), 例如 教育管理、监督问责、考核激励")
        .line("issuer: 待填写发文单位", "发文单位, 例如 中共某县委政法委员会")
        .line("# doc_number: 某政法〔2025〕1号", "文号 (可选)")
        .line(format!("effective: {today}"), "施行日期, 格式 YYYY-MM-DD")
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
        "---\n{}{}---\n## 一、适用范围\n\n（写明本制度适用于哪些单位和人员。）\n\n## 二、主要内容\n\n（逐条写明制度要求。）\n\n## 三、检查考核\n\n（写明由谁检查、如何考核、结果如何运用。）\n",
        header(Kind::Mechanism, id),
        f.render()
    )
}

fn case_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "案例标题")
        .line(format!("date: {today}"), "处理决定或通报的日期, 格式 YYYY-MM-DD")
        .line("# unit: 单位代码", "发生问题的单位 (可选), 填 content/units.yaml 中的单位代码")
        .line("violations: [待填写违纪类型]", "违纪类型, 至少一项, 例如 [违反中央八项规定精神, 违规饮酒]")
        .line("form: 1", "四种形态: 1 批评教育、谈话提醒 | 2 轻处分 | 3 重处分 | 4 严重违纪涉嫌违法")
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
        "---\n{}{}---\n## 基本案情\n\n（写明时间、单位和经过。人员一律匿名, 如 王某、该干警。）\n\n## 案例剖析\n\n（分析问题的原因和暴露出的漏洞。）\n\n## 警示启示\n\n（写明应当吸取的教训。）\n",
        header(Kind::Case, id),
        f.render()
    )
}

fn training_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "培训专题名称")
        .line(format!("date: {today}"), "培训日期, 格式 YYYY-MM-DD")
        .line("# duration: 90分钟", "时长 (可选)")
        .line("# presenter: 县委政法委宣教科", "主讲人或主讲单位 (可选)")
        .line("cases: []", "按讲授顺序列出的案例标识 (可选), 例如 [fx-court-banquet]")
        .line("mechanisms: []", "相关制度的标识 (可选)")
        .line("questions: []", "讨论题 (可选), 会与各案例自带的讨论题合并")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 教学目标\n\n（写明本次培训要达到的目的。）\n\n## 教学安排\n\n（写明讲授、讨论的顺序和时间。）\n",
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
        .line(format!("date: {today}"), "检查日期, 格式 YYYY-MM-DD")
        .line("kind: 明察暗访", "检查方式 (自由填写, 列表按它筛选), 例如 明察暗访、专项督查、交叉检查、回访复查")
        .line("inspector: 待填写检查单位", "检查单位, 例如 县委政法委督查室")
        .line("units: []", "被检查单位的代码, 填 content/units.yaml 中的单位代码, 例如 [fx-court, fx-police]")
        .line("mechanisms: []", "相关制度的标识 (可选)")
        .line("tags: []", "标签 (可选)")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 检查情况\n\n（写明检查的时间、方式和范围。）\n\n## 发现的问题\n\n（逐条写明发现的问题; 需要整改的, 在整改台账中逐条登记, 来源写 {{ inspection: {id} }}。）\n",
        header(Kind::Inspection, id),
        f.render()
    )
}

fn model_text(id: &Id, title: &str, today: NaiveDate) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "先进集体或先进个人的名称")
        .line(format!("date: {today}"), "表彰时间, 格式 YYYY-MM-DD")
        .line("honour: 待填写荣誉称号", "荣誉称号, 例如 全县政法系统纪律作风建设先进集体")
        .line("kind: collective", "类别: collective 先进集体 | individual 先进个人")
        .line("# unit: 单位代码", "所在单位 (可选), 填 content/units.yaml 中的单位代码")
        .line("persons: []", "受表彰的人员 (可选); 先进典型可以写真实姓名")
        .line("mechanisms: []", "相关制度的标识 (可选), 例如 [incentive]")
        .line("tags: []", "标签 (可选)")
        .line("# attachments: [{ file: 附件名.xlsx, title: 附件标题 }]", "附件 (可选): 文件放在本条目自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!(
        "---\n{}{}---\n## 先进事迹\n\n（写明受表彰的事迹和经验做法。）\n",
        header(Kind::Model, id),
        f.render()
    )
}

fn page_text(id: &Id, title: &str) -> String {
    let mut f = Commented::new();
    f.line(format!("title: {}", yaml_text(title)), "页面标题")
        .line("# attachments: [{ file: /files/附件名.pdf, title: 附件标题 }]", "附件 (可选): 文件放在本页面自己的目录中 (把本文件改为 名称/index.md), 或放在 static/ 中并以 / 开头引用")
        .line("audience: internal", "受众: internal 内部 | public 公开");
    format!("---\n{}{}---\n（页面正文。）\n", header(Kind::Page, id), f.render())
}

/// `new scorecard UNIT PERIOD`: write `content/scorecards/<period>/<unit>.yaml` listing every
/// indicator of the rubric that applies to the period and every duty of the mechanisms.
/// `Ok(None)` when the site's units, rubric or mechanisms have content errors (in `diags`).
pub fn new_scorecard(site: &Path, unit: &str, period: &str, today: NaiveDate, diags: &mut Diagnostics) -> Result<Option<PathBuf>> {
    require_site(site)?;
    let Some(p) = Period::parse(period) else {
        return Err(Error::Other(format!("期次 \"{period}\" 无效, 应为 YYYY-H1 (上半年) 或 YYYY-H2 (下半年), 例如 2025-H2")));
    };
    let sources = crate::load::load(site, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    let Some(units_file) = &sources.units else {
        return Err(Error::Other("站点没有单位名录 content/units.yaml; 请先在其中登记单位".into()));
    };
    let units = crate::parse::units(units_file, diags);
    let rubric_file = sources.period_rubrics.iter().find(|(q, _)| *q == p).map(|(_, f)| f).or(sources.rubric.as_ref());
    let Some(rubric_file) = rubric_file else {
        return Err(Error::Other("站点没有考核指标体系 content/scorecards/rubric.yaml; 请先建立指标体系".into()));
    };
    let rubric = crate::parse::rubric(rubric_file, diags);
    let mechanisms: Vec<_> = sources.items(Kind::Mechanism).iter().filter_map(|f| crate::parse::mechanism(f, diags)).collect();
    if diags.has_errors() {
        return Ok(None);
    }
    let Some(rubric) = rubric else { return Ok(None) };
    let Some(unit) = units.iter().find(|u| u.id.as_str() == unit) else {
        let known: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let hint = crate::diag::suggest(unit, &known).map(|s| format!("; 是否要写 {s}?")).unwrap_or_default();
        return Err(Error::Other(format!("单位名录 content/units.yaml 中没有代码为 \"{unit}\" 的单位{hint}")));
    };
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
        .line(format!("assessed_on: {today}"), "考评日期, 格式 YYYY-MM-DD")
        .line("# assessor: 县委政法委考评组", "考评组 (可选)")
        .line("scores:", "各项指标得分: 0 到满分, 最多一位小数");
    for ind in &rubric.indicators {
        let group = ind.group.as_deref().map(|g| format!("{g} · ")).unwrap_or_default();
        f.line(format!("  {}: 0", ind.id.value), format!("{group}{}, 满分 {}", ind.name, tenths(ind.max)));
    }
    f.line("# satisfaction: 90.0", "群众满意度 (可选), 百分比 0 到 100")
        .line("deductions: []", "扣分 (可选), 每项如 { points: 2, reason: 扣分原因, case: 案例标识 }")
        .line("bonus: []", format!("加分 (可选), 每项如 {{ points: 1, reason: 加分原因 }}; 合计最多计 {} 分", tenths(rubric.bonus_cap)))
        .line("# veto: { reason: 一票否决的原因 }", format!("一票否决 (可选), 等次直接定为 {}", rubric.veto_grade));
    let duties: Vec<_> = mechanisms.iter().flat_map(|m| m.requirements.iter().map(move |r| (m, r))).collect();
    if duties.is_empty() {
        f.line("requirements: {}", "各项履职要求本期完成的次数 (制度中尚无履职要求)");
    } else {
        f.line("requirements:", "各项履职要求本期完成的次数, 0 表示未完成");
        for (m, r) in duties {
            let per = match r.per {
                Per::HalfYear => "每半年",
                Per::Year => "每年",
            };
            f.line(format!("  {}: 0", r.id.value), format!("{} ({per}至少 {} 次; 出自《{}》)", r.text, r.at_least, m.title));
        }
    }
    f.line("# comment: 考评意见", "考评意见 (可选)")
        .line("audience: internal", "受众: internal 内部 | public 公开 (公开构建只收录 public 的考核表)");
    let text = format!(
        "# {} {}考核表。指标来自 {}。\n# 带 # 的行是说明, 可以删除; 行首带 # 的可选字段, 去掉 # 后填写即可启用。\n{}",
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
