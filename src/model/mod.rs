//! The domain: plain data for every kind of content, with the newtypes that keep ids, periods
//! and audiences from being mixed up with other strings. No I/O and no templates here.

mod base;
mod case;
mod honour;
mod inspection;
mod kind;
mod mechanism;
mod rectification;
mod scorecard;
mod tenths;
mod training;
mod unit;

pub use base::{Attachment, Audience, Body, Id, Origin, Period, Ref};
pub use case::{Case, Form};
pub use honour::{Model, ModelKind};
pub use inspection::Inspection;
pub use kind::{Item, Kind, OfKind, Target};
pub use mechanism::{Mechanism, Per, Requirement, Status};
pub use rectification::{Rectification, Source as RectificationSource, Status as RectificationStatus};
pub use scorecard::{Adjustment, Grade, Indicator, Rubric, Scorecard};
pub use tenths::Tenths;
pub use training::{Page, Training};
pub use unit::Unit;
