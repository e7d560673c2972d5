//! Machine-readable exports (SPEC §5.1): `data/site.json` and the Atom feed. Names and shapes
//! here are a contract with other tools and with tests.

use crate::archive::{Frame, Mode};
use crate::bodies::Bodies;
use crate::error::Result;
use crate::evaluate::Evaluation;
use crate::markdown::escape;
use crate::model::{Kind, RectificationSource, RectificationStatus, Tenths};
use crate::output::Page;
use crate::site::Site;
use crate::sitejson::*;

/// Every export of a build: `data/site.json`, the feed, and each period's results tables.
pub fn files(site: &Site, eval: &Evaluation, bodies: &Bodies, frame: &Frame) -> Result<Vec<Page>> {
    let mut out = vec![("data/site.json".to_string(), to_bytes(&site_json(site, eval)).into()), ("feed.xml".to_string(), feed(site, bodies, frame).into())];
    out.extend(scorecard_tables(site, eval)?);
    out.extend(ledger_tables(site, eval)?);
    Ok(out)
}

/// `data/site.json`: every item's metadata and every computed result.
pub fn site_json(site: &Site, eval: &Evaluation) -> SiteJson {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let ids = |refs: &[crate::model::Ref]| refs.iter().map(|r| r.value.to_string()).collect::<Vec<_>>();
    SiteJson {
        site: SiteEntry {
            title: site.config.title.clone(),
            period: site.current.map(|p| p.to_string()),
            audience: site.audience.as_str().into(),
            as_of: Some(date(site.as_of)),
        },
        inspections: site
            .inspections
            .iter()
            .map(|i| InspectionEntry { id: i.id.to_string(), title: i.title.clone(), date: date(i.date), kind: i.kind.clone(), units: ids(&i.units) })
            .collect(),
        models: site
            .models
            .iter()
            .map(|m| ModelEntry {
                id: m.id.to_string(),
                title: m.title.clone(),
                date: date(m.date),
                unit: m.unit.as_ref().map(|u| u.value.to_string()),
                honour: m.honour.clone(),
            })
            .collect(),
        rectifications: site
            .rectifications
            .iter()
            .enumerate()
            .map(|(i, r)| RectificationEntry {
                id: r.id.to_string(),
                unit: r.unit.value.to_string(),
                source: r.source.as_ref().map(|s| {
                    let (key, value) = match s {
                        RectificationSource::Inspection(x) => (Kind::Inspection.name(), Some(x.value.to_string())),
                        RectificationSource::Case(x) => (Kind::Case.name(), Some(x.value.to_string())),
                        RectificationSource::Text(t) => ("text", Some(t.clone())),
                        RectificationSource::Withheld(k) => (k.name(), None),
                    };
                    std::collections::BTreeMap::from([(key.to_string(), value)])
                }),
                found_on: date(r.found_on.value),
                deadline: date(r.deadline),
                status: if r.status == RectificationStatus::Done { "done" } else { "open" }.into(),
                done_on: r.done_on.map(date),
                state: eval.ledger.state(i).as_str().into(),
            })
            .collect(),
        mechanisms: site
            .mechanisms
            .iter()
            .map(|m| MechanismEntry {
                id: m.id.to_string(),
                title: m.title.clone(),
                category: m.category.clone(),
                status: m.status.as_str().into(),
                effective: date(m.effective),
                supersedes: ids(&m.supersedes),
                requirements: m.requirements.iter().map(|q| q.id.value.to_string()).collect(),
                sha256: m.origin.file.sha256.clone(),
            })
            .collect(),
        cases: site
            .cases
            .iter()
            .map(|c| CaseEntry {
                id: c.id.to_string(),
                title: c.title.clone(),
                date: date(c.date),
                unit: c.unit.as_ref().map(|u| u.value.to_string()),
                violations: c.violations.clone(),
                form: c.form,
                mechanisms: ids(&c.mechanisms),
                sha256: c.origin.file.sha256.clone(),
            })
            .collect(),
        trainings: site
            .trainings
            .iter()
            .map(|t| TrainingEntry { id: t.id.to_string(), title: t.title.clone(), date: date(t.date), cases: ids(&t.cases) })
            .collect(),
        units: site
            .units
            .iter()
            .map(|u| UnitEntry { id: u.id.to_string(), name: u.name.clone(), unit_type: u.unit_type.clone(), parent: u.parent.as_ref().map(|p| p.value.to_string()) })
            .collect(),
        scorecards: eval
            .periods
            .iter()
            .flat_map(|p| &p.results)
            .map(|u| ScorecardEntry {
                unit: u.unit.to_string(),
                period: u.period.to_string(),
                total: u.total,
                grade: u.grade.clone(),
                rank: u.rank,
                rank_in_type: u.rank_in_type,
                change: u.change,
                vetoed: u.vetoed,
                satisfaction: u.satisfaction,
                unmet: u.unmet.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
    }
}

/// `data/content.json`: the Markdown of every mechanism and its duties, kept in snapshots for
/// the redline and the list of changed duties of a later comparison.
pub fn content_json(site: &Site) -> ContentJson {
    ContentJson {
        mechanisms: site
            .mechanisms
            .iter()
            .map(|m| MechanismText {
                id: m.id.to_string(),
                requirements: m
                    .requirements
                    .iter()
                    .map(|q| RequirementText { at_least: q.at_least, id: q.id.value.to_string(), per: q.per.as_str().into(), text: q.text.clone() })
                    .collect(),
                status: m.status.as_str().into(),
                text: crate::bodies::published_markdown(site, Kind::Mechanism, &m.id, &m.body.markdown),
                title: m.title.clone(),
            })
            .collect(),
    }
}

/// How many entries the feed keeps, newest first.
pub const FEED_ENTRIES: usize = 200;

/// Atom feed of the items of every kind that has feed entries, and of the snapshots, newest
/// first. Links are relative to the feed, which sits at the site root, so the feed works
/// wherever the site is served.
pub fn feed(site: &Site, bodies: &Bodies, frame: &Frame) -> Vec<u8> {
    struct Entry {
        date: chrono::NaiveDate,
        kind: &'static str,
        label: &'static str,
        id: String,
        title: String,
        url: String,
        summary: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for item in site.items.each() {
        let kind = item.kind();
        let body_summary = bodies.get(kind, item.id()).map_or("", |b| b.summary.as_str());
        if let (Some(summary), Some(date)) = (item.feed_summary(body_summary), item.date()) {
            let (id, title, url) = (item.id().to_string(), item.title().to_string(), kind.url(item.id()));
            entries.push(Entry { date, kind: kind.name(), label: kind.section(), id, title, url, summary });
        }
    }
    let live = matches!(frame.mode, Mode::Live);
    for v in frame.versions.iter().filter(|_| live) {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&v.frozen, "%Y-%m-%d") {
            let summary = format!("{}考核期的站点已归档，共 {} 个页面。", v.label, v.pages);
            entries.push(Entry { date: d, kind: "snapshot", label: "历史归档", id: v.period.clone(), title: format!("{}归档", v.label), url: format!("archive/{}/index.html", v.period), summary });
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.kind.cmp(b.kind)).then(a.id.cmp(&b.id)));
    // A feed reader wants what is new, not the whole archive of a large site.
    entries.truncate(FEED_ENTRIES);
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let updated = entries.first().map(|e| date(e.date)).unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(&site.config.title)));
    xml.push_str(&format!("  <id>urn:zhengfeng:{}</id>\n", &crate::load::hex(&sha2_of(&site.config.title))[..16]));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n  <link href=\"index.html\"/>\n  <link rel=\"self\" href=\"feed.xml\"/>\n"));
    for e in &entries {
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>urn:zhengfeng:{}:{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <category term=\"{}\" label=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title), e.kind, e.id, e.url, date(e.date), e.kind, e.label, escape(&e.summary)
        ));
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

fn sha2_of(s: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).to_vec()
}

/// The header of the results table, in CSV and XLSX alike.
pub const TABLE_HEADER: [&str; 8] = ["排名", "单位代码", "单位", "类型", "总分", "等次", "较上期", "满意度"];

/// One row of a period's results, in rank order.
struct Row {
    rank: u32,
    id: String,
    name: String,
    unit_type: String,
    total: Tenths,
    grade: String,
    change: Option<Tenths>,
    satisfaction: Option<Tenths>,
}

/// `data/scorecards-<period>.csv` (UTF-8 with a byte-order mark, so spreadsheet programs show
/// the Chinese right) and `.xlsx` (numbers stored as numbers, bold frozen header): the ranking
/// first, then the details of SPEC §11 on sheets of their own.
pub fn scorecard_tables(site: &Site, eval: &Evaluation) -> Result<Vec<Page>> {
    let mut out = Vec::new();
    for pr in &eval.periods {
        let rows: Vec<Row> = pr
            .results
            .iter()
            .map(|u| {
                let unit = site.unit(&u.unit);
                Row {
                    rank: u.rank,
                    id: u.unit.to_string(),
                    name: unit.map(|x| x.name.clone()).unwrap_or_default(),
                    unit_type: unit.map(|x| x.unit_type.clone()).unwrap_or_default(),
                    total: u.total,
                    grade: u.grade.clone(),
                    change: u.change,
                    satisfaction: u.satisfaction,
                }
            })
            .collect();
        out.push((format!("data/scorecards-{}.csv", pr.period), csv(&rows).into_bytes().into()));
        let title = format!("{}考核结果", pr.period.label());
    let xlsx = xlsx(&rows, &pr.period.to_string(), &title, |wb| detail_sheets(wb, site, pr))
            .map_err(|e| crate::error::Error::Other(format!("无法生成 {} 的 Excel 表: {e}", pr.period)))?;
        out.push((format!("data/scorecards-{}.xlsx", pr.period), xlsx.into()));
    }
    Ok(out)
}

/// The header of the ledger table, in CSV and XLSX alike (SPEC §10).
pub const LEDGER_HEADER: [&str; 12] =
    ["编号", "单位代码", "单位", "问题", "来源", "发现日期", "整改时限", "整改责任人", "整改措施", "状态", "办结日期", "办结和反馈情况"];

/// `data/rectifications.csv` and `.xlsx`: every item of the ledger as known on the reference
/// date, in id order. None when the site keeps no ledger.
pub fn ledger_tables(site: &Site, eval: &Evaluation) -> Result<Vec<Page>> {
    if site.rectifications.is_empty() {
        return Ok(Vec::new());
    }
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let rows: Vec<Vec<String>> = site
        .rectifications
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.id.to_string(),
                r.unit.value.to_string(),
                site.unit(&r.unit.value).map(|u| u.name.clone()).unwrap_or_default(),
                r.problem.clone(),
                source_text(site, r.source.as_ref()),
                date(r.found_on.value),
                date(r.deadline),
                r.owner.clone().unwrap_or_default(),
                r.measures.join("；"),
                eval.ledger.state(i).label().to_string(),
                r.done_on.map(date).unwrap_or_default(),
                r.feedback.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut csv = String::from("\u{feff}");
    for row in std::iter::once(LEDGER_HEADER.map(String::from).to_vec()).chain(rows.iter().cloned()) {
        csv.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let title = format!("整改台账 (统计截至 {})", date(site.as_of));
    let xlsx = text_xlsx("整改台账", &title, &LEDGER_HEADER, &rows, &[14.0, 14.0, 18.0, 30.0, 24.0, 11.0, 11.0, 12.0, 30.0, 8.0, 11.0, 30.0], &[5, 6, 10])
        .map_err(|e| crate::error::Error::Other(format!("无法生成整改台账的 Excel 表: {e}")))?;
    Ok(vec![("data/rectifications.csv".into(), csv.into_bytes().into()), ("data/rectifications.xlsx".into(), xlsx.into())])
}

/// Where a ledger item was found, in words: `督导检查：<title>`, `典型案例：<title>`, the text,
/// or the kind alone when a public build withholds the source.
pub fn source_text(site: &Site, source: Option<&RectificationSource>) -> String {
    match source {
        None => String::new(),
        Some(RectificationSource::Inspection(r)) => {
            format!("{}：{}", Kind::Inspection.label(), site.inspections.get(&r.value).map_or(r.value.as_str(), |i| i.title.as_str()))
        }
        Some(RectificationSource::Case(r)) => {
            format!("{}：{}", Kind::Case.section(), site.cases.get(&r.value).map_or(r.value.as_str(), |c| c.title.as_str()))
        }
        Some(RectificationSource::Text(t)) => t.clone(),
        Some(RectificationSource::Withheld(k)) => if *k == Kind::Case { Kind::Case.section() } else { k.label() }.to_string(),
    }
}

/// A table of text cells as one sheet: bold frozen header, the given column widths, wrapped
/// text in rows tall enough for it, printed landscape under `title`, and a fixed creation date
/// so the file is byte-identical between builds. The cells of `date_columns` (`YYYY-MM-DD`)
/// are written as dates, so Excel filters, sorts and counts days with them.
fn text_xlsx(
    sheet: &str,
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
    widths: &[f64],
    date_columns: &[usize],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?));
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let day_format = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Top).set_align(FormatAlign::Left);
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let one_line = row_height(widths, [""]);
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let height = row_height(widths, row.iter().map(String::as_str));
        if height > one_line {
            ws.set_row_height(r, height)?;
        }
        for (c, cell) in row.iter().enumerate() {
            // A date Excel can hold (1900 to 9999); another (a typo such as 1025) stays text.
            let day = date_columns.contains(&c).then(|| chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok()).flatten().filter(|d| (1900..=9999).contains(&d.year()));
            match day {
                Some(d) => {
                    let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c as u16, &when, &day_format)?
                }
                None => ws.write_string_with_format(r, c as u16, cell, &wrap)?,
            };
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, title, true)?;
    wb.save_to_buffer()
}

/// One CSV cell. Text that a spreadsheet would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return: `=HYPERLINK(…)`, `+86 0871…`) is kept as text by a
/// leading `'`; a number (`-1.5`) stays a number.
fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) || formula {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv(rows: &[Row]) -> String {
    let mut s = String::from("\u{feff}");
    s.push_str(&TABLE_HEADER.join(","));
    s.push_str("\r\n");
    for row in rows {
        let cells = [
            row.rank.to_string(),
            row.id.clone(),
            row.name.clone(),
            row.unit_type.clone(),
            row.total.to_string(),
            row.grade.clone(),
            row.change.map(|c| c.to_string()).unwrap_or_default(),
            row.satisfaction.map(|s| s.to_string()).unwrap_or_default(),
        ];
        s.push_str(&cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        s.push_str("\r\n");
    }
    s
}

fn xlsx(
    rows: &[Row],
    sheet: &str,
    title: &str,
    more: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> std::result::Result<(), rust_xlsxwriter::XlsxError>,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-identical between builds.
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?));
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center).set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let one_decimal = Format::new().set_num_format("0.0");
    for (c, h) in TABLE_HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, row.rank as f64)?;
        ws.write_string(r, 1, &row.id)?;
        ws.write_string(r, 2, &row.name)?;
        ws.write_string(r, 3, &row.unit_type)?;
        ws.write_number_with_format(r, 4, row.total.to_f64(), &one_decimal)?;
        ws.write_string(r, 5, &row.grade)?;
        if let Some(c) = row.change {
            ws.write_number_with_format(r, 6, c.to_f64(), &one_decimal)?;
        }
        if let Some(s) = row.satisfaction {
            ws.write_number_with_format(r, 7, s.to_f64(), &one_decimal)?;
        }
    }
    for (c, w) in [6.0, 22.0, 24.0, 10.0, 8.0, 8.0, 8.0, 8.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, title, false)?;
    more(&mut wb)?;
    wb.save_to_buffer()
}

/// A cell of a detail sheet.
enum Value {
    Text(String),
    /// One decimal.
    Points(Tenths),
    Count(u32),
}

/// The detail sheets of a period's workbook (SPEC §11), each unit in rank order: every
/// indicator score; every deduction and bonus with its reason and cited case or model; vetoes;
/// unmet duties; the units that did not submit.
fn detail_sheets(wb: &mut rust_xlsxwriter::Workbook, site: &Site, pr: &crate::evaluate::PeriodResult) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use Value::*;
    let unit_name = |id: &crate::model::Id| site.unit(id).map(|u| u.name.clone()).unwrap_or_default();
    let card = |u: &crate::evaluate::UnitResult| &site.scorecards[u.card];

    let indicators = site.rubrics.get(&pr.period).map(|r| r.indicators.as_slice()).unwrap_or(&[]);
    let mut header: Vec<String> = ["排名", "单位代码", "单位"].map(String::from).to_vec();
    header.extend(indicators.iter().map(|i| format!("{}({})", i.name, i.max.to_string().trim_end_matches(".0"))));
    header.extend(["指标得分合计", "扣分", "加分", "总分", "等次"].map(String::from));
    let rows = pr.results.iter().map(|u| {
        let scores = &card(u).scores;
        let mut row = vec![Count(u.rank), Text(u.unit.to_string()), Text(unit_name(&u.unit))];
        row.extend(indicators.iter().map(|i| scores.iter().find(|(k, _)| k.value == i.id.value).map_or(Text(String::new()), |(_, v)| Points(v.value))));
        row.extend([Points(u.score_sum), Points(u.deductions), Points(u.bonus), Points(u.total), Text(u.grade.clone())]);
        row
    });
    let mut widths = vec![6.0, 20.0, 24.0];
    widths.extend(indicators.iter().map(|_| 12.0));
    widths.extend([10.0, 8.0, 8.0, 8.0, 8.0]);
    detail_sheet(wb, "指标得分", &header, rows.collect(), &widths)?;

    let cited = |r: &Option<crate::model::Ref>, title: &dyn Fn(&crate::model::Id) -> Option<String>| {
        Text(r.as_ref().map(|r| title(&r.value).unwrap_or_else(|| r.value.to_string())).unwrap_or_default())
    };
    let case_title = |id: &crate::model::Id| site.cases.get(id).map(|c| c.title.clone());
    let model_title = |id: &crate::model::Id| site.models.get(id).map(|m| m.title.clone());
    let mut rows = Vec::new();
    for u in &pr.results {
        let c = card(u);
        for (kind, list) in [("扣分", &c.deductions), ("加分", &c.bonus)] {
            for a in list {
                rows.push(vec![
                    Text(u.unit.to_string()),
                    Text(unit_name(&u.unit)),
                    Text(kind.into()),
                    Points(a.points.value),
                    Text(a.reason.clone()),
                    cited(&a.case, &case_title),
                    cited(&a.model, &model_title),
                ]);
            }
        }
    }
    let header = ["单位代码", "单位", "类别", "分值", "事由", "案例", "典型"].map(String::from);
    detail_sheet(wb, "扣分加分", &header, rows, &[20.0, 24.0, 6.0, 6.0, 50.0, 36.0, 30.0])?;

    let rows = pr
        .results
        .iter()
        .filter_map(|u| card(u).veto.as_ref().map(|reason| vec![Text(u.unit.to_string()), Text(unit_name(&u.unit)), Text(reason.clone())]))
        .collect();
    detail_sheet(wb, "一票否决", &["单位代码", "单位", "事由"].map(String::from), rows, &[20.0, 24.0, 60.0])?;

    let requirements: std::collections::HashMap<&crate::model::Id, (&crate::model::Mechanism, &crate::model::Requirement)> =
        site.requirements().map(|(m, r)| (&r.id.value, (m, r))).collect();
    let mut rows = Vec::new();
    for u in &pr.results {
        for d in u.duties.iter().filter(|d| d.met == Some(false)) {
            let Some((m, r)) = requirements.get(&d.requirement) else { continue };
            let per = if r.per == crate::model::Per::HalfYear { "每半年" } else { "每年 (全年合计)" };
            rows.push(vec![
                Text(u.unit.to_string()),
                Text(unit_name(&u.unit)),
                Text(r.text.clone()),
                Text(per.into()),
                Count(d.at_least),
                Count(d.count),
                Text(m.title.clone()),
            ]);
        }
    }
    let header = ["单位代码", "单位", "履职要求", "周期", "应完成次数", "完成次数", "出自制度"].map(String::from);
    detail_sheet(wb, "未完成履职要求", &header, rows, &[20.0, 24.0, 36.0, 14.0, 10.0, 8.0, 36.0])?;

    let rows = pr
        .not_submitted
        .iter()
        .map(|id| vec![Text(id.to_string()), Text(unit_name(id)), Text(site.unit(id).map(|u| u.unit_type.clone()).unwrap_or_default())])
        .collect();
    // In a public build a unit's card may be internal: the sheet says only that nothing is
    // published for it, as the pages do.
    let name = if site.audience == crate::model::Audience::Internal { "未报送" } else { "未公布" };
    detail_sheet(wb, name, &["单位代码", "单位", "类型"].map(String::from), rows, &[20.0, 24.0, 10.0])
}

/// One sheet of a detail table: bold frozen header, the given widths, long text wrapped.
fn detail_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    name: &str,
    header: &[String],
    rows: Vec<Vec<Value>>,
    widths: &[f64],
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border_bottom(FormatBorder::Thin);
    // Every cell at the top of its row, so a row grown by a long text still reads across.
    let one_decimal = Format::new().set_num_format("0.0").set_align(FormatAlign::Top);
    let count = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    ws.set_row_height(0, row_height(widths, header.iter().map(String::as_str)))?;
    let one_line = row_height(widths, [""]);
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let height = row_height(widths, row.iter().map(|v| if let Value::Text(t) = v { t.as_str() } else { "" }));
        if height > one_line {
            ws.set_row_height(r, height)?;
        }
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Text(t) if t.is_empty() => {}
                Value::Text(t) => {
                    ws.write_string_with_format(r, c, t, &wrap)?;
                }
                Value::Points(p) => {
                    ws.write_number_with_format(r, c, p.to_f64(), &one_decimal)?;
                }
                Value::Count(n) => {
                    ws.write_number_with_format(r, c, f64::from(*n), &count)?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, name, true)?;
    Ok(())
}

/// The height of a row whose text cells wrap in columns of `widths` (in characters): sized
/// here, as not every spreadsheet program grows a row for its wrapped text.
fn row_height<'t>(widths: &[f64], cells: impl IntoIterator<Item = &'t str>) -> f64 {
    let lines = |c: usize, t: &str| (crate::diag::display_width(t) as f64 / (widths.get(c).copied().unwrap_or(8.0) - 1.0)).ceil().max(1.0);
    cells.into_iter().enumerate().map(|(c, t)| lines(c, t)).fold(1.0, f64::max) * 15.0 + 3.0
}

/// How a sheet prints: on A4 (landscape when `wide`), one page wide with the header row on
/// every page, `title` at the top of each page and the page number at the foot.
fn print_setup(ws: &mut rust_xlsxwriter::Worksheet, title: &str, wide: bool) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    if wide {
        ws.set_landscape();
    }
    ws.set_repeat_rows(0, 0)?;
    // `&&` is a literal ampersand in a header.
    ws.set_header(format!("&C&\"-,Bold\"{}", title.replace('&', "&&")));
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
