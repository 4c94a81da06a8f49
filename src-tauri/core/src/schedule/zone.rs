//! The practice's time zone.
//!
//! Appointment times are wall-clock times where the practice is, so the zone is a fact of the
//! practice, kept in its profile ([`PracticeProfile::time_zone`]) rather than read from the
//! computer: a laptop taken to a conference in another zone (or set to it by the desktop) must not
//! move every appointment in the calendar file by two hours, nor shift "now" on the schedule.
//! Until she names one, this computer's zone stands in (the zone she is most likely in when she
//! sets the practice up), and the schedule says which zone it uses.
//!
//! Instants are needed only when a time leaves the vault (the .ics file) and for the DST edge
//! cases: a time that does not exist (clocks go forward) or exists twice (clocks go back).

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::ScheduleError;
use crate::consent::profile::{self, PracticeProfile};

pub use crate::consent::profile::system_zone;

/// The practice's zone: the profile's, else this computer's, else UTC.
pub fn practice_zone(profile: &PracticeProfile) -> Tz {
    profile.zone()
}

/// The zone of the practice in the vault.
pub fn zone(conn: &Connection) -> Result<Tz, ScheduleError> {
    Ok(practice_zone(&profile::load(conn)?))
}

/// Wall-clock "now" at the practice.
pub fn now(conn: &Connection) -> Result<NaiveDateTime, ScheduleError> {
    Ok(now_in(zone(conn)?))
}

pub fn now_in(zone: Tz) -> NaiveDateTime {
    Utc::now().with_timezone(&zone).naive_local()
}

/// The instant a wall-clock time at the practice stands for. A time that does not exist (the
/// hour the clocks skip) is read as the same time on the clock before the change, which is what
/// the clock on the wall shows an hour later; a time that exists twice is the first of the two.
pub fn instant(zone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let before = zone.offset_from_utc_datetime(&(local - chrono::Duration::hours(3)));
            Utc.from_utc_datetime(&(local - chrono::TimeDelta::seconds(i64::from(fixed_seconds(before)))))
        }
    }
}

fn fixed_seconds(offset: <Tz as TimeZone>::Offset) -> i32 {
    use chrono::Offset;
    offset.fix().local_minus_utc()
}

/// Why a wall-clock time needs a second look: it does not exist that night, or it exists twice.
pub fn clock_change(zone: Tz, date: NaiveDate, time: NaiveTime) -> Option<&'static str> {
    match zone.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(_) => None,
        LocalResult::None => Some("the clocks go forward that night and skip this time"),
        LocalResult::Ambiguous(..) => Some("the clocks go back that night and this time happens twice"),
    }
}

/// The zones she can choose from, and the one in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimeZones {
    /// The zone the schedule uses now.
    pub current: String,
    /// Whether it comes from the practice profile (else from this computer).
    pub from_profile: bool,
    pub system: String,
    pub names: Vec<String>,
}

pub fn time_zones(conn: &Connection) -> Result<TimeZones, ScheduleError> {
    let profile = profile::load(conn)?;
    let from_profile = profile.time_zone.parse::<Tz>().is_ok();
    Ok(TimeZones {
        current: practice_zone(&profile).name().to_owned(),
        from_profile,
        system: system_zone().name().to_owned(),
        names: chrono_tz::TZ_VARIANTS.iter().map(|z| z.name().to_owned()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, time: &str) -> (NaiveDate, NaiveTime) {
        (
            NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
            NaiveTime::parse_from_str(time, "%H:%M").expect("time"),
        )
    }

    #[test]
    fn ten_in_the_morning_in_chicago_is_an_hour_earlier_in_utc_after_the_clocks_go_forward() {
        let chicago: Tz = "America/Chicago".parse().expect("zone");
        let (d, t) = at("2026-03-03", "10:00");
        assert_eq!(instant(chicago, d, t).to_rfc3339(), "2026-03-03T16:00:00+00:00");
        let (d, t) = at("2026-03-10", "10:00");
        assert_eq!(instant(chicago, d, t).to_rfc3339(), "2026-03-10T15:00:00+00:00");
        let (d, t) = at("2026-11-03", "10:00");
        assert_eq!(instant(chicago, d, t).to_rfc3339(), "2026-11-03T16:00:00+00:00");
    }

    #[test]
    fn a_skipped_or_doubled_time_is_named_and_still_has_an_instant() {
        let chicago: Tz = "America/Chicago".parse().expect("zone");
        let (d, t) = at("2026-03-08", "02:30");
        assert!(clock_change(chicago, d, t).is_some_and(|w| w.contains("forward")));
        assert_eq!(instant(chicago, d, t).to_rfc3339(), "2026-03-08T08:30:00+00:00");
        let (d, t) = at("2026-11-01", "01:30");
        assert!(clock_change(chicago, d, t).is_some_and(|w| w.contains("twice")));
        assert_eq!(instant(chicago, d, t).to_rfc3339(), "2026-11-01T06:30:00+00:00", "the first 1:30, still CDT");
        let (d, t) = at("2026-03-08", "10:00");
        assert_eq!(clock_change(chicago, d, t), None);
    }
}
