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
