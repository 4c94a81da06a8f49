//! The professional will (docs/DOMAIN.md section 13): her records custodian and where the laptop and
//! backups are kept, the custodian packet (printed with a freshly issued custodian key), its
//! yearly review, and what the custodian sees once she opens the vault with that key: her home
//! (active and recent clients, how each agreed to be contacted, retention dates) and the letters
//! to clients.
//!
//! The key itself lives in the key file (`vault::keyfile`), custodian mode in the session
//! (`vault::Session::refuse_custodian`); this module composes them with the backups, the
//! register and the forms.

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditEvent;
use crate::backup::{self, BackupError};
use crate::consent::{self, ConsentError};
use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::forms::{self, ClientLetter, FormsError, PacketDetails, Paper, Spool};
use crate::register::{self, RegisterError};
use crate::secret::{CustodianKey, Passphrase};
use crate::time::{iso, now_utc, parse_day};
use crate::vault::keyfile::KeyFile;
use crate::vault::{OpenedBy, PassphraseChecked, Session};

/// Today reminds her to review the will this long after she last did.
pub const REVIEW_AFTER_DAYS: i64 = 365;
/// A discharged client counts as recent for this long after discharge, on the custodian's home.
pub const RECENT_DAYS: i64 = 365;
const MAX_FIELD_CHARS: usize = 500;

/// What she writes in Settings → Professional will.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WillDetails {
    pub custodian_name: String,
    /// Her license, as it should print: "LPC 2019-0123, Missouri".
    pub custodian_license: String,
    /// Phone, email or address where clients and she can be reached.
    pub custodian_contact: String,
    pub laptop_location: String,
    pub backups_location: String,
}

/// The will as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfessionalWill {
    pub details: Option<WillDetails>,
    /// When the custodian key in force was issued (RFC 3339), if there is one.
    pub key_issued_at: Option<String>,
    pub packet_printed_at: Option<String>,
    pub reviewed_at: Option<String>,
    pub opened_by: OpenedBy,
}

/// Why Today reminds her of the will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WillReminder {
    /// No custodian named yet, or never reviewed since.
    NotSetUp,
    /// A year since she last reviewed it.
    ReviewDue,
    /// A form changed after the custodian key (and its packet) was issued.
    KeyOlderThanForms,
}

/// A client on the custodian's home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustodianClient {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub initials: String,
    pub alias: String,
    pub status: register::ClientStatus,
    pub phone: String,
    pub voicemail_ok: bool,
    pub text_ok: bool,
    pub email: String,
    pub email_ok: bool,
    pub address: String,
    /// "No voicemail · Texts OK · No email", as every screen shows it.
    pub communication_line: String,
    pub last_service_date: Option<String>,
    pub retention_date: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WillError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("Name the custodian and where things are kept first, then print the packet.")]
    NoDetails,
    #[error("Choose at least one client.")]
    NoClients,
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Backup(#[from] BackupError),
}

impl From<rusqlite::Error> for WillError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(error.into())
    }
}

impl From<FormsError> for WillError {
    fn from(error: FormsError) -> Self {
        Self::Vault(error.into())
    }
}

impl From<ConsentError> for WillError {
    fn from(_: ConsentError) -> Self {
        Self::Vault(VaultError::Database("the practice profile could not be read"))
    }
}

impl From<RegisterError> for WillError {
    fn from(_: RegisterError) -> Self {
        Self::Vault(VaultError::Database("the retention policy could not be read"))
    }
}

impl From<WillError> for ApiError {
    fn from(error: WillError) -> Self {
        match error {
            WillError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            WillError::NoDetails | WillError::NoClients => ApiError::new(ErrorCode::InvalidInput, error.to_string()),
            WillError::Vault(vault) => vault.into(),
            WillError::Backup(backup) => backup.into(),
        }
    }
}

fn details(conn: &Connection) -> Result<Option<(WillDetails, String, Option<String>)>, WillError> {
    Ok(conn
        .query_row(
            "SELECT custodian_name, custodian_license, custodian_contact, laptop_location, backups_location,
                    reviewed_at, packet_printed_at
             FROM professional_will WHERE id = 1",
            [],
            |r| {
                Ok((
                    WillDetails {
                        custodian_name: r.get(0)?,
                        custodian_license: r.get(1)?,
                        custodian_contact: r.get(2)?,
                        laptop_location: r.get(3)?,
                        backups_location: r.get(4)?,
                    },
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?)
}

fn key_issued_at(session: &Session) -> Result<Option<String>, WillError> {
    Ok(KeyFile::read(&session.data_dir().key_file())?.custodian_issued_at().map(str::to_owned))
}

pub fn get(session: &Session) -> Result<ProfessionalWill, WillError> {
    let found = details(session.conn())?;
    let (reviewed_at, packet_printed_at) =
        found.as_ref().map(|(_, reviewed, printed)| (Some(reviewed.clone()), printed.clone())).unwrap_or_default();
    Ok(ProfessionalWill {
        details: found.map(|(details, _, _)| details),
        key_issued_at: key_issued_at(session)?,
        packet_printed_at,
        reviewed_at,
        opened_by: session.opened_by(),
    })
}

fn check(details: &WillDetails) -> Result<(), WillError> {
    let fields = [
        ("custodianName", &details.custodian_name, "Name your records custodian."),
        ("custodianLicense", &details.custodian_license, "Give the custodian's license."),
        ("custodianContact", &details.custodian_contact, "Say how clients can reach the custodian."),
        ("laptopLocation", &details.laptop_location, "Say where the laptop is kept."),
        ("backupsLocation", &details.backups_location, "Say where the backups are kept."),
    ];
    let mut problems = Vec::new();
    for (field, value, missing) in fields {
        if value.trim().is_empty() {
            problems.push(FieldError::new(field, missing));
        } else if value.chars().count() > MAX_FIELD_CHARS {
            problems.push(FieldError::new(field, "Keep this under 500 characters."));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(WillError::Invalid(problems))
    }
}

/// Saves the custodian and where things are kept; saving counts as reviewing the will.
pub fn save(session: &mut Session, details: &WillDetails) -> Result<ProfessionalWill, WillError> {
    session.refuse_custodian("change the professional will")?;
    check(details)?;
    let now = now_utc();
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO professional_will (id, custodian_name, custodian_license, custodian_contact, laptop_location,
            backups_location, updated_at, reviewed_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (id) DO UPDATE SET custodian_name = ?1, custodian_license = ?2, custodian_contact = ?3,
            laptop_location = ?4, backups_location = ?5, updated_at = ?6, reviewed_at = ?6",
        params![
            details.custodian_name.trim(),
            details.custodian_license.trim(),
            details.custodian_contact.trim(),
            details.laptop_location.trim(),
            details.backups_location.trim(),
            now
        ],
    )?;
    crate::audit::append(&tx, AuditEvent::ProfessionalWillChanged, "")?;
    tx.commit()?;
    get(session)
}

/// She read the will again and it still stands: Today's yearly reminder starts afresh.
pub fn mark_reviewed(session: &mut Session) -> Result<ProfessionalWill, WillError> {
    session.refuse_custodian("change the professional will")?;
    if session.conn().execute("UPDATE professional_will SET reviewed_at = ?1 WHERE id = 1", [now_utc()])? != 1 {
        return Err(WillError::NoDetails);
    }
    crate::audit::append(session.conn(), AuditEvent::ProfessionalWillChanged, "reviewed")?;
    get(session)
}

/// What the packet says, from the will's details, the practice profile and the retention policy.
fn packet_details(conn: &Connection, will: &WillDetails) -> Result<(PacketDetails, Paper), WillError> {
    let profile = consent::profile::load(conn)?;
    let policy = register::retention::policy(conn)?;
    let board_contact: Vec<&str> = [&profile.board_phone, &profile.board_website]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect();
    Ok((
        PacketDetails {
            therapist_name: profile.therapist_name.clone(),
            practice_name: profile.practice_name.clone(),
            practice_phone: profile.phone.clone(),
            custodian_name: will.custodian_name.clone(),
            custodian_license: will.custodian_license.clone(),
            custodian_contact: will.custodian_contact.clone(),
            laptop_location: will.laptop_location.clone(),
            backups_location: will.backups_location.clone(),
            board_name: profile.board_name.clone(),
            board_contact: board_contact.join(", "),
            years_after_last_service: policy.years_after_last_service,
            years_after_majority: policy.years_after_majority,
        },
        profile.paper,
    ))
}

/// The packet's PDF for these details and this key.
pub fn render_packet(
    details: &PacketDetails,
    key: &CustodianKey,
    today: NaiveDate,
    paper: Paper,
) -> Result<Vec<u8>, WillError> {
    let identity = backup::format::custodian_identity(key)?;
    let identity =
        zeroize::Zeroizing::new(age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_string());
    Ok(forms::render_custodian_packet(details, &key.expose_grouped(), &identity, today, paper)?)
}

/// `custodian-packet-2026-11-27.pdf`: a date, never a name.
pub fn packet_file_name(date: NaiveDate) -> String {
    format!("custodian-packet-{}.pdf", iso(date))
}

/// Prints the custodian packet: issues a new custodian key (the one before stops opening the
/// vault and later backups), gives automatic backups its recipient, and writes the packet to the
/// private spool and the viewer. The key is shown nowhere else.
pub fn print_packet(session: &mut Session, passphrase: &Passphrase, today: NaiveDate) -> Result<PathBuf, WillError> {
    session.refuse_custodian("issue a custodian key")?;
    let (will, _, _) = details(session.conn())?.ok_or(WillError::NoDetails)?;
    let (packet, paper) = packet_details(session.conn(), &will)?;
    // The packet is in the spool before its key is in force: a packet that could not be made
    // never leaves the custodian holding an old key that no longer opens anything.
    let key = CustodianKey::generate();
    let pdf = render_packet(&packet, &key, today, paper)?;
    let path = Spool::new(session.data_dir().spool())?.write(&packet_file_name(today), &pdf)?;
    if let Err(error) = session.issue_custodian_key(passphrase, &key) {
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    backup::auto::add_custodian_recipient(session, &key)?;
    let now = now_utc();
    session
        .conn()
        .execute("UPDATE professional_will SET packet_printed_at = ?1, reviewed_at = ?1 WHERE id = 1", [&now])?;
    session.record(
        AuditEvent::FormsPrinted,
        &format!("form=custodian_packet version={}", forms::custodian_packet::PACKET_VERSION),
    )?;
    forms::open_in_viewer(&path).map_err(WillError::from)?;
    Ok(path)
}

/// Revokes the custodian key: it no longer opens the vault, and later automatic backups are not
/// encrypted to it.
pub fn revoke(checked: PassphraseChecked, session: &mut Session) -> Result<ProfessionalWill, WillError> {
    session.revoke_custodian_key(checked)?;
    get(session)
}

/// Why Today should remind her of the will, if it should: not set up, a year since she reviewed
/// it, or a form saved after the custodian key was issued. Nothing in custodian mode.
pub fn reminder(session: &Session, today: NaiveDate) -> Result<Option<WillReminder>, WillError> {
    if session.opened_by() == OpenedBy::Custodian {
        return Ok(None);
    }
    let Some((_, reviewed_at, _)) = details(session.conn())? else { return Ok(Some(WillReminder::NotSetUp)) };
    let Some(issued_at) = key_issued_at(session)? else { return Ok(Some(WillReminder::NotSetUp)) };
    let newest_form: Option<String> =
        session.conn().query_row("SELECT max(created_at) FROM form_templates", [], |r| r.get(0))?;
    // Forms are stamped to the second, the key to the millisecond: compare whole seconds.
    let second = |at: &str| chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| t.timestamp());
    if newest_form.as_deref().and_then(second).zip(second(&issued_at)).is_some_and(|(form, key)| form > key) {
        return Ok(Some(WillReminder::KeyOlderThanForms));
    }
    let reviewed = parse_day(reviewed_at.get(..10).unwrap_or_default());
    if reviewed.is_none_or(|day| (today - day).num_days() >= REVIEW_AFTER_DAYS) {
        return Ok(Some(WillReminder::ReviewDue));
    }
    Ok(None)
}

/// The custodian's home: active clients, and those discharged within a year, each with how they
/// agreed to be contacted and the retention date, by name.
pub fn clients(conn: &Connection, today: NaiveDate) -> Result<Vec<CustodianClient>, WillError> {
    let since = iso(today - chrono::Days::new(RECENT_DAYS.unsigned_abs()));
    let mut stmt = conn.prepare(
        "SELECT id, code, CASE WHEN preferred_name <> '' THEN preferred_name ELSE legal_name END, initials, alias,
                status, phone, voicemail_ok, text_ok, email, email_ok, address, last_service_date, retention_date
         FROM clients
         WHERE status = 'active' OR (status = 'discharged' AND coalesce(discharge_date, last_service_date, '') >= ?1)
         ORDER BY status, sort_key",
    )?;
    let rows = stmt.query_map([since], |r| {
        let status: String = r.get(5)?;
        let (phone, email): (String, String) = (r.get(6)?, r.get(9)?);
        let (voicemail_ok, text_ok, email_ok) = (r.get(7)?, r.get(8)?, r.get(10)?);
        Ok(CustodianClient {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            initials: r.get(3)?,
            alias: r.get(4)?,
            status: if status == "active" {
                register::ClientStatus::Active
            } else {
                register::ClientStatus::Discharged
            },
            communication_line: register::clients::communication_line(
                !phone.is_empty(),
                voicemail_ok,
                text_ok,
                !email.is_empty(),
                email_ok,
            ),
            phone,
            voicemail_ok,
            text_ok,
            email,
            email_ok,
            address: r.get(11)?,
            last_service_date: r.get(12)?,
            retention_date: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `client-letters-2026-11-27.pdf`: a date, never a name.
pub fn letters_file_name(date: NaiveDate) -> String {
    format!("client-letters-{}.pdf", iso(date))
}

/// The custodian's letters to these clients, one after the other in one PDF, through the private
/// spool; audited with the client ids only.
pub fn print_letters(session: &Session, client_ids: &[i64], today: NaiveDate) -> Result<PathBuf, WillError> {
    if client_ids.is_empty() {
        return Err(WillError::NoClients);
    }
    let conn = session.conn();
    let (will, _, _) = details(conn)?.ok_or(WillError::NoDetails)?;
    let (packet, paper) = packet_details(conn, &will)?;
    let mut letters = Vec::with_capacity(client_ids.len());
    for id in client_ids {
        let letter = conn
            .query_row(
                "SELECT CASE WHEN preferred_name <> '' THEN preferred_name ELSE legal_name END, address, legal_name, code
                 FROM clients WHERE id = ?1",
                [id],
                |r| {
                    Ok(ClientLetter {
                        name: r.get(0)?,
                        address: r.get(1)?,
                        footer: format!("{} · {}", r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                    })
                },
            )
            .optional()?
            .ok_or(VaultError::InvalidInput("That client is not in the vault.".into()))?;
        letters.push(letter);
    }
    let pdf = forms::render_client_letters(&packet, &letters, today, paper)?;
    let path = Spool::new(session.data_dir().spool())?.write(&letters_file_name(today), &pdf)?;
    let ids: Vec<String> = client_ids.iter().map(i64::to_string).collect();
    session.record(AuditEvent::FormsPrinted, &format!("form=custodian_letter clients={}", ids.join(",")))?;
    forms::open_in_viewer(&path)?;
    Ok(path)
}

/// A sample packet for review without a vault (`confidant forms sample`): made-up details and a
/// freshly made key that opens nothing.
pub fn sample_packet(today: NaiveDate) -> Result<Vec<u8>, WillError> {
    let details = PacketDetails {
        therapist_name: "Dr. Jane Sample".into(),
        practice_name: "Sample Counseling LLC".into(),
        practice_phone: "(555) 010-0100".into(),
        custodian_name: "Dr. Robin Example".into(),
        custodian_license: "LPC 2019-0000, Missouri".into(),
        custodian_contact: "(555) 010-0199, robin@example.org".into(),
        laptop_location: "the locked file cabinet in the office, top drawer".into(),
        backups_location: "the USB drive in the safe-deposit box at Example Bank".into(),
        board_name: "Missouri Committee for Professional Counselors".into(),
        board_contact: "(555) 010-0150".into(),
        years_after_last_service: register::RetentionPolicy::default().years_after_last_service,
        years_after_majority: register::RetentionPolicy::default().years_after_majority,
    };
    render_packet(&details, &CustodianKey::generate(), today, Paper::default())
}
