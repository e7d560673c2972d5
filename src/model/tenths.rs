//! Numbers with at most one decimal place — scores, points, maxima, satisfaction — kept as an
//! exact count of tenths (92.5 is 925), so sums never drift.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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

impl Tenths {
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
