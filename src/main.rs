//! The `zhengfeng` command: parse arguments, call the library, print diagnostics, exit
//! 0 (ok), 1 (content errors) or 2 (usage or I/O errors).

use clap::FromArgMatches;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zhengfeng::build::{self, Options};
use zhengfeng::diag::Diagnostics;
use zhengfeng::error::Result;
use zhengfeng::model::Audience;
use zhengfeng::scaffold::{self, Kind};

/// See Cargo.toml for why.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
use cli::{AudienceArg, Cli, Command, IdArg, NewCommand, SiteArg};

fn audience(a: Option<AudienceArg>) -> Option<Audience> {
    a.map(|a| match a {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    })
}

fn main() -> ExitCode {
    // mimalloc keeps freed memory for a second before it returns it to the system: longer than
    // a build, whose peak would then be the sum of all it ever freed (at 50,000 cases 1.0 GiB
    // instead of 0.8). Ten milliseconds, as mimalloc's earlier versions did.
    // `mi_option_purge_delay` in mimalloc.h (the Rust binding names no constant for it).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a plain integer option; called before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
    let matches = match cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return usage(&e),
    };
    if let Some(path) = cli::help_request(&matches) {
        return match cli::help_of(&path) {
            Some(help) => {
                print!("{help}");
                ExitCode::SUCCESS
            }
            None => {
                eprint!("错误: 没有命令 '{}'\n\n查看全部命令: zhengfeng --help\n", path[1..].join(" "));
                ExitCode::from(2)
            }
        };
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    match cli.command {
        Command::Build { site, as_of, output, audience: a, strict, quiet } => {
            build(&site.dir, Options { audience: audience(a), output, strict, as_of }, quiet)
        }
        Command::Check { site, as_of, audience: a, strict } => check(&site.dir, Options { audience: audience(a), output: None, strict, as_of }),
        Command::Snapshot { period, site, audience: a } => snapshot(&site.dir, &period, audience(a)),
        Command::Verify { site } => verify(&site.dir),
        Command::Init { dir } => init(&dir),
        Command::New { what } => new(what),
        Command::Serve { site, as_of, port, bind, audience: a } => {
            let opts = zhengfeng::serve::ServeOptions {
                site: site.dir,
                bind,
                port,
                build: Options { audience: audience(a), output: None, strict: false, as_of },
            };
            // Content errors never end the server; only the environment can.
            finish(zhengfeng::serve::serve(&opts).map(Some), &Diagnostics::new(), |_| String::new(), |()| {})
        }
    }
}

/// Help and version on stdout (exit 0); a usage error, or help shown because a command is
/// missing, on stderr (exit 2). Every word in Chinese.
fn usage(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", cli::chinese(e.render()));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", cli::chinese(e.render()));
            ExitCode::from(2)
        }
        _ => {
            eprint!("{}", cli::usage_error(e, &std::env::args().collect::<Vec<_>>()));
            ExitCode::from(2)
        }
    }
}

/// The end of every command, and the one place where its outcome becomes the exit code. The
/// diagnostics go to stderr first, then:
/// - `Ok(Some(value))`: `done` reports the value; exit 0;
/// - `Ok(None)`, stopped by content errors: the line `refused` gives, on stderr; exit 1;
/// - `Err`, a failure of the environment: `错误: ...` on stderr; exit 2.
fn finish<T>(result: Result<Option<T>>, diags: &Diagnostics, refused: impl FnOnce(&Diagnostics) -> String, done: impl FnOnce(T)) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", diags.render_all());
    match result {
        // A template that cannot render is the site's own content, like a page.
        Err(e @ zhengfeng::error::Error::Template(_)) => {
            let _ = writeln!(err, "错误: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            let _ = writeln!(err, "错误: {e}");
            ExitCode::from(2)
        }
        Ok(None) => {
            let _ = writeln!(err, "{}", refused(diags));
            ExitCode::from(1)
        }
        Ok(Some(value)) => {
            drop(err);
            done(value);
            ExitCode::SUCCESS
        }
    }
}

/// `build`: the site, written to the output folder.
fn build(site: &Path, opts: Options, quiet: bool) -> ExitCode {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let progress = Progress::start("正在构建…", quiet);
    let result = build::build(site, &opts, &mut diags);
    Progress::finish(progress);
    finish(result, &diags, nothing_written, |built| {
        for note in &built.notes {
            eprintln!("说明: {note}");
        }
        if !quiet {
            let what = format!("已构建 {} 个页面、{} 个文件到 {}", built.output.pages(), built.output.file_count(), built.output_dir.display());
            println!("{what}{}", warnings_and_time(&diags, started));
        }
        exit_without_freeing(built);
    })
}

/// `check`: everything `build` does, in memory; nothing is written.
fn check(site: &Path, opts: Options) -> ExitCode {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let progress = Progress::start("正在检查…", false);
    let result = build::check(site, &opts, &mut diags);
    Progress::finish(progress);
    finish(result, &diags, nothing_written, |built| {
        let s = &built.site;
        let mut what = format!("检查通过: {} 项制度、{} 个案例、{} 份考核表", s.mechanisms.len(), s.cases.len(), s.scorecards.len());
        // The other kinds, when the site has any.
        for (n, unit) in [(s.trainings.len(), "个培训专题"), (s.inspections.len(), "次督导检查"), (s.models.len(), "个先进典型"), (s.rectifications.len(), "项整改事项")] {
            if n > 0 {
                what.push_str(&format!("、{n} {unit}"));
            }
        }
        println!("{what}{}", warnings_and_time(&diags, started));
        exit_without_freeing(built);
    })
}

/// Why `build` and `check` stopped.
fn nothing_written(diags: &Diagnostics) -> String {
    format!("发现 {} 个错误、{} 个警告, 未写入任何文件。", diags.error_count(), diags.warning_count())
}

/// The end of the line `build` and `check` print when they succeed.
fn warnings_and_time(diags: &Diagnostics, started: Instant) -> String {
    let ms = started.elapsed().as_millis();
    let warn = if diags.warning_count() > 0 { format!(", {} 个警告", diags.warning_count()) } else { String::new() };
    format!("{warn}, 用时 {ms} 毫秒")
}

/// The process ends right after: the system takes the memory back at once, where freeing a
/// large site's values one by one would keep a core busy for tens of milliseconds.
fn exit_without_freeing<T>(value: T) {
    std::mem::forget(value);
}

/// `snapshot`: freeze the site as `archive/PERIOD/` in the site folder.
fn snapshot(root: &Path, period: &str, audience: Option<Audience>) -> ExitCode {
    let mut diags = Diagnostics::new();
    let opts = Options { audience, ..Options::default() };
    let progress = Progress::start("正在归档…", false);
    let result = build::snapshot(root, period, &opts, &mut diags);
    Progress::finish(progress);
    finish(result, &diags, |_| "未生成归档, 未改动任何文件。".to_string(), |s| {
        println!("已归档 {}: {} 个页面、{} 个文件, 位于 {}", s.period.label(), s.pages, s.files, s.dir.display());
    })
}

/// `verify`: every snapshot against its manifest. A file that differs from it, a damaged
/// manifest and a listed snapshot whose folder is gone are content errors, each on a line of its
/// own.
fn verify(root: &Path) -> ExitCode {
    let mut diags = Diagnostics::new();
    let verified = zhengfeng::load::config_only(root, &mut Diagnostics::new())
        .and_then(|config| zhengfeng::archive::verify(root, &config.output_dir, &mut diags));
    let checked = verified.as_ref().map(|v| v.snapshots).unwrap_or(0);
    let result = verified.map(|v| (!diags.has_errors()).then_some(v));
    finish(result, &diags, |d| format!("校验失败: 发现 {} 处问题 (共检查 {checked} 个归档)", d.error_count()), |v| {
        println!("校验通过: {} 个归档、{} 个文件与清单一致", v.snapshots, v.files);
    })
}

/// `init DIR`.
fn init(dir: &Path) -> ExitCode {
    // A new site has no content to be wrong about.
    finish(scaffold::init(dir).map(Some), &Diagnostics::new(), |_| String::new(), |files| {
        println!("已创建新站点 {}: {} 个文件", dir.display(), files.len());
        println!("预览: zhengfeng serve --site {}", shell_word(&dir.display().to_string()));
    })
}

/// A path as one word of a command line to paste: quoted when it holds a space or a character a
/// shell would read (on Windows too, where double quotes do the same).
fn shell_word(path: &str) -> String {
    if path.is_empty() || path.chars().any(|c| c.is_whitespace() || "\"'$`&|;<>()*?[]{}!#~".contains(c)) {
        format!("\"{}\"", path.replace('"', "\\\""))
    } else {
        path.to_string()
    }
}

/// `new mechanism|case|training|inspection|model TITLE [--id ID]`, `new scorecard UNIT PERIOD` and
/// `new workbook PERIOD`.
fn new(what: NewCommand) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let mut diags = Diagnostics::new();
    let item = |kind, title: String, id: IdArg, site: SiteArg| scaffold::new_item(&site.dir, kind, &title, id.id.as_deref(), today).map(Some);
    let result = match what {
        NewCommand::Mechanism { title, id, site } => item(Kind::Mechanism, title, id, site),
        NewCommand::Case { title, id, site } => item(Kind::Case, title, id, site),
        NewCommand::Training { title, id, site } => item(Kind::Training, title, id, site),
        NewCommand::Inspection { title, id, site } => item(Kind::Inspection, title, id, site),
        NewCommand::Model { title, id, site } => item(Kind::Model, title, id, site),
        NewCommand::Scorecard { unit, period, site } => scaffold::new_scorecard(&site.dir, &unit, &period, today, &mut diags),
        NewCommand::Workbook { period, site } => zhengfeng::scoresheet::new_workbook(&site.dir, &period, &mut diags),
    };
    let refused = |d: &Diagnostics| format!("站点内容有 {} 个错误, 未新建文件; 请先修正 (可运行 zhengfeng check)。", d.error_count());
    finish(result, &diags, refused, |path| {
        println!("已新建 {}", path.display());
        if path.extension().is_some_and(|e| e == "xlsx") {
            println!("填写期间可照常构建; 一个得分都没填时本期结果不发布, 填了一部分时检查会列出还没填的单元格。");
        }
    })
}

/// A spinner on stdout while a long run works: only on a terminal, only when not `--quiet`, and
/// only once the run has taken a moment (a quick build shows nothing).
struct Progress {
    done: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Progress {
    fn start(message: &'static str, quiet: bool) -> Option<Progress> {
        if quiet || !std::io::stdout().is_terminal() {
            return None;
        }
        let (done, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            use std::sync::mpsc::RecvTimeoutError::Timeout;
            if !matches!(rx.recv_timeout(Duration::from_millis(300)), Err(Timeout)) {
                return;
            }
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stdout());
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                bar.set_style(style);
            }
            bar.set_message(message);
            while matches!(rx.recv_timeout(Duration::from_millis(100)), Err(Timeout)) {
                bar.tick();
            }
            bar.finish_and_clear();
        });
        Some(Progress { done, thread })
    }

    fn finish(progress: Option<Progress>) {
        if let Some(p) = progress {
            let _ = p.done.send(());
            let _ = p.thread.join();
        }
    }
}
