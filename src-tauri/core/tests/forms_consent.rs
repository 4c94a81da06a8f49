//! Consent: the shipped forms read back from their PDFs with every required element, versions
//! and re-consent, signature dates, the first-note warning and the private spool.

mod common;
mod pdf_support;

// In a module so that `cargo test -p confidant-core forms` selects these tests.
mod forms {
    use std::collections::BTreeMap;
    use std::os::unix::fs::PermissionsExt;

    use chrono::{Duration, NaiveDate};
    use confidant_core::consent::signatures::{ConsentState, NewSignature, SignedBy};
    use confidant_core::consent::{self, packet, profile, templates, FormKind};
    use confidant_core::notes::{self, NewNote, NoteKind, NotesError};
    use confidant_core::register::{self, ClientFields, ClientStatus};
    use confidant_core::vault::{LockReason, Session};
    use confidant_core::{audit, ApiError, ErrorCode};

    use crate::common::TestVault;
    use crate::pdf_support::{assert_fonts_embedded_and_subset, page_count, page_text, save, tool};

    /// A name that must never appear in a file name, metadata or the audit trail.
    const CANARY: &str = "Juniper Canarywood";

    fn today() -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    fn client(session: &mut Session, telehealth: bool) -> i64 {
        let mut fields =
            ClientFields { legal_name: CANARY.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
        fields.contact.address = "12 Spruce Lane, Arcata, CA 95521".into();
        if telehealth {
            fields.telehealth_location.state = "CA".into();
        }
        register::create(session, &fields, ClientStatus::Active, true, today()).expect("client").id
    }

    fn with_profile() -> (TestVault, Session) {
        let (vault, mut session) = TestVault::new();
        profile::save(&mut session, &profile::sample()).expect("profile");
        (vault, session)
    }

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn signature(client_id: i64, kind: FormKind, version: u32, signed_on: NaiveDate) -> NewSignature {
        NewSignature {
            client_id,
            kind,
            version,
            signed_on: signed_on.format("%Y-%m-%d").to_string(),
            signed_by: SignedBy::Client,
        }
    }

    fn trail(session: &Session) -> String {
        audit::recent(session.conn(), 1000)
            .expect("trail")
            .into_iter()
            .map(|(at, event, detail)| format!("{at} {event} {detail}\n"))
            .collect()
    }

    /// `src-tauri/core/tests/fixtures/form-required-elements.json`: per form, the elements
    /// DOMAIN.md section 5 requires and a phrase of the default text that covers each.
    fn required_elements() -> BTreeMap<String, Vec<BTreeMap<String, String>>> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/form-required-elements.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("valid JSON")
    }

    #[test]
    fn every_default_form_prints_its_required_elements_details_and_footer_in_a_clean_pdf() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, true);
        let required = required_elements();
        for kind in FormKind::ALL {
            let (pdf_bytes, versions, code) =
                consent::render_packet_for_client(session.conn(), id, &[kind], today()).expect("renders");
            let file_name = packet::packet_file_name(&code, today());
            assert!(!file_name.contains("Juniper") && file_name.contains("C0001"), "{file_name}");
            let pdf = save(&format!("default-{}", kind.file_stem()), &pdf_bytes);
            tool("qpdf", &["--check", &pdf]);
            assert_fonts_embedded_and_subset(&pdf);
            let text = words(&tool("pdftotext", &[&pdf, "-"]));

            let elements = required.get(kind.file_stem()).unwrap_or_else(|| panic!("no elements for {kind:?}"));
            assert!(!elements.is_empty());
            for element in elements {
                let phrase = words(&element["phrase"]);
                assert!(
                    text.contains(&phrase),
                    "{kind:?} must cover “{}”: phrase {phrase:?} not found in:\n{text}",
                    element["element"]
                );
            }
            for detail in ["Willow Creek Perinatal Counseling", "Dr. Maren Holloway"] {
                assert!(text.contains(detail), "{kind:?} must print the practice detail {detail:?}");
            }
            let version = &versions[0];
            let stamp = format!("{} · version 1 · {}", version.title, version.content_hash);
            assert!(text.contains(&stamp), "{kind:?} footer must read {stamp:?}:\n{text}");
            let pages = page_count(&pdf);
            for page in 1..=pages {
                assert!(page_text(&pdf, page).contains(&format!("Page {page} of {pages}")), "{kind:?} page {page}");
            }

            let info = tool("pdfinfo", &[&pdf]) + &tool("pdfinfo", &["-meta", &pdf]);
            assert!(!info.contains("Juniper") && !info.contains("Canarywood"), "metadata names the client:\n{info}");
        }
    }

    #[test]
    fn the_consent_forms_print_the_client_name_and_the_licensed_states() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, true);
        for kind in [FormKind::InformedConsent, FormKind::TelehealthConsent] {
            let (bytes, ..) = consent::render_packet_for_client(session.conn(), id, &[kind], today()).expect("renders");
            let pdf = save(&format!("client-details-{}", kind.file_stem()), &bytes);
            let text = words(&tool("pdftotext", &[&pdf, "-"]));
            assert!(text.contains(CANARY), "{kind:?} must name the client it is for");
        }
        let (bytes, ..) =
            consent::render_packet_for_client(session.conn(), id, &[FormKind::TelehealthConsent], today()).expect("ok");
        let pdf = save("telehealth-states", &bytes);
        assert!(words(&tool("pdftotext", &[&pdf, "-"])).contains("California and Oregon"));
    }

    #[test]
    fn a_packet_keeps_each_forms_own_page_numbering_and_footer() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, true);
        let kinds = [FormKind::InformedConsent, FormKind::TelehealthConsent, FormKind::PrivacyNoticeAcknowledgment];
        let (bytes, versions, _) = consent::render_packet_for_client(session.conn(), id, &kinds, today()).expect("ok");
        let pdf = save("packet-three-forms", &bytes);
        tool("qpdf", &["--check", &pdf]);
        let mut form = 0;
        let mut expected_page = 1;
        for page in 1..=page_count(&pdf) {
            let text = words(&page_text(&pdf, page));
            if !text.contains(&versions[form].title) || !text.contains(&format!("Page {expected_page} of")) {
                form += 1;
                expected_page = 1;
            }
            assert!(text.contains(&format!("Page {expected_page} of")), "page {page} of the packet:\n{text}");
            assert!(text.contains(&format!("{} · version", versions[form].title)), "page {page}: {text}");
            expected_page += 1;
        }
        assert_eq!(form, kinds.len() - 1, "every form is in the packet, in order");
    }

    /// A form of about three pages, all headings known, for the pagination check.
    fn three_page_form() -> (String, Vec<String>) {
        let mut text = String::from("# Long consent\n\nFor {{client.name}}.\n\n");
        let mut headings = Vec::new();
        for section in 1..=8 {
            let heading = format!("Part {section} of the agreement");
            text.push_str(&format!("## {heading}\n"));
            headings.push(heading);
            for s in 0..(3 + section % 4) {
                text.push_str(&format!(
                    "Sentence {s} says in plain words what **you can expect** from {{{{practice.name}}}} and \
                     what *I will do* if something changes in our work together.\n"
                ));
            }
            text.push('\n');
            if section % 5 == 0 {
                text.push_str("- You may stop at any time.\n- Fees are due at each session.\n\n");
            }
        }
        text.push_str("[signature: Client]\n[signature: Therapist]\n");
        (text, headings)
    }

    #[test]
    fn a_three_page_form_says_page_x_of_3_and_never_leaves_a_heading_alone_at_a_page_bottom() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let (text, headings) = three_page_form();
        let saved = consent::save_form(&mut session, FormKind::InformedConsent, &text).expect("saved");
        assert_eq!(saved.version, 2);
        let (bytes, ..) =
            consent::render_packet_for_client(session.conn(), id, &[FormKind::InformedConsent], today()).expect("ok");
        let pdf = save("three-page-form", &bytes);
        assert_eq!(page_count(&pdf), 3, "the test form is written to need three pages");
        for page in 1..=3 {
            let text = page_text(&pdf, page);
            assert!(text.contains(&format!("Page {page} of 3")), "page {page}:\n{text}");
            let body: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("Page ") && !l.contains('·'))
                .collect();
            let last = body.last().copied().unwrap_or_default();
            assert!(!headings.iter().any(|h| h == last), "page {page} ends with the heading {last:?}");
        }
    }

    #[test]
    fn saving_an_edited_form_makes_a_new_version_and_lists_earlier_signers_for_reconsent() {
        let (_vault, mut session) = with_profile();
        let a = client(&mut session, false);
        let b = client(&mut session, false);
        consent::record_signature(&mut session, &signature(a, FormKind::InformedConsent, 1, today()), today())
            .expect("a signs v1");
        assert!(consent::reconsent_list(session.conn(), false, today()).expect("list").is_empty());

        let mut text = FormKind::InformedConsent.default_text().to_owned();
        text.push_str("\n## A new section\nSessions now start on the hour.\n");
        let v2 = consent::save_form(&mut session, FormKind::InformedConsent, &text).expect("saved");
        assert_eq!(v2.version, 2);
        let again = consent::save_form(&mut session, FormKind::InformedConsent, &text).expect("same text");
        assert_eq!(again.version, 2, "saving the same text makes no new version");
        let detail = consent::form_detail(session.conn(), FormKind::InformedConsent).expect("detail");
        assert_eq!(detail.versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1], "old versions are kept");
        assert_ne!(detail.versions[0].content_hash, detail.versions[1].content_hash);

        let waiting = consent::reconsent_list(session.conn(), false, today()).expect("list");
        assert_eq!(waiting.len(), 1, "only the client who signed v1");
        assert_eq!((waiting[0].client.id, waiting[0].signed_version, waiting[0].current_version), (a, 1, 2));
        assert_eq!(waiting[0].client.display_name, CANARY);
        let discreet = consent::reconsent_list(session.conn(), true, today()).expect("list");
        assert!(!discreet[0].client.display_name.contains("Juniper"), "discreet mode hides the name");
        let status = consent::consent_status(session.conn(), a).expect("status");
        assert_eq!(status[0].state, ConsentState::Outdated);
        assert!(status[0].line.contains("v1 signed") && status[0].line.contains("v2"), "{}", status[0].line);
        assert_eq!(consent::consent_status(session.conn(), b).expect("status")[0].state, ConsentState::NotSigned);
        let forms = consent::list_forms(session.conn()).expect("forms");
        assert_eq!(forms[0].clients_to_reconsent, 1);
        assert!(!forms[0].is_default_text && forms[1].is_default_text);

        consent::record_signature(&mut session, &signature(a, FormKind::InformedConsent, 2, today()), today())
            .expect("a signs v2");
        assert!(consent::reconsent_list(session.conn(), false, today()).expect("list").is_empty());
        assert!(trail(&session).contains("form_changed form=informed_consent version=2"));
    }

    #[test]
    fn the_consent_panel_says_what_is_signed_at_a_glance() {
        let (_vault, mut session) = with_profile();
        let in_person = client(&mut session, false);
        let remote = client(&mut session, true);
        let kinds = |id| -> Vec<FormKind> {
            consent::consent_status(session.conn(), id).expect("status").into_iter().map(|i| i.kind).collect()
        };
        assert_eq!(kinds(in_person), [FormKind::InformedConsent, FormKind::PrivacyNoticeAcknowledgment]);
        assert_eq!(
            kinds(remote),
            [FormKind::InformedConsent, FormKind::TelehealthConsent, FormKind::PrivacyNoticeAcknowledgment]
        );
        let signed_on = NaiveDate::from_ymd_opt(2026, 3, 2).filter(|d| *d >= today()).unwrap_or(today());
        let items = consent::record_signature(
            &mut session,
            &signature(remote, FormKind::InformedConsent, 1, signed_on),
            today(),
        )
        .expect("signed");
        let title = &items[0].title;
        assert_eq!(items[0].line, format!("{title} v1 signed {}", signed_on.format("%-d %b %Y")));
        assert_eq!(items[1].line, format!("{} not signed", items[1].title));
    }

    #[test]
    fn a_signature_dated_in_the_future_or_before_its_version_existed_is_refused_and_changes_nothing() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let before = trail(&session);
        let field =
            |e: consent::ConsentError| ApiError::from(e).fields.into_iter().map(|f| f.field).collect::<Vec<_>>();
        for (date, why) in [
            (today() + Duration::days(1), "in the future"),
            (today() - Duration::days(400), "before version 1 existed"),
        ] {
            let err =
                consent::record_signature(&mut session, &signature(id, FormKind::InformedConsent, 1, date), today())
                    .expect_err(why);
            assert_eq!(field(err), ["signedOn"], "{why}");
        }
        let mut bad = signature(id, FormKind::InformedConsent, 1, today());
        bad.signed_on = "2026-02-30".into();
        assert_eq!(
            field(consent::record_signature(&mut session, &bad, today()).expect_err("no such date")),
            ["signedOn"]
        );
        let missing = signature(id, FormKind::InformedConsent, 9, today());
        let err = consent::record_signature(&mut session, &missing, today()).expect_err("no version 9");
        assert_eq!(ApiError::from(err).code, ErrorCode::NotFound);
        let roi = signature(id, FormKind::ReleaseAuthorization, 1, today());
        assert_eq!(field(consent::record_signature(&mut session, &roi, today()).expect_err("not a consent")), ["kind"]);
        assert_eq!(trail(&session), before, "nothing was recorded");
        assert_eq!(consent::consent_status(session.conn(), id).expect("status")[0].state, ConsentState::NotSigned);

        consent::record_signature(&mut session, &signature(id, FormKind::InformedConsent, 1, today()), today())
            .expect("today is fine");
        let twice =
            consent::record_signature(&mut session, &signature(id, FormKind::InformedConsent, 1, today()), today());
        assert_eq!(field(twice.expect_err("already recorded")), ["signedOn"]);
    }

    #[test]
    fn a_form_with_an_unknown_placeholder_or_broken_markup_is_refused_with_its_line_and_not_saved() {
        let (_vault, mut session) = with_profile();
        let text = "# Consent\n\nHello {{client.nmae}}.\n\nThis is **not closed.\n[signature]\n";
        let err = consent::save_form(&mut session, FormKind::TelehealthConsent, text).expect_err("broken");
        let api = ApiError::from(err);
        assert_eq!(api.code, ErrorCode::InvalidInput);
        let lines: Vec<&str> = api.fields.iter().map(|f| f.message.as_str()).collect();
        assert!(lines[0].starts_with("Line 3:") && lines[0].contains("{{client.nmae}}"), "{lines:?}");
        assert!(lines[1].starts_with("Line 5:") && lines[1].contains("bold"), "{lines:?}");
        assert!(lines[2].starts_with("Line 6:"), "{lines:?}");
        assert!(api.message.contains("3 problems"), "{}", api.message);
        let snow = consent::save_form(&mut session, FormKind::TelehealthConsent, "# T\nA snowman ☃ here.\n");
        assert!(ApiError::from(snow.expect_err("no glyph")).fields[0].message.contains("U+2603"));
        let detail = consent::form_detail(session.conn(), FormKind::TelehealthConsent).expect("detail");
        assert_eq!(detail.versions.len(), 1, "nothing was saved");

        let accents = "# Consentement éclairé — “quotes”\n\nJosé’s café, naïve Ångström, 50–60 minutes…\n";
        consent::save_form(&mut session, FormKind::TelehealthConsent, accents).expect("the font covers these");
        let id = client(&mut session, true);
        let (bytes, ..) =
            consent::render_packet_for_client(session.conn(), id, &[FormKind::TelehealthConsent], today()).expect("ok");
        let pdf = save("accents", &bytes);
        assert!(words(&tool("pdftotext", &[&pdf, "-"])).contains("José’s café, naïve Ångström, 50–60 minutes…"));
    }

    #[test]
    fn a_first_note_without_informed_consent_needs_a_reason_which_goes_to_the_audit_trail() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let now = chrono::Local::now().naive_local();
        let new = NewNote { client_id: id, kind: NoteKind::Contact, date: today().to_string(), ..Default::default() };
        assert!(consent::needs_consent_warning(session.conn(), id).expect("check"));
        let err = notes::create_note(&mut session, &new, now).expect_err("no consent");
        assert!(matches!(err, NotesError::ConsentMissing));
        assert_eq!(ApiError::from(err).code, ErrorCode::ConsentMissing);
        let blank = NewNote { consent_override_reason: Some("   ".into()), ..new.clone() };
        assert!(matches!(notes::create_note(&mut session, &blank, now), Err(NotesError::ConsentMissing)));

        let reason = NewNote { consent_override_reason: Some("Crisis call\nbefore intake".into()), ..new.clone() };
        notes::create_note(&mut session, &reason, now).expect("goes ahead with a reason");
        assert!(trail(&session)
            .contains(&format!("consent_warning_overridden client={id} reason=Crisis call before intake")));
        assert!(!consent::needs_consent_warning(session.conn(), id).expect("check"), "only the first note asks");
        notes::create_note(&mut session, &new, now).expect("later notes do not ask");

        let signed = client(&mut session, false);
        crate::common::sign_informed_consent(&mut session, signed);
        let new = NewNote { client_id: signed, ..new };
        notes::create_note(&mut session, &new, now).expect("consent on record");
    }

    #[test]
    fn printing_goes_through_the_private_spool_which_locking_empties() {
        // The "viewer" is `true`: nothing opens during tests.
        std::env::set_var("CONFIDANT_VIEWER", "true");
        let (vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let path =
            consent::print_packet(&session, id, &[FormKind::InformedConsent], today()).expect("printed to the spool");
        assert_eq!(path.parent(), Some(vault.dir.spool().as_path()));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with("forms-C0001-") && !name.contains("Juniper"), "{name}");
        let mode = |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&vault.dir.spool()), 0o700);
        let trail_text = trail(&session);
        assert!(trail_text.contains(&format!("forms_printed client={id} forms=informed_consent v1")));
        assert!(!trail_text.contains("Juniper"));
        assert!(matches!(
            consent::print_packet(&session, id, &[], today()).map_err(ApiError::from),
            Err(ApiError { code: ErrorCode::InvalidInput, .. })
        ));

        session.lock(LockReason::Manual).expect("lock");
        assert!(!path.exists(), "locking wipes the spool");
        assert_eq!(std::fs::read_dir(vault.dir.spool()).map(|d| d.count()).unwrap_or(0), 0);
    }

    #[test]
    fn printing_the_authorization_keeps_the_consent_packet_printed_earlier_the_same_day() {
        std::env::set_var("CONFIDANT_VIEWER", "true");
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let packet = consent::print_packet(&session, id, &[FormKind::InformedConsent], today()).expect("packet");
        let packet_bytes = std::fs::read(&packet).expect("the packet is spooled");
        let authorization = packet::print_form_filled(&session, id, FormKind::ReleaseAuthorization, today(), &|_| None)
            .expect("authorization");

        assert_ne!(authorization, packet, "the authorization took the packet's place in the spool");
        assert_eq!(std::fs::read(&packet).expect("still there"), packet_bytes, "the packet she may have open changed");
        let name = authorization.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with("forms-C0001-") && !name.contains("Juniper"), "{name}");
    }

    #[test]
    fn with_a_folder_in_memory_printed_papers_wait_there_and_nothing_reaches_the_data_folder() {
        std::env::set_var("CONFIDANT_VIEWER", "true");
        let (vault, session) = with_profile();
        let memory = tempfile::tempdir().expect("a stand-in for the folder in memory");
        let dir = vault.dir.clone().with_memory(Some(memory.path().to_path_buf()));
        drop(session);
        let mut session =
            confidant_core::vault::unlock(&dir, &crate::common::pass(crate::common::PASSPHRASE)).expect("unlocks");
        let id = client(&mut session, false);

        let path = consent::print_packet(&session, id, &[FormKind::InformedConsent], today()).expect("printed");
        assert!(path.starts_with(memory.path()), "the paper went to {path:?}");
        assert!(!vault.dir.disk_spool().exists(), "a spool folder appeared in the data folder");
        let canary = CANARY.split(' ').next().unwrap_or(CANARY).as_bytes();
        for (file, bytes) in vault.snapshot() {
            assert_ne!(file.extension().and_then(|e| e.to_str()), Some("pdf"), "a paper in the data folder");
            assert!(!crate::common::contains(&bytes, canary), "the client's name in {file:?}");
        }

        session.lock(LockReason::Manual).expect("lock");
        assert!(!path.exists(), "locking wipes the spool in memory");
    }

    #[test]
    fn saving_a_packet_writes_where_she_chose_and_is_audited() {
        let (vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let out = vault.temp.path().join("chosen.pdf");
        consent::save_packet_as(&session, &out, id, &[FormKind::PrivacyNoticeAcknowledgment], today()).expect("saved");
        assert!(std::fs::read(&out).expect("written").starts_with(b"%PDF-"));
        assert!(trail(&session).contains(&format!("forms_saved client={id} forms=privacy_notice_acknowledgment v1")));
    }

    #[test]
    fn sample_forms_render_every_current_form_with_a_fictional_client() {
        let shipped = consent::sample_forms(None, today()).expect("samples");
        assert_eq!(shipped.len(), FormKind::ALL.len());
        let (_vault, mut session) = with_profile();
        let mut text = FormKind::PrivacyNoticeAcknowledgment.default_text().to_owned();
        text.push_str("\nA sentence only the edited version has.\n");
        consent::save_form(&mut session, FormKind::PrivacyNoticeAcknowledgment, &text).expect("saved");
        let from_vault = consent::sample_forms(Some(session.conn()), today()).expect("samples");
        for (name, bytes) in &from_vault {
            let pdf = save(&format!("sample-{}", name.trim_end_matches(".pdf")), bytes);
            let text = words(&tool("pdftotext", &[&pdf, "-"]));
            if name == "informed-consent.pdf" {
                assert!(text.contains("Jordan Avery Sample"), "filled with the fictional client");
            }
            if name == "privacy-notice-acknowledgment.pdf" {
                assert!(text.contains("A sentence only the edited version has."), "the vault's current version");
                assert!(text.contains("version 2"));
            }
        }
        let current = templates::current(session.conn(), FormKind::InformedConsent).expect("current").0;
        assert_eq!(current.version, 1);
    }
}
