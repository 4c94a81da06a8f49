//! Search across every note and client, as she types.
//!
//! Each note table has an FTS5 index (external content, kept in step by triggers in the note's
//! own transaction) with 2- and 3-character prefix indexes, so a word typed halfway is found
//! without scanning the vocabulary. The design keeps the cost bounded whatever the query:
//!
//! - Candidates are the [`CANDIDATES`] most recent matching notes, read in rowid order straight
//!   from the index (`ORDER BY rowid DESC LIMIT`, which FTS5 serves without sorting); bm25 is
//!   computed only for them. A rare word has fewer matches than that, so all of them are ranked;
//!   a word found in most notes is ranked among the most recent notes that contain it
//!   (recency first), instead of ranking tens of thousands of matches.
//! - Filters by client, kind and status are tokens of a `tags` column in the index, so they
//!   narrow the match inside FTS5 instead of being checked row by row afterwards.
//! - Snippets are made only for the page of results returned, with control-character markers
//!   turned into [`SnippetPart`]s: the UI renders text, never HTML.
//!
//! Psychotherapy notes have their own index, searched only when `include_protected` is set.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::store::{client_label, marks_by_note, read_summary, Store, SUMMARY_COLUMNS};
use super::{DisclosureMark, DisclosureStatus, NoteKind, NoteSummary, NotesError};
use crate::register::{self, ClientSummary, StatusFilter};
use crate::time::iso;

/// How many of the most recent matches are ranked.
pub const CANDIDATES: u32 = 300;
/// The longest page of results.
pub const MAX_RESULTS: u32 = 50;
/// How many matching clients are listed above the notes.
pub const CLIENT_RESULTS: u32 = 5;

const TEXT_COLUMNS: &str = "{section_1 section_2 section_3 section_4 addenda_text}";
const START: char = '\u{1}';
const END: char = '\u{2}';

/// What she typed, and the filters. Empty filters mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchQuery {
    pub text: String,
    pub client_id: Option<i64>,
    /// ISO dates, inclusive; empty for no bound.
    pub from: String,
    pub to: String,
    pub kinds: Vec<NoteKind>,
    pub statuses: Vec<DisclosureStatus>,
    /// Psychotherapy notes are searched only when she asks.
    pub include_protected: bool,
    /// Results per page (default 20, at most 50).
    pub limit: Option<u32>,
}

/// One piece of a snippet: plain text, highlighted when it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnippetPart {
    pub text: String,
    pub highlight: bool,
}

/// One matching note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteHit {
    pub note: NoteSummary,
    pub client_code: String,
    /// The name, or in discreet mode the alias or initials.
    pub client_name: String,
    pub snippet: Vec<SnippetPart>,
    /// To whom, when and on what basis it has been disclosed, newest first.
    pub disclosures: Vec<DisclosureMark>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Clients whose name, alias, code, phone or email match (not when filtering by client).
    pub clients: Vec<ClientSummary>,
    pub notes: Vec<NoteHit>,
    /// More notes match than were ranked or returned: typing more narrows them.
    pub more: bool,
}

/// Searches notes (and clients) for what she typed. The last word counts as a prefix unless
/// followed by a space, so results come as she types.
pub fn search(
    conn: &Connection,
    query: &SearchQuery,
    discreet: bool,
    today: NaiveDate,
) -> Result<SearchResults, NotesError> {
    let limit = query.limit.unwrap_or(20).clamp(1, MAX_RESULTS);
    let (from, to) = (bound(&query.from, "from")?, bound(&query.to, "to")?);
    let clients = if query.client_id.is_none() && !query.text.trim().is_empty() {
        register::list(conn, StatusFilter::All, &query.text, discreet, CLIENT_RESULTS, today)?.clients
    } else {
        Vec::new()
    };
    let Some(terms) = match_terms(&query.text) else {
        return Ok(SearchResults { clients, notes: Vec::new(), more: false });
    };
    let text_match = format!("{TEXT_COLUMNS} : ({terms})");

    let mut candidates: Vec<(Store, i64, f64)> = Vec::new();
    let mut more = false;
    for store in stores(query) {
        let full = format!("{text_match}{}", filter_terms(store, query));
        let found = ranked_candidates(conn, store, &full, from.as_deref(), to.as_deref())?;
        more |= found.len() >= CANDIDATES as usize;
        candidates.extend(found.into_iter().map(|(id, score)| (store, id, score)));
    }
    candidates.sort_by(|a, b| a.2.total_cmp(&b.2).then(b.1.cmp(&a.1)));
    more |= candidates.len() > limit as usize;
    candidates.truncate(limit as usize);

    // Snippets for this page only, in one pass per index over the newest matches down to the
    // oldest hit (a lookup by rowid inside a MATCH walks the whole doclist of a common word).
    let mut snippets: HashMap<(bool, i64), String> = HashMap::new();
    for store in Store::ALL {
        let ids: Vec<String> = candidates.iter().filter(|c| c.0 == store).map(|c| c.1.to_string()).collect();
        let Some(oldest) = candidates.iter().filter(|c| c.0 == store).map(|c| c.1).min() else { continue };
        let sql = format!(
            "SELECT rowid, CASE WHEN rowid IN ({ids}) THEN snippet({fts}, -1, char(1), char(2), '…', 24) END
             FROM {fts} WHERE {fts} MATCH ?1 AND rowid >= ?2 ORDER BY rowid DESC",
            ids = ids.join(","),
            fts = store.fts()
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(params![text_match, oldest])?;
        while let Some(row) = rows.next()? {
            if let Some(snippet) = row.get::<_, Option<String>>(1)? {
                snippets.insert((store == Store::Psychotherapy, row.get(0)?), snippet);
            }
        }
    }
    // Names and disclosure marks are read once per client on the page, not once per note.
    let mut labels: HashMap<i64, (String, String)> = HashMap::new();
    let mut marks: HashMap<i64, BTreeMap<i64, Vec<DisclosureMark>>> = HashMap::new();
    let mut notes = Vec::with_capacity(candidates.len());
    for (store, id, _) in candidates {
        let note = conn
            .prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM {} WHERE id = ?1", store.table()))?
            .query_row([id], read_summary)?;
        let snippet = snippets.remove(&(store == Store::Psychotherapy, id)).unwrap_or_default();
        let (client_code, client_name) = match labels.get(&note.client_id) {
            Some(label) => label.clone(),
            None => {
                let label = client_label(conn, note.client_id, discreet)?;
                labels.insert(note.client_id, label.clone());
                label
            }
        };
        let of_client = match marks.entry(note.client_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(marks_by_note(conn, note.client_id)?),
        };
        let disclosures = of_client.remove(&note.id).unwrap_or_default();
        notes.push(NoteHit { note, client_code, client_name, snippet: snippet_parts(&snippet), disclosures });
    }
    Ok(SearchResults { clients, notes, more })
}

/// The most recent matches (at most [`CANDIDATES`]) with a score (lower is better). When the
/// query matches more notes than that, the score is recency alone: bm25 needs each term's
/// document frequency, which costs a pass over the term's whole doclist (about 1 µs per note
/// that contains it), so it is used only when every match is among the candidates.
fn ranked_candidates(
    conn: &Connection,
    store: Store,
    expression: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<(i64, f64)>, NotesError> {
    let fts = store.fts();
    let rank = format!("bm25({fts}, 1.0, 1.0, 1.0, 1.0, 0.7, 0.0)");
    let query = |score: &str| -> Result<Vec<(i64, f64)>, NotesError> {
        let sql = format!(
            "SELECT {fts}.rowid, {score} FROM {fts} CROSS JOIN {table} n ON n.id = {fts}.rowid
             WHERE {fts} MATCH ?1 AND (?3 IS NULL OR n.note_date >= ?3) AND (?4 IS NULL OR n.note_date <= ?4)
             ORDER BY {fts}.rowid DESC LIMIT ?2",
            table = store.table()
        );
        let sql = if from.is_none() && to.is_none() {
            format!("SELECT rowid, {score} FROM {fts} WHERE {fts} MATCH ?1 AND ?3 IS NULL AND ?4 IS NULL ORDER BY rowid DESC LIMIT ?2")
        } else {
            sql
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![expression, CANDIDATES, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(i64, f64)>, _>>()?;
        Ok(rows)
    };
    let recent = query("0.0")?;
    if recent.len() >= CANDIDATES as usize {
        // Recency first: the newest note gets the best score.
        let count = recent.len() as f64;
        return Ok(recent.into_iter().enumerate().map(|(i, (id, _))| (id, i as f64 - count)).collect());
    }
    query(&rank)
}

fn stores(query: &SearchQuery) -> Vec<Store> {
    let kind_ok = |psychotherapy: bool| {
        query.kinds.is_empty() || query.kinds.iter().any(|k| (*k == NoteKind::Psychotherapy) == psychotherapy)
    };
    let status_ok = |protected: bool| {
        query.statuses.is_empty() || query.statuses.iter().any(|s| (*s == DisclosureStatus::Protected) == protected)
    };
    let mut out = Vec::new();
    if kind_ok(false) && status_ok(false) {
        out.push(Store::Record);
    }
    if query.include_protected && kind_ok(true) && status_ok(true) {
        out.push(Store::Psychotherapy);
    }
    out
}

/// The filters as FTS5 terms on the `tags` column.
fn filter_terms(store: Store, query: &SearchQuery) -> String {
    let mut out = String::new();
    if let Some(client) = query.client_id {
        out.push_str(&format!(" AND tags : \"zzc{client}\""));
    }
    if store == Store::Record {
        let kinds: Vec<String> = query
            .kinds
            .iter()
            .filter(|k| **k != NoteKind::Psychotherapy)
            .map(|k| format!("\"zzk{}\"", k.as_str()))
            .collect();
        if !kinds.is_empty() {
            out.push_str(&format!(" AND tags : ({})", kinds.join(" OR ")));
        }
        let statuses: Vec<String> = query
            .statuses
            .iter()
            .filter(|s| **s != DisclosureStatus::Protected)
            .map(|s| format!("\"zzs{}\"", s.as_str()))
            .collect();
        if !statuses.is_empty() {
            out.push_str(&format!(" AND tags : ({})", statuses.join(" OR ")));
        }
    }
    out
}

/// What she typed as FTS5 terms: each word quoted (so nothing she types is FTS syntax), all
/// required, the last one a prefix while she is still typing it. None when there is nothing to
/// search (a single letter matches too much to mean anything).
pub(crate) fn match_terms(text: &str) -> Option<String> {
    let mut words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(8).collect();
    let typing = text.chars().last().is_some_and(char::is_alphanumeric);
    if typing && words.last().is_some_and(|w| w.chars().count() < 2) {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let last = words.len() - 1;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == last && typing { format!("\"{w}\"*") } else { format!("\"{w}\"") })
        .collect();
    Some(terms.join(" "))
}

fn bound(value: &str, field: &str) -> Result<Option<String>, NotesError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|d| Some(iso(d)))
        .map_err(|_| NotesError::Invalid(vec![crate::error::FieldError::new(field, "Enter the date as YYYY-MM-DD.")]))
}

/// Splits FTS5 snippet output (matches between `\u{1}` and `\u{2}`) into parts.
pub(crate) fn snippet_parts(snippet: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut highlight = false;
    for c in snippet.chars() {
        if c == START || c == END {
            if !current.is_empty() {
                parts.push(SnippetPart { text: std::mem::take(&mut current), highlight });
            }
            highlight = c == START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart { text: current, highlight });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_she_types_becomes_quoted_terms_with_the_last_word_a_prefix() {
        assert_eq!(match_terms("sleep anx").as_deref(), Some("\"sleep\" \"anx\"*"));
        assert_eq!(match_terms("sleep anxiety ").as_deref(), Some("\"sleep\" \"anxiety\""));
        assert_eq!(match_terms("NEAR(\"x\" OR y)*").as_deref(), Some("\"NEAR\" \"x\" \"OR\" \"y\""));
        assert_eq!(match_terms("a"), None, "one letter matches too much");
        assert_eq!(match_terms("   "), None);
    }

    #[test]
    fn snippet_markers_become_highlighted_parts() {
        let parts = snippet_parts("…slept \u{1}poorly\u{2} since the \u{1}baby\u{2}");
        let marked: Vec<&str> = parts.iter().filter(|p| p.highlight).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["poorly", "baby"]);
        assert_eq!(parts[0].text, "…slept ");
    }
}
