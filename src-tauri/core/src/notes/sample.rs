//! Fictional clinical text and a practice's worth of sessions and notes, for the demo vault and
//! the stress benchmark (2,000 clients, 100,000 notes). Deterministic for a seed and a date.
//!
//! The text is built from sentence patterns and a clinical vocabulary with skewed frequencies:
//! a few words appear in most notes ("reported", "session"), most are common, and some are rare
//! (a handful of notes in the whole practice), so that search is measured on realistic spreads.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection};

use super::store::{hash_parts, Store};
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

/// What to generate.
pub struct Plan {
    /// Total notes (all kinds).
    pub notes: usize,
    /// This client gets `heavy_notes` of them (the "client with 500 notes" of the benchmark).
    pub heavy_client: Option<i64>,
    pub heavy_notes: usize,
    /// Notes are spread over this many days before `today`.
    pub days: u64,
    pub seed: u64,
}

/// Adds sessions and notes of every kind and status for `clients`, in date order (so recent
/// notes have the highest ids, as in a real practice), in transactions of 5,000 notes. The most
/// recent notes are left as drafts (some overdue); a few signed notes get addenda and a few
/// sessions an undocumented elevated risk.
pub fn generate(conn: &mut Connection, clients: &[i64], plan: &Plan, today: NaiveDate) -> Result<usize, NotesError> {
    if clients.is_empty() || plan.notes == 0 {
        return Ok(0);
    }
    let mut rng = SplitMix64::new(plan.seed);
    let others: Vec<i64> = clients.iter().copied().filter(|c| Some(*c) != plan.heavy_client).collect();
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
                _ => others[rng.below(others.len())],
            };
            let recent = plan.notes - index <= (plan.notes / 100).max(3);
            write_one(&tx, &mut rng, client, &iso, &created, recent)?;
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

fn write_one(
    conn: &Connection,
    rng: &mut SplitMix64,
    client: i64,
    date: &str,
    created: &str,
    draft: bool,
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
    let (template, sections): (&str, Vec<String>) = match (kind, rng.below(4)) {
        ("progress", 0) => ("soap", vec![sentences(rng, 3), sentences(rng, 2), sentences(rng, 2), sentences(rng, 1)]),
        ("progress", 1) => ("dap", vec![sentences(rng, 4), sentences(rng, 2), sentences(rng, 1)]),
        ("progress", 2) => ("birp", vec![sentences(rng, 2), sentences(rng, 2), sentences(rng, 2), sentences(rng, 1)]),
        ("contact", _) => ("free_text", vec![format!("Phone call. {}", sentences(rng, 2))]),
        ("discharge", _) => ("free_text", vec![format!("Discharge summary. {}", sentences(rng, 6))]),
        _ => ("free_text", vec![sentences(rng, 7)]),
    };
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
        let mut parts: Vec<&str> = vec!["confidant-note-v1", kind, template, date];
        parts.extend(sections.iter().map(String::as_str));
        (Some(created.to_string()), Some(hash_parts(&parts)))
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
    if !draft && rng.per_thousand(15) {
        let text = format!("Addendum: {}", sentences(rng, 1));
        let hash = hash_parts(&["confidant-addendum-v1", &id.to_string(), &text]);
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
