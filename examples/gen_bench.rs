//! Generates large synthetic sites for benchmarks: a zhengfeng site and, beside it, the same
//! case files as a Hugo site with minimal templates, so both tools build the same pages.
//!
//! `cargo run --release --example gen_bench -- <cases> <dir>` writes `<dir>/zf` and `<dir>/hugo`.
//! Deterministic: the same arguments give the same files. Sizes per the performance brief:
//! 200 mechanisms (20 with duties), 500 units of five types, 8 half-years of scorecards
//! (4,000 files, a third with deductions citing cases), 50 trainings, and N cases; and of the
//! later kinds: 200 inspections, 200 positive models, a ledger of 2,000 rectification items in
//! ten files, and 250 cases written as bundles with two small attachments each (500 files: a
//! photo shown in the body and a PDF in the 附件 box). The Hugo side has the same case pages
//! (the bundles as Hugo page bundles with the same files), inspections and models.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift), so no crate is needed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &["凤溪县", "云岭县", "白石县", "清河县", "青川市", "临江县", "石门县", "南坪县", "北源县", "东湖区"];
const TYPES: &[(&str, &str)] = &[("zfw", "政法委"), ("court", "法院"), ("proc", "检察院"), ("police", "公安"), ("justice", "司法行政")];
const TYPE_NAMES: &[&str] = &["委政法委员会", "人民法院", "人民检察院", "公安局", "司法局"];
const VIOLATIONS: &[&str] = &[
    "违反中央八项规定精神", "违规饮酒", "违规插手干预案件", "违规经商办企业", "作风不实", "失职失责", "泄露工作秘密", "违规收受礼品礼金",
    "违规吃喝", "形式主义官僚主义",
];
const DISPOSITIONS: &[&str] = &["批评教育", "诫勉谈话", "党内警告", "政务记过", "党内严重警告", "撤销党内职务", "开除党籍、开除公职并移送检察机关"];
const PHRASES: &[&str] = &[
    "在工作日中午饮酒后返岗",
    "接受管理服务对象安排的宴请",
    "利用职务便利为他人谋取利益",
    "对群众反映的问题敷衍推诿",
    "未按规定履行报告义务",
    "向案件当事人泄露调查进展",
    "落实全面从严治党主体责任不力",
    "谈话函询中隐瞒有关情况",
    "在办理起诉案件过程中违规会见律师",
    "纪律作风建设长效机制执行不到位",
    "警示教育流于形式",
    "履职尽责意识淡薄",
    "经查属实后依规依纪作出处理",
    "对苗头性倾向性问题早发现早提醒",
    "以案为鉴、以案促改",
];
const TAGS: &[&str] = &["节假日", "酒驾醉驾", "执法司法", "基层所队", "领导干部", "年轻干部", "审判执行", "检察监督", "监所管理", "窗口服务"];

fn sentence(r: &mut Rng) -> String {
    let n = 2 + r.below(3);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push('，');
        }
        s.push_str(r.pick(PHRASES));
    }
    s.push('。');
    s
}

fn paragraph(r: &mut Rng, sentences: usize) -> String {
    (0..sentences).map(|_| sentence(r)).collect()
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

/// A 1 × 1 grey PNG, the photo of a bundled case.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00,
    0x00, 0x00, 0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A small PDF-like file (a few kilobytes), the notice attached to a bundled case.
fn pdf(i: usize) -> Vec<u8> {
    let mut b = format!("%PDF-1.4\n% 第{}号案例通报\n", i + 1).into_bytes();
    b.resize(4096 + i % 4096, b' ');
    b.extend_from_slice(b"\n%%EOF\n");
    b
}

/// Of the cases, every 40th up to 250 is a bundle (so 250 bundles at 10,000 cases and more).
const BUNDLE_EVERY: usize = 40;
const BUNDLES: usize = 250;
const INSPECTION_KINDS: &[&str] = &["明察暗访", "专项督查", "交叉检查", "回访复查"];
const HONOURS: &[&str] = &["全州政法系统纪律作风建设先进集体", "全州政法系统纪律作风建设先进个人", "全州政法系统人民满意窗口", "全州政法系统优秀共产党员"];
const MEASURES: &[&str] = &["修订值班备勤制度", "每周抽查值班记录", "对责任人进行诫勉谈话", "开展专题警示教育", "建立问题清单和责任清单", "组织回头看复查", "在全系统通报整改情况"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = Path::new(args.get(2).map(String::as_str).unwrap_or("bench/site"));
    let zf = dir.join("zf");
    let hugo = dir.join("hugo");
    let _ = std::fs::remove_dir_all(&zf);
    let _ = std::fs::remove_dir_all(&hugo);
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);

    // The ledger's reference date is fixed, so every run builds the same pages.
    write(&zf.join("zhengfeng.toml"), "title = \"基准测试站点\"\nlanguage = \"zh-CN\"\nas_of = \"2025-12-31\"\n");
    write(&zf.join("content/_index.md"), "---\ntitle: 基准测试站点\n---\n生成的大型站点, 用于测量构建速度。\n");

    // Units: 500, five types, 100 each.
    let mut units = String::new();
    let mut unit_ids = Vec::new();
    for i in 0..500 {
        let (code, ty) = TYPES[i % 5];
        let id = format!("u{i:03}-{code}");
        let _ = writeln!(units, "- {{ id: {id}, name: {}{}{}, type: {ty} }}", PLACES[i / 5 % 10], i / 50 + 1, TYPE_NAMES[i % 5]);
        unit_ids.push(id);
    }
    write(&zf.join("content/units.yaml"), units);

    // Mechanisms: 200, the first 20 with a duty.
    let mut req_ids = Vec::new();
    for i in 0..200 {
        let mut fm = format!(
            "---\ntitle: 纪律作风建设第{}号制度\ncategory: {}\norder: {i}\nissuer: 示例州委政法委\ndoc_number: 示政法〔2024〕{}号\neffective: 2024-{:02}-{:02}\nstatus: {}\ntags: [{}]\n",
            i + 1,
            ["责任落实", "教育管理", "监督问责", "考核激励", "保障支撑"][i % 5],
            i + 1,
            i % 12 + 1,
            i % 28 + 1,
            if i % 17 == 16 { "revised" } else { "in-force" },
            TAGS[i % 10]
        );
        if i < 20 {
            let per = if i % 4 == 3 { "year" } else { "half-year" };
            let id = format!("duty-{i}");
            let _ = write!(fm, "requirements:\n  - {{ id: {id}, text: 每{}至少开展一次第{}项工作, at_least: 1, per: {per} }}\n", if per == "year" { "年" } else { "半年" }, i + 1);
            req_ids.push(id);
        }
        fm.push_str("---\n");
        for h in ["总则", "职责分工", "工作要求", "监督检查"] {
            let _ = write!(fm, "## {h}\n\n{}\n\n", paragraph(&mut r, 3));
        }
        fm.push_str("| 事项 | 频次 | 责任部门 |\n|---|---|---|\n| 专题研究 | 每半年 | 党组 |\n| 警示教育 | 每季度 | 政治部 |\n");
        write(&zf.join(format!("content/mechanisms/m{i:03}.md")), fm);
    }

    // Cases.
    for i in 0..cases {
        let v1 = VIOLATIONS[i % VIOLATIONS.len()];
        let v2 = VIOLATIONS[(i * 7 + 3) % VIOLATIONS.len()];
        let unit = &unit_ids[i % 500];
        let date = format!("{}-{:02}-{:02}", 2018 + i % 8, i % 12 + 1, i % 28 + 1);
        let title = format!("{}某干警{}问题（第{}号）", PLACES[i % 10], r.pick(PHRASES), i + 1);
        let body = format!(
            "## 基本案情\n\n{}\n\n- {}\n- {}\n\n## 案例剖析\n\n{}\n\n| 环节 | 问题 |\n|---|---|\n| 事前 | {} |\n| 事后 | {} |\n\n## 警示启示\n\n{}\n",
            paragraph(&mut r, 3),
            sentence(&mut r),
            sentence(&mut r),
            paragraph(&mut r, 2),
            r.pick(PHRASES),
            r.pick(PHRASES),
            paragraph(&mut r, 2)
        );
        let tag = TAGS[i % TAGS.len()];
        let zf_fm = format!(
            "---\ntitle: {title}\ndate: {date}\nunit: {unit}\nviolations: [{v1}, {v2}]\nform: {}\ndisposition: {}\nmechanisms: [m{:03}]\npersons: [王某{}]\ntags: [{tag}]\naudience: {}\n---\n",
            i % 4 + 1,
            DISPOSITIONS[i % DISPOSITIONS.len()],
            i % 200,
            if i % 2 == 0 { "某" } else { "" },
            if i % 3 == 0 { "public" } else { "internal" }
        );
        let hugo_fm = format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [\"{tag}\"]\nviolations: [\"{v1}\", \"{v2}\"]\n---\n");
        if i % BUNDLE_EVERY == 0 && i / BUNDLE_EVERY < BUNDLES {
            // A bundle: the case's folder with its photo and its notice.
            let zf_fm = zf_fm.replace("audience:", "attachments: [{ file: 通报.pdf, title: 案例通报 }]\naudience:");
            let body = format!("{body}\n![现场照片](现场照片.png)\n");
            for (side, text) in [(&zf, zf_fm + &body), (&hugo, hugo_fm + &body)] {
                let folder = side.join(format!("content/cases/c{i:05}"));
                write(&folder.join("index.md"), text);
                write(&folder.join("现场照片.png"), PNG);
                write(&folder.join("通报.pdf"), pdf(i));
            }
        } else {
            write(&zf.join(format!("content/cases/c{i:05}.md")), zf_fm + &body);
            write(&hugo.join(format!("content/cases/c{i:05}.md")), hugo_fm + &body);
        }
    }

    // Inspections: 200, each of four to eight units.
    let mut inspection_ids = Vec::new();
    for i in 0..200 {
        let id = format!("i{i:03}");
        let units: Vec<&str> = (0..4 + i % 5).map(|k| unit_ids[(i * 17 + k * 61) % 500].as_str()).collect();
        let kind = INSPECTION_KINDS[i % INSPECTION_KINDS.len()];
        let date = format!("{}-{:02}-{:02}", 2022 + i % 4, i % 12 + 1, i % 28 + 1);
        let title = format!("{}年第{}次纪律作风{}情况通报", 2022 + i % 4, i / 4 + 1, kind);
        let mut text = format!(
            "---\ntitle: {title}\ndate: {date}\nkind: {kind}\ninspector: 示例州委政法委督查室\nunits: [{}]\nmechanisms: [m{:03}]\ntags: [{}]\naudience: {}\n---\n",
            units.join(", "),
            i % 200,
            TAGS[i % TAGS.len()],
            if i % 4 == 0 { "public" } else { "internal" }
        );
        let _ = write!(text, "## 检查安排\n\n{}\n\n## 发现的问题\n\n", paragraph(&mut r, 2));
        for k in 0..4 {
            let _ = writeln!(text, "{}. **{}。** {}", k + 1, r.pick(PHRASES), sentence(&mut r));
        }
        let _ = write!(text, "\n## 结果运用\n\n{}\n", paragraph(&mut r, 1));
        let hugo_text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n{}", text.splitn(3, "---\n").nth(2).unwrap_or(""));
        write(&zf.join(format!("content/inspections/{id}.md")), text);
        write(&hugo.join(format!("content/inspections/{id}.md")), hugo_text);
        inspection_ids.push((id, units.iter().map(|u| u.to_string()).collect::<Vec<_>>(), date));
    }

    // Positive models: 200, collective and individual by turns.
    let mut model_ids = Vec::new();
    for i in 0..200 {
        let id = format!("h{i:03}");
        let unit = &unit_ids[(i * 7) % 500];
        let individual = i % 2 == 1;
        let date = format!("{}-{:02}-{:02}", 2022 + i % 4, i % 12 + 1, i % 28 + 1);
        let title = if individual { format!("{}干警张{}同志", PLACES[i % 10], i + 1) } else { format!("{}第{}先进集体", PLACES[i % 10], i + 1) };
        let text = format!(
            "---\ntitle: {title}\ndate: {date}\nhonour: {}\nkind: {}\nunit: {unit}\npersons: [{}]\nmechanisms: [m{:03}]\ntags: [{}]\naudience: {}\n---\n## 基本情况\n\n{}\n\n## 主要事迹\n\n{}\n\n{}\n\n## 经验启示\n\n{}\n",
            HONOURS[i % HONOURS.len()],
            if individual { "individual" } else { "collective" },
            if individual { format!("张{}", i + 1) } else { String::new() },
            i % 200,
            TAGS[(i + 3) % TAGS.len()],
            if i % 2 == 0 { "public" } else { "internal" },
            paragraph(&mut r, 2),
            paragraph(&mut r, 3),
            paragraph(&mut r, 3),
            paragraph(&mut r, 1)
        );
        let hugo_text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n{}", text.splitn(3, "---\n").nth(2).unwrap_or(""));
        write(&zf.join(format!("content/models/{id}.md")), text);
        write(&hugo.join(format!("content/models/{id}.md")), hugo_text);
        model_ids.push(id);
    }

    // The rectification ledger: 2,000 items in ten files, from inspections, cases and self-checks.
    for f in 0..10 {
        let mut y = format!("# 第{}册整改台账\n", f + 1);
        for k in 0..200 {
            let n = f * 200 + k;
            let (unit, source, found) = match n % 4 {
                0 | 1 => {
                    let (id, units, date) = &inspection_ids[n % inspection_ids.len()];
                    (units[n % units.len()].clone(), format!("{{ inspection: {id} }}"), date.clone())
                }
                2 => (unit_ids[n % 500].clone(), format!("{{ case: c{:05} }}", n * 3 % cases), format!("{}-{:02}-{:02}", 2022 + n % 4, n % 12 + 1, n % 28 + 1)),
                _ => (unit_ids[n % 500].clone(), "{ text: 单位自查 }".to_string(), format!("{}-{:02}-{:02}", 2022 + n % 4, n % 12 + 1, n % 28 + 1)),
            };
            let year: usize = found[..4].parse().unwrap_or(2022);
            let deadline = format!("{}-{}", year + 1, &found[5..]);
            let _ = write!(
                y,
                "\n- id: r{n:04}\n  unit: {unit}\n  problem: {}\n  source: {source}\n  found_on: {found}\n  owner: 分管副职\n  deadline: {deadline}\n  measures: [{}, {}]\n",
                r.pick(PHRASES),
                MEASURES[n % MEASURES.len()],
                MEASURES[(n + 3) % MEASURES.len()]
            );
            match n % 5 {
                0 | 1 => {
                    let _ = write!(y, "  status: done\n  done_on: {year}-{}\n  feedback: 已按期完成整改并书面报告\n", &found[5..]);
                }
                2 => {
                    let _ = write!(y, "  status: done\n  done_on: {}-12-30\n  feedback: 整改措施已落实，超过时限办结\n", year + 1);
                }
                _ => y.push_str("  status: open\n"),
            }
            let _ = writeln!(y, "  audience: {}", if n % 3 == 0 { "public" } else { "internal" });
        }
        write(&zf.join(format!("content/rectifications/ledger-{f}.yaml")), y);
    }

    // Trainings: 50, each teaching five cases.
    for i in 0..50 {
        let cs: Vec<String> = (0..5).map(|k| format!("c{:05}", (i * 37 + k * 11) % cases)).collect();
        let fm = format!(
            "---\ntitle: 第{}期纪律作风警示教育\ndate: 2025-{:02}-{:02}\nduration: 90分钟\npresenter: 州委政法委宣教科\ncases: [{}]\nmodels: [{}]\nmechanisms: [m{:03}]\nquestions: [如何把警示教育转化为自觉行动？]\n---\n## 教学目标\n\n{}\n",
            i + 1,
            i % 12 + 1,
            i % 28 + 1,
            cs.join(", "),
            model_ids[i * 4 % model_ids.len()],
            i % 200,
            paragraph(&mut r, 2)
        );
        write(&zf.join(format!("content/trainings/t{i:02}.md")), fm);
    }

    // Rubric and 8 half-years x 500 units = 4,000 scorecards; a third cite a case.
    write(
        &zf.join("content/scorecards/rubric.yaml"),
        "title: 考核指标\nindicators:\n  - { id: a, name: 领导责任, max: 25 }\n  - { id: b, name: 教育管理, max: 25 }\n  - { id: c, name: 监督检查, max: 25 }\n  - { id: d, name: 群众满意, max: 25 }\nbonus_cap: 5\ngrades:\n  - { name: 优秀, min: 90 }\n  - { name: 良好, min: 80 }\n  - { name: 合格, min: 60 }\n  - { name: 不合格, min: 0 }\nveto_grade: 不合格\n",
    );
    for p in 0..8 {
        let period = format!("{}-H{}", 2022 + p / 2, p % 2 + 1);
        for (u, unit) in unit_ids.iter().enumerate() {
            let s = |r: &mut Rng| 15.0 + (r.below(100) as f64) / 10.0;
            let mut y = format!(
                "unit: {unit}\nperiod: {period}\nassessed_on: {}-{}-15\nscores: {{ a: {:.1}, b: {:.1}, c: {:.1}, d: {:.1} }}\nsatisfaction: {:.1}\n",
                2022 + p / 2 + if p % 2 == 1 { 1 } else { 0 },
                if p % 2 == 0 { "07" } else { "01" },
                s(&mut r),
                s(&mut r),
                s(&mut r),
                s(&mut r),
                80.0 + r.below(200) as f64 / 10.0
            );
            if (u + p) % 3 == 0 {
                let _ = write!(y, "deductions:\n  - {{ points: {:.1}, reason: 干警违纪被通报, case: c{:05} }}\n", 0.5 + r.below(30) as f64 / 10.0, (u * 13 + p * 7) % cases);
            }
            if (u + p) % 25 == 1 {
                let _ = write!(y, "bonus:\n  - {{ points: 1.0, reason: 先进典型受到表彰, model: {} }}\n", model_ids[(u + p) % model_ids.len()]);
            }
            y.push_str("requirements: {");
            for (k, id) in req_ids.iter().enumerate() {
                let _ = write!(y, "{}{id}: {}", if k > 0 { ", " } else { " " }, r.below(3));
            }
            y.push_str(" }\ncomment: 年度考核意见\n");
            write(&zf.join(format!("content/scorecards/{period}/{unit}.yaml")), y);
        }
    }

    // The Hugo side: minimal templates, a page per case and a list page per taxonomy term.
    write(
        &hugo.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"基准测试站点\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n[taxonomies]\ntag = \"tags\"\nviolation = \"violations\"\n",
    );
    write(&hugo.join("layouts/_default/single.html"), "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} {{ range .Params.tags }}{{ . }} {{ end }}</p>{{ .Content }}</body></html>\n");
    write(&hugo.join("layouts/_default/list.html"), "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul></body></html>\n");
    write(&hugo.join("layouts/_default/terms.html"), "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul></body></html>\n");
    println!("wrote {} and {} ({} cases)", zf.display(), hugo.display(), cases);
}
