//! What the page shows of the money: a client's panel (her account after posting the charges of
//! attendance, her billing, sliding scale and estimates), the practice's income report, and her
//! fee settings.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::entries::{self, Account, Outstanding};
use super::estimates::{self, Estimate};
use super::fees::{self, Billing, Fee, SlidingFee};
use super::income::{self, YearIncome};
use super::papers::{self, PracticeBilling};
use super::MoneyError;
use crate::vault::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoneyPanel {
    pub account: Account,
    pub billing: Billing,
    pub sliding: Vec<SlidingFee>,
    /// Newest first.
    pub estimates: Vec<Estimate>,
}

/// A client's panel, her charges of attendance posted up to today first.
pub fn panel(session: &mut Session, client_id: i64, today: NaiveDate) -> Result<MoneyPanel, MoneyError> {
    entries::post_charges(session, Some(client_id), today)?;
    let conn = session.conn();
    Ok(MoneyPanel {
        account: entries::account(conn, client_id)?,
        billing: fees::billing(conn, client_id)?,
        sliding: fees::sliding_history(conn, client_id)?,
        estimates: estimates::list(conn, client_id)?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IncomeReport {
    pub income: YearIncome,
    /// The years that hold money, newest first (this year always).
    pub years: Vec<i32>,
    pub outstanding: Outstanding,
}

/// The income of a year (none: this year), every charge of attendance posted first.
pub fn income_report(session: &mut Session, year: Option<i32>, today: NaiveDate) -> Result<IncomeReport, MoneyError> {
    let year = year.unwrap_or(today.year());
    entries::post_charges(session, None, today)?;
    let conn = session.conn();
    let mut years = income::years(conn)?;
    if !years.contains(&today.year()) {
        years.insert(0, today.year());
    }
    Ok(IncomeReport { income: income::year(conn, year)?, years, outstanding: entries::outstanding(conn)? })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FeeSettings {
    /// In force today, in the order of the services.
    pub current: Vec<Fee>,
    /// Every fee set, oldest first within each service.
    pub history: Vec<Fee>,
    pub billing: PracticeBilling,
}

pub fn fee_settings(session: &Session, today: NaiveDate) -> Result<FeeSettings, MoneyError> {
    let conn = session.conn();
    Ok(FeeSettings {
        current: fees::schedule_on(conn, today)?,
        history: fees::history(conn)?,
        billing: papers::practice_billing(conn)?,
    })
}
