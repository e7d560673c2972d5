//! What every kind of content is made of: ids, periods, audiences, where an item came from,
//! its Markdown body, and references to other items.

use crate::yaml::Spanned;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

use crate::source::SourceFile;

/// An identifier: `[a-z0-9][a-z0-9-]*`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Accepts only a valid id.
    pub fn parse(s: &str) -> Option<Id> {
        let mut bytes = s.bytes();
        let first_ok = matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'));
        (first_ok && s.len() <= 120 && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))).then(|| Id(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A reference to an item exactly as written, when that is not a valid id (a title, a
    /// unit's name). It names no item, so the reference check reports it — with the id of the
    /// item whose title it is — and the build stops there: such an id never reaches a page.
    pub(crate) fn written(s: &str) -> Id {
        Id::parse(s).unwrap_or_else(|| Id(s.to_string()))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A half-year: `2025-H1` is 上半年, `2025-H2` 下半年. Ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: u16,
    /// 1 or 2.
    pub half: u8,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let (y, h) = s.split_once("-H")?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let half = match h {
            "1" => 1,
            "2" => 2,
            _ => return None,
        };
        (year >= 1900).then_some(Period { year, half })
    }

    /// The half-year immediately before.
    pub fn prev(self) -> Period {
        if self.half == 2 {
            Period { year: self.year, half: 1 }
        } else {
            Period { year: self.year - 1, half: 2 }
        }
    }

    /// The half-year immediately after.
    pub fn next(self) -> Period {
        if self.half == 1 {
            Period { year: self.year, half: 2 }
        } else {
            Period { year: self.year + 1, half: 1 }
        }
    }

    /// The period's last day: 30 June or 31 December.
    pub fn end(self) -> chrono::NaiveDate {
        let (month, day) = if self.half == 1 { (6, 30) } else { (12, 31) };
        chrono::NaiveDate::from_ymd_opt(self.year as i32, month, day).unwrap_or(chrono::NaiveDate::MIN)
    }

    /// `2025年上半年`.
    pub fn label(self) -> String {
        format!("{}年{}半年", self.year, if self.half == 1 { "上" } else { "下" })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-H{}", self.year, self.half)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Who may see an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Internal,
    Public,
}

impl Audience {
    pub fn parse(s: &str) -> Option<Audience> {
        match s {
            // The words the pages show are read as well.
            "internal" | "内部" => Some(Audience::Internal),
            "public" | "公开" => Some(Audience::Public),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }

    /// Whether an item of audience `item` belongs in a build for `self`.
    pub fn admits(self, item: Audience) -> bool {
        self == Audience::Internal || item == Audience::Public
    }
}

/// Where an item came from, for messages in later stages and for the exported checksum.
#[derive(Clone, Debug)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    /// Position of the `id` field, or the start of the file when the id comes from the name.
    pub id_pos: crate::source::Pos,
}

/// The Markdown part of a content file, and the files its front matter lists beside it.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub markdown: String,
    /// The 1-based line of the file on which the body starts.
    pub first_line: usize,
    /// The `attachments:` list, in the order written (SPEC §9).
    pub attachments: Vec<Attachment>,
}

/// A file named in an item's `attachments:` list, shown in the 附件 box of its page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// As written: relative to the item's bundle folder (`考核细则.xlsx`), or site-absolute
    /// into `static/` (`/files/承诺书模板.docx`).
    pub file: Spanned<String>,
    /// The title shown; the file name when absent.
    pub title: Option<String>,
}

/// A reference to another item, kept with its position so that an unknown target can be
/// reported where it is written.
pub type Ref = Spanned<Id>;
