//! The one-page recovery sheet printed when a vault is created (DOMAIN.md section 1).
//!
//! It carries the recovery key and the creation date, and nothing else about the therapist or
//! any client. Its template text is hashed into the footer (the key is not), so a sheet in a
//! drawer can be matched to the version of the wording that printed it.

use chrono::NaiveDate;

use super::layout::Block;
use super::pdf::{content_hash, render_with_stats, Document, Footer, Header, Metadata, Paper};
use super::FormsError;

/// Bumped whenever the wording below changes.
pub const RECOVERY_SHEET_VERSION: &str = "1";

const TITLE: &str = "Confidant recovery sheet";

const METADATA: Metadata = Metadata {
    title: TITLE,
    subject: "Recovery key for a Confidant vault",
    keywords: &["Confidant", "recovery sheet"],
};

const INTRO: &str = "If you ever forget your passphrase, this key opens your Confidant vault so \
    that you can choose a new one. **Anyone who has this key and a copy of your vault files can \
    read your records**: keep this sheet as carefully as the records themselves.";

const KEY_HEADING: &str = "Your recovery key";

const KEY_NOTE: &str = "Digits 0–9 and capital letters; there is no O, I, L or U in it.";

const KEEP_HEADING: &str = "Where to keep this sheet";

const KEEP_ITEMS: [&str; 3] = [
    "Somewhere locked and away from your laptop: a locked drawer, a safe, or a safe-deposit box.",
    "**Not** as a photo on your phone, and **not** in email, a cloud drive or a notes app.",
    "One paper copy only. If you print a new sheet, shred the old one.",
];

const USE_HEADING: &str = "When you use it";

const USE_TEXT: &str = "On Confidant's unlock screen, choose “Forgot your passphrase?”, type the key \
    exactly as printed, then set a new passphrase. If the sheet is ever lost or seen by someone \
    else, make a new one in Confidant's Settings and shred this one.";

const WHERE_KEPT: &str = "This sheet is kept at:";

const GONE_TEXT: &str = "If Confidant is ever gone, your automatic backups open with the standard \
    *age* tool and this line (see the README):";

/// The Crockford base32 alphabet, plus its five check symbols (`*~$=U`) for a checksum group.
fn is_key_char(ch: char) -> bool {
    matches!(ch, '0'..='9' | 'A'..='H' | 'J' | 'K' | 'M' | 'N' | 'P'..='T' | 'V'..='Z')
        || matches!(ch, '*' | '~' | '$' | '=' | 'U')
}

/// Splits and checks the key: 4 to 20 groups of 1 to 8 Crockford base32 characters separated by
/// `-`. The sheet never prints something that is not a key (an empty string, a passphrase).
fn key_groups(key_grouped: &str) -> Result<Vec<String>, FormsError> {
    let groups: Vec<&str> = key_grouped.trim().split('-').collect();
    let valid = (4..=20).contains(&groups.len())
        && groups.iter().all(|g| (1..=8).contains(&g.len()) && g.chars().all(is_key_char));
    if !valid {
        return Err(FormsError::InvalidRecoveryKey);
    }
    Ok(groups.into_iter().map(str::to_owned).collect())
}

/// The short hash of the sheet's wording (not of the key or the date).
pub fn recovery_sheet_hash() -> String {
    let mut parts = vec![RECOVERY_SHEET_VERSION, TITLE, INTRO, KEY_HEADING, KEY_NOTE, KEEP_HEADING];
    parts.extend(KEEP_ITEMS);
    parts.extend([USE_HEADING, USE_TEXT, WHERE_KEPT]);
    content_hash(&parts)
}

/// `November 27, 2026`: the way the practice writes dates.
fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

fn document(groups: Vec<String>, backup_identity: &str, created: NaiveDate, paper: Paper) -> Document {
    Document {
        metadata: METADATA,
        paper,
        date: created,
        header: Header { left: "Confidant".to_owned(), right: "Private: keep locked away".to_owned() },
        footer: Footer {
            form_name: TITLE.to_owned(),
            version: RECOVERY_SHEET_VERSION.to_owned(),
            content_hash: recovery_sheet_hash(),
            client: String::new(),
        },
        blocks: vec![
            Block::heading(1, TITLE),
            Block::note(&format!("Created on {}", long_date(created))),
            Block::paragraph(INTRO),
            Block::heading(2, KEY_HEADING),
            Block::Key { groups },
            Block::note(KEY_NOTE),
            Block::heading(2, KEEP_HEADING),
            Block::bullets(KEEP_ITEMS),
            Block::heading(2, USE_HEADING),
            Block::paragraph(USE_TEXT),
            Block::paragraph(GONE_TEXT),
            Block::note(backup_identity),
            Block::write_in(WHERE_KEPT, 1),
        ],
    }
}

/// Renders the recovery sheet: one page, the key in large groups, the creation date, and plain
/// guidance on keeping it. `key_grouped` is the key as the vault hands it out (`ABCD-EFGH-...`);
/// `backup_identity` the age identity (`AGE-SECRET-KEY-1...`) that opens automatic backups.
pub fn render_recovery_sheet(
    key_grouped: &str,
    backup_identity: &str,
    created: NaiveDate,
    paper: Paper,
) -> Result<Vec<u8>, FormsError> {
    let groups = key_groups(key_grouped)?;
    let is_identity = backup_identity.starts_with("AGE-SECRET-KEY-1")
        && backup_identity.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !is_identity {
        return Err(FormsError::InvalidRecoveryKey);
    }
    let (bytes, pages) = render_with_stats(&[document(groups, backup_identity, created, paper)])?;
    // The sheet promises one page; a wording change that breaks that must fail loudly.
    if pages != 1 {
        return Err(FormsError::BlockTooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_groups_accept_crockford_groups_and_refuse_anything_else() {
        let key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789-ABCD-EFGH-JKMN-PQRS-TVWX";
        assert_eq!(key_groups(key).expect("valid").len(), 13);
        assert!(key_groups(&format!("{key}-7")).is_ok(), "a checksum group is fine");
        for bad in [
            "",
            "ABCD",
            "abcd-efgh-jkmn-pqrs",
            "ABCD-EFGH-JKMN-PQRO",
            "AB CD-EF-GH-JK",
            "ABCD--EFGH-JKMN-PQRS",
            "correct horse battery staple",
        ] {
            assert!(matches!(key_groups(bad), Err(FormsError::InvalidRecoveryKey)), "{bad:?} must be refused");
        }
    }

    #[test]
    fn the_wording_hash_does_not_depend_on_the_key_or_date() {
        let a = document(vec!["AAAA".into()], "AGE-SECRET-KEY-1A", NaiveDate::MIN, Paper::Letter);
        let b = document(vec!["BBBB".into()], "AGE-SECRET-KEY-1B", NaiveDate::MAX, Paper::A4);
        assert_eq!(a.footer.content_hash, b.footer.content_hash);
    }

    #[test]
    fn dates_print_in_long_form() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).expect("valid");
        assert_eq!(long_date(d), "March 5, 2026");
    }
}
