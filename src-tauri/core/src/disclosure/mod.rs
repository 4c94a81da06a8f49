//! Disclosure (docs/DOMAIN.md sections 4 to 7): the client's authorizations, the one release gate
//! every outgoing path goes through, and the hash-chained disclosure ledger.
//!
//! - [`authorizations`]: who may receive what, for what purpose, from when until when.
//! - [`gate`]: the only decision about what may leave the vault, and why the rest may not.
//! - [`release`]: release packets, the client's record copy, disclosures made outside the app.
//! - [`accounting`]: accounting requests, the accounting and the privacy summary.
//! - [`subpoenas`]: subpoenas without an order: recorded, the record on hold, the next steps.

pub mod accounting;
pub mod authorizations;
pub mod billing;
pub mod gate;
pub mod kept;
pub mod printing;
pub mod release;
pub mod subpoenas;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::forms::FormsError;

pub use crate::ledger::basis::{self, LegalBasis};
pub use crate::ledger::{LedgerCheck, LedgerEntry};
pub use authorizations::{Authorization, AuthorizationInput, AuthorizationKind, AuthorizationState};
pub use gate::{decide, Audience, Decision, Item, Refusal, Withheld};

/// The kinds of information an authorization names (what the release form lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    AttendanceDates,
    Diagnosis,
    /// The treatment plan's versions and their reviews.
    TreatmentPlan,
    TreatmentSummary,
    ProgressNotes,
    Measures,
    /// Charges, payments, adjustments and the running balance (docs/DOMAIN.md section 12).
    Billing,
    /// Only on its own authorization ([`AuthorizationKind::PsychotherapyNotes`]).
    PsychotherapyNotes,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::AttendanceDates,
        Category::Diagnosis,
        Category::TreatmentPlan,
        Category::TreatmentSummary,
        Category::ProgressNotes,
        Category::Measures,
        Category::Billing,
        Category::PsychotherapyNotes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AttendanceDates => "attendance_dates",
            Self::Diagnosis => "diagnosis",
            Self::TreatmentPlan => "treatment_plan",
            Self::TreatmentSummary => "treatment_summary",
            Self::ProgressNotes => "progress_notes",
            Self::Measures => "measures",
            Self::Billing => "billing",
            Self::PsychotherapyNotes => "psychotherapy_notes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AttendanceDates => "Attendance dates",
            Self::Diagnosis => "Diagnosis",
            Self::TreatmentPlan => "Treatment plan",
            Self::TreatmentSummary => "Treatment summary",
            Self::ProgressNotes => "Progress notes",
            Self::Measures => "Measures",
            Self::Billing => "Billing records",
            Self::PsychotherapyNotes => "Psychotherapy notes",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DisclosureError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    /// The gate said no to the whole request.
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Document(#[from] FormsError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// A form to print needs practice details her profile does not have yet.
    #[error(transparent)]
    ProfileIncomplete(crate::consent::ConsentError),
    /// A paper of the money could not be made (a payment that is not one, no fee set...).
    #[error(transparent)]
    Money(crate::money::MoneyError),
}

impl From<crate::money::MoneyError> for DisclosureError {
    fn from(error: crate::money::MoneyError) -> Self {
        match error {
            crate::money::MoneyError::Vault(vault) => Self::Vault(vault),
            other => Self::Money(other),
        }
    }
}

impl From<crate::ledger::LedgerError> for DisclosureError {
    fn from(error: crate::ledger::LedgerError) -> Self {
        match error {
            crate::ledger::LedgerError::NotThisClients => Self::NotFound("That ledger entry is not this client's."),
            crate::ledger::LedgerError::Vault(vault) => Self::Vault(vault),
        }
    }
}

impl From<rusqlite::Error> for DisclosureError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<crate::register::RegisterError> for DisclosureError {
    fn from(error: crate::register::RegisterError) -> Self {
        match error {
            crate::register::RegisterError::Vault(vault) => Self::Vault(vault),
            crate::register::RegisterError::Invalid(fields) => Self::Invalid(fields),
            _ => Self::NotFound("That client is not in the register."),
        }
    }
}

impl From<crate::clinical::ClinicalError> for DisclosureError {
    fn from(error: crate::clinical::ClinicalError) -> Self {
        use crate::clinical::ClinicalError as C;
        match error {
            C::Invalid(fields) => Self::Invalid(fields),
            C::NotFound(what) => Self::NotFound(what),
            C::Document(forms) => Self::Document(forms),
            C::Consent(consent) => consent.into(),
            C::Vault(vault) => Self::Vault(vault),
        }
    }
}

impl From<crate::consent::ConsentError> for DisclosureError {
    fn from(error: crate::consent::ConsentError) -> Self {
        use crate::consent::ConsentError as C;
        match error {
            C::Invalid(fields) => Self::Invalid(fields),
            C::NotFound(what) => Self::NotFound(what),
            C::Document(forms) => Self::Document(forms),
            C::Vault(vault) => Self::Vault(vault),
            C::Template(problems) => {
                Self::Invalid(problems.iter().map(|p| FieldError::new("form", p.to_string())).collect())
            }
            incomplete @ C::ProfileIncomplete(_) => Self::ProfileIncomplete(incomplete),
        }
    }
}

impl From<DisclosureError> for ApiError {
    fn from(error: DisclosureError) -> Self {
        match error {
            DisclosureError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            DisclosureError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            DisclosureError::Refused(_) => ApiError::new(ErrorCode::InvalidInput, error.to_string()),
            DisclosureError::Document(FormsError::NothingToPrint) => {
                ApiError::new(ErrorCode::InvalidInput, error.to_string())
            }
            DisclosureError::Document(forms) => VaultError::Document(forms).into(),
            DisclosureError::Vault(vault) => vault.into(),
            DisclosureError::ProfileIncomplete(consent) => consent.into(),
            DisclosureError::Money(money) => money.into(),
        }
    }
}

/// Collects field problems and refuses with all of them at once.
#[derive(Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    pub(crate) fn add(&mut self, field: &str, message: &str) {
        self.0.push(FieldError::new(field, message));
    }

    /// Refuses a text longer than `max` characters (once per field).
    pub(crate) fn limit(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().chars().count() > max && !self.0.iter().any(|p| p.field == field) {
            self.add(field, &format!("Keep this under {max} characters."));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn finish(self) -> Result<(), DisclosureError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DisclosureError::Invalid(self.0))
        }
    }
}
