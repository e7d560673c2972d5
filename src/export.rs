//! Machine-readable exports (SPEC §5.1): `data/site.json` and the Atom feed. Names and shapes
//! here are a contract with other tools and with tests.

use crate::evaluate::fmt_tenths;
use crate::markdown::escape;
use crate::render::views::{case_url, date, mechanism_url};
use crate::render::{Output, Renderer};
use serde_json::{json, Value};

/// A tenths value as a JSON number with one decimal (92.5, 90.0 stays 90.0 as 90).
fn number(t: i64) -> Value {
    // Parsing the decimal text keeps the value exact to one place.
    fmt_tenths(t).parse::<f64>().map(Value::from).unwrap_or(Value::Null)
}

pub fn site_json(r: &Renderer, out: &mut Output) {
    let site = r.site;
    let mechanisms: Vec<Value> = site
        .mechanisms
        .iter()
        .map(|m| {
            json!({
                "id": m.id, "title": m.title, "category": m.category, "status": m.status.as_str(),
                "effective": date(m.effective),
                "supersedes": m.supersedes.iter().map(|s| s.value.clone()).collect::<Vec<_>>(),
                "requirements": m.requirements.iter().map(|q| q.id.value.clone()).collect::<Vec<_>>(),
                "sha256": m.origin.file.sha256,
            })
        })
        .collect();
    let cases: Vec<Value> = site
        .cases
        .iter()
        .map(|c| {
            json!({
                "id": c.id, "title": c.title, "date": date(c.date), "unit": c.unit.as_ref().map(|u| u.value.clone()),
                "violations": c.violations, "form": c.form,
                "mechanisms": c.mechanisms.iter().map(|s| s.value.clone()).collect::<Vec<_>>(),
                "sha256": c.origin.file.sha256,
            })
        })
        .collect();
    let trainings: Vec<Value> = site
        .trainings
        .iter()
        .map(|t| json!({"id": t.id, "title": t.title, "date": date(t.date), "cases": t.cases.iter().map(|s| s.value.clone()).collect::<Vec<_>>()}))
        .collect();
    let units: Vec<Value> = site
        .units
        .iter()
        .map(|u| json!({"id": u.id, "name": u.name, "type": u.unit_type, "parent": u.parent.as_ref().map(|p| p.value.clone())}))
        .collect();
    let mut scorecards = Vec::new();
    for p in &r.eval.periods {
        for u in &p.results {
            scorecards.push(json!({
                "unit": u.unit, "period": u.period, "total": number(u.total), "grade": u.grade,
                "rank": u.rank, "rank_in_type": u.rank_in_type, "change": u.change.map(number),
                "vetoed": u.vetoed, "satisfaction": u.satisfaction.map(number),
                "unmet": u.unmet,
            }));
        }
    }
    let doc = json!({
        "site": {"title": site.config.title, "period": site.current.map(|p| p.to_string()), "audience": site.audience.as_str()},
        "mechanisms": mechanisms,
        "cases": cases,
        "trainings": trainings,
        "units": units,
        "scorecards": scorecards,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    out.files.insert("data/site.json".into(), bytes.into());
}

/// `data/content.json`: the Markdown of every mechanism, kept in snapshots for the redline of a
/// later comparison.
pub fn content_json(r: &Renderer, out: &mut Output) {
    let mechanisms: Vec<Value> = r
        .site
        .mechanisms
        .iter()
        .map(|m| json!({"id": m.id, "title": m.title, "status": m.status.as_str(), "text": m.body.markdown}))
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&json!({"mechanisms": mechanisms})).unwrap_or_default();
    bytes.push(b'\n');
    out.files.insert("data/content.json".into(), bytes.into());
}

/// How many entries the feed keeps, newest first.
pub const FEED_ENTRIES: usize = 200;

/// Atom feed of cases and mechanisms, newest first. Links are relative to the feed, which sits
/// at the site root, so the feed works wherever the site is served.
pub fn feed(r: &Renderer, out: &mut Output) {
    let site = r.site;
    struct Entry {
        date: chrono::NaiveDate,
        kind: &'static str,
        id: String,
        title: String,
        url: String,
        summary: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for c in &site.cases {
        let summary = c.summary.clone().unwrap_or_else(|| r.bodies.cases.get(&c.id).map(|b| b.summary.clone()).unwrap_or_default());
        entries.push(Entry { date: c.date, kind: "case", id: c.id.to_string(), title: c.title.clone(), url: case_url(&c.id), summary });
    }
    let live = matches!(r.frame.mode, crate::archive::Mode::Live);
    for v in r.frame.versions.iter().filter(|_| live) {
        if let Some(d) = chrono::NaiveDate::parse_from_str(&v.frozen, "%Y-%m-%d").ok() {
            let summary = format!("{}考核期的站点已归档, 共 {} 个页面。", v.label, v.pages);
            entries.push(Entry { date: d, kind: "snapshot", id: v.period.clone(), title: format!("{}归档", v.label), url: format!("archive/{}/index.html", v.period), summary });
        }
    }
    for m in &site.mechanisms {
        let summary = format!("{} · {} · {}", m.issuer, m.category, m.status.label());
        entries.push(Entry { date: m.effective, kind: "mechanism", id: m.id.to_string(), title: m.title.clone(), url: mechanism_url(&m.id), summary });
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.kind.cmp(b.kind)).then(a.id.cmp(&b.id)));
    // A feed reader wants what is new, not the whole archive of a large site.
    entries.truncate(FEED_ENTRIES);
    let updated = entries.first().map(|e| date(e.date)).unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(&site.config.title)));
    xml.push_str(&format!("  <id>urn:zhengfeng:{}</id>\n", crate::load::hex(&sha2_of(&site.config.title))[..16].to_string()));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n  <link href=\"index.html\"/>\n  <link rel=\"self\" href=\"feed.xml\"/>\n"));
    for e in &entries {
        let label = match e.kind { "case" => "典型案例", "snapshot" => "历史归档", _ => "制度机制" };
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>urn:zhengfeng:{}:{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <category term=\"{}\" label=\"{label}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title), e.kind, e.id, e.url, date(e.date), e.kind, escape(&e.summary)
        ));
    }
    xml.push_str("</feed>\n");
    out.files.insert("feed.xml".into(), xml.into_bytes().into());
}

fn sha2_of(s: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).to_vec()
}

/// The header of the results table, in CSV and XLSX alike.
pub const TABLE_HEADER: [&str; 8] = ["排名", "单位代码", "单位", "类型", "总分", "等次", "较上期", "满意度"];

/// One row of a period's results: rank order, numbers as tenths.
struct Row {
    rank: u32,
    id: String,
    name: String,
    unit_type: String,
    total: i64,
    grade: String,
    change: Option<i64>,
    satisfaction: Option<i64>,
}

/// `data/scorecards-<period>.csv` (UTF-8 with a byte-order mark, so spreadsheet programs show
/// the Chinese right) and `.xlsx` (numbers stored as numbers, bold frozen header).
pub fn scorecard_tables(r: &Renderer, out: &mut Output) -> crate::error::Result<()> {
    for pr in &r.eval.periods {
        let rows: Vec<Row> = pr
            .results
            .iter()
            .map(|u| {
                let unit = r.site.unit(&u.unit);
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
        out.files.insert(format!("data/scorecards-{}.csv", pr.period), csv(&rows).into_bytes().into());
        let xlsx = xlsx(&rows, &pr.period.to_string())
            .map_err(|e| crate::error::Error::Other(format!("无法生成 {} 的 Excel 表: {e}", pr.period)))?;
        out.files.insert(format!("data/scorecards-{}.xlsx", pr.period), xlsx.into());
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
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
            fmt_tenths(row.total),
            row.grade.clone(),
            row.change.map(fmt_tenths).unwrap_or_default(),
            row.satisfaction.map(fmt_tenths).unwrap_or_default(),
        ];
        s.push_str(&cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        s.push_str("\r\n");
    }
    s
}

fn xlsx(rows: &[Row], sheet: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
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
        ws.write_number_with_format(r, 4, row.total as f64 / 10.0, &one_decimal)?;
        ws.write_string(r, 5, &row.grade)?;
        if let Some(c) = row.change {
            ws.write_number_with_format(r, 6, c as f64 / 10.0, &one_decimal)?;
        }
        if let Some(s) = row.satisfaction {
            ws.write_number_with_format(r, 7, s as f64 / 10.0, &one_decimal)?;
        }
    }
    for (c, w) in [6.0, 22.0, 24.0, 10.0, 8.0, 8.0, 8.0, 8.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}
