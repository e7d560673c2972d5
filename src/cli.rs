//! Command-line types (clap). No I/O here.

use clap::{Parser, Subcommand, ValueEnum};
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
        /// 只输出错误
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
    /// 把当前站点冻结为半年归档 output/archive/PERIOD/
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
    Mechanism {
        /// 制度名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建典型案例 content/cases/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    Case {
        /// 案例标题
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建培训专题 content/trainings/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    Training {
        /// 培训专题名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建督导检查 content/inspections/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    Inspection {
        /// 检查或通报的标题
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建先进典型 content/models/<id>.md (id 由标题的拼音生成, 或用 --id 指定)
    Model {
        /// 先进集体或先进个人的名称
        title: String,
        #[command(flatten)]
        id: IdArg,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建考核表 content/scorecards/<PERIOD>/<UNIT>.yaml, 列出全部考核指标
    Scorecard {
        /// 单位代码 (content/units.yaml 中的 id)
        unit: String,
        /// 期次, 如 2025-H2 (下半年) 或 2025-H1 (上半年)
        period: String,
        #[command(flatten)]
        site: SiteArg,
    },
    /// 新建考核评分工作簿 content/scorecards/<PERIOD>/考核评分表.xlsx: 每个单位一行, 每项指标一列
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

/// `--as-of`: a date written `YYYY-MM-DD`.
fn as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    zhengfeng::config::parse_date(s).ok_or_else(|| format!("日期 \"{s}\" 无效, 应为 YYYY-MM-DD, 例如 2025-12-31"))
}
