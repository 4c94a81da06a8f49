//! The client register: clients, their connections (dual relationships), retention and
//! destruction, and importing an existing client list.
//!
//! Clients are known everywhere outside their own page by a stable code (`C0001`, `C0002`, ...):
//! file names, audit entries and error messages use the code, never a name. In discreet mode
//! every summary this module hands out carries initials or the alias only: the name is not
//! even read from the database for lists.

pub mod clients;
pub mod connections;
pub mod holds;
pub mod import;
pub mod retention;
pub(crate) mod text;
pub mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};

pub use clients::{create, discharge, get, list, reopen, set_status, summary, update, MAX_PAGE};
pub use connections::{
    add_connection, check_new_client, list_connections, list_reviews, record_review, record_reviews, remove_connection,
    update_connection, ClientConnection, ConnectionFields, DualMatch, DualRelationshipReview, PossibleDualRelationship,
    ReviewInput,
};
pub use holds::{HoldInput, HoldReason, LegalHold};
pub use retention::{policy, retention_date, set_policy, PolicyChange, RetentionMove, RetentionPolicy};

/// Where a client is in her care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    Prospective,
    Active,
    Discharged,
}

impl ClientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prospective => "prospective",
            Self::Active => "active",
            Self::Discharged => "discharged",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        match value {
            "prospective" => Some(Self::Prospective),
            "active" => Some(Self::Active),
            "discharged" => Some(Self::Discharged),
            _ => None,
        }
    }
}

/// Which clients a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    All,
    Prospective,
    Active,
    Discharged,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PerinatalStatus {
    Pregnant,
    Postpartum,
    #[default]
    Neither,
}

impl PerinatalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pregnant => "pregnant",
            Self::Postpartum => "postpartum",
            Self::Neither => "neither",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "pregnant" => Self::Pregnant,
            "postpartum" => Self::Postpartum,
            _ => Self::Neither,
        }
    }
}

/// Everything the therapist types about a client. Dates are ISO `YYYY-MM-DD` strings, empty when
/// unknown, so that a malformed date comes back as a message on its field rather than a failure
/// to read the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientFields {
    pub legal_name: String,
    pub preferred_name: String,
    /// Shown instead of the name in discreet mode; initials of the legal name when empty.
    pub alias: String,
    pub pronouns: String,
    pub date_of_birth: String,
    pub contact: Contact,
    pub emergency_contact: EmergencyContact,
    /// Where she usually is for telehealth sessions (the state matters for licensure).
    pub telehealth_location: Location,
    pub perinatal: Perinatal,
    pub support_notes: String,
    pub intake_date: String,
    /// Set by hand only when the last service is not her last attended session (a letter, a
    /// call, a record imported from elsewhere); empty otherwise.
    pub last_service_date: String,
    /// Why the last service was set by hand.
    pub last_service_reason: String,
}

/// How to reach her, and what she agreed to: a message on a shared phone can be a breach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    pub phone: String,
    pub voicemail_ok: bool,
    pub text_ok: bool,
    pub email: String,
    pub email_ok: bool,
    pub address: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EmergencyContact {
    pub name: String,
    pub relationship: String,
    pub phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Location {
    /// Two-letter US state or territory code, e.g. `MO`.
    pub state: String,
    pub city: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Perinatal {
    pub status: PerinatalStatus,
    /// For a current pregnancy.
    pub due_date: String,
    /// The baby's birth date, for postpartum.
    pub baby_birth_date: String,
    pub children: Option<u32>,
    pub loss_history: String,
    pub feeding: String,
    /// OB or midwife. Nothing is shared with them without a release.
    pub obstetric: CareContact,
    /// Nothing is shared with them without a release.
    pub pediatrician: CareContact,
}

/// A clinician in her care (OB/midwife, pediatrician).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CareContact {
    pub name: String,
    pub practice: String,
    pub phone: String,
}

/// One client's whole record in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub id: i64,
    /// Stable, never reused: `C0042`.
    pub code: String,
    pub status: ClientStatus,
    pub fields: ClientFields,
    #[ts(type = "string | null")]
    pub discharge_date: Option<NaiveDate>,
    /// From this date on the record may be destroyed.
    #[ts(type = "string | null")]
    pub retention_date: Option<NaiveDate>,
    /// Her last attended session, as the sessions say.
    #[ts(type = "string | null")]
    pub last_attended_on: Option<NaiveDate>,
}

/// One line of the client list, and the header of a client's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientSummary {
    pub id: i64,
    pub code: String,
    /// The name, or in discreet mode the alias or initials only.
    pub display_name: String,
    pub status: ClientStatus,
    pub age: Option<u32>,
    pub pronouns: String,
    /// "24 weeks pregnant", "9 weeks postpartum"; none when neither.
    pub perinatal_line: Option<String>,
    /// "No voicemail · Texts OK · No email": what she may do before she calls.
    pub communication_line: String,
}

/// One page of the client list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientPage {
    pub clients: Vec<ClientSummary>,
    /// How many clients match in all, beyond this page.
    pub total: u32,
}

/// Everything that can go wrong in the register.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("A client with the same name and date of birth is already in the register ({code}). Save anyway only if this is a different person.")]
    PossibleDuplicate { code: String },
    #[error("That client is not in the register.")]
    NotFound,
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    Import(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for RegisterError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<RegisterError> for ApiError {
    fn from(error: RegisterError) -> Self {
        match error {
            RegisterError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            RegisterError::PossibleDuplicate { .. } => ApiError::new(ErrorCode::Duplicate, error.to_string()),
            RegisterError::NotFound => ApiError::new(ErrorCode::Other, error.to_string()),
            RegisterError::NotAllowed(_) | RegisterError::Import(_) => {
                ApiError::new(ErrorCode::InvalidInput, error.to_string())
            }
            RegisterError::Vault(vault) => vault.into(),
        }
    }
}

/// Parses an ISO date typed in a form; `None` for an empty string.
pub(crate) fn parse_date(value: &str) -> Result<Option<NaiveDate>, ()> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map(Some).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_reach_the_ui_with_their_fields() {
        let api: ApiError = RegisterError::Invalid(vec![
            FieldError::new("legalName", "Enter her legal name."),
            FieldError::new("contact.email", "This email address looks incomplete."),
        ])
        .into();
        assert_eq!(api.code, ErrorCode::InvalidInput);
        assert_eq!(api.fields.len(), 2);
        assert_eq!(api.fields[1].field, "contact.email");
    }

    #[test]
    fn a_duplicate_has_its_own_code_and_names_only_the_code() {
        let api: ApiError = RegisterError::PossibleDuplicate { code: "C0007".into() }.into();
        assert_eq!(api.code, ErrorCode::Duplicate);
        assert!(api.message.contains("C0007"));
    }
}
