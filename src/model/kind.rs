//! The content kinds, and what every item of every kind has in common.
//!
//! A kind is one value of `Kind`: its folder under `content/`, its Chinese names, its URL
//! prefix and its search letter all come from here, so no other module spells a kind out as a
//! string or a code. The generic stages (loading, duplicate ids, unknown references, the
//! audience cut, redaction, the link table, Markdown bodies, search documents) run over
//! `Kind::ALL` and the `Item` trait, so a kind added here is cut from public builds, checked
//! for real names and linkable without any of them being edited.

use super::base::{Audience, Body, Id, Origin, Ref};
use chrono::NaiveDate;

/// One kind of Markdown content.
///
/// The order of the variants is the order of search results with the same date, and of
/// `Kind::ALL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Mechanism,
    Case,
    Training,
    Page,
    Inspection,
    Model,
    Rectification,
}

impl Kind {
    /// Every kind, in the order above.
    pub const ALL: [Kind; 7] =
        [Kind::Mechanism, Kind::Case, Kind::Training, Kind::Page, Kind::Inspection, Kind::Model, Kind::Rectification];

    /// How many kinds there are (the length of `ALL`).
    pub const COUNT: usize = Kind::ALL.len();

    /// Its place in `ALL`, for tables indexed by kind.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The folder under `content/`, which is also the URL prefix of its pages.
    pub const fn folder(self) -> &'static str {
        match self {
            Kind::Mechanism => "mechanisms",
            Kind::Case => "cases",
            Kind::Training => "trainings",
            Kind::Page => "pages",
            Kind::Inspection => "inspections",
            Kind::Model => "models",
            Kind::Rectification => "rectifications",
        }
    }

    /// The kind's name for machines: feed categories and ids (`urn:zhengfeng:case:<id>`).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Mechanism => "mechanism",
            Kind::Case => "case",
            Kind::Training => "training",
            Kind::Page => "page",
            Kind::Inspection => "inspection",
            Kind::Model => "model",
            Kind::Rectification => "rectification",
        }
    }

    /// What one item is called in messages: "引用了不存在的案例", "制度标识重复".
    pub const fn label(self) -> &'static str {
        match self {
            Kind::Mechanism => "制度",
            Kind::Case => "案例",
            Kind::Training => "培训专题",
            Kind::Page => "页面",
            Kind::Inspection => "督导检查",
            Kind::Model => "先进典型",
            Kind::Rectification => "整改事项",
        }
    }

    /// The name of its section of the site: navigation, feed categories, `new`.
    pub const fn section(self) -> &'static str {
        match self {
            Kind::Mechanism => "制度机制",
            Kind::Case => "典型案例",
            Kind::Training => "培训专题",
            Kind::Page => "页面",
            Kind::Inspection => "督导检查",
            Kind::Model => "先进典型",
            Kind::Rectification => "整改台账",
        }
    }

    /// The letter of the kind in the search index (`docs.js`, `text/*.js`); `search.js` reads
    /// the same letters.
    pub const fn search_letter(self) -> char {
        match self {
            Kind::Mechanism => 'm',
            Kind::Case => 'c',
            Kind::Training => 't',
            Kind::Page => 'p',
            Kind::Inspection => 'i',
            Kind::Model => 'h',
            Kind::Rectification => 'r',
        }
    }

    /// Whether its files are Markdown with front matter (one item a file), or YAML lists of
    /// items (the rectification ledger).
    pub const fn is_markdown(self) -> bool {
        !matches!(self, Kind::Rectification)
    }

    /// The file name endings of its files.
    pub const fn extensions(self) -> &'static [&'static str] {
        if self.is_markdown() {
            &["md"]
        } else {
            &["yaml", "yml"]
        }
    }

    /// The site path of an item's page: `cases/<id>/index.html`. Rectification items have no
    /// page of their own: they are rows of the ledger, each with its anchor.
    pub fn url(self, id: &Id) -> String {
        match self {
            Kind::Rectification => format!("rectifications/index.html#{id}"),
            _ => format!("{}/{id}/index.html", self.folder()),
        }
    }
}

/// What a reference points at: an item of a kind, or a unit of `units.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Item(Kind),
    Unit,
}

impl Target {
    /// What the target is called in messages.
    pub const fn label(self) -> &'static str {
        match self {
            Target::Item(k) => k.label(),
            Target::Unit => "单位",
        }
    }
}

/// The accessors of `Item` that read the same fields in every kind: `id`, `origin`, `audience`,
/// `body`, and the title from the field named.
macro_rules! item_fields {
    ($title:ident) => {
        fn kind(&self) -> Kind {
            Self::KIND
        }
        fn id(&self) -> &Id {
            &self.id
        }
        fn origin(&self) -> &Origin {
            &self.origin
        }
        fn audience(&self) -> Audience {
            self.audience
        }
        fn title(&self) -> &str {
            &self.$title
        }
        fn body(&self) -> &Body {
            &self.body
        }
    };
}
pub(crate) use item_fields;

/// The kind of a model type, known without an item (an empty collection has a kind too).
pub trait OfKind {
    const KIND: Kind;
}

/// Everything the generic stages need of an item, whatever its kind.
pub trait Item: Sync + Send {
    fn kind(&self) -> Kind;
    fn id(&self) -> &Id;
    fn origin(&self) -> &Origin;
    fn audience(&self) -> Audience;
    fn title(&self) -> &str;
    fn body(&self) -> &Body;
    /// The item's date for listings, search and the feed; `None` for undated items.
    fn date(&self) -> Option<NaiveDate>;
    /// Every reference the item holds, with what it must name, in the order written.
    fn refs(&self) -> Vec<(Target, &Ref)>;
    /// Keep only the references to items that `keep` accepts (the public cut drops those to
    /// withheld items). References to units are never dropped.
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool);
    /// The searchable text after the title, in the order snippets should prefer, given the
    /// plain text of the rendered body.
    fn search_fields(&self, body_text: &str) -> Vec<String>;
    /// The item's summary in the Atom feed, given the summary of its rendered body; `None` for
    /// kinds the feed leaves out.
    fn feed_summary(&self, body_summary: &str) -> Option<String>;
}
