//! The printed documents, read back the way a person or a printer sees them: poppler's
//! pdftotext / pdfinfo / pdffonts / pdftoppm and qpdf (CI installs `poppler-utils` and `qpdf`).
//! Every rendered page is also saved as a PNG under `target/test-output/forms/` for a look.

// In a module so that `cargo test -p confidant-core forms` selects these tests.
mod forms {
    use std::io::Write;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use crate::pdf_support::{assert_fonts_embedded_and_subset, page_count, page_text, save, tool};

    use chrono::NaiveDate;
    use confidant_core::backup::auto;
    use confidant_core::forms::{
        content_hash, render_pdf, render_recovery_sheet, Block, Document, Footer, FormsError, Header, Metadata, Paper,
    };

    use crate::common::TestVault;

    const KEY: &str = "7K3Q-M9XA-2VPD-H4TB-0WZC-8NRE-5JGF-1YQS-6HDK-3MXV-9PAT-2CWN-4ZRB";
    /// An age identity of the real length, 58 characters after its prefix, in the bech32
    /// alphabet (a fixed, meaningless example).
    const BACKUP_ID: &str = "AGE-SECRET-KEY-1QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE";

    fn created() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date")
    }

    #[test]
    fn the_recovery_sheet_reads_back_with_every_key_group_the_date_and_the_guidance() {
        for paper in [Paper::Letter, Paper::A4] {
            let bytes = render_recovery_sheet(KEY, BACKUP_ID, created(), paper).expect("renders");
            let pdf = save(&format!("recovery-sheet-{paper:?}").to_lowercase(), &bytes);
            // Narrow and wide groups mixed: the rows must still copy out whole and in order.
            let uneven = "1111-WWWW-1J1J-MMMM-0000-1111-WWWW-JJJJ-MWMW-1111-2222-WWWW-1111-Z";
            let uneven_bytes = render_recovery_sheet(uneven, BACKUP_ID, created(), paper).expect("renders");
            let uneven_pdf = save(&format!("recovery-sheet-uneven-{paper:?}").to_lowercase(), &uneven_bytes);
            let uneven_text = tool("pdftotext", &[&uneven_pdf, "-"]);
            let uneven_words = uneven_text.split_whitespace().filter(|w| *w != "-").collect::<Vec<_>>().join(" ");
            assert!(
                uneven_words.contains(&uneven.replace('-', " ")),
                "the key must copy out as its groups in order ({paper:?}):\n{uneven_text}"
            );
            let text = tool("pdftotext", &[&pdf, "-"]);
            // On paper it may wrap; typed back in without the line break it must be whole.
            let joined: String = text.split_whitespace().collect();
            assert!(
                joined.contains(BACKUP_ID),
                "the automatic-backup identity must read back whole ({paper:?}):\n{text}"
            );
            for group in KEY.split('-') {
                assert!(
                    text.split_whitespace().any(|w| w == group),
                    "key group {group} must read back as its own word ({paper:?}):\n{text}"
                );
            }
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let key_words = text.split_whitespace().filter(|w| *w != "-").collect::<Vec<_>>().join(" ");
            assert!(
                key_words.contains(&KEY.replace('-', " ")),
                "the key must copy out as its groups in order ({paper:?}):\n{text}"
            );
            for expected in [
                "Confidant recovery sheet",
                "Created on November 27, 2026",
                "forget your passphrase",
                "Anyone who has this key and a copy of your vault files can read your records",
                "Where to keep this sheet",
                "locked drawer",
                "a safe",
                "photo on your phone",
                "email",
                "cloud",
                "When you use it",
                "set a new passphrase",
                "This sheet is kept at:",
                "Page 1 of 1",
            ] {
                assert!(words.contains(expected), "missing {expected:?} ({paper:?}):\n{words}");
            }
        }
    }

    #[test]
    fn the_recovery_sheet_is_one_valid_page_with_embedded_subset_fonts() {
        for (paper, size) in [(Paper::Letter, "612 x 792 pts"), (Paper::A4, "595.28 x 841.89 pts")] {
            let bytes = render_recovery_sheet(KEY, BACKUP_ID, created(), paper).expect("renders");
            let pdf = save(&format!("recovery-sheet-check-{paper:?}").to_lowercase(), &bytes);
            tool("qpdf", &["--check", &pdf]);
            assert_eq!(page_count(&pdf), 1, "the sheet must fit one page ({paper:?})");
            let info = tool("pdfinfo", &[&pdf]);
            assert!(info.contains(size), "{paper:?} must be {size}:\n{info}");
            let fonts = assert_fonts_embedded_and_subset(&pdf);
            assert!(fonts.contains("NotoSerif-Regular"), "{fonts}");
            assert!(bytes.len() < 150_000, "fonts must be subset: the sheet is {} bytes", bytes.len());
        }
    }

    /// Runs one command line as `sh` would, in `dir`, with `typed` as what is typed at it.
    fn run_as_typed(command: &str, dir: &std::path::Path, typed: &str) -> String {
        let mut child = Command::new("sh")
            .args(["-ec", command])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("sh could not start ({e})"));
        child.stdin.take().expect("stdin").write_all(typed.as_bytes()).expect("typed");
        let out = child.wait_with_output().expect("ran");
        assert!(
            out.status.success(),
            "`{command}` as printed on the sheet failed (are age, tar and sqlite3 installed?): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn the_three_commands_on_the_sheet_typed_as_printed_open_an_automatic_backup_with_debians_age() {
        let (vault, mut session) = TestVault::new();
        confidant_core::demo::generate_as_of(&mut session, 2, 7, created()).expect("clients");
        let (code, name): (String, String) = session
            .conn()
            .query_row("SELECT code, legal_name FROM clients ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("a client");
        let sheet = vault.temp.path().join("sheet.pdf");
        confidant_core::recovery_sheet::save_as(&session, &sheet).expect("the vault's own sheet");
        let folder = vault.temp.path().join("usb");
        let Ok(auto::AutoOutcome::Made { path: backup, .. }) =
            auto::create_auto_backup(&mut session, &folder, chrono::Utc::now())
        else {
            panic!("an automatic backup is made");
        };
        let pdf = save("recovery-sheet-commands", &std::fs::read(&sheet).expect("pdf"));
        assert_eq!(page_count(&pdf), 1, "the sheet with the commands still fits one page");

        // What a person reads off the paper: the key's three rows, then the three commands.
        let text = tool("pdftotext", &[&pdf, "-"]);
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let start = lines.iter().position(|l| *l == "AGE-SECRET-KEY-1").expect("the key's first row, alone");
        let key_as_printed = lines[start..start + 3].join("\n");
        assert!(
            lines[start + 1].split(' ').all(|group| group.len() == 5),
            "the key is printed in groups of five: {key_as_printed}"
        );
        let commands: Vec<&str> =
            lines.iter().copied().filter(|l| ["tr ", "age ", "sqlite3 "].iter().any(|c| l.starts_with(c))).collect();
        assert_eq!(commands.len(), 3, "three commands on the sheet:\n{text}");
        assert!(!text.contains("README"), "the sheet sends nobody to a file they do not have");

        let work = vault.temp.path().join("recover");
        std::fs::create_dir_all(&work).expect("a private folder");
        let file_name = backup.file_name().and_then(|n| n.to_str()).expect("file name");
        std::fs::copy(&backup, work.join(file_name)).expect("the backup file in it");
        let date = file_name.trim_start_matches("confidant-auto-").trim_end_matches(".age");
        // The key typed as grouped on paper, Enter, then Ctrl+D (the end of what is typed).
        run_as_typed(commands[0], &work, &format!("{key_as_printed}\n"));
        run_as_typed(&commands[1].replace("DATE", date), &work, "");
        let listed = run_as_typed(commands[2], &work, "");
        assert!(listed.contains(&format!("{code}|{name}")), "the clients read back from the backup: {listed}");
    }

    #[test]
    fn the_recovery_sheet_metadata_is_neutral() {
        let bytes = render_recovery_sheet(KEY, BACKUP_ID, created(), Paper::Letter).expect("renders");
        let pdf = save("recovery-sheet-metadata", &bytes);
        let info = tool("pdfinfo", &[&pdf]);
        let field = |name: &str| {
            info.lines().find_map(|l| l.strip_prefix(&format!("{name}:"))).map(str::trim).unwrap_or("").to_owned()
        };
        assert_eq!(field("Title"), "Confidant recovery sheet");
        assert_eq!(field("Author"), "", "no author: it would name the therapist");
        assert_eq!(field("Producer"), "Confidant");
        assert_eq!(field("Creator"), "Confidant");
        for group in KEY.split('-') {
            assert!(!info.contains(group), "the key must not be in the metadata:\n{info}");
        }
        let xmp = tool("pdfinfo", &["-meta", &pdf]);
        for group in KEY.split('-') {
            assert!(!xmp.contains(group), "the key must not be in XMP metadata");
        }
        // The key is never in the file as plain text either (streams are compressed glyph ids).
        let raw = String::from_utf8_lossy(&bytes);
        assert!(!raw.contains(KEY.split('-').next().unwrap_or("7K3Q")));
    }

    #[test]
    fn a_malformed_key_prints_nothing() {
        for bad in ["", "not a key", "7K3Q-M9XA-2VPD-H4TO"] {
            assert!(matches!(
                render_recovery_sheet(bad, BACKUP_ID, created(), Paper::Letter),
                Err(FormsError::InvalidRecoveryKey)
            ));
        }
    }

    /// An ~11-page consent-like document: headings, marked-up paragraphs, lists, signatures.
    fn long_document(paper: Paper) -> Document {
        let mut blocks = vec![Block::heading(1, "Informed consent for therapy")];
        for section in 1..=32 {
            blocks.push(Block::heading(2, format!("Section {section} heading")));
            let sentences = 2 + (section * 7) % 11;
            let mut text = String::new();
            for s in 0..sentences {
                text.push_str(&format!(
                    "Sentence {s} of section {section} explains, in plain words, what **you can \
                     expect** and what *I will do* if something changes. "
                ));
            }
            blocks.push(Block::paragraph(&text));
            if section % 4 == 0 {
                blocks.push(Block::bullets([
                    "You may stop therapy at any time.",
                    "Fees are due at each session unless we agree otherwise in writing.",
                    "In an emergency, call 988 or 911, or go to the nearest emergency room.",
                ]));
            }
        }
        blocks.push(Block::heading(2, "Signatures"));
        blocks.push(Block::signature("Client signature"));
        blocks.push(Block::signature("Therapist signature"));
        Document {
            metadata: Metadata { title: "Confidant consent form", subject: "Consent form", keywords: &["Confidant"] },
            paper,
            date: created(),
            header: Header { left: "Riverbend Perinatal Counseling".into(), right: "Consent packet".into() },
            footer: Footer {
                form_name: "Informed consent for therapy".into(),
                version: "3".into(),
                content_hash: content_hash(&["informed consent", "3"]),
                client: String::new(),
            },
            blocks,
        }
    }

    fn heading_texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    /// The body lines of one page: without the header (first two lines) and the footer.
    fn body_lines(text: &str, header: &Header) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .filter(|l| *l != header.left && *l != header.right)
            .filter(|l| !l.starts_with("Page ") && !l.contains('·'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_long_document_paginates_with_page_x_of_y_and_no_heading_left_at_a_page_bottom() {
        for paper in [Paper::Letter, Paper::A4] {
            let doc = long_document(paper);
            let bytes = render_pdf(&doc).expect("renders");
            let pdf = save(&format!("long-document-{paper:?}").to_lowercase(), &bytes);
            tool("qpdf", &["--check", &pdf]);
            assert_fonts_embedded_and_subset(&pdf);
            let pages = page_count(&pdf);
            assert!((9..=14).contains(&pages), "expected about 11 pages, got {pages}");
            let headings = heading_texts(&doc);
            let mut seen = Vec::new();
            for page in 1..=pages {
                let text = page_text(&pdf, page);
                let footer = format!("Page {page} of {pages}");
                assert!(text.contains(&footer), "page {page} must say {footer:?}:\n{text}");
                let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    words.contains("Informed consent for therapy · version 3"),
                    "page {page} footer must carry form name and version:\n{text}"
                );
                assert!(text.contains(&doc.footer.content_hash), "page {page} lacks the hash");
                let body = body_lines(&text, &doc.header);
                let last = body.last().expect("no empty page");
                assert!(!headings.contains(last), "page {page} ends with the heading {last:?} ({paper:?})");
                seen.extend(body.into_iter().filter(|l| headings.contains(l)));
            }
            assert_eq!(seen, headings, "every heading printed once, in order ({paper:?})");
        }
    }

    #[test]
    fn a_heading_that_would_land_at_the_bottom_moves_to_the_next_page() {
        // The spacer leaves room for the heading but not for two lines of its section.
        let mut doc = long_document(Paper::Letter);
        doc.blocks = vec![
            Block::plain("Opening line."),
            Block::spacer(580.0),
            Block::heading(2, "Limits of confidentiality"),
            Block::plain("I keep what you tell me private, with these exceptions. ".repeat(8)),
        ];
        let bytes = render_pdf(&doc).expect("renders");
        let pdf = save("heading-keep-with-next", &bytes);
        assert_eq!(page_count(&pdf), 2);
        assert!(!page_text(&pdf, 1).contains("Limits of confidentiality"));
        let two = body_lines(&page_text(&pdf, 2), &doc.header);
        assert_eq!(two.first().map(String::as_str), Some("Limits of confidentiality"));
    }

    #[test]
    fn bold_and_italic_runs_print_in_their_faces_without_the_markup() {
        let mut doc = long_document(Paper::Letter);
        doc.blocks = vec![Block::paragraph("You may **stop at any time** and *without penalty*; a literal \\* stays.")];
        let bytes = render_pdf(&doc).expect("renders");
        let pdf = save("inline-styles", &bytes);
        let fonts = assert_fonts_embedded_and_subset(&pdf);
        for face in ["NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic"] {
            assert!(fonts.contains(face), "{face} must be used:\n{fonts}");
        }
        let text = tool("pdftotext", &[&pdf, "-"]);
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("You may stop at any time and without penalty; a literal * stays."), "{words}");
    }

    /// `cargo test --release -p confidant-core --test core_tests forms_recovery_sheet:: -- --ignored --nocapture`
    #[test]
    #[ignore = "benchmark; run in release mode"]
    #[allow(clippy::print_stderr)]
    fn bench_render_times() {
        // Warm up: the first render parses the fonts.
        render_recovery_sheet(KEY, BACKUP_ID, created(), Paper::Letter).expect("renders");
        let runs = 20;
        let start = Instant::now();
        for _ in 0..runs {
            render_recovery_sheet(KEY, BACKUP_ID, created(), Paper::Letter).expect("renders");
        }
        let sheet = start.elapsed() / runs;
        let doc = long_document(Paper::Letter);
        let bytes = render_pdf(&doc).expect("renders");
        let start = Instant::now();
        for _ in 0..runs {
            render_pdf(&doc).expect("renders");
        }
        let long = start.elapsed() / runs;
        let pdf = save("bench-long", &bytes);
        eprintln!(
            "recovery sheet: {sheet:?} per render; {}-page document: {long:?} per render, {} KB",
            page_count(&pdf),
            bytes.len() / 1024
        );
    }
}
