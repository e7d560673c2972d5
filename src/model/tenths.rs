//! Numbers with at most one decimal place — scores, points, maxima, satisfaction — kept as an
//! exact count of tenths (92.5 is 925), so sums never drift.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i64);

impl fmt::Display for Tenths {
    /// 925 -> "92.5", 900 -> "90.0", -3 -> "-0.3".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let sign = if v < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", v.abs() / 10, v.abs() % 10)
    }
}

/// Written as a JSON number with one decimal (92.5; 90 as 90.0).
impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The decimal text, parsed: exact to one place.
        s.serialize_f64(self.to_string().parse::<f64>().unwrap_or(0.0))
    }
}

/// Read from a JSON number through its shortest decimal text, never by multiplying a float: a
/// number with more than one decimal place is an error, not a rounded value.
impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tenths, D::Error> {
        let x = f64::deserialize(d)?;
        Tenths::from_decimal(&x.to_string()).ok_or_else(|| serde::de::Error::custom(format!("{x} 不是最多一位小数的数")))
    }
}

impl Add for Tenths {
    type Output = Tenths;
    fn add(self, other: Tenths) -> Tenths {
        Tenths(self.0 + other.0)
    }
}

impl AddAssign for Tenths {
    fn add_assign(&mut self, other: Tenths) {
        self.0 += other.0;
    }
}

impl Sub for Tenths {
    type Output = Tenths;
    fn sub(self, other: Tenths) -> Tenths {
        Tenths(self.0 - other.0)
    }
}

impl Neg for Tenths {
    type Output = Tenths;
    fn neg(self) -> Tenths {
        Tenths(-self.0)
    }
}

impl Sum for Tenths {
    fn sum<I: Iterator<Item = Tenths>>(iter: I) -> Tenths {
        Tenths(iter.map(|t| t.0).sum())
    }
}

impl<'a> Sum<&'a Tenths> for Tenths {
    fn sum<I: Iterator<Item = &'a Tenths>>(iter: I) -> Tenths {
        iter.copied().sum()
    }
}

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);

    /// The mean, rounded half up (toward +∞ on an exact half: 92.45 -> 92.5, -0.05 -> 0.0),
    /// with integers only; None for no values.
    pub fn mean(values: impl IntoIterator<Item = Tenths>) -> Option<Tenths> {
        let (sum, n) = values.into_iter().fold((0i64, 0i64), |(sum, n), v| (sum + v.0, n + 1));
        // floor((sum + n/2) / n) without losing the half when n is odd: floor((2·sum + n) / 2n).
        (n > 0).then(|| Tenths((2 * sum + n).div_euclid(2 * n)))
    }

    /// The value in points as a float (92.5), for charts and spreadsheet cells only: sums and
    /// comparisons stay in tenths.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// `self / whole` as a float (a bar's length); the tenths cancel out.
    pub fn ratio(self, whole: Tenths) -> f64 {
        self.0 as f64 / whole.0 as f64
    }

    /// `self` as a percentage of `whole`.
    pub fn percent_of(self, whole: Tenths) -> f64 {
        self.0 as f64 * 100.0 / whole.0 as f64
    }

    /// `92.5` -> 925, `-3` -> -30; `None` for anything else (more decimals, exponents, text).
    pub fn from_decimal(text: &str) -> Option<Tenths> {
        let (neg, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || frac.len() > 1 || int.len() > 15 {
            return None;
        }
        let v = int.parse::<i64>().ok()? * 10 + frac.parse::<i64>().unwrap_or(0);
        Some(Tenths(if neg { -v } else { v }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        assert_eq!(Tenths(925).to_string(), "92.5");
        assert_eq!(Tenths(900).to_string(), "90.0");
        assert_eq!(Tenths(-3).to_string(), "-0.3");
        assert_eq!(Tenths(0).to_string(), "0.0");
    }

    // The mean rounds half up, toward +∞ also for negative values.
    #[test]
    fn mean_rounds_half_up() {
        let mean = |values: &[i64]| Tenths::mean(values.iter().map(|&v| Tenths(v))).map(|t| t.0);
        assert_eq!(mean(&[9245, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Some(925));
        assert_eq!(mean(&[9244, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Some(924));
        assert_eq!(mean(&[1, 0]), Some(1));
        assert_eq!(mean(&[-1, 0]), Some(0));
        assert_eq!(mean(&[-3, 0]), Some(-1));
        assert_eq!(mean(&[7, 0, 0]), Some(2));
        assert_eq!(mean(&[8, 0, 0]), Some(3));
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn arithmetic() {
        let v = [Tenths(191), Tenths(192), Tenths(193)];
        assert_eq!(v.iter().sum::<Tenths>(), Tenths(576));
        assert_eq!(Tenths(576) - Tenths(3) + Tenths(5), Tenths(578));
        assert_eq!(-Tenths(5), Tenths(-5));
        assert_eq!(Tenths(80).max(Tenths::ZERO).min(Tenths(50)), Tenths(50));
    }

    // A tenths value survives the JSON round trip exactly, and a number with two decimals is
    // refused rather than rounded.
    #[test]
    fn json_round_trip_is_exact() {
        for v in [0, 5, 925, 900, -3, -35, 1000, 123_456_789] {
            let text = serde_json::to_string(&Tenths(v)).unwrap();
            assert_eq!(serde_json::from_str::<Tenths>(&text).unwrap(), Tenths(v), "{text}");
        }
        assert_eq!(serde_json::to_string(&Tenths(900)).unwrap(), "90.0");
        assert!(serde_json::from_str::<Tenths>("92.55").is_err());
        assert!(serde_json::from_str::<Tenths>("\"92.5\"").is_err());
    }
}
