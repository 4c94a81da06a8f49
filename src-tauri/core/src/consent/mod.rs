//! Consent (docs/DOMAIN.md section 5): the practice profile, the versioned form templates, consent
//! packets printed to sign in person, the signatures recorded afterwards, and who must re-sign.

pub mod packet;
pub mod profile;
pub mod signatures;
pub mod templates;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};
use crate::forms::template::TemplateProblem;
use crate::forms::FormsError;

pub use packet::{
    preview_form, print_blank, print_packet, profile_fields, render_packet_for_client, sample_forms, save_packet_as,
    Extra,
};
pub use profile::{PracticeProfile, ProfileField};
pub use signatures::{consent_status, needs_consent_warning, reconsent_list, record_signature};
pub use templates::{form_detail, save_form};

/// The forms Confidant ships. Authorizations to release information are printed from here too;
/// recording them is the disclosure module's job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    InformedConsent,
    TelehealthConsent,
    /// The Notice of Privacy Practices itself (45 CFR 164.520): handed out, not signed.
    PrivacyNotice,
    PrivacyNoticeAcknowledgment,
    ReleaseAuthorization,
    PsychotherapyNotesAuthorization,
    /// A client's treatment plan, printed from the plan itself for her to read and sign.
    TreatmentPlan,
}

impl FormKind {
    /// In the order the Forms page lists them and a packet prints them (the notice just before
    /// its acknowledgment).
    pub const ALL: [FormKind; 7] = [
        FormKind::InformedConsent,
        FormKind::TelehealthConsent,
        FormKind::PrivacyNotice,
        FormKind::PrivacyNoticeAcknowledgment,
        FormKind::ReleaseAuthorization,
        FormKind::PsychotherapyNotesAuthorization,
        FormKind::TreatmentPlan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InformedConsent => "informed_consent",
            Self::TelehealthConsent => "telehealth_consent",
            Self::PrivacyNotice => "privacy_notice",
            Self::PrivacyNoticeAcknowledgment => "privacy_notice_acknowledgment",
            Self::ReleaseAuthorization => "release_authorization",
            Self::PsychotherapyNotesAuthorization => "psychotherapy_notes_authorization",
            Self::TreatmentPlan => "treatment_plan",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// The file the default text ships in (`assets/forms/<stem>.txt`), also used to name PDFs.
    pub fn file_stem(self) -> &'static str {
        match self {
            Self::InformedConsent => "informed-consent",
            Self::TelehealthConsent => "telehealth-consent",
            Self::PrivacyNotice => "privacy-notice",
            Self::PrivacyNoticeAcknowledgment => "privacy-notice-acknowledgment",
            Self::ReleaseAuthorization => "release-authorization",
            Self::PsychotherapyNotesAuthorization => "psychotherapy-notes-authorization",
            Self::TreatmentPlan => "treatment-plan",
        }
    }

    /// The text shipped as version 1.
    pub fn default_text(self) -> &'static str {
        match self {
            Self::InformedConsent => include_str!("../../../../assets/forms/informed-consent.txt"),
            Self::TelehealthConsent => include_str!("../../../../assets/forms/telehealth-consent.txt"),
            Self::PrivacyNotice => include_str!("../../../../assets/forms/privacy-notice.txt"),
            Self::PrivacyNoticeAcknowledgment => {
                include_str!("../../../../assets/forms/privacy-notice-acknowledgment.txt")
            }
            Self::ReleaseAuthorization => include_str!("../../../../assets/forms/release-authorization.txt"),
            Self::PsychotherapyNotesAuthorization => {
                include_str!("../../../../assets/forms/psychotherapy-notes-authorization.txt")
            }
            Self::TreatmentPlan => include_str!("../../../../assets/forms/treatment-plan.txt"),
        }
    }

    /// Consents a client signs once and re-signs when the text changes (authorizations are
    /// per recipient, not renewed this way).
    pub fn is_consent(self) -> bool {
        matches!(self, Self::InformedConsent | Self::TelehealthConsent | Self::PrivacyNoticeAcknowledgment)
    }

    /// Whether it can go in a packet of forms to sign. A treatment plan prints from the plan
    /// itself (the client page's clinical panel), never blank.
    pub fn in_packets(self) -> bool {
        self != Self::TreatmentPlan
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    /// A template that cannot be saved: every problem, each with its line.
    #[error("{}", template_summary(.0))]
    Template(Vec<TemplateProblem>),
    #[error("{0}")]
    NotFound(&'static str),
    /// The forms print practice details her profile does not have yet.
    #[error("{}", profile_summary(.0))]
    ProfileIncomplete(Vec<ProfileField>),
    #[error(transparent)]
    Document(#[from] FormsError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

fn profile_summary(missing: &[ProfileField]) -> String {
    let labels: Vec<&str> = missing.iter().map(|f| f.label.as_str()).collect();
    let list = match labels.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!("Nothing was printed: these forms print details your practice profile does not have yet ({list}). Fill them in, then print.")
}

fn template_summary(problems: &[TemplateProblem]) -> String {
    match problems {
        [one] => format!("The form was not saved. {one}"),
        [first, ..] => format!("The form was not saved: {} problems. {first}", problems.len()),
        [] => "The form was not saved.".to_owned(),
    }
}

impl From<rusqlite::Error> for ConsentError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<crate::register::RegisterError> for ConsentError {
    fn from(error: crate::register::RegisterError) -> Self {
        use crate::register::RegisterError as R;
        match error {
            R::NotFound => Self::NotFound("That client is not in the register."),
            R::Vault(vault) => Self::Vault(vault),
            R::Invalid(fields) => Self::Invalid(fields),
            other => Self::Invalid(vec![FieldError::new("client", other.to_string())]),
        }
    }
}

impl From<ConsentError> for ApiError {
    fn from(error: ConsentError) -> Self {
        match error {
            ConsentError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            ConsentError::Template(ref problems) => {
                let fields = problems.iter().map(|p| FieldError::new("body", p.to_string())).collect();
                ApiError::new(ErrorCode::InvalidInput, error.to_string()).with_fields(fields)
            }
            ConsentError::NotFound(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            ConsentError::ProfileIncomplete(ref missing) => {
                let fields = missing
                    .iter()
                    .map(|f| FieldError::new(&f.field, "Needed on the forms you are printing."))
                    .collect();
                ApiError::new(ErrorCode::InvalidInput, error.to_string()).with_fields(fields)
            }
            ConsentError::Document(FormsError::NothingToPrint) => {
                ApiError::new(ErrorCode::InvalidInput, error.to_string())
            }
            ConsentError::Document(forms) => VaultError::Document(forms).into(),
            ConsentError::Vault(vault) => vault.into(),
        }
    }
}

/// Every form with its current version, whether it is still the shipped text, and how many
/// clients wait to sign its newer version (the forms and their signatures, composed here).
pub fn list_forms(conn: &Connection) -> Result<Vec<templates::FormSummary>, ConsentError> {
    let waiting = signatures::reconsent_counts(conn)?;
    FormKind::ALL
        .into_iter()
        .map(|kind| {
            let (current, body) = templates::current(conn, kind)?;
            Ok(templates::FormSummary {
                is_default_text: body == templates::normalise(kind.default_text()),
                clients_to_reconsent: waiting.get(&kind).copied().unwrap_or(0),
                current,
            })
        })
        .collect()
}
