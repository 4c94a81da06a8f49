//! The money (docs/DOMAIN.md section 12): her fees, each client's charges, waivers, payments and
//! corrections, balances and income, all in integer cents and append-only.
//!
//! - [`fees`]: the fee per service (with its service code) from a date, the sliding scale per
//!   client, each client's billing details.
//! - [`entries`]: charges posted from attendance, waivers, payments, reversing entries, a
//!   client's account and the practice's outstanding total.
//! - [`income`]: income per month and year, and the accountant's CSV (client codes only).
//! - [`papers`]: the receipt, the monthly statement and the superbill, as blocks to print.
//! - [`estimates`]: Good Faith Estimates, kept as issued, and Today's reminders about them.
//! - [`overview`]: what the page shows: a client's panel, the income report, her fees.
//!
//! It sits above the register, the notes (attendance) and the clinical record (diagnoses on
//! papers), and below Today and the demo, which compose it.

pub mod entries;
pub mod estimates;
pub mod fees;
pub mod income;
pub mod overview;
pub mod papers;

use crate::error::{ApiError, ErrorCode, FieldError, VaultError};

pub use entries::{Account, Entry, EntryKind, Method};
pub use fees::{Billing, Fee, Service, SlidingFee};

#[derive(Debug, thiserror::Error)]
pub enum MoneyError {
    #[error("{}", FieldError::summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(&'static str),
    #[error("{0}")]
    NotAllowed(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<rusqlite::Error> for MoneyError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Vault(VaultError::Sql(error))
    }
}

impl From<crate::register::RegisterError> for MoneyError {
    fn from(error: crate::register::RegisterError) -> Self {
        use crate::register::RegisterError as R;
        match error {
            R::Vault(vault) => Self::Vault(vault),
            R::NotFound => Self::NotFound("That client is not in the register."),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<crate::consent::ConsentError> for MoneyError {
    fn from(error: crate::consent::ConsentError) -> Self {
        use crate::consent::ConsentError as C;
        match error {
            C::Vault(vault) => Self::Vault(vault),
            C::Document(forms) => Self::Vault(VaultError::Document(forms)),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<crate::clinical::ClinicalError> for MoneyError {
    fn from(error: crate::clinical::ClinicalError) -> Self {
        use crate::clinical::ClinicalError as C;
        match error {
            C::Vault(vault) => Self::Vault(vault),
            C::Document(forms) => Self::Vault(VaultError::Document(forms)),
            other => Self::NotAllowed(other.to_string()),
        }
    }
}

impl From<MoneyError> for ApiError {
    fn from(error: MoneyError) -> Self {
        match error {
            MoneyError::Invalid(fields) => {
                ApiError::new(ErrorCode::InvalidInput, FieldError::summary(&fields)).with_fields(fields)
            }
            MoneyError::NotFound(_) | MoneyError::NotAllowed(_) => ApiError::new(ErrorCode::Other, error.to_string()),
            MoneyError::Vault(vault) => vault.into(),
        }
    }
}

/// One field's problem, as a refusal.
pub(crate) fn invalid(field: &str, message: &str) -> MoneyError {
    MoneyError::Invalid(vec![FieldError::new(field, message)])
}

/// The largest amount one entry may hold: a million dollars, far above any fee, so that no sum
/// of a practice's entries comes near `i64`'s limit.
pub const MAX_CENTS: i64 = 100_000_000;

/// `$1,234.56` (and `-$12.00`): how papers and the page write an amount.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let whole = (cents / 100).unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}${grouped}.{:02}", (cents % 100).unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_as_dollars_with_their_cents() {
        assert_eq!(dollars(0), "$0.00");
        assert_eq!(dollars(5), "$0.05");
        assert_eq!(dollars(18_000), "$180.00");
        assert_eq!(dollars(123_456_789), "$1,234,567.89");
        assert_eq!(dollars(-1_250), "-$12.50");
        assert_eq!(dollars(-5), "-$0.05");
    }
}
