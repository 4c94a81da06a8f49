//! The release gate under random notes, attendance dates, measures, statuses, authorizations,
//! dates and legal bases. 256 cases in `make test`; `CONFIDANT_PROPTEST_CASES=10000` in
//! `make reliability`.

use chrono::{Days, NaiveDate};
use confidant_core::consent::signatures::SignedBy;
use confidant_core::disclosure::authorizations::{Authorization, AuthorizationKind, AuthorizationState};
use confidant_core::disclosure::gate::{decide, Audience, ConfirmedBasis, Item};
use confidant_core::disclosure::{Category, LegalBasis};
use confidant_core::measures::MeasureKind;
use confidant_core::notes::{DisclosureStatus, NoteKind};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("CONFIDANT_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("date").checked_add_days(Days::new(offset)).expect("day")
}

fn iso(offset: u64) -> String {
    day(offset).format("%Y-%m-%d").to_string()
}

fn item() -> impl Strategy<Value = Item> {
    let kind = prop_oneof![
        Just(NoteKind::Progress),
        Just(NoteKind::Contact),
        Just(NoteKind::Discharge),
        Just(NoteKind::Psychotherapy)
    ];
    let status = prop_oneof![
        Just(DisclosureStatus::Private),
        Just(DisclosureStatus::Shareable),
        Just(DisclosureStatus::Protected)
    ];
    let measure_kind = prop_oneof![Just(MeasureKind::Epds), Just(MeasureKind::Phq9), Just(MeasureKind::Gad7)];
    prop_oneof![
        4 => (1i64..50, kind, status, 0u64..60, any::<bool>()).prop_map(|(id, kind, status, d, signed)| {
            // The vault keeps psychotherapy notes Protected; the gate must not rely on it.
            Item::Note { id, kind, status, date: iso(d), signed }
        }),
        1 => (1i64..50, 0u64..60).prop_map(|(session_id, d)| Item::Attendance { session_id, date: iso(d) }),
        1 => (1i64..50, measure_kind, 0u64..60).prop_map(|(id, kind, d)| Item::Measure { id, kind, date: iso(d) }),
        1 => (1i64..50, 0u64..60, -20_000i64..20_000).prop_map(|(id, d, cents)| {
            Item::Billing { id, date: iso(d), label: "Psychotherapy, 45 minutes (90834)".into(), cents }
        }),
        1 => Just(Item::DisclosureHistory),
    ]
}

prop_compose! {
    fn authorization()(
        psychotherapy in any::<bool>(),
        categories in proptest::sample::subsequence(Category::ALL[..7].to_vec(), 0..=7),
        effective in 0u64..60,
        length in proptest::option::of(0u64..60),
        signed in proptest::option::of(0u64..60),
        revoked in proptest::option::of(0u64..90),
        event in proptest::option::of(0u64..90),
        other_client in proptest::bool::weighted(0.1),
        covers_from in proptest::option::of(0u64..60),
        covers_to in proptest::option::of(0u64..60),
    ) -> Authorization {
        Authorization {
            id: 1,
            client_id: if other_client { 2 } else { 1 },
            kind: if psychotherapy { AuthorizationKind::PsychotherapyNotes } else { AuthorizationKind::Release },
            recipient_name: "Recipient".into(),
            recipient_organisation: String::new(),
            recipient_address: String::new(),
            recipient_phone: String::new(),
            categories: if psychotherapy { vec![Category::PsychotherapyNotes] } else { categories },
            purpose: "purpose".into(),
            effective_on: iso(effective),
            expires_on: length.map(|l| iso(effective + l)),
            expiry_event: if length.is_none() { "end of treatment".into() } else { String::new() },
            covers_from: covers_from.map(iso),
            covers_to: covers_to.map(|to| iso(covers_from.unwrap_or(0) + to)),
            conversations: false,
            other_information: String::new(),
            signed_on: signed.map(iso),
            signed_by: signed.map(|_| SignedBy::Client),
            form_version: signed.map(|_| 1),
            event_occurred_on: event.filter(|_| length.is_none()).map(iso),
            revoked_on: revoked.filter(|_| signed.is_some()).map(iso),
            revoked_how: String::new(),
            state: AuthorizationState::Unsigned,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_gate_never_lets_out_what_status_scope_dates_or_basis_forbid(
        items in proptest::collection::vec(item(), 0..12),
        authorization in proptest::option::of(authorization()),
        basis in proptest::option::of((proptest::sample::select(LegalBasis::ALL.to_vec()), any::<bool>(), any::<bool>())),
        on in 0u64..120,
    ) {
        let today = day(on);
        let legal_basis = basis.map(|(basis, confirmed, psychotherapy_notes_confirmed)| {
            ConfirmedBasis { basis, confirmed, psychotherapy_notes_confirmed }
        });
        let audience = Audience::Recipient { authorization: authorization.as_ref(), legal_basis };
        let under_law = legal_basis.is_some_and(|b| b.confirmed);
        let usable = authorization.as_ref().is_some_and(|a| a.client_id == 1 && a.state_on(today) == AuthorizationState::Active);
        match decide(1, audience, today, items.clone()) {
            Err(_) => {}
            Ok(decision) => {
                prop_assert_eq!(decision.may_go.len() + decision.withheld.len(), items.len(), "every item is accounted for");
                if let Some(a) = &authorization {
                    prop_assert!(usable, "an unsigned, not yet effective, expired, revoked or other client's authorization ({:?}) was used", a.state_on(today));
                }
                if let Some(b) = legal_basis {
                    prop_assert!(under_law, "an unconfirmed legal basis was used");
                    prop_assert_ne!(b.basis, LegalBasis::Subpoena, "a subpoena alone released something");
                }
                for item in &decision.may_go {
                    prop_assert!(!matches!(item, Item::DisclosureHistory), "the history goes to the client only");
                    if let Item::Note { status, signed, kind, .. } = item {
                        prop_assert!(*signed, "a draft left the vault");
                        let psychotherapy = *status == DisclosureStatus::Protected || *kind == NoteKind::Psychotherapy;
                        let authorized = authorization.as_ref().is_some_and(|a| a.covers(Category::PsychotherapyNotes));
                        if psychotherapy && !authorized {
                            let b = legal_basis.expect("a psychotherapy note went with neither its authorization nor a basis");
                            prop_assert!(b.basis.psychotherapy_notes_confirmation().is_some(), "a psychotherapy note went under {:?}, which 164.508(a)(2) does not allow", b.basis);
                            prop_assert!(b.psychotherapy_notes_confirmed, "a psychotherapy note went without the second confirmation");
                        }
                        if !under_law {
                            prop_assert_ne!(*status, DisclosureStatus::Private, "a Private note left without a legal basis");
                            let a = authorization.as_ref().expect("no basis means refusal");
                            if *status == DisclosureStatus::Protected || *kind == NoteKind::Psychotherapy {
                                prop_assert!(a.covers(Category::PsychotherapyNotes), "a Protected note went under an authorization that does not name psychotherapy notes");
                            }
                        }
                    }
                    if !under_law {
                        let a = authorization.as_ref().expect("no basis means refusal");
                        prop_assert!(item.category().is_some_and(|c| a.covers(c)), "an item outside the authorization's scope left");
                        let day = item.date().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                        prop_assert!(a.covers_day(day), "an item outside the dates of service the authorization covers left");
                    }
                }
            }
        }
    }

    #[test]
    fn the_clients_own_copy_never_holds_a_protected_note_or_a_draft_nor_billing_she_did_not_ask_for(items in proptest::collection::vec(item(), 0..12), billing in any::<bool>(), on in 0u64..120) {
        let decision = decide(1, Audience::Client { billing }, day(on), items).expect("the client may always have her record");
        for item in &decision.may_go {
            prop_assert!(billing || !matches!(item, Item::Billing { .. }), "billing went in a copy that did not ask for it");
            if let Item::Note { status, signed, .. } = item {
                prop_assert!(*signed);
                prop_assert_ne!(*status, DisclosureStatus::Protected);
            }
        }
    }
}
