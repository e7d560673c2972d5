//! On a phone, in print, for everyone (SPEC §5): one page of every kind of the demo site, opened
//! in real headless Chromium over the DevTools protocol. At 390 × 844 no page scrolls sideways
//! and no unit name in a table wraps to more lines than its length needs; under A4 print
//! emulation no element clips its content; and axe-core finds no violation.
//!
//! The demo is built with a snapshot taken first, so the archive pages, the version menu and
//! the changes page are among the kinds. `a11y/run.sh` runs the same checks (and the Nu HTML
//! Checker) on every page of the demo; this is the part that runs with every test run.
//!
//! Chromium is required, and axe-core: test.sh installs it from the npm registry and names it
//! in `ZHENGFENG_AXE`; without that variable the test installs it itself with npm into Cargo's
//! temporary folder. A missing tool fails the test rather than skip it.

mod common;

use common::cdp::{Browser, Cdp};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The axe-core release the checks were written against (a11y/run.sh pins the same).
const AXE: &str = "axe-core@4.14.1";

/// One page of each kind, as a path in the output (with a query for the search page).
const PAGES: &[&str] = &[
    "index.html",
    "mechanisms/index.html",
    "mechanisms/assessment/index.html",
    "cases/index.html",
    "cases/fx-court-banquet/index.html",
    "violations/index.html",
    "violations/wei-gui-yin-jiu/index.html",
    "tags/index.html",
    "tags/jin-jiu-ling/index.html",
    "scorecards/2025-H2/index.html",
    "units/index.html",
    "units/fx-court/index.html",
    "trainings/index.html",
    "trainings/2025-h1-four-forms/index.html",
    "trainings/2025-h1-four-forms/handout.html",
    "trainings/2025-h1-four-forms/slides.html",
    "inspections/index.html",
    "inspections/2025-cross-check/index.html",
    "models/index.html",
    "models/fx-court-filing-division/index.html",
    "rectifications/index.html",
    "changes/index.html",
    "archive/index.html",
    "archive/2025-H1/scorecards/index.html",
    "search/index.html?q=%E8%AD%A6%E7%A4%BA",
    "pages/guide/index.html",
    "404.html",
];

/// The demo with a 2025-H1 snapshot, built into `out/`.
struct Built {
    copy: common::Site,
}

impl Built {
    fn out(&self) -> PathBuf {
        self.copy.out("out")
    }
}

fn built() -> Built {
    let copy = common::copy_demo("a11y");
    common::run(["snapshot".as_ref(), "2025-H1".as_ref(), "--site".as_ref(), copy.path().as_os_str()]).assert_code(0);
    common::build(copy.path(), &copy.out("out"), &["--quiet"]).assert_code(0);
    Built { copy }
}

/// Headless Chromium with a DevTools endpoint, killed when dropped.
/// Start Chromium on a blank page and attach to that page.
fn open(profile: &Path) -> (Browser, Cdp) {
    common::cdp::open(profile, &["--hide-scrollbars", "about:blank"], |_| true)
}

/// Lay the page out as on a device of `width` × `height`, for the screen or for print.
fn emulate(cdp: &mut Cdp, width: u32, height: u32, mobile: bool, media: &str) {
    cdp.call("Emulation.setDeviceMetricsOverride", json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}));
    cdp.call("Emulation.setEmulatedMedia", json!({"media": media}));
}

/// Open a page of the output and wait until it is loaded, its fonts ready and, on the search
/// page, its results shown.
fn visit(cdp: &mut Cdp, out: &Path, page: &str) {
    let (file, query) = page.split_once('?').map_or((page, String::new()), |(f, q)| (f, format!("?{q}")));
    let url = format!("file://{}{query}", out.join(file).display());
    cdp.call("Page.navigate", json!({"url": url}));
    // A deck puts its slide number in the hash.
    cdp.wait_until(&format!("location.href.split('#')[0] === {} && document.readyState === 'complete'", json!(url)));
    cdp.wait_until("!document.fonts || document.fonts.status === 'loaded'");
    cdp.wait_until("!document.getElementById('search-results') || /done|error/.test(document.getElementById('search-results').dataset.state)");
    // Two frames, for whatever a script lays out once loaded.
    cdp.call(
        "Runtime.evaluate",
        json!({"expression": "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", "awaitPromise": true}),
    );
}

/// Evaluate an expression that returns a list of strings (problems found in the page).
fn problems(cdp: &mut Cdp, expr: &str) -> Vec<String> {
    let v = cdp.call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true, "awaitPromise": true}));
    assert!(v.get("exceptionDetails").is_none(), "the check threw in the page: {v}");
    serde_json::from_value(v["result"]["value"].clone()).unwrap_or_else(|e| panic!("the check returned no list of strings ({e}): {v}"))
}

/// At 390 px: the page's width, and each unit name in a table against the lines it needs.
const PHONE: &str = r##"(() => {
  const out = [];
  const vw = window.innerWidth, de = document.documentElement;
  if (de.scrollWidth > vw + 1) out.push("the page scrolls sideways: " + de.scrollWidth + " px wide at " + vw + " px");
  const names = new Set();
  document.querySelectorAll("table .unit-name").forEach(e => names.add(e.querySelector("a") || e));
  document.querySelectorAll("table a[href*='units/']").forEach(a => { if (!/units\/index\.html$/.test(a.getAttribute("href"))) names.add(a); });
  names.forEach(e => {
    const text = e.textContent.trim();
    if (!text || e.getClientRects().length === 0) return;
    const range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    const probe = e.cloneNode(true);
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap;width:auto";
    e.parentNode.appendChild(probe);
    const natural = probe.getBoundingClientRect().width;
    probe.remove();
    const needed = Math.max(1, Math.ceil(natural / (vw - 28)));
    if (lines > needed) out.push("the unit name “" + text + "” takes " + lines + " lines where " + needed + " would do");
  });
  return out;
})()"##;

/// Under print emulation: no box clips its content (overflow other than visible, with content
/// beyond it) or lets it spill out of a limited height.
const PRINT: &str = r##"(() => {
  const out = [];
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "");
  Array.from(document.body.querySelectorAll("*")).forEach(e => {
    if (e.getClientRects().length === 0) return;
    const s = getComputedStyle(e);
    const overX = e.scrollWidth > e.clientWidth + 1, overY = e.scrollHeight > e.clientHeight + 1;
    if ((s.overflowX !== "visible" && overX) || (s.overflowY !== "visible" && overY))
      out.push(name(e) + " clips its content (" + e.scrollWidth + "×" + e.scrollHeight + " in " + e.clientWidth + "×" + e.clientHeight + ", overflow " + s.overflowX + "/" + s.overflowY + ")");
    else if (s.maxHeight !== "none" && overY)
      out.push(name(e) + " spills its content below its max-height of " + s.maxHeight);
  });
  return out;
})()"##;

/// Where axe-core is: `ZHENGFENG_AXE` (test.sh), or installed here with npm once.
fn axe_source() -> String {
    let path = match std::env::var_os("ZHENGFENG_AXE") {
        Some(p) => PathBuf::from(p),
        None => {
            let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("axe-core");
            let js = prefix.join("node_modules/axe-core/axe.min.js");
            if !js.is_file() {
                let status = Command::new("npm")
                    .args(["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--silent", "--prefix"])
                    .arg(&prefix)
                    .arg(AXE)
                    .status()
                    .unwrap_or_else(|e| panic!("axe-core is required: set ZHENGFENG_AXE to axe.min.js (test.sh does), or install npm: {e}"));
                assert!(status.success(), "npm could not install {AXE} (test.sh installs it and sets ZHENGFENG_AXE)");
            }
            js
        }
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("axe-core at {}: {e}", path.display()))
}

#[test]
fn no_page_scrolls_sideways_on_a_phone_nor_breaks_a_unit_name() {
    // At 390 × 844, as on a phone: the page is no wider than the screen (wide tables scroll
    // in their own box), and a unit name wraps only if it is longer than the screen is wide.
    let built = built();
    let (_browser, mut cdp) = open(&built.copy.out("profile"));
    emulate(&mut cdp, 390, 844, true, "screen");
    let mut found = Vec::new();
    for page in PAGES {
        visit(&mut cdp, &built.out(), page);
        found.extend(problems(&mut cdp, PHONE).into_iter().map(|p| format!("{page}: {p}")));
    }
    assert!(found.is_empty(), "at 390 px:\n{}", found.join("\n"));
}

#[test]
fn nothing_is_clipped_in_print() {
    // Under print emulation at A4 width (794 px; a slide deck prints a 1280-wide slide a
    // sheet), no element clips its content or spills it out of a box of limited height.
    let built = built();
    let (_browser, mut cdp) = open(&built.copy.out("profile"));
    let mut found = Vec::new();
    for page in PAGES {
        if page.ends_with("slides.html") {
            emulate(&mut cdp, 1280, 720, false, "print");
        } else {
            emulate(&mut cdp, 794, 1123, false, "print");
        }
        visit(&mut cdp, &built.out(), page);
        found.extend(problems(&mut cdp, PRINT).into_iter().map(|p| format!("{page}: {p}")));
    }
    assert!(found.is_empty(), "in print:\n{}", found.join("\n"));
}

#[test]
fn axe_core_finds_no_violation_on_a_desktop_or_a_phone() {
    // axe-core, all its rules (WCAG 2.1 A and AA, and best practices), in the page as laid out
    // at 1280 × 900 and at 390 × 844.
    let axe = axe_source();
    let built = built();
    let (_browser, mut cdp) = open(&built.copy.out("profile"));
    let mut found = Vec::new();
    for (width, height, mobile) in [(1280, 900, false), (390, 844, true)] {
        emulate(&mut cdp, width, height, mobile, "screen");
        for page in PAGES {
            visit(&mut cdp, &built.out(), page);
            cdp.call("Runtime.evaluate", json!({"expression": format!("{axe}\n;true"), "returnByValue": true}));
            let violations = problems(
                &mut cdp,
                "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
                 v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))",
            );
            found.extend(violations.into_iter().map(|v| format!("{page} at {width} px: {v}")));
        }
    }
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}
