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
