// Checks every page of a built site in real headless Chromium, over the DevTools protocol:
// axe-core (all its rules, WCAG 2.1 AA and best practices) at 1280 px and at 390 px, the phone
// layout at 390 px, and the print layout at A4 width. Run by a11y/run.sh, which installs
// axe-core and ws; see there for what each check means.
//
//   node a11y/check.mjs --site DIR --axe axe.min.js --ws node_modules/ws [--only PATH,PATH]
//
// Prints one line per problem and a summary; exits 1 when there is a problem.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const site = path.resolve(args.site || "output");
const axeSource = fs.readFileSync(args.axe, "utf8");
const WebSocket = createRequire(import.meta.url)(path.resolve(args.ws));
const only = args.only ? args.only.split(",") : null;

// A query for the search page, so that results are there to check (and to shift the layout, if
// anything would).
const QUERY = "警示";

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".html") ? [p] : [];
  });
}

// ---- A minimal DevTools client over one browser connection ------------------------------
class Browser {
  static async launch() {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zhengfeng-a11y-"));
    const child = spawn(
      process.env.CHROMIUM || "/usr/bin/chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      { stdio: "ignore" },
    );
    const portFile = path.join(profile, "DevToolsActivePort");
    for (let i = 0; i < 300 && !fs.existsSync(portFile); i++) await sleep(100);
    let lines = [];
    for (let i = 0; i < 50; i++) {
      lines = fs.readFileSync(portFile, "utf8").split("\n");
      if (lines[1]) break;
      await sleep(100);
    }
    const ws = new WebSocket(`ws://127.0.0.1:${lines[0].trim()}${lines[1].trim()}`, { perMessageDeflate: false, maxPayload: 1 << 30 });
    await new Promise((ok, fail) => { ws.once("open", ok); ws.once("error", fail); });
    return new Browser(child, ws, profile);
  }

  constructor(child, ws, profile) {
    this.child = child;
    this.ws = ws;
    this.profile = profile;
    this.next = 0;
    this.pending = new Map();
    this.listeners = [];
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      if (m.id && this.pending.has(m.id)) {
        const { ok, fail, method } = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) fail(new Error(`${method}: ${m.error.message}`));
        else ok(m.result);
      } else if (m.method) {
        this.listeners = this.listeners.filter((l) => !l(m));
      }
    });
  }

  send(method, params = {}, sessionId) {
    const id = ++this.next;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail, method });
      this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  // Resolves with the first event `method` (of `sessionId`), or null after `ms`.
  event(method, sessionId, ms = 20000) {
    return new Promise((ok) => {
      const timer = setTimeout(() => ok(null), ms);
      this.listeners.push((m) => {
        if (m.method !== method || m.sessionId !== sessionId) return false;
        clearTimeout(timer);
        ok(m.params);
        return true;
      });
    });
  }

  close() {
    this.ws.close();
    this.child.kill();
    try { fs.rmSync(this.profile, { recursive: true, force: true }); } catch { /* still in use */ }
  }
}

function sleep(ms) {
  return new Promise((ok) => setTimeout(ok, ms));
}

class Page {
  static async open(browser) {
    const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(browser, sessionId);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    // The layout shift of the whole visit, summed as Chromium reports it (CLS).
    await page.send("Page.addScriptToEvaluateOnNewDocument", {
      source: `window.__cls = 0; try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__cls += e.value; }); }).observe({ type: "layout-shift", buffered: true }); } catch (e) {}`,
    });
    return page;
  }

  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }

  send(method, params) {
    return this.browser.send(method, params, this.sessionId);
  }

  async eval(expression) {
    const r = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`${expression.slice(0, 60)}…: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
    return r.result.value;
  }

  async view({ width, height, mobile, media }) {
    await this.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
    await this.send("Emulation.setEmulatedMedia", { media });
  }

  async load(url) {
    const loaded = this.browser.event("Page.loadEventFired", this.sessionId);
    await this.send("Page.navigate", { url });
    await loaded;
    // Fonts, the search results, and two frames for whatever a script lays out at load.
    await this.eval(`(async () => {
      if (document.fonts) await document.fonts.ready;
      const list = document.getElementById("search-results");
      for (let i = 0; list && i < 100 && !/done|error/.test(list.dataset.state || ""); i++) await new Promise(r => setTimeout(r, 50));
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      await new Promise(r => setTimeout(r, 150));
    })()`);
  }

  async axe() {
    await this.eval(axeSource + ";true");
    return this.eval(`axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1).join(" ").trim() : "")),
    })))`);
  }
}

// ---- What is checked in the page ----------------------------------------------------------

// At 390 px: sideways scroll, unit names, chart labels, navigation, layout shift.
const PHONE = `(() => {
  const out = [];
  const vw = window.innerWidth;
  const de = document.documentElement;
  if (de.scrollWidth > vw + 1) {
    const wide = Array.from(document.body.querySelectorAll("*")).filter(e => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > vw + 1 && !e.closest(".table-wrap, .chart-scroll");
    }).slice(0, 4).map(name);
    out.push("the page scrolls sideways (" + de.scrollWidth + " px wide at " + vw + " px): " + wide.join(", "));
  }
  // A unit name in a table wraps only when it is longer than the screen is wide.
  const names = new Set(document.querySelectorAll("table .unit-name a, table .unit-name"));
  document.querySelectorAll("table a[href*='units/']").forEach(a => { if (!/units\\/index\\.html$/.test(a.getAttribute("href"))) names.add(a); });
  names.forEach(e => {
    if (e.matches(".unit-name") && e.querySelector("a")) return;
    const text = e.textContent.trim();
    if (!text || e.getClientRects().length === 0) return;
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    const probe = e.cloneNode(true);
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap;width:auto";
    e.parentNode.appendChild(probe);
    const natural = probe.getBoundingClientRect().width;
    probe.remove();
    const needed = Math.max(1, Math.ceil(natural / (vw - 28)));
    if (tops.size > needed) out.push("unit name “" + text + "” takes " + tops.size + " lines (" + name(e.closest("table")) + ")");
  });
  // Chart labels as they appear on screen, after the SVG is scaled.
  document.querySelectorAll("svg").forEach(svg => {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const r = svg.getBoundingClientRect();
    if (!vb || !vb.width || r.width === 0) return;
    const scale = r.width / vb.width;
    const small = Array.from(svg.querySelectorAll("text")).filter(t => t.getClientRects().length && parseFloat(getComputedStyle(t).fontSize) * scale < 10.95);
    if (small.length) out.push("chart " + name(svg) + ": " + small.length + " labels under 11 px, e.g. “" + small[0].textContent + "” at " + (parseFloat(getComputedStyle(small[0]).fontSize) * scale).toFixed(1) + " px");
  });
  // Every navigation item on screen (the bar wraps).
  document.querySelectorAll(".mainnav a, .version-menu").forEach(a => {
    const r = a.getBoundingClientRect();
    if (r.width && (r.right > vw + 1 || r.left < -1)) out.push("navigation item “" + a.textContent.trim().slice(0, 12) + "” is off-screen");
  });
  if (window.__cls > 0.02) out.push("layout shift while loading: CLS " + window.__cls.toFixed(3));
  return out;
  function name(e) { return e ? e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : "") : "?"; }
})()`;

// Under print emulation: nothing clipped by a box, nothing wider than the sheet.
const PRINT = `(() => {
  const out = [];
  const vw = window.innerWidth;
  const de = document.documentElement;
  if (de.scrollWidth > vw + 1) out.push("the printed page is wider than the sheet (" + de.scrollWidth + " px at " + vw + " px)");
  Array.from(document.body.querySelectorAll("*")).forEach(e => {
    if (e.getClientRects().length === 0) return;
    const s = getComputedStyle(e);
    // A box of limited height spills its content over what follows even when nothing clips it.
    const capped = s.maxHeight !== "none" && e.scrollHeight > e.clientHeight + 1;
    if (capped && s.overflowY === "visible") out.push("spills: " + name(e) + " (content " + e.scrollHeight + " px tall in " + e.clientHeight + ", max-height " + s.maxHeight + ")");
    const clipX = s.overflowX !== "visible", clipY = s.overflowY !== "visible";
    const overX = clipX && e.scrollWidth > e.clientWidth + 1, overY = clipY && e.scrollHeight > e.clientHeight + 1;
    if (overX || overY) out.push("clipped: " + name(e) + " (" + (overX ? "content " + e.scrollWidth + " px wide in " + e.clientWidth : "") + (overX && overY ? ", " : "") + (overY ? "content " + e.scrollHeight + " px tall in " + e.clientHeight : "") + ", overflow " + s.overflowX + "/" + s.overflowY + ")");
  });
  return out.slice(0, 8);
  function name(e) { return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : ""); }
})()`;

// ---- Run --------------------------------------------------------------------------------
const pages = walk(site)
  .map((p) => path.relative(site, p).split(path.sep).join("/"))
  .filter((p) => !only || only.includes(p))
  .sort();
const browser = await Browser.launch();
const page = await Page.open(browser);
const problems = { axe: 0, phone: 0, print: 0 };
const rules = new Map();
const bad = new Set();
const started = Date.now();
try {
  for (const rel of pages) {
    const url = "file://" + path.join(site, rel) + (rel === "search/index.html" ? "?q=" + encodeURIComponent(QUERY) : "");
    const deck = rel.endsWith("slides.html");
    const report = (kind, line) => {
      problems[kind]++;
      bad.add(rel);
      console.log(`${rel} ${line}`);
    };
    for (const [label, width, height] of [["1280", 1280, 900], ["390", 390, 844]]) {
      await page.view({ width, height, mobile: width < 600, media: "" });
      await page.load(url);
      for (const v of await page.axe()) {
        rules.set(v.id, (rules.get(v.id) || 0) + v.nodes.length);
        report("axe", `[${label}] axe ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n    ${v.nodes.slice(0, 3).join("\n    ")}`);
      }
      if (width < 600) for (const p of await page.eval(PHONE)) report("phone", `[390] ${p}`);
      else if ((await page.eval("window.__cls")) > 0.02) report("phone", `[1280] layout shift while loading: CLS ${(await page.eval("window.__cls")).toFixed(3)}`);
    }
    // A4 is 794 px wide at 96 dpi; a deck prints one 1280 x 720 slide a sheet.
    await page.view({ width: deck ? 1280 : 794, height: deck ? 720 : 1123, mobile: false, media: "print" });
    await page.load(url);
    for (const p of await page.eval(PRINT)) report("print", `[print] ${p}`);
  }
} finally {
  browser.close();
}
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `axe: ${problems.axe} violations` +
    (rules.size ? ` (${[...rules].map(([id, n]) => `${id} ${n} nodes`).join(", ")})` : "") +
    `; phone layout: ${problems.phone} problems; print: ${problems.print} problems; on ${bad.size} of ${pages.length} pages (${secs} s)`,
);
process.exit(bad.size ? 1 : 0);
