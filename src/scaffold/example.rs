//! `init`: a new site with one example of every kind of content. Every person is anonymised,
//! every unit invented.

use super::files::write_new;
use crate::config::CONFIG_FILE;
use crate::error::{write_err, Error, Result};
use std::path::{Path, PathBuf};

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

