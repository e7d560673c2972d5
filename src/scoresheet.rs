//! `new workbook PERIOD` (SPEC §11): the Excel workbook a period's scores are gathered in,
//! written from the site's own units, rubric and duties, so that once filled in and saved it
//! builds with no other step. The headers are the ones `parse::workbook` reads.
//!
//! Existing files are never overwritten. Reading the site goes through `load` and `parse`.
//! Depends on `load`, `parse`, `model`, `diag`, `error`; writes with rust_xlsxwriter.

use crate::diag::Diagnostics;
use crate::error::{write_err, Error, Result};
use crate::load::WORKBOOK_NAME;
use crate::model::{Per, Period, Rubric, Tenths, Unit};
use crate::parse::workbook::*;
use rust_xlsxwriter::{Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Rows below the units that the detail sheets prepare (with their drop-down lists).
const DETAIL_ROWS: u32 = 200;

/// A duty as the workbook shows it.
struct Duty {
    header: String,
    text: String,
    id: String,
    per: Per,
    at_least: u32,
    mechanism: String,
}

/// `new workbook PERIOD`: write `content/scorecards/<period>/考核评分表.xlsx` and return its
/// path. `Ok(None)` when the site's units, rubric or mechanisms have content errors (in
/// `diags`). Units that already have a YAML scorecard for the period are left out (a unit is
/// scored in one place), and the instructions sheet says so.
pub fn new_workbook(site: &Path, period: &str, diags: &mut Diagnostics) -> Result<Option<PathBuf>> {
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::NotASite { path: site.to_path_buf() });
    }
    let Some(p) = Period::parse(period) else {
        return Err(Error::Other(format!("期次 \"{period}\" 无效, 应为 YYYY-H1 (上半年) 或 YYYY-H2 (下半年), 例如 2026-H1")));
    };
    let sources = crate::load::load(site, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    let dir = site.join("content").join("scorecards").join(p.to_string());
    if let Some((_, w)) = sources.workbooks.iter().find(|(q, _)| *q == p) {
        return Err(Error::Other(format!("{} 已存在, 不会覆盖它; 一个期次只用一份考核评分工作簿", w.file.path.display())));
    }
    let path = dir.join(WORKBOOK_NAME);
    if path.exists() {
        return Err(Error::Other(format!("{} 已存在, 不会覆盖它", path.display())));
    }
    let Some(crate::parse::ScoringInputs { units, rubric, mechanisms, .. }) = crate::parse::scoring_inputs(&sources, p, diags)? else {
        return Ok(None);
    };
    if units.is_empty() {
        return Err(Error::Other("单位名录 content/units.yaml 中还没有单位".into()));
    }
    // Broken or unfinished scorecards are `check`'s business; a unit with one, read or named by
    // its file (`<unit>.yaml`), is scored there already.
    let scored: Vec<String> = sources
        .scorecards
        .iter()
        .filter(|(q, _)| *q == p)
        .filter_map(|(_, f)| {
            let read = crate::parse::scorecard(f, p, &mut Diagnostics::new()).map(|s| s.unit.value.to_string());
            read.or_else(|| f.path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        })
        .collect();
    // Units set up later or abolished before the half-year have no row.
    let (listed, left_out): (Vec<&Unit>, Vec<&Unit>) = units.iter().filter(|u| u.assessed_in(p)).partition(|u| !scored.contains(&u.id.to_string()));
    if listed.is_empty() {
        return Err(Error::Other(format!("{} 的每个单位都已有 YAML 考核表, 不需要工作簿", p.label())));
    }
    let mut duties: Vec<Duty> = mechanisms
        .iter()
        .flat_map(|m| {
            m.requirements.iter().map(|r| Duty {
                header: r.text.clone(),
                text: r.text.clone(),
                id: r.id.value.to_string(),
                per: r.per,
                at_least: r.at_least,
                mechanism: m.title.clone(),
            })
        })
        .collect();
    // A header reads back as the first duty with that text: a shared text is headed by the id.
    for i in 0..duties.len() {
        if duties.iter().filter(|d| d.text == duties[i].text).count() > 1 {
            duties[i].header = duties[i].id.clone();
        }
    }
    let bytes = write(p, &rubric, &listed, &left_out, &duties).map_err(|e| Error::Other(format!("无法生成考核评分工作簿: {e}")))?;
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    write_new(&path, &bytes)?;
    Ok(Some(path))
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Other(format!("{} 已存在, 不会覆盖它", path.display())));
        }
        Err(e) => return Err(write_err(path)(e)),
    };
    file.write_all(bytes).map_err(write_err(path))
}

/// A value as a header shows it: `15`, `9.5`.
fn plain(t: Tenths) -> String {
    let s = t.to_string();
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// At most `n` characters: Excel's limit on a validation's title.
fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

struct Formats {
    header: Format,
    fixed: Format,
    input: Format,
    date: Format,
    text: Format,
    /// A unit's row as a whole, past its last column.
    row: Format,
}

fn formats() -> Formats {
    let input_fill = Color::RGB(0xFFF7D6);
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xBFBFBF));
    Formats {
        header: border(Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter))
            .set_background_color(Color::RGB(0xE7E6E6)),
        // Every cell of a unit's row can be changed (or the row deleted): only the header is
        // protected, from an edit that would stop it being read.
        fixed: border(Format::new().set_align(FormatAlign::VerticalCenter)).set_unlocked(),
        input: border(Format::new().set_background_color(input_fill).set_align(FormatAlign::Center)).set_unlocked(),
        date: border(Format::new().set_background_color(input_fill).set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center)).set_unlocked(),
        text: border(Format::new().set_background_color(input_fill).set_text_wrap()).set_unlocked(),
        // A protected sheet lets a row be deleted only when every cell of it is unlocked, to the
        // last column (LibreOffice and Excel both ask this): the row's own format unlocks them.
        row: Format::new().set_unlocked(),
    }
}

fn write(p: Period, rubric: &Rubric, units: &[&Unit], left_out: &[&Unit], duties: &[Duty]) -> std::result::Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let last = units.len() as u32;

    let ws = wb.add_worksheet();
    ws.set_name("评分")?;
    let mut headers: Vec<(String, f64)> = vec![(UNIT_CODE.into(), 18.0), (UNIT_NAME.into(), 28.0)];
    headers.extend(rubric.indicators.iter().map(|i| (format!("{}({})", i.name, plain(i.max)), 12.0)));
    headers.push((SATISFACTION.into(), 9.0));
    headers.extend(duties.iter().map(|d| (d.header.clone(), 16.0)));
    headers.extend([(ASSESSED_ON.into(), 12.0), (ASSESSOR.into(), 20.0), (COMMENT.into(), 40.0)]);
    header_row(ws, p, &headers, &f.header)?;
    // Tall enough for the longest wrapped header (about one character per 1.8 width units).
    let lines = headers.iter().map(|(h, w)| (h.chars().count() as f64 * 1.8 / w).ceil()).fold(2.0, f64::max);
    ws.set_row_height(0, (lines * 15.0 + 6.0).min(120.0))?;
    for (r, u) in units.iter().enumerate() {
        let r = r as u32 + 1;
        // Room to write a score by hand on a printed form.
        ws.set_row_height(r, 21)?;
        ws.set_row_format(r, &f.row)?;
        ws.write_string_with_format(r, 0, u.id.as_str(), &f.fixed)?;
        ws.write_string_with_format(r, 1, &u.name, &f.fixed)?;
        for c in 2..headers.len() as u16 {
            let format = match headers[c as usize].0.as_str() {
                ASSESSED_ON => &f.date,
                ASSESSOR | COMMENT => &f.text,
                _ => &f.input,
            };
            ws.write_blank(r, c, format)?;
        }
    }
    let mut col: u16 = 2;
    for ind in &rubric.indicators {
        let max = ind.max.to_f64();
        let v = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, max))
            .set_input_title(clip(&ind.name, 30))?
            .set_input_message(format!("满分 {}，填 0 到 {} 之间的得分，最多一位小数。", plain(ind.max), plain(ind.max)))?
            .set_error_title("得分超出范围")?
            .set_error_message(format!("“{}”的得分应在 0 到 {} 之间。", ind.name, plain(ind.max)))?;
        ws.add_data_validation(1, col, last, col, &v)?;
        col += 1;
    }
    let v = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_input_title("群众满意度（可不填）")?
        .set_input_message("填百分数的数值，例如 92.4 表示 92.4%；没有测评可留空。")?
        .set_error_title("满意度超出范围")?
        .set_error_message("满意度应在 0 到 100 之间。")?;
    ws.add_data_validation(1, col, last, col, &v)?;
    col += 1;
    for d in duties {
        let per = if d.per == Per::HalfYear { "每半年" } else { "每年" };
        let v = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 1000))
            .set_input_title("本期完成次数")?
            .set_input_message(clip(&format!("{}：{per}至少 {} 次。填本期完成的次数，未完成填 0 或留空。", d.text, d.at_least), 250))?
            .set_error_title("应为整数")?
            .set_error_message("完成次数应为不小于 0 的整数。")?;
        ws.add_data_validation(1, col, last, col, &v)?;
        col += 1;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.set_active(true);
    // The header, and rows below the units, cannot be typed in, and no row can be inserted (a
    // blank row would end the table): without a password, so the office can lift it (审阅 →
    // 撤销工作表保护). Rows can still be deleted, columns widened, rows heightened.
    ws.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        delete_rows: true,
        ..ProtectionOptions::default()
    });
    // A wide sheet prints on two pages across, the unit's code and name on each.
    if headers.len() > 12 {
        ws.set_print_fit_to_pages(2, 0);
        ws.set_repeat_columns(0, 1)?;
    }

    let names = Formula::new(format!("=评分!$B$2:$B${}", last + 1));
    let unit_list = DataValidation::new()
        .allow_list_formula(names)
        .set_input_title("单位")?
        .set_input_message("从下拉列表中选择单位。")?
        .set_error_title("单位不在评分表中")?
        .set_error_message("请从下拉列表中选择评分表中的单位。")?;
    let points = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThan(0.0))
        .set_error_title("分值应大于 0")?
        .set_error_message("分值填正数，最多一位小数。")?;
    for (name, bonus) in [(DEDUCTIONS, false), (BONUS, true)] {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let mut headers: Vec<(String, f64)> = vec![(UNIT_NAME.into(), 28.0), (POINTS.into(), 8.0), (REASON.into(), 50.0), (CASE.into(), 28.0)];
        if bonus {
            headers.push((MODEL.into(), 28.0));
        }
        header_row(ws, p, &headers, &f.header)?;
        ws.add_data_validation(1, 0, DETAIL_ROWS, 0, &unit_list)?;
        ws.add_data_validation(1, 1, DETAIL_ROWS, 1, &points)?;
        ws.set_freeze_panes(1, 0)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(VETO)?;
    header_row(ws, p, &[(UNIT_NAME.into(), 28.0), (REASON.into(), 60.0)], &f.header)?;
    ws.add_data_validation(1, 0, DETAIL_ROWS, 0, &unit_list)?;
    ws.set_freeze_panes(1, 0)?;

    let ws = wb.add_worksheet();
    ws.set_name(INSTRUCTIONS)?;
    instructions(ws, p, rubric, left_out, duties)?;
    wb.save_to_buffer()
}

/// The header of a sheet, and its print setup: A4 landscape, one page wide, the header
/// repeated on every page; atop each printed page the half-year and the sheet (a form handed
/// round on paper says what it is), at its foot the page number.
fn header_row(ws: &mut Worksheet, p: Period, headers: &[(String, f64)], format: &Format) -> std::result::Result<(), XlsxError> {
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, format)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!("&C&\"-,Bold\"{}纪律作风建设考核评分表 · {}", p.label(), ws.name()));
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

fn instructions(ws: &mut Worksheet, p: Period, rubric: &Rubric, left_out: &[&Unit], duties: &[Duty]) -> std::result::Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let heading = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    const WIDTH: f64 = 72.0;
    ws.set_column_width(0, WIDTH)?;
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    // A line with no format stays empty.
    let mut lines: Vec<(String, Option<&Format>)> = vec![(format!("{}纪律作风建设考核评分表 · 填表说明", p.label()), Some(&title)), (String::new(), None)];
    let mut say = |text: String| lines.push((text, Some(&wrap)));
    say("一、“评分”表每行一个单位，单位代码和单位名称已经填好，请不要修改。本期未报送的单位，删除它的整行（右键单击左侧的行号，选“删除行”）；只清除内容会留下空行，表中不要留空行（读到单位一栏为空的行即停止）。表头设了保护，不能修改，也不能插入行；保护没有密码，确需调整时可在“审阅”中撤销工作表保护。".into());
    say("二、各项指标得分填 0 到满分之间的数，最多一位小数，满分写在表头的括号中。得分不能留空：留空的单元格在检查时报“尚未填写”，不会按 0 分计算。".into());
    say("三、“满意度”填百分数的数值（例如 92.4 表示 92.4%），没有测评可以留空。".into());
    say("四、履职要求各列填本期完成的次数，留空按 0 次计。每年一次的要求在下半年按全年（上半年加下半年）的次数判断。".into());
    say("五、“考评日期”“考评组”“考评意见”可以不填。".into());
    say(format!(
        "六、“扣分”“加分”表每项一行：从下拉列表选择单位，填分值（正数，最多一位小数）和事由；相关的典型案例可在“案例”一栏填它的标识（案例的文件名，如 fx-court-banquet），加分引用的先进典型填在“典型”一栏。加分合计最多计 {} 分。",
        plain(rubric.bonus_cap)
    ));
    say(format!("七、“一票否决”表每个被否决的单位一行，写明事由；被否决的单位等次定为“{}”，排在未被否决的单位之后。", rubric.veto_grade));
    say("八、只读取“评分”（第一个工作表）“扣分”“加分”“一票否决”四个工作表，请不要给它们改名，也不要另建工作表记录扣分、加分：其他工作表中的内容不计入考核结果。".into());
    say(format!(
        "九、填好后保存为 Excel 工作簿（.xlsx），放在站点的 content/scorecards/{p}/ 目录中（一个期次只放一份工作簿），然后运行 zhengfeng check 检查；有错误时，提示会指出工作表和单元格，例如 考核评分表.xlsx:评分!D7。"
    ));
    if !left_out.is_empty() {
        let names: Vec<&str> = left_out.iter().map(|u| u.name.as_str()).collect();
        say(format!("十、以下单位本期已有 YAML 考核表，未列入本表（每个单位每期只能在一处评分）：{}。", names.join("、")));
    }
    lines.push((String::new(), None));
    lines.push(("考核指标".into(), Some(&heading)));
    for i in &rubric.indicators {
        let group = i.group.as_deref().map(|g| format!("，属于“{g}”")).unwrap_or_default();
        lines.push((format!("{}（标识 {}）：满分 {}{group}", i.name, i.id.value, plain(i.max)), Some(&wrap)));
    }
    if !duties.is_empty() {
        lines.push((String::new(), None));
        lines.push(("履职要求".into(), Some(&heading)));
        for d in duties {
            let per = if d.per == Per::HalfYear { "每半年" } else { "每年" };
            lines.push((format!("{}（标识 {}）：{per}至少 {} 次，出自《{}》", d.text, d.id, d.at_least, d.mechanism), Some(&wrap)));
        }
    }
    for (r, (text, format)) in lines.iter().enumerate() {
        if let Some(f) = format {
            ws.write_string_with_format(r as u32, 0, text, f)?;
            // Rows are sized here: not every spreadsheet program grows a wrapped row by itself.
            let lines = (text.chars().count() as f64 * 1.8 / WIDTH).ceil().max(1.0);
            ws.set_row_height(r as u32, lines * 16.0 + 4.0)?;
        }
    }
    Ok(())
}
