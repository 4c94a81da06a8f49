//! How Confidant writes days and times: one home for the few formats every part of the core uses.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Now, as `*_at` columns store it: RFC 3339 in UTC, to the millisecond.
pub fn now_utc() -> String {
    stamp(Utc::now())
}

/// An instant as `*_at` columns store it.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `2026-03-05`: how days are stored and exchanged with the page.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A `YYYY-MM-DD` day, surrounding spaces ignored; `None` when it is not one.
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// A day as stored: always a valid `YYYY-MM-DD`, checked on the way in.
pub fn stored_day(value: &str) -> NaiveDate {
    parse_day(value).unwrap_or_default()
}

/// `March 5, 2026`: how papers write a day.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// [`long_date`] of a stored day or time (`2026-03-05`, `2026-03-05T14:30`); empty when it does
/// not start with a day.
pub fn long_date_of(stored: &str) -> String {
    parse_day(stored.get(..10).unwrap_or(stored)).map(long_date).unwrap_or_default()
}

/// `5 Mar 2026`: how lists and reminders write a day.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// [`short_date`] of a stored day; empty when it is not one.
pub fn short_date_of(stored: &str) -> String {
    parse_day(stored.get(..10).unwrap_or(stored)).map(short_date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_and_write_in_each_of_the_formats() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).expect("day");
        assert_eq!(iso(day), "2026-03-05");
        assert_eq!(parse_day(" 2026-03-05 "), Some(day));
        assert_eq!(parse_day("5 March"), None);
        assert_eq!(long_date_of("2026-03-05T14:30"), "March 5, 2026");
        assert_eq!(short_date_of("2026-03-05"), "5 Mar 2026");
        assert_eq!(long_date_of("soon"), "");
        assert!(now_utc().ends_with('Z') && now_utc().len() == "2026-03-05T14:30:00.000Z".len());
    }
}
