//! Dates and moments as the vault stores and the papers print them: one home for each helper.
//!
//! Days are local ISO dates (`YYYY-MM-DD`); moments (saved, signed, recorded) are RFC 3339 in
//! UTC. Printing a day that is not a date gives an empty string, never a panic.

use chrono::NaiveDate;

/// `2026-03-05`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A day typed or stored as `YYYY-MM-DD` (spaces around it ignored).
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// Now, in UTC, to the millisecond: when something was saved or recorded.
pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `March 5, 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// `March 5, 2026` from a stored day or moment (its first ten characters); empty if it is none.
pub fn long_date_of(iso: &str) -> String {
    parse_day(iso.get(..10).unwrap_or(iso)).map(long_date).unwrap_or_default()
}

/// `5 Mar 2026`.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// `5 Mar 2026` from a stored day; empty if it is none.
pub fn short_date_of(iso: &str) -> String {
    parse_day(iso).map(short_date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_print_long_and_short_and_a_non_date_prints_nothing() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
        assert_eq!(iso(day), "2026-03-05");
        assert_eq!(long_date(day), "March 5, 2026");
        assert_eq!(long_date_of("2026-03-05T17:00:00Z"), "March 5, 2026");
        assert_eq!(short_date_of("2026-03-05"), "5 Mar 2026");
        assert_eq!(long_date_of("soon"), "");
        assert_eq!(parse_day(" 2026-03-05 "), Some(day));
    }
}
