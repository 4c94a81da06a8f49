//! The clinical record (docs/DOMAIN.md section 10): diagnoses with ICD-10-CM codes, treatment plans
//! with their goals and reviews, and the goals a progress note worked on.
//!
//! - [`codes`]: the shipped ICD-10-CM list (and her own codes), searched as she types.
//! - [`diagnoses`]: a client's diagnoses; a change is a new entry, never an edit of the old.
//! - [`plans`]: treatment plans in versions, printed to sign, the signature recorded.
//! - [`reviews`]: dated reviews of the plan's goals, each making the next review date.
//! - [`goals`]: the goals as they stand, and the goals a progress note worked on.
//! - [`overview`]: the client page's clinical panel, Today's reminders, and search.
//!
//! It sits above the register, notes, measures and consent (it reads them) and below
//! disclosure, which releases diagnoses and plans through the gate, and Today. Diagnoses and
//! plans belong to the record, never to a psychotherapy note: goals link to progress notes only.

pub mod codes;
pub mod diagnoses;
pub mod goals;
pub mod overview;
pub mod plans;
pub mod reviews;

use rusqlite::Connection;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::forms::FormsError;

pub use codes::{CodeMatch, CustomCode};
pub use diagnoses::{Diagnosis, DiagnosisChange, DiagnosisStatus, NewDiagnosis};
pub use goals::{Goal, GoalStatus};
pub use overview::{ClinicalHit, ClinicalOverview};
pub use plans::{GoalInput, PlanInput, TreatmentPlan};
pub use reviews::{GoalReview, PlanReview, PlanReviewInput};

#[derive(Debug, thiserror::Error)]
pub enum ClinicalError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Document(#[from] FormsError),
    /// The plan's form prints practice details her profile does not have yet.
    #[error(transparent)]
    Consent(crate::consent::ConsentError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for ClinicalError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<crate::consent::ConsentError> for ClinicalError {
    fn from(error: crate::consent::ConsentError) -> Self {
        use crate::consent::ConsentError as C;
        match error {
            C::Invalid(fields) => Self::Invalid(fields),
            C::NotFound(what) => Self::NotFound(what),
            C::Document(forms) => Self::Document(forms),
            C::Vault(vault) => Self::Vault(vault),
            other => Self::Consent(other),
        }
    }
}

impl From<ClinicalError> for ApiError {
    fn from(error: ClinicalError) -> Self {
        match error {
            ClinicalError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            ClinicalError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            ClinicalError::Document(forms) => VaultError::Document(forms).into(),
            ClinicalError::Consent(consent) => consent.into(),
            ClinicalError::Vault(vault) => vault.into(),
        }
    }
}

/// One problem with one field: refuses with it.
pub(crate) fn invalid<T>(field: &str, message: impl Into<String>) -> Result<T, ClinicalError> {
    Err(ClinicalError::Invalid(vec![FieldError::new(field, message)]))
}

/// Refuses with every problem found, or goes on.
pub(crate) fn refuse_if_any(problems: Vec<FieldError>) -> Result<(), ClinicalError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ClinicalError::Invalid(problems))
    }
}

/// The client must be in the register.
pub(crate) fn require_client(conn: &Connection, client_id: i64) -> Result<(), ClinicalError> {
    let known: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM clients WHERE id = ?1)", [client_id], |r| r.get(0))?;
    if known {
        Ok(())
    } else {
        Err(ClinicalError::NotFound("That client is not in the register."))
    }
}

/// Longest text of one part of a plan or a review (a page or two).
pub(crate) const MAX_TEXT: usize = 4_000;

/// The text as kept: trimmed, refused past [`MAX_TEXT`] characters.
pub(crate) fn text(field: &str, value: &str, required: Option<&str>, problems: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        if let Some(message) = required {
            problems.push(FieldError::new(field, message));
        }
    } else if value.chars().count() > MAX_TEXT {
        problems.push(FieldError::new(field, "Keep this under 4,000 characters."));
    }
    value.to_owned()
}
