//! Entry points for fuzzing (the `fuzz/` targets, run with cargo-fuzz) and for the bounded
//! mutation run in the test suite. Each takes arbitrary bytes and drives one path of the
//! pipeline the way real input does; each must return without panicking, hanging or growing
//! memory without bound, whatever the bytes. Not part of the stable API.

use crate::diag::Diagnostics;
use crate::load::{self, Sources};
use crate::model::{Audience, Period, Tenths};
use crate::source::SourceFile;
use std::sync::Arc;

fn text(data: &[u8]) -> Option<String> {
    load::decode(data).ok()
}

fn file(name: &str, data: &[u8]) -> Option<Arc<SourceFile>> {
    text(data).map(|t| Arc::new(SourceFile::new(name.into(), name.into(), t, String::new())))
}

/// Front matter splitting and every Markdown kind's reader.
pub fn front_matter(data: &[u8]) {
    let Some(f) = file("content/cases/x.md", data) else { return };
    let mut d = Diagnostics::new();
    let _ = crate::parse::page(&f, &mut d);
    let _ = crate::parse::mechanism(&f, &mut d);
    let _ = crate::parse::case(&f, &mut d);
    let _ = crate::parse::training(&f, &mut d);
    let _ = d.render_all();
}

/// The YAML files: units, rubric and a scorecard.
pub fn yaml_files(data: &[u8]) {
    let Some(f) = file("content/units.yaml", data) else { return };
    let mut d = Diagnostics::new();
    let _ = crate::parse::units(&f, &mut d);
    let _ = crate::parse::rubric(&f, &mut d);
    let _ = crate::parse::scorecard(&f, Period { year: 2025, half: 1 }, &mut d);
    let _ = d.render_all();
}

/// A workbook of scores: read into its cells, then read as a period's scorecards against a
/// small rubric, unit list and duty list, its diagnostics rendered.
pub fn workbook(data: &[u8]) {
    let name = "content/scorecards/2025-H2/考核评分表.xlsx";
    let Ok(wb) = crate::workbook::read(data.to_vec(), name.into(), name.into(), String::new()) else { return };
    let mut d = Diagnostics::new();
    let rubric = SourceFile::from_str(
        "content/scorecards/rubric.yaml",
        "indicators:\n  - { id: leadership, name: 领导责任落实, max: 15 }\n  - { id: education, name: 学习教育, max: 10 }\ngrades:\n  - { name: 合格, min: 0 }\nveto_grade: 合格\n",
    );
    let units = SourceFile::from_str("content/units.yaml", "- { id: a, name: 甲, type: 法院 }\n- { id: b, name: 乙, type: 公安 }\n");
    let (Some(rubric), units) = (crate::parse::rubric(&Arc::new(rubric), &mut d), crate::parse::units(&Arc::new(units), &mut d)) else { return };
    let Some(hy) = crate::model::Id::parse("hy") else { return };
    let requirements = [(hy, "每半年至少一次".to_string())];
    let cx = crate::parse::workbook::Context { period: Period { year: 2025, half: 2 }, rubric: &rubric, units: &units, requirements: &requirements, due: &[true], closed: false, earlier_names: &[], case_titles: &[], model_titles: &[], scored_in_yaml: false };
    let _ = crate::parse::workbook::scorecards(&wb, &cx, &mut d);
    let _ = d.render_all();
}

/// Markdown to HTML, raw and sanitised.
pub fn markdown(data: &[u8]) {
    struct NoLinks;
    impl crate::markdown::Links for NoLinks {
        fn resolve(&self, target: &str) -> crate::markdown::Target {
            match target.len() % 3 {
                0 => crate::markdown::Target::Page("cases/a/index.html".to_string()),
                1 => crate::markdown::Target::Withheld,
                _ => crate::markdown::Target::Missing("cases/b/index.html".to_string()),
            }
        }
    }
    let Some(t) = text(data) else { return };
    let _ = crate::markdown::render(&t, "../../", &NoLinks, false);
    let r = crate::markdown::render(&t, "../../", &NoLinks, true);
    assert!(!r.html.contains("<script"), "sanitised HTML keeps no script");
}

/// Scoring: a rubric and scorecards made from the bytes, through validation and evaluation;
/// the results must keep the invariants of SPEC §3.
pub fn scoring(data: &[u8]) {
    let mut bytes = data.iter().copied().chain(std::iter::repeat(7));
    let mut next = || bytes.next().unwrap_or(0);
    let indicators = 1 + next() as usize % 4;
    let mut rubric = String::from("title: t\nindicators:\n");
    let maxes: Vec<u32> = (0..indicators).map(|_| 1 + next() as u32 % 300).collect();
    for (i, m) in maxes.iter().enumerate() {
        rubric.push_str(&format!("  - {{ id: i{i}, name: 指标{i}, max: {}.{} }}\n", m / 10, m % 10));
    }
    rubric.push_str(&format!(
        "bonus_cap: {}\ngrades:\n  - {{ name: 优秀, min: {} }}\n  - {{ name: 合格, min: {} }}\n  - {{ name: 不合格, min: 0 }}\nveto_grade: 不合格\n",
        next() % 10,
        60 + next() % 40,
        1 + next() % 59
    ));
    let units = 1 + next() as usize % 4;
    let mut units_yaml = String::new();
    for u in 0..units {
        units_yaml.push_str(&format!("- {{ id: u{u}, name: 单位{u}, type: {} }}\n", if u % 2 == 0 { "法院" } else { "公安" }));
    }
    let mechanism = "---\ntitle: m\ncategory: c\nissuer: i\neffective: 2024-01-01\nstatus: in-force\nrequirements:\n  - { id: h, text: t, at_least: 1, per: half-year }\n  - { id: y, text: t, at_least: 2, per: year }\n---\n";
    let mut cards = Vec::new();
    for p in 0..1 + next() as usize % 3 {
        let period = Period { year: 2024 + (p / 2) as u16, half: (p % 2 + 1) as u8 };
        for u in 0..units {
            if next() % 5 == 0 {
                continue;
            }
            let mut y = format!("unit: u{u}\nperiod: {period}\nscores: {{");
            for (i, m) in maxes.iter().enumerate() {
                let s = next() as u32 * 3 % (m + 1);
                y.push_str(&format!("{}i{i}: {}.{}", if i > 0 { ", " } else { " " }, s / 10, s % 10));
            }
            y.push_str(" }\n");
            let n = next();
            if n % 3 == 0 {
                y.push_str(&format!("deductions:\n  - {{ points: {}.{}, reason: r }}\n", 1 + next() % 50, next() % 10));
            }
            if n % 4 == 0 {
                y.push_str(&format!("bonus:\n  - {{ points: {}, reason: r }}\n  - {{ points: 2.5, reason: r }}\n", 1 + next() % 9));
            }
            if n % 7 == 0 {
                y.push_str("veto: { reason: r }\n");
            }
            y.push_str(&format!("requirements: {{ h: {}, y: {} }}\n", next() % 3, next() % 3));
            cards.push((period, Arc::new(SourceFile::from_str(&format!("content/scorecards/{period}/u{u}.yaml"), &y))));
        }
    }
    let root = std::path::Path::new(".");
    let sources = Sources {
        config: crate::config::Config::defaults(root),
        config_file: Arc::new(SourceFile::from_str("zhengfeng.toml", "")),
        home: None,
        items: {
            let mut items: [Vec<crate::load::File>; crate::model::Kind::COUNT] = Default::default();
            items[crate::model::Kind::Mechanism.index()].push(Arc::new(SourceFile::from_str("content/mechanisms/m.md", mechanism)));
            items
        },
        units: Some(Arc::new(SourceFile::from_str("content/units.yaml", &units_yaml))),
        rubric: Some(Arc::new(SourceFile::from_str("content/scorecards/rubric.yaml", &rubric))),
        period_rubrics: Vec::new(),
        scorecards: cards,
        workbooks: Vec::new(),
        assets: Default::default(),
    };
    let mut d = Diagnostics::new();
    let parsed = crate::parse::parse(&sources, &mut d);
    assert!(!d.has_errors(), "generated input is valid: {}", d.render_all());
    let site = crate::validate::validate(parsed, sources.config.clone(), crate::validate::Cut { audience: Audience::Internal, as_of: chrono::NaiveDate::MIN, period: None }, &mut d);
    assert!(!d.has_errors(), "generated input is valid: {}", d.render_all());
    let eval = crate::evaluate::evaluate(&site);
    let max = Tenths(maxes.iter().map(|&m| i64::from(m)).sum());
    for pr in &eval.periods {
        let n = pr.results.len() as u32;
        let mut last_vetoed = false;
        for (i, r) in pr.results.iter().enumerate() {
            assert!((Tenths::ZERO..=max).contains(&r.total), "total {} outside [0, {max}]", r.total);
            assert!(r.rank >= 1 && r.rank <= n && r.rank <= i as u32 + 1, "rank {} at position {i}", r.rank);
            assert!(!last_vetoed || r.vetoed, "a vetoed unit ranks below every unit not vetoed");
            last_vetoed = r.vetoed;
            if r.vetoed {
                assert_eq!(r.grade, "不合格");
            }
        }
    }
}
