//! Authorizations to release information: recorded, printed to sign, signed, revoked.
//!
//! Once signed, the terms are what the client signed: the vault refuses to change them (a
//! trigger, see migration 5), and only the end of the authorization can still be recorded
//! (revoked, or its expiry event happened).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Params, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Category, DisclosureError, Problems};
use crate::audit::{self, AuditEvent};
use crate::consent::signatures::SignedBy;
use crate::consent::{templates, Extra, FormKind};
use crate::forms::template::TICKED;
use crate::register;
use crate::time::{now_utc, parse_day};
use crate::vault::Session;

const MAX_TEXT: usize = 2_000;
/// "Other" is a line or two on the paper form, not a letter.
const MAX_OTHER: usize = 1_000;

/// The ordinary release form, or the separate one for psychotherapy notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizationKind {
    #[default]
    Release,
    PsychotherapyNotes,
}

impl AuthorizationKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::PsychotherapyNotes => "psychotherapy_notes",
        }
    }

    fn parse(value: &str) -> Self {
        if value == "psychotherapy_notes" {
            Self::PsychotherapyNotes
        } else {
            Self::Release
        }
    }

    /// The form printed for her to sign.
    pub fn form(self) -> FormKind {
        match self {
            Self::Release => FormKind::ReleaseAuthorization,
            Self::PsychotherapyNotes => FormKind::PsychotherapyNotesAuthorization,
        }
    }
}

/// Where an authorization stands on a given day. Only `Active` lets anything go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizationState {
    Unsigned,
    /// Signed, but its effective date is still ahead.
    NotYetEffective,
    Active,
    Expired,
    Revoked,
}

impl AuthorizationState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Unsigned => "unsigned",
            Self::NotYetEffective => "not yet effective",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

/// What the therapist types for a new authorization (or an unsigned one she corrects).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthorizationInput {
    pub client_id: i64,
    pub kind: AuthorizationKind,
    pub recipient_name: String,
    pub recipient_organisation: String,
    pub recipient_address: String,
    /// Phone and fax, as she writes them.
    pub recipient_phone: String,
    /// For a psychotherapy-notes authorization this is always psychotherapy notes alone.
    pub categories: Vec<Category>,
    pub purpose: String,
    /// `YYYY-MM-DD`.
    pub effective_on: String,
    /// `YYYY-MM-DD`; an expiry event may stand instead.
    pub expires_on: Option<String>,
    pub expiry_event: String,
    /// The first date of service it covers, `YYYY-MM-DD`; none: from the first session.
    pub covers_from: Option<String>,
    /// The last date of service it covers, `YYYY-MM-DD`; none: up to its end.
    pub covers_to: Option<String>,
    /// Whether she may also talk with the recipient (a verbal disclosure).
    pub conversations: bool,
    /// Anything else the client named, in her words (printed after "Other").
    pub other_information: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    pub id: i64,
    pub client_id: i64,
    pub kind: AuthorizationKind,
    pub recipient_name: String,
    pub recipient_organisation: String,
    pub recipient_address: String,
    pub recipient_phone: String,
    pub categories: Vec<Category>,
    pub purpose: String,
    pub effective_on: String,
    pub expires_on: Option<String>,
    pub expiry_event: String,
    pub covers_from: Option<String>,
    pub covers_to: Option<String>,
    pub conversations: bool,
    pub other_information: String,
    pub signed_on: Option<String>,
    pub signed_by: Option<SignedBy>,
    /// The form version she recorded as signed.
    pub form_version: Option<u32>,
    /// When the expiry event happened, once she records it.
    pub event_occurred_on: Option<String>,
    pub revoked_on: Option<String>,
    pub revoked_how: String,
    /// As of the day it was read.
    pub state: AuthorizationState,
}

impl Authorization {
    /// Where it stands on `day`: revoked or ended on or before `day` is unusable from that day.
    pub fn state_on(&self, day: NaiveDate) -> AuthorizationState {
        let on_or_before = |date: &Option<String>| date.as_deref().and_then(parse_day).is_some_and(|d| d <= day);
        if self.signed_on.is_none() {
            AuthorizationState::Unsigned
        } else if on_or_before(&self.revoked_on) {
            AuthorizationState::Revoked
        } else if on_or_before(&self.event_occurred_on)
            || self.expires_on.as_deref().and_then(parse_day).is_some_and(|d| d < day)
        {
            AuthorizationState::Expired
        } else if parse_day(&self.effective_on).is_none_or(|d| d > day) {
            AuthorizationState::NotYetEffective
        } else {
            AuthorizationState::Active
        }
    }

    pub fn covers(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }

    /// Whether the dates of service it covers include `day` (an item without a date is outside
    /// any range she wrote).
    pub fn covers_day(&self, day: Option<NaiveDate>) -> bool {
        let bound = |d: &Option<String>| d.as_deref().and_then(parse_day);
        let (from, to) = (bound(&self.covers_from), bound(&self.covers_to));
        match day {
            Some(day) => from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t),
            None => from.is_none() && to.is_none(),
        }
    }

    /// `Dr. Lee, Riverside OB`.
    pub fn recipient(&self) -> String {
        join_nonempty(&[&self.recipient_name, &self.recipient_organisation], ", ")
    }
}

pub(crate) fn join_nonempty(parts: &[&str], separator: &str) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(separator)
}

fn check(input: &AuthorizationInput) -> Result<AuthorizationInput, DisclosureError> {
    let mut problems = Problems::default();
    let mut clean = input.clone();
    for text in [
        &mut clean.recipient_name,
        &mut clean.recipient_organisation,
        &mut clean.recipient_address,
        &mut clean.recipient_phone,
        &mut clean.purpose,
        &mut clean.expiry_event,
        &mut clean.other_information,
    ] {
        *text = text.trim().to_owned();
    }
    for date in [&mut clean.expires_on, &mut clean.covers_from, &mut clean.covers_to] {
        *date = date.take().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    }
    if clean.recipient_name.is_empty() && clean.recipient_organisation.is_empty() {
        problems.add("recipientName", "Name the recipient: a person or an organization.");
    }
    if clean.purpose.is_empty() {
        problems.add("purpose", "Write the purpose (“at the client's request” is enough if she asked).");
    }
    let long = [&clean.recipient_name, &clean.recipient_organisation, &clean.recipient_address, &clean.purpose];
    if long.iter().any(|t| t.chars().count() > MAX_TEXT) || clean.expiry_event.chars().count() > MAX_TEXT {
        problems.add("purpose", "Keep each detail under 2,000 characters.");
    }
    if clean.other_information.chars().count() > MAX_OTHER {
        problems
            .add("otherInformation", "Keep “other” under 1,000 characters: the paper form has a line or two for it.");
    }
    match clean.kind {
        AuthorizationKind::PsychotherapyNotes => clean.categories = vec![Category::PsychotherapyNotes],
        AuthorizationKind::Release => {
            clean.categories.sort();
            clean.categories.dedup();
            if clean.categories.contains(&Category::PsychotherapyNotes) {
                problems.add(
                    "categories",
                    "Psychotherapy notes need their own authorization: record a separate one for them.",
                );
            } else if clean.categories.is_empty() && !clean.conversations && clean.other_information.is_empty() {
                problems.add("categories", "Mark at least one kind of information the client agreed to share.");
            }
        }
    }
    let effective = parse_day(&clean.effective_on);
    if effective.is_none() {
        problems.add("effectiveOn", "Give the date it takes effect.");
    }
    match clean.expires_on.as_deref().map(parse_day) {
        None if clean.expiry_event.is_empty() => {
            problems.add("expiresOn", "Give an expiry date or the event that ends it.");
        }
        Some(None) => problems.add("expiresOn", "That expiry date is not a date."),
        Some(Some(expires)) if effective.is_some_and(|e| expires < e) => {
            problems.add("expiresOn", "It cannot expire before it takes effect.");
        }
        _ => {}
    }
    let from = clean.covers_from.as_deref().map(|d| (d, parse_day(d)));
    let to = clean.covers_to.as_deref().map(|d| (d, parse_day(d)));
    if let Some((_, None)) = from {
        problems.add("coversFrom", "That first date of service is not a date.");
    }
    if let Some((_, None)) = to {
        problems.add("coversTo", "That last date of service is not a date.");
    }
    if let (Some((_, Some(from))), Some((_, Some(to)))) = (from, to) {
        if to < from {
            problems.add("coversTo", "The last date of service covered cannot be before the first.");
        }
    }
    for date in [&mut clean.covers_from, &mut clean.covers_to] {
        *date = date.as_deref().and_then(parse_day).map(|d| d.format("%Y-%m-%d").to_string()).or(date.take());
    }
    problems.finish()?;
    Ok(clean)
}

fn categories_text(categories: &[Category]) -> String {
    categories.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" ")
}

const COLUMNS: &str = "a.id, a.client_id, a.kind, a.recipient_name, a.recipient_organisation, a.recipient_address,
    a.recipient_phone, a.categories, a.purpose, a.effective_on, a.expires_on, a.expiry_event, a.signed_on,
    a.signed_by, t.version, a.event_occurred_on, a.revoked_on, a.revoked_how, a.covers_from, a.covers_to,
    a.conversations, a.other_information";

fn read(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<Authorization> {
    let categories: String = row.get(7)?;
    let mut authorization = Authorization {
        id: row.get(0)?,
        client_id: row.get(1)?,
        kind: AuthorizationKind::parse(&row.get::<_, String>(2)?),
        recipient_name: row.get(3)?,
        recipient_organisation: row.get(4)?,
        recipient_address: row.get(5)?,
        recipient_phone: row.get(6)?,
        categories: categories.split(' ').filter_map(Category::parse).collect(),
        purpose: row.get(8)?,
        effective_on: row.get(9)?,
        expires_on: row.get(10)?,
        expiry_event: row.get(11)?,
        signed_on: row.get(12)?,
        signed_by: row.get::<_, Option<String>>(13)?.map(|s| SignedBy::parse(&s)),
        form_version: row.get(14)?,
        event_occurred_on: row.get(15)?,
        revoked_on: row.get(16)?,
        revoked_how: row.get(17)?,
        covers_from: row.get(18)?,
        covers_to: row.get(19)?,
        conversations: row.get(20)?,
        other_information: row.get(21)?,
        state: AuthorizationState::Unsigned,
    };
    authorization.state = authorization.state_on(today);
    Ok(authorization)
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<Authorization, DisclosureError> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM authorizations a LEFT JOIN form_templates t ON t.id = a.template_id WHERE a.id = ?1"
        ),
        [id],
        |r| read(r, today),
    )
    .optional()?
    .ok_or(DisclosureError::NotFound("That authorization is not in the vault."))
}

/// A client's authorizations: active first, then unsigned, then the ended ones; newest first.
pub fn list(conn: &Connection, client_id: i64, today: NaiveDate) -> Result<Vec<Authorization>, DisclosureError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM authorizations a LEFT JOIN form_templates t ON t.id = a.template_id
         WHERE a.client_id = ?1 ORDER BY a.effective_on DESC, a.id DESC"
    ))?;
    let mut all: Vec<Authorization> = stmt.query_map([client_id], |r| read(r, today))?.collect::<Result<_, _>>()?;
    all.sort_by_key(|a| match a.state {
        AuthorizationState::Active => 0,
        AuthorizationState::NotYetEffective => 1,
        AuthorizationState::Unsigned => 2,
        AuthorizationState::Expired | AuthorizationState::Revoked => 3,
    });
    Ok(all)
}

fn record(tx: &Transaction<'_>, client_id: i64, id: i64, what: &str) -> Result<(), DisclosureError> {
    audit::append(tx, AuditEvent::AuthorizationChanged, &format!("client={client_id} authorization={id} {what}"))?;
    Ok(())
}

pub fn create(
    session: &mut Session,
    input: &AuthorizationInput,
    today: NaiveDate,
) -> Result<Authorization, DisclosureError> {
    let clean = check(input)?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    register::get(&tx, clean.client_id)?;
    tx.execute(
        "INSERT INTO authorizations (client_id, kind, recipient_name, recipient_organisation, recipient_address,
             recipient_phone, categories, purpose, effective_on, expires_on, expiry_event, covers_from, covers_to,
             conversations, other_information, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?12, ?12)",
        terms_params(clean.client_id, &clean),
    )?;
    let id = tx.last_insert_rowid();
    record(&tx, clean.client_id, id, "created")?;
    tx.commit()?;
    get(session.conn(), id, today)
}

/// Corrects an authorization not yet signed. A signed one is what the client signed.
pub fn update(
    session: &mut Session,
    id: i64,
    input: &AuthorizationInput,
    today: NaiveDate,
) -> Result<Authorization, DisclosureError> {
    let clean = check(input)?;
    let current = get(session.conn(), id, today)?;
    if current.signed_on.is_some() {
        return Err(invalid("kind", "A signed authorization cannot be changed: record a new one."));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE authorizations SET kind = ?2, recipient_name = ?3, recipient_organisation = ?4,
             recipient_address = ?5, recipient_phone = ?6, categories = ?7, purpose = ?8, effective_on = ?9,
             expires_on = ?10, expiry_event = ?11, updated_at = ?12, covers_from = ?13, covers_to = ?14,
             conversations = ?15, other_information = ?16
         WHERE id = ?1 AND signed_on IS NULL",
        terms_params(id, &clean),
    )?;
    record(&tx, current.client_id, id, "corrected")?;
    tx.commit()?;
    get(session.conn(), id, today)
}

/// An authorization's row as the INSERT and the UPDATE both bind it: `key` (the client or the
/// authorization) as `?1`, its checked terms as `?2` to `?11` and `?13` to `?16`, and the time
/// as `?12`.
fn terms_params(key: i64, terms: &AuthorizationInput) -> impl Params + '_ {
    (
        key,
        terms.kind.as_str(),
        &terms.recipient_name,
        &terms.recipient_organisation,
        &terms.recipient_address,
        &terms.recipient_phone,
        categories_text(&terms.categories),
        &terms.purpose,
        terms.effective_on.trim(),
        &terms.expires_on,
        &terms.expiry_event,
        now_utc(),
        &terms.covers_from,
        &terms.covers_to,
        terms.conversations,
        &terms.other_information,
    )
}

fn invalid(field: &str, message: &str) -> DisclosureError {
    let mut problems = Problems::default();
    problems.add(field, message);
    problems.finish().expect_err("one problem")
}

/// A date she records for this authorization: valid, not in the future, not before `not_before`.
fn recorded_day(field: &str, value: &str, not_before: &str, today: NaiveDate) -> Result<String, DisclosureError> {
    let Some(day) = parse_day(value) else {
        return Err(invalid(field, "Give the date."));
    };
    if day > today {
        return Err(invalid(field, "That date is in the future."));
    }
    if parse_day(not_before).is_some_and(|earliest| day < earliest) {
        return Err(invalid(field, "That date is before the authorization was signed."));
    }
    Ok(day.format("%Y-%m-%d").to_string())
}

/// Records the date the client (or her representative) signed the printed form: the current
/// version of its form is the one signed.
pub fn sign(
    session: &mut Session,
    id: i64,
    signed_on: &str,
    signed_by: SignedBy,
    today: NaiveDate,
) -> Result<Authorization, DisclosureError> {
    let current = get(session.conn(), id, today)?;
    if current.signed_on.is_some() {
        return Err(invalid("signedOn", "This authorization is already signed."));
    }
    let day = recorded_day("signedOn", signed_on, "", today)?;
    let (version, _) = templates::current(session.conn(), current.kind.form())?;
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE authorizations SET signed_on = ?2, signed_by = ?3, template_id = ?4, updated_at = ?5
         WHERE id = ?1 AND signed_on IS NULL",
        params![id, day, signed_by.as_str(), version.id, now_utc()],
    )?;
    record(&tx, current.client_id, id, "signed")?;
    tx.commit()?;
    get(session.conn(), id, today)
}

/// How an authorization ended before its expiry date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Ending {
    /// The client revoked it: the date and how (in writing, a letter dated ...).
    Revoked { on: String, how: String },
    /// The event named as its expiry happened.
    EventOccurred { on: String },
}

pub fn end(
    session: &mut Session,
    id: i64,
    ending: &Ending,
    today: NaiveDate,
) -> Result<Authorization, DisclosureError> {
    let current = get(session.conn(), id, today)?;
    let signed_on = current.signed_on.clone().ok_or_else(|| {
        invalid("on", "This authorization was never signed, so there is nothing to end: correct it instead.")
    })?;
    if current.revoked_on.is_some() || current.event_occurred_on.is_some() {
        return Err(invalid("on", "This authorization has already ended."));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    match ending {
        Ending::Revoked { on, how } => {
            let day = recorded_day("on", on, &signed_on, today)?;
            if how.trim().is_empty() {
                return Err(invalid("how", "Write how the client revoked it (for example, her letter of that date)."));
            }
            tx.execute(
                "UPDATE authorizations SET revoked_on = ?2, revoked_how = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, day, how.trim(), now_utc()],
            )?;
            record(&tx, current.client_id, id, "revoked")?;
        }
        Ending::EventOccurred { on } => {
            if current.expiry_event.is_empty() {
                return Err(invalid("on", "This authorization names no expiry event."));
            }
            let day = recorded_day("on", on, &signed_on, today)?;
            tx.execute(
                "UPDATE authorizations SET event_occurred_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, day, now_utc()],
            )?;
            record(&tx, current.client_id, id, "expiry_event")?;
        }
    }
    tx.commit()?;
    get(session.conn(), id, today)
}

/// Deletes an authorization recorded by mistake, only while unsigned.
pub fn delete_unsigned(session: &mut Session, id: i64, today: NaiveDate) -> Result<(), DisclosureError> {
    let current = get(session.conn(), id, today)?;
    if current.signed_on.is_some() {
        return Err(invalid("id", "A signed authorization is kept: revoke it instead."));
    }
    let tx = session.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM authorizations WHERE id = ?1 AND signed_on IS NULL", [id])?;
    record(&tx, current.client_id, id, "deleted")?;
    tx.commit()?;
    Ok(())
}

/// The paper must name what she agrees to: a kind chosen that the form's current version has no
/// box for (a form saved before that kind existed) refuses printing, unless the form lists the
/// kinds in words (`{{authorization.information}}`).
fn check_form_names_the_kinds(conn: &Connection, authorization: &Authorization) -> Result<(), DisclosureError> {
    let (version, template) = templates::current_template(conn, authorization.kind.form())?;
    let used = template.placeholders();
    if used.contains(&"authorization.information") {
        return Ok(());
    }
    let missing: Vec<&str> = authorization
        .categories
        .iter()
        .filter(|c| !used.contains(&format!("authorization.{}", c.as_str()).as_str()))
        .map(|c| c.label())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(invalid(
        "categories",
        &format!(
            "Nothing was printed: your form “{}” (version {}) has no box for {}, so the client would sign a paper \
             that does not name it. Add its line to the form (Forms: the default text has it), then print.",
            version.title,
            version.version,
            missing.join(" and ")
        ),
    ))
}

/// This authorization's form filled with its terms, as it prints (nothing is written anywhere).
pub fn render(conn: &Connection, id: i64, today: NaiveDate) -> Result<Vec<u8>, DisclosureError> {
    let authorization = get(conn, id, today)?;
    check_form_names_the_kinds(conn, &authorization)?;
    let values = |name: &str| placeholder_value(&authorization, name);
    let extra = Extra { values: &values, ..Extra::NONE };
    let (pdf, ..) = crate::consent::packet::render_form_filled(
        conn,
        authorization.client_id,
        authorization.kind.form(),
        today,
        extra,
    )?;
    Ok(pdf)
}

/// Prints this authorization's form, filled with its terms, for the client to sign.
pub fn print(session: &Session, id: i64, today: NaiveDate) -> Result<(), DisclosureError> {
    let authorization = get(session.conn(), id, today)?;
    check_form_names_the_kinds(session.conn(), &authorization)?;
    let values = |name: &str| placeholder_value(&authorization, name);
    let extra = Extra { values: &values, ..Extra::NONE };
    crate::consent::packet::print_form_filled(
        session,
        authorization.client_id,
        authorization.kind.form(),
        today,
        extra,
    )?;
    Ok(())
}

/// The values of the `{{authorization.*}}` placeholders when this authorization is printed: its
/// boxes (`authorization.<kind>`, `.conversations`, `.other`) are yes when chosen.
pub(crate) fn placeholder_value(authorization: &Authorization, name: &str) -> Option<String> {
    let a = authorization;
    let long = |iso: &str| parse_day(iso).map(|d| d.format("%B %-d, %Y").to_string()).unwrap_or_default();
    let tick = |chosen: bool| if chosen { TICKED.to_owned() } else { String::new() };
    if let Some(category) = name.strip_prefix("authorization.").and_then(Category::parse) {
        return Some(tick(a.covers(category)));
    }
    Some(match name {
        "authorization.conversations" => tick(a.conversations),
        "authorization.other" => tick(!a.other_information.is_empty()),
        // Recorded without "other": says so, rather than leave a line someone could write on.
        "authorization.other_information" if a.other_information.is_empty() => "none".to_owned(),
        "authorization.other_information" => a.other_information.clone(),
        "authorization.dates_covered" => match (a.covers_from.as_deref(), a.covers_to.as_deref()) {
            (None, None) => "all dates of service".to_owned(),
            (Some(from), None) => format!("from {} on", long(from)),
            (None, Some(to)) => format!("up to {}", long(to)),
            (Some(from), Some(to)) => format!("from {} to {}", long(from), long(to)),
        },
        "authorization.recipient_name" => a.recipient_name.clone(),
        "authorization.recipient_organisation" => a.recipient_organisation.clone(),
        "authorization.recipient_address" => a.recipient_address.clone(),
        "authorization.recipient_phone" => a.recipient_phone.clone(),
        "authorization.information" => a.categories.iter().map(|c| c.label()).collect::<Vec<_>>().join(", "),
        "authorization.purpose" => a.purpose.clone(),
        "authorization.effective_date" => long(&a.effective_on),
        "authorization.expiry" => match (&a.expires_on, a.expiry_event.is_empty()) {
            (Some(date), true) => long(date),
            (Some(date), false) => format!("{}, or {}, whichever comes first", long(date), a.expiry_event),
            (None, _) => a.expiry_event.clone(),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    fn signed(expires_on: Option<&str>) -> Authorization {
        Authorization {
            id: 1,
            client_id: 1,
            kind: AuthorizationKind::Release,
            recipient_name: "Dr. Lee".into(),
            recipient_organisation: String::new(),
            recipient_address: String::new(),
            recipient_phone: String::new(),
            categories: vec![Category::ProgressNotes],
            purpose: "care".into(),
            effective_on: "2026-03-01".into(),
            expires_on: expires_on.map(str::to_owned),
            expiry_event: String::new(),
            covers_from: None,
            covers_to: None,
            conversations: false,
            other_information: String::new(),
            signed_on: Some("2026-02-27".into()),
            signed_by: Some(SignedBy::Client),
            form_version: Some(1),
            event_occurred_on: None,
            revoked_on: None,
            revoked_how: String::new(),
            state: AuthorizationState::Unsigned,
        }
    }

    #[test]
    fn an_authorization_is_active_from_its_effective_date_through_its_expiry_date() {
        let a = signed(Some("2026-06-30"));
        assert_eq!(a.state_on(day("2026-02-28")), AuthorizationState::NotYetEffective);
        assert_eq!(a.state_on(day("2026-03-01")), AuthorizationState::Active);
        assert_eq!(a.state_on(day("2026-06-30")), AuthorizationState::Active, "the expiry day still counts");
        assert_eq!(a.state_on(day("2026-07-01")), AuthorizationState::Expired);
    }

    #[test]
    fn revocation_and_the_expiry_event_end_it_from_their_day() {
        let mut a = signed(None);
        a.revoked_on = Some("2026-04-10".into());
        assert_eq!(a.state_on(day("2026-04-09")), AuthorizationState::Active);
        assert_eq!(a.state_on(day("2026-04-10")), AuthorizationState::Revoked);
        let mut b = signed(None);
        b.event_occurred_on = Some("2026-05-01".into());
        assert_eq!(b.state_on(day("2026-05-01")), AuthorizationState::Expired);
    }

    #[test]
    fn an_authorization_needs_a_recipient_a_purpose_and_an_end() {
        let Err(DisclosureError::Invalid(problems)) = check(&AuthorizationInput::default()) else {
            panic!("an empty authorization was accepted");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        for field in ["recipientName", "purpose", "categories", "effectiveOn", "expiresOn"] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
    }

    #[test]
    fn an_authorization_cannot_expire_before_it_starts() {
        let input = AuthorizationInput {
            recipient_name: "Dr. Lee".into(),
            purpose: "care".into(),
            categories: vec![Category::ProgressNotes],
            effective_on: "2026-03-01".into(),
            expires_on: Some("2026-02-01".into()),
            ..Default::default()
        };
        let Err(DisclosureError::Invalid(problems)) = check(&input) else { panic!("accepted") };
        assert_eq!(problems[0].message, "It cannot expire before it takes effect.");
    }

    fn valid() -> AuthorizationInput {
        AuthorizationInput {
            recipient_name: "Dr. Lee".into(),
            purpose: "care".into(),
            categories: vec![Category::ProgressNotes],
            effective_on: "2026-03-01".into(),
            expiry_event: "end of treatment".into(),
            ..Default::default()
        }
    }

    fn problems_of(input: &AuthorizationInput) -> Vec<(String, String)> {
        match check(input) {
            Err(DisclosureError::Invalid(problems)) => problems.into_iter().map(|p| (p.field, p.message)).collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_dates_of_service_covered_are_optional_dates_the_last_not_before_the_first() {
        let both = AuthorizationInput {
            covers_from: Some(" 2026-1-5 ".into()),
            covers_to: Some("2026-06-30".into()),
            ..valid()
        };
        let clean = check(&both).expect("a range");
        assert_eq!(
            (clean.covers_from.as_deref(), clean.covers_to.as_deref()),
            (Some("2026-01-05"), Some("2026-06-30"))
        );
        let open = check(&AuthorizationInput { covers_from: Some(String::new()), covers_to: None, ..valid() });
        assert_eq!(open.expect("no range").covers_from, None, "an empty date is no limit");
        let same_day = AuthorizationInput {
            covers_from: Some("2026-03-01".into()),
            covers_to: Some("2026-03-01".into()),
            ..valid()
        };
        assert!(check(&same_day).is_ok(), "one day of service");

        let backwards = AuthorizationInput {
            covers_from: Some("2026-06-30".into()),
            covers_to: Some("2026-01-05".into()),
            ..valid()
        };
        assert_eq!(problems_of(&backwards)[0].0, "coversTo");
        let nonsense =
            AuthorizationInput { covers_from: Some("soon".into()), covers_to: Some("2026-02-30".into()), ..valid() };
        let fields: Vec<String> = problems_of(&nonsense).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["coversFrom", "coversTo"]);
    }

    #[test]
    fn other_information_is_kept_in_her_words_within_a_limit() {
        let other = check(&AuthorizationInput { other_information: "  The discharge letter only. ".into(), ..valid() });
        assert_eq!(other.expect("kept").other_information, "The discharge letter only.");
        let long = AuthorizationInput { other_information: "x".repeat(MAX_OTHER + 1), ..valid() };
        assert_eq!(problems_of(&long)[0].0, "otherInformation");
    }

    #[test]
    fn conversations_or_other_alone_are_enough_to_authorize() {
        let talk = AuthorizationInput { categories: vec![], conversations: true, ..valid() };
        assert!(check(&talk).is_ok(), "an authorization to talk with her midwife only");
        let other = AuthorizationInput { categories: vec![], other_information: "Her birth plan".into(), ..valid() };
        assert!(check(&other).is_ok());
        let nothing = AuthorizationInput { categories: vec![], ..valid() };
        assert_eq!(problems_of(&nothing)[0].0, "categories");
    }

    #[test]
    fn a_new_authorization_may_name_the_diagnosis_and_the_treatment_plan() {
        let input = AuthorizationInput {
            categories: vec![Category::TreatmentPlan, Category::Diagnosis, Category::ProgressNotes],
            ..valid()
        };
        let clean = check(&input).expect("diagnoses and plans are recorded now");
        assert_eq!(clean.categories, [Category::Diagnosis, Category::TreatmentPlan, Category::ProgressNotes]);
    }

    #[test]
    fn a_printed_authorization_ticks_its_kinds_and_says_what_it_covers() {
        let mut a = signed(None);
        a.categories = vec![Category::AttendanceDates, Category::ProgressNotes];
        let value = |name: &str| placeholder_value(&a, name).unwrap_or_else(|| panic!("{name} has a value"));
        assert_eq!(value("authorization.progress_notes"), TICKED);
        assert_eq!(value("authorization.attendance_dates"), TICKED);
        assert_eq!(value("authorization.measures"), "", "a kind she did not choose stays empty");
        assert_eq!(value("authorization.conversations"), "");
        assert_eq!(value("authorization.other"), "");
        assert_eq!(value("authorization.other_information"), "none");
        assert_eq!(value("authorization.dates_covered"), "all dates of service");
        a.conversations = true;
        a.other_information = "The discharge letter".into();
        a.covers_from = Some("2026-01-05".into());
        assert_eq!(placeholder_value(&a, "authorization.conversations").as_deref(), Some(TICKED));
        assert_eq!(placeholder_value(&a, "authorization.other").as_deref(), Some(TICKED));
        assert_eq!(placeholder_value(&a, "authorization.dates_covered").as_deref(), Some("from January 5, 2026 on"));
        a.covers_to = Some("2026-06-30".into());
        assert_eq!(
            placeholder_value(&a, "authorization.dates_covered").as_deref(),
            Some("from January 5, 2026 to June 30, 2026")
        );
        a.covers_from = None;
        assert_eq!(placeholder_value(&a, "authorization.dates_covered").as_deref(), Some("up to June 30, 2026"));
        for name in crate::forms::template::TICK_PLACEHOLDERS {
            assert!(placeholder_value(&a, name).is_some(), "{name} is an authorization's yes/no value");
        }
    }

    #[test]
    fn psychotherapy_notes_are_never_on_an_ordinary_release() {
        let input = AuthorizationInput {
            recipient_name: "Dr. Lee".into(),
            purpose: "care".into(),
            categories: vec![Category::ProgressNotes, Category::PsychotherapyNotes],
            effective_on: "2026-03-01".into(),
            expiry_event: "end of treatment".into(),
            ..Default::default()
        };
        assert!(check(&input).is_err());
        let own =
            check(&AuthorizationInput { kind: AuthorizationKind::PsychotherapyNotes, ..input }).expect("own form");
        assert_eq!(own.categories, vec![Category::PsychotherapyNotes]);
    }
}
