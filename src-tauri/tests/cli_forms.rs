//! `confidant forms sample`: every form rendered with a fictional client, and a sample custodian
//! packet with a made-up key, for review.

use crate::cli_support;

use cli_support::{confidant, demo_vault, text};

fn pdfs_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn forms_sample_writes_one_pdf_per_form_a_sample_treatment_plan_the_money_papers_and_a_custodian_packet() {
    let temp = tempfile::tempdir().expect("temp");
    let out = temp.path().join("review");
    let run = confidant(&["forms", "sample", "--out", &out.to_string_lossy()], "");
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let names = pdfs_in(&out);
    assert_eq!(
        names,
        [
            "custodian-packet.pdf",
            "good-faith-estimate.pdf",
            "informed-consent.pdf",
            "privacy-notice-acknowledgment.pdf",
            "privacy-notice.pdf",
            "psychotherapy-notes-authorization.pdf",
            "receipt.pdf",
            "release-authorization.pdf",
            "statement.pdf",
            "superbill.pdf",
            "telehealth-consent.pdf",
            "treatment-plan.pdf"
        ]
    );
    for name in names {
        let bytes = std::fs::read(out.join(&name)).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"), "{name} is a PDF");
        assert!(text(&run.stdout).contains(&name), "the output lists {name}");
    }
}

#[test]
fn forms_sample_from_a_vault_uses_its_forms_and_a_wrong_passphrase_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp");
    let (dir, passphrase) = demo_vault(temp.path());
    let out = temp.path().join("from-vault");
    let run = confidant(
        &["forms", "sample", "--out", &out.to_string_lossy(), "--data-dir", &dir],
        &format!("{passphrase}\n"),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(pdfs_in(&out).len(), 12, "the seven forms, the four money papers and the custodian packet");

    let refused = temp.path().join("refused");
    let run = confidant(
        &["forms", "sample", "--out", &refused.to_string_lossy(), "--data-dir", &dir],
        "not the passphrase at all\n",
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("passphrase"), "{}", text(&run.stderr));
    assert!(!refused.exists(), "nothing written");
}

#[test]
fn forms_sample_without_out_is_a_usage_error() {
    let run = confidant(&["forms", "sample"], "");
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("--out"));
    assert_eq!(confidant(&["forms"], "").status.code(), Some(2));
}
