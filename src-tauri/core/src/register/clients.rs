//! Clients: create, read, update, list and search, status changes.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::retention;
use super::text::{self, fold};
use super::validate::{self, years_between, ValidDates};
use super::{
    parse_date, CareContact, Client, ClientFields, ClientPage, ClientStatus, ClientSummary, Contact, EmergencyContact,
    Location, Perinatal, PerinatalStatus, RegisterError, StatusFilter,
};
use crate::error::FieldError;
use crate::time::{iso, now_utc};
use crate::vault::Session;

/// The longest page a list returns.
pub const MAX_PAGE: u32 = 500;

/// Adds a client. `status` is prospective or active (discharge comes later). A client with the
/// same legal name and date of birth as one already in the register is refused with
/// [`RegisterError::PossibleDuplicate`] unless `confirm_duplicate` is true.
pub fn create(
    session: &mut Session,
    fields: &ClientFields,
    status: ClientStatus,
    confirm_duplicate: bool,
    today: NaiveDate,
) -> Result<Client, RegisterError> {
    if status == ClientStatus::Discharged {
        return Err(RegisterError::NotAllowed("A new client starts as prospective or active.".into()));
    }
    let dates = validate::validate(fields, today).map_err(RegisterError::Invalid)?;
    let tx = session.conn_mut().transaction()?;
    if !confirm_duplicate {
        refuse_duplicate(&tx, fields, dates.date_of_birth, None)?;
    }
    let id = insert(&tx, fields, &dates, status, None)?;
    tx.commit()?;
    get(session.conn(), id)
}

/// Replaces a client's fields after the same checks as [`create`]. For a discharged client the
/// retention date is computed again (her date of birth or last service may have changed).
pub fn update(
    session: &mut Session,
    id: i64,
    fields: &ClientFields,
    confirm_duplicate: bool,
    today: NaiveDate,
) -> Result<Client, RegisterError> {
    let dates = validate::validate(fields, today).map_err(RegisterError::Invalid)?;
    let tx = session.conn_mut().transaction()?;
    let current = get(&tx, id)?;
    if !confirm_duplicate {
        refuse_duplicate(&tx, fields, dates.date_of_birth, Some(id))?;
    }
    let values = column_values(fields, &dates, &current.code);
    let assignments: Vec<String> =
        COLUMNS.iter().enumerate().map(|(i, column)| format!("{column} = ?{}", i + 1)).collect();
    let n = COLUMNS.len();
    let sql = format!("UPDATE clients SET {}, updated_at = ?{} WHERE id = ?{}", assignments.join(", "), n + 1, n + 2);
    let mut all = values;
    all.push(Value::Text(now_utc()));
    all.push(Value::Integer(id));
    tx.execute(&sql, params_from_iter(all))?;
    write_name_keys(&tx, id, fields)?;
    retention::refresh(&tx, id)?;
    tx.commit()?;
    get(session.conn(), id)
}

/// One client's whole record.
pub fn get(conn: &Connection, id: i64) -> Result<Client, RegisterError> {
    let sql = format!(
        "SELECT id, code, status, discharge_date, retention_date, last_attended_on, {} FROM clients WHERE id = ?1",
        COLUMNS.join(", ")
    );
    conn.query_row(&sql, [id], read_client).optional()?.ok_or(RegisterError::NotFound)
}

/// The header of a client's page: the same line as in the list.
pub fn summary(conn: &Connection, id: i64, discreet: bool, today: NaiveDate) -> Result<ClientSummary, RegisterError> {
    let sql = format!("SELECT {} FROM clients WHERE id = ?1", summary_columns(discreet));
    // Cached: the schedule and Today ask for one client after another.
    conn.prepare_cached(&sql)?
        .query_row([id], |row| read_summary(row, today))
        .optional()?
        .ok_or(RegisterError::NotFound)
}

/// The client list: filtered by status, searched as she types (legal or preferred name, alias,
/// code, phone digits, email; case and accents ignored), sorted by name, at most `limit` lines.
/// In discreet mode the names are not even read: each line carries the alias or initials.
pub fn list(
    conn: &Connection,
    filter: StatusFilter,
    query: &str,
    discreet: bool,
    limit: u32,
    today: NaiveDate,
) -> Result<ClientPage, RegisterError> {
    let mut conditions = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let status = match filter {
        StatusFilter::All => None,
        StatusFilter::Prospective => Some(ClientStatus::Prospective),
        StatusFilter::Active => Some(ClientStatus::Active),
        StatusFilter::Discharged => Some(ClientStatus::Discharged),
    };
    if let Some(status) = status {
        conditions.push("status = ?".to_string());
        values.push(Value::Text(status.as_str().into()));
    }
    for token in search_tokens(query) {
        match token {
            Token::Digits(digits) => {
                conditions.push("(phone_key LIKE ? OR search_key LIKE ?)".into());
                values.push(Value::Text(format!("%{digits}%")));
                values.push(Value::Text(format!("%{digits}%")));
            }
            Token::Text(word) => {
                conditions.push("search_key LIKE ?".into());
                values.push(Value::Text(format!("%{word}%")));
            }
        }
    }
    let filter_sql = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM clients {filter_sql}"), params_from_iter(values.iter()), |r| {
            r.get(0)
        })?;
    let sql = format!(
        "SELECT {} FROM clients {filter_sql} ORDER BY sort_key, id LIMIT {}",
        summary_columns(discreet),
        limit.min(MAX_PAGE)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let clients =
        stmt.query_map(params_from_iter(values.iter()), |row| read_summary(row, today))?.collect::<Result<_, _>>()?;
    Ok(ClientPage { clients, total: u32::try_from(total).unwrap_or(u32::MAX) })
}

/// Moves a client along prospective → active → discharged (or back to active when she
/// returns). `date` is the intake date when she becomes active (kept if one is already set), or
/// the discharge date.
pub fn set_status(
    session: &mut Session,
    id: i64,
    status: ClientStatus,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<Client, RegisterError> {
    let current = get(session.conn(), id)?;
    match (current.status, status) {
        (from, to) if from == to => Ok(current),
        (_, ClientStatus::Discharged) => discharge(session, id, date, today),
        (ClientStatus::Discharged, ClientStatus::Active) => reopen(session, id),
        (ClientStatus::Prospective, ClientStatus::Active) => {
            if date > today + chrono::Days::new(366) {
                return Err(RegisterError::Invalid(vec![FieldError::new(
                    "intakeDate",
                    "The intake date is more than a year away: check the date.",
                )]));
            }
            let tx = session.conn_mut().transaction()?;
            tx.execute(
                "UPDATE clients SET status = 'active', intake_date = coalesce(intake_date, ?2), updated_at = ?3
                 WHERE id = ?1",
                params![id, iso(date), now_utc()],
            )?;
            tx.commit()?;
            get(session.conn(), id)
        }
        (_, ClientStatus::Prospective) => {
            Err(RegisterError::NotAllowed("A client who has started cannot go back to prospective.".into()))
        }
        (ClientStatus::Active, ClientStatus::Active) => Ok(current),
    }
}

/// Discharges a client on `discharge_date` and sets her retention date from the last service
/// (see [`retention::last_service`]) under the current retention policy.
pub fn discharge(
    session: &mut Session,
    id: i64,
    discharge_date: NaiveDate,
    today: NaiveDate,
) -> Result<Client, RegisterError> {
    let current = get(session.conn(), id)?;
    let mut problems = Vec::new();
    if discharge_date > today {
        problems.push(FieldError::new("dischargeDate", "The discharge date cannot be in the future."));
    }
    let intake = parse_date(&current.fields.intake_date).ok().flatten();
    if intake.is_some_and(|intake| discharge_date < intake) {
        problems.push(FieldError::new("dischargeDate", "The discharge date cannot be before the intake."));
    }
    let Ok(Some(date_of_birth)) = parse_date(&current.fields.date_of_birth) else {
        return Err(RegisterError::Invalid(vec![FieldError::new("dateOfBirth", "Enter her date of birth.")]));
    };
    if discharge_date < date_of_birth {
        problems.push(FieldError::new("dischargeDate", "The discharge date is before her date of birth."));
    }
    if !problems.is_empty() {
        return Err(RegisterError::Invalid(problems));
    }
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "UPDATE clients SET status = 'discharged', discharge_date = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, iso(discharge_date), now_utc()],
    )?;
    retention::refresh(&tx, id)?;
    tx.commit()?;
    get(session.conn(), id)
}

/// A discharged client returns: active again, no discharge or retention date.
pub fn reopen(session: &mut Session, id: i64) -> Result<Client, RegisterError> {
    get(session.conn(), id)?;
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "UPDATE clients SET status = 'active', discharge_date = NULL, retention_date = NULL, updated_at = ?2
         WHERE id = ?1",
        params![id, now_utc()],
    )?;
    tx.commit()?;
    get(session.conn(), id)
}

/// Refuses a second client with the same legal name and date of birth.
pub(crate) fn refuse_duplicate(
    conn: &Connection,
    fields: &ClientFields,
    date_of_birth: NaiveDate,
    except: Option<i64>,
) -> Result<(), RegisterError> {
    let code: Option<String> = conn
        .query_row(
            "SELECT code FROM clients WHERE duplicate_key = ?1 AND id IS NOT ?2 ORDER BY id LIMIT 1",
            params![duplicate_key(&fields.legal_name, date_of_birth), except],
            |r| r.get(0),
        )
        .optional()?;
    match code {
        Some(code) => Err(RegisterError::PossibleDuplicate { code }),
        None => Ok(()),
    }
}

pub(crate) fn duplicate_key(legal_name: &str, date_of_birth: NaiveDate) -> String {
    format!("{}|{}", fold(legal_name), iso(date_of_birth))
}

/// Writes a new client (already validated) and returns its id. The code follows the id, which
/// is never reused (AUTOINCREMENT), so a destroyed client's code never comes back.
pub(crate) fn insert(
    conn: &Connection,
    fields: &ClientFields,
    dates: &ValidDates,
    status: ClientStatus,
    discharge_date: Option<NaiveDate>,
) -> Result<i64, RegisterError> {
    let last: i64 = conn.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'clients'), 0),
                    coalesce((SELECT max(id) FROM clients), 0))",
        [],
        |r| r.get(0),
    )?;
    let id = last + 1;
    let code = format!("C{id:04}");
    let n = COLUMNS.len();
    let placeholders: Vec<String> = (1..=n + 6).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO clients ({}, id, code, status, discharge_date, created_at, updated_at)
         VALUES ({})",
        COLUMNS.join(", "),
        placeholders.join(", ")
    );
    let stamp = now_utc();
    let mut values = column_values(fields, dates, &code);
    values.extend([
        Value::Integer(id),
        Value::Text(code),
        Value::Text(status.as_str().into()),
        discharge_date.map(iso).map_or(Value::Null, Value::Text),
        Value::Text(stamp.clone()),
        Value::Text(stamp),
    ]);
    conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    write_name_keys(conn, id, fields)?;
    retention::refresh(conn, id)?;
    Ok(id)
}

fn write_name_keys(conn: &Connection, id: i64, fields: &ClientFields) -> Result<(), RegisterError> {
    conn.execute("DELETE FROM client_name_keys WHERE client_id = ?1", [id])?;
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO client_name_keys (client_id, name_key) VALUES (?1, ?2)")?;
    for key in text::name_keys(&fields.legal_name, &fields.preferred_name) {
        stmt.execute(params![id, key])?;
    }
    Ok(())
}

/// The stored columns that come from [`ClientFields`], in the order of [`column_values`].
const COLUMNS: &[&str] = &[
    "legal_name",
    "preferred_name",
    "alias",
    "pronouns",
    "date_of_birth",
    "phone",
    "voicemail_ok",
    "text_ok",
    "email",
    "email_ok",
    "address",
    "emergency_name",
    "emergency_relationship",
    "emergency_phone",
    "telehealth_state",
    "telehealth_city",
    "perinatal_status",
    "due_date",
    "baby_birth_date",
    "children",
    "loss_history",
    "feeding",
    "obstetric_name",
    "obstetric_practice",
    "obstetric_phone",
    "pediatrician_name",
    "pediatrician_practice",
    "pediatrician_phone",
    "support_notes",
    "intake_date",
    "last_service_date",
    "last_service_reason",
    // Derived, for lists, search and matching; never read back into the record.
    "initials",
    "sort_key",
    "search_key",
    "phone_key",
    "email_key",
    "duplicate_key",
];

fn column_values(fields: &ClientFields, dates: &ValidDates, code: &str) -> Vec<Value> {
    let t = |s: &str| Value::Text(s.trim().to_string());
    let b = |v: bool| Value::Integer(i64::from(v));
    let d = |v: Option<NaiveDate>| v.map(iso).map_or(Value::Null, Value::Text);
    let c = &fields.contact;
    let e = &fields.emergency_contact;
    let p = &fields.perinatal;
    let search_key =
        [fold(&fields.legal_name), fold(&fields.preferred_name), fold(&fields.alias), fold(&c.email), fold(code)]
            .join("|");
    vec![
        t(&fields.legal_name),
        t(&fields.preferred_name),
        t(&fields.alias),
        t(&fields.pronouns),
        Value::Text(iso(dates.date_of_birth)),
        t(&c.phone),
        b(c.voicemail_ok),
        b(c.text_ok),
        t(&c.email),
        b(c.email_ok),
        t(&c.address),
        t(&e.name),
        t(&e.relationship),
        t(&e.phone),
        Value::Text(fields.telehealth_location.state.trim().to_ascii_uppercase()),
        t(&fields.telehealth_location.city),
        Value::Text(p.status.as_str().into()),
        d(dates.due_date),
        d(dates.baby_birth_date),
        p.children.map_or(Value::Null, |n| Value::Integer(i64::from(n))),
        t(&p.loss_history),
        t(&p.feeding),
        t(&p.obstetric.name),
        t(&p.obstetric.practice),
        t(&p.obstetric.phone),
        t(&p.pediatrician.name),
        t(&p.pediatrician.practice),
        t(&p.pediatrician.phone),
        t(&fields.support_notes),
        d(dates.intake_date),
        d(dates.last_service_date),
        t(if dates.last_service_date.is_some() { &fields.last_service_reason } else { "" }),
        Value::Text(text::initials(&fields.legal_name)),
        Value::Text(fold(&fields.legal_name)),
        Value::Text(search_key),
        Value::Text(text::phone_key(&c.phone)),
        Value::Text(text::email_key(&c.email)),
        Value::Text(duplicate_key(&fields.legal_name, dates.date_of_birth)),
    ]
}

fn read_client(row: &Row<'_>) -> rusqlite::Result<Client> {
    let s = |i: usize| row.get::<_, String>(i);
    let opt = |i: usize| row.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
    let date = |i: usize| row.get::<_, Option<String>>(i).map(|v| v.and_then(|v| parse_date(&v).ok().flatten()));
    let status: String = row.get(2)?;
    let base = 6;
    let f = |k: usize| base + k;
    let fields = ClientFields {
        legal_name: s(f(0))?,
        preferred_name: s(f(1))?,
        alias: s(f(2))?,
        pronouns: s(f(3))?,
        date_of_birth: s(f(4))?,
        contact: Contact {
            phone: s(f(5))?,
            voicemail_ok: row.get(f(6))?,
            text_ok: row.get(f(7))?,
            email: s(f(8))?,
            email_ok: row.get(f(9))?,
            address: s(f(10))?,
        },
        emergency_contact: EmergencyContact { name: s(f(11))?, relationship: s(f(12))?, phone: s(f(13))? },
        telehealth_location: Location { state: s(f(14))?, city: s(f(15))? },
        perinatal: Perinatal {
            status: PerinatalStatus::parse(&s(f(16))?),
            due_date: opt(f(17))?,
            baby_birth_date: opt(f(18))?,
            children: row.get::<_, Option<i64>>(f(19))?.and_then(|n| u32::try_from(n).ok()),
            loss_history: s(f(20))?,
            feeding: s(f(21))?,
            obstetric: CareContact { name: s(f(22))?, practice: s(f(23))?, phone: s(f(24))? },
            pediatrician: CareContact { name: s(f(25))?, practice: s(f(26))?, phone: s(f(27))? },
        },
        support_notes: s(f(28))?,
        intake_date: opt(f(29))?,
        last_service_date: opt(f(30))?,
        last_service_reason: s(f(31))?,
    };
    Ok(Client {
        id: row.get(0)?,
        code: row.get(1)?,
        status: ClientStatus::parse(&status).unwrap_or(ClientStatus::Active),
        fields,
        discharge_date: date(3)?,
        retention_date: date(4)?,
        last_attended_on: date(5)?,
    })
}

/// In discreet mode the name columns are replaced by empty strings in the query itself.
fn summary_columns(discreet: bool) -> &'static str {
    if discreet {
        "id, code, status, alias, initials, '', '', pronouns, date_of_birth, perinatal_status, due_date,
         baby_birth_date, phone <> '', voicemail_ok, text_ok, email <> '', email_ok"
    } else {
        "id, code, status, alias, initials, legal_name, preferred_name, pronouns, date_of_birth, perinatal_status,
         due_date, baby_birth_date, phone <> '', voicemail_ok, text_ok, email <> '', email_ok"
    }
}

fn read_summary(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<ClientSummary> {
    let legal: String = row.get(5)?;
    let display_name = if legal.is_empty() {
        text::discreet_name(&row.get::<_, String>(3)?, &row.get::<_, String>(4)?)
    } else {
        text::full_display_name(&legal, &row.get::<_, String>(6)?)
    };
    let date = |i: usize| row.get::<_, Option<String>>(i).map(|v| v.and_then(|v| parse_date(&v).ok().flatten()));
    let status: String = row.get(2)?;
    Ok(ClientSummary {
        id: row.get(0)?,
        code: row.get(1)?,
        display_name,
        status: ClientStatus::parse(&status).unwrap_or(ClientStatus::Active),
        age: date(8)?.map(|dob| years_between(dob, today)),
        pronouns: row.get(7)?,
        perinatal_line: perinatal_line(PerinatalStatus::parse(&row.get::<_, String>(9)?), date(10)?, date(11)?, today),
        communication_line: communication_line(row.get(12)?, row.get(13)?, row.get(14)?, row.get(15)?, row.get(16)?),
    })
}

/// "24 weeks pregnant", "9 weeks postpartum", "7 months postpartum", for `today`.
pub fn perinatal_line(
    status: PerinatalStatus,
    due_date: Option<NaiveDate>,
    baby_birth_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<String> {
    let plural = |n: i64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    match status {
        PerinatalStatus::Neither => None,
        PerinatalStatus::Pregnant => Some(match due_date {
            None => "Pregnant".into(),
            Some(due) => {
                let gestation_days = 280 - (due - today).num_days();
                if gestation_days < 0 {
                    "Pregnant".into()
                } else if today > due + chrono::Days::new(14) {
                    format!("Pregnant, due date passed ({})", iso(due))
                } else {
                    format!("{} pregnant", plural(gestation_days / 7, "week"))
                }
            }
        }),
        PerinatalStatus::Postpartum => Some(match baby_birth_date {
            Some(born) if born <= today => {
                let days = (today - born).num_days();
                let months = i64::from(years_between(born, today)) * 12 + months_part(born, today);
                if days < 7 * 26 {
                    format!("{} postpartum", plural(days / 7, "week"))
                } else {
                    format!("{} postpartum", plural(months, "month"))
                }
            }
            _ => "Postpartum".into(),
        }),
    }
}

fn months_part(from: NaiveDate, to: NaiveDate) -> i64 {
    use chrono::Datelike;
    let mut months = i64::from(to.month()) - i64::from(from.month());
    if to.day() < from.day() {
        months -= 1;
    }
    months.rem_euclid(12)
}

/// "No voicemail · Texts OK · No email": what she agreed to, at a glance.
pub fn communication_line(
    has_phone: bool,
    voicemail_ok: bool,
    text_ok: bool,
    has_email: bool,
    email_ok: bool,
) -> String {
    let mut parts = Vec::new();
    if has_phone {
        parts.push(if voicemail_ok { "Voicemail OK" } else { "No voicemail" });
        parts.push(if text_ok { "Texts OK" } else { "No texts" });
    } else {
        parts.push("No phone");
    }
    parts.push(if has_email && email_ok { "Email OK" } else { "No email" });
    parts.join(" · ")
}

enum Token {
    Digits(String),
    Text(String),
}

/// A query of phone characters only ("(573) 555-01") is one run of digits; anything else is
/// folded into words, each of which must match.
fn search_tokens(query: &str) -> Vec<Token> {
    let query = query.trim();
    let phone_like =
        query.chars().any(|c| c.is_ascii_digit()) && query.chars().all(|c| c.is_ascii_digit() || " ()-.+".contains(c));
    if phone_like {
        let digits = text::digits(query);
        let digits = digits[digits.len().saturating_sub(10)..].to_string();
        return vec![Token::Digits(digits)];
    }
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| if w.chars().all(|c| c.is_ascii_digit()) { Token::Digits(w.into()) } else { Token::Text(w.into()) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn weeks_pregnant_count_back_from_the_due_date() {
        let line = perinatal_line(PerinatalStatus::Pregnant, Some(day("2026-05-02")), None, day("2026-01-10"));
        assert_eq!(line.as_deref(), Some("24 weeks pregnant"));
        let line = perinatal_line(PerinatalStatus::Pregnant, None, None, day("2026-01-10"));
        assert_eq!(line.as_deref(), Some("Pregnant"));
    }

    #[test]
    fn weeks_postpartum_count_from_the_birth_then_months() {
        let line = perinatal_line(PerinatalStatus::Postpartum, None, Some(day("2025-11-08")), day("2026-01-10"));
        assert_eq!(line.as_deref(), Some("9 weeks postpartum"));
        let line = perinatal_line(PerinatalStatus::Postpartum, None, Some(day("2025-01-01")), day("2026-01-10"));
        assert_eq!(line.as_deref(), Some("12 months postpartum"));
        assert_eq!(perinatal_line(PerinatalStatus::Neither, None, None, day("2026-01-10")), None);
    }

    #[test]
    fn the_communication_line_says_no_before_she_calls() {
        assert_eq!(communication_line(true, false, true, false, false), "No voicemail · Texts OK · No email");
        assert_eq!(communication_line(false, false, false, true, true), "No phone · Email OK");
    }
}
