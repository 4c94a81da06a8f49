//! Series rules (docs/DOMAIN.md section 11): on which days a repeating appointment falls.
//!
//! Pure calendar arithmetic on local dates. Appointment times are wall-clock times of the
//! practice, stored as typed, so a series at 10:00 stays at 10:00 across a daylight-saving change;
//! the time zone only matters when a time leaves the vault as an instant (the calendar export).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How often a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    Weekly,
    EveryOtherWeek,
    EveryFourWeeks,
    /// The same weekday of every month, counted from the start of the month as on the first
    /// date ("the 2nd Tuesday"). A first date that is the 5th such weekday of its month means the
    /// last one, since most months have no 5th.
    MonthlyWeekday,
}

impl Repeat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::EveryOtherWeek => "every_other_week",
            Self::EveryFourWeeks => "every_four_weeks",
            Self::MonthlyWeekday => "monthly_weekday",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        [Self::Weekly, Self::EveryOtherWeek, Self::EveryFourWeeks, Self::MonthlyWeekday]
            .into_iter()
            .find(|r| r.as_str() == value)
    }

    /// The date `offset` occurrences after (or, negative, before) an occurrence on `anchor`:
    /// the series re-anchored on `anchor`. `None` outside the calendar's range.
    pub fn step(self, anchor: NaiveDate, offset: i64) -> Option<NaiveDate> {
        let weeks = match self {
            Self::Weekly => 1,
            Self::EveryOtherWeek => 2,
            Self::EveryFourWeeks => 4,
            Self::MonthlyWeekday => return monthly(anchor, offset),
        };
        let days = offset.checked_mul(7 * weeks)?;
        if days >= 0 {
            anchor.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            anchor.checked_sub_days(Days::new(days.unsigned_abs()))
        }
    }

    /// "Every week", "Every other week", ..., "Monthly, 2nd Tuesday" for a series from `first`.
    pub fn describe(self, first: NaiveDate) -> String {
        match self {
            Self::Weekly => format!("Every week on {}", weekday_name(first.weekday())),
            Self::EveryOtherWeek => format!("Every other week on {}", weekday_name(first.weekday())),
            Self::EveryFourWeeks => format!("Every 4 weeks on {}", weekday_name(first.weekday())),
            Self::MonthlyWeekday => {
                let ordinal = match ordinal_in_month(first) {
                    Ordinal::Nth(1) => "1st",
                    Ordinal::Nth(2) => "2nd",
                    Ordinal::Nth(3) => "3rd",
                    Ordinal::Nth(_) => "4th",
                    Ordinal::Last => "last",
                };
                format!("Monthly on the {ordinal} {}", weekday_name(first.weekday()))
            }
        }
    }
}

/// Where a series stops: on a date (included) or after a number of appointments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesEnd {
    Until(NaiveDate),
    Count(u32),
}

/// Every date of a series starting on `first`, in order. `horizon` bounds it: a series that
/// would reach past it is an error carrying the first date beyond, so nothing is booked half.
pub fn expand(first: NaiveDate, repeat: Repeat, end: SeriesEnd, horizon: NaiveDate) -> Result<Vec<NaiveDate>, Beyond> {
    let mut dates = Vec::new();
    for k in 0_i64.. {
        let Some(date) = repeat.step(first, k) else { return Err(Beyond(horizon)) };
        match end {
            SeriesEnd::Until(until) if date > until => break,
            SeriesEnd::Count(count) if k >= i64::from(count) => break,
            _ => {}
        }
        if date > horizon {
            return Err(Beyond(date));
        }
        dates.push(date);
    }
    Ok(dates)
}

/// A series date past the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beyond(pub NaiveDate);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordinal {
    Nth(u32),
    Last,
}

/// Which of its month's weekdays `date` is: the 1st to the 4th, or (the 5th) the last.
fn ordinal_in_month(date: NaiveDate) -> Ordinal {
    match (date.day() - 1) / 7 + 1 {
        5 => Ordinal::Last,
        n => Ordinal::Nth(n),
    }
}

fn monthly(anchor: NaiveDate, offset: i64) -> Option<NaiveDate> {
    let first_of_month = anchor.with_day(1)?;
    let months = Months::new(u32::try_from(offset.unsigned_abs()).ok()?);
    let month = if offset >= 0 {
        first_of_month.checked_add_months(months)?
    } else {
        first_of_month.checked_sub_months(months)?
    };
    let weekday = anchor.weekday();
    match ordinal_in_month(anchor) {
        Ordinal::Nth(n) => NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), weekday, n as u8),
        Ordinal::Last => {
            let last_day = month.checked_add_months(Months::new(1))?.pred_opt()?;
            let back = (7 + last_day.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last_day.checked_sub_days(Days::new(u64::from(back)))
        }
    }
}

/// "Tuesday".
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn dates(list: &[NaiveDate]) -> Vec<String> {
        list.iter().map(|d| d.to_string()).collect()
    }

    const FAR: &str = "2030-12-31";

    #[test]
    fn a_weekly_series_until_a_date_includes_that_date() {
        let got = expand(d("2026-03-03"), Repeat::Weekly, SeriesEnd::Until(d("2026-03-24")), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"]);
    }

    #[test]
    fn every_other_week_and_every_four_weeks_count_their_appointments() {
        let got = expand(d("2026-03-03"), Repeat::EveryOtherWeek, SeriesEnd::Count(3), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2026-03-03", "2026-03-17", "2026-03-31"]);
        let got = expand(d("2026-03-03"), Repeat::EveryFourWeeks, SeriesEnd::Count(3), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2026-03-03", "2026-03-31", "2026-04-28"]);
    }

    #[test]
    fn monthly_keeps_the_same_weekday_of_the_month() {
        // 2026-03-10 is the 2nd Tuesday of March.
        let got = expand(d("2026-03-10"), Repeat::MonthlyWeekday, SeriesEnd::Count(4), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09"]);
        assert_eq!(Repeat::MonthlyWeekday.describe(d("2026-03-10")), "Monthly on the 2nd Tuesday");
    }

    #[test]
    fn a_fifth_weekday_means_the_last_one_in_months_that_have_only_four() {
        // 2026-03-31 is the 5th Tuesday of March; April and May have four, June five.
        let got = expand(d("2026-03-31"), Repeat::MonthlyWeekday, SeriesEnd::Count(4), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2026-03-31", "2026-04-28", "2026-05-26", "2026-06-30"]);
        assert_eq!(Repeat::MonthlyWeekday.describe(d("2026-03-31")), "Monthly on the last Tuesday");
    }

    #[test]
    fn a_leap_day_is_an_ordinary_day_of_a_series() {
        let got = expand(d("2028-02-15"), Repeat::Weekly, SeriesEnd::Until(d("2028-02-29")), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2028-02-15", "2028-02-22", "2028-02-29"]);
        // 29 February 2028 is the 5th Tuesday of its month: the series keeps the last Tuesday.
        let got = expand(d("2028-02-29"), Repeat::MonthlyWeekday, SeriesEnd::Count(3), d(FAR)).expect("series");
        assert_eq!(dates(&got), ["2028-02-29", "2028-03-28", "2028-04-25"]);
    }

    #[test]
    fn a_series_reaching_past_the_horizon_is_refused_whole() {
        let got = expand(d("2026-03-03"), Repeat::Weekly, SeriesEnd::Count(10), d("2026-04-01"));
        assert_eq!(got, Err(Beyond(d("2026-04-07"))));
    }

    #[test]
    fn re_anchoring_moves_every_occurrence_by_the_rule_not_by_days() {
        // From the 2nd Tuesday to the 2nd Wednesday: in a month that starts on a Wednesday, the
        // day after the 2nd Tuesday is the 3rd Wednesday, and the rule still finds the 2nd.
        assert_eq!(Repeat::MonthlyWeekday.step(d("2026-03-11"), 4), Some(d("2026-07-08")));
        assert_eq!(Repeat::EveryOtherWeek.step(d("2026-03-17"), -1), Some(d("2026-03-03")));
    }
}
