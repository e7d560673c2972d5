//! The validated site: every item with its references resolved and checked, rubrics settled
//! per period, and the audience of the build applied (a public site holds no internal item and
//! no reference to one). Built by `validate`, in one piece: nothing here is filled in later.
//!
//! The items of every kind live in `Items`, one `Collection` per kind; `Items::all` is the one
//! list of them that the generic stages walk. Depends on `model` and `config` only.

use crate::config::Config;
use crate::model::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The items of one kind, in site order (by id), with their index by id. Duplicate ids are
/// kept (validation reports them); the index then names the first.
#[derive(Debug)]
pub struct Collection<T> {
    items: Vec<T>,
    index: HashMap<Id, usize>,
}

impl<T: Item + OfKind> Collection<T> {
    /// The items sorted by id (files are read sorted, but ids may differ from names); the sort
    /// is stable, so of two items with one id the first file read comes first.
    pub fn new(mut items: Vec<T>) -> Collection<T> {
        items.sort_by(|a, b| a.id().cmp(b.id()));
        let mut index = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            index.entry(item.id().clone()).or_insert(i);
        }
        Collection { items, index }
    }

    pub fn get(&self, id: &Id) -> Option<&T> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    /// The items, to be changed and collected again.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

}

impl<T> std::ops::Deref for Collection<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection { items: Vec::new(), index: HashMap::new() }
    }
}

impl<'a, T> IntoIterator for &'a Collection<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// A collection seen without its item type: what the generic stages work with.
pub trait AnyCollection: Sync {
    fn kind(&self) -> Kind;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn item(&self, i: usize) -> &dyn Item;
    fn contains(&self, id: &Id) -> bool;
    fn items(&self) -> Box<dyn Iterator<Item = &dyn Item> + '_>;
    /// Keep the items `keep` accepts, and index what is left.
    fn retain_items(&mut self, keep: &dyn Fn(&dyn Item) -> bool);
    /// Drop every item's references that `keep` rejects.
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool);
}

impl<T: Item + OfKind> AnyCollection for Collection<T> {
    fn kind(&self) -> Kind {
        // A kind's collection knows its kind even when it is empty.
        kind_of::<T>()
    }
    fn len(&self) -> usize {
        self.items.len()
    }
    fn item(&self, i: usize) -> &dyn Item {
        &self.items[i]
    }
    fn contains(&self, id: &Id) -> bool {
        self.index.contains_key(id)
    }
    fn items(&self) -> Box<dyn Iterator<Item = &dyn Item> + '_> {
        Box::new(self.items.iter().map(|i| i as &dyn Item))
    }
    fn retain_items(&mut self, keep: &dyn Fn(&dyn Item) -> bool) {
        let mut items = std::mem::take(&mut self.items);
        items.retain(|i| keep(i));
        *self = Collection::new(items);
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        for item in &mut self.items {
            item.retain_refs(keep);
        }
    }
}

/// The kind of the items of type `T`.
fn kind_of<T: OfKind>() -> Kind {
    T::KIND
}

/// The items of every kind. A new kind is one more field here and one more entry in `all` and
/// `all_mut`.
#[derive(Debug, Default)]
pub struct Items {
    pub mechanisms: Collection<Mechanism>,
    pub cases: Collection<Case>,
    pub trainings: Collection<Training>,
    pub pages: Collection<Page>,
    pub inspections: Collection<Inspection>,
    pub models: Collection<Model>,
    pub rectifications: Collection<Rectification>,
}

impl Items {
    /// Every collection, in `Kind::ALL` order.
    pub fn all(&self) -> [&dyn AnyCollection; Kind::COUNT] {
        [&self.mechanisms, &self.cases, &self.trainings, &self.pages, &self.inspections, &self.models, &self.rectifications]
    }

    /// The collection of one kind.
    pub fn of(&self, kind: Kind) -> &dyn AnyCollection {
        self.all()[kind.index()]
    }

    /// Every item of every kind.
    pub fn each(&self) -> impl Iterator<Item = &dyn Item> + '_ {
        self.all().into_iter().flat_map(|c| c.items())
    }

    /// Every collection, to change.
    fn all_mut(&mut self) -> [&mut dyn AnyCollection; Kind::COUNT] {
        [
            &mut self.mechanisms,
            &mut self.cases,
            &mut self.trainings,
            &mut self.pages,
            &mut self.inspections,
            &mut self.models,
            &mut self.rectifications,
        ]
    }

    /// Keep only the items that `keep` accepts, and the references to what is left.
    pub fn retain(mut self, keep: impl Fn(&dyn Item) -> bool) -> Items {
        for c in self.all_mut() {
            c.retain_items(&keep);
        }
        let kept: Vec<HashSet<Id>> = self.all().iter().map(|c| c.items().map(|i| i.id().clone()).collect()).collect();
        let present = |k: Kind, id: &Id| kept[k.index()].contains(id);
        for c in self.all_mut() {
            c.retain_refs(&present);
        }
        self
    }
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The audience this site was cut for.
    pub audience: Audience,
    /// The reference date: the ledger holds what was known on this day (SPEC §10).
    pub as_of: chrono::NaiveDate,
    pub home: Option<Page>,
    pub items: Items,
    pub units: Vec<Unit>,
    /// The rubric in force for each period that has scorecards.
    pub rubrics: BTreeMap<Period, Rubric>,
    /// The shared rubric, if any.
    pub rubric: Option<Rubric>,
    pub scorecards: Vec<Scorecard>,
    /// Every period with scorecards, oldest first.
    pub periods: Vec<Period>,
    /// The period shown as current (config, else the latest).
    pub current: Option<Period>,
    pub index: Index,
    /// What a public build left out, as link targets (`cases/a.md`, `cases/id`), so that a
    /// public page's link to an internal item can be dropped without a trace.
    pub withheld: HashSet<String>,
}

/// The items, by kind: `site.cases`, `site.mechanisms`, ...
impl std::ops::Deref for Site {
    type Target = Items;
    fn deref(&self) -> &Items {
        &self.items
    }
}

/// Lookups the items and units do not answer themselves, built once.
#[derive(Debug, Default)]
pub struct Index {
    pub unit: HashMap<Id, usize>,
    /// Requirement id -> (mechanism index, requirement index).
    pub requirement: HashMap<Id, (usize, usize)>,
    /// Who refers to what: (target, referring kind) -> target id -> the referring items'
    /// indices, in site order, each once.
    referrers: HashMap<(Target, Kind), HashMap<Id, Vec<usize>>>,
}

impl Index {
    pub fn build(items: &Items, units: &[Unit]) -> Index {
        let mut requirement = HashMap::new();
        for (mi, m) in items.mechanisms.iter().enumerate() {
            for (ri, r) in m.requirements.iter().enumerate() {
                requirement.entry(r.id.value.clone()).or_insert((mi, ri));
            }
        }
        let mut referrers: HashMap<(Target, Kind), HashMap<Id, Vec<usize>>> = HashMap::new();
        for c in items.all() {
            for i in 0..c.len() {
                for (target, r) in c.item(i).refs() {
                    let list = referrers.entry((target, c.kind())).or_default().entry(r.value.clone()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut unit = HashMap::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            unit.entry(u.id.clone()).or_insert(i);
        }
        Index { unit, requirement, referrers }
    }

    /// The indices (site order) of the items of kind `from` that refer to `id` of `target`.
    pub fn referrers(&self, target: Target, id: &Id, from: Kind) -> &[usize] {
        self.referrers.get(&(target, from)).and_then(|m| m.get(id)).map(Vec::as_slice).unwrap_or(&[])
    }
}

impl Site {
    pub fn mechanism(&self, id: &Id) -> Option<&Mechanism> {
        self.items.mechanisms.get(id)
    }
    pub fn case(&self, id: &Id) -> Option<&Case> {
        self.items.cases.get(id)
    }
    pub fn unit(&self, id: &Id) -> Option<&Unit> {
        self.index.unit.get(id).map(|&i| &self.units[i])
    }
    pub fn training(&self, id: &Id) -> Option<&Training> {
        self.items.trainings.get(id)
    }
    /// Every requirement of every mechanism, in mechanism order.
    pub fn requirements(&self) -> impl Iterator<Item = (&Mechanism, &Requirement)> {
        self.items.mechanisms.iter().flat_map(|m| m.requirements.iter().map(move |r| (m, r)))
    }
}
