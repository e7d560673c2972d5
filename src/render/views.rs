//! View structs: what templates receive, already formatted (dates, labels, relative URLs), so
//! that templates stay small and the same facts read the same on every page. URLs here are
//! relative to the site root; templates put `{{ root }}` in front.

use crate::model::*;
use crate::site::Site;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize, Clone, Debug)]
pub struct MechanismView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub category: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub effective: String,
    pub issuer: String,
    pub doc_number: Option<String>,
    pub tags: Vec<Term>,
    pub internal: bool,
    pub requirement_count: usize,
}

#[derive(Serialize, Clone, Debug)]
pub struct CaseView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub year: i32,
    pub unit: Option<Link>,
    pub violations: Vec<Term>,
    pub form: Form,
    pub form_label: &'static str,
    pub form_meaning: &'static str,
    pub disposition: String,
    pub summary: String,
    pub internal: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct TrainingView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub duration: Option<String>,
    pub presenter: Option<String>,
    pub case_count: usize,
    pub internal: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub unit_type: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct RequirementView {
    pub id: String,
    pub text: String,
    pub at_least: u32,
    pub per: &'static str,
    pub per_label: &'static str,
    pub mechanism: Link,
}

/// Slugs of violation types and tags: pinyin of the term, made unique (two terms that read
/// alike in pinyin get `-2`, `-3` in sorted order).
#[derive(Debug, Default)]
pub struct Terms {
    pub violations: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
}

impl Terms {
    pub fn build(site: &Site) -> Terms {
        fn slugs<'a>(names: impl Iterator<Item = &'a String>) -> BTreeMap<String, String> {
            let mut names: Vec<&String> = names.collect();
            names.sort();
            names.dedup();
            let mut used: HashMap<String, usize> = HashMap::new();
            let mut out = BTreeMap::new();
            for n in names {
                let mut base = crate::slug::slugify(n);
                if base.is_empty() {
                    base = "term".into();
                }
                let k = used.entry(base.clone()).or_insert(0);
                *k += 1;
                let slug = if *k == 1 { base } else { format!("{base}-{k}") };
                out.insert(n.clone(), slug);
            }
            out
        }
        Terms {
            violations: slugs(site.cases.iter().flat_map(|c| &c.violations)),
            tags: slugs(
                site.cases
                    .iter()
                    .flat_map(|c| &c.tags)
                    .chain(site.mechanisms.iter().flat_map(|m| &m.tags))
                    .chain(site.inspections.iter().flat_map(|i| &i.tags))
                    .chain(site.models.iter().flat_map(|m| &m.tags)),
            ),
        }
    }

    pub fn violation(&self, name: &str) -> Term {
        let slug = self.violations.get(name).cloned().unwrap_or_default();
        Term { name: name.to_string(), url: format!("violations/{slug}/index.html"), slug, count: 0 }
    }

    pub fn tag(&self, name: &str) -> Term {
        let slug = self.tags.get(name).cloned().unwrap_or_default();
        Term { name: name.to_string(), url: format!("tags/{slug}/index.html"), slug, count: 0 }
    }
}

pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A file of an item's 附件 box.
#[derive(Serialize, Clone, Debug)]
pub struct AttachmentView {
    pub title: String,
    /// The file's own name, shown beside a title that differs from it.
    pub name: String,
    /// From the site root, percent-encoded (`cases/x/%E4%BC%9A.jpg`).
    pub url: String,
    /// What kind of file, in the words of an office: PDF, Word, Excel, 图片 ...
    pub kind: &'static str,
    /// `12 KB`, `1.3 MB`.
    pub size: String,
}

impl AttachmentView {
    pub fn new(a: &crate::bodies::Attached) -> AttachmentView {
        AttachmentView {
            title: a.title.clone(),
            name: a.name().to_string(),
            url: crate::output::href(&a.path),
            kind: file_kind(a.name()),
            size: size_label(a.len),
        }
    }
}

/// The kind of a file by its extension, as offices name them.
pub fn file_kind(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if [".tar.gz", ".tar.bz2", ".tar.xz"].iter().any(|e| lower.ends_with(e)) {
        return "压缩包";
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "PDF",
        "ofd" => "OFD",
        "doc" | "docx" | "docm" | "dotx" | "wps" | "wpt" | "rtf" => "Word",
        "xls" | "xlsx" | "xlsm" | "xltx" | "et" | "ett" => "Excel",
        "csv" => "CSV 表格",
        "ppt" | "pptx" | "pptm" | "dps" => "PowerPoint",
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "svg" | "tif" | "tiff" => "图片",
        "zip" | "rar" | "7z" | "gz" | "tgz" => "压缩包",
        "txt" | "md" => "文本",
        "mp4" | "mov" | "avi" | "wmv" | "mkv" => "视频",
        "mp3" | "wav" | "m4a" | "wma" => "音频",
        _ => "文件",
    }
}

/// A size as a reader takes it in at a glance: `860 B`, `12 KB`, `3.4 KB`, `1.3 MB`.
pub fn size_label(len: u64) -> String {
    const K: f64 = 1024.0;
    let n = len as f64;
    if len < 1024 {
        format!("{len} B")
    } else if n < K * K - K / 2.0 {
        // Below what would round to 1024 KB: that is 1.0 MB.
        let kb = n / K;
        if kb < 9.95 { format!("{kb:.1} KB") } else { format!("{kb:.0} KB") }
    } else {
        format!("{:.1} MB", n / (K * K))
    }
}

/// `2025年3月12日`.
pub fn date_cn(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A `YYYY-MM-DD` date in words (`2025年6月30日`); empty when it is not such a date (a
/// snapshot whose day of freezing was not recorded).
pub fn date_words(ymd: &str) -> String {
    chrono::NaiveDate::parse_from_str(ymd, "%Y-%m-%d").map(date_cn).unwrap_or_default()
}

pub fn unit_url(id: &Id) -> String {
    format!("units/{id}/index.html")
}

impl MechanismView {
    pub fn new(m: &Mechanism, terms: &Terms) -> MechanismView {
        MechanismView {
            id: m.id.to_string(),
            title: m.title.clone(),
            url: Kind::Mechanism.url(&m.id),
            category: m.category.clone(),
            status: m.status.as_str(),
            status_label: m.status.label(),
            effective: date(m.effective),
            issuer: m.issuer.clone(),
            doc_number: m.doc_number.clone(),
            tags: m.tags.iter().map(|t| terms.tag(t)).collect(),
            internal: m.audience == Audience::Internal,
            requirement_count: m.requirements.len(),
        }
    }
}

impl CaseView {
    pub fn new(c: &Case, site: &Site, terms: &Terms, summary: &str) -> CaseView {
        use chrono::Datelike;
        CaseView {
            id: c.id.to_string(),
            title: c.title.clone(),
            url: Kind::Case.url(&c.id),
            date: date(c.date),
            year: c.date.year(),
            unit: c.unit.as_ref().and_then(|u| site.unit(&u.value)).map(|u| Link { title: u.name.clone(), url: unit_url(&u.id) }),
            violations: c.violations.iter().map(|v| terms.violation(v)).collect(),
            form: c.form,
            form_label: c.form.label(),
            form_meaning: c.form.meaning(),
            disposition: c.disposition.clone(),
            summary: c.summary.clone().unwrap_or_else(|| summary.to_string()),
            internal: c.audience == Audience::Internal,
        }
    }
}

impl TrainingView {
    pub fn new(t: &Training) -> TrainingView {
        TrainingView {
            id: t.id.to_string(),
            title: t.title.clone(),
            url: Kind::Training.url(&t.id),
            date: date(t.date),
            duration: t.duration.clone(),
            presenter: t.presenter.clone(),
            case_count: t.cases.len(),
            internal: t.audience == Audience::Internal,
        }
    }
}

impl UnitView {
    pub fn new(u: &Unit) -> UnitView {
        UnitView { id: u.id.to_string(), name: u.name.clone(), url: unit_url(&u.id), unit_type: u.unit_type.clone() }
    }
}

impl RequirementView {
    pub fn new(m: &Mechanism, r: &Requirement) -> RequirementView {
        RequirementView {
            id: r.id.value.to_string(),
            text: r.text.clone(),
            at_least: r.at_least,
            per: r.per.as_str(),
            per_label: r.per.label(),
            mechanism: Link { title: m.title.clone(), url: Kind::Mechanism.url(&m.id) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(size_label(860), "860 B");
        assert_eq!(size_label(3482), "3.4 KB");
        assert_eq!(size_label(12 * 1024 + 300), "12 KB");
        // Never "1024 KB" or "10.0 KB": the next unit, or no decimal.
        assert_eq!(size_label(1_048_575), "1.0 MB");
        assert_eq!(size_label(10_230), "10 KB");
        assert_eq!(size_label(1_363_149), "1.3 MB");
    }

    #[test]
    fn file_kinds_in_the_words_of_an_office() {
        assert_eq!(file_kind("考核细则.XLSX"), "Excel");
        assert_eq!(file_kind("承诺书模板.docx"), "Word");
        assert_eq!(file_kind("通知.pdf"), "PDF");
        assert_eq!(file_kind("会议照片.jpg"), "图片");
        assert_eq!(file_kind("说明"), "文件");
        assert_eq!(file_kind("台账.xlsm"), "Excel");
        assert_eq!(file_kind("材料.tar.gz"), "压缩包");
    }
}
