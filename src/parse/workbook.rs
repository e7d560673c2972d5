//! Scores from a period's Excel workbook (SPEC §11): the first sheet's table, read by its
//! header text, and the optional `扣分`, `加分` and `一票否决` sheets, made into the same
//! `Scorecard` values a YAML file gives, so that validation, evaluation, pages and exports treat
//! both alike. Every value is read by the rules of §3, and every problem is reported at its
//! cell (the workbook's listing maps positions to cells).
//!
//! Unlike a YAML scorecard, a workbook names its indicators, duties and units in words, so it
//! is read against the rubric, the mechanisms' requirements and the unit list.

use super::fields::id_error;
use crate::diag::{suggest, Diagnostics};
use crate::model::*;
use crate::source::{column_name, Pos, SourceFile};
use crate::workbook::{number_text, Cell, Sheet, Workbook};
use crate::yaml::{parse_tenths, Spanned, TenthsError, UNFILLED};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// What a workbook is read against.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub period: Period,
    pub rubric: &'a Rubric,
    pub units: &'a [Unit],
    /// Every duty of the mechanisms: its id and its text.
    pub requirements: &'a [(Id, String)],
    /// For each of `requirements`, whether it is judged in this half-year (its mechanism in
    /// force by the half-year's end, and not added for a later one).
    pub due: &'a [bool],
    /// Whether a later half-year exists: this workbook is a closed record, and a unit's name in
    /// it may be the name the unit had then.
    pub closed: bool,
    /// The names the score sheet gives units under another name in the register (a unit renamed
    /// since), with their codes: the detail sheets may name them so too.
    pub earlier_names: &'a [(String, Id)],
    /// The titles of the cases and of the models, with their ids: a title written where an id
    /// goes is told whose it is.
    pub case_titles: &'a [(String, Id)],
    pub model_titles: &'a [(String, Id)],
    /// Whether units of this half-year are scored in YAML files too: then the assessment has
    /// begun, and a workbook with no score in it is not "not begun".
    pub scored_in_yaml: bool,
}

/// The sheets of details, by name.
pub const DEDUCTIONS: &str = "扣分";
pub const BONUS: &str = "加分";
pub const VETO: &str = "一票否决";
/// The instructions `new workbook` writes: for people, never read.
pub const INSTRUCTIONS: &str = "填表说明";

/// Header texts, as `new workbook` writes them and a reader finds them.
pub const UNIT_CODE: &str = "单位代码";
pub const UNIT_NAME: &str = "单位";
pub const SATISFACTION: &str = "满意度";
pub const COMMENT: &str = "考评意见";
pub const ASSESSED_ON: &str = "考评日期";
pub const ASSESSOR: &str = "考评组";
pub const POINTS: &str = "分值";
pub const REASON: &str = "事由";
pub const CASE: &str = "案例";
pub const MODEL: &str = "典型";

/// What a column of a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Code,
    Name,
    /// The indicator at this index of the rubric.
    Score(usize),
    Satisfaction,
    Comment,
    AssessedOn,
    Assessor,
    /// The duty at this index of `Context::requirements`.
    Requirement(usize),
    Points,
    Reason,
    Case,
    Model,
    /// A column a reader may keep for itself (`序号`).
    Ignored,
}

/// A table: its header row and the role of each column.
struct Table<'s> {
    sheet: &'s Sheet,
    header_row: u32,
    columns: Vec<(u32, Role)>,
}

impl Table<'_> {
    fn col(&self, role: Role) -> Option<u32> {
        self.columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }

    /// The rows of the table: from below the header to the first row whose unit cells are all
    /// empty.
    fn rows(&self) -> std::ops::Range<u32> {
        let units: Vec<u32> = [Role::Code, Role::Name].into_iter().filter_map(|r| self.col(r)).collect();
        let first = self.header_row + 1;
        let end = (first..self.sheet.rows().end).find(|&r| units.iter().all(|&c| self.sheet.get(r, c).is_empty())).unwrap_or(self.sheet.rows().end);
        first..end.max(first)
    }
}

/// Every scorecard the workbook holds. A workbook with errors yields what could be read; its
/// every problem is in `diags`.
pub fn scorecards(wb: &Workbook, cx: &Context, diags: &mut Diagnostics) -> Vec<Scorecard> {
    let file: &SourceFile = &wb.file;
    let Some(sheet) = wb.sheets.first().filter(|s| s.width > 0) else {
        diags.error(file, Pos::new(0, 0), "工作簿的第一个工作表是空的: 应在其中填写各单位的得分").help =
            Some("第一行是表头 (单位代码、单位、各项指标……), 其下每个单位一行; 可运行 zhengfeng new workbook 生成模板".into());
        return Vec::new();
    };
    // The score sheet moved behind another (a drag of its tab): said so, rather than reading,
    // say, 扣分 as the scores and finding no indicator in it.
    // (A workbook with no other sheet is read as it is: the first sheet may have any name.)
    let detail = |name: &str| [DEDUCTIONS, BONUS, VETO, INSTRUCTIONS].contains(&name.trim());
    if let Some(scores) = wb.sheets.iter().find(|s| !detail(&s.name)).filter(|_| detail(&sheet.name)) {
        let d = diags.error(file, Pos::new(0, 0), format!("工作簿的第一个工作表是\"{}\", 应是填写各单位得分的评分表", sheet.name.trim()));
        d.help = Some(format!("把工作表\"{}\"拖到最前面 (第一个), 再保存", scores.name));
        return Vec::new();
    }
    unread_sheets(wb, file, diags);
    let Some(table) = table(sheet, file, &|key| main_role(key, cx), diags) else { return Vec::new() };
    let mut complete = true;
    for (i, ind) in cx.rubric.indicators.iter().enumerate() {
        if table.col(Role::Score(i)).is_none() {
            let d = diags.error(file, header_pos(&table), format!("评分表缺少指标 \"{}\" 一列", ind.name));
            d.help = Some(format!("每项指标一列, 表头写指标名称或标识, 可加满分, 例如 {}({})", ind.name, plain(ind.max)));
            complete = false;
        }
    }
    // A workbook made before a duty was added has no column for it: every unit would count 0
    // for it, unmet, without a word.
    for (i, (id, text)) in cx.requirements.iter().enumerate() {
        if cx.due.get(i) == Some(&true) && table.col(Role::Requirement(i)).is_none() {
            let d = diags.warning(file, header_pos(&table), format!("评分表没有履职要求 \"{text}\" ({id}) 一列, 各单位本期都会按完成 0 次、未完成计"));
            d.help = Some(format!("工作簿可能生成于这项要求加入之前: 在评分表中加一列, 表头写 {id} 或要求的内容, 填写各单位本期完成的次数"));
        }
    }
    for &(c, role) in &table.columns {
        let header = squash(&sheet.get(table.header_row, c).display());
        let (Role::Score(i), (_, Some(max))) = (role, split_max(&header)) else { continue };
        let ind = &cx.rubric.indicators[i];
        if parse_tenths(&halfwidth(max)).ok() != Some(ind.max.0) {
            diags.warning(file, sheet.pos(table.header_row, c), format!("表头中的满分 {max} 与指标体系不符: \"{}\" 满分为 {}", ind.name, plain(ind.max))).help =
                Some("得分按指标体系的满分检查; 请改正表头, 或用 zhengfeng new workbook 重新生成模板".into());
        }
    }
    let rows = table.rows();
    later_rows(&table, rows.end, cx.units, file, diags);
    // A workbook just made by `new workbook`, no score in it yet: the half-year's assessment
    // has not begun, and the rest of the site is published meanwhile.
    let score_cols: Vec<u32> = table.columns.iter().filter_map(|(c, r)| matches!(r, Role::Score(_)).then_some(*c)).collect();
    if !cx.scored_in_yaml && !rows.is_empty() && !score_cols.is_empty() && rows.clone().all(|row| score_cols.iter().all(|c| sheet.get(row, *c).is_empty())) {
        let d = diags.warning(file, sheet.pos(rows.start, score_cols[0]), format!("{}的考核评分表还没有填写任何得分, 本期结果暂不发布", cx.period.label()));
        d.help = Some("填写期间照常构建, 站点的其他内容照常发布; 各单位的得分都填好后, 本期结果随下一次构建发布".into());
        return Vec::new();
    }

    let mut cards: Vec<Scorecard> = Vec::new();
    // Every unit with a row, and its scorecard when the row could be read.
    let mut by_unit: HashMap<Id, Option<usize>> = HashMap::new();
    let mut earlier_names: Vec<(String, Id)> = Vec::new();
    for row in rows {
        let unit = unit(&table, row, cx, file, diags);
        if let Some(u) = &unit {
            by_unit.entry(u.value.clone()).or_insert(None);
            let written = table.col(Role::Name).and_then(|c| text(sheet.get(row, c)));
            let listed = cx.units.iter().find(|x| x.id == u.value).map(|x| squash(&x.name));
            if let (Some(name), Some(listed)) = (written, listed) {
                if squash(&name) != listed {
                    earlier_names.push((name, u.value.clone()));
                }
            }
        }
        if let Some(card) = card(&table, row, unit, cx, &wb.file, diags) {
            by_unit.insert(card.unit.value.clone(), Some(cards.len()));
            cards.push(card);
        }
    }
    // A unit code mistyped in the first sheet is reported at its cell when the site is checked;
    // until then the rows of 扣分 or 加分 for the unit meant find no scores, and saying so here
    // would stop the run with that error, on another sheet, instead of the mistyped cell.
    let mistyped = !cx.units.is_empty() && by_unit.keys().any(|id| !cx.units.iter().any(|u| &u.id == id));
    let by_unit = Scored { rows: by_unit, mistyped };
    let cx = &Context { earlier_names: &earlier_names, ..*cx };
    for (name, bonus) in [(DEDUCTIONS, false), (BONUS, true)] {
        let Some(sheet) = wb.sheet(name) else { continue };
        for (unit, adjustment) in adjustments(sheet, bonus, cx, file, diags) {
            if let Some(card) = scored(&by_unit, &unit, name, file, diags).map(|i| &mut cards[i]) {
                if bonus { card.bonus.push(adjustment) } else { card.deductions.push(adjustment) }
            }
        }
    }
    if let Some(sheet) = wb.sheet(VETO) {
        let mut vetoed: HashMap<Id, Pos> = HashMap::new();
        for (unit, reason) in vetoes(sheet, cx, file, diags) {
            if let Some(first) = vetoed.insert(unit.value.clone(), unit.pos) {
                let d = diags.error(file, unit.pos, format!("单位 \"{}\" 已有一票否决", unit.value));
                d.help = Some(format!("见 {}; 每个单位只记一条一票否决, 多项事由请写在同一格中", file.location(first)));
            } else if let Some(i) = scored(&by_unit, &unit, VETO, file, diags) {
                cards[i].veto = Some(reason);
            }
        }
    }
    if complete { cards } else { Vec::new() }
}

/// The units of the first sheet: each one's scorecard when its row could be read, and whether
/// a row names a unit the site does not have.
struct Scored {
    rows: HashMap<Id, Option<usize>>,
    mistyped: bool,
}

/// The index of the scorecard of the unit a detail sheet's row names: an error when the first
/// sheet gives the unit no row (unless a unit code there is mistyped: that comes first), nothing
/// more when its row had errors of its own.
fn scored(by_unit: &Scored, unit: &Spanned<Id>, sheet: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<usize> {
    let Some(found) = by_unit.rows.get(&unit.value) else {
        if by_unit.mistyped {
            return None;
        }
        let d = diags.error(file, unit.pos, format!("\"{sheet}\"表中的单位 \"{}\" 在评分表中没有得分", unit.value));
        d.help = Some("扣分、加分和一票否决只能记给评分表 (第一个工作表) 中有一行得分的单位".into());
        return None;
    };
    *found
}

/// Sheets other than the scores and the three detail sheets are not read. Whatever one holds
/// would be left out in silence, so it is a warning naming the sheets that are read; and a
/// sheet with rows under a detail sheet's header (扣分 renamed 扣分情况, a 加分项 sheet) is an
/// error, for its deductions, bonuses or vetoes would be missing from the results. Empty sheets
/// (Excel's Sheet2, Sheet3) and the instructions say nothing.
fn unread_sheets(wb: &Workbook, file: &SourceFile, diags: &mut Diagnostics) {
    let Some(first) = wb.sheets.first() else { return };
    let known: Vec<&Sheet> = [DEDUCTIONS, BONUS, VETO, INSTRUCTIONS].iter().filter_map(|n| wb.sheet(n)).chain([first]).collect();
    let names = format!("第一个工作表 (评分表 \"{}\") 和 \"{DEDUCTIONS}\"、\"{BONUS}\"、\"{VETO}\"", first.name.trim());
    for sheet in &wb.sheets {
        if sheet.width == 0 || known.iter().any(|k| std::ptr::eq(*k, sheet)) {
            continue;
        }
        let name = sheet.name.trim();
        match like_detail(sheet) {
            Some((pos, like)) => {
                let d = diags.error(file, pos, format!("工作表 \"{name}\" 没有读取, 但它像是\"{}\"表: 其中各行不会计入考核结果", like.join("\"或\"")));
                d.help = Some(match like.as_slice() {
                    [one] if wb.sheet(one).is_none() => format!("只读取名为 \"{one}\" 的工作表: 把这个工作表改名为 \"{one}\" (右键单击工作表标签 → 重命名)"),
                    [one] => format!("工作簿中已有 \"{one}\" 表: 把这里的各行移到 \"{one}\" 表中, 再删除这个工作表"),
                    _ => format!("扣分记在名为 \"{DEDUCTIONS}\" 的工作表中, 加分记在 \"{BONUS}\" 中: 把这个工作表改名, 或把其中各行移到相应的工作表"),
                });
            }
            None => {
                let d = diags.warning(file, sheet.pos(sheet.top, sheet.left), format!("工作表 \"{name}\" 没有读取: 只读取{names}"));
                d.help = Some("其中若有要计入考核的内容, 请移到上述工作表中; 只作参考的工作表可以保留, 或移到另一个文件".into());
            }
        }
    }
}

/// Whether a sheet holds rows under the header of a detail sheet: the header's position and
/// the sheets it may be meant as (by its name when that says, else by its columns).
fn like_detail(sheet: &Sheet) -> Option<(Pos, Vec<&'static str>)> {
    let key = |r: u32, c: u32| squash(&sheet.get(r, c).display());
    let unit_col = |r: u32| sheet.cols().find(|&c| matches!(common_role(&key(r, c)), Some(Role::Code | Role::Name)));
    let (row, col) = sheet.rows().find_map(|r| unit_col(r).map(|c| (r, c)))?;
    let has = |h: &str| sheet.cols().any(|c| key(row, c) == h);
    if !has(REASON) || !(row + 1..sheet.rows().end).any(|r| sheet.cols().any(|c| !sheet.get(r, c).is_empty())) {
        return None;
    }
    let name = &sheet.name;
    let like = if name.contains("否决") {
        vec![VETO]
    } else if !has(POINTS) {
        return None;
    } else if name.contains('扣') {
        vec![DEDUCTIONS]
    } else if name.contains('加') || has(MODEL) {
        vec![BONUS]
    } else {
        vec![DEDUCTIONS, BONUS]
    };
    Some((sheet.pos(row, col), like))
}

/// Whether a header names this column's role in the first sheet.
fn main_role(key: &str, cx: &Context) -> Option<Role> {
    if let Some(r) = common_role(key) {
        return Some(r);
    }
    let (bare, _) = split_max(key);
    for (i, ind) in cx.rubric.indicators.iter().enumerate() {
        if [key, bare].iter().any(|k| *k == squash(&ind.name) || *k == ind.id.value.as_str()) {
            return Some(Role::Score(i));
        }
    }
    // `满意度(%)` is 满意度.
    match bare {
        SATISFACTION | "群众满意度" => return Some(Role::Satisfaction),
        COMMENT => return Some(Role::Comment),
        ASSESSED_ON => return Some(Role::AssessedOn),
        ASSESSOR => return Some(Role::Assessor),
        _ => {}
    }
    cx.requirements.iter().position(|(id, text)| key == id.as_str() || key == squash(text)).map(Role::Requirement)
}

/// The headers every table shares.
fn common_role(key: &str) -> Option<Role> {
    match key {
        UNIT_CODE => Some(Role::Code),
        UNIT_NAME | "单位名称" => Some(Role::Name),
        "序号" => Some(Role::Ignored),
        _ => None,
    }
}

/// Header text compared without spaces or line breaks: a header cell often wraps.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `领导责任落实(15)` -> (`领导责任落实`, Some(`15`)); full-width brackets and `15分` too.
fn split_max(key: &str) -> (&str, Option<&str>) {
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = key.strip_suffix(close) {
            if let Some(at) = inner.rfind(open) {
                let max = &inner[at + open.len_utf8()..];
                let max = max.strip_prefix("满分").unwrap_or(max);
                let max = max.strip_suffix('分').unwrap_or(max);
                if !max.is_empty() {
                    return (&inner[..at], Some(max));
                }
            }
        }
    }
    (key, None)
}

/// Find a sheet's header row (the first with a `单位代码` or `单位` cell) and give each column
/// its role; a header that names nothing is a warning, a role given twice an error.
fn table<'s>(sheet: &'s Sheet, file: &SourceFile, role_of: &dyn Fn(&str) -> Option<Role>, diags: &mut Diagnostics) -> Option<Table<'s>> {
    let key = |r: u32, c: u32| squash(&sheet.get(r, c).display());
    let header_row = sheet.rows().find(|&r| sheet.cols().any(|c| matches!(common_role(&key(r, c)), Some(Role::Code | Role::Name))));
    let Some(header_row) = header_row else {
        let d = diags.error(file, sheet.pos(sheet.top, sheet.left), format!("工作表 \"{}\" 中找不到表头: 应有一列的标题为 \"{UNIT_CODE}\" 或 \"{UNIT_NAME}\"", sheet.name));
        d.help = Some("表头一行写各列的标题 (单位代码、单位、各项指标……), 其下每个单位一行".into());
        return None;
    };
    let mut columns: Vec<(u32, Role)> = Vec::new();
    for c in sheet.cols() {
        let cell = sheet.get(header_row, c);
        if cell.is_empty() {
            continue;
        }
        let k = key(header_row, c);
        let pos = sheet.pos(header_row, c);
        match role_of(&k) {
            None => {
                let d = diags.warning(file, pos, format!("不认识的表头 \"{}\", 这一列没有读取", cell.display().trim()));
                d.help = Some("表头应为单位代码、单位、考核指标的名称、满意度、考评意见、考评日期、考评组或履职要求; 请检查是否写错".into());
            }
            Some(Role::Ignored) => {}
            Some(role) => match columns.iter().find(|(_, r)| *r == role) {
                Some((first, _)) => {
                    diags.error(file, pos, format!("\"{}\" 一列重复: {} 列已是同一内容", cell.display().trim(), column_name(*first))).help =
                        Some("每项内容只能有一列; 请删除或改正其中一列".into());
                }
                None => columns.push((c, role)),
            },
        }
    }
    Some(Table { sheet, header_row, columns })
}

/// The position of a table's unit header, for problems with the table as a whole.
fn header_pos(t: &Table) -> Pos {
    let col = t.col(Role::Code).or(t.col(Role::Name)).unwrap_or(t.sheet.left);
    t.sheet.pos(t.header_row, col)
}

/// A unit's scores below the row that ended the table would be lost, and so would those of the
/// row itself when only its unit was left out: an error, so that no unit's scores, deduction or
/// bonus is left out of a published result (a blank row put in to group the units does this).
fn later_rows(t: &Table, end: u32, known: &[Unit], file: &SourceFile, diags: &mut Diagnostics) {
    let units: Vec<u32> = [Role::Code, Role::Name].into_iter().filter_map(|r| t.col(r)).collect();
    // What is a unit's data: a score, a count, points. Text alone below a table (填表人：张三,
    // a note) is not, and may stay there.
    let numbers: Vec<u32> = t
        .columns
        .iter()
        .filter(|(_, r)| matches!(r, Role::Score(_) | Role::Satisfaction | Role::Requirement(_) | Role::Points))
        .map(|(c, _)| *c)
        .collect();
    let filled = |r: u32, cols: &[u32]| cols.iter().copied().find(|&c| !t.sheet.get(r, c).is_empty());
    let names_a_unit = |r: u32| {
        units.iter().any(|&c| {
            let text = squash(&t.sheet.get(r, c).display());
            !text.is_empty() && known.iter().any(|u| squash(u.id.as_str()) == text || squash(&u.name) == text)
        })
    };
    if let (Some(&unit_col), Some(_)) = (units.first(), filled(end, &numbers)) {
        let d = diags.error(file, t.sheet.pos(end, unit_col), format!("这一行填了内容, 但单位一栏为空: \"{}\"表到此结束, 这一行和其后各行没有读取", t.sheet.name));
        d.help = Some("填写这一行的单位代码或单位名称: 表中不能有缺少单位的行".into());
        return;
    }
    let lost = (end + 1..t.sheet.rows().end).find(|&r| filled(r, &units).is_some() && (names_a_unit(r) || filled(r, &numbers).is_some()));
    if let Some(r) = lost {
        let c = filled(r, &units).unwrap_or(t.sheet.left);
        let d = diags.error(file, t.sheet.pos(r, c), format!("这一行没有读取: \"{}\"表在第 {} 行结束 (单位一栏为空)", t.sheet.name, end + 1));
        d.help = Some("表中不能有空行: 删除第 {} 行, 让各行连续排列".replace("{}", &(end + 1).to_string()));
    }
}

/// The unit a row names: by its code, else by its name as in units.yaml; with both, the name
/// must be the code's.
fn unit(t: &Table, row: u32, cx: &Context, file: &SourceFile, diags: &mut Diagnostics) -> Option<Spanned<Id>> {
    let cols = [Role::Code, Role::Name].map(|r| t.col(r));
    // Both cells are looked at, so that each is reported.
    if cols.iter().flatten().fold(false, |any, &c| unfinished(t.sheet, row, c, file, diags) | any) {
        return None;
    }
    let code = t.col(Role::Code).map(|c| (t.sheet.get(row, c), t.sheet.pos(row, c)));
    let name = t.col(Role::Name).map(|c| (t.sheet.get(row, c), t.sheet.pos(row, c)));
    let name = name.filter(|(cell, _)| !cell.is_empty()).map(|(cell, pos)| (cell.display().trim().to_string(), pos));
    if let Some((cell, pos)) = code.filter(|(cell, _)| !cell.is_empty()) {
        let text = cell.display().trim().to_string();
        let Some(id) = Id::parse(&text) else {
            id_error(file, pos, &text, diags);
            if let Some(u) = cx.units.iter().find(|u| squash(&u.name) == squash(&text)) {
                diags.error(file, pos, format!("这是单位名称; \"{}\" 的单位代码是 {}", u.name, u.id)).help =
                    Some(format!("\"{UNIT_CODE}\"一栏填 units.yaml 中的 id, 单位名称填在\"{UNIT_NAME}\"一栏"));
            }
            return None;
        };
        if let (Some((name, name_pos)), Some(u)) = (&name, cx.units.iter().find(|u| u.id == id)) {
            // Reported, and the row still read as the code's: its other cells are checked too.
            // Another unit's name now is no old name of this one: a row's code or name mistyped
            // (two rows' codes swapped), in any half-year.
            let anothers = cx.units.iter().any(|x| x.id != id && squash(&x.name) == squash(name));
            if squash(name) != squash(&u.name) && cx.closed && !anothers {
                // A record of a half-year already over keeps the name the unit had then.
                let d = diags.warning(file, *name_pos, format!("单位名称 \"{name}\" 与单位代码 {id} 在单位名录中的名称 \"{}\" 不同", u.name));
                d.help = Some(format!("{}已结束, 按单位代码 {id} 计分; 若单位已更名, 无须改动这份记录, 否则请改正单位代码", cx.period.label()));
            } else if squash(name) != squash(&u.name) {
                let d = diags.error(file, *name_pos, format!("单位名称 \"{name}\" 与单位代码 {id} 不符"));
                d.help = Some(format!("单位名录中 {id} 是 \"{}\"; 请改正单位代码或单位名称", u.name));
            }
        }
        return Some(Spanned::new(id, pos));
    }
    let (name, pos) = name?;
    let found: Vec<&Unit> = cx.units.iter().filter(|u| squash(&u.name) == squash(&name)).collect();
    match found.as_slice() {
        [u] => Some(Spanned::new(u.id.clone(), pos)),
        [] if cx.earlier_names.iter().any(|(n, _)| squash(n) == squash(&name)) => {
            cx.earlier_names.iter().find(|(n, _)| squash(n) == squash(&name)).map(|(_, id)| Spanned::new(id.clone(), pos))
        }
        // A unit's code written where its name goes names it as well.
        [] if cx.units.iter().any(|u| u.id.as_str() == name) => Some(Spanned::new(Id::written(&name), pos)),
        [] => {
            let d = diags.error(file, pos, format!("单位名录中没有名为 \"{name}\" 的单位"));
            let names: Vec<&str> = cx.units.iter().map(|u| u.name.as_str()).collect();
            let or_code = if t.col(Role::Code).is_some() { ", 或在\"单位代码\"一栏填写单位的 id" } else { "" };
            d.help = Some(match suggest(&name, &names) {
                Some(s) => format!("是否应为 \"{s}\"? 单位名称须与 content/units.yaml 中的 name 一致"),
                None => format!("单位名称须与 content/units.yaml 中的 name 一致{or_code}; 若是新设立的单位, 请先把它加入 units.yaml"),
            });
            None
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|u| u.id.as_str()).collect();
            diags.error(file, pos, format!("单位名录中有 {} 个单位名为 \"{name}\"", many.len())).help =
                Some(format!("请在\"{UNIT_CODE}\"一栏写明是哪一个: {}", ids.join(", ")));
            None
        }
    }
}

/// A row of the first sheet as the scorecard of `unit` (`None` when the row's unit could not be
/// read: its cells are still checked).
fn card(t: &Table, row: u32, unit: Option<Spanned<Id>>, cx: &Context, wb_file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Scorecard> {
    let sheet = t.sheet;
    let file: &SourceFile = wb_file;
    let mut ok = true;
    let mut scores = Vec::new();
    let score_cols: Vec<(u32, usize)> = t.columns.iter().filter_map(|(c, r)| match r {
        Role::Score(i) => Some((*c, *i)),
        _ => None,
    }).collect();
    if !score_cols.is_empty() && score_cols.iter().all(|(c, _)| sheet.get(row, *c).is_empty()) {
        let d = diags.error(file, sheet.pos(row, score_cols[0].0), "这个单位的各项得分都尚未填写");
        d.help = Some("填写各项指标的得分; 如果该单位本期未报送, 删除这一行".into());
        ok = false;
    } else {
        for (c, i) in score_cols {
            let ind = &cx.rubric.indicators[i];
            let key = Spanned::new(ind.id.value.clone(), sheet.pos(t.header_row, c));
            match number(sheet, row, c, &format!("\"{}\" 得分", ind.name), file, diags) {
                Ok(Some(v)) => scores.push((key, v)),
                Ok(None) => {
                    diags.error(file, sheet.pos(row, c), format!("\"{}\" 得分尚未填写", ind.name)).help =
                        Some(format!("填写 0 到 {} 之间的得分, 最多一位小数", ind.max));
                    ok = false;
                }
                Err(()) => ok = false,
            }
        }
    }
    let mut satisfaction = None;
    let mut comment = None;
    let mut assessed_on = None;
    let mut assessor = None;
    let mut requirements = Vec::new();
    for &(c, role) in &t.columns {
        let cell = sheet.get(row, c);
        let pos = sheet.pos(row, c);
        // Numbers are checked as they are read.
        if matches!(role, Role::Comment | Role::Assessor | Role::AssessedOn | Role::Requirement(_)) && unfinished(sheet, row, c, file, diags) {
            ok = false;
            continue;
        }
        match role {
            Role::Satisfaction => match number(sheet, row, c, "满意度", file, diags) {
                Ok(Some(s)) if !(Tenths::ZERO..=Tenths(1000)).contains(&s.value) => {
                    diags.error(file, pos, format!("满意度应在 0 到 100 之间, 实际为 {}", cell.display())).help =
                        Some("满意度填百分数的数值, 例如 92.4 表示 92.4%".into());
                    ok = false;
                }
                // A cell formatted as a percentage holds 0.9 for 90%: no unit has a satisfaction
                // of 1 % or less, so such a number is the format, not the score.
                Ok(Some(s)) if matches!(cell, Cell::Number(x) if *x > 0.0 && *x <= 1.0) => {
                    let d = diags.error(file, pos, format!("满意度 {} 像是百分比格式的 {}%", cell.display(), s.value.0 * 10));
                    d.help = Some("单元格设成了百分比格式, 存的是 0.9 这样的小数; 请把格式改为常规, 填写 90 (表示 90%)".into());
                    ok = false;
                }
                Ok(s) => satisfaction = s,
                Err(()) => ok = false,
            },
            Role::Comment => comment = text(cell),
            Role::Assessor => assessor = text(cell),
            Role::AssessedOn => match date(cell) {
                Ok(d) => assessed_on = d,
                Err(()) => {
                    diags.error(file, pos, format!("考评日期 \"{}\" 无效", cell.display())).help =
                        Some("写成 2025-07-15 或 2025年7月15日, 或设为日期格式的单元格".into());
                    ok = false;
                }
            },
            Role::Requirement(i) => match count(cell) {
                Ok(None) => {}
                Ok(Some(n)) => requirements.push((Spanned::new(cx.requirements[i].0.clone(), sheet.pos(t.header_row, c)), n)),
                Err(()) => {
                    diags.error(file, pos, format!("完成次数应为不小于 0 的整数, 实际为 \"{}\"", cell.display())).help =
                        Some(format!("填写本期完成\"{}\"的次数, 未完成填 0 或留空", cx.requirements[i].1));
                    ok = false;
                }
            },
            _ => {}
        }
    }
    let unit = unit.filter(|_| ok)?;
    Some(Scorecard {
        origin: Origin { file: wb_file.clone(), id_pos: unit.pos },
        period: Spanned::new(cx.period, unit.pos),
        unit,
        folder_period: cx.period,
        assessed_on,
        assessor,
        scores,
        satisfaction,
        deductions: Vec::new(),
        bonus: Vec::new(),
        veto: None,
        requirements,
        comment,
        audience: Audience::Internal,
    })
}

/// The rows of a `扣分` or `加分` sheet: each unit with its adjustment.
fn adjustments(sheet: &Sheet, bonus: bool, cx: &Context, file: &SourceFile, diags: &mut Diagnostics) -> Vec<(Spanned<Id>, Adjustment)> {
    let role_of = |key: &str| {
        common_role(key).or(match key {
            POINTS => Some(Role::Points),
            REASON => Some(Role::Reason),
            CASE => Some(Role::Case),
            MODEL if bonus => Some(Role::Model),
            _ => None,
        })
    };
    let Some(t) = detail_table(sheet, file, &role_of, &[Role::Points, Role::Reason], diags) else { return Vec::new() };
    let what = if bonus { BONUS } else { DEDUCTIONS };
    let mut out = Vec::new();
    let rows = t.rows();
    later_rows(&t, rows.end, cx.units, file, diags);
    for row in rows {
        let unit = unit(&t, row, cx, file, diags);
        let points = t.col(Role::Points).and_then(|c| match number(sheet, row, c, &format!("{what}分值"), file, diags) {
            Ok(Some(p)) if p.value <= Tenths::ZERO => {
                diags.error(file, p.pos, format!("{what}分值应大于 0"));
                None
            }
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                diags.error(file, sheet.pos(row, c), format!("{what}分值尚未填写"));
                None
            }
            Err(()) => None,
        });
        let reason = t.col(Role::Reason).and_then(|c| reason(sheet, row, c, &format!("{what}事由"), file, diags));
        let case = cited(&t, Role::Case, row, cx, file, diags);
        let model = cited(&t, Role::Model, row, cx, file, diags);
        if let (Some(unit), Some(points), Some(reason), Some(case), Some(model)) = (unit, points, reason, case, model) {
            out.push((unit, Adjustment { points, reason, case, model }));
        }
    }
    out
}

/// The rows of the `一票否决` sheet: each unit with its reason.
fn vetoes(sheet: &Sheet, cx: &Context, file: &SourceFile, diags: &mut Diagnostics) -> Vec<(Spanned<Id>, String)> {
    let role_of = |key: &str| common_role(key).or((key == REASON).then_some(Role::Reason));
    let Some(t) = detail_table(sheet, file, &role_of, &[Role::Reason], diags) else { return Vec::new() };
    let rows = t.rows();
    later_rows(&t, rows.end, cx.units, file, diags);
    let mut out = Vec::new();
    for row in rows {
        let unit = unit(&t, row, cx, file, diags);
        let reason = t.col(Role::Reason).and_then(|c| reason(sheet, row, c, "一票否决事由", file, diags));
        if let (Some(unit), Some(reason)) = (unit, reason) {
            out.push((unit, reason));
        }
    }
    out
}

/// A detail row's reason, which cannot be left empty.
fn reason(sheet: &Sheet, row: u32, col: u32, what: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<String> {
    if unfinished(sheet, row, col, file, diags) {
        return None;
    }
    let r = text(sheet.get(row, col));
    if r.is_none() {
        diags.error(file, sheet.pos(row, col), format!("{what}尚未填写"));
    }
    r
}

/// A detail sheet's table, with the columns it cannot do without. An empty sheet is no table.
fn detail_table<'s>(sheet: &'s Sheet, file: &SourceFile, role_of: &dyn Fn(&str) -> Option<Role>, needed: &[Role], diags: &mut Diagnostics) -> Option<Table<'s>> {
    if sheet.width == 0 {
        return None;
    }
    let t = table(sheet, file, role_of, diags)?;
    let mut ok = true;
    for role in needed {
        if t.col(*role).is_none() {
            let header = if *role == Role::Points { POINTS } else { REASON };
            diags.error(file, header_pos(&t), format!("\"{}\"表缺少 \"{header}\" 一列", sheet.name));
            ok = false;
        }
    }
    ok.then_some(t)
}

/// The id of the case or model a detail row cites: `Some(None)` when the column or cell is
/// empty, `None` after an error.
fn cited(t: &Table, role: Role, row: u32, cx: &Context, file: &SourceFile, diags: &mut Diagnostics) -> Option<Option<Ref>> {
    let Some(c) = t.col(role) else { return Some(None) };
    if unfinished(t.sheet, row, c, file, diags) {
        return None;
    }
    let Some(s) = text(t.sheet.get(row, c)) else { return Some(None) };
    let pos = t.sheet.pos(row, c);
    match Id::parse(&s) {
        Some(id) => Some(Some(Spanned::new(id, pos))),
        None => {
            let (what, titles) = if role == Role::Case { ("案例", cx.case_titles) } else { ("先进典型", cx.model_titles) };
            let ids: Vec<&str> = titles.iter().filter(|(t, _)| squash(t) == squash(&s)).map(|(_, id)| id.as_str()).collect();
            diags.error(file, pos, format!("{what}标识 \"{s}\" 无效")).help = Some(if ids.is_empty() {
                format!("填写{what}的标识 (它的文件名, 去掉 .md), 不是标题")
            } else {
                format!("这是{what}的标题; 引用要写它的标识 (id): {}", ids.join(" 或 "))
            });
            None
        }
    }
}

/// Whether a cell holds what is not a value yet, and if so an error at it: the marker `待填写`
/// (SPEC §4: nothing unfinished is published), or a formula whose value was never computed.
fn unfinished(sheet: &Sheet, row: u32, col: u32, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let pos = sheet.pos(row, col);
    match sheet.get(row, col) {
        Cell::Text(t) if t.contains(UNFILLED) => {
            diags.error(file, pos, format!("尚未填写: \"{}\"", t.trim())).help =
                Some(format!("把 \"{}\" 换成实际内容; 标着 {UNFILLED} 的地方都填好以后才能发布", t.trim()));
            true
        }
        Cell::Formula(f) => {
            diags.error(file, pos, format!("单元格中的公式 ={f} 没有保存计算结果, 读不到它的值")).help = Some(
                "文件可能是由程序生成、还没有在表格软件中打开过: 用 Excel 或 WPS 打开它, 保存一次 (保存时会算出公式的值并存入文件), 再检查".into(),
            );
            true
        }
        _ => false,
    }
}

/// A decimal cell with at most one decimal place: `Ok(None)` when empty, `Err` after an error.
/// Numbers stored as text, full-width digits and a percent sign (in 满意度) read as numbers.
fn number(sheet: &Sheet, row: u32, col: u32, what: &str, file: &SourceFile, diags: &mut Diagnostics) -> Result<Option<Spanned<Tenths>>, ()> {
    if unfinished(sheet, row, col, file, diags) {
        return Err(());
    }
    let cell = sheet.get(row, col);
    let pos = sheet.pos(row, col);
    let written = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(x) => number_text(*x),
        Cell::Text(t) => {
            let t = halfwidth(t);
            t.trim().trim_end_matches('%').trim().to_string()
        }
        Cell::Error(e) => {
            diags.error(file, pos, format!("{what}: 单元格是错误值 {e}, 应为数字")).help = Some("请检查这一格的公式".into());
            return Err(());
        }
        other => {
            let d = diags.error(file, pos, format!("{what}应为数字, 实际为 \"{}\"", other.display()));
            if matches!(other, Cell::Date(_)) {
                d.help = Some("单元格设成了日期格式, 数字被显示成了日期; 请把格式改为常规或数值, 再填写分数".into());
            }
            return Err(());
        }
    };
    match parse_tenths(&written) {
        Ok(n) => Ok(Some(Spanned::new(Tenths(n), pos))),
        Err(TenthsError::TooPrecise) => {
            let d = diags.error(file, pos, format!("{what} {written} 超过一位小数"));
            d.help = Some(match cell {
                Cell::Number(x) if x.abs() < 1.0 => "最多保留一位小数; 若单元格设成了百分比格式, 请改为常规格式, 满意度填 92.4 这样的数".into(),
                _ => "分值最多保留一位小数, 例如 13.5; 单元格显示的位数可能少于实际存的数, 请检查编辑栏中的数值".into(),
            });
            Err(())
        }
        Err(TenthsError::NotANumber) => {
            let d = diags.error(file, pos, format!("{what}应为数字, 实际为 \"{}\"", cell.display().trim()));
            d.help = number_hint(&written);
            Err(())
        }
    }
}

/// What to do about a text that is not a number, when its mistake is a common one: a decimal
/// comma or a Chinese full stop for the point, or a number in Chinese characters.
fn number_hint(written: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    for sep in [",", "，", "。", "、"] {
        if let Some((a, b)) = written.split_once(sep) {
            if digits(a.trim()) && digits(b.trim()) {
                return Some(format!("小数点请用英文句点: 写成 {}.{}", a.trim(), b.trim()));
            }
        }
    }
    if !written.is_empty() && written.chars().all(|c| "零〇一二三四五六七八九十百点两".contains(c)) {
        return Some("请填写阿拉伯数字, 例如 13 或 12.5".into());
    }
    None
}

/// A cell's text, trimmed; `None` when empty.
fn text(cell: &Cell) -> Option<String> {
    Some(cell.display().trim().to_string()).filter(|s| !s.is_empty())
}

/// Full-width digits, point, signs and percent, as a Chinese input method types them, made
/// ASCII (`yaml::half_width`, and the percent sign and ideographic space a cell may hold).
fn halfwidth(s: &str) -> String {
    crate::yaml::half_width(s).replace('％', "%").replace('\u{3000}', " ")
}

/// A date cell, or a date written as text in the forms an office keyboard gives:
/// `2025-07-15`, `2025-7-5`, `2025/7/5`, `2025.7.5`, `2025年7月5日`.
fn date(cell: &Cell) -> Result<Option<NaiveDate>, ()> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(Some(d)) => Ok(Some(*d)),
        Cell::Text(t) => date_text(t).map(Some).ok_or(()),
        _ => Err(()),
    }
}

fn date_text(s: &str) -> Option<NaiveDate> {
    let s = halfwidth(s);
    // A time after the day, as some programs save it, is left out.
    let day = s.split_whitespace().next()?;
    let day = day.strip_suffix('日').unwrap_or(day);
    let parts: Vec<&str> = day.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A count of times a duty was met: `Ok(None)` when empty (it counts 0).
fn count(cell: &Cell) -> Result<Option<u32>, ()> {
    let n = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(x) if x.fract() == 0.0 && (0.0..=100_000.0).contains(x) => *x as u32,
        Cell::Text(t) => halfwidth(t).trim().parse::<u32>().map_err(|_| ())?,
        _ => return Err(()),
    };
    if n > 100_000 { Err(()) } else { Ok(Some(n)) }
}

/// A maximum as a header shows it: `15`, `9.5`.
fn plain(t: Tenths) -> String {
    let s = t.to_string();
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_may_carry_their_maximum() {
        assert_eq!(split_max("领导责任落实(15)"), ("领导责任落实", Some("15")));
        assert_eq!(split_max("领导责任落实（15分）"), ("领导责任落实", Some("15")));
        assert_eq!(split_max("领导责任落实（满分15）"), ("领导责任落实", Some("15")));
        assert_eq!(split_max("领导责任落实"), ("领导责任落实", None));
        assert_eq!(split_max("()"), ("()", None));
        assert_eq!(squash("领导责任\n落实 (15)"), "领导责任落实(15)");
    }

    #[test]
    fn office_dates_and_digits() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_text("2025-07-15"), d(2025, 7, 15));
        assert_eq!(date_text("2025年7月5日"), d(2025, 7, 5));
        assert_eq!(date_text("２０２５/7/5"), d(2025, 7, 5));
        assert_eq!(date_text("2025.7.5 00:00:00"), d(2025, 7, 5));
        assert_eq!(date_text("2025-02-30"), None);
        assert_eq!(date_text("7/5/2025"), None);
        assert_eq!(halfwidth("９２．５％"), "92.5%");
        assert_eq!(count(&Cell::Number(2.0)), Ok(Some(2)));
        assert_eq!(count(&Cell::Number(1.5)), Err(()));
        assert_eq!(count(&Cell::Number(-1.0)), Err(()));
        assert_eq!(count(&Cell::Text("３".into())), Ok(Some(3)));
    }
}
