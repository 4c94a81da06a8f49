//! Consent: the shipped forms read back from their PDFs with every required element, versions
//! and re-consent, signature dates, the first-note warning and the private spool.

// In a module so that `cargo test -p confidant-core forms` selects these tests.
mod forms {
    use std::os::unix::fs::PermissionsExt;

    use chrono::{Duration, NaiveDate};
    use confidant_core::consent::signatures::{ConsentState, NewSignature, SignedBy};
    use confidant_core::consent::{self, packet, profile, templates, FormKind};
    use confidant_core::disclosure::authorizations::{self, AuthorizationInput, AuthorizationKind};
    use confidant_core::disclosure::Category;
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
        fields.contact.address = "12 Spruce Lane, Columbia, MO 65203".into();
        fields.contact.phone = "(707) 555-0188".into();
        fields.contact.voicemail_ok = true;
        fields.contact.email = "juniper@example.org".into();
        if telehealth {
            fields.telehealth_location.state = "CA".into();
        }
        register::create(session, &fields, ClientStatus::Active, true, today()).expect("client").id
    }

    /// A vault with a complete practice profile: every detail a shipped form prints, and a
    /// compact privilege in Illinois besides the licenses in Missouri and Kansas.
    fn with_profile() -> (TestVault, Session) {
        let (vault, mut session) = TestVault::new();
        let mut complete = profile::sample();
        complete.privilege_states = vec!["IL".into()];
        profile::save(&mut session, &complete).expect("profile");
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

    #[test]
    fn every_default_form_prints_the_practice_its_footer_and_fonts_in_a_clean_pdf() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, true);
        // The treatment plan prints from a plan: clinical_core.rs reads it back.
        for kind in FormKind::ALL.into_iter().filter(|k| k.in_packets()) {
            let (pdf_bytes, versions, code) =
                consent::render_packet_for_client(session.conn(), id, &[kind], today()).expect("renders");
            let file_name = packet::packet_file_name(&code, today());
            assert!(!file_name.contains("Juniper") && file_name.contains("C0001"), "{file_name}");
            let pdf = save(&format!("default-{}", kind.file_stem()), &pdf_bytes);
            tool("qpdf", &["--check", &pdf]);
            assert_fonts_embedded_and_subset(&pdf);
            let text = words(&tool("pdftotext", &[&pdf, "-"]));
            if !matches!(kind, FormKind::ReleaseAuthorization | FormKind::PsychotherapyNotesAuthorization) {
                assert!(
                    !text.contains("____"),
                    "{kind:?} for a client, with a complete profile, has no blank:\n{text}"
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
                let text = words(&page_text(&pdf, page));
                assert!(text.contains(&format!("Page {page} of {pages}")), "{kind:?} page {page}");
                assert!(text.contains(&format!("{CANARY} · C0001")), "{kind:?} page {page} names her:\n{text}");
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
        assert!(words(&tool("pdftotext", &[&pdf, "-"])).contains("Missouri, Kansas and Illinois"));
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
        assert!(matches!(err, consent::ConsentError::NotFound(_)), "{err}");
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
        let authorization =
            packet::print_form_filled(&session, id, FormKind::ReleaseAuthorization, today(), consent::Extra::NONE)
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
        let shipped = consent::sample_forms(None, today(), consent::Extra::NONE).expect("samples");
        assert_eq!(shipped.len(), FormKind::ALL.len());
        let (_vault, mut session) = with_profile();
        let mut text = FormKind::PrivacyNoticeAcknowledgment.default_text().to_owned();
        text.push_str("\nA sentence only the edited version has.\n");
        consent::save_form(&mut session, FormKind::PrivacyNoticeAcknowledgment, &text).expect("saved");
        let from_vault = consent::sample_forms(Some(session.conn()), today(), consent::Extra::NONE).expect("samples");
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

    /// The form printed for a client of a complete practice, read back as one line of words.
    fn printed(session: &Session, client_id: i64, kind: FormKind) -> String {
        let (bytes, ..) = consent::render_packet_for_client(session.conn(), client_id, &[kind], today()).expect("ok");
        words(&tool("pdftotext", &[&save(&format!("elements-{}", kind.file_stem()), &bytes), "-"]))
    }

    /// An authorization recorded for the client, printed to sign, read back as one line of words
    /// (`-layout` keeps each box's X on the line of its item).
    fn printed_authorization(session: &mut Session, input: &AuthorizationInput) -> String {
        let a = authorizations::create(session, input, today()).expect("authorization");
        let bytes = authorizations::render(session.conn(), a.id, today()).expect("renders");
        let pdf = save(&format!("elements-{}-{}", a.kind.form().file_stem(), a.id), &bytes);
        words(&tool("pdftotext", &["-layout", &pdf, "-"]))
    }

    fn assert_elements(form: &str, text: &str, elements: &[&str]) {
        for phrase in elements {
            assert!(text.contains(&words(phrase)), "the {form} must print “{phrase}”:\n{text}");
        }
    }

    #[test]
    fn the_informed_consent_holds_every_element_of_domain_section_5() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let text = printed(&session, id, FormKind::InformedConsent);
        assert_elements(
            "informed consent",
            &text,
            &[
                // services and approach
                "I offer individual therapy for adults",
                // goals
                "set goals in your own words",
                // risks and benefits
                "you may feel worse for a while",
                // the therapist's qualifications and license
                "I am Dr. Maren Holloway, PhD, LPC. License details: LPC 2014028917 (Missouri); LCPC 3071 (Kansas).",
                // fees and payment
                "My fee is $180 for a 50-minute session",
                "You are responsible for my fee",
                // cancellation and no-show policy
                "at least 48 hours ahead",
                "missed without notice, is charged $90",
                // Good Faith Estimate notice for self-pay clients
                "Good Faith Estimate for the total expected cost",
                // how records are kept and who can see them
                "in an encrypted file protected by a passphrase",
                "No one but me reads your record",
                // voluntary participation and the right to stop
                "Taking part in therapy is voluntary",
                // communication and after-hours/crisis instructions
                "You can reach me by phone at (573) 555-0143 or by email at office@willowcreek.example",
                "I am not an emergency service",
                "call or text 988",
                // her recorded communication preferences, with room to correct them
                "Phone (707) 555-0188: voicemail OK, no texts. Email juniper@example.org: no email",
                "If anything here is wrong or missing, correct it",
                // boundaries and dual relationships in a small community
                "we may run into each other",
                // recording (none without consent)
                "unless we both agree in writing beforehand",
                // limits of confidentiality: each exception stated plainly
                "the duty to warn or protect",
                "Abuse of an older or dependent adult",
                "release nothing unless you authorize it or the law requires it",
                "A state licensing board or a government health oversight agency",
                "only when the law requires it",
                // the child abuse exception in RSMo 210.115's own words
                "210.115",
                "reasonable cause to suspect that a child has been or may be subjected to abuse or neglect",
                "conditions or circumstances which would reasonably result in abuse or neglect",
                "I must report immediately",
                "the law does not allow me to investigate first",
                // couple and family work: what is shared between partners, the policy on secrets
                "Couple and family sessions",
                "What is said in joint sessions is shared by everyone in them",
                "I will not keep it a secret from that work",
                "with the written authorization of each adult who took part",
                // minors: who consents, what parents may see
                "Young people under 18",
                "a parent or legal guardian usually consents to your therapy",
                "Parents and guardians generally have the right to see a minor's record",
                // the licensing board that licenses her, with its contact details, for complaints
                "I am licensed by the Missouri Committee for Professional Counselors",
                "Missouri Committee for Professional Counselors, 3605 Missouri Boulevard, P.O. Box 1335, Jefferson \
                 City, MO 65102. Phone: (573) 751-0018. Website: pr.mo.gov/counselors.asp.",
                // the HHS Office for Civil Rights for privacy complaints
                "U.S. Department of Health and Human Services, Office for Civil Rights",
                "I will never retaliate against you for making a complaint",
            ],
        );
        assert!(!text.contains("is being abused"), "not the narrower wording RSMo 210.115 does not use");
    }

    #[test]
    fn the_telehealth_consent_holds_every_element_of_domain_section_5() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, true);
        let text = printed(&session, id, FormKind::TelehealthConsent);
        assert_elements(
            "telehealth consent",
            &text,
            &[
                // the platform and its privacy risks
                "signed a business associate agreement with me",
                "no technology is perfectly secure",
                // what happens if the connection drops
                "If we cannot reconnect within 5 minutes",
                // the client's location at every session
                "At the start of every session I will ask where you are",
                // the states she may practice in: her licenses and her compact privilege
                "physically in a state where I am licensed or otherwise allowed to practice: Missouri, Kansas and \
                 Illinois",
                // emergency plan and local emergency contact
                "contact the person you name below",
                "Emergency contact: name, relationship to you and phone number",
                // the client's own privacy at their end
                "use headphones if anyone else is nearby",
                // no recording
                "Neither of us will record any part",
            ],
        );
    }

    #[test]
    fn the_notice_of_privacy_practices_holds_every_element_of_45_cfr_164_520() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let text = printed(&session, id, FormKind::PrivacyNotice);
        let effective = templates::current(session.conn(), FormKind::PrivacyNotice).expect("notice").0.created_at;
        let effective = NaiveDate::parse_from_str(&effective[..10], "%Y-%m-%d").expect("date");
        assert_elements(
            "notice of privacy practices",
            &text,
            &[
                // the header the rule asks for
                "THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND DISCLOSED AND HOW YOU CAN GET \
                 ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY.",
                // how records are used and disclosed: treatment, payment, operations, with examples
                "For your treatment.",
                "For payment.",
                "To run my practice.",
                // what the law allows without permission
                "in response to a court or tribunal order, and only what the order names",
                "Abuse or neglect",
                "To prevent serious harm",
                // everything else needs an authorization, which can be revoked; psychotherapy notes
                "Any other use or sharing needs your written authorization",
                "revoke it",
                "I need your written authorization to share psychotherapy notes",
                // her duties: privacy, this notice, breach notification, following it, changes
                "The law requires me to keep your health information private",
                "tell you if a breach",
                "I must follow the notice that is in effect",
                // the client's rights: see, copy, amend, restrict, confidential communications,
                // an accounting, a paper copy
                "To see and copy your record",
                "To ask me to correct (amend) it",
                "To ask me to limit (restrict) what I use or share",
                "To confidential communications",
                "To an accounting of disclosures",
                "To a paper copy of this notice",
                // to complain to her and to HHS OCR, without retaliation
                "you can complain to me",
                "Office for Civil Rights: www.hhs.gov/ocr/complaints, 1-800-368-1019",
                "I will never retaliate against you for making a complaint",
                // contact
                "ask me: Dr. Maren Holloway, (573) 555-0143, office@willowcreek.example",
                // effective date: the day this version was saved
                &format!("This notice takes effect on {}.", effective.format("%B %-d, %Y")),
            ],
        );
        let ack = printed(&session, id, FormKind::PrivacyNoticeAcknowledgment);
        assert_elements(
            "acknowledgment",
            &ack,
            &[
                "My Notice of Privacy Practices, which comes with this form",
                "paper copy of the Notice of Privacy Practices",
            ],
        );
    }

    fn to_dr_lee(client_id: i64) -> AuthorizationInput {
        AuthorizationInput {
            client_id,
            kind: AuthorizationKind::Release,
            recipient_name: "Dr. Ada Lee".into(),
            recipient_organisation: "Riverside Obstetrics".into(),
            recipient_address: "12 Mill Street, Columbia, MO 65201".into(),
            recipient_phone: "573-555-0100".into(),
            categories: vec![Category::AttendanceDates, Category::ProgressNotes],
            purpose: "Coordination of her perinatal care".into(),
            effective_on: today().format("%Y-%m-%d").to_string(),
            expires_on: Some("2030-12-31".into()),
            expiry_event: String::new(),
            covers_from: Some("2026-01-05".into()),
            covers_to: Some("2026-06-30".into()),
            conversations: true,
            other_information: "Her discharge letter".into(),
        }
    }

    #[test]
    fn the_release_authorization_holds_every_element_and_ticks_only_what_she_chose() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let text = printed_authorization(&mut session, &to_dr_lee(id));
        assert_elements(
            "release authorization",
            &text,
            &[
                // what information (specific): the chosen kinds ticked
                "I will share only what is marked here",
                "X Attendance: the dates of sessions you attended",
                "X Progress notes",
                // conversations allowed, and "other" in her words
                "X Conversations: I may talk with the recipient about your care",
                "X Other, as written here: Her discharge letter",
                // the dates of service covered
                "Dates of service covered: from January 5, 2026 to June 30, 2026",
                // who discloses
                "you authorize me, Dr. Maren Holloway, PhD, LPC, of Willow Creek Perinatal Counseling, 410 Alder \
                 Street, Suite 3, Columbia, MO 65201",
                // who receives (name, organisation, address)
                "Name: Dr. Ada Lee",
                "Organization: Riverside Obstetrics",
                "Address: 12 Mill Street, Columbia, MO 65201",
                // purpose
                "Coordination of her perinatal care",
                // expiry date or event
                "Ends on (a date, or the event that ends it): December 31, 2030",
                // the right to revoke in writing and how
                "at any time by writing to me at 410 Alder Street",
                // treatment is not conditioned on signing
                "depend on whether you sign this form",
                // the recipient may redisclose, without the same protection
                "no longer be protected by federal privacy rules",
                // signature and date, and a representative's authority
                "name and authority to act for the client",
                // psychotherapy notes need their own separate form
                "they need their own separate authorization",
            ],
        );
        for unchosen in ["X Treatment summary", "X Measures", "X Diagnosis", "X Treatment plan"] {
            assert!(!text.contains(unchosen), "“{unchosen}” must not print:\n{text}");
        }
        for kind in ["Treatment summary", "Measures", "Diagnosis: your diagnoses", "Treatment plan: your goals"] {
            assert!(text.contains(kind), "the unchosen kind {kind:?} prints unticked:\n{text}");
        }

        let plain = AuthorizationInput {
            categories: vec![Category::Measures],
            conversations: false,
            other_information: String::new(),
            covers_from: None,
            covers_to: None,
            ..to_dr_lee(id)
        };
        let text = printed_authorization(&mut session, &plain);
        assert!(text.contains("X Measures") && !text.contains("X Progress notes"), "{text}");
        assert!(!text.contains("X Conversations") && !text.contains("X Other"), "not allowed, nothing other:\n{text}");
        assert_elements(
            "release authorization",
            &text,
            &["Other, as written here: none", "covered: all dates of service"],
        );
    }

    #[test]
    fn the_psychotherapy_notes_authorization_holds_every_element_of_domain_section_5() {
        let (_vault, mut session) = with_profile();
        let id = client(&mut session, false);
        let input = AuthorizationInput {
            kind: AuthorizationKind::PsychotherapyNotes,
            conversations: false,
            other_information: "Only the notes of the two sessions after the birth".into(),
            ..to_dr_lee(id)
        };
        let text = printed_authorization(&mut session, &input);
        assert_elements(
            "psychotherapy notes authorization",
            &text,
            &[
                // psychotherapy notes only, on their own form
                "This form is only for psychotherapy notes",
                // what psychotherapy notes are, and what they exclude
                "I keep them apart from the rest of your record",
                // what information (specific): the notes of the dates covered, and her limits
                "X Psychotherapy notes of the sessions on the dates of service below",
                "Dates of service covered: from January 5, 2026 to June 30, 2026",
                "X Other, or limits, as written here: Only the notes of the two sessions after the birth",
                // who discloses
                "you authorize me, Dr. Maren Holloway, PhD, LPC, of Willow Creek Perinatal Counseling",
                // who receives
                "Name: Dr. Ada Lee",
                "Address: 12 Mill Street, Columbia, MO 65201",
                // purpose
                "Coordination of her perinatal care",
                // expiry date or event
                "Ends on (a date, or the event that ends it): December 31, 2030",
                // the right to revoke in writing and how
                "at any time by writing to me at 410 Alder Street",
                // treatment is not conditioned on signing
                "Whether you sign or refuse will not affect",
                // redisclosure
                "no longer be protected by federal privacy rules",
                // not combined with any other authorization
                "cannot be combined with any other authorization",
                // signature and date, and a representative's authority
                "name and authority to act for the client",
            ],
        );
        assert!(!text.contains("X Conversations"), "conversations not allowed:\n{text}");
    }

    #[test]
    fn printing_with_an_empty_profile_is_refused_naming_each_missing_detail_and_writes_nothing() {
        std::env::set_var("CONFIDANT_VIEWER", "true");
        let (vault, mut session) = TestVault::new();
        let id = client(&mut session, true);
        let before = trail(&session);
        let kinds = [FormKind::InformedConsent, FormKind::TelehealthConsent];

        let fields = consent::profile_fields(session.conn(), &kinds).expect("fields");
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        for field in [
            "practiceName",
            "therapistName",
            "credentials",
            "licenses",
            "sessionFee",
            "cancellationFee",
            "phone",
            "email",
            "afterHours",
            "crisisInstructions",
            "boardName",
            "boardAddress",
            "boardPhone",
            "boardWebsite",
        ] {
            assert!(named.contains(&field), "the consents print {field}: {named:?}");
        }
        assert!(fields.iter().all(|f| f.empty), "nothing is filled in yet");

        let error = ApiError::from(consent::print_packet(&session, id, &kinds, today()).expect_err("refused"));
        assert_eq!(error.code, ErrorCode::InvalidInput);
        let missing: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(missing, named, "every empty detail is named");
        assert!(error.message.contains("Your name") && error.message.contains("Licensing board"), "{}", error.message);

        let a = authorizations::create(&mut session, &to_dr_lee(id), today()).expect("authorization");
        let refused = ApiError::from(authorizations::print(&session, a.id, today()).expect_err("refused"));
        let missing: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(missing, ["practiceName", "therapistName", "credentials", "address", "email"], "who discloses");
        assert!(consent::print_blank(&session, FormKind::PrivacyNotice, today()).is_err(), "the notice names her too");

        assert_eq!(std::fs::read_dir(vault.dir.spool()).map(|d| d.count()).unwrap_or(0), 0, "nothing printed");
        let after = trail(&session);
        assert!(!after[before.len()..].contains("forms_printed"), "nothing recorded as printed");

        profile::save(&mut session, &profile::sample()).expect("she fills in her profile");
        assert!(consent::profile_fields(session.conn(), &kinds).expect("fields").iter().all(|f| !f.empty));
        consent::print_packet(&session, id, &kinds, today()).expect("now it prints");
    }

    #[test]
    fn the_notice_prints_blank_to_hand_out_without_any_client() {
        std::env::set_var("CONFIDANT_VIEWER", "true");
        let (vault, mut session) = with_profile();
        client(&mut session, false);
        let path = consent::print_blank(&session, FormKind::PrivacyNotice, today()).expect("printed");
        assert_eq!(path.parent(), Some(vault.dir.spool().as_path()));
        let pdf = save("privacy-notice-handout", &std::fs::read(&path).expect("pdf"));
        let text = words(&tool("pdftotext", &[&pdf, "-"]));
        assert!(text.contains("Notice of privacy practices") && text.contains("Willow Creek Perinatal Counseling"));
        assert!(!text.contains(CANARY) && !text.contains("C0001"), "a handout belongs to nobody:\n{text}");
        let pages = page_count(&pdf);
        assert!(text.contains(&format!("Page {pages} of {pages}")));
        assert!(trail(&session).contains("forms_printed blank forms=privacy_notice v1"));
    }
}
