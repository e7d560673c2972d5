//! The only reader of a site's `content/` folder and configuration. It finds the files of each
//! kind, reads them (in parallel), and turns their bytes into normalised text — refusing
//! non-UTF-8 files (naming GBK/GB18030 and how to re-save), oversized files and symbolic links
//! with a located message. A period's Excel workbook is read into its cells (`workbook`), or
//! refused naming it when it cannot be opened. A folder or file under `content/` that no reader
//! takes is named in a warning, so no content is dropped in silence. Nothing here interprets
//! the text.
//!
//! It also lists the files published as they are (SPEC §9): the other files of each bundle
//! (`content/<kind>/<name>/index.md` and what lies beside it) and the site's `static/` folder,
//! with their sizes; their bytes are read only when the output is made (`read_asset`).

use crate::config::{self, Config, CONFIG_FILE};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::error::{read_err, Error, Result};
use crate::model::{Kind, Period};
use crate::source::{Pos, SourceFile};
use crate::workbook::Workbook;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

mod assets;
mod files;

pub use assets::{never_published, read_asset, Asset, MAX_ASSET_BYTES};
pub use files::{decode, display, hex, MAX_FILE_BYTES};

use assets::{bundles, static_files};
use files::{is_symlink, list, read_file, symlink_error, typed_entries};

/// A workbook larger than this is refused: a period's scores take some tens of kilobytes, and a
/// workbook is compressed.
pub const MAX_WORKBOOK_BYTES: u64 = 16 * 1024 * 1024;

/// The name `new workbook` gives a period's workbook; any `*.xlsx` name is read.
pub const WORKBOOK_NAME: &str = "考核评分表.xlsx";

pub type File = Arc<SourceFile>;

/// Every file a build publishes as it is.
#[derive(Debug, Default)]
pub struct Assets {
    /// A bundle's `index.md` (its path on disk) -> the other files of its folder and
    /// sub-folders, sorted by name.
    pub bundles: HashMap<PathBuf, Vec<Asset>>,
    /// The files of `static/`, sorted by name.
    pub statics: Vec<Asset>,
}

impl Assets {
    /// Every file, bundles' and `static/`'s, in path order.
    pub fn all(&self) -> Vec<&Asset> {
        let mut all: Vec<&Asset> = self.bundles.values().flatten().chain(&self.statics).collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }
}

/// Every input file of a site, by kind.
#[derive(Debug)]
pub struct Sources {
    pub config: Config,
    pub config_file: File,
    pub home: Option<File>,
    /// The Markdown files of each kind, at `Kind::index`.
    pub items: [Vec<File>; Kind::COUNT],
    pub units: Option<File>,
    pub rubric: Option<File>,
    /// A period folder's own rubric, which wins over the shared one.
    pub period_rubrics: Vec<(Period, File)>,
    pub scorecards: Vec<(Period, File)>,
    /// A period folder's Excel workbook of scores (SPEC §11).
    pub workbooks: Vec<(Period, Workbook)>,
    /// Bundle files and `static/`, listed, not read.
    pub assets: Assets,
}

impl Sources {
    /// The half-year the site is in, as its sources give it: named in the configuration, else
    /// the latest with scores, in YAML files or in a workbook.
    pub fn current_period(&self) -> Option<Period> {
        let periods = self.scorecards.iter().map(|(p, _)| *p).chain(self.workbooks.iter().map(|(p, _)| *p));
        self.config.current_period.or(periods.max())
    }

    /// Whether the site's archive holds a snapshot of `p`: its record is frozen, whatever the
    /// sources hold for later half-years.
    pub fn frozen(&self, p: Period) -> bool {
        self.config.root.join(crate::output::ARCHIVE_DIR).join(p.to_string()).join(crate::output::MANIFEST).is_file()
    }

    /// The Markdown files of one kind.
    pub fn items(&self, kind: Kind) -> &[File] {
        &self.items[kind.index()]
    }

    /// Every file that was read, the configuration included.
    pub fn files(&self) -> impl Iterator<Item = &File> {
        let singles = [Some(&self.config_file), self.home.as_ref(), self.units.as_ref(), self.rubric.as_ref()];
        singles
            .into_iter()
            .flatten()
            .chain(self.items.iter().flatten())
            .chain(self.period_rubrics.iter().map(|(_, f)| f))
            .chain(self.scorecards.iter().map(|(_, f)| f))
            .chain(self.workbooks.iter().map(|(_, w)| &w.file))
    }
}

/// Content files kept from an earlier load, for `serve`'s rebuilds: a file is read again only
/// when it was reported changed (`forget`) or its size or modification time differ; one read
/// again with the same bytes keeps its old `File`.
#[derive(Default)]
pub struct FileCache {
    files: HashMap<PathBuf, Kept>,
}

struct Kept {
    len: u64,
    modified: Option<SystemTime>,
    file: File,
}

impl FileCache {
    /// Read `path` again next time, whatever its size and time say.
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(path);
    }
}

/// Read the configuration and every content file of the site at `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Sources> {
    load_cached(root, diags, None)
}

/// Only the site's configuration, for commands that need nothing else (`verify`).
pub fn config_only(root: &Path, diags: &mut Diagnostics) -> Result<Config> {
    Ok(read_config(root, diags)?.1)
}

fn read_config(root: &Path, diags: &mut Diagnostics) -> Result<(File, Config)> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Error::NotASite { path: root.to_path_buf() });
    }
    let config_file = match read_file(root, &config_path)? {
        Ok(f) => Arc::new(f),
        Err(d) => {
            diags.push(d);
            Arc::new(SourceFile::from_str(CONFIG_FILE, ""))
        }
    };
    let config = config::parse(&config_file, root, diags);
    Ok((config_file, config))
}

/// `load`, reusing the unchanged files in `cache` and leaving in it the files read now.
// Each file read has its own outcome, a diagnostic when it cannot be used: one per file, moved
// once, so its size does not matter.
#[allow(clippy::result_large_err)]
pub fn load_cached(root: &Path, diags: &mut Diagnostics, cache: Option<&mut FileCache>) -> Result<Sources> {
    let (config_file, config) = read_config(root, diags)?;
    let content = root.join("content");

    let mut wanted: Vec<(Slot, PathBuf)> = Vec::new();
    let mut workbooks: Vec<(Period, PathBuf)> = Vec::new();
    let single = |name: &str| content.join(name);
    if single("_index.md").is_file() || is_symlink(&single("_index.md")) {
        wanted.push((Slot::Home, single("_index.md")));
    }
    if single("units.yaml").exists() || is_symlink(&single("units.yaml")) {
        wanted.push((Slot::Units, single("units.yaml")));
    }
    let mut assets = Assets::default();
    for kind in Kind::ALL {
        for path in list(&content.join(kind.folder()), kind.extensions(), diags, root)? {
            wanted.push((Slot::Item(kind), path));
        }
        if kind.is_markdown() {
            for (index, files) in bundles(&content.join(kind.folder()), diags, root)? {
                wanted.push((Slot::Item(kind), index.clone()));
                assets.bundles.insert(index, files);
            }
        }
    }
    assets.statics = static_files(root, diags)?;
    let cards = content.join("scorecards");
    if cards.is_dir() {
        for path in list(&cards, &["yaml", "yml"], diags, root)? {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem == "rubric" {
                wanted.push((Slot::Rubric, path));
            }
        }
        for (path, kind) in typed_entries(&cards)? {
            if kind.is_symlink() {
                symlink_error(root, &path, diags);
                continue;
            }
            if !kind.is_dir() {
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            let Some(period) = Period::parse(name) else {
                diags.push(Diagnostic {
                    severity: Severity::Error,
                    file: display(root, &path),
                    pos: Pos::start(),
                    cell: None,
                    line_text: None,
                    message: format!("目录名 \"{name}\" 不是有效的期次"),
                    help: Some("考核目录应命名为 YYYY-H1 (上半年) 或 YYYY-H2 (下半年), 例如 2025-H1".into()),
                });
                continue;
            };
            for file in list(&path, &["yaml", "yml"], diags, root)? {
                let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if stem == "rubric" {
                    wanted.push((Slot::PeriodRubric(period), file));
                } else {
                    wanted.push((Slot::Scorecard(period), file));
                }
            }
            find_workbook(root, &path, period, &mut workbooks, diags)?;
        }
    }

    let read: std::collections::HashSet<&Path> =
        wanted.iter().map(|(_, p)| p.as_path()).chain(workbooks.iter().map(|(_, p)| p.as_path())).collect();
    let bundle_dirs: std::collections::HashSet<&Path> = assets.bundles.keys().filter_map(|index| index.parent()).collect();
    unknown_entries(root, &content, &read, &bundle_dirs, diags)?;

    let kept = cache.as_ref().map(|c| &c.files);
    type Read = Result<std::result::Result<(File, Option<Kept>), Diagnostic>>;
    let read: Vec<(Slot, PathBuf, Read)> = wanted
        .into_par_iter()
        .with_max_len(crate::TASK_LEN)
        .map(|(slot, path)| {
            let result = match kept {
                None => read_file(root, &path).map(|r| r.map(|f| (Arc::new(f), None))),
                Some(kept) => read_kept(root, &path, kept.get(&path)),
            };
            (slot, path, result)
        })
        .collect();
    let mut next = HashMap::new();

    let mut sources = Sources {
        config,
        config_file,
        home: None,
        items: Default::default(),
        units: None,
        rubric: None,
        period_rubrics: Vec::new(),
        scorecards: Vec::new(),
        workbooks: Vec::new(),
        assets,
    };
    for (period, path) in workbooks {
        match read_workbook(root, &path)? {
            Ok(w) => sources.workbooks.push((period, w)),
            Err(d) => {
                diags.push(d);
            }
        }
    }
    for (slot, path, result) in read {
        let file = match result? {
            Ok((f, kept)) => {
                if let Some(k) = kept {
                    next.insert(path, k);
                }
                f
            }
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match slot {
            Slot::Home => sources.home = Some(file),
            Slot::Units => sources.units = Some(file),
            Slot::Rubric => sources.rubric = Some(file),
            Slot::Item(kind) => sources.items[kind.index()].push(file),
            Slot::PeriodRubric(p) => sources.period_rubrics.push((p, file)),
            Slot::Scorecard(p) => sources.scorecards.push((p, file)),
        }
    }
    if let Some(cache) = cache {
        cache.files = next;
    }
    Ok(sources)
}

/// The workbook of a period folder: its one `*.xlsx` file. Files a spreadsheet program keeps
/// beside an open workbook (`~$考核评分表.xlsx`) are skipped; a second workbook, and one in a
/// format this tool does not read, are errors naming them.
fn find_workbook(root: &Path, dir: &Path, period: Period, found: &mut Vec<(Period, PathBuf)>, diags: &mut Diagnostics) -> Result<()> {
    let mut first: Option<PathBuf> = None;
    let file_error = |path: &Path, message: String, help: String| Diagnostic {
        severity: Severity::Error,
        file: display(root, path),
        pos: Pos::new(0, 0),
        cell: None,
        line_text: None,
        message,
        help: Some(help),
    };
    for path in list(dir, &["xlsx", "xls", "xlsm", "et", "ods"], diags, root)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("~$") {
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("xlsx") {
            diags.push(file_error(
                &path,
                "考核评分工作簿须为 .xlsx 格式".into(),
                "用 Excel 或 WPS 打开该文件, “另存为” Excel 工作簿 (*.xlsx), 再删除原文件".into(),
            ));
            continue;
        }
        match &first {
            None => {
                first = Some(path.clone());
                found.push((period, path));
            }
            Some(other) => {
                diags.push(file_error(
                    &path,
                    format!("一个期次只能有一份考核评分工作簿, 这里已有 {}", display(root, other)),
                    "把各单位的得分合并到同一份工作簿中, 或把其中一份移出 content/".into(),
                ));
            }
        }
    }
    Ok(())
}

/// Read a workbook into its cells. An I/O failure is an environment error; a workbook that
/// cannot be opened (not an xlsx, damaged, too large) is a diagnostic naming it.
fn read_workbook(root: &Path, path: &Path) -> Result<std::result::Result<Workbook, Diagnostic>> {
    use std::io::Read;
    let shown = display(root, path);
    let problem = |message: String, help: String| Diagnostic {
        severity: Severity::Error,
        file: shown.clone(),
        pos: Pos::new(0, 0),
        cell: None,
        line_text: None,
        message,
        help: Some(help),
    };
    let f = std::fs::File::open(path).map_err(read_err(path))?;
    let mut bytes = Vec::new();
    f.take(MAX_WORKBOOK_BYTES + 1).read_to_end(&mut bytes).map_err(read_err(path))?;
    if bytes.len() as u64 > MAX_WORKBOOK_BYTES {
        return Ok(Err(problem(
            format!("工作簿过大, 上限为 {} MiB", MAX_WORKBOOK_BYTES / 1048576),
            "考核评分工作簿只需各单位的得分; 请删除其中的图片和无关的工作表".into(),
        )));
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    Ok(crate::workbook::read(bytes, path.to_path_buf(), shown.clone(), sha256).map_err(|e| {
        let mut help = e.help;
        if !e.detail.is_empty() {
            help.push_str(&format!(" (读取时的错误: {})", e.detail));
        }
        problem(e.message, help)
    }))
}

/// One file, from `kept` when its size and modification time are those it had when kept.
fn read_kept(root: &Path, path: &Path, kept: Option<&Kept>) -> Result<std::result::Result<(File, Option<Kept>), Diagnostic>> {
    // Taken before reading: a file changed during the read is read again next time.
    let meta = std::fs::metadata(path).map_err(read_err(path))?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some(k) = kept.filter(|k| k.len == len && k.modified == modified && modified.is_some()) {
        return Ok(Ok((k.file.clone(), Some(Kept { len, modified, file: k.file.clone() }))));
    }
    Ok(read_file(root, path)?.map(|f| {
        let file = match kept {
            Some(k) if k.file.sha256 == f.sha256 && k.file.text == f.text => k.file.clone(),
            _ => Arc::new(f),
        };
        (file.clone(), Some(Kept { len, modified, file }))
    }))
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Home,
    Units,
    Rubric,
    Item(Kind),
    PeriodRubric(Period),
    Scorecard(Period),
}

/// Every folder and file under `content/` that no reader takes, as a warning naming it at its
/// path (SPEC §1): content is never dropped in silence. A folder is named once, not each file
/// in it. Hidden files, editor backups and the lock files of open Office documents (`~$…`) are
/// passed over; symbolic links (refused where the readers look) and whatever a reader has
/// already named (a misnamed period folder, a second workbook) are left to that message, and a
/// bundle's folder belongs to its item.
fn unknown_entries(
    root: &Path,
    content: &Path,
    read: &std::collections::HashSet<&Path>,
    bundles: &std::collections::HashSet<&Path>,
    diags: &mut Diagnostics,
) -> Result<()> {
    if !content.is_dir() || is_symlink(content) {
        return Ok(());
    }
    let named: std::collections::HashSet<String> = diags.sorted().into_iter().map(|d| d.file.clone()).collect();
    let cards = content.join("scorecards");
    // The folders the readers list, and every folder on the way to a file they take.
    let mut walked: std::collections::HashSet<PathBuf> = Kind::ALL.iter().map(|k| content.join(k.folder())).collect();
    walked.insert(cards.clone());
    for path in read {
        walked.extend(path.ancestors().skip(1).take_while(|a| a.starts_with(content) && *a != content).map(Path::to_path_buf));
    }
    let mut stack = vec![content.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for (path, kind) in typed_entries(&dir)? {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || name.ends_with('~') || assets::is_clutter(name) || read.contains(path.as_path()) || kind.is_symlink() {
                continue;
            }
            // A bundle's folder is its item's, files and sub-folders alike (SPEC §9).
            if named.contains(&display(root, &path)) || (kind.is_dir() && bundles.contains(path.as_path())) {
                continue;
            }
            if kind.is_dir() && walked.contains(&path) {
                stack.push(path);
                continue;
            }
            if kind.is_dir() && dir == cards {
                // A period folder (perhaps empty), or a misnamed one: an error already.
                if Period::parse(name).is_some() {
                    stack.push(path);
                }
                continue;
            }
            let what = if kind.is_dir() { "目录" } else { "文件" };
            diags.push(Diagnostic {
                severity: if diags.strict { Severity::Error } else { Severity::Warning },
                file: display(root, &path),
                pos: Pos::start(),
                line_text: None,
                cell: None,
                message: format!("不认识的{what}, 其中内容不会发布"),
                help: Some(match name.strip_suffix(".txt").filter(|n| n.ends_with(".md") || n.ends_with(".yaml")) {
                    // Windows hides known extensions: `a.md` saved by Notepad is `a.md.txt`.
                    Some(meant) => format!("文件名实际是 {name} (Windows 隐藏了扩展名 .txt): 把它改名为 {meant}"),
                    None => expected_in(content, &dir),
                }),
            });
        }
    }
    Ok(())
}

/// What a folder of `content/` may hold, for the hint of an unknown entry in it.
fn expected_in(content: &Path, dir: &Path) -> String {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
    if dir == content {
        return format!(
            "content/ 中只读取 _index.md、units.yaml 和这些目录: {}、scorecards; 请把内容放进对应的目录, 要原样发布的文件放在站点的 static/ 中",
            kinds.join("、")
        );
    }
    let folder = dir.strip_prefix(content).unwrap_or(dir);
    let top = folder.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    let shown = folder.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    match Kind::ALL.iter().find(|k| k.folder() == top) {
        Some(k) if k.is_markdown() => format!("content/{shown}/ 中只读取 .md 文件, 每个文件一条{}", k.label()),
        Some(k) => format!("content/{shown}/ 中只读取 .yaml 文件, 每个文件一份{}清单", k.section()),
        None if folder.components().count() == 1 => {
            "content/scorecards/ 中只读取 rubric.yaml 和期次目录 (如 2025-H1); 考核表放在期次目录中".into()
        }
        None => format!("期次目录 content/{shown}/ 中只读取 .yaml 文件 (每个单位一份考核表, 以及可选的 rubric.yaml) 和一份 .xlsx 考核评分工作簿"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_recognised_and_located() {
        let (bytes, _, _) = encoding_rs::GBK.encode("---\ntitle: 中文标题\n---\n");
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err, (Pos::new(2, 8), true));
    }

    #[test]
    fn bom_and_crlf_are_normal_input() {
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb").unwrap(), "a\nb");
    }
}
