//! The `zhengfeng` command: parse arguments, call the library, print diagnostics, exit
//! 0 (ok), 1 (content errors) or 2 (usage or I/O errors).

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use zhengfeng::build::{self, Options};
use zhengfeng::diag::Diagnostics;
use zhengfeng::model::Audience;

mod cli;
use cli::{AudienceArg, Cli, Command};

fn audience(a: Option<AudienceArg>) -> Option<Audience> {
    a.map(|a| match a {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let (result, quiet, writes) = match cli.command {
        Command::Build { site, output, audience: a, strict, quiet } => {
            let opts = Options { audience: audience(a), output, strict };
            (build::build(&site.dir, &opts, &mut diags), quiet, true)
        }
        Command::Check { site, audience: a, strict } => {
            let opts = Options { audience: audience(a), output: None, strict };
            (build::run(&site.dir, &opts, &mut diags), false, false)
        }
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", diags.render_all());
    match result {
        Err(e) => {
            let _ = writeln!(err, "错误: {e}");
            ExitCode::from(2)
        }
        Ok(None) => {
            let _ = writeln!(err, "发现 {} 个错误、{} 个警告, 未写入任何文件。", diags.error_count(), diags.warning_count());
            ExitCode::from(1)
        }
        Ok(Some(built)) => {
            if !quiet {
                let ms = started.elapsed().as_millis();
                let warn = if diags.warning_count() > 0 { format!(", {} 个警告", diags.warning_count()) } else { String::new() };
                let what = if writes {
                    format!("已构建 {} 个页面、{} 个文件到 {}", built.output.pages(), built.output.files.len(), built.output_dir.display())
                } else {
                    format!("检查通过: {} 项制度、{} 个案例、{} 份考核表", built.site.mechanisms.len(), built.site.cases.len(), built.site.scorecards.len())
                };
                println!("{what}{warn}, 用时 {ms} 毫秒");
            }
            ExitCode::SUCCESS
        }
    }
}
