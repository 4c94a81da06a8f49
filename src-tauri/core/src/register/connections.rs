//! Connections (the people and organisations in a client's life) and the dual-relationship
//! check: before a new client's intake, her names and contacts are compared with every client
//! and every client's connections, and the therapist records what she decided.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::{self, fold};
use super::validate::{check_email, check_phone, MAX_LINE, MAX_NOTES};
use super::{ClientFields, RegisterError};
use crate::error::FieldError;
use crate::time::now_utc;
use crate::vault::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionKind {
    SpousePartner,
    Family,
    Employer,
    FaithCommunity,
    School,
    /// Another client of the practice (linked by id).
    Client,
    Other,
}

impl ConnectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SpousePartner => "spouse_partner",
            Self::Family => "family",
            Self::Employer => "employer",
            Self::FaithCommunity => "faith_community",
            Self::School => "school",
            Self::Client => "client",
            Self::Other => "other",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "spouse_partner" => Self::SpousePartner,
            "family" => Self::Family,
            "employer" => Self::Employer,
            "faith_community" => Self::FaithCommunity,
            "school" => Self::School,
            "client" => Self::Client,
            _ => Self::Other,
        }
    }

    /// For sentences: "their spouse or partner".
    pub fn label(self) -> &'static str {
        match self {
            Self::SpousePartner => "spouse or partner",
            Self::Family => "family member",
            Self::Employer => "employer",
            Self::FaithCommunity => "faith community",
            Self::School => "school",
            Self::Client => "connection who is a client",
            Self::Other => "connection",
        }
    }
}

/// A connection as the therapist types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionFields {
    pub kind: ConnectionKind,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub notes: String,
    /// For kind `client`: which client.
    #[serde(default)]
    pub linked_client_id: Option<i64>,
}

/// Another client, as she may be shown: code, and the name or (discreet mode) initials or alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientRef {
    pub id: i64,
    pub code: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientConnection {
    pub id: i64,
    pub client_id: i64,
    pub kind: ConnectionKind,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
    /// The linked client; none if the connection is not a client or her record was destroyed.
    pub linked_client: Option<ClientRef>,
}

/// What matched between the new client and an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DualMatch {
    NameOfClient,
    NameOfConnection,
    PhoneOfClient,
    PhoneOfConnection,
    EmailOfClient,
    EmailOfConnection,
    /// Her emergency contact has the name or phone number of a client.
    EmergencyContactIsClient,
}

impl DualMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NameOfClient => "name_of_client",
            Self::NameOfConnection => "name_of_connection",
            Self::PhoneOfClient => "phone_of_client",
            Self::PhoneOfConnection => "phone_of_connection",
            Self::EmailOfClient => "email_of_client",
            Self::EmailOfConnection => "email_of_connection",
            Self::EmergencyContactIsClient => "emergency_contact_is_client",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "name_of_client" => Self::NameOfClient,
            "name_of_connection" => Self::NameOfConnection,
            "phone_of_client" => Self::PhoneOfClient,
            "phone_of_connection" => Self::PhoneOfConnection,
            "email_of_client" => Self::EmailOfClient,
            "email_of_connection" => Self::EmailOfConnection,
            _ => Self::EmergencyContactIsClient,
        }
    }
}

/// A warning before intake: who (code and shown name) and what matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PossibleDualRelationship {
    pub client: ClientRef,
    pub matched: DualMatch,
    /// For a match with a connection: which kind of connection it is.
    pub connection_kind: Option<ConnectionKind>,
    /// A sentence for the therapist, e.g. "Her name matches the spouse or partner of M.L. (C0012)."
    pub explanation: String,
}

/// What the therapist decided about a possible dual relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    pub other_client_id: i64,
    pub matched: DualMatch,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DualRelationshipReview {
    pub id: i64,
    pub client_id: i64,
    /// Kept even when the other record has been destroyed.
    pub other_client_code: String,
    /// None once the other record has been destroyed.
    pub other_client: Option<ClientRef>,
    pub matched: DualMatch,
    pub decision: String,
    pub decided_at: String,
}

const CLIENTS_BY_NAME: &str = "SELECT client_id FROM client_name_keys WHERE name_key = ?1 ORDER BY client_id";
const CLIENTS_BY_PHONE: &str = "SELECT id FROM clients WHERE phone_key = ?1 ORDER BY id";
const CLIENTS_BY_EMAIL: &str = "SELECT id FROM clients WHERE email_key = ?1 ORDER BY id";

/// Compares a new (or edited, `except` = her id) client's names, phone, email and emergency
/// contact with every other client and every other client's connections.
pub fn check_new_client(
    conn: &Connection,
    draft: &ClientFields,
    except: Option<i64>,
    discreet: bool,
) -> Result<Vec<PossibleDualRelationship>, RegisterError> {
    let mut hits: Vec<(i64, DualMatch, Option<ConnectionKind>)> = Vec::new();
    let mut push = |hit: (i64, DualMatch, Option<ConnectionKind>)| {
        if Some(hit.0) != except && !hits.contains(&hit) {
            hits.push(hit);
        }
    };

    // Who has one of her keys: other clients, found by a query, and (given the column that holds
    // the key) other clients' connections; each with what such a match is called.
    let mut find = |key: &str,
                    (clients_sql, of_client): (&str, DualMatch),
                    connections: Option<(&str, DualMatch)>|
     -> Result<(), RegisterError> {
        let mut stmt = conn.prepare_cached(clients_sql)?;
        for id in stmt.query_map([key], |r| r.get(0))? {
            push((id?, of_client, None));
        }
        if let Some((column, of_connection)) = connections {
            let sql = format!("SELECT client_id, kind FROM client_connections WHERE {column} = ?1 ORDER BY client_id");
            let mut stmt = conn.prepare_cached(&sql)?;
            for row in stmt.query_map([key], |r| Ok((r.get(0)?, ConnectionKind::parse(&r.get::<_, String>(1)?))))? {
                let (id, kind) = row?;
                push((id, of_connection, Some(kind)));
            }
        }
        Ok(())
    };

    for key in text::name_keys(&draft.legal_name, &draft.preferred_name) {
        find(&key, (CLIENTS_BY_NAME, DualMatch::NameOfClient), Some(("name_key", DualMatch::NameOfConnection)))?;
    }
    let phone = text::phone_key(&draft.contact.phone);
    if !phone.is_empty() {
        find(&phone, (CLIENTS_BY_PHONE, DualMatch::PhoneOfClient), Some(("phone_key", DualMatch::PhoneOfConnection)))?;
    }
    let email = text::email_key(&draft.contact.email);
    if !email.is_empty() {
        find(&email, (CLIENTS_BY_EMAIL, DualMatch::EmailOfClient), Some(("email_key", DualMatch::EmailOfConnection)))?;
    }
    for key in text::name_keys(&draft.emergency_contact.name, "") {
        find(&key, (CLIENTS_BY_NAME, DualMatch::EmergencyContactIsClient), None)?;
    }
    let emergency_phone = text::phone_key(&draft.emergency_contact.phone);
    if !emergency_phone.is_empty() {
        find(&emergency_phone, (CLIENTS_BY_PHONE, DualMatch::EmergencyContactIsClient), None)?;
    }

    let mut out = Vec::with_capacity(hits.len());
    for (id, matched, connection_kind) in hits {
        let Some(client) = client_ref(conn, id, discreet)? else { continue };
        let who = format!("{} ({})", client.display_name, client.code);
        let kind = connection_kind.map(ConnectionKind::label).unwrap_or("connection");
        let explanation = match matched {
            DualMatch::NameOfClient => format!("Her name is the same as that of {who}."),
            DualMatch::NameOfConnection => format!("Her name matches the {kind} of {who}."),
            DualMatch::PhoneOfClient => format!("Her phone number is also the number of {who}."),
            DualMatch::PhoneOfConnection => format!("Her phone number is the number of the {kind} of {who}."),
            DualMatch::EmailOfClient => format!("Her email address is also the address of {who}."),
            DualMatch::EmailOfConnection => format!("Her email address is the address of the {kind} of {who}."),
            DualMatch::EmergencyContactIsClient => {
                format!("Her emergency contact has the name or phone number of {who}.")
            }
        };
        out.push(PossibleDualRelationship { client, matched, connection_kind, explanation });
    }
    Ok(out)
}

/// Another client as she may be shown; none if there is no such client.
pub(crate) fn client_ref(conn: &Connection, id: i64, discreet: bool) -> Result<Option<ClientRef>, RegisterError> {
    let names = if discreet { "'', ''" } else { "legal_name, preferred_name" };
    let sql = format!("SELECT code, alias, initials, {names} FROM clients WHERE id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let legal: String = r.get(3)?;
            let display_name = if legal.is_empty() {
                text::discreet_name(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?)
            } else {
                text::full_display_name(&legal, &r.get::<_, String>(4)?)
            };
            Ok(ClientRef { id, code: r.get(0)?, display_name })
        })
        .optional()?;
    Ok(row)
}

fn validate_connection(conn: &Connection, client_id: i64, fields: &ConnectionFields) -> Result<(), RegisterError> {
    let mut problems = Vec::new();
    let name = fields.name.trim();
    match (fields.kind, fields.linked_client_id) {
        (ConnectionKind::Client, None) => problems.push(FieldError::new("linkedClientId", "Choose which client.")),
        (_, Some(linked)) if linked == client_id => {
            problems.push(FieldError::new("linkedClientId", "A client cannot be her own connection."))
        }
        (_, Some(linked)) if client_ref(conn, linked, true)?.is_none() => {
            problems.push(FieldError::new("linkedClientId", "That client is not in the register."))
        }
        (_, Some(_)) => {}
        (_, None) if name.is_empty() => problems.push(FieldError::new("name", "Enter a name.")),
        _ => {}
    }
    if fields.name.chars().count() > MAX_LINE {
        problems.push(FieldError::new("name", format!("This is too long (at most {MAX_LINE} characters).")));
    }
    if let Err(message) = check_phone(&fields.phone) {
        problems.push(FieldError::new("phone", message));
    }
    if let Err(message) = check_email(&fields.email) {
        problems.push(FieldError::new("email", message));
    }
    if fields.notes.chars().count() > MAX_NOTES {
        problems.push(FieldError::new("notes", format!("This is too long (at most {MAX_NOTES} characters).")));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RegisterError::Invalid(problems))
    }
}

/// Adds a connection to a client's record.
pub fn add_connection(
    session: &mut Session,
    client_id: i64,
    fields: &ConnectionFields,
) -> Result<ClientConnection, RegisterError> {
    client_ref(session.conn(), client_id, true)?.ok_or(RegisterError::NotFound)?;
    validate_connection(session.conn(), client_id, fields)?;
    let tx = session.conn_mut().transaction()?;
    let id = insert_connection(&tx, client_id, fields)?;
    tx.commit()?;
    get_connection(session.conn(), id, false)
}

/// Writes a connection (already validated) and returns its id.
pub(crate) fn insert_connection(
    conn: &Connection,
    client_id: i64,
    fields: &ConnectionFields,
) -> Result<i64, RegisterError> {
    write_fields(
        conn,
        "INSERT INTO client_connections
            (client_id, kind, name, phone, email, notes, linked_client_id, name_key, phone_key, email_key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        client_id,
        fields,
        &[&now_utc()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Runs `sql`, the INSERT or the UPDATE of a connection, with `key` (the client or the
/// connection) as `?1`, the connection's fields as stored (trimmed, with the keys the
/// dual-relationship check looks up) as `?2` to `?10`, then `more`.
fn write_fields(
    conn: &Connection,
    sql: &str,
    key: i64,
    fields: &ConnectionFields,
    more: &[&dyn ToSql],
) -> Result<(), RegisterError> {
    let stored: [&dyn ToSql; 10] = [
        &key,
        &fields.kind.as_str(),
        &fields.name.trim(),
        &fields.phone.trim(),
        &fields.email.trim(),
        &fields.notes.trim(),
        &fields.linked_client_id,
        &fold(&fields.name),
        &text::phone_key(&fields.phone),
        &text::email_key(&fields.email),
    ];
    conn.prepare_cached(sql)?.execute(params_from_iter(stored.iter().chain(more)))?;
    Ok(())
}

pub fn update_connection(
    session: &mut Session,
    connection_id: i64,
    fields: &ConnectionFields,
) -> Result<ClientConnection, RegisterError> {
    let current = get_connection(session.conn(), connection_id, true)?;
    validate_connection(session.conn(), current.client_id, fields)?;
    let tx = session.conn_mut().transaction()?;
    write_fields(
        &tx,
        "UPDATE client_connections SET kind = ?2, name = ?3, phone = ?4, email = ?5, notes = ?6,
            linked_client_id = ?7, name_key = ?8, phone_key = ?9, email_key = ?10
         WHERE id = ?1",
        connection_id,
        fields,
        &[],
    )?;
    tx.commit()?;
    get_connection(session.conn(), connection_id, false)
}

pub fn remove_connection(session: &mut Session, connection_id: i64) -> Result<(), RegisterError> {
    let tx = session.conn_mut().transaction()?;
    if tx.execute("DELETE FROM client_connections WHERE id = ?1", [connection_id])? == 0 {
        return Err(RegisterError::NotFound);
    }
    tx.commit()?;
    Ok(())
}

/// A client's connections, in the order they were added.
pub fn list_connections(
    conn: &Connection,
    client_id: i64,
    discreet: bool,
) -> Result<Vec<ClientConnection>, RegisterError> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM client_connections WHERE client_id = ?1 ORDER BY id")?
        .query_map([client_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| get_connection(conn, id, discreet)).collect()
}

fn get_connection(conn: &Connection, id: i64, discreet: bool) -> Result<ClientConnection, RegisterError> {
    let row = conn
        .query_row(
            "SELECT client_id, kind, name, phone, email, notes, linked_client_id FROM client_connections WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            },
        )
        .optional()?
        .ok_or(RegisterError::NotFound)?;
    let (client_id, kind, name, phone, email, notes, linked) = row;
    let linked_client = match linked {
        Some(linked) => client_ref(conn, linked, discreet)?,
        None => None,
    };
    Ok(ClientConnection { id, client_id, kind: ConnectionKind::parse(&kind), name, phone, email, notes, linked_client })
}

/// Records the therapist's decision about a possible dual relationship with another client.
pub fn record_review(
    session: &mut Session,
    client_id: i64,
    review: &ReviewInput,
) -> Result<DualRelationshipReview, RegisterError> {
    client_ref(session.conn(), client_id, true)?.ok_or(RegisterError::NotFound)?;
    let other = client_ref(session.conn(), review.other_client_id, true)?.ok_or(RegisterError::NotFound)?;
    let decision = review.decision.trim();
    if decision.is_empty() {
        return Err(RegisterError::Invalid(vec![FieldError::new("decision", "Write down what you decided.")]));
    }
    if decision.chars().count() > MAX_NOTES {
        return Err(RegisterError::Invalid(vec![FieldError::new(
            "decision",
            format!("This is too long (at most {MAX_NOTES} characters)."),
        )]));
    }
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO dual_relationship_reviews (client_id, other_client_id, other_client_code, matched, decision, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![client_id, other.id, other.code, review.matched.as_str(), decision, now_utc()],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    list_reviews(session.conn(), client_id, false)?.into_iter().find(|r| r.id == id).ok_or(RegisterError::NotFound)
}

/// One decision about every match the check found. The decision is the same for all, so a
/// refused decision is refused before anything is recorded.
pub fn record_reviews(
    session: &mut Session,
    client_id: i64,
    reviews: impl IntoIterator<Item = ReviewInput>,
) -> Result<Vec<DualRelationshipReview>, RegisterError> {
    reviews.into_iter().map(|review| record_review(session, client_id, &review)).collect()
}

/// A client's recorded dual-relationship decisions, oldest first.
pub fn list_reviews(
    conn: &Connection,
    client_id: i64,
    discreet: bool,
) -> Result<Vec<DualRelationshipReview>, RegisterError> {
    let rows: Vec<(i64, Option<i64>, String, String, String, String)> = conn
        .prepare_cached(
            "SELECT id, other_client_id, other_client_code, matched, decision, decided_at
             FROM dual_relationship_reviews WHERE client_id = ?1 ORDER BY id",
        )?
        .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, other, other_client_code, matched, decision, decided_at) in rows {
        let other_client = match other {
            Some(other) => client_ref(conn, other, discreet)?,
            None => None,
        };
        out.push(DualRelationshipReview {
            id,
            client_id,
            other_client_code,
            other_client,
            matched: DualMatch::parse(&matched),
            decision,
            decided_at,
        });
    }
    Ok(out)
}
