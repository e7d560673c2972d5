//! Exit codes and usage (SPEC §6): 0 ok, 1 content errors, 2 usage or I/O errors.

mod common;

use common::*;

#[test]
fn check_of_a_valid_site_exits_0() {
    // A clean site checks with exit code 0 and says so on stdout.
    let site = copy_fixture("errors/valid");
    let r = check(site.path(), &[]);
    r.assert_code(0);
    assert!(r.stdout.contains("检查通过"), "{}", r.stdout);
}

#[test]
fn build_of_a_valid_site_exits_0() {
    // A clean site builds with exit code 0.
    let site = copy_fixture("errors/valid");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    assert!(out.join("index.html").is_file());
}

#[test]
fn content_errors_exit_1() {
    // Content errors: exit code 1 for both check and build, with a summary line.
    let site = copy_fixture("errors/form_out_of_range");
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("未写入任何文件");
    build(site.path(), &site.out("out"), &[]).assert_code(1);
}

#[test]
fn folder_without_config_exits_2() {
    // A folder with no zhengfeng.toml is not a site: exit code 2, for check and build.
    let dir = TempDir::new("not-a-site");
    std::fs::create_dir_all(dir.join("content/pages")).unwrap();
    std::fs::write(dir.join("content/pages/a.md"), "---\ntitle: x\n---\n").unwrap();
    check(dir.path(), &[]).assert_code(2).assert_stderr_contains("zhengfeng.toml");
    let out = dir.join("out");
    build(dir.path(), &out, &[]).assert_code(2);
    assert!(!out.exists());
}

#[test]
fn missing_site_folder_exits_2() {
    // --site naming a folder that does not exist: exit code 2.
    let dir = TempDir::new("missing-site");
    check(&dir.join("nowhere"), &[]).assert_code(2);
}

#[test]
fn unknown_subcommand_exits_2() {
    // An unknown subcommand is a usage error.
    run(["frobnicate"]).assert_code(2);
}

#[test]
fn no_subcommand_exits_2() {
    // Running with no arguments is a usage error.
    run(Vec::<&str>::new()).assert_code(2);
}

#[test]
fn unknown_flag_exits_2() {
    // An unknown flag is a usage error.
    let site = copy_fixture("errors/valid");
    check(site.path(), &["--frobnicate"]).assert_code(2);
}

#[test]
fn bad_audience_value_exits_2() {
    // --audience takes internal or public only.
    let site = copy_fixture("errors/valid");
    let out = site.out("out");
    build(site.path(), &out, &["--audience", "everyone"]).assert_code(2);
    assert!(!out.exists());
}

#[test]
fn help_exits_0_on_every_command() {
    // --help works on the tool and on each command, and exits 0.
    let top = run(["--help"]);
    top.assert_code(0);
    assert!(top.stdout.contains("build") && top.stdout.contains("check"), "{}", top.stdout);
    for cmd in ["build", "check"] {
        let r = run([cmd, "--help"]);
        r.assert_code(0);
        assert!(r.stdout.contains("--site"), "{cmd} --help:\n{}", r.stdout);
    }
}

/// The commands listed under `命令:` in a help text.
fn commands_in(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line == "命令:" {
            inside = true;
        } else if inside && line.starts_with("  ") {
            out.extend(line.split_whitespace().next().map(str::to_string));
        } else {
            inside = false;
        }
    }
    out
}

#[test]
fn help_is_in_chinese_for_every_command() {
    // --help of the tool and of every command (walked from the command lists), and `help`
    // followed by a command: Chinese headings, flags and notes; nothing of clap's English.
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args = path.clone();
        args.push("--help".into());
        let r = run(&args);
        r.assert_code(0);
        let help = &r.stdout;
        assert!(help.contains("用法: zhengfeng") && help.contains("-h, --help") && help.contains("显示帮助"), "{args:?}:\n{help}");
        for english in ["Usage", "Options", "Commands", "Arguments", "Print", "[default", "possible values", "[OPTIONS]", "<COMMAND>"] {
            assert!(!help.contains(english), "{args:?} --help says {english:?}:\n{help}");
        }
        if !path.is_empty() {
            let mut via_help = vec!["help".to_string()];
            via_help.extend(path.iter().cloned());
            assert_eq!(run(&via_help).stdout, *help, "help {path:?}");
        }
        for sub in commands_in(help).into_iter().filter(|c| c != "help") {
            let mut next = path.clone();
            next.push(sub);
            todo.push(next);
        }
        seen += 1;
    }
    assert!(seen >= 12, "only {seen} commands");
    let top = run(["--help"]);
    assert!(top.stdout.contains("-V, --version  显示版本号"), "{}", top.stdout);
    let build = run(["build", "--help"]);
    assert!(build.stdout.contains("[可选值: internal, public]") && build.stdout.contains("[默认: .]"), "{}", build.stdout);
}

#[test]
fn usage_errors_are_in_chinese_with_exit_2() {
    // An unknown flag or command, a bad or missing value: a Chinese message, a suggestion when
    // there is one, the command's usage and where its help is; exit 2, nothing in English.
    let cases: [(&[&str], &[&str]); 5] = [
        (&["build", "--bogus"], &["错误: 不认识的参数 '--bogus'", "用法: zhengfeng build [选项]", "查看帮助: zhengfeng build --help"]),
        (&["buidl"], &["错误: 不认识的命令 'buidl'", "提示: 是否要写 'build'?", "用法: zhengfeng <命令>"]),
        (&["build", "--audience", "everyone"], &["错误: 参数 --audience <AUDIENCE> 的值 'everyone' 无效", "可选值: internal, public"]),
        (&["serve", "--port", "abc"], &["错误: 参数 --port <PORT> 的值 'abc' 无效: 应为 0 到 65535 之间的整数", "用法: zhengfeng serve [选项]"]),
        (&["new", "scorecard", "fx-court"], &["错误: 缺少必需的参数: <PERIOD>", "用法: zhengfeng new scorecard <UNIT> <PERIOD>"]),
    ];
    for (args, expected) in cases {
        let r = run(args);
        r.assert_code(2);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr.lines().next(), Some(expected[0]), "{args:?}:\n{}", r.stderr);
        for line in expected {
            r.assert_stderr_contains(line);
        }
        for english in ["error:", "Usage", "tip:", "For more information", "[OPTIONS]", "invalid"] {
            assert!(!r.stderr.contains(english), "{args:?} says {english:?}:\n{}", r.stderr);
        }
    }
}

#[test]
fn run_inside_a_sites_content_folder_says_where_the_site_is() {
    // `cd content` and then `zhengfeng build`: the message names the site and the --site to give.
    let site = copy_fixture("reliability/leak");
    let inside = site.file("content");
    let out = std::process::Command::new(bin()).args(["build"]).current_dir(&inside).output().unwrap();
    let r = Run { code: out.status.code(), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() };
    r.assert_code(2).assert_stderr_contains("不是一个站点目录: 找不到 zhengfeng.toml").assert_stderr_contains("或加上 --site ..");
}
