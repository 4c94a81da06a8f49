//! Whatever a therapist or client types prints: every script in Unicode's most used blocks,
//! emoji, right-to-left names, and a visible placeholder where no font on the machine has a
//! character. Read back through pdftotext from real papers (a record copy, a consent packet).
//!
//! The characters the embedded Noto Serif lacks come from the system's fonts: a sample reads back
//! as itself where some font on this machine draws it (fontconfig says which), and as the
//! placeholder elsewhere. `scripts/install-deps.sh --test` installs fonts for every sample here
//! (fonts-noto-core, fonts-noto-cjk, fonts-symbola), so that only the code point no font has
//! prints as a placeholder.

use crate::common;
use crate::pdf_support;

use chrono::{NaiveDate, NaiveDateTime};
use common::TestVault;
use confidant_core::consent::{self, FormKind};
use confidant_core::disclosure::printing::Destination;
use confidant_core::disclosure::release;
use confidant_core::notes::{self, Attendance, NewNote, NoteContent, NoteKind, SessionFields, Template};
use confidant_core::register::{self, ClientFields, ClientStatus};
use confidant_core::vault::Session;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).expect("date")
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(17, 0, 0).expect("time")
}

/// One sample per script or block, in the order they are written into the note.
const SAMPLES: [(&str, &str); 22] = [
    ("Latin-1", "Zoë Ångström"),
    ("Latin Extended-A", "Łódź Dvořák"),
    ("Latin Extended Additional", "Nguyễn Thị Ánh"),
    ("IPA", "ə ʃ ŋ"),
    ("Greek", "Καλημέρα"),
    ("Cyrillic", "Здравствуйте"),
    ("Armenian", "Բարեւ"),
    ("Hebrew", "שלום עולם"),
    ("Arabic", "مرحبا بكم"),
    ("Devanagari", "नमस्ते"),
    ("Bengali", "বাংলা"),
    ("Tamil", "தமிழ்"),
    ("Thai", "สวัสดี"),
    ("Georgian", "გამარჯობა"),
    ("Ethiopic", "ሰላም"),
    ("Hangul", "안녕하세요"),
    ("Kana", "ひらがな カタカナ"),
    ("CJK", "你好 王秀英"),
    ("Symbols", "→ ≠ √ € ₹ ♥ ✓"),
    ("Emoji", "😊 👍 🎉"),
    ("Emoji sequence", "👩\u{200D}👧 ❤\u{FE0F}"),
    ("Nowhere", "\u{10FFFD}"),
];

/// Whether any font on this machine draws `ch` (an outline font, not a colour one), as
/// fontconfig lists them.
fn some_font_draws(ch: char) -> bool {
    let query = format!(":charset={:x}:outline=true:color=false", u32::from(ch));
    !pdf_support::tool("fc-list", &[&query, "file"]).trim().is_empty()
}

/// What a sample reads back as: itself, without the invisible joiner and selector, and with the
/// placeholder for each character no font on this machine has.
fn expected(sample: &str) -> String {
    sample
        .chars()
        .filter(|c| !matches!(c, '\u{200D}' | '\u{FE0F}'))
        .map(|c| if c == ' ' || some_font_draws(c) { c.to_string() } else { format!("[U+{:04X}]", u32::from(c)) })
        .collect()
}

fn client_named(session: &mut Session, name: &str) -> (i64, String) {
    let fields = ClientFields { legal_name: name.into(), date_of_birth: "1990-04-02".into(), ..Default::default() };
    let client = register::create(session, &fields, ClientStatus::Active, false, today()).expect("client");
    common::sign_informed_consent(session, client.id);
    (client.id, client.code)
}

fn signed_note(session: &mut Session, client_id: i64, text: &str) {
    let held = SessionFields {
        date: "2026-03-04".into(),
        start_time: "10:00".into(),
        end_time: "10:50".into(),
        attendance: Attendance::Attended,
        ..Default::default()
    };
    let s = notes::create_session(session, client_id, &held, now()).expect("session");
    let new = NewNote {
        client_id,
        session_id: Some(s.id),
        kind: NoteKind::Progress,
        template: Template::FreeText,
        ..Default::default()
    };
    let id = notes::create_note(session, &new, now()).expect("note").id;
    let content = NoteContent { template: Template::FreeText, sections: vec![text.into()] };
    notes::save_draft(session, id, &content, None).expect("saved");
    notes::sign_note(session, id).expect("signed: from now on the text can never change");
}

/// The text of a PDF with its whitespace collapsed, as a reader would copy it out, without what
/// cannot be seen: the direction marks pdftotext puts around right-to-left text it has put back
/// in reading order, and a joiner or selector (which a font may carry as an empty glyph).
fn words(pdf: &str) -> String {
    let text = pdf_support::tool("pdftotext", &[pdf, "-"])
        .replace(['\u{202A}', '\u{202B}', '\u{202C}', '\u{200D}', '\u{FE0F}'], "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_signed_note_in_every_common_script_with_emoji_prints_and_reads_back_in_order() {
    let (vault, mut session) = TestVault::new();
    let (client, _) = client_named(&mut session, "Maya Canary");
    let note: Vec<String> = SAMPLES.iter().map(|(script, sample)| format!("{script}: {sample}")).collect();
    signed_note(&mut session, client, &note.join("\n"));

    let out = vault.temp.path().join("record.pdf");
    release::record_copy(&mut session, client, false, Destination::File(&out), today())
        .expect("a note in any script prints; it is signed, so it could never be changed to print");
    let pdf = pdf_support::save("every-script-record-copy", &std::fs::read(&out).expect("pdf"));
    let text = words(&pdf);
    let mut from = 0;
    for (script, sample) in SAMPLES {
        let line = format!("{script}: {}", expected(sample));
        let Some(at) = text[from..].find(&line) else {
            panic!("{script} must read back as {line:?}, after the samples before it:\n{text}");
        };
        from += at + line.len();
    }
    let fonts = pdf_support::assert_fonts_embedded_and_subset(&pdf);
    assert!(fonts.lines().count() > 2 + 3, "system fonts are embedded beside Noto Serif:\n{fonts}");
    assert!(text.contains("Nowhere: [U+10FFFD]"), "a character no font has is shown, not dropped");
    pdf_support::tool("qpdf", &["--check", &pdf]);
}

#[test]
fn a_client_named_in_a_script_the_document_font_lacks_gets_her_consent_packet() {
    let (_vault, mut session) = TestVault::new();
    // Printing for a client asks for a complete practice profile first.
    confidant_core::consent::profile::save(&mut session, &confidant_core::consent::profile::sample()).expect("profile");
    for name in ["王秀英", "مريم الحسيني", "אביגיל כהן", "김지은", "Noa 🌸 Levi"] {
        let (client, code) = client_named(&mut session, name);
        let (bytes, ..) =
            consent::render_packet_for_client(session.conn(), client, &[FormKind::InformedConsent], today())
                .expect("the packet prints whatever her name is written in");
        let pdf = pdf_support::save(&format!("every-script-packet-{code}"), &bytes);
        let text = words(&pdf);
        assert!(text.contains(&expected(name)), "{name:?} must read back from her packet:\n{text}");
    }
}
