//! The validated site: every item with its references resolved and checked, rubrics settled
//! per period, and the audience of the build applied (a public site holds no internal item and
//! no reference to one). Built by `validate`.

use crate::config::Config;
use crate::model::*;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// The audience this site was cut for.
    pub audience: Audience,
    pub home: Option<Page>,
    pub pages: Vec<Page>,
    pub mechanisms: Vec<Mechanism>,
    pub cases: Vec<Case>,
    pub trainings: Vec<Training>,
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
    pub withheld: std::collections::HashSet<String>,
}

/// Lookups by id, built once.
#[derive(Debug, Default)]
pub struct Index {
    pub mechanism: HashMap<Id, usize>,
    pub case: HashMap<Id, usize>,
    pub training: HashMap<Id, usize>,
    pub unit: HashMap<Id, usize>,
    pub page: HashMap<Id, usize>,
    /// Requirement id -> (mechanism index, requirement index).
    pub requirement: HashMap<Id, (usize, usize)>,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        fn map<T>(items: &[T], id: impl Fn(&T) -> &Id) -> HashMap<Id, usize> {
            items.iter().enumerate().map(|(i, t)| (id(t).clone(), i)).collect()
        }
        let mut requirement = HashMap::new();
        for (mi, m) in site.mechanisms.iter().enumerate() {
            for (ri, r) in m.requirements.iter().enumerate() {
                requirement.entry(r.id.value.clone()).or_insert((mi, ri));
            }
        }
        Index {
            mechanism: map(&site.mechanisms, |m| &m.id),
            case: map(&site.cases, |c| &c.id),
            training: map(&site.trainings, |t| &t.id),
            unit: map(&site.units, |u| &u.id),
            page: map(&site.pages, |p| &p.id),
            requirement,
        }
    }
}

impl Site {
    pub fn mechanism(&self, id: &Id) -> Option<&Mechanism> {
        self.index.mechanism.get(id).map(|&i| &self.mechanisms[i])
    }
    pub fn case(&self, id: &Id) -> Option<&Case> {
        self.index.case.get(id).map(|&i| &self.cases[i])
    }
    pub fn unit(&self, id: &Id) -> Option<&Unit> {
        self.index.unit.get(id).map(|&i| &self.units[i])
    }
    pub fn training(&self, id: &Id) -> Option<&Training> {
        self.index.training.get(id).map(|&i| &self.trainings[i])
    }
    /// Every requirement of every mechanism, in mechanism order.
    pub fn requirements(&self) -> impl Iterator<Item = (&Mechanism, &Requirement)> {
        self.mechanisms.iter().flat_map(|m| m.requirements.iter().map(move |r| (m, r)))
    }
}
