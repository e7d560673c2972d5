//! The rectification ledger as of a reference date (SPEC §10): which items a reader may know of
//! on that day, and the state of each — 已办结, 逾期办结, 整改中, 已逾期. Pure: no I/O, no
//! templates. Depends on `model` and `site`.

use crate::model::{Id, Rectification, RectificationStatus};
use crate::site::{Collection, Items};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The state of an item on the reference date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Open, and past its deadline.
    Overdue,
    /// Open, deadline not yet passed.
    Open,
    /// Done after its deadline.
    DoneLate,
    /// Done by its deadline.
    Done,
}

impl State {
    /// In the ledger's order: what needs attention first.
    pub const ALL: [State; 4] = [State::Overdue, State::Open, State::DoneLate, State::Done];

    /// As written in `data/site.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Open => "open",
            State::DoneLate => "done-late",
            State::Done => "done",
        }
    }

    /// As written on pages and in the CSV.
    pub fn label(self) -> &'static str {
        match self {
            State::Overdue => "已逾期",
            State::Open => "整改中",
            State::DoneLate => "逾期办结",
            State::Done => "已办结",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, State::Done | State::DoneLate)
    }
}

/// The items a reader could know of on `as_of`: an item found later is left out, and one done
/// later is still open — what happened after the day is not yet known.
pub fn as_of(mut items: Items, as_of: NaiveDate) -> Items {
    let rects = std::mem::take(&mut items.rectifications).into_vec();
    let known = rects
        .into_iter()
        .filter(|r| r.found_on.value <= as_of)
        .map(|mut r| {
            if r.done_on.is_some_and(|d| d > as_of) {
                r.status = RectificationStatus::Open;
                r.done_on = None;
                r.feedback = None;
            }
            r
        })
        .collect();
    items.rectifications = Collection::new(known);
    items
}

/// The state of an item on `as_of` (the item already as known on that day: see `as_of`).
pub fn state(item: &Rectification, as_of: NaiveDate) -> State {
    match (item.status, item.done_on) {
        (RectificationStatus::Done, Some(d)) if d > item.deadline => State::DoneLate,
        (RectificationStatus::Done, _) => State::Done,
        (RectificationStatus::Open, _) if item.deadline < as_of => State::Overdue,
        (RectificationStatus::Open, _) => State::Open,
    }
}

/// Overdue items per unit on `on`, counting only what a reader could know of that day (see
/// `as_of`): the overdue column of a period's ranking, as of the period's end.
pub fn overdue_on<'r>(items: impl IntoIterator<Item = &'r Rectification>, on: NaiveDate) -> HashMap<Id, usize> {
    let mut out: HashMap<Id, usize> = HashMap::new();
    for r in items.into_iter().filter(|r| r.found_on.value <= on) {
        let open = r.status == RectificationStatus::Open || r.done_on.is_none_or(|d| d > on);
        if open && r.deadline < on {
            *out.entry(r.unit.value.clone()).or_default() += 1;
        }
    }
    out
}

/// Every item's state, the ledger's order and the counts that pages show.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub as_of: Option<NaiveDate>,
    /// State of each item, by index in `site.rectifications`.
    pub states: Vec<State>,
    /// Item indices: overdue first, then open by deadline, then closed (latest done first).
    pub order: Vec<usize>,
    /// Each item's position in `order`, by index in `site.rectifications`.
    place: Vec<usize>,
    /// How many items are in each state, in `State::ALL` order.
    pub counts: [usize; 4],
    /// Overdue items per unit.
    pub overdue_by_unit: HashMap<Id, usize>,
}

impl Ledger {
    pub fn judge(items: &Items, as_of: NaiveDate) -> Ledger {
        let rects = &items.rectifications;
        let states: Vec<State> = rects.iter().map(|r| state(r, as_of)).collect();
        let mut order: Vec<usize> = (0..rects.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| {
                let r = &rects[i];
                // Closed items: the latest done first.
                let done = std::cmp::Reverse(r.done_on);
                (states[i], if states[i].is_closed() { None } else { Some(r.deadline) }, done, r.id.clone())
            };
            key(a).cmp(&key(b))
        });
        let mut place = vec![0; order.len()];
        for (n, &i) in order.iter().enumerate() {
            place[i] = n;
        }
        let mut counts = [0; 4];
        let mut overdue_by_unit: HashMap<Id, usize> = HashMap::new();
        for (r, s) in rects.iter().zip(&states) {
            counts[State::ALL.iter().position(|x| x == s).unwrap_or(0)] += 1;
            if *s == State::Overdue {
                *overdue_by_unit.entry(r.unit.value.clone()).or_default() += 1;
            }
        }
        Ledger { as_of: Some(as_of), states, order, place, counts, overdue_by_unit }
    }

    /// Where the item at `index` of `site.rectifications` comes in the ledger's order.
    pub fn place(&self, index: usize) -> usize {
        self.place.get(index).copied().unwrap_or(usize::MAX)
    }

    /// The state of the item at `index` of `site.rectifications`.
    pub fn state(&self, index: usize) -> State {
        self.states.get(index).copied().unwrap_or(State::Open)
    }
}
