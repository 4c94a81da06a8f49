//! The money entries: charges, payments, waivers and reversals, append-only in integer cents.
//! A client's balance is the sum of her entries, nothing else: a waiver and a reversal are
//! entries too, so no stored total can drift from them.
//!
//! Charges come from attendance ([`post_charges`]): each attended session, late cancellation
//! and no-show with a fee in force on its day gets one, at the fee of that day (her sliding
//! scale for a session). A charge whose session changed (its attendance, service or day) or went
//! is reversed, and charged again as it now is. A charge she reversed herself is not charged
//! again: she records the right one by hand.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fees::{self, check_cents, require_client, Service};
use super::{invalid, MoneyError};
use crate::notes::{sessions, Modality};
use crate::time::{iso, now_utc, parse_day};
use crate::vault::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "MoneyEntryKind")]
pub enum EntryKind {
    Charge,
    Payment,
    Waiver,
    Reversal,
}

impl EntryKind {
    fn parse(value: &str) -> Self {
        match value {
            "charge" => Self::Charge,
            "payment" => Self::Payment,
            "waiver" => Self::Waiver,
            _ => Self::Reversal,
        }
    }
}

/// How she was paid (no processing, no network: only what she was handed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PaymentMethod")]
pub enum Method {
    Cash,
    Check,
    Card,
    Transfer,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Check => "check",
            Self::Card => "card",
            Self::Transfer => "transfer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::Check => "Check",
            Self::Card => "Card",
            Self::Transfer => "Bank transfer",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [Self::Cash, Self::Check, Self::Card, Self::Transfer].into_iter().find(|m| m.as_str() == value)
    }
}

/// One entry of a client's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "MoneyEntry")]
pub struct Entry {
    pub id: i64,
    pub client_id: i64,
    pub kind: EntryKind,
    pub on_date: String,
    /// Signed: a charge adds to what she is owed, a payment or waiver takes from it, a reversal
    /// undoes the entry it applies to.
    pub cents: i64,
    pub session_id: Option<i64>,
    pub service: Option<Service>,
    pub code: String,
    pub label: String,
    /// `95` or `93` for telehealth.
    pub modifier: String,
    /// Place of service: `11`, `02` or `10`.
    pub place: String,
    pub units: i64,
    pub method: Option<Method>,
    /// A check number or a note of the payment.
    pub reference: String,
    pub reason: String,
    /// The entry a waiver or reversal applies to.
    pub applies_to: Option<i64>,
    pub reversed: bool,
    /// A charge with a waiver that stands.
    pub waived: bool,
}

impl Entry {
    /// Neither reversed nor itself a reversal.
    pub fn stands(&self) -> bool {
        !self.reversed && self.kind != EntryKind::Reversal
    }
}

/// A client's account: every entry, oldest first, and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub client_id: i64,
    pub entries: Vec<Entry>,
    /// The sum of every entry: what she owes (negative: in credit).
    pub balance_cents: i64,
    /// Charges, payments and waivers that stand (not reversed).
    pub charged_cents: i64,
    pub paid_cents: i64,
    pub waived_cents: i64,
}

const ENTRY_COLUMNS: &str = "e.id, e.client_id, e.kind, e.on_date, e.cents, e.session_id, e.service, e.code, e.label,
    e.modifier, e.place, e.units, e.method, e.reference, e.reason, e.applies_to,
    EXISTS (SELECT 1 FROM money_entries r WHERE r.applies_to = e.id AND r.kind = 'reversal'),
    EXISTS (SELECT 1 FROM money_entries w WHERE w.applies_to = e.id AND w.kind = 'waiver'
        AND NOT EXISTS (SELECT 1 FROM money_entries r WHERE r.applies_to = w.id AND r.kind = 'reversal'))";

fn read_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        client_id: row.get(1)?,
        kind: EntryKind::parse(&row.get::<_, String>(2)?),
        on_date: row.get(3)?,
        cents: row.get(4)?,
        session_id: row.get(5)?,
        service: Service::parse(&row.get::<_, String>(6)?),
        code: row.get(7)?,
        label: row.get(8)?,
        modifier: row.get(9)?,
        place: row.get(10)?,
        units: row.get(11)?,
        method: row.get::<_, Option<String>>(12)?.as_deref().and_then(Method::parse),
        reference: row.get(13)?,
        reason: row.get(14)?,
        applies_to: row.get(15)?,
        reversed: row.get(16)?,
        waived: row.get(17)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Entry, MoneyError> {
    conn.prepare_cached(&format!("SELECT {ENTRY_COLUMNS} FROM money_entries e WHERE e.id = ?1"))?
        .query_row([id], read_entry)
        .optional()?
        .ok_or(MoneyError::NotFound("That entry is not in the accounts."))
}

/// A client's account. Read as it stands: call [`post_charges`] first for the charges of
/// attendance recorded since.
pub fn account(conn: &Connection, client_id: i64) -> Result<Account, MoneyError> {
    require_client(conn, client_id)?;
    let entries = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM money_entries e WHERE e.client_id = ?1 ORDER BY e.on_date, e.id"
        ))?
        .query_map([client_id], read_entry)?
        .collect::<Result<Vec<_>, _>>()?;
    let standing =
        |kind: EntryKind| -> i64 { entries.iter().filter(|e| e.kind == kind && !e.reversed).map(|e| e.cents).sum() };
    Ok(Account {
        client_id,
        balance_cents: entries.iter().map(|e| e.cents).sum(),
        charged_cents: standing(EntryKind::Charge),
        paid_cents: -standing(EntryKind::Payment),
        waived_cents: -standing(EntryKind::Waiver),
        entries,
    })
}

/// How much of each charge her payments paid: what stands of her payments (and credits from
/// reversed charges never count), applied to the charges that stand and are not waived, oldest
/// first, as far as it goes.
pub fn paid_by_charge(account: &Account) -> HashMap<i64, i64> {
    let mut left = account.paid_cents;
    let mut paid = HashMap::new();
    for charge in account.entries.iter().filter(|e| e.kind == EntryKind::Charge && e.stands() && !e.waived) {
        let share = left.min(charge.cents).max(0);
        left -= share;
        paid.insert(charge.id, share);
    }
    paid
}

/// What the practice is owed: the sum of the balances above zero, and what it holds in credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outstanding {
    pub total_cents: i64,
    pub clients_owing: u32,
    pub credit_cents: i64,
}

pub fn outstanding(conn: &Connection) -> Result<Outstanding, MoneyError> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(b) FILTER (WHERE b > 0), 0), count(*) FILTER (WHERE b > 0),
                coalesce(-sum(b) FILTER (WHERE b < 0), 0)
         FROM (SELECT sum(cents) AS b FROM money_entries GROUP BY client_id)",
        [],
        |r| Ok(Outstanding { total_cents: r.get(0)?, clients_owing: r.get(1)?, credit_cents: r.get(2)? }),
    )?)
}

/// A payment she received.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewPayment {
    pub client_id: i64,
    pub on_date: String,
    pub cents: i64,
    pub method: Method,
    pub reference: String,
}

pub fn record_payment(session: &mut Session, payment: &NewPayment, today: NaiveDate) -> Result<Entry, MoneyError> {
    check_cents("cents", payment.cents, false)?;
    let on = past_day("onDate", &payment.on_date, today)?;
    if payment.reference.chars().count() > 80 {
        return Err(invalid("reference", "Keep the reference short (up to 80 characters)."));
    }
    let tx = session.conn_mut().transaction()?;
    require_client(&tx, payment.client_id)?;
    let id = insert_payment(&tx, payment.client_id, on, payment.cents, payment.method, payment.reference.trim())?;
    tx.commit()?;
    get(session.conn(), id)
}

/// A checked payment of `cents` (above zero), in the caller's transaction.
pub(crate) fn insert_payment(
    conn: &Connection,
    client_id: i64,
    on: NaiveDate,
    cents: i64,
    method: Method,
    reference: &str,
) -> Result<i64, MoneyError> {
    conn.prepare_cached(
        "INSERT INTO money_entries (client_id, kind, on_date, cents, method, reference, recorded_at)
         VALUES (?1, 'payment', ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![client_id, iso(on), -cents, method.as_str(), reference, now_utc()])?;
    Ok(conn.last_insert_rowid())
}

/// A charge she makes by hand (a crisis session's added time, a corrected amount), not tied to a
/// session: the charges of attendance are posted for her.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewCharge {
    pub client_id: i64,
    pub on_date: String,
    pub service: Service,
    /// None: her fee for the service on that day (or the client's sliding scale).
    pub cents: Option<i64>,
    pub modality: Modality,
}

pub fn charge(session: &mut Session, new: &NewCharge, today: NaiveDate) -> Result<Entry, MoneyError> {
    let on = past_day("onDate", &new.on_date, today)?;
    if let Some(cents) = new.cents {
        check_cents("cents", cents, false)?;
    }
    let tx = session.conn_mut().transaction()?;
    require_client(&tx, new.client_id)?;
    let fee = fees::price(&tx, new.client_id, new.service, on)?;
    let code = fee.as_ref().map_or_else(|| new.service.default_code().to_owned(), |f| f.code.clone());
    let label = fee.as_ref().map_or_else(|| new.service.default_label().to_owned(), |f| f.label.clone());
    let cents = match (new.cents, fee) {
        (Some(cents), _) => cents,
        (None, Some(fee)) if fee.cents > 0 => fee.cents,
        _ => return Err(invalid("cents", "There is no fee for this service on that day: give the amount.")),
    };
    let billing = fees::billing(&tx, new.client_id)?;
    let line =
        ChargeLine { client_id: new.client_id, session_id: None, service: new.service, on, modality: new.modality };
    let id = insert_charge(&tx, &line, billing, &code, &label, cents)?;
    tx.commit()?;
    get(session.conn(), id)
}

struct ChargeLine {
    client_id: i64,
    session_id: Option<i64>,
    service: Service,
    on: NaiveDate,
    modality: Modality,
}

fn insert_charge(
    tx: &Connection,
    line: &ChargeLine,
    billing: fees::Billing,
    code: &str,
    label: &str,
    cents: i64,
) -> Result<i64, MoneyError> {
    // A missed appointment is no service: no place or modifier for an insurer to read.
    let (place, modifier) =
        if line.service.is_session() { billing.place_and_modifier(line.modality) } else { ("", "") };
    tx.prepare_cached(
        "INSERT INTO money_entries (client_id, kind, on_date, cents, session_id, service, code, label, modifier,
             place, units, recorded_at)
         VALUES (?1, 'charge', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)",
    )?
    .execute(params![
        line.client_id,
        iso(line.on),
        cents,
        line.session_id,
        line.service.as_str(),
        code,
        label,
        modifier,
        place,
        now_utc()
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Waives a charge that stands (a no-show she forgives), with her reason.
pub fn waive(
    session: &mut Session,
    charge_id: i64,
    reason: &str,
    on_date: &str,
    today: NaiveDate,
) -> Result<Entry, MoneyError> {
    let reason = required_reason(reason)?;
    let on = past_day("onDate", on_date, today)?;
    let tx = session.conn_mut().transaction()?;
    let target = get(&tx, charge_id)?;
    if target.kind != EntryKind::Charge {
        return Err(MoneyError::NotAllowed("Only a charge can be waived.".into()));
    }
    if target.reversed || target.waived {
        return Err(MoneyError::NotAllowed("This charge is already reversed or waived.".into()));
    }
    tx.execute(
        "INSERT INTO money_entries (client_id, kind, on_date, cents, reason, applies_to, recorded_at)
         VALUES (?1, 'waiver', ?2, ?3, ?4, ?5, ?6)",
        params![target.client_id, iso(on), -target.cents, reason, target.id, now_utc()],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    get(session.conn(), id)
}

/// Corrects an entry by reversing it, with her reason (nothing is deleted). Reversing a waived
/// charge reverses its waiver too, so the balance stays what the entries say.
pub fn reverse(
    session: &mut Session,
    entry_id: i64,
    reason: &str,
    on_date: &str,
    today: NaiveDate,
) -> Result<Entry, MoneyError> {
    let reason = required_reason(reason)?;
    let on = past_day("onDate", on_date, today)?;
    let tx = session.conn_mut().transaction()?;
    let target = get(&tx, entry_id)?;
    if target.kind == EntryKind::Reversal {
        return Err(MoneyError::NotAllowed("A reversal is not reversed: record the right entry again.".into()));
    }
    if target.reversed {
        return Err(MoneyError::NotAllowed("This entry is already reversed.".into()));
    }
    let id = reverse_in(&tx, &target, reason, "", on)?;
    tx.commit()?;
    get(session.conn(), id)
}

/// Reverses an entry that stands, and a charge's waiver with it. `reference` marks the
/// reversals made for changed attendance (`attendance`), which may be charged again.
fn reverse_in(
    tx: &Connection,
    target: &Entry,
    reason: &str,
    reference: &str,
    on: NaiveDate,
) -> Result<i64, MoneyError> {
    let insert = |entry_id: i64, cents: i64| -> Result<i64, MoneyError> {
        tx.prepare_cached(
            "INSERT INTO money_entries (client_id, kind, on_date, cents, reference, reason, applies_to, recorded_at)
             VALUES (?1, 'reversal', ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![target.client_id, iso(on), -cents, reference, reason, entry_id, now_utc()])?;
        Ok(tx.last_insert_rowid())
    };
    if target.waived {
        let (waiver, cents): (i64, i64) = tx.query_row(
            "SELECT w.id, w.cents FROM money_entries w WHERE w.applies_to = ?1 AND w.kind = 'waiver'
                 AND NOT EXISTS (SELECT 1 FROM money_entries r WHERE r.applies_to = w.id AND r.kind = 'reversal')",
            [target.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        insert(waiver, cents)?;
    }
    insert(target.id, target.cents)
}

fn required_reason(reason: &str) -> Result<&str, MoneyError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(invalid("reason", "Say why, in a few words (up to 200 characters)."));
    }
    Ok(reason)
}

/// A day she typed, not after today.
fn past_day(field: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, MoneyError> {
    match parse_day(value) {
        Some(day) if day <= today => Ok(day),
        Some(_) => Err(invalid(field, "This cannot be dated in the future.")),
        None => Err(invalid(field, "Give the date.")),
    }
}

/// The reason written on a charge reversed because its session changed.
const CHANGED: &str = "The session's attendance, service or date changed";

/// Posts the charges of attendance up to `through` (today), for one client or all: each
/// chargeable session without its charge gets one, each charge whose session changed is
/// reversed (and charged again as the session now is). Returns how many entries it wrote.
pub fn post_charges(session: &mut Session, client_id: Option<i64>, through: NaiveDate) -> Result<u32, MoneyError> {
    let tx = session.conn_mut().transaction()?;
    let written = post_charges_in(&tx, client_id, through)?;
    tx.commit()?;
    Ok(written)
}

struct Held {
    client_id: i64,
    date: NaiveDate,
    service: Service,
    modality: Modality,
}

pub(crate) fn post_charges_in(
    tx: &Transaction<'_>,
    client_id: Option<i64>,
    through: NaiveDate,
) -> Result<u32, MoneyError> {
    let mut held: HashMap<i64, Held> = HashMap::new();
    {
        // One client's through her index; all clients in one pass over the table.
        let mut stmt = tx.prepare_cached(match client_id {
            Some(_) => {
                "SELECT id, client_id, date, start_time, end_time, kind, modality, attendance FROM sessions
                 WHERE client_id = ?2 AND date <= ?1 AND attendance IN ('attended', 'late_cancel', 'no_show')"
            }
            None => {
                "SELECT id, client_id, date, start_time, end_time, kind, modality, attendance FROM sessions
                 WHERE date <= ?1 AND attendance IN ('attended', 'late_cancel', 'no_show') AND ?2 IS NULL"
            }
        })?;
        let mut rows = stmt.query(params![iso(through), client_id])?;
        while let Some(row) = rows.next()? {
            let minutes = minutes_between(&row.get::<_, String>(3)?, &row.get::<_, String>(4)?);
            let kind = sessions::parse_kind(&row.get::<_, String>(5)?);
            let attendance = sessions::parse_attendance(&row.get::<_, String>(7)?);
            let Some(service) = Service::for_session(kind, minutes, attendance) else { continue };
            let Some(date) = parse_day(&row.get::<_, String>(2)?) else { continue };
            let modality = sessions::parse_modality(&row.get::<_, String>(6)?);
            held.insert(row.get(0)?, Held { client_id: row.get(1)?, date, service, modality });
        }
    }
    // Every charge of a session: those that stand, and the sessions she corrected by hand.
    let mut standing: Vec<(Entry, i64)> = Vec::new();
    let mut corrected: HashSet<i64> = HashSet::new();
    {
        let which = if client_id.is_some() { "e.client_id = ?1" } else { "?1 IS NULL" };
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS}, (SELECT r.reference FROM money_entries r WHERE r.applies_to = e.id
                 AND r.kind = 'reversal') FROM money_entries e
             WHERE {which} AND e.kind = 'charge' AND e.session_id IS NOT NULL"
        ))?;
        let mut rows = stmt.query(params![client_id])?;
        while let Some(row) = rows.next()? {
            let entry = read_entry(row)?;
            let session_id = entry.session_id.unwrap_or_default();
            match row.get::<_, Option<String>>(18)? {
                None => standing.push((entry, session_id)),
                Some(reference) if reference != "attendance" => {
                    corrected.insert(session_id);
                }
                Some(_) => {}
            }
        }
    }
    let mut written = 0;
    let mut charged: HashSet<i64> = HashSet::new();
    for (entry, session_id) in standing {
        let still =
            held.get(&session_id).is_some_and(|h| Some(h.service) == entry.service && iso(h.date) == entry.on_date);
        if still {
            charged.insert(session_id);
        } else {
            reverse_in(tx, &entry, CHANGED, "attendance", through)?;
            written += 1 + u32::from(entry.waived);
        }
    }
    let mut due: Vec<(&i64, &Held)> =
        held.iter().filter(|(id, _)| !charged.contains(id) && !corrected.contains(id)).collect();
    due.sort_by_key(|(id, h)| (h.date, **id));
    for (session_id, h) in due {
        let Some(fee) = fees::price(tx, h.client_id, h.service, h.date)? else { continue };
        if fee.cents == 0 {
            continue;
        }
        let billing = fees::billing(tx, h.client_id)?;
        let line = ChargeLine {
            client_id: h.client_id,
            session_id: Some(*session_id),
            service: h.service,
            on: h.date,
            modality: h.modality,
        };
        insert_charge(tx, &line, billing, &fee.code, &fee.label, fee.cents)?;
        written += 1;
    }
    Ok(written)
}

fn minutes_between(start: &str, end: &str) -> i64 {
    let parse = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok();
    match (parse(start), parse(end)) {
        (Some(s), Some(e)) => (e - s).num_minutes(),
        _ => 0,
    }
}
