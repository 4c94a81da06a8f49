//! Fictional clinical text and a practice's worth of sessions and notes, for the demo vault and
//! the stress benchmark (2,000 clients, 100,000 notes). Deterministic for a seed and a date.
//!
//! The demo's notes are short and readable: sentence patterns over a clinical vocabulary with
//! skewed frequencies. The benchmark's notes are what a practice really writes: 150 to 400 words
//! each (progress notes run about that long), the same clinical sentences mixed with prose drawn
//! from a [`Vocabulary`] of tens of thousands of words whose frequencies follow Zipf's law, so
//! that search, saving and backups are measured on a corpus as large and as varied as a decade
//! of real notes, not a flattering one.

use std::path::Path;

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};

use super::store::{addendum_hash, sections_hash, Store};
use super::NotesError;
use crate::sample_rng::SplitMix64;

const FEELINGS: &[&str] = &[
    "anxious",
    "tired",
    "overwhelmed",
    "hopeful",
    "low",
    "irritable",
    "calmer",
    "tearful",
    "guilty",
    "numb",
    "restless",
    "discouraged",
    "relieved",
    "ashamed",
    "angry",
    "lonely",
    "detached",
    "grateful",
    "panicky",
    "flat",
];
const TOPICS: &[&str] = &[
    "sleep",
    "feeding",
    "her partner",
    "returning to work",
    "the baby's crying",
    "intrusive thoughts",
    "her mother",
    "the birth",
    "breastfeeding",
    "money",
    "childcare",
    "her body",
    "the pregnancy",
    "appetite",
    "isolation",
    "the pediatrician visit",
    "her older child",
    "the NICU stay",
    "household chores",
    "her faith community",
    "the loss",
    "anger at her partner",
    "anxiety at night",
    "her own childhood",
    "boundaries with in-laws",
];
const INTERVENTIONS: &[&str] = &[
    "cognitive restructuring",
    "grounding exercises",
    "behavioral activation",
    "psychoeducation about perinatal mood",
    "validation",
    "sleep hygiene planning",
    "mindfulness practice",
    "a safety check",
    "exposure hierarchy work",
    "interpersonal role play",
    "values clarification",
    "relaxation breathing",
    "problem solving",
    "thought records",
    "self-compassion exercises",
    "communication skills",
    "motivational interviewing",
];
const OBSERVATIONS: &[&str] = &[
    "Affect congruent, mood low",
    "Appeared tired but engaged",
    "Speech normal in rate and volume",
    "Tearful when discussing the birth",
    "Good eye contact, organized thought process",
    "Fidgeting, restless",
    "Brighter affect than last session",
    "Baby present and settled during session",
    "Guarded at first, then open",
    "Oriented and alert",
    "Flat affect, slowed speech",
    "Laughed appropriately",
];
const PLANS: &[&str] = &[
    "Continue weekly sessions",
    "Practice grounding twice daily",
    "Complete a thought record before next session",
    "Rescreen with the EPDS in two weeks",
    "Discuss a medication consult with her OB",
    "Schedule a couple session",
    "Call the postpartum support group",
    "Follow up on sleep schedule",
    "Review safety plan next session",
    "Share worksheets on anxiety",
    "Coordinate with the pediatrician after a release is signed",
];
const RARE: &[&str] = &[
    "trichotillomania",
    "hyperemesis",
    "preeclampsia",
    "dysphoric milk ejection reflex",
    "tokophobia",
    "misophonia",
    "agoraphobia",
    "scrupulosity",
    "derealization",
    "placenta accreta",
    "polyhydramnios",
    "cholestasis",
    "hoarding",
    "kleptomania",
    "synesthesia",
    "bruxism",
    "vaginismus",
    "dermatillomania",
    "somnambulism",
    "pica",
];

/// One section of text, a few sentences long.
pub(crate) fn sentences(rng: &mut SplitMix64, count: usize) -> String {
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let sentence = match rng.below(9) {
            0 => format!("Client reported feeling {} about {}.", rng.skewed(FEELINGS), rng.skewed(TOPICS)),
            1 => format!("She reported that {} has been harder this week.", rng.skewed(TOPICS)),
            2 => format!("{}.", rng.skewed(OBSERVATIONS)),
            3 => format!("Session focused on {} using {}.", rng.skewed(TOPICS), rng.skewed(INTERVENTIONS)),
            4 => format!("Used {} and she responded well.", rng.skewed(INTERVENTIONS)),
            5 => format!("{}.", rng.skewed(PLANS)),
            6 => format!(
                "She described feeling {} and {} since the last session.",
                rng.skewed(FEELINGS),
                rng.skewed(FEELINGS)
            ),
            7 => format!("Reported sleep of {} hours; {} is a recurring theme.", 3 + rng.below(5), rng.skewed(TOPICS)),
            _ => format!("Explored {} and how it connects to {}.", rng.skewed(TOPICS), rng.skewed(TOPICS)),
        };
        out.push(sentence);
    }
    if rng.per_thousand(6) {
        out.push(format!("History of {} discussed.", rng.pick(RARE)));
    }
    out.join(" ")
}

/// The most frequent words of written English, most frequent first: the head of the Zipf curve.
const COMMON: &[&str] = &[
    "the", "and", "to", "of", "a", "her", "she", "in", "that", "was", "it", "with", "for", "is", "on", "as", "about",
    "at", "be", "this", "had", "not", "but", "have", "they", "from", "by", "or", "an", "when", "were", "what", "their",
    "so", "there", "can", "all", "been", "would", "more", "if", "out", "up", "which", "one", "time", "also", "how",
    "said", "some", "into", "other", "than", "then", "now", "only", "could", "over", "after", "feels", "week", "baby",
    "partner", "sleep", "session", "reported", "mother", "work", "home",
];

/// A vocabulary whose word frequencies follow Zipf's law (the word of rank r about 1/r as often
/// as the most frequent): common English words first, then the clinical words the demo uses, then
/// every word of a dictionary in an order fixed by the seed, the long tail of names of places,
/// medications and people that real notes are full of.
pub struct Vocabulary {
    words: Vec<String>,
    /// Running sums of the weights, for drawing a word by its rank.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    /// The fewest words a realistic vocabulary has.
    pub const MIN_WORDS: usize = 20_000;

    /// From a hunspell dictionary (`/usr/share/hunspell/en_US.dic`: a count, then one word a line
    /// with its affix flags after a slash). `None` when it cannot be read or has too few words.
    pub fn from_hunspell(path: &Path, seed: u64) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut tail: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|line| line.split('/').next().unwrap_or_default().trim())
            .filter(|word| word.len() > 2 && word.chars().all(|c| c.is_alphabetic() || c == '\''))
            .collect();
        let mut rng = SplitMix64::new(seed);
        for i in (1..tail.len()).rev() {
            tail.swap(i, rng.below(i + 1));
        }
        let clinical = [FEELINGS, TOPICS, INTERVENTIONS, RARE].concat();
        let mut seen = std::collections::HashSet::new();
        let words: Vec<String> = COMMON
            .iter()
            .copied()
            .chain(clinical.iter().flat_map(|phrase| phrase.split(' ')))
            .chain(tail)
            .filter(|word| seen.insert(word.to_lowercase()))
            .map(str::to_owned)
            .collect();
        (words.len() >= Self::MIN_WORDS).then(|| Self::zipf(words))
    }

    fn zipf(words: Vec<String>) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn word(&self, rng: &mut SplitMix64) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let rank = self.cumulative.partition_point(|&c| c < target).min(self.words.len() - 1);
        &self.words[rank]
    }

    /// A sentence of prose, 6 to 18 words.
    fn sentence(&self, rng: &mut SplitMix64) -> String {
        let count = 6 + rng.below(13);
        let mut words: Vec<&str> = (0..count).map(|_| self.word(rng)).collect();
        let first = words.first().map(|w| capitalized(w)).unwrap_or_default();
        words.remove(0);
        format!("{first}{}{}.", if words.is_empty() { "" } else { " " }, words.join(" "))
    }

    /// A section of about `words` words: the demo's clinical sentences mixed with prose.
    fn section(&self, rng: &mut SplitMix64, words: usize) -> String {
        let mut out = Vec::new();
        let mut written = 0;
        while written < words {
            let sentence = if rng.percent(35) { sentences(rng, 1) } else { self.sentence(rng) };
            written += sentence.split_whitespace().count();
            out.push(sentence);
        }
        out.join(" ")
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What to generate.
pub struct Plan<'a> {
    /// Total notes (all kinds).
    pub notes: usize,
    /// This client gets `heavy_notes` of them (the "client with 500 notes" of the benchmark).
    pub heavy_client: Option<i64>,
    pub heavy_notes: usize,
    /// Notes are spread over this many days before `today`.
    pub days: u64,
    pub seed: u64,
    /// Notes of a real length over a real vocabulary (the benchmark); `None`: the demo's short,
    /// readable notes.
    pub vocabulary: Option<&'a Vocabulary>,
    /// Each note goes to a client in care on its day (from her intake to her discharge), so a
    /// discharged client's last session comes before her discharge, as the demo shows her;
    /// otherwise to any client (the benchmark's spread).
    pub in_care: bool,
}

/// Adds sessions and notes of every kind and status for `clients`, in date order (so recent
/// notes have the highest ids, as in a real practice), in transactions of 5,000 notes. The most
/// recent notes are left as drafts (some overdue); a few signed notes get addenda and a few
/// sessions an undocumented elevated risk.
pub fn generate(
    conn: &mut Connection,
    clients: &[i64],
    plan: &Plan<'_>,
    today: NaiveDate,
) -> Result<usize, NotesError> {
    if clients.is_empty() || plan.notes == 0 {
        return Ok(0);
    }
    let mut rng = SplitMix64::new(plan.seed);
    let others: Vec<i64> = clients.iter().copied().filter(|c| Some(*c) != plan.heavy_client).collect();
    let care = if plan.in_care { care_windows(conn, &others, today)? } else { Vec::new() };
    let heavy_every = plan.notes.checked_div(plan.heavy_notes).map_or(usize::MAX, |n| n.max(1));
    let start = today.checked_sub_days(Days::new(plan.days)).unwrap_or(today);
    let created = format!("{}T12:00:00.000Z", today.format("%Y-%m-%d"));
    let mut made = 0;
    while made < plan.notes {
        let tx = conn.transaction()?;
        let batch_end = (made + 5_000).min(plan.notes);
        for index in made..batch_end {
            let offset = plan.days * index as u64 / plan.notes as u64;
            let date = (start + Days::new(offset)).min(today);
            let iso = date.format("%Y-%m-%d").to_string();
            let client = match plan.heavy_client {
                Some(heavy) if index % heavy_every == 0 || others.is_empty() => heavy,
                _ => in_care_on(&mut rng, &others, &care, date),
            };
            let recent = plan.notes - index <= (plan.notes / 100).max(3);
            write_one(&tx, &mut rng, client, &iso, &created, recent, plan.vocabulary)?;
        }
        tx.commit()?;
        made = batch_end;
    }
    let tx = conn.transaction()?;
    for client in clients {
        super::sessions::attendance_changed(&tx, *client)?;
    }
    tx.commit()?;
    Ok(made)
}

/// Each client's days in care: her intake (or the first day) to her discharge (or today).
fn care_windows(
    conn: &Connection,
    clients: &[i64],
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate)>, NotesError> {
    let mut stmt = conn.prepare("SELECT intake_date, discharge_date FROM clients WHERE id = ?1")?;
    let day = |value: Option<String>| value.and_then(|v| crate::time::parse_day(&v));
    clients
        .iter()
        .map(|id| {
            let (intake, discharge) = stmt.query_row([id], |r| Ok((day(r.get(0)?), day(r.get(1)?))))?;
            Ok((intake.unwrap_or(NaiveDate::MIN), discharge.unwrap_or(today)))
        })
        .collect()
}

/// A client in care on `date` (any client when `care` is empty or nobody was).
fn in_care_on(rng: &mut SplitMix64, clients: &[i64], care: &[(NaiveDate, NaiveDate)], date: NaiveDate) -> i64 {
    let in_care: Vec<i64> =
        clients.iter().zip(care).filter(|(_, (from, to))| *from <= date && date <= *to).map(|(id, _)| *id).collect();
    if in_care.is_empty() {
        clients[rng.below(clients.len())]
    } else {
        in_care[rng.below(in_care.len())]
    }
}

fn write_one(
    conn: &Connection,
    rng: &mut SplitMix64,
    client: i64,
    date: &str,
    created: &str,
    draft: bool,
    vocabulary: Option<&Vocabulary>,
) -> Result<(), NotesError> {
    let roll = rng.below(100);
    let kind = match roll {
        0..=84 => "progress",
        85..=89 => "psychotherapy",
        90..=96 => "contact",
        _ => "discharge",
    };
    let store = if kind == "psychotherapy" { Store::Psychotherapy } else { Store::Record };
    let session_id = if kind == "progress" {
        let attendance = match rng.below(100) {
            0..=2 => "late_cancel",
            3..=4 => "no_show",
            _ => "attended",
        };
        if attendance != "attended" {
            // The missed session itself, then the note for the next one held.
            insert_session(conn, rng, client, date, attendance)?;
        }
        Some(insert_session(conn, rng, client, date, "attended")?)
    } else {
        None
    };
    let (template, mut sections): (&str, Vec<String>) = match (kind, rng.below(4)) {
        ("progress", 0) => ("soap", vec![sentences(rng, 3), sentences(rng, 2), sentences(rng, 2), sentences(rng, 1)]),
        ("progress", 1) => ("dap", vec![sentences(rng, 4), sentences(rng, 2), sentences(rng, 1)]),
        ("progress", 2) => ("birp", vec![sentences(rng, 2), sentences(rng, 2), sentences(rng, 2), sentences(rng, 1)]),
        ("contact", _) => ("free_text", vec![format!("Phone call. {}", sentences(rng, 2))]),
        ("discharge", _) => ("free_text", vec![format!("Discharge summary. {}", sentences(rng, 6))]),
        _ => ("free_text", vec![sentences(rng, 7)]),
    };
    if let Some(vocabulary) = vocabulary {
        // 150 to 400 words in all, shared among the sections as the template shares them.
        let words = 150 + rng.below(251);
        let lengths: Vec<usize> = sections.iter().map(|s| s.split_whitespace().count().max(1)).collect();
        let total: usize = lengths.iter().sum();
        for (section, length) in sections.iter_mut().zip(lengths) {
            *section = vocabulary.section(rng, words * length / total);
        }
    }
    let status = match (kind, rng.per_thousand(120)) {
        ("psychotherapy", _) => "protected",
        (_, true) => "shareable",
        _ => "private",
    };
    conn.execute("INSERT INTO note_ids DEFAULT VALUES", [])?;
    let id = conn.last_insert_rowid();
    let mut padded = sections.clone();
    padded.resize(4, String::new());
    let (signed_at, hash) = if draft {
        (None, None)
    } else {
        (Some(created.to_string()), Some(sections_hash(kind, template, date, &sections)))
    };
    conn.prepare_cached(&format!(
        "INSERT INTO {} (id, client_id, session_id, kind, template, status, note_date, created_at, updated_at,
            revision, signed_at, content_hash, section_1, section_2, section_3, section_4)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14)",
        store.table()
    ))?
    .execute(params![
        id, client, session_id, kind, template, status, date, created, signed_at, hash, padded[0], padded[1],
        padded[2], padded[3]
    ])?;
    if let (Some(note_hash), true) = (&hash, !draft && rng.per_thousand(15)) {
        let text = format!("Addendum: {}", sentences(rng, 1));
        let hash = addendum_hash(id, note_hash, created, &text);
        conn.prepare_cached(&format!(
            "INSERT INTO {} (note_id, client_id, added_at, text, content_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            store.addenda()
        ))?
        .execute(params![id, client, created, text, hash])?;
        conn.prepare_cached(&format!("UPDATE {} SET addenda_text = ?2 WHERE id = ?1", store.table()))?
            .execute(params![id, text])?;
    }
    Ok(())
}

fn insert_session(
    conn: &Connection,
    rng: &mut SplitMix64,
    client: i64,
    date: &str,
    attendance: &str,
) -> Result<i64, NotesError> {
    let hour = 8 + rng.below(10);
    let modality = match rng.below(10) {
        0..=5 => "in_person",
        6..=8 => "video",
        _ => "phone",
    };
    let (state, city) = if modality == "in_person" { ("", "") } else { ("MO", "Columbia") };
    let elevated = attendance == "attended" && rng.per_thousand(8);
    let (risk, plan, duty) = if elevated {
        if rng.per_thousand(500) {
            (
                Some("moderate"),
                "Safety plan reviewed; partner holds medications; 988 and clinic numbers.",
                Some("does_not_apply"),
            )
        } else {
            (Some("moderate"), "", None)
        }
    } else {
        (Some("none"), "", None)
    };
    conn.prepare_cached(
        "INSERT INTO sessions (client_id, date, start_time, end_time, kind, modality, location_state, location_city,
            attendance, mood, affect, risk_to_self, risk_to_others, safety_plan, duty_to_warn, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'individual', ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'none', ?12, ?13, ?14, ?14)",
    )?
    .execute(params![
        client,
        date,
        format!("{hour:02}:00"),
        format!("{hour:02}:50"),
        modality,
        state,
        city,
        attendance,
        rng.skewed(FEELINGS),
        rng.pick(&["congruent", "constricted", "bright", "flat", "labile"]),
        risk,
        plan,
        duty,
        format!("{date}T12:00:00.000Z"),
    ])?;
    Ok(conn.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: usize) -> Vocabulary {
        // Letters only, as a dictionary's words: "zaaaa", "zaaab", ...
        let word = |mut i: usize| -> String {
            let mut letters = String::from("z");
            for _ in 0..4 {
                letters.push(char::from(b'a' + (i % 26) as u8));
                i /= 26;
            }
            letters
        };
        let dictionary: String =
            std::iter::once(format!("{words}\n")).chain((0..words).map(|i| format!("{}/SM\n", word(i)))).collect();
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("en_US.dic");
        std::fs::write(&path, dictionary).expect("dictionary");
        Vocabulary::from_hunspell(&path, 7).expect("large enough")
    }

    #[test]
    fn a_dictionary_too_small_for_a_real_vocabulary_is_refused() {
        let temp = tempfile::tempdir().expect("temp");
        let path = temp.path().join("small.dic");
        std::fs::write(&path, "3\nalpha/S\nbeta\ngamma/M\n").expect("dictionary");
        assert!(Vocabulary::from_hunspell(&path, 7).is_none());
    }

    #[test]
    fn words_are_drawn_as_zipf_says_common_ones_often_and_a_long_tail_rarely() {
        let vocabulary = vocabulary(Vocabulary::MIN_WORDS);
        let mut rng = SplitMix64::new(3);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..200_000 {
            *counts.entry(vocabulary.word(&mut rng).to_owned()).or_insert(0u32) += 1;
        }
        assert!(counts["the"] > 10_000, "the commonest word in about one draw in ten: {}", counts["the"]);
        assert!(counts.len() > 10_000, "a long tail: {} distinct words", counts.len());
    }

    #[test]
    fn a_section_is_about_as_long_as_asked() {
        let vocabulary = vocabulary(Vocabulary::MIN_WORDS);
        let mut rng = SplitMix64::new(5);
        for words in [40, 150, 400] {
            let count = vocabulary.section(&mut rng, words).split_whitespace().count();
            assert!(count >= words && count < words + 30, "{count} words for {words}");
        }
    }
}
