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
    out.files.insert("data/site.json".into(), bytes);
}

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
    for m in &site.mechanisms {
        let summary = format!("{} · {} · {}", m.issuer, m.category, m.status.label());
        entries.push(Entry { date: m.effective, kind: "mechanism", id: m.id.to_string(), title: m.title.clone(), url: mechanism_url(&m.id), summary });
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.kind.cmp(b.kind)).then(a.id.cmp(&b.id)));
    let updated = entries.first().map(|e| date(e.date)).unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(&site.config.title)));
    xml.push_str(&format!("  <id>urn:zhengfeng:{}</id>\n", crate::load::hex(&sha2_of(&site.config.title))[..16].to_string()));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n  <link href=\"index.html\"/>\n  <link rel=\"self\" href=\"feed.xml\"/>\n"));
    for e in &entries {
        let label = if e.kind == "case" { "典型案例" } else { "制度机制" };
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>urn:zhengfeng:{}:{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <category term=\"{}\" label=\"{label}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title), e.kind, e.id, e.url, date(e.date), e.kind, escape(&e.summary)
        ));
    }
    xml.push_str("</feed>\n");
    out.files.insert("feed.xml".into(), xml.into_bytes());
}

fn sha2_of(s: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).to_vec()
}
