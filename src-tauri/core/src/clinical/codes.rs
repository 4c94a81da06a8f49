//! The ICD-10-CM codes she diagnoses with: the list shipped with Confidant
//! (`assets/icd10cm/codes.tsv`, generated from the public-domain CDC/NCHS files by
//! `scripts/icd10cm.sh`), plus codes of her own where the list lacks one.
//!
//! Search runs as she types, by code ("F53", "f530") or by words ("postpartum", "adjust"),
//! case and accents ignored, over the whole list in memory: the list is about a thousand
//! codes, read once per process, each with its words folded beforehand.

use std::sync::OnceLock;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{invalid, ClinicalError};
use crate::register::text::fold;
use crate::time::now_utc;
use crate::vault::Session;

/// The shipped list, as generated: `#` header lines, then `code<TAB>label`.
pub const LIST: &str = include_str!("../../../../assets/icd10cm/codes.tsv");

/// The most codes one search returns.
pub const MAX_MATCHES: usize = 20;

/// A code offered while she types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeMatch {
    pub code: String,
    pub label: String,
    /// One she added, not from the ICD-10-CM list.
    pub custom: bool,
}

/// A code she added, with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomCode {
    pub code: String,
    pub label: String,
}

struct Entry {
    code: &'static str,
    label: &'static str,
    /// The code without its dot, upper case: "F530".
    compact: String,
    /// The label's words, folded: ["postpartum", "depression"].
    words: Vec<String>,
}

fn entries() -> &'static [Entry] {
    static LIST_ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    LIST_ENTRIES.get_or_init(|| {
        LIST.lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| line.split_once('\t'))
            .map(|(code, label)| Entry {
                code,
                label,
                compact: compact(code),
                words: fold(label).split(' ').map(str::to_owned).collect(),
            })
            .collect()
    })
}

/// Where the shipped list comes from: its header lines, without the `# `.
pub fn source() -> Vec<&'static str> {
    LIST.lines().map_while(|line| line.strip_prefix("# ")).collect()
}

/// Every shipped code with its label, in the list's order.
pub fn shipped() -> impl Iterator<Item = (&'static str, &'static str)> {
    entries().iter().map(|e| (e.code, e.label))
}

/// The label of a shipped code.
pub fn shipped_label(code: &str) -> Option<&'static str> {
    let compact = compact(code);
    entries().iter().find(|e| e.compact == compact).map(|e| e.label)
}

fn compact(code: &str) -> String {
    code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// A code as she may type it ("f530", " F53.0 ") in its usual form, "F53.0": upper case, the
/// dot after the third character. None when it cannot be a code (letters and digits only,
/// starting with a letter, 3 to 8 of them).
pub fn normalise(code: &str) -> Option<String> {
    let compact = compact(code);
    let valid = (3..=8).contains(&compact.len())
        && compact.starts_with(|c: char| c.is_ascii_alphabetic())
        && code.trim().chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    valid.then(|| if compact.len() > 3 { format!("{}.{}", &compact[..3], &compact[3..]) } else { compact })
}

/// Codes matching what she typed: codes beginning with it first, then labels with every word
/// she typed (each the start of a word of the label), the ones whose label starts with her first
/// word ahead. Her own codes are searched with the list. At most [`MAX_MATCHES`].
pub fn search(conn: &Connection, query: &str) -> Result<Vec<CodeMatch>, ClinicalError> {
    let words: Vec<String> = fold(query).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let typed = compact(query);
    // Her own codes, folded now (a handful), then the list's, folded once per process.
    let hers: Vec<(CustomCode, String, Vec<String>)> = custom_codes(conn)?
        .into_iter()
        .map(|c| {
            let (code_compact, label_words) =
                (compact(&c.code), fold(&c.label).split(' ').map(str::to_owned).collect());
            (c, code_compact, label_words)
        })
        .collect();
    let candidates = hers
        .iter()
        .map(|(c, code_compact, label_words)| {
            (c.code.as_str(), c.label.as_str(), true, code_compact.as_str(), label_words)
        })
        .chain(entries().iter().map(|e| (e.code, e.label, false, e.compact.as_str(), &e.words)));
    let mut found: Vec<(u8, usize, CodeMatch)> = Vec::new();
    for (order, (code, label, custom, code_compact, label_words)) in candidates.enumerate() {
        let starts = |w: &String| label_words.iter().any(|l| l.starts_with(w.as_str()));
        let rank = if !typed.is_empty() && code_compact.starts_with(&typed) {
            0
        } else if !words.iter().all(starts) {
            continue;
        } else if label_words.first().is_some_and(|l| l.starts_with(words[0].as_str())) {
            1
        } else {
            2
        };
        found.push((rank, order, CodeMatch { code: code.to_owned(), label: label.to_owned(), custom }));
    }
    found.sort_by_key(|(rank, order, _)| (*rank, *order));
    Ok(found.into_iter().take(MAX_MATCHES).map(|(_, _, m)| m).collect())
}

/// The label of a code, shipped or hers, and whether it is hers; None for an unknown code.
pub fn label_of(conn: &Connection, code: &str) -> Result<Option<(String, bool)>, ClinicalError> {
    if let Some(label) = shipped_label(code) {
        return Ok(Some((label.to_owned(), false)));
    }
    let Some(code) = normalise(code) else { return Ok(None) };
    Ok(conn
        .query_row("SELECT label FROM custom_codes WHERE code = ?1", [code], |r| r.get::<_, String>(0))
        .optional()?
        .map(|label| (label, true)))
}

/// Her own codes, by code.
pub fn custom_codes(conn: &Connection) -> Result<Vec<CustomCode>, ClinicalError> {
    let mut stmt = conn.prepare_cached("SELECT code, label FROM custom_codes ORDER BY code")?;
    let rows = stmt.query_map([], |r| Ok(CustomCode { code: r.get(0)?, label: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Longest label of a code of her own.
const MAX_LABEL: usize = 250;

/// Adds a code of her own where the list lacks one. Refused: a code the list has, one she
/// added already, a code that is not letters and digits, an empty or very long label.
pub fn add_custom(session: &mut Session, code: &str, label: &str) -> Result<CustomCode, ClinicalError> {
    let Some(code) = normalise(code) else {
        return invalid("code", "A code is 3 to 8 letters and digits, starting with a letter (for example F53.9).");
    };
    let label = label.trim();
    if label.is_empty() {
        return invalid("label", "Write what the code stands for.");
    }
    if label.chars().count() > MAX_LABEL {
        return invalid("label", "Keep the label under 250 characters.");
    }
    if let Some((known, custom)) = label_of(session.conn(), &code)? {
        let whose = if custom { "You added it already" } else { "It is in the ICD-10-CM list" };
        return invalid("code", format!("{code} exists: {whose} as “{known}”."));
    }
    session.conn_mut().execute(
        "INSERT INTO custom_codes (code, label, created_at) VALUES (?1, ?2, ?3)",
        params![code, label, now_utc()],
    )?;
    Ok(CustomCode { code, label: label.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_code_takes_its_usual_form() {
        assert_eq!(normalise(" f530 ").as_deref(), Some("F53.0"));
        assert_eq!(normalise("F53.0").as_deref(), Some("F53.0"));
        assert_eq!(normalise("z3a20").as_deref(), Some("Z3A.20"));
        assert_eq!(normalise("F5").as_deref(), None, "too short");
        assert_eq!(normalise("53.0").as_deref(), None, "starts with a digit");
        assert_eq!(normalise("F53 0;").as_deref(), None, "only letters, digits and a dot");
    }

    #[test]
    fn the_shipped_list_knows_its_labels() {
        assert_eq!(shipped_label("f53.0"), Some("Postpartum depression"));
        assert_eq!(shipped_label("F32"), None, "a category is not a code to diagnose with");
    }
}
