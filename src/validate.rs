//! Cross-checks parsed items and cuts the site for its audience: duplicate ids, references to
//! unknown mechanisms, cases, units, indicators and requirements, scores out of range, one
//! scorecard per unit and period, unanonymised names. Every problem is reported where it is
//! written; a reference that gives an item's title (or a unit's name) instead of its id is told
//! the id to write.

use crate::diag::Diagnostics;
use crate::model::*;
use crate::parse::Parsed;
use crate::site::{Collection, Index, Items, Site};
use crate::config::Config;
use crate::yaml::Spanned;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub fn validate(parsed: Parsed, config: Config, cut: Cut, diags: &mut Diagnostics) -> Site {
    let Cut { audience, as_of, period: frozen } = cut;
    let Parsed { home, items, units, units_file, rubric, period_rubrics, mut scorecards } = parsed;

    for c in items.all() {
        duplicates(c.kind().label(), c.items().map(|i| (i.id(), i.origin())), diags);
    }
    copies(&items, diags);
    example_left(&config, home.as_ref(), &items, &units, rubric.iter().chain(period_rubrics.iter().map(|(_, r)| r)), diags);
    let unit_ids: BTreeSet<&Id> = units.iter().map(|u| &u.id).collect();
    let known = |target: Target| -> Known {
        match target {
            Target::Item(k) => Known::new("标题", items.of(k).items().map(|i| (i.id(), i.title()))),
            Target::Unit => Known::new("名称", units.iter().map(|u| (&u.id, u.name.as_str()))),
        }
    };
    let mut known_ids: HashMap<Target, Known> = HashMap::new();
    for item in items.each() {
        for (target, r) in item.refs() {
            let ids = known_ids.entry(target).or_insert_with(|| known(target));
            if !ids.contains(&r.value) {
                unknown_ref(&item.origin().file, r, target.label(), ids, diags);
            }
        }
    }
    let mech_ids = known(Target::Item(Kind::Mechanism));
    let case_ids = known(Target::Item(Kind::Case));
    let model_ids = known(Target::Item(Kind::Model));
    let unit_known = known(Target::Unit);

    // Units.
    if let Some(file) = &units_file {
        let mut seen: HashMap<&Id, &Unit> = HashMap::new();
        for u in &units {
            if let Some(first) = seen.insert(&u.id, u) {
                diags.error(file, u.id_pos, format!("单位标识 \"{}\" 重复", u.id)).help =
                    Some(format!("第 {} 行已经定义了同一标识; 若是另一个单位的标识写错了, 引用它的地方也会报“引用了不存在的单位”", first.id_pos.line));
                // The entry is wrong already: its other fields would only add to it.
                continue;
            }
            if let Some(p) = &u.parent {
                if !unit_ids.contains(&p.value) {
                    unknown_ref(file, p, "上级单位", &unit_known, diags);
                } else if p.value == u.id {
                    diags.error(file, p.pos, "单位不能是自己的上级");
                }
            }
        }
        parent_cycles(file, &seen, &units, diags);
    }

    // Mechanisms: no mechanism replaces itself; requirement ids are unique across all.
    let mut req_seen: HashMap<Id, String> = HashMap::new();
    for m in items.mechanisms.iter() {
        for s in &m.supersedes {
            if s.value == m.id {
                diags.error(&m.origin.file, s.pos, "制度不能替代它自己");
            }
        }
        for r in &m.requirements {
            if let Some(other) = req_seen.insert(r.id.value.clone(), m.origin.file.display.clone()) {
                diags.error(&m.origin.file, r.id.pos, format!("履职要求标识 \"{}\" 重复", r.id.value)).help =
                    Some(format!("{other} 中已有同一标识; 要求标识在所有制度中必须唯一"));
            }
        }
    }
    let req_ids: BTreeSet<Id> = req_seen.keys().cloned().collect();
    let req_refs = Known::new("内容", items.mechanisms.iter().flat_map(|m| m.requirements.iter().map(|r| (&r.id.value, r.text.as_str()))));

    // Cases: names must be anonymised.
    for c in items.cases.iter() {
        for p in &c.persons {
            if !is_anonymised(&p.value) {
                let msg = format!("人名 \"{}\" 未经匿名处理", p.value);
                // Changing the list alone leaves the name wherever the text gives it.
                let name = p.value.trim();
                let elsewhere: usize = [c.title.as_str(), c.summary.as_deref().unwrap_or(""), c.body.markdown.as_str()].iter().map(|t| t.matches(name).count()).sum();
                let also = if elsewhere > 0 && !name.is_empty() { format!("; 标题、摘要和正文中还有 {elsewhere} 处 \"{name}\", 要一并改掉") } else { String::new() };
                let help = format!("案例中的人名应写成 王某、李某某 或 该干警 这样的形式{also}");
                if audience == Audience::Public {
                    diags.error(&c.origin.file, p.pos, msg).help = Some(help);
                } else {
                    diags.warning(&c.origin.file, p.pos, msg).help = Some(format!("{help}; 公开版构建时这是错误"));
                }
            }
        }
    }

    // Rubrics.
    // A rubric with an indicator id twice cannot be matched against: its scorecards' scores are
    // not checked until it is mended (each would repeat the one mistake).
    let mut broken: Vec<*const Rubric> = Vec::new();
    let mut check_rubric = |r: &Rubric, diags: &mut Diagnostics| {
        let mut seen = BTreeSet::new();
        for i in &r.indicators {
            if !seen.insert(&i.id.value) {
                diags.error(&r.origin.file, i.id.pos, format!("指标标识 \"{}\" 重复", i.id.value)).help =
                    Some("每项指标的 id 须各不相同: 考核表按 id 给出得分。改正前, 用这个指标体系的考核表不检查各项得分".into());
                broken.push(r as *const Rubric);
            }
            if let Some(m) = &i.mechanism {
                if !mech_ids.contains(&m.value) {
                    unknown_ref(&r.origin.file, m, "制度", &mech_ids, diags);
                }
            }
        }
    };
    if let Some(r) = &rubric {
        check_rubric(r, diags);
    }
    for (_, r) in &period_rubrics {
        check_rubric(r, diags);
    }

    // Scorecards.
    scorecards.sort_by(|a, b| (a.period.value, &a.unit.value).cmp(&(b.period.value, &b.unit.value)));
    let period_rubric: HashMap<Period, &Rubric> = period_rubrics.iter().map(|(p, r)| (*p, r)).collect();
    let mut one_per: HashMap<(Period, &Id), &Scorecard> = HashMap::new();
    let mut missing_rubric_reported = false;
    for s in &scorecards {
        let f = &s.origin.file;
        if !unit_ids.contains(&s.unit.value) {
            unknown_ref(f, &s.unit, "单位", &unit_known, diags);
        } else if let Some(u) = units.iter().find(|u| u.id == s.unit.value).filter(|u| !u.assessed_in(s.period.value)) {
            diags.error(f, s.unit.pos, format!("单位 \"{}\" 在 {} 不参加考核: {}", u.id, s.period.value.label(), assessed_span(u))).help =
                Some("请检查考核表的期次, 或改正 content/units.yaml 中该单位的 from / until".into());
        }
        if let Some(first) = one_per.insert((s.period.value, &s.unit.value), s) {
            diags.error(f, s.unit.pos, format!("单位 \"{}\" 在 {} 已有考核表", s.unit.value, s.period.value)).help =
                Some(format!("另一份在 {}; 每个单位每期只能有一份考核表", first.origin.file.location(first.unit.pos)));
        }
        let Some(r) = period_rubric.get(&s.period.value).copied().or(rubric.as_ref()) else {
            if !missing_rubric_reported {
                diags.error(f, s.period.pos, "找不到考核评价指标体系 (content/scorecards/rubric.yaml)").help =
                    Some("考核表的每项得分都要对照指标体系; 请先建立 rubric.yaml".into());
                missing_rubric_reported = true;
            }
            continue;
        };
        let (scores, indicators): (&[_], &[Indicator]) = match broken.contains(&(r as *const Rubric)) {
            true => (&[], &[]),
            false => (&s.scores, &r.indicators),
        };
        let ind: HashMap<&Id, &Indicator> = r.indicators.iter().map(|i| (&i.id.value, i)).collect();
        let ind_ids = Known::new("名称", r.indicators.iter().map(|i| (&i.id.value, i.name.as_str())));
        let mut given = BTreeSet::new();
        for (k, v) in scores {
            given.insert(&k.value);
            match ind.get(&k.value) {
                None => unknown_ref(f, k, "考核指标", &ind_ids, diags),
                Some(i) if v.value < Tenths::ZERO || v.value > i.max => {
                    diags.error(f, v.pos, format!("\"{}\" 得分 {} 超出范围 0 到 {}", i.name, v.value, i.max));
                }
                _ => {}
            }
        }
        for i in indicators {
            if !given.contains(&i.id.value) {
                let pos = crate::yaml::Spanned::new((), s.scores.first().map(|x| x.0.pos).unwrap_or(s.period.pos)).pos;
                diags.error(f, pos, format!("scores 缺少指标 \"{}\" ({}) 的得分", i.id.value, i.name)).help =
                    Some(format!("每项指标都要打分, 满分 {}", i.max));
            }
        }
        for a in s.deductions.iter().chain(&s.bonus) {
            if let Some(c) = &a.case {
                if !case_ids.contains(&c.value) {
                    unknown_ref(f, c, "案例", &case_ids, diags);
                }
            }
            if let Some(m) = &a.model {
                if !model_ids.contains(&m.value) {
                    unknown_ref(f, m, Kind::Model.label(), &model_ids, diags);
                }
            }
        }
        for (k, _) in &s.requirements {
            if !req_ids.contains(&k.value) {
                unknown_ref(f, k, "履职要求", &req_refs, diags);
            }
        }
    }

    let public = audience == Audience::Public;
    let mut withheld = HashSet::new();
    let (items, mut scorecards) = if public {
        let items = leave_out(items, |i| i.audience() == Audience::Public, &mut withheld);
        // An internal scorecard's place is noted (never shown): a public card's yearly duty is
        // not judged on half a year's count when the other half is withheld.
        for s in scorecards.iter().filter(|s| s.audience != Audience::Public) {
            withheld.insert(format!("scorecards/{}/{}", s.period.value, s.unit.value));
        }
        (items, scorecards.into_iter().filter(|s| s.audience == Audience::Public).collect())
    } else {
        (items, scorecards)
    };
    let items = match frozen {
        Some(p) => {
            scorecards.retain(|s| s.period.value <= p);
            as_it_stood(items, p.end(), &mut withheld)
        }
        None => items,
    };
    let items = crate::ledger::as_of(items, as_of);
    // Scorecards cite only cases and models still there.
    for s in &mut scorecards {
        for a in s.deductions.iter_mut().chain(s.bonus.iter_mut()) {
            if a.case.as_ref().is_some_and(|c| items.cases.get(&c.value).is_none()) {
                a.case = None;
            }
            if a.model.as_ref().is_some_and(|m| items.models.get(&m.value).is_none()) {
                a.model = None;
            }
        }
    }
    // A public site's periods are those with public scorecards; a snapshot's current period is
    // its own.
    let periods: Vec<Period> = scorecards.iter().map(|s| s.period.value).collect::<BTreeSet<_>>().into_iter().collect();
    let current = frozen.or(config.current_period).or(periods.last().copied());
    let mut rubrics = BTreeMap::new();
    for p in &periods {
        if let Some(r) = period_rubric.get(p).copied().or(rubric.as_ref()) {
            rubrics.insert(*p, r.clone());
        }
    }
    let mut rubric = rubric;
    if public {
        for r in rubrics.values_mut().chain(rubric.iter_mut()) {
            for i in &mut r.indicators {
                if i.mechanism.as_ref().is_some_and(|m| items.mechanisms.get(&m.value).is_none()) {
                    i.mechanism = None;
                }
            }
        }
    }
    let index = Index::build(&items, &units);
    let home = home.filter(|h| audience.admits(h.audience));
    Site { config, audience, as_of, home, items, units, rubrics, rubric, scorecards, periods, current, index, withheld }
}

/// What a build shows: for whom, as of which day, and for a snapshot, which period.
#[derive(Clone, Copy, Debug)]
pub struct Cut {
    pub audience: Audience,
    /// The reference date of the ledger.
    pub as_of: NaiveDate,
    /// A snapshot's period: the site as it stood at its end.
    pub period: Option<Period>,
}

/// The items `keep` accepts, with every reference to the others dropped; the link targets of
/// what was left out (`cases/a.md`, `cases/id`) go into `withheld`, so a link to one is dropped
/// without a trace.
fn leave_out(items: Items, keep: impl Fn(&dyn Item) -> bool, withheld: &mut HashSet<String>) -> Items {
    for item in items.each().filter(|i| !keep(*i)) {
        let folder = item.kind().folder();
        withheld.insert(format!("{folder}/{}", item.id()));
        let file = &item.origin().file;
        // A bundle is linked by its `index.md` (`cases/县法院宴请案/index.md`).
        if let Some(rel) = file.display.strip_prefix("content/").filter(|r| r.starts_with(folder) && r.ends_with("/index.md")) {
            withheld.insert(rel.to_string());
        } else if let Some(name) = file.path.file_name().and_then(|n| n.to_str()) {
            withheld.insert(format!("{folder}/{name}"));
        }
    }
    items.retain(keep)
}

/// The items as they stood on `end`: nothing dated later (a case decided, a mechanism in force,
/// an inspection held, a model praised, a problem found after it), and a mechanism that only a
/// later one replaced shown as it was then, in force.
fn as_it_stood(items: Items, end: NaiveDate, withheld: &mut HashSet<String>) -> Items {
    let later = |i: &dyn Item| i.date().is_some_and(|d| d > end);
    let replaced_later: HashSet<Id> = items.mechanisms.iter().filter(|m| later(*m)).flat_map(|m| m.supersedes.iter().map(|s| s.value.clone())).collect();
    let replaced_then: HashSet<Id> = items.mechanisms.iter().filter(|m| !later(*m)).flat_map(|m| m.supersedes.iter().map(|s| s.value.clone())).collect();
    let mut items = leave_out(items, |i| !later(i), withheld);
    let mechanisms = std::mem::take(&mut items.mechanisms).into_vec();
    items.mechanisms = Collection::new(
        mechanisms
            .into_iter()
            .map(|mut m| {
                if replaced_later.contains(&m.id) && !replaced_then.contains(&m.id) {
                    m.status = Status::InForce;
                }
                m
            })
            .collect(),
    );
    items
}

/// Whether a problem `validate` found stands on its own while the files in `failed` could not be
/// read: it is in none of them, and it is not a reference to something one of them may hold (a
/// case in a case file that did not parse is not unknown, only unread) or a scorecard checked
/// against a rubric while a rubric is unread.
///
/// `unread` holds what the items in `failed` may be referred to by (their ids and titles, as far
/// as their text shows them): a reference to an item of such a kind by anything else is unknown
/// all the same, and stays.
pub fn independent_of<'f>(failed: &'f BTreeSet<String>, unread: &'f BTreeSet<String>) -> impl Fn(&crate::diag::Diagnostic) -> bool + 'f {
    // References hidden whatever they name, and those hidden only when they name `unread`.
    let mut hidden: Vec<&'static str> = Vec::new();
    let mut hidden_if_named: Vec<&'static str> = Vec::new();
    for f in failed {
        if f == "content/units.yaml" {
            hidden.extend(["单位", "上级单位"]);
        } else if f.starts_with("content/scorecards/") && f.ends_with("rubric.yaml") {
            hidden.push("考核指标");
        } else if let Some(k) = Kind::ALL.iter().find(|k| f.starts_with(&format!("content/{}/", k.folder()))) {
            hidden_if_named.push(k.label());
            if *k == Kind::Mechanism {
                // Duties are named by ids inside the mechanism's text.
                hidden.push("履职要求");
            }
        }
    }
    // Scorecards are checked against a rubric; with one unread, a period may fall back on
    // another, and every scorecard would be wrong against it.
    let rubric_unread = hidden.contains(&"考核指标");
    move |d| {
        let refers = |l: &&str| d.message.strip_prefix(&format!("引用了不存在的{l} \"")).map(|rest| rest.split('"').next().unwrap_or(""));
        // A workbook is read row by row, a ledger file item by item: the rows and items that
        // did read are checked like any file.
        (!failed.contains(&d.file) || d.file.ends_with(".xlsx") || d.file.starts_with("content/rectifications/"))
            && !hidden.iter().any(|l| refers(l).is_some())
            && !hidden_if_named.iter().any(|l| refers(l).is_some_and(|name| unread.contains(name)))
            && (!rubric_unread || !d.file.starts_with("content/scorecards/"))
    }
}

/// A name counts as anonymised when it contains 某 (王某, 李某某) or begins with 该 (该干警).
pub fn is_anonymised(name: &str) -> bool {
    name.contains('某') || name.starts_with('该')
}

/// The county `init`'s example site is set in (`scaffold::example`).
pub const EXAMPLE_PLACE: &str = "青禾县";

/// Once the example's units have all been replaced by the office's own, a warning for each
/// place that still speaks of the example's county (`init` writes 青禾县 into the site's name,
/// the home page, the about page and the rubric's title): those would go live under the
/// office's name.
fn example_left<'r>(config: &Config, home: Option<&Page>, items: &Items, units: &[Unit], rubrics: impl Iterator<Item = &'r Rubric>, diags: &mut Diagnostics) {
    let place = EXAMPLE_PLACE;
    if units.is_empty() || units.iter().any(|u| u.name.contains(place)) {
        return;
    }
    let help = format!("示例站点的单位都已换成本单位的, 这里还是示例中的“{place}”; 请改成本单位的名称, 或删去示例的说明");
    let file = crate::source::SourceFile::from_str(crate::config::CONFIG_FILE, &std::fs::read_to_string(config.root.join(crate::config::CONFIG_FILE)).unwrap_or_default());
    for (key, what, value) in [("title", "站点名称", &config.title), ("description", "站点简介", &config.description)] {
        if value.contains(place) {
            let line = file.text.lines().position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))).map_or(1, |i| i + 1);
            diags.warning(&file, crate::source::Pos::new(line, 1), format!("{what}仍是示例站点的: {value}")).help = Some(help.clone());
        }
    }
    let mut said = |origin: &Origin, what: &str| {
        diags.warning(&origin.file, crate::source::Pos::start(), format!("{what}仍是示例站点的内容, 写的是“{place}”")).help = Some(help.clone());
    };
    if let Some(h) = home.filter(|h| h.title.contains(place) || h.body.markdown.contains(place)) {
        said(&h.origin, "首页介绍");
    }
    for p in items.pages.iter().filter(|p| p.title.contains(place) || p.body.markdown.contains(place)) {
        said(&p.origin, "页面");
    }
    for r in rubrics.filter(|r| r.title.contains(place)) {
        said(&r.origin, "考核指标的标题");
    }
}

/// A warning for each Markdown item that is another's copy, title and text alike (`某案 - 副本.md`,
/// as Explorer names a copy): it would be published as a second item. The one with the shorter
/// file name is taken for the original.
fn copies(items: &Items, diags: &mut Diagnostics) {
    let mut seen: HashMap<(Kind, &str, &str), &Origin> = HashMap::new();
    let mut all: Vec<&dyn Item> = items.each().filter(|i| i.kind().is_markdown() && !i.body().markdown.trim().is_empty()).collect();
    // A copy's name is the original's with more (` - 副本`, ` (2)`): the shorter name first.
    all.sort_by_key(|i| (i.origin().file.display.chars().count(), i.origin().file.display.clone()));
    for item in all {
        let key = (item.kind(), item.title().trim(), item.body().markdown.trim());
        match seen.get(&key) {
            Some(first) => {
                let d = diags.warning(&item.origin().file, crate::source::Pos::start(), format!("与 {} 的标题和正文完全相同, 像是复制出来的副本", first.file.display));
                d.help = Some(format!("它会作为又一个{}发布; 不需要的话请删除这个文件, 要另写一条的话请改写它的标题和正文", item.kind().label()));
            }
            None => {
                seen.insert(key, item.origin());
            }
        }
    }
}

fn duplicates<'a>(kind: &str, items: impl Iterator<Item = (&'a Id, &'a Origin)>, diags: &mut Diagnostics) {
    let mut seen: HashMap<&Id, &Origin> = HashMap::new();
    let mut all: Vec<(&Id, &Origin)> = items.collect();
    all.sort_by(|a, b| (a.0, &a.1.file.display).cmp(&(b.0, &b.1.file.display)));
    for (id, origin) in all {
        if let Some(first) = seen.get(id) {
            // Items of one file (ledger items, units) are told apart by their place in it; an id
            // taken from a file's name has none.
            let place = |o: &Origin| if o.id_pos.line > 0 { o.file.location(o.id_pos) } else { o.file.display.clone() };
            let help = if first.file.display == origin.file.display {
                format!("同一文件中 {} 已有这个标识; 请把其中一项的 id 改成别的", place(first))
            } else {
                format!("{} 与 {} 的标识相同; 请修改其中一个的 id 或文件名", place(first), origin.file.display)
            };
            diags.error(&origin.file, origin.id_pos, format!("{kind}标识 \"{id}\" 重复")).help = Some(help);
        } else {
            seen.insert(id, origin);
        }
    }
}

/// What a reference may name: the ids, and the title (or name) of each, for the hint when a
/// reference gives a title instead of an id.
struct Known<'a> {
    ids: BTreeSet<&'a Id>,
    titles: Vec<(&'a str, &'a Id)>,
    /// What the titles are called in the hint: 标题, 名称.
    called: &'static str,
}

impl<'a> Known<'a> {
    fn new(called: &'static str, items: impl Iterator<Item = (&'a Id, &'a str)>) -> Known<'a> {
        let titles: Vec<(&str, &Id)> = items.map(|(id, title)| (title.trim(), id)).collect();
        Known { ids: titles.iter().map(|(_, id)| *id).collect(), titles, called }
    }

    fn contains(&self, id: &Id) -> bool {
        self.ids.contains(id)
    }
}

/// Units whose parents lead round in a circle (`a` under `b`, `b` under `a`): the tree of units
/// has no top there. One error a circle, at the parent of its first unit in the file, naming
/// every unit on it.
fn parent_cycles(file: &crate::source::SourceFile, by_id: &HashMap<&Id, &Unit>, units: &[Unit], diags: &mut Diagnostics) {
    let mut reported: std::collections::HashSet<&Id> = std::collections::HashSet::new();
    for u in units {
        let mut path: Vec<&Unit> = vec![u];
        let mut next = u.parent.as_ref().and_then(|p| by_id.get(&p.value).copied());
        while let Some(n) = next {
            if let Some(start) = path.iter().position(|p| p.id == n.id) {
                let circle = &path[start..];
                // Found from each of its units: reported from the one first in the file.
                if start == 0 && circle.len() > 1 && circle.iter().all(|c| reported.insert(&c.id)) {
                    let names: Vec<String> = circle.iter().chain([&circle[0]]).map(|c| format!("{} ({})", c.name, c.id)).collect();
                    if let Some(p) = &u.parent {
                        diags.error(file, p.pos, format!("上级单位形成了循环: {}", names.join(" → "))).help =
                            Some("每个单位的上级链条最终要通到一个没有上级的单位; 改正其中一个单位的 parent".into());
                    }
                }
                break;
            }
            path.push(n);
            next = n.parent.as_ref().and_then(|p| by_id.get(&p.value).copied());
        }
    }
}

/// The half-years a unit is assessed in, as `units.yaml` gives them.
fn assessed_span(u: &Unit) -> String {
    match (u.from, u.until) {
        (Some(a), Some(b)) => format!("它从 {} 到 {} 参加考核", a.label(), b.label()),
        (Some(a), None) => format!("它从 {} 起参加考核", a.label()),
        (None, Some(b)) => format!("它只参加到 {} 为止的考核", b.label()),
        (None, None) => String::new(),
    }
}

fn unknown_ref(file: &crate::source::SourceFile, r: &Spanned<Id>, kind: &str, known: &Known, diags: &mut Diagnostics) {
    let d = diags.error(file, r.pos, format!("引用了不存在的{kind} \"{}\"", r.value));
    let written = r.value.as_str().trim();
    let by_title: BTreeSet<&str> = known.titles.iter().filter(|(t, _)| *t == written).map(|(_, id)| id.as_str()).collect();
    if !by_title.is_empty() {
        let ids: Vec<&str> = by_title.into_iter().collect();
        d.help = Some(format!("这是{kind}的{}; 引用要写它的标识 (id): {}", known.called, ids.join(" 或 ")));
        return;
    }
    let names: Vec<&str> = known.ids.iter().map(|i| i.as_str()).collect();
    d.help = Some(match crate::diag::suggest(r.value.as_str(), &names) {
        Some(s) => format!("是否应为 \"{s}\"?"),
        None if names.is_empty() => format!("站点中还没有任何{kind}"),
        None if names.len() <= 12 => format!("可用的{kind}标识: {}", names.join(", ")),
        None => format!("请检查{kind}标识的拼写"),
    });
    if kind == "单位" {
        if let Some(help) = &mut d.help {
            help.push_str("; 若是新设立的单位, 请先把它加入 content/units.yaml");
        }
    }
}
