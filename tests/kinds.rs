//! Every content kind gets the same treatment by construction. These tests walk
//! `Kind::ALL`, so a kind added later is covered without editing them.

mod common;

use common::*;
use zhengfeng::model::{Audience, Kind};
use zhengfeng::scaffold::{minimal_item, MINIMAL_UNIT};

/// The marker of the internal item of `kind`: its id, and in its title and body.
fn marker(kind: Kind) -> String {
    format!("zfsecret{}", kind.name())
}

/// The file of an item of `kind` named `stem`.
fn item_file(kind: Kind, stem: &str) -> String {
    format!("content/{}/{stem}.{}", kind.folder(), kind.extensions()[0])
}

/// A site folder with the configuration and the unit that minimal items name.
fn site_with_unit(label: &str, config: &str) -> Site {
    let site = Site::empty(label);
    site.write("zhengfeng.toml", config);
    site.write("content/units.yaml", format!("- id: {MINIMAL_UNIT}\n  name: 示例单位\n  type: 法院\n"));
    site
}

/// A site with one internal item of every kind, each carrying its marker, and a public page
/// that links to every one of them.
fn site_with_internal_items(label: &str) -> Site {
    let site = site_with_unit(label, "title = \"种类测试\"\n");
    let mut links = String::from("公开页面。\n\n");
    for kind in Kind::ALL {
        let m = marker(kind);
        let body = format!("正文 {m}，仅供内部。");
        site.write(&item_file(kind, &m), minimal_item(kind, &m, &format!("标题{m}"), Audience::Internal, &body));
        if kind.is_markdown() {
            links.push_str(&format!("- [一则内部{}](@/{}/{m}.md)\n", kind.label(), kind.folder()));
        }
    }
    site.write("content/pages/open.md", minimal_item(Kind::Page, "open", "公开页面", Audience::Public, &links));
    site
}

// A public build carries no trace of an internal item of any kind: no page, listing, search
// entry, feed entry, export, link or title holds its marker, in any output file.
#[test]
fn public_build_carries_no_internal_item_of_any_kind() {
    let site = site_with_internal_items("kinds-public");
    let out = site.out("public");
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    let files = files(&out);
    assert!(files.contains_key("pages/open/index.html"), "the public page is built");
    for kind in Kind::ALL {
        let m = marker(kind);
        let carriers: Vec<&String> = files.iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(&m)).map(|(p, _)| p).collect();
        assert!(carriers.is_empty(), "the internal {} leaks into the public build through {carriers:?}", kind.name());
    }
    // The public page keeps the link texts, without links to what was left out.
    let open = String::from_utf8_lossy(&files["pages/open/index.html"]).to_string();
    for kind in Kind::ALL.into_iter().filter(|k| k.is_markdown()) {
        assert!(open.contains(&format!("一则内部{}", kind.label())), "link text of the {} kept", kind.name());
    }
    assert!(!open.contains("href=\"../../mechanisms/") && !open.contains("href=\"../../cases/"), "no link to a withheld item:\n{open}");
}

// The internal build of the same site holds every item of every kind: its page, and its
// marker in the search index and the data export.
#[test]
fn internal_build_holds_every_kind() {
    let site = site_with_internal_items("kinds-internal");
    let out = site.out("internal");
    build(site.path(), &out, &[]).assert_code(0);
    let files = files(&out);
    let search: String = files.iter().filter(|(p, _)| p.starts_with("search/text/")).map(|(_, b)| String::from_utf8_lossy(b).to_string()).collect();
    for kind in Kind::ALL {
        let m = marker(kind);
        let url = kind.url(&zhengfeng::model::Id::parse(&m).expect("marker is an id"));
        // A ledger item is a row of the ledger page, with its own anchor.
        let page = url.split('#').next().unwrap_or_default().to_string();
        assert!(files.get(&page).is_some_and(|b| String::from_utf8_lossy(b).contains(&m)), "the {} is on its page {page}", kind.name());
        assert!(search.contains(&m), "the {} is in the search index", kind.name());
    }
}

// A real name from the redaction list is found in an item of every kind.
#[test]
fn redaction_list_is_checked_in_every_kind() {
    let site = site_with_unit("kinds-redact", "title = \"种类测试\"\n[redact]\nnames_file = \"names.txt\"\n");
    site.write("names.txt", "张真名\n");
    for kind in Kind::ALL {
        let stem = format!("x{}", kind.name());
        site.write(&item_file(kind, &stem), minimal_item(kind, &stem, "标题", Audience::Internal, "其中写了张真名。"));
    }
    let r = check(site.path(), &[]);
    r.assert_code(1);
    for kind in Kind::ALL {
        let file = item_file(kind, &format!("x{}", kind.name()));
        assert!(r.headlines().iter().any(|h| h.starts_with(&file) && h.contains("张真名")), "the name in {file} is reported:\n{}", r.stderr);
    }
}
