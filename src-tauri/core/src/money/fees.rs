//! Her fees: one per service, each with its service code and her own short label, in force from
//! a date (a change is a new row; past charges keep their amount); a sliding-scale fee per client
//! from a date; each client's billing details.
//!
//! The service codes are the psychotherapy CPT numbers. The AMA's descriptors are copyrighted, so
//! only the numbers ship, with labels written for this project that she may change.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{invalid, MoneyError, MAX_CENTS};
use crate::notes::{Attendance, Modality, SessionKind};
use crate::time::{iso, now_utc, parse_day};
use crate::vault::Session;

/// What she charges for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Intake,
    #[serde(rename = "psychotherapy_30")]
    Psychotherapy30,
    #[serde(rename = "psychotherapy_45")]
    Psychotherapy45,
    #[serde(rename = "psychotherapy_60")]
    Psychotherapy60,
    FamilyWithoutClient,
    FamilyWithClient,
    #[serde(rename = "crisis_60")]
    Crisis60,
    #[serde(rename = "crisis_added_30")]
    CrisisAdded30,
    LateCancel,
    NoShow,
}

impl Service {
    pub const ALL: [Service; 10] = [
        Self::Intake,
        Self::Psychotherapy30,
        Self::Psychotherapy45,
        Self::Psychotherapy60,
        Self::FamilyWithoutClient,
        Self::FamilyWithClient,
        Self::Crisis60,
        Self::CrisisAdded30,
        Self::LateCancel,
        Self::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intake => "intake",
            Self::Psychotherapy30 => "psychotherapy_30",
            Self::Psychotherapy45 => "psychotherapy_45",
            Self::Psychotherapy60 => "psychotherapy_60",
            Self::FamilyWithoutClient => "family_without_client",
            Self::FamilyWithClient => "family_with_client",
            Self::Crisis60 => "crisis_60",
            Self::CrisisAdded30 => "crisis_added_30",
            Self::LateCancel => "late_cancel",
            Self::NoShow => "no_show",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The CPT number she bills it under until she sets another; none for a missed appointment,
    /// which no insurer reimburses.
    pub fn default_code(self) -> &'static str {
        match self {
            Self::Intake => "90791",
            Self::Psychotherapy30 => "90832",
            Self::Psychotherapy45 => "90834",
            Self::Psychotherapy60 => "90837",
            Self::FamilyWithoutClient => "90846",
            Self::FamilyWithClient => "90847",
            Self::Crisis60 => "90839",
            Self::CrisisAdded30 => "90840",
            Self::LateCancel | Self::NoShow => "",
        }
    }

    /// Our own short label (never the AMA's descriptor).
    pub fn default_label(self) -> &'static str {
        match self {
            Self::Intake => "Intake assessment",
            Self::Psychotherapy30 => "Therapy session, 30 minutes",
            Self::Psychotherapy45 => "Therapy session, 45 minutes",
            Self::Psychotherapy60 => "Therapy session, 60 minutes",
            Self::FamilyWithoutClient => "Family session, client not present",
            Self::FamilyWithClient => "Couple or family session",
            Self::Crisis60 => "Crisis session, first hour",
            Self::CrisisAdded30 => "Crisis session, each added 30 minutes",
            Self::LateCancel => "Late cancellation",
            Self::NoShow => "Missed appointment",
        }
    }

    /// A session held (not a missed one): the services a sliding-scale fee replaces and a
    /// superbill lists.
    pub fn is_session(self) -> bool {
        !matches!(self, Self::LateCancel | Self::NoShow)
    }

    /// What a session with this attendance is charged as, if anything. Individual sessions go by
    /// their minutes as the codes count time: 16-37 minutes, 38-52, 53 and more.
    pub fn for_session(kind: SessionKind, minutes: i64, attendance: Attendance) -> Option<Self> {
        match attendance {
            Attendance::LateCancel => return Some(Self::LateCancel),
            Attendance::NoShow => return Some(Self::NoShow),
            Attendance::Attended => {}
            _ => return None,
        }
        match kind {
            SessionKind::Intake => Some(Self::Intake),
            SessionKind::CoupleFamily => Some(Self::FamilyWithClient),
            SessionKind::Consultation => None,
            SessionKind::Individual if minutes < 38 => Some(Self::Psychotherapy30),
            SessionKind::Individual if minutes < 53 => Some(Self::Psychotherapy45),
            SessionKind::Individual => Some(Self::Psychotherapy60),
        }
    }
}

/// One fee as set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fee {
    pub id: i64,
    pub service: Service,
    pub code: String,
    pub label: String,
    pub cents: i64,
    pub effective_from: String,
}

/// A fee to set from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewFee {
    pub service: Service,
    pub code: String,
    pub label: String,
    pub cents: i64,
    pub effective_from: String,
}

const FEE_COLUMNS: &str = "id, service, code, label, cents, effective_from";

fn read_fee(row: &rusqlite::Row<'_>) -> rusqlite::Result<Fee> {
    Ok(Fee {
        id: row.get(0)?,
        service: Service::parse(&row.get::<_, String>(1)?).unwrap_or(Service::Psychotherapy45),
        code: row.get(2)?,
        label: row.get(3)?,
        cents: row.get(4)?,
        effective_from: row.get(5)?,
    })
}

/// Sets the fees for some services from their dates, all or none.
pub fn set_fees(session: &mut Session, fees: &[NewFee]) -> Result<Vec<Fee>, MoneyError> {
    for fee in fees {
        check_fee(fee)?;
    }
    let tx = session.conn_mut().transaction()?;
    let now = now_utc();
    for fee in fees {
        tx.execute(
            "INSERT INTO fees (service, code, label, cents, effective_from, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![fee.service.as_str(), fee.code.trim(), fee.label.trim(), fee.cents, fee.effective_from.trim(), now],
        )?;
    }
    tx.commit()?;
    history(session.conn())
}

fn check_fee(fee: &NewFee) -> Result<(), MoneyError> {
    let code = fee.code.trim();
    if !(code.is_empty() || (code.len() == 5 && code.chars().all(|c| c.is_ascii_alphanumeric()))) {
        return Err(invalid("code", "A service code is five letters or digits (90834), or none."));
    }
    if fee.label.trim().is_empty() || fee.label.chars().count() > 80 {
        return Err(invalid("label", "Give the service a short label (up to 80 characters)."));
    }
    check_cents("cents", fee.cents, true)?;
    if parse_day(&fee.effective_from).is_none() {
        return Err(invalid("effectiveFrom", "Give the date the fee applies from."));
    }
    Ok(())
}

/// An amount she typed: whole cents, not negative (zero only where `zero_ok`), at most a
/// million dollars.
pub(crate) fn check_cents(field: &str, cents: i64, zero_ok: bool) -> Result<(), MoneyError> {
    if cents < 0 || (cents == 0 && !zero_ok) || cents > MAX_CENTS {
        let least = if zero_ok { "$0.00" } else { "$0.01" };
        return Err(invalid(field, &format!("Give an amount from {least} to $1,000,000.00.")));
    }
    Ok(())
}

/// Every fee she has set, oldest first within each service.
pub fn history(conn: &Connection) -> Result<Vec<Fee>, MoneyError> {
    let mut stmt = conn.prepare(&format!("SELECT {FEE_COLUMNS} FROM fees ORDER BY service, effective_from, id"))?;
    let fees = stmt.query_map([], read_fee)?.collect::<Result<Vec<_>, _>>()?;
    Ok(fees)
}

/// The fee in force for each service on a day (the latest set from that day or before), in the
/// order of [`Service::ALL`]; services without a fee yet are left out.
pub fn schedule_on(conn: &Connection, day: NaiveDate) -> Result<Vec<Fee>, MoneyError> {
    let mut fees = Vec::new();
    for service in Service::ALL {
        if let Some(fee) = fee_on(conn, service, day)? {
            fees.push(fee);
        }
    }
    Ok(fees)
}

/// The fee in force for a service on a day.
pub fn fee_on(conn: &Connection, service: Service, day: NaiveDate) -> Result<Option<Fee>, MoneyError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {FEE_COLUMNS} FROM fees WHERE service = ?1 AND effective_from <= ?2
             ORDER BY effective_from DESC, id DESC LIMIT 1"
        ))?
        .query_row(params![service.as_str(), iso(day)], read_fee)
        .optional()?)
}

/// A client's sliding-scale fee as set from a date; `cents` none: back to her fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlidingFee {
    pub cents: Option<i64>,
    pub effective_from: String,
}

/// Sets (or with `None` ends) a client's sliding-scale fee for a session from a date.
pub fn set_sliding_fee(
    session: &mut Session,
    client_id: i64,
    cents: Option<i64>,
    effective_from: &str,
) -> Result<Vec<SlidingFee>, MoneyError> {
    if let Some(cents) = cents {
        check_cents("cents", cents, true)?;
    }
    if parse_day(effective_from).is_none() {
        return Err(invalid("effectiveFrom", "Give the date the fee applies from."));
    }
    let tx = session.conn_mut().transaction()?;
    require_client(&tx, client_id)?;
    tx.execute(
        "INSERT INTO sliding_fees (client_id, cents, effective_from, recorded_at) VALUES (?1, ?2, ?3, ?4)",
        params![client_id, cents, effective_from.trim(), now_utc()],
    )?;
    tx.commit()?;
    sliding_history(session.conn(), client_id)
}

/// A client's sliding-scale fees, oldest first.
pub fn sliding_history(conn: &Connection, client_id: i64) -> Result<Vec<SlidingFee>, MoneyError> {
    let mut stmt = conn.prepare_cached(
        "SELECT cents, effective_from FROM sliding_fees WHERE client_id = ?1 ORDER BY effective_from, id",
    )?;
    let fees = stmt
        .query_map([client_id], |r| Ok(SlidingFee { cents: r.get(0)?, effective_from: r.get(1)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(fees)
}

/// A client's sliding-scale fee for a session on a day, if one is in force.
pub fn sliding_on(conn: &Connection, client_id: i64, day: NaiveDate) -> Result<Option<i64>, MoneyError> {
    let cents: Option<Option<i64>> = conn
        .prepare_cached(
            "SELECT cents FROM sliding_fees WHERE client_id = ?1 AND effective_from <= ?2
             ORDER BY effective_from DESC, id DESC LIMIT 1",
        )?
        .query_row(params![client_id, iso(day)], |r| r.get(0))
        .optional()?;
    Ok(cents.flatten())
}

/// What a client is charged for a service on a day: her fee, or the client's sliding-scale fee
/// for a session; a missed appointment never costs more than the session would have.
pub fn price(conn: &Connection, client_id: i64, service: Service, day: NaiveDate) -> Result<Option<Fee>, MoneyError> {
    let Some(mut fee) = fee_on(conn, service, day)? else {
        return Ok(None);
    };
    if let Some(sliding) = sliding_on(conn, client_id, day)? {
        fee.cents = if service.is_session() { sliding } else { fee.cents.min(sliding) };
    }
    Ok(Some(fee))
}

/// Where a telehealth client usually is: at home (place of service 10) or elsewhere (02).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TelehealthPlace {
    #[default]
    Home,
    Elsewhere,
}

impl TelehealthPlace {
    fn code(self) -> &'static str {
        match self {
            Self::Home => "10",
            Self::Elsewhere => "02",
        }
    }
}

/// A client's billing: self-pay (the Good Faith Estimate's clients: paying herself, whether or
/// not she claims from her insurer with a superbill) and where her telehealth usually happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    pub self_pay: bool,
    pub telehealth_place: TelehealthPlace,
}

impl Default for Billing {
    fn default() -> Self {
        Self { self_pay: true, telehealth_place: TelehealthPlace::Home }
    }
}

impl Billing {
    /// The place of service and modifier a session is billed with: 11 in the office; telehealth
    /// at 10 or 02 with modifier 95 (synchronous audio and video) or 93 (audio only, by phone).
    pub fn place_and_modifier(self, modality: Modality) -> (&'static str, &'static str) {
        match modality {
            Modality::InPerson => ("11", ""),
            Modality::Video => (self.telehealth_place.code(), "95"),
            Modality::Phone => (self.telehealth_place.code(), "93"),
        }
    }
}

/// A client's billing details (self-pay, at home, until she says otherwise).
pub fn billing(conn: &Connection, client_id: i64) -> Result<Billing, MoneyError> {
    let row: Option<(bool, String)> = conn
        .prepare_cached("SELECT self_pay, telehealth_place FROM client_billing WHERE client_id = ?1")?
        .query_row([client_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map_or_else(Billing::default, |(self_pay, place)| Billing {
        self_pay,
        telehealth_place: if place == "02" { TelehealthPlace::Elsewhere } else { TelehealthPlace::Home },
    }))
}

pub fn set_billing(session: &mut Session, client_id: i64, billing: Billing) -> Result<Billing, MoneyError> {
    let tx = session.conn_mut().transaction()?;
    require_client(&tx, client_id)?;
    tx.execute(
        "INSERT INTO client_billing (client_id, self_pay, telehealth_place, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client_id) DO UPDATE SET self_pay = excluded.self_pay,
             telehealth_place = excluded.telehealth_place, updated_at = excluded.updated_at",
        params![client_id, billing.self_pay, billing.telehealth_place.code(), now_utc()],
    )?;
    tx.commit()?;
    self::billing(session.conn(), client_id)
}

/// The client's code, or a refusal when she is not in the register.
pub(crate) fn require_client(conn: &Connection, client_id: i64) -> Result<String, MoneyError> {
    conn.prepare_cached("SELECT code FROM clients WHERE id = ?1")?
        .query_row([client_id], |r| r.get(0))
        .optional()?
        .ok_or(MoneyError::NotFound("That client is not in the register."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_has_one_name_in_the_vault_and_on_the_page() {
        for service in Service::ALL {
            let json = serde_json::to_value(service).expect("json");
            assert_eq!(json.as_str(), Some(service.as_str()));
            assert_eq!(Service::parse(service.as_str()), Some(service));
        }
    }

    #[test]
    fn individual_sessions_are_coded_by_their_minutes() {
        let code = |minutes| Service::for_session(SessionKind::Individual, minutes, Attendance::Attended);
        assert_eq!(
            (code(30), code(37), code(38)),
            (Some(Service::Psychotherapy30), Some(Service::Psychotherapy30), Some(Service::Psychotherapy45))
        );
        assert_eq!(
            (code(52), code(53), code(90)),
            (Some(Service::Psychotherapy45), Some(Service::Psychotherapy60), Some(Service::Psychotherapy60))
        );
        assert_eq!(Service::for_session(SessionKind::Individual, 50, Attendance::Cancelled), None);
    }
}
