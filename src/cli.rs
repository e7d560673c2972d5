//! Command-line types (clap), and clap's own words in Chinese: the help of every command
//! (`command`) and the messages of usage errors (`usage_error`). No I/O here.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "zhengfeng", version, about = "正风: 政法队伍纪律作风建设学习平台的静态站点生成器", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 构建站点, 写入输出目录
    Build {
        #[command(flatten)]
        site: SiteArg,
        /// 统计截至日期 YYYY-MM-DD: 按这一天判断整改事项是否逾期 (默认: zhengfeng.toml 中的 as_of, 否则今天)
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = as_of)]
        as_of: Option<chrono::NaiveDate>,
        /// 输出目录 (默认: zhengfeng.toml 中的 build.output_dir, 即 output)
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 受众: internal (内部, 默认) 或 public (公开)
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
        /// 把警告当作错误
        #[arg(long)]
        strict: bool,
        /// 只输出错误和警告, 不显示进度和结果统计
        #[arg(long, short)]
        quiet: bool,
    },
    /// 只检查内容, 不写任何文件
    Check {
        #[command(flatten)]
        site: SiteArg,
        /// 统计截至日期 YYYY-MM-DD: 按这一天判断整改事项是否逾期 (默认: zhengfeng.toml 中的 as_of, 否则今天)
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = as_of)]
        as_of: Option<chrono::NaiveDate>,
        /// 受众: internal (内部, 默认) 或 public (公开)
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
        /// 把警告当作错误
        #[arg(long)]
        strict: bool,
    },
    /// 把当前站点冻结为半年归档, 存入站点的 archive/PERIOD/ (此后每次构建都带上它)
    Snapshot {
        /// 期次, 如 2025-H2 (下半年) 或 2025-H1 (上半年)
        period: String,
        #[command(flatten)]
        site: SiteArg,
        /// 受众: internal (内部, 默认) 或 public (公开)
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
    },
    /// 按清单校验每个归档, 列出被新增、删除或修改的文件
    Verify {
        #[command(flatten)]
        site: SiteArg,
    },
    /// 构建并在本机提供预览, 内容修改后自动重新构建并刷新浏览器
    Serve {
        #[command(flatten)]
        site: SiteArg,
        /// 统计截至日期 YYYY-MM-DD: 按这一天判断整改事项是否逾期 (默认: zhengfeng.toml 中的 as_of, 否则今天)
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = as_of)]
        as_of: Option<chrono::NaiveDate>,
        /// 端口 (0 表示由系统任选一个空闲端口)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// 监听地址; 默认只有本机能访问
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 受众: internal (内部, 默认) 或 public (公开)
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
    },
    /// 新建一个站点, 含每类内容的示例 (目录须不存在或为空)
    Init {
        /// 新站点的目录
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// 新建一份内容文件: 每个字段都已列出, 需要填写的地方标有“待填写”
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// 新建制度机制 content/mechanisms/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    #[command(aliases = ["制度", "制度机制"])]
    Mechanism {
        /// 制度名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建典型案例 content/cases/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    #[command(aliases = ["案例", "典型案例"])]
    Case {
        /// 案例标题
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建培训专题 content/trainings/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    #[command(aliases = ["培训", "培训专题"])]
    Training {
        /// 培训专题名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建督导检查 content/inspections/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    #[command(aliases = ["检查", "督导检查"])]
    Inspection {
        /// 检查或通报的标题
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建先进典型 content/models/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    #[command(aliases = ["先进典型"])]
    Model {
        /// 先进集体或先进个人的名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建考核表 content/scorecards/<PERIOD>/<UNIT>.yaml, 列出全部考核指标
    #[command(aliases = ["考核表"])]
    Scorecard {
        /// 单位代码 (content/units.yaml 中的 id)
        unit: String,
        /// 期次, 如 2025-H2 (下半年) 或 2025-H1 (上半年)
        period: String,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建考核评分工作簿 content/scorecards/<PERIOD>/考核评分表.xlsx: 每个单位一行, 每项指标一列
    #[command(aliases = ["工作簿", "考核评分表"])]
    Workbook {
        /// 期次, 如 2026-H1 (上半年) 或 2026-H2 (下半年)
        period: String,
        #[command(flatten)]
        site: SiteArg,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct IdArg {
    /// 标识 (id), 同时作为文件名: 小写英文字母、数字和 -, 如 2025-national-day-check (默认: 标题的拼音)
    #[arg(long = "id", value_name = "ID")]
    pub id: Option<String>,
}

#[derive(clap::Args, Debug, Clone)]
pub struct SiteArg {
    /// 站点目录 (含 zhengfeng.toml)
    #[arg(long = "site", value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AudienceArg {
    Internal,
    Public,
}

/// The help of every command in Chinese; clap's own template says `Usage:` and `Print help`.
const HELP_TEMPLATE: &str = "{before-help}{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";

/// The command line: `Cli`, with every word clap adds of its own in Chinese — headings, the
/// help and version flags, defaults and possible values, and a `help` command.
pub fn command() -> clap::Command {
    let cmd = Cli::command()
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本号"));
    localise(cmd)
}

fn localise(mut cmd: clap::Command) -> clap::Command {
    let has_subcommands = cmd.has_subcommands();
    cmd = cmd
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"))
        .mut_args(|a| {
            let heading = if a.is_positional() { "参数" } else { "选项" };
            let mut notes = Vec::new();
            let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            if !defaults.is_empty() {
                notes.push(format!("默认: {}", defaults.join(", ")));
            }
            let values: Vec<String> = a.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
            if !values.is_empty() && a.get_action().takes_values() {
                notes.push(format!("可选值: {}", values.join(", ")));
            }
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let help = if notes.is_empty() { help } else { format!("{help} [{}]", notes.join("; ")) };
            let takes_values = a.get_action().takes_values();
            let a = a.help_heading(heading).help(help);
            if takes_values { a.hide_default_value(true).hide_possible_values(true) } else { a }
        });
    if has_subcommands {
        cmd = cmd.disable_help_subcommand(true).subcommand(
            clap::Command::new("help")
                .about("显示帮助; 后接命令名时显示该命令的帮助")
                .arg(Arg::new("command").value_name("命令").num_args(0..).help("要查看帮助的命令")),
        );
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, localise);
    }
    cmd
}

/// The command whose help `help [命令...]` asks for, as the path of names from the top
/// (`["zhengfeng", "new", "case"]`); `None` when the command line is not a `help` command.
pub fn help_request(matches: &ArgMatches) -> Option<Vec<String>> {
    let mut path = vec!["zhengfeng".to_string()];
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        if name == "help" {
            path.extend(sub.get_many::<String>("command").into_iter().flatten().cloned());
            return Some(path);
        }
        path.push(name.to_string());
        m = sub;
    }
    None
}

/// The help of the command at `path` (as `help_request` gives it), or `None` for a name that
/// is no command.
pub fn help_of(path: &[String]) -> Option<String> {
    let mut cmd = command();
    cmd.build();
    let mut cur = &mut cmd;
    for name in path.iter().skip(1) {
        cur = cur.find_subcommand_mut(name)?;
    }
    Some(chinese(cur.render_help()))
}

/// Help and usage text as clap renders it, with its last English word in Chinese.
pub fn chinese(text: StyledStr) -> String {
    text.to_string().replace("[OPTIONS]", "[选项]")
}

/// The command a command line names (`zhengfeng new case ...` -> `zhengfeng new case`), as far
/// as its words are names of commands.
fn command_path(args: &[String]) -> Vec<String> {
    let mut cmd = command();
    let mut path = vec!["zhengfeng".to_string()];
    for word in args.iter().skip(1) {
        let Some(sub) = cmd.find_subcommand(word).cloned() else { continue };
        path.push(word.clone());
        cmd = sub;
    }
    path
}

/// A usage error in Chinese: what is wrong, a suggestion when clap has one, the usage of the
/// command `args` names and where to find its help.
pub fn usage_error(e: &clap::Error, args: &[String]) -> String {
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!("不认识的命令 '{}'", text(ContextKind::InvalidSubcommand).unwrap_or_default()),
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 缺少值"),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值 '{value}' 无效"),
        ErrorKind::ValueValidation => {
            // Our own checks explain in Chinese; the standard library's parsers in English.
            let why = std::error::Error::source(e).map(|s| s.to_string()).filter(|s| !s.is_ascii());
            let why = why.or_else(|| match arg.split_whitespace().next().unwrap_or("") {
                "--port" => Some("应为 0 到 65535 之间的整数".into()),
                "--bind" => Some("应为 IP 地址, 例如 127.0.0.1".into()),
                _ => None,
            });
            match why {
                Some(why) => format!("参数 {arg} 的值 '{value}' 无效: {why}"),
                None => format!("参数 {arg} 的值 '{value}' 无效"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数: {arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", text(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值要用 = 连接"),
        _ => "命令行参数有误".to_string(),
    };
    let mut out = format!("错误: {message}\n");
    let suggested = text(ContextKind::SuggestedSubcommand).or_else(|| text(ContextKind::SuggestedArg));
    if let Some(s) = suggested {
        out.push_str(&format!("\n  提示: 是否要写 '{s}'?\n"));
    }
    if let Some(v) = text(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!("\n  可选值: {v}\n"));
    }
    let path = command_path(args);
    let usage = text(ContextKind::Usage).or_else(|| {
        let mut cmd = command();
        cmd.build();
        let mut cur = &mut cmd;
        for name in path.iter().skip(1) {
            cur = cur.find_subcommand_mut(name)?;
        }
        Some(cur.render_usage().to_string())
    });
    let usage = usage.unwrap_or_default().replace("[OPTIONS]", "[选项]");
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        out.push_str(&format!("\n用法: {usage}\n"));
    }
    out.push_str(&format!("\n查看帮助: {} --help\n", path.join(" ")));
    out
}

/// `--as-of`: a date written `YYYY-MM-DD`.
fn as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    zhengfeng::config::parse_date(s).ok_or_else(|| match zhengfeng::yaml::no_such_day(s) {
        Some(why) => format!("日期 \"{s}\" 不存在: {why}"),
        None => format!("日期 \"{s}\" 无效, 应为 YYYY-MM-DD, 例如 2025-12-31 (也可写 2025年12月31日、2025/12/31)"),
    })
}
