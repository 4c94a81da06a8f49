//! Clinical words the therapist adds to the spell checker ("perinatal", "EPDS", "doula"),
//! kept in the vault: the web view's spell checker uses the platform dictionaries, plus these.

use rusqlite::{params, Connection};

use super::NotesError;
use crate::error::FieldError;
use crate::time::now_utc;
use crate::vault::Session;

/// The longest word accepted.
pub const MAX_WORD_CHARS: usize = 64;

/// Every added word, alphabetically.
pub fn dictionary_words(conn: &Connection) -> Result<Vec<String>, NotesError> {
    let mut stmt = conn.prepare_cached("SELECT word FROM dictionary_words ORDER BY lower(word), word")?;
    let words = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(words)
}

/// Adds a word (adding it twice changes nothing). A word is letters, digits, hyphens and
/// apostrophes, without spaces.
pub fn add_word(session: &mut Session, word: &str) -> Result<Vec<String>, NotesError> {
    let word = word.trim();
    let valid = !word.is_empty()
        && word.chars().count() <= MAX_WORD_CHARS
        && word.chars().any(char::is_alphabetic)
        && word.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’');
    if !valid {
        return Err(NotesError::Invalid(vec![FieldError::new(
            "word",
            "Add one word at a time: letters, digits, hyphens or apostrophes, no spaces.",
        )]));
    }
    session.conn_mut().execute(
        "INSERT INTO dictionary_words (word, added_at) VALUES (?1, ?2) ON CONFLICT (word) DO NOTHING",
        params![word, now_utc()],
    )?;
    dictionary_words(session.conn())
}

/// Removes a word; removing one that is not there changes nothing.
pub fn remove_word(session: &mut Session, word: &str) -> Result<Vec<String>, NotesError> {
    session.conn_mut().execute("DELETE FROM dictionary_words WHERE word = ?1", [word.trim()])?;
    dictionary_words(session.conn())
}
