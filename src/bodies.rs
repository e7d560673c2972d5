//! The Markdown stage: the body of every item of every kind rendered once, in parallel, into
//! HTML, plain text (for search), a summary and its headings — shared by pages, listings,
//! search and exports. Links in Markdown are resolved here against the site's link table, and a
//! link to a page that does not exist is a warning where it is written.
//!
//! Local files are settled here too (SPEC §9): an image or a link to a file beside the item
//! (in its bundle) or in `static/`, and each entry of an item's `attachments:` list, must name
//! a file that exists — else an error where it is written. What the build publishes as it is
//! (the bundles of the items it keeps, and `static/`) is listed in `Bodies::files`.
//! Depends on `site`, `markdown`, `memo`, `diag`, `load` (the listed files).

use crate::diag::Diagnostics;
use crate::load::{Asset, Assets};
use crate::markdown::{self, Links};
use crate::memo::MemoRun;
use crate::model::{Audience, Id, Item, Kind};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One item's Markdown, rendered.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    pub text: String,
    pub summary: String,
    pub headings: Vec<(u8, String, String)>,
    /// The files of the item's `attachments:` list, found.
    pub attachments: Vec<Attached>,
    /// The site paths of the files the body shows as images.
    pub images: Vec<String>,
}

/// A file of an item's 附件 box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// The title given, else the file's name.
    pub title: String,
    /// The file's site path (`mechanisms/x/考核细则.xlsx`, `files/通知.pdf`).
    pub path: String,
    /// Its size in bytes.
    pub len: u64,
}

impl Attached {
    /// The file's own name, without its folders.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// Rendered Markdown of every item, by kind and id, and of the home page.
#[derive(Default)]
pub struct Bodies {
    by_kind: [HashMap<Id, Body>; Kind::COUNT],
    pub home: Option<Body>,
    /// Every file the build publishes as it is, by site path: the bundle files of the items it
    /// keeps (`cases/<id>/会议照片.jpg`), and the files of `static/` (`files/通知.pdf`).
    pub files: BTreeMap<String, Asset>,
}

impl Bodies {
    pub fn get(&self, kind: Kind, id: &Id) -> Option<&Body> {
        self.by_kind[kind.index()].get(id)
    }

    /// The plain text of an item's body, empty when it has none.
    pub fn text(&self, kind: Kind, id: &Id) -> &str {
        self.get(kind, id).map_or("", |b| b.text.as_str())
    }

    /// Give the bodies of one kind back, to be freed elsewhere.
    pub fn take(&mut self, kind: Kind) -> HashMap<Id, Body> {
        std::mem::take(&mut self.by_kind[kind.index()])
    }
}

/// Where the links of the site's Markdown can point.
struct SiteLinks {
    /// Content path (`cases/a.md`) -> site path.
    by_file: HashMap<String, String>,
    /// Every site path that exists (`cases/a/index.html`).
    pages: HashSet<String>,
    /// Items left out of this build, as `cases/a.md` and `cases/id`.
    withheld: HashSet<String>,
    /// The files of `static/`, by their path inside it (`files/通知.pdf`).
    statics: HashSet<String>,
    /// The bundle files of the items this build keeps, by their place under `content/`
    /// (`cases/县法院宴请案/会议照片.jpg`) -> site path (`cases/<id>/会议照片.jpg`).
    bundle_files: HashMap<String, String>,
    /// The site paths of those files, so `/cases/<id>/会议照片.jpg` finds one too.
    published: HashSet<String>,
}

impl Links for SiteLinks {
    fn resolve(&self, target: &str) -> markdown::Target {
        if let Some(site_path) = target.strip_prefix("@/").and_then(|f| self.bundle_files.get(f)) {
            return markdown::Target::File(site_path.clone());
        }
        match self.find(target) {
            Some(p) => markdown::Target::Page(p),
            None if is_withheld(&self.withheld, target) => markdown::Target::Withheld,
            None => markdown::Target::Missing(where_it_would_be(target)),
        }
    }
}

/// Whether a link's target (`@/cases/a.md`, `/cases/a/`) is an item left out of the build
/// (`withheld`: as `Site::withheld`), or anything under its folder: `/cases/x/index.html`, its
/// handout, a file of its bundle, or `@/cases/县法院宴请案/照片.jpg` in its folder under `content/`.
fn is_withheld(withheld: &HashSet<String>, target: &str) -> bool {
    let path = target.trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/');
    let item = path.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
    // A bundle's folder under `content/` (`@/cases/县法院宴请案/照片.jpg`, or written from the
    // site's root in raw HTML, `/cases/县法院宴请案/照片.jpg`).
    let bundle = withheld.contains(&format!("{item}/index.md"));
    withheld.contains(path) || withheld.contains(&item) || bundle
}

/// The items left out of a build, as links see them: for the source of a public item's
/// Markdown, which is published in its public form (`markdown::public_form`).
pub struct Withheld<'a> {
    pub set: &'a HashSet<String>,
    /// The folder of the item's page (`mechanisms/<id>/`).
    pub dir: String,
}

impl Links for Withheld<'_> {
    fn dir(&self) -> &str {
        &self.dir
    }

    fn resolve(&self, target: &str) -> markdown::Target {
        if is_withheld(self.set, target) {
            markdown::Target::Withheld
        } else {
            markdown::Target::Page(String::new())
        }
    }
}

/// The Markdown of an item as a build may publish it: as written, or in a public build its
/// public form.
pub fn published_markdown(site: &Site, kind: Kind, id: &Id, md: &str) -> String {
    match site.audience {
        Audience::Public => markdown::public_form(md, &Withheld { set: &site.withheld, dir: format!("{}/{id}/", kind.folder()) }),
        Audience::Internal => md.to_string(),
    }
}

/// The site path a link to a missing page keeps: where the page would be (`@/cases/某案.md`
/// -> `cases/mou-an/index.html`, as for a file of that name without an `id`), else the path as
/// written (`/cases/x/` -> `cases/x/`).
fn where_it_would_be(target: &str) -> String {
    let Some(file) = target.strip_prefix("@/") else { return target.trim_start_matches('/').to_string() };
    let page = file.split_once('/').and_then(|(folder, name)| {
        let kind = Kind::ALL.into_iter().find(|k| k.folder() == folder && k.is_markdown())?;
        let stem = name.strip_suffix(".md").filter(|s| !s.contains('/'))?;
        let id = Id::parse(stem).or_else(|| Id::parse(&crate::slug::slugify(stem)))?;
        Some(kind.url(&id))
    });
    page.unwrap_or_else(|| file.to_string())
}

impl SiteLinks {
    /// Every item of every kind, every unit and the section pages this site builds.
    fn of(site: &Site, assets: &Assets) -> SiteLinks {
        let mut by_file = HashMap::new();
        let mut pages = HashSet::new();
        let (mut bundle_files, mut published) = (HashMap::new(), HashSet::new());
        for item in site.items.each().filter(|i| i.kind().is_markdown()) {
            let url = item.kind().url(item.id());
            // A bundle is linked by its `index.md`: `@/cases/县法院宴请案/index.md`.
            let file = &item.origin().file;
            if let Some(rel) = file.display.strip_prefix("content/").filter(|r| r.starts_with(item.kind().folder())) {
                if let (Some(folder), Some(files)) = (rel.strip_suffix("/index.md"), assets.bundles.get(&file.path)) {
                    for a in files {
                        let site_path = format!("{}/{}/{}", item.kind().folder(), item.id(), a.name);
                        bundle_files.insert(format!("{folder}/{}", a.name), site_path.clone());
                        published.insert(site_path);
                    }
                }
                by_file.insert(rel.to_string(), url.clone());
            } else if let Some(name) = file.path.file_name().and_then(|n| n.to_str()) {
                by_file.insert(format!("{}/{name}", item.kind().folder()), url.clone());
            }
            pages.insert(url);
        }
        by_file.insert("_index.md".into(), "index.html".into());
        for u in &site.units {
            pages.insert(format!("units/{}/index.html", u.id));
        }
        let has_tags = site.cases.iter().any(|c| !c.tags.is_empty()) || site.mechanisms.iter().any(|m| !m.tags.is_empty());
        for (s, built) in [
            ("index.html", true),
            ("mechanisms/index.html", true),
            ("cases/index.html", true),
            ("violations/index.html", true),
            ("units/index.html", !site.units.is_empty()),
            ("trainings/index.html", !site.trainings.is_empty()),
            ("tags/index.html", has_tags),
            ("scorecards/index.html", !site.periods.is_empty()),
            ("inspections/index.html", !site.inspections.is_empty()),
            ("models/index.html", !site.models.is_empty()),
            ("rectifications/index.html", !site.rectifications.is_empty()),
            ("changes/index.html", true),
        ] {
            if built {
                pages.insert(s.to_string());
            }
        }
        // Files the build makes that are not pages, so that a link to them is no missing file.
        pages.insert("feed.xml".into());
        pages.insert("data/site.json".into());
        for p in &site.periods {
            pages.insert(format!("data/scorecards-{p}.csv"));
            pages.insert(format!("data/scorecards-{p}.xlsx"));
        }
        if !site.rectifications.is_empty() {
            pages.insert("data/rectifications.csv".into());
            pages.insert("data/rectifications.xlsx".into());
        }
        let statics = assets.statics.iter().map(|a| a.name.clone()).collect();
        SiteLinks { by_file, pages, withheld: site.withheld.clone(), statics, bundle_files, published }
    }

    fn find(&self, target: &str) -> Option<String> {
        if let Some(file) = target.strip_prefix("@/") {
            return self.by_file.get(file).cloned();
        }
        let path = target.trim_start_matches('/');
        let candidates = if path.is_empty() {
            vec!["index.html".to_string()]
        } else if path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|c| self.pages.contains(c))
    }
}

/// The bundle of one item: the folder its files are published in, and their names.
struct Bundle<'a> {
    /// `cases/<id>/`.
    dir: String,
    names: HashSet<&'a str>,
}

/// The links of one item's Markdown: the site's pages, `static/`, and the files of its own
/// bundle (none for an item written as a single file).
struct ItemLinks<'a> {
    site: &'a SiteLinks,
    bundle: Option<Bundle<'a>>,
    /// The folder of the item's page (`cases/<id>/`; empty for the home page).
    dir: String,
}

impl Links for ItemLinks<'_> {
    fn dir(&self) -> &str {
        &self.dir
    }

    fn resolve(&self, target: &str) -> markdown::Target {
        if target.starts_with("@/") {
            // A file of another item's bundle, by its place under `content/`; a missing one
            // is an error like any missing file (a page that is not there, a warning).
            return match self.site.resolve(target) {
                markdown::Target::Missing(_) if is_file_name(target) && !target.ends_with(".md") => markdown::Target::MissingFile,
                other => other,
            };
        }
        if let Some(path) = target.strip_prefix('/') {
            if self.site.statics.contains(path) || self.site.published.contains(path) {
                return markdown::Target::File(path.to_string());
            }
            return match self.site.resolve(target) {
                markdown::Target::Missing(_) if is_file_name(path) => markdown::Target::MissingFile,
                other => other,
            };
        }
        match (&self.bundle, inside(target)) {
            (Some(b), Some(name)) if b.names.contains(name.as_str()) => markdown::Target::File(format!("{}{name}", b.dir)),
            _ => markdown::Target::MissingFile,
        }
    }
}

/// Whether the last segment of a path names a file that is not a page (`通知.pdf`, not
/// `about.html` or `cases/x/`).
fn is_file_name(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => !stem.is_empty() && !ext.is_empty() && !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm"),
        None => false,
    }
}

/// A relative path made plain (`./a/../b.pdf` -> `b.pdf`; a Windows `\` read as `/`), or
/// `None` when it climbs out of the folder it is relative to.
fn inside(target: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The file a user most likely meant: one whose name differs only in the case of its letters
/// (`Photo.JPG` for `photo.jpg`) or in its extension (`会议照片.png` for `会议照片.jpg`), as
/// Windows hides both.
fn nearest<'n>(wanted: &str, names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_lowercase();
    let (lower, wanted_stem) = (wanted.to_lowercase(), stem(wanted));
    let mut by_stem = None;
    for name in names {
        if name.to_lowercase() == lower {
            return Some(name);
        }
        if by_stem.is_none() && stem(name) == wanted_stem {
            by_stem = Some(name);
        }
    }
    by_stem
}

/// What to tell a user whose link, image or attachment names a file that is not there.
fn missing_help(target: &str, item: Option<(&dyn Item, bool)>, links: &ItemLinks) -> String {
    let statics = &links.site.statics;
    // `通知#1.pdf` read as `通知` and a place in it: a `#` or `?` in a file name is written
    // encoded in a link.
    let cut = |n: &str| n.strip_prefix(target.trim_start_matches('/')).is_some_and(|rest| rest.starts_with(['#', '?']));
    let whole = match target.strip_prefix('/') {
        Some(_) => statics.iter().map(String::as_str).find(|n| cut(n)).map(|n| format!("/{n}")),
        None => links.bundle.iter().flat_map(|b| b.names.iter().copied()).find(|n| cut(n)).map(str::to_string),
    };
    if let Some(name) = whole {
        let encoded = name.replace('#', "%23").replace('?', "%3F");
        // A name with a space is written in angle brackets as well.
        let written = if encoded.contains([' ', '\u{3000}']) { format!("<{encoded}>") } else { encoded };
        return format!("文件名 \"{name}\" 中的 # 或 ? 在链接里要写成 %23 或 %3F: ({written})");
    }
    if let Some(rest) = target.strip_prefix("@/") {
        let near = nearest(rest, links.site.bundle_files.keys().map(String::as_str));
        return match near {
            Some(near) => format!("没有这个文件, 但有 \"@/{near}\" (文件名的大小写或扩展名不同); 是否应写成它?"),
            None => format!("以 @/ 开头的路径从 content/ 目录算起, 指向某个条目目录中的文件: content/{rest} 不存在, 或它所在的目录没有 index.md; 请检查目录名和文件名"),
        };
    }
    let near = match target.strip_prefix('/') {
        Some(path) => nearest(path, statics.iter().map(String::as_str)).map(|n| format!("/{n}")),
        None => inside(target).and_then(|t| nearest(&t, links.bundle.iter().flat_map(|b| b.names.iter().copied())).map(str::to_string)),
    };
    if let Some(near) = near {
        return format!("没有这个文件, 但有 \"{near}\" (文件名的大小写或扩展名不同); 是否应写成它?");
    }
    if markdown::on_this_computer(target) {
        let place = match item {
            Some((item, true)) => format!("复制到条目目录 {} 中", item.origin().file.display.trim_end_matches("index.md")),
            _ => "复制到条目目录或站点的 static/ 中".to_string(),
        };
        return format!("这是本机上的文件路径, 在别的电脑上打不开; 请把文件{place}, 再用文件名引用");
    }
    if let Some(path) = target.strip_prefix('/') {
        if let Some(rest) = path.strip_prefix("static/").filter(|r| statics.contains(*r)) {
            return format!("static/ 中的文件发布在网站根目录下, 应写成 /{rest}");
        }
        return format!("以 / 开头的文件路径指向站点的 static/ 目录: /{path} 即 static/{path}, 该文件不存在; 请检查文件名和扩展名");
    }
    match item {
        Some((item, true)) => {
            let dir = item.origin().file.display.trim_end_matches("index.md").to_string();
            if inside(target).is_none() {
                format!("只能引用条目目录 {dir} 中的文件; 请把文件复制到该目录中")
            } else {
                format!("文件应放在 {dir} 中 (与 index.md 同一目录, 或其子目录); 请检查文件名和扩展名")
            }
        }
        Some((item, false)) => {
            let display = &item.origin().file.display;
            let dir = display.trim_end_matches(".md");
            format!("单个文件写成的条目没有自己的目录: 把 {display} 改为 {dir}/index.md, 再把文件放进 {dir}/ 中; 或把文件放进 static/ 并以 / 开头引用")
        }
        None => "首页介绍没有自己的目录: 把文件放进 static/, 并以 / 开头引用 (如 /files/通知.pdf)".into(),
    }
}

/// A picture larger than this is said to be: a phone's photo at full size is 5 to 15 MB, and a
/// slide deck carries every picture it shows inside itself.
const LARGE_IMAGE: u64 = 5 * 1024 * 1024;

/// The format of a picture file no browser shows, by its first bytes whatever its name: an
/// iPhone's HEIC photo (often renamed `.jpg`), a scanner's TIFF, a PDF or Photoshop file.
fn unshowable(path: &std::path::Path) -> Option<&'static str> {
    use std::io::Read;
    let mut head = [0u8; 32];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    let head = &head[..n];
    // HEIF's brands; an AVIF picture (which browsers show) may carry `mif1` too, with `avif`
    // among its compatible brands.
    let brand = head.get(4..12).filter(|b| b.starts_with(b"ftyp")).map(|b| &b[4..]);
    let avif = head.windows(4).skip(8).any(|w| w == b"avif");
    match head {
        _ if !avif && brand.is_some_and(|b| [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"].iter().any(|x| b == *x)) => Some("HEIC 格式 (苹果手机照片)"),
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Some("TIFF 格式 (扫描仪常用)"),
        [b'%', b'P', b'D', b'F', ..] => Some("PDF 文件"),
        [b'8', b'B', b'P', b'S', ..] => Some("Photoshop (PSD) 文件"),
        _ => None,
    }
}

/// Each `<img>` of a file the build publishes gets the picture's `width` and `height` (read
/// from the file's header), so the browser keeps its room before it arrives and the page does
/// not shift as it loads; the style sheet still scales it to the text column. A file whose size
/// cannot be read, or an image written with a `?` or `#` after its name, is left as it is.
fn with_image_sizes(mut html: String, images: &[String], root: &str, files: &BTreeMap<String, Asset>) -> String {
    for site_path in images {
        let Some(asset) = files.get(site_path) else { continue };
        let Ok(size) = imagesize::size(&asset.path) else { continue };
        // A phone's upright photo is often stored on its side with a note to turn it (EXIF
        // orientation 5 to 8): the browser shows it turned, so its room is turned too.
        let (w, h) = if exif_orientation(&asset.path).is_some_and(|o| (5..=8).contains(&o)) { (size.height, size.width) } else { (size.width, size.height) };
        let tag = format!("<img src=\"{root}{}\"", crate::output::href(site_path));
        if html.contains(&tag) {
            html = html.replace(&tag, &format!("{tag} width=\"{w}\" height=\"{h}\""));
        }
    }
    html
}

/// The EXIF orientation of a JPEG photo (1 upright ... 8), from its first 64 KiB.
fn exif_orientation(path: &std::path::Path) -> Option<u16> {
    use std::io::Read;
    let mut head = Vec::with_capacity(65536);
    std::fs::File::open(path).ok()?.take(65536).read_to_end(&mut head).ok()?;
    if !head.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // The markers after the start of the image, up to the APP1 segment that holds EXIF.
    let mut i = 2;
    while i + 4 <= head.len() && head[i] == 0xFF {
        let marker = head[i + 1];
        let len = u16::from_be_bytes([head[i + 2], head[i + 3]]) as usize;
        let segment = head.get(i + 4..i + 2 + len)?;
        if marker == 0xE1 && segment.starts_with(b"Exif\0\0") {
            let tiff = &segment[6..];
            let little = tiff.starts_with(b"II");
            let u16_at = |o: usize| tiff.get(o..o + 2).map(|b| if little { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) });
            let u32_at = |o: usize| tiff.get(o..o + 4).map(|b| if little { u32::from_le_bytes([b[0], b[1], b[2], b[3]]) } else { u32::from_be_bytes([b[0], b[1], b[2], b[3]]) });
            let ifd = u32_at(4)? as usize;
            let entries = u16_at(ifd)? as usize;
            return (0..entries).map(|e| ifd + 2 + e * 12).find(|&at| u16_at(at) == Some(0x0112)).and_then(|at| u16_at(at + 8));
        }
        if marker == 0xDA {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Markdown of every item rendered once, in parallel, reusing `memo`'s earlier results where
/// the inputs are the same. Links to missing pages become warnings at the line and column where
/// they are written; links, images and attachments naming missing files are errors.
pub fn render(site: &Site, assets: &Assets, diags: &mut Diagnostics, memo: Option<&MemoRun>) -> Bodies {
    let links = SiteLinks::of(site, assets);
    let mut files: BTreeMap<String, Asset> = assets.statics.iter().map(|a| (a.name.clone(), a.clone())).collect();
    for item in site.items.each().filter(|i| i.kind().is_markdown()) {
        for a in assets.bundles.get(&item.origin().file.path).into_iter().flatten() {
            let path = format!("{}/{}/{}", item.kind().folder(), item.id(), a.name);
            // A file of `static/` at the same place in the output: one of the two would be lost.
            if let Some(other) = files.insert(path.clone(), a.clone()) {
                let root = &site.config.root;
                let shown = crate::load::display(root, &other.path);
                diags.error_plain(&shown, format!("该文件与条目目录中的 {} 都会发布为 {path}, 其中一个会被覆盖", crate::load::display(root, &a.path))).help =
                    Some("改掉其中一个的文件名, 或删掉 static/ 中的这一份".into());
            }
        }
    }
    let sanitise = site.audience == Audience::Public;
    let strict_sink = diags.sibling();

    // (kind, or None for the home page; the item's id, body and file; the item)
    type Job<'b> = (Option<Kind>, &'b Id, &'b crate::model::Body, &'b crate::load::File, Option<&'b dyn Item>);
    let mut jobs: Vec<Job> = site
        .items
        .each()
        .filter(|i| i.kind().is_markdown())
        .map(|i| (Some(i.kind()), i.id(), i.body(), &i.origin().file, Some(i)))
        .collect();
    if let Some(h) = &site.home {
        jobs.push((None, &h.id, &h.body, &h.origin.file, None));
    }
    let done: Vec<(Option<Kind>, Id, Body, Diagnostics)> = jobs
        .par_iter()
        .with_max_len(crate::TASK_LEN)
        .map(|(kind, id, body, file, item)| {
            let root = if kind.is_none() { "" } else { "../../" };
            let bundle = item.and_then(|i| {
                let files = assets.bundles.get(&i.origin().file.path)?;
                Some(Bundle { dir: format!("{}/{}/", i.kind().folder(), i.id()), names: files.iter().map(|a| a.name.as_str()).collect() })
            });
            let is_bundle = bundle.is_some();
            let dir = item.map_or(String::new(), |i| format!("{}/{}/", i.kind().folder(), i.id()));
            let item_links = ItemLinks { site: &links, bundle, dir };
            let r = match memo {
                Some(m) => m.markdown(&body.markdown, root, &item_links, sanitise),
                None => markdown::render(&body.markdown, root, &item_links, sanitise),
            };
            let mut d = strict_sink.sibling();
            let context = item.map(|i| (i, is_bundle));
            // A file that is there but not published: one over the size cap has its own error
            // already; a hidden or system file is said to be one, not missing.
            let on_disk = |target: &str| -> Option<u64> {
                if target.contains("..") {
                    return None;
                }
                let path = match target.strip_prefix('/') {
                    Some(rest) => site.config.root.join("static").join(rest),
                    None if is_bundle => (*item)?.origin().file.path.parent()?.join(target),
                    None => return None,
                };
                std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len())
            };
            let hidden = |target: &str| target.rsplit(['/', '\\']).next().is_some_and(crate::load::never_published) && !target.contains("..");
            let unpublished = |d: &mut Diagnostics, pos, target: &str| match on_disk(target) {
                Some(len) if len > crate::load::MAX_ASSET_BYTES => true,
                Some(_) if hidden(target) => {
                    d.error(file, pos, format!("文件 \"{target}\" 存在, 但它是隐藏文件或系统生成的文件, 不会发布")).help =
                        Some("以 . 开头的文件, 以及 Thumbs.db、~$ 开头的锁文件等不随站点发布; 请给文件改个名字".into());
                    true
                }
                _ => false,
            };
            if !r.missing_files.is_empty() {
                let body_start = file.offset(crate::source::Pos::new(body.first_line, 1));
                for (off, target, image) in &r.missing_files {
                    let pos = file.pos(body_start + off);
                    if unpublished(&mut d, pos, target) {
                        continue;
                    }
                    let what = if *image { "图片" } else { "链接的文件" };
                    d.error(file, pos, format!("找不到{what} \"{target}\"")).help = Some(missing_help(target, context, &item_links));
                }
            }
            if let Some(off) = r.too_deep {
                let pos = file.pos(file.offset(crate::source::Pos::new(body.first_line, 1)) + off);
                d.error(file, pos, format!("正文的嵌套层次过深 (超过 {} 层): 引用 (>)、列表或强调符号一层套一层", markdown::MAX_DEPTH)).help =
                    Some("请检查这里是否误输入了一长串 > 、- 或 *; 正文没有生成".into());
            }
            for (off, site_path) in &r.image_at {
                let Some(asset) = files.get(site_path) else { continue };
                let pos = file.pos(file.offset(crate::source::Pos::new(body.first_line, 1)) + off);
                if let Some(format) = unshowable(&asset.path) {
                    d.warning(file, pos, format!("这张图片是 {format}, 浏览器无法显示, 页面、讲义和幻灯片上只会出现一个破图标")).help =
                        Some("请用画图或照片程序把它另存为 JPG 或 PNG, 再引用新文件; 要提供原件, 把它列为附件 (attachments) 而不是图片".into());
                } else if asset.len > LARGE_IMAGE {
                    d.warning(file, pos, format!("这张图片有 {}, 页面打开会慢, 用于培训时会整个嵌入幻灯片, 使幻灯片文件很大", crate::render::views::size_label(asset.len))).help =
                        Some("建议先缩小 (如用画图“重新调整大小”到宽 1600 像素左右后另存), 页面和投影上看起来一样清楚; 原图可列为附件".into());
                }
            }
            for &off in &r.unspaced_headings {
                let pos = file.pos(file.offset(crate::source::Pos::new(body.first_line, 1)) + off);
                let line = body.markdown[off..].lines().next().unwrap_or("");
                let hashes = line.len() - line.trim_start_matches('#').len();
                d.warning(file, pos, format!("# 后没有空格, 这一行不是标题, 会作为正文显示: {line}")).help =
                    Some(format!("在 # 后加一个空格: {} {}", &line[..hashes], &line[hashes..]));
            }
            if !r.unlinked.is_empty() {
                let body_start = file.offset(crate::source::Pos::new(body.first_line, 1));
                for u in &r.unlinked {
                    let pos = file.pos(body_start + u.at);
                    let what = if u.written.starts_with('!') { "图片" } else { "链接" };
                    if u.space {
                        let fixed = u.written.replacen("](", "](<", 1);
                        let fixed = format!("{}>)", fixed.strip_suffix(')').unwrap_or(&fixed));
                        d.error(file, pos, format!("{what}的地址中有空格, 页面上只会显示这段文字: {}", u.written)).help =
                            Some(format!("把地址写在尖括号里: {fixed}; 或把文件名中的空格删掉"));
                    } else {
                        let fixed = u.written.replacen("]（", "](", 1).replace('）', ")");
                        d.warning(file, pos, format!("{what}用了中文括号, 页面上只会显示这段文字: {}", u.written)).help =
                            Some(format!("方括号后的括号要用英文括号: {fixed}"));
                    }
                }
            }
            let mut attachments = Vec::with_capacity(body.attachments.len());
            for a in &body.attachments {
                match item_links.resolve(&a.file.value) {
                    markdown::Target::File(path) => {
                        let len = files.get(&path).map_or(0, |f| f.len);
                        if files.contains_key(&path) && len == 0 {
                            d.warning(file, a.file.pos, format!("附件 \"{}\" 是空文件 (0 字节)", a.file.value)).help =
                                Some("这通常是复制或下载没有完成; 请重新放入完整的文件".into());
                        }
                        let title = a.title.clone().unwrap_or_else(|| path.rsplit('/').next().unwrap_or(&path).to_string());
                        attachments.push(Attached { title, path, len });
                    }
                    _ if unpublished(&mut d, a.file.pos, &a.file.value) => {}
                    _ => {
                        d.error(file, a.file.pos, format!("找不到附件 \"{}\"", a.file.value)).help =
                            Some(missing_help(&a.file.value, context, &item_links));
                    }
                }
            }
            if !r.broken_links.is_empty() {
                let body_start = file.offset(crate::source::Pos::new(body.first_line, 1));
                for (off, target) in &r.broken_links {
                    let pos = file.pos(body_start + off);
                    d.warning(file, pos, format!("链接 \"{target}\" 指向的页面不存在")).help =
                        Some("链接保留在页面上, 但点开找不到页面; 站内链接写成 @/cases/文件名.md 或 /cases/标识/, 请检查文件名或标识".into());
                }
            }
            let summary = truncate(&r.first_paragraph, 120);
            let html = with_image_sizes(r.html, &r.images, root, &files);
            (*kind, (*id).clone(), Body { html, text: r.text, summary, headings: r.headings, attachments, images: r.images }, d)
        })
        .collect();
    let mut bodies = Bodies { files, ..Bodies::default() };
    for (kind, id, body, d) in done {
        diags.extend(d);
        match kind {
            Some(k) => {
                bodies.by_kind[k.index()].insert(id, body);
            }
            None => bodies.home = Some(body),
        }
    }
    bodies
}

/// At most `n` characters, with an ellipsis when cut.
pub fn truncate(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_turned_by_exif_is_read() {
        // SOI, APP1 "Exif" with a little-endian TIFF header and one IFD0 entry: orientation 6.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x22];
        jpeg.extend_from_slice(b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0");
        jpeg.extend_from_slice(&[0xFF, 0xDA]);
        let path = std::env::temp_dir().join(format!("zf-exif-{}.jpg", std::process::id()));
        std::fs::write(&path, &jpeg).unwrap();
        assert_eq!(exif_orientation(&path), Some(6));
        std::fs::write(&path, [0xFF, 0xD8, 0xFF, 0xDA]).unwrap();
        assert_eq!(exif_orientation(&path), None);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn relative_paths_stay_inside_their_folder() {
        assert_eq!(inside("照片/会议.jpg").as_deref(), Some("照片/会议.jpg"));
        assert_eq!(inside("./a/../b.pdf").as_deref(), Some("b.pdf"));
        assert_eq!(inside("附件\\细则.xlsx").as_deref(), Some("附件/细则.xlsx"), "a Windows separator");
        assert_eq!(inside("../other/x.pdf"), None);
        assert_eq!(inside("a/../../x.pdf"), None);
        assert_eq!(inside("."), None);
    }

    #[test]
    fn the_nearest_name_differs_in_case_or_extension() {
        let names = ["会议照片.png", "Photo.JPG", "考核细则.xlsx"];
        assert_eq!(nearest("photo.jpg", names.into_iter()), Some("Photo.JPG"));
        assert_eq!(nearest("会议照片.jpg", names.into_iter()), Some("会议照片.png"));
        assert_eq!(nearest("通知.pdf", names.into_iter()), None);
    }

    #[test]
    fn file_names_are_told_from_pages() {
        assert!(is_file_name("files/通知.pdf"));
        assert!(is_file_name("data/site.json"));
        assert!(!is_file_name("about.html") && !is_file_name("cases/x/") && !is_file_name("cases/x") && !is_file_name(".hidden"));
    }
}
