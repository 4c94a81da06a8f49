//! The one-page recovery sheet printed when a vault is created (docs/DOMAIN.md section 1).
//!
//! It carries the recovery key and the creation date, and nothing else about the therapist or
//! any client. Its template text is hashed into the footer (the key is not), so a sheet in a
//! drawer can be matched to the version of the wording that printed it.

use chrono::NaiveDate;

use super::layout::Block;
use super::pdf::{content_hash, render_with_stats, Document, Footer, Header, Metadata, Paper};
use super::FormsError;
use crate::time::long_date;

/// Bumped whenever the wording below changes.
pub const RECOVERY_SHEET_VERSION: &str = "2";

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

const USE_TEXT: &str = "**When you use it:** on the unlock screen, choose “Forgot your passphrase?”, \
    type this key (it has no O, I, L or U) and set a new passphrase. If this sheet is ever lost or \
    seen, make a new one in Settings.";

const KEEP_TEXT: &str = "**Where to keep this sheet:** away from your laptop, in a locked drawer, a safe \
    or a safe-deposit box; **not** as a photo on your phone, nor in email, a cloud drive or a notes \
    app. Shred any older sheet.";

const BACKUP_HEADING: &str = "If Confidant is ever gone: your automatic backups";

const BACKUP_TEXT: &str = "This second key opens them with the standard *age*, *tar* and *sqlite3* \
    tools (on Debian or Ubuntu: sudo apt-get install age sqlite3). In a private folder holding the \
    backup file, type these three commands:";

/// Typed exactly as printed. The first keeps only the key's own characters from what is typed,
/// so the spaces and line breaks of the grouped key do not matter.
const COMMANDS: [&str; 3] = [
    "tr -dc A-Z0-9- > key.txt",
    "age -d -i key.txt confidant-auto-DATE.age | tar xf /dev/stdin",
    "sqlite3 vault.sqlite \"SELECT code, legal_name FROM clients\"",
];

const COMMANDS_NOTE: &str = "The first waits for the key: type it as printed (no B, I, O or 1 after \
    its first line; spaces and line breaks do not matter), then Enter and Ctrl+D. DATE is the date \
    in the backup's file name. The third lists your clients; vault.sqlite holds every record. \
    Delete key.txt and the unpacked files afterwards.";

const WHERE_KEPT: &str = "This sheet is kept at:";

/// The Crockford base32 alphabet, plus its five check symbols (`*~$=U`) for a checksum group.
fn is_key_char(ch: char) -> bool {
    matches!(ch, '0'..='9' | 'A'..='H' | 'J' | 'K' | 'M' | 'N' | 'P'..='T' | 'V'..='Z')
        || matches!(ch, '*' | '~' | '$' | '=' | 'U')
}

/// Splits and checks the key: 4 to 20 groups of 1 to 8 Crockford base32 characters separated by
/// `-`. The sheet never prints something that is not a key (an empty string, a passphrase).
pub(super) fn key_groups(key_grouped: &str) -> Result<Vec<String>, FormsError> {
    let groups: Vec<&str> = key_grouped.trim().split('-').collect();
    let valid = (4..=20).contains(&groups.len())
        && groups.iter().all(|g| (1..=8).contains(&g.len()) && g.chars().all(is_key_char));
    if !valid {
        return Err(FormsError::InvalidRecoveryKey);
    }
    Ok(groups.into_iter().map(str::to_owned).collect())
}

const IDENTITY_PREFIX: &str = "AGE-SECRET-KEY-1";
const IDENTITY_GROUP: usize = 5;
const IDENTITY_GROUPS_PER_ROW: usize = 6;

/// The automatic-backup identity in rows to copy by hand: `AGE-SECRET-KEY-1` alone, then the
/// rest in groups of five, six to a row. Refuses anything that is not such an identity.
pub(super) fn identity_rows(identity: &str) -> Result<Vec<Vec<String>>, FormsError> {
    let rest = identity.strip_prefix(IDENTITY_PREFIX).ok_or(FormsError::InvalidRecoveryKey)?;
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return Err(FormsError::InvalidRecoveryKey);
    }
    let chars: Vec<char> = rest.chars().collect();
    let groups: Vec<String> = chars.chunks(IDENTITY_GROUP).map(|g| g.iter().collect()).collect();
    let mut rows = vec![vec![IDENTITY_PREFIX.to_owned()]];
    rows.extend(groups.chunks(IDENTITY_GROUPS_PER_ROW).map(<[String]>::to_vec));
    Ok(rows)
}

/// The short hash of the sheet's wording (not of the keys or the date).
pub fn recovery_sheet_hash() -> String {
    let mut parts = vec![RECOVERY_SHEET_VERSION, TITLE, INTRO, KEY_HEADING, USE_TEXT, KEEP_TEXT];
    parts.extend([BACKUP_HEADING, BACKUP_TEXT]);
    parts.extend(COMMANDS);
    parts.extend([COMMANDS_NOTE, WHERE_KEPT]);
    content_hash(&parts)
}

fn document(groups: Vec<String>, identity: Vec<Vec<String>>, created: NaiveDate, paper: Paper) -> Document {
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
            Block::note(USE_TEXT),
            Block::note(KEEP_TEXT),
            Block::heading(2, BACKUP_HEADING),
            Block::note(BACKUP_TEXT),
            Block::KeyRows(identity),
            Block::Commands(COMMANDS.map(str::to_owned).to_vec()),
            Block::note(COMMANDS_NOTE),
            Block::write_in(WHERE_KEPT, 1),
        ],
    }
}

/// Renders the recovery sheet: one page, the key in large groups, the creation date, plain
/// guidance on keeping it, and the automatic-backup key with the commands that open a backup
/// without Confidant. `key_grouped` is the key as the vault hands it out (`ABCD-EFGH-...`);
/// `backup_identity` the age identity (`AGE-SECRET-KEY-1...`) that opens automatic backups.
pub fn render_recovery_sheet(
    key_grouped: &str,
    backup_identity: &str,
    created: NaiveDate,
    paper: Paper,
) -> Result<Vec<u8>, FormsError> {
    let groups = key_groups(key_grouped)?;
    let identity = identity_rows(backup_identity)?;
    let (bytes, pages) = render_with_stats(&[document(groups, identity, created, paper)])?;
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
        let a = document(vec!["AAAA".into()], vec![vec!["A".into()]], NaiveDate::MIN, Paper::Letter);
        let b = document(vec!["BBBB".into()], vec![vec!["B".into()]], NaiveDate::MAX, Paper::A4);
        assert_eq!(a.footer.content_hash, b.footer.content_hash);
    }

    #[test]
    fn the_backup_identity_is_grouped_in_fives_under_its_prefix_and_anything_else_refused() {
        let identity = format!("AGE-SECRET-KEY-1{}", "QPZRY9X8GF".repeat(5) + "2TVDW0S3");
        let rows = identity_rows(&identity).expect("an identity");
        assert_eq!(rows[0], ["AGE-SECRET-KEY-1"]);
        assert_eq!(rows[1], ["QPZRY", "9X8GF", "QPZRY", "9X8GF", "QPZRY", "9X8GF"]);
        assert_eq!(rows[2], ["QPZRY", "9X8GF", "QPZRY", "9X8GF", "2TVDW", "0S3"]);
        assert_eq!(rows.concat().concat(), identity, "nothing added or lost");
        for bad in ["", "AGE-SECRET-KEY-1", "AGE-SECRET-KEY-1abc", "AGE-SECRET-KEY-1AB-CD", "correct horse"] {
            assert!(matches!(identity_rows(bad), Err(FormsError::InvalidRecoveryKey)), "{bad:?} must be refused");
        }
    }

    #[test]
    fn dates_print_in_long_form() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).expect("valid");
        assert_eq!(long_date(d), "March 5, 2026");
    }
}
