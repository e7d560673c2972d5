//! The only module that touches the spreadsheet reader (calamine). A workbook's bytes become its
//! sheets of typed cells, and a `SourceFile` listing those cells one a line (`source::CellMap`),
//! so a problem found in a cell is reported as `file:评分!D7` with the cell's value by the same
//! diagnostics as a line of YAML.
//!
//! Only values matter: a formula cell counts by the value its program last computed and saved
//! (the cached value), and styles are ignored. A formula with no saved value at all (a file
//! written by a script and never opened in a spreadsheet program) is kept as its formula, to be
//! reported as such rather than read as an empty cell. Cells are streamed and only the non-empty
//! ones kept, so a stray cell far out costs nothing until the listing is made; a sheet whose
//! used rectangle is too large to list is refused with a message. Depends on `source` only.

use crate::source::{CellMap, Pos, SourceFile};
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

/// The most cells a workbook's sheets may span together (their used rectangles): a scoring
/// table of a few hundred units is a few thousand.
pub const MAX_CELLS: usize = 500_000;

/// A cell's value, as its program last saved it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A cell formatted as a date; `None` when the serial number is no real day.
    Date(Option<NaiveDate>),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose value was never computed and saved: its text, without the `=`.
    Formula(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The value as a spreadsheet shows it, for messages (and the listing).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(x) => number_text(*x),
            Cell::Text(t) => t.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Date(Some(d)) => d.format("%Y-%m-%d").to_string(),
            Cell::Date(None) => "(无效日期)".into(),
            Cell::Error(e) => e.clone(),
            Cell::Formula(f) => format!("={f}"),
        }
    }
}

/// A number as decimal text, rounded to ten places the way a spreadsheet rounds what it shows,
/// so that a sum saved as 14.599999999999998 reads as 14.6: `15.5`, `14`, `-0.3`.
pub fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    let s = format!("{x:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// One sheet: the rectangle spanning its non-empty cells.
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    /// 0-based row and column of the rectangle's top-left cell.
    pub top: u32,
    pub left: u32,
    pub width: u32,
    pub height: u32,
    /// The listing line of the top-left cell.
    first_line: usize,
    /// Row by row.
    cells: Vec<Cell>,
}

static EMPTY: Cell = Cell::Empty;

impl Sheet {
    /// The rows that hold anything (0-based).
    pub fn rows(&self) -> std::ops::Range<u32> {
        self.top..self.top + self.height
    }

    /// The columns that hold anything (0-based).
    pub fn cols(&self) -> std::ops::Range<u32> {
        self.left..self.left + self.width
    }

    fn index(&self, row: u32, col: u32) -> Option<usize> {
        (self.rows().contains(&row) && self.cols().contains(&col))
            .then(|| (row - self.top) as usize * self.width as usize + (col - self.left) as usize)
    }

    /// The value at a 0-based row and column (empty outside the rectangle).
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.index(row, col).and_then(|i| self.cells.get(i)).unwrap_or(&EMPTY)
    }

    /// The position of a cell in the workbook's listing; outside the rectangle, the position of
    /// the whole file (messages then name the file alone).
    pub fn pos(&self, row: u32, col: u32) -> Pos {
        match self.index(row, col) {
            Some(i) => Pos::new(self.first_line + i, 1),
            None => Pos::new(0, 0),
        }
    }
}

/// A workbook read: its listing (for messages) and its sheets, in the workbook's order.
#[derive(Debug)]
pub struct Workbook {
    pub file: Arc<SourceFile>,
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// The sheet of that name (surrounding spaces ignored).
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name.trim() == name)
    }
}

/// Why a workbook could not be read, in words for its user, what to do, and the reader's own
/// words.
#[derive(Debug)]
pub struct Unreadable {
    pub message: String,
    pub help: String,
    pub detail: String,
}

const RESAVE: &str = "请用 Excel 或 WPS 打开该文件, “另存为” Excel 工作簿 (*.xlsx) 后再试";

/// Read a workbook's bytes (`display` names it in messages).
pub fn read(bytes: Vec<u8>, path: PathBuf, display: String, sha256: String) -> Result<Workbook, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable {
            message: "无法打开 Excel 工作簿: 文件是空的 (0 字节)".into(),
            help: "文件可能没有保存完整或复制时出了错; 请重新保存或复制一份".into(),
            detail: String::new(),
        });
    }
    // The reader is not ours: should it fail on some file in a way its authors did not foresee,
    // that file is refused like any damaged one instead of ending the run.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_unguarded(bytes, path, display, sha256))).unwrap_or_else(|_| {
        Err(Unreadable { message: "无法打开 Excel 工作簿: 文件已损坏或不是 .xlsx 格式".into(), help: RESAVE.into(), detail: String::new() })
    })
}

fn read_unguarded(bytes: Vec<u8>, path: PathBuf, display: String, sha256: String) -> Result<Workbook, Unreadable> {
    // An old-format workbook and a password-protected one are both OLE containers.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Unreadable {
            message: "这是旧版 Excel 格式 (.xls) 或设置了打开密码的工作簿, 无法读取".into(),
            help: format!("{RESAVE}; 设置了打开密码的, 先取消密码"),
            detail: String::new(),
        });
    }
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    let mut map = CellMap::default();
    let mut lines: Vec<String> = Vec::new();
    for name in xlsx.sheet_names() {
        let mut kept = match read_sheet(&mut xlsx, &name) {
            Ok(k) => k,
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => Vec::new(),
            Err(e) => return Err(damaged(e)),
        };
        // A sheet whose merges cannot be read is read as if it had none.
        fill_merged_down(&mut kept, &xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default());
        let sheet = rectangle(&name, kept, &mut map)?;
        lines.extend(sheet.cells.iter().map(|c| c.display().replace(['\r', '\n'], " ")));
        sheets.push(sheet);
    }
    let file = SourceFile::workbook(path, display, lines.join("\n"), sha256, map);
    Ok(Workbook { file: Arc::new(file), sheets })
}

fn damaged(e: XlsxError) -> Unreadable {
    Unreadable { message: "无法打开 Excel 工作簿: 文件已损坏或不是 .xlsx 格式".into(), help: RESAVE.into(), detail: e.to_string() }
}

/// Cells merged down a column (one 考评组 or 考评日期 for several units, one unit for its several
/// deductions) hold their value in the first cell only: every cell of the merge gets it, as the
/// sheet shows it. Merges across columns (a title over the table) are left as they are.
fn fill_merged_down(kept: &mut Vec<(u32, u32, Cell)>, merges: &[calamine::Dimensions]) {
    let down: Vec<&calamine::Dimensions> = merges.iter().filter(|m| m.start.1 == m.end.1 && m.end.0 > m.start.0).collect();
    if down.is_empty() {
        return;
    }
    let mut at: std::collections::HashMap<(u32, u32), usize> = kept.iter().enumerate().map(|(i, (r, c, _))| ((*r, *c), i)).collect();
    for m in down {
        let Some(value) = at.get(&m.start).map(|&i| kept[i].2.clone()) else { continue };
        for row in m.start.0 + 1..=m.end.0 {
            // The sheet is refused as too large beyond this: no need to fill further.
            if kept.len() > MAX_CELLS {
                return;
            }
            at.entry((row, m.start.1)).or_insert_with(|| {
                kept.push((row, m.start.1, value.clone()));
                kept.len() - 1
            });
        }
    }
}

/// The non-empty cells of a sheet, in the order the file holds them.
fn read_sheet(xlsx: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Result<Vec<(u32, u32, Cell)>, XlsxError> {
    let mut reader = xlsx.worksheet_cells_reader(name)?;
    let mut kept = Vec::new();
    while let Some(cell) = reader.next_cell_with_formula()? {
        let (row, col) = cell.pos;
        let value = match (&cell.value, cell.formula) {
            (DataRef::Empty, Some(f)) if !f.trim().is_empty() => Cell::Formula(f),
            (value, _) => convert(value),
        };
        if !value.is_empty() {
            kept.push((row, col, value));
            if kept.len() > MAX_CELLS {
                break;
            }
        }
    }
    Ok(kept)
}

fn convert(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(x) => Cell::Number(*x),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Cell::Date(NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)))
        }
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::DateTimeIso(s) => match s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) => Cell::Date(Some(d)),
            None => text(s),
        },
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Text, with a cell of nothing but spaces counted as empty.
fn text(s: &str) -> Cell {
    if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

/// The sheet's cells laid out in the rectangle that spans them, given the next lines of `map`.
fn rectangle(name: &str, kept: Vec<(u32, u32, Cell)>, map: &mut CellMap) -> Result<Sheet, Unreadable> {
    let too_many = || Unreadable {
        message: format!("工作表 \"{name}\" 的内容过多或散布过广, 超出读取上限 ({MAX_CELLS} 个单元格)"),
        help: "删除表格下方和右侧远处无用的单元格, 或把与考核无关的内容移到另一个文件".into(),
        detail: String::new(),
    };
    if kept.len() > MAX_CELLS {
        return Err(too_many());
    }
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0, 0);
    for (r, c, _) in &kept {
        top = top.min(*r);
        left = left.min(*c);
        bottom = bottom.max(*r);
        right = right.max(*c);
    }
    let (width, height) = if kept.is_empty() { (0, 0) } else { (right - left + 1, bottom - top + 1) };
    let area = width as u64 * height as u64;
    if area + map.lines() as u64 > MAX_CELLS as u64 {
        // Spread too far: a stray value far below or to the right. Where it is, so it can be
        // found and deleted.
        let name_of = |&(r, c, _): &(u32, u32, Cell)| format!("{}{}", crate::source::column_name(c), r + 1);
        let lowest = kept.iter().max_by_key(|(r, _, _)| *r).map(name_of).unwrap_or_default();
        let rightmost = kept.iter().max_by_key(|(_, c, _)| *c).map(name_of).unwrap_or_default();
        let mut e = too_many();
        e.message = format!("工作表 \"{name}\" 的内容散布过广: 最下方的单元格是 {lowest}, 最右侧的是 {rightmost}");
        e.help = "这通常是远处一个误填的单元格: 按 Ctrl+End 跳到它, 删除后保存".into();
        return Err(e);
    }
    let (top, left) = if kept.is_empty() { (0, 0) } else { (top, left) };
    let mut cells = vec![Cell::Empty; area as usize];
    for (r, c, v) in kept {
        cells[(r - top) as usize * width as usize + (c - left) as usize] = v;
    }
    let first_line = map.push(name, top, left, width, height);
    Ok(Sheet { name: name.to_string(), top, left, width, height, first_line, cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_shown() {
        assert_eq!(number_text(15.5), "15.5");
        assert_eq!(number_text(14.0), "14");
        assert_eq!(number_text(14.599999999999998), "14.6");
        assert_eq!(number_text(13.55), "13.55");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-3.0), "-3");
    }

    #[test]
    fn what_is_not_a_workbook_is_refused() {
        let read = |b: &[u8]| read(b.to_vec(), "k.xlsx".into(), "k.xlsx".into(), String::new());
        assert!(read(b"").is_err());
        assert!(read(b"unit: fx-court\n").is_err());
        assert!(read(b"PK\x03\x04garbage").is_err());
        let ole = read(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap_err();
        assert!(ole.message.contains(".xls"), "{}", ole.message);
    }
}
