//! The release gate: the one decision about what may leave the vault (docs/DOMAIN.md section 6).
//!
//! Every outgoing path (release packet, the client's record copy, the privacy summary, the
//! accounting) asks [`decide`] and sends only what it returns. It is a pure function of the
//! items, their status, the audience (an authorization and its dates, a legal basis, or the
//! client herself) and the day, so it can be tested exhaustively without a vault.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::authorizations::{Authorization, AuthorizationState};
use super::{Category, LegalBasis};
use crate::measures::MeasureKind;
use crate::notes::{DisclosureStatus, NoteKind};

/// One thing that could leave the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Item {
    /// A note (of either store). Drafts never leave.
    #[serde(rename_all = "camelCase")]
    Note { id: i64, kind: NoteKind, status: DisclosureStatus, date: String, signed: bool },
    /// The date of an attended session.
    #[serde(rename_all = "camelCase")]
    Attendance { session_id: i64, date: String },
    /// A scored EPDS, PHQ-9 or GAD-7.
    #[serde(rename_all = "camelCase")]
    Measure { id: i64, kind: MeasureKind, date: String },
    /// A current diagnosis (its entry), dated from when it applies.
    #[serde(rename_all = "camelCase")]
    Diagnosis { id: i64, code: String, date: String },
    /// One version of the treatment plan with its reviews, dated the day it was written.
    #[serde(rename_all = "camelCase")]
    TreatmentPlan { id: i64, version: u32, date: String },
    /// One entry of her account (a charge, payment, waiver or correction), dated its day, with
    /// what it was and its amount in cents (signed as the account keeps it).
    #[serde(rename_all = "camelCase")]
    Billing { id: i64, date: String, label: String, cents: i64 },
    /// The client's authorizations and disclosure history: for the client only.
    DisclosureHistory,
}

impl Item {
    /// The category an authorization must name for this item to go to a recipient.
    pub fn category(&self) -> Option<Category> {
        match self {
            Item::Note { .. } if self.protected() => Some(Category::PsychotherapyNotes),
            Item::Note { kind: NoteKind::Discharge, .. } => Some(Category::TreatmentSummary),
            Item::Note { .. } => Some(Category::ProgressNotes),
            Item::Attendance { .. } => Some(Category::AttendanceDates),
            Item::Measure { .. } => Some(Category::Measures),
            Item::Diagnosis { .. } => Some(Category::Diagnosis),
            Item::TreatmentPlan { .. } => Some(Category::TreatmentPlan),
            Item::Billing { .. } => Some(Category::Billing),
            Item::DisclosureHistory => None,
        }
    }

    pub fn date(&self) -> Option<&str> {
        match self {
            Item::Note { date, .. }
            | Item::Attendance { date, .. }
            | Item::Measure { date, .. }
            | Item::Diagnosis { date, .. }
            | Item::TreatmentPlan { date, .. }
            | Item::Billing { date, .. } => Some(date),
            Item::DisclosureHistory => None,
        }
    }

    /// A psychotherapy note, or anything marked Protected: the vault keeps psychotherapy notes
    /// Protected, and the gate does not rely on it.
    pub(crate) fn protected(&self) -> bool {
        matches!(self, Item::Note { kind: NoteKind::Psychotherapy, .. }) || self.status() == DisclosureStatus::Protected
    }

    fn status(&self) -> DisclosureStatus {
        match self {
            Item::Note { status, .. } => *status,
            // Attendance dates, measures, diagnoses, plans and billing have no status of their own:
            // naming their category on the authorization is the client's decision about them.
            Item::Attendance { .. }
            | Item::Measure { .. }
            | Item::Diagnosis { .. }
            | Item::TreatmentPlan { .. }
            | Item::Billing { .. }
            | Item::DisclosureHistory => DisclosureStatus::Shareable,
        }
    }
}

/// Which item she ticks to send: the item without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum ItemKey {
    Note {
        id: i64,
    },
    #[serde(rename_all = "camelCase")]
    Attendance {
        session_id: i64,
    },
    Measure {
        id: i64,
    },
    Diagnosis {
        id: i64,
    },
    TreatmentPlan {
        id: i64,
    },
    Billing {
        id: i64,
    },
}

impl Item {
    /// The key she ticks it by; the disclosure history is never ticked.
    pub fn key(&self) -> Option<ItemKey> {
        match self {
            Item::Note { id, .. } => Some(ItemKey::Note { id: *id }),
            Item::Attendance { session_id, .. } => Some(ItemKey::Attendance { session_id: *session_id }),
            Item::Measure { id, .. } => Some(ItemKey::Measure { id: *id }),
            Item::Diagnosis { id, .. } => Some(ItemKey::Diagnosis { id: *id }),
            Item::TreatmentPlan { id, .. } => Some(ItemKey::TreatmentPlan { id: *id }),
            Item::Billing { id, .. } => Some(ItemKey::Billing { id: *id }),
            Item::DisclosureHistory => None,
        }
    }
}

/// Who receives, and on what footing.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// A third party: under a signed authorization, a legal basis the therapist chose and
    /// confirmed, or both.
    Recipient { authorization: Option<&'a Authorization>, legal_basis: Option<ConfirmedBasis> },
    /// The client herself: her own record (never the Protected notes) and her history; her
    /// billing records only when she asked for them (`billing`).
    Client { billing: bool },
}

/// A legal basis, whether she confirmed that it applies, and whether she confirmed, in the
/// basis's own words, that it reaches psychotherapy notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfirmedBasis {
    pub basis: LegalBasis,
    pub confirmed: bool,
    pub psychotherapy_notes_confirmed: bool,
}

impl ConfirmedBasis {
    /// A basis she confirmed, psychotherapy notes not confirmed.
    pub fn confirmed(basis: LegalBasis) -> Self {
        Self { basis, confirmed: true, psychotherapy_notes_confirmed: false }
    }
}

/// Why an item stays in the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// A draft: sign it first.
    Draft,
    /// Private: only under a legal basis.
    Private,
    /// Protected (a psychotherapy note) where nothing could let it go: without a
    /// psychotherapy-notes authorization or a basis of 164.508(a)(2), or in the client's own
    /// copy. Not even listed to a recipient.
    Protected,
    /// Protected, under a basis that may reach psychotherapy notes once she confirms it.
    ProtectedUnconfirmed,
    /// The authorization does not name this kind of information.
    NotAuthorized,
    /// Dated outside the dates of service the authorization covers.
    OutsideDates,
    /// Billing records, in her own copy when she did not ask for them.
    NotAsked,
    /// The disclosure history is for the client only.
    ClientOnly,
}

impl Withheld {
    pub fn reason(self) -> &'static str {
        match self {
            Self::Draft => "A draft: sign it before it can be released.",
            Self::Private => "Private: released only under a legal basis.",
            Self::Protected => "Protected: a psychotherapy note.",
            Self::ProtectedUnconfirmed => {
                "A psychotherapy note: it may go under this basis only once you confirm, in the basis's own words, \
                 that it reaches psychotherapy notes."
            }
            Self::NotAuthorized => "The authorization does not name this kind of information.",
            Self::OutsideDates => "Outside the dates of service her authorization covers.",
            Self::NotAsked => "Billing records go in her copy only when she asks for them.",
            Self::ClientOnly => "For the client only.",
        }
    }

    /// Whether a recipient's release dialog lists the item at all: a psychotherapy note that
    /// nothing could let go is not even shown.
    pub fn listed(self) -> bool {
        self != Self::Protected
    }
}

/// Why nothing at all may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This authorization is not signed: record the client's signature first. Nothing was released.")]
    Unsigned,
    #[error("This authorization is not in effect yet. Nothing was released.")]
    NotYetEffective,
    #[error("This authorization has expired. Nothing was released.")]
    Expired,
    #[error("This authorization was revoked. Nothing was released.")]
    Revoked,
    #[error("This authorization is another client's. Nothing was released.")]
    OtherClient,
    #[error("Choose the recipient's authorization or a legal basis. Nothing was released.")]
    NoBasis,
    #[error("Confirm the legal basis before anything is released under it. Nothing was released.")]
    Unconfirmed,
    #[error(
        "A subpoena without a court order releases nothing by itself: record the subpoena (her record goes on \
         legal hold). A court order or her authorization then releases through the usual way. Nothing was released."
    )]
    SubpoenaAlone,
}

/// What may go, and, for each of the rest, why not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub may_go: Vec<Item>,
    pub withheld: Vec<(Item, Withheld)>,
}

type Verdict<'a> = dyn Fn(&Item) -> Option<Withheld> + 'a;

/// Decides, for the client `client_id` on `day`, which `items` may go to `audience`.
pub fn decide(client_id: i64, audience: Audience<'_>, day: NaiveDate, items: Vec<Item>) -> Result<Decision, Refusal> {
    let verdict: Box<Verdict<'_>> = match audience {
        Audience::Client { billing } => Box::new(move |item| for_client(item, billing)),
        Audience::Recipient { authorization, legal_basis } => {
            if let Some(authorization) = authorization {
                usable(authorization, client_id, day)?;
            }
            let law = match legal_basis {
                Some(ConfirmedBasis { basis, .. }) if !basis.releases() => return Err(Refusal::SubpoenaAlone),
                Some(ConfirmedBasis { confirmed: false, .. }) => return Err(Refusal::Unconfirmed),
                Some(basis) => Some(basis),
                None if authorization.is_none() => return Err(Refusal::NoBasis),
                None => None,
            };
            Box::new(move |item| for_recipient(item, authorization, law))
        }
    };
    let mut decision = Decision::default();
    for item in items {
        match verdict(&item) {
            None => decision.may_go.push(item),
            Some(why) => decision.withheld.push((item, why)),
        }
    }
    Ok(decision)
}

fn usable(authorization: &Authorization, client_id: i64, day: NaiveDate) -> Result<(), Refusal> {
    if authorization.client_id != client_id {
        return Err(Refusal::OtherClient);
    }
    match authorization.state_on(day) {
        AuthorizationState::Active => Ok(()),
        AuthorizationState::Unsigned => Err(Refusal::Unsigned),
        AuthorizationState::NotYetEffective => Err(Refusal::NotYetEffective),
        AuthorizationState::Expired => Err(Refusal::Expired),
        AuthorizationState::Revoked => Err(Refusal::Revoked),
    }
}

fn for_client(item: &Item, billing: bool) -> Option<Withheld> {
    match item {
        Item::Note { signed: false, .. } => Some(Withheld::Draft),
        _ if item.protected() => Some(Withheld::Protected),
        Item::Billing { .. } if !billing => Some(Withheld::NotAsked),
        _ => None,
    }
}

/// `authorization` has already been found usable, and `law` confirmed.
fn for_recipient(item: &Item, authorization: Option<&Authorization>, law: Option<ConfirmedBasis>) -> Option<Withheld> {
    let named = |category: Option<Category>| authorization.zip(category).is_some_and(|(a, c)| a.covers(c));
    // What goes under the authorization stays within the dates of service it covers.
    let dated = || {
        let day = item.date().and_then(crate::time::parse_day);
        authorization.is_some_and(|a| !a.covers_day(day)).then_some(Withheld::OutsideDates)
    };
    match item {
        Item::DisclosureHistory => Some(Withheld::ClientOnly),
        Item::Note { signed: false, .. } => Some(Withheld::Draft),
        _ if item.protected() => {
            if named(Some(Category::PsychotherapyNotes)) {
                // A note also marked Private stays: the vault never stores one, the gate does not rely on it.
                return if item.status() == DisclosureStatus::Private { Some(Withheld::Private) } else { dated() };
            }
            match law {
                Some(law) if law.basis.psychotherapy_notes_confirmation().is_some() => {
                    (!law.psychotherapy_notes_confirmed).then_some(Withheld::ProtectedUnconfirmed)
                }
                _ => Some(Withheld::Protected),
            }
        }
        _ if law.is_some() => None,
        _ if item.status() == DisclosureStatus::Private => Some(Withheld::Private),
        _ if !named(item.category()) => Some(Withheld::NotAuthorized),
        _ => dated(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::signatures::SignedBy;
    use crate::disclosure::authorizations::AuthorizationKind;

    fn day(s: &str) -> NaiveDate {
        crate::time::parse_day(s).expect("day")
    }

    fn note(id: i64, kind: NoteKind, status: DisclosureStatus) -> Item {
        Item::Note { id, kind, status, date: "2026-03-02".into(), signed: true }
    }

    fn authorization(categories: &[Category]) -> Authorization {
        Authorization {
            id: 7,
            client_id: 1,
            kind: if categories.contains(&Category::PsychotherapyNotes) {
                AuthorizationKind::PsychotherapyNotes
            } else {
                AuthorizationKind::Release
            },
            recipient_name: "Dr. Lee".into(),
            recipient_organisation: String::new(),
            recipient_address: String::new(),
            recipient_phone: String::new(),
            categories: categories.to_vec(),
            purpose: "care".into(),
            effective_on: "2026-01-01".into(),
            expires_on: Some("2026-12-31".into()),
            expiry_event: String::new(),
            covers_from: None,
            covers_to: None,
            conversations: false,
            other_information: String::new(),
            signed_on: Some("2026-01-01".into()),
            signed_by: Some(SignedBy::Client),
            form_version: Some(1),
            event_occurred_on: None,
            revoked_on: None,
            revoked_how: String::new(),
            state: AuthorizationState::Active,
        }
    }

    #[test]
    fn an_authorization_releases_only_shareable_notes_of_the_kinds_it_names() {
        let a = authorization(&[Category::ProgressNotes]);
        let items = vec![
            note(1, NoteKind::Progress, DisclosureStatus::Shareable),
            note(2, NoteKind::Progress, DisclosureStatus::Private),
            note(3, NoteKind::Psychotherapy, DisclosureStatus::Protected),
            note(4, NoteKind::Discharge, DisclosureStatus::Shareable),
            Item::Attendance { session_id: 9, date: "2026-03-02".into() },
        ];
        let audience = Audience::Recipient { authorization: Some(&a), legal_basis: None };
        let decision = decide(1, audience, day("2026-03-10"), items).expect("active");
        assert_eq!(decision.may_go, vec![note(1, NoteKind::Progress, DisclosureStatus::Shareable)]);
        let reasons: Vec<Withheld> = decision.withheld.iter().map(|(_, w)| *w).collect();
        assert_eq!(
            reasons,
            vec![Withheld::Private, Withheld::Protected, Withheld::NotAuthorized, Withheld::NotAuthorized]
        );
    }

    #[test]
    fn measures_go_only_to_a_recipient_whose_authorization_names_them() {
        let measure = Item::Measure { id: 4, kind: MeasureKind::Epds, date: "2026-03-02".into() };
        let day = day("2026-03-10");
        let decide_under = |a: &Authorization| {
            let audience = Audience::Recipient { authorization: Some(a), legal_basis: None };
            decide(1, audience, day, vec![measure.clone()]).expect("active")
        };
        let without = decide_under(&authorization(&[Category::ProgressNotes]));
        assert_eq!(without.withheld, vec![(measure.clone(), Withheld::NotAuthorized)]);
        let with = decide_under(&authorization(&[Category::Measures]));
        assert_eq!(with.may_go, vec![measure.clone()]);
        let own = decide(1, Audience::Client { billing: false }, day, vec![measure.clone()]).expect("client");
        assert_eq!(own.may_go, vec![measure], "her measures are in her own copy");
    }

    #[test]
    fn billing_goes_in_her_own_copy_only_when_she_asks_for_it() {
        let entry = Item::Billing { id: 3, date: "2026-03-02".into(), label: "Session (90834)".into(), cents: 18_000 };
        let day = day("2026-03-10");
        let without = decide(1, Audience::Client { billing: false }, day, vec![entry.clone()]).expect("client");
        assert_eq!(without.withheld, vec![(entry.clone(), Withheld::NotAsked)]);
        let with = decide(1, Audience::Client { billing: true }, day, vec![entry.clone()]).expect("client");
        assert_eq!(with.may_go, vec![entry]);
    }

    #[test]
    fn an_expired_authorization_releases_nothing() {
        let a = authorization(&[Category::ProgressNotes]);
        let audience = Audience::Recipient { authorization: Some(&a), legal_basis: None };
        assert_eq!(decide(1, audience, day("2027-01-01"), vec![]), Err(Refusal::Expired));
    }

    #[test]
    fn a_legal_basis_must_be_confirmed_and_reaches_psychotherapy_notes_only_when_confirmed_again() {
        let basis = LegalBasis::CourtOrder;
        let under = |confirmed, psychotherapy_notes_confirmed| Audience::Recipient {
            authorization: None,
            legal_basis: Some(ConfirmedBasis { basis, confirmed, psychotherapy_notes_confirmed }),
        };
        assert_eq!(decide(1, under(false, true), day("2026-03-10"), vec![]), Err(Refusal::Unconfirmed));
        let private = note(2, NoteKind::Progress, DisclosureStatus::Private);
        let protected = note(3, NoteKind::Psychotherapy, DisclosureStatus::Protected);
        let items = vec![private.clone(), protected.clone()];
        let once = decide(1, under(true, false), day("2026-03-10"), items.clone()).expect("confirmed");
        assert_eq!(once.may_go, vec![private.clone()]);
        assert_eq!(once.withheld, vec![(protected, Withheld::ProtectedUnconfirmed)]);
        let twice = decide(1, under(true, true), day("2026-03-10"), items.clone()).expect("confirmed twice");
        assert_eq!(twice.may_go, items);
    }

    #[test]
    fn a_subpoena_releases_nothing_even_with_an_authorization_at_hand() {
        let a = authorization(&[Category::ProgressNotes]);
        let subpoena =
            Some(ConfirmedBasis { basis: LegalBasis::Subpoena, confirmed: true, psychotherapy_notes_confirmed: true });
        for authorization in [None, Some(&a)] {
            let audience = Audience::Recipient { authorization, legal_basis: subpoena };
            let items = vec![note(1, NoteKind::Progress, DisclosureStatus::Shareable)];
            assert_eq!(decide(1, audience, day("2026-03-10"), items), Err(Refusal::SubpoenaAlone));
        }
    }

    #[test]
    fn a_mandated_report_never_reaches_a_psychotherapy_note_and_does_not_list_it() {
        let audience = Audience::Recipient {
            authorization: None,
            legal_basis: Some(ConfirmedBasis {
                basis: LegalBasis::MandatedChildAbuseReport,
                confirmed: true,
                psychotherapy_notes_confirmed: true,
            }),
        };
        let protected = note(3, NoteKind::Psychotherapy, DisclosureStatus::Protected);
        let decision = decide(1, audience, day("2026-03-10"), vec![protected.clone()]).expect("confirmed");
        assert_eq!(decision.withheld, vec![(protected, Withheld::Protected)]);
        assert!(!Withheld::Protected.listed());
    }

    #[test]
    fn the_clients_own_copy_has_everything_but_protected_notes_and_drafts() {
        let draft = Item::Note {
            id: 5,
            kind: NoteKind::Progress,
            status: DisclosureStatus::Shareable,
            date: "2026-03-02".into(),
            signed: false,
        };
        let items = vec![
            note(2, NoteKind::Progress, DisclosureStatus::Private),
            note(3, NoteKind::Psychotherapy, DisclosureStatus::Protected),
            draft,
            Item::DisclosureHistory,
        ];
        let decision = decide(1, Audience::Client { billing: false }, day("2026-03-10"), items).expect("client");
        assert_eq!(
            decision.may_go,
            vec![note(2, NoteKind::Progress, DisclosureStatus::Private), Item::DisclosureHistory]
        );
    }
}
