//! The practice profile: who the therapist is and how her practice runs, printed on every form.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ConsentError;
use crate::audit::AuditEvent;
use crate::error::FieldError;
use crate::forms::Paper;
use crate::vault::Session;

/// One license: its kind (LMFT, LCSW, PhD psychologist...), number and the state that issued it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct License {
    pub credential: String,
    pub number: String,
    /// Two-letter US state or territory code.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PracticeProfile {
    pub practice_name: String,
    pub therapist_name: String,
    /// As she signs: "PhD, LMFT".
    pub credentials: String,
    pub licenses: Vec<License>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub crisis_instructions: String,
    pub after_hours: String,
    /// As it should print: "$180 for a 50-minute session".
    pub session_fee: String,
    pub cancellation_window_hours: u32,
    /// As it should print: "$90".
    pub cancellation_fee: String,
    /// Letter (default) or A4 for every printed form.
    pub paper: Paper,
}

impl Default for PracticeProfile {
    fn default() -> Self {
        Self {
            practice_name: String::new(),
            therapist_name: String::new(),
            credentials: String::new(),
            licenses: Vec::new(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            crisis_instructions: String::new(),
            after_hours: String::new(),
            session_fee: String::new(),
            cancellation_window_hours: 48,
            cancellation_fee: String::new(),
            paper: Paper::Letter,
        }
    }
}

const MAX_LICENSES: usize = 12;
const SHORT: usize = 200;
const LONG: usize = 2_000;

pub fn load(conn: &Connection) -> Result<PracticeProfile, ConsentError> {
    let json: Option<String> =
        conn.query_row("SELECT profile FROM practice_profile WHERE id = 1", [], |r| r.get(0)).optional()?;
    // A profile that no longer parses (never expected) falls back to empty rather than locking
    // her out of printing; saving again repairs it.
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

/// Saves the profile after checking every field; nothing is saved when any field is refused.
pub fn save(session: &mut Session, profile: &PracticeProfile) -> Result<PracticeProfile, ConsentError> {
    let profile = normalised(profile);
    let problems = validate(&profile);
    if !problems.is_empty() {
        return Err(ConsentError::Invalid(problems));
    }
    let json =
        serde_json::to_string(&profile).map_err(|_| ConsentError::NotFound("The profile could not be saved."))?;
    let tx = session.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO practice_profile (id, profile) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET profile = excluded.profile",
        params![json],
    )?;
    crate::audit::append(&tx, AuditEvent::PracticeProfileChanged, "")?;
    tx.commit()?;
    load(session.conn())
}

fn normalised(profile: &PracticeProfile) -> PracticeProfile {
    let t = |s: &str| s.trim().to_owned();
    PracticeProfile {
        practice_name: t(&profile.practice_name),
        therapist_name: t(&profile.therapist_name),
        credentials: t(&profile.credentials),
        licenses: profile
            .licenses
            .iter()
            .filter(|l| !(l.credential.trim().is_empty() && l.number.trim().is_empty() && l.state.trim().is_empty()))
            .map(|l| License {
                credential: t(&l.credential),
                number: t(&l.number),
                state: l.state.trim().to_ascii_uppercase(),
            })
            .collect(),
        address: t(&profile.address),
        phone: t(&profile.phone),
        email: t(&profile.email),
        website: t(&profile.website),
        crisis_instructions: t(&profile.crisis_instructions),
        after_hours: t(&profile.after_hours),
        session_fee: t(&profile.session_fee),
        cancellation_window_hours: profile.cancellation_window_hours,
        cancellation_fee: t(&profile.cancellation_fee),
        paper: profile.paper,
    }
}

fn validate(p: &PracticeProfile) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let texts: [(&str, &str, usize); 11] = [
        ("practiceName", &p.practice_name, SHORT),
        ("therapistName", &p.therapist_name, SHORT),
        ("credentials", &p.credentials, SHORT),
        ("address", &p.address, LONG),
        ("phone", &p.phone, SHORT),
        ("email", &p.email, SHORT),
        ("website", &p.website, SHORT),
        ("crisisInstructions", &p.crisis_instructions, LONG),
        ("afterHours", &p.after_hours, LONG),
        ("sessionFee", &p.session_fee, SHORT),
        ("cancellationFee", &p.cancellation_fee, SHORT),
    ];
    for (field, value, max) in texts {
        if value.chars().count() > max {
            problems.push(FieldError::new(field, format!("This is too long (at most {max} characters).")));
        } else if let Some(message) = unprintable_message(value) {
            problems.push(FieldError::new(field, message));
        }
    }
    if p.practice_name.is_empty() {
        problems.push(FieldError::new("practiceName", "Enter the practice name: it heads every form."));
    }
    if p.therapist_name.is_empty() {
        problems.push(FieldError::new("therapistName", "Enter your name as it should appear on forms."));
    }
    if !p.email.is_empty() && !looks_like_email(&p.email) {
        problems.push(FieldError::new("email", "This email address looks incomplete."));
    }
    if !(1..=168).contains(&p.cancellation_window_hours) {
        problems.push(FieldError::new("cancellationWindowHours", "The cancellation window is 1 to 168 hours."));
    }
    if p.licenses.len() > MAX_LICENSES {
        problems.push(FieldError::new("licenses", format!("At most {MAX_LICENSES} licenses can be listed.")));
    }
    for (i, license) in p.licenses.iter().enumerate() {
        if license.credential.is_empty() || license.number.is_empty() {
            problems.push(FieldError::new(format!("licenses.{i}"), "Enter the license type and its number."));
        } else if state_name(&license.state).is_none() {
            problems.push(FieldError::new(
                format!("licenses.{i}.state"),
                "Enter the two-letter code of the state that issued this license (for example CA).",
            ));
        } else if let Some(message) =
            unprintable_message(&license.credential).or_else(|| unprintable_message(&license.number))
        {
            problems.push(FieldError::new(format!("licenses.{i}"), message));
        }
    }
    problems
}

fn looks_like_email(email: &str) -> bool {
    let well_formed = match email.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !domain.ends_with('.'),
        None => false,
    };
    well_formed && !email.contains(char::is_whitespace)
}

/// Refuses, at save time, text the forms could not print.
fn unprintable_message(text: &str) -> Option<String> {
    crate::forms::template::first_unprintable(text).map(|ch| {
        format!(
            "The character “{}” (U+{:04X}) cannot be printed on forms; please use another.",
            ch.escape_debug(),
            u32::from(ch)
        )
    })
}

/// The placeholder values the profile provides (`practice.*`).
pub fn placeholder_value(profile: &PracticeProfile, name: &str) -> Option<String> {
    Some(match name {
        "practice.name" => profile.practice_name.clone(),
        "practice.therapist" => profile.therapist_name.clone(),
        "practice.credentials" => profile.credentials.clone(),
        "practice.licenses" => profile
            .licenses
            .iter()
            .map(|l| format!("{} {} ({})", l.credential, l.number, state_name(&l.state).unwrap_or(&l.state)))
            .collect::<Vec<_>>()
            .join("; "),
        "practice.license_states" => {
            let mut states: Vec<&str> = Vec::new();
            for license in &profile.licenses {
                let name = state_name(&license.state).unwrap_or(&license.state);
                if !states.contains(&name) {
                    states.push(name);
                }
            }
            join_and(&states)
        }
        "practice.address" => profile.address.clone(),
        "practice.phone" => profile.phone.clone(),
        "practice.email" => profile.email.clone(),
        "practice.website" => profile.website.clone(),
        "practice.crisis" => profile.crisis_instructions.clone(),
        "practice.after_hours" => profile.after_hours.clone(),
        "practice.session_fee" => profile.session_fee.clone(),
        "practice.cancellation_window" => format!("{} hours", profile.cancellation_window_hours),
        "practice.cancellation_fee" => profile.cancellation_fee.clone(),
        _ => return None,
    })
}

/// "A", "A and B", "A, B and C".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl PracticeProfile {
    /// Whether one of her licenses was issued by `state` (two letters, any case).
    pub fn licensed_in(&self, state: &str) -> bool {
        let state = state.trim();
        self.licenses.iter().any(|l| l.state.eq_ignore_ascii_case(state))
    }
}

/// The full name of a US state or territory from its two-letter code.
pub fn state_name(code: &str) -> Option<&'static str> {
    STATE_NAMES.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

const STATE_NAMES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "the District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "the Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "the U.S. Virgin Islands"),
];

/// A fictional practice, for sample forms and the demo vault.
pub fn sample() -> PracticeProfile {
    PracticeProfile {
        practice_name: "Willow Creek Perinatal Counseling".into(),
        therapist_name: "Dr. Maren Holloway".into(),
        credentials: "PhD, LMFT".into(),
        licenses: vec![
            License { credential: "LMFT".into(), number: "118204".into(), state: "CA".into() },
            License { credential: "LMFT".into(), number: "T2049".into(), state: "OR".into() },
        ],
        address: "410 Alder Street, Suite 3, Arcata, CA 95521".into(),
        phone: "(707) 555-0143".into(),
        email: "office@willowcreek.example".into(),
        website: "willowcreek.example".into(),
        crisis_instructions: "If you are in danger or thinking of harming yourself, call or text 988 (Suicide & \
                              Crisis Lifeline) or call 911, or go to the nearest emergency room."
            .into(),
        after_hours: "I check messages on weekdays between 9 a.m. and 5 p.m. and reply within one business day.".into(),
        session_fee: "$180 for a 50-minute session".into(),
        cancellation_window_hours: 48,
        cancellation_fee: "$90".into(),
        paper: Paper::Letter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn license_states_read_as_a_sentence() {
        let mut p = sample();
        assert_eq!(placeholder_value(&p, "practice.license_states").as_deref(), Some("California and Oregon"));
        p.licenses.push(License { credential: "LPC".into(), number: "9".into(), state: "WA".into() });
        assert_eq!(
            placeholder_value(&p, "practice.license_states").as_deref(),
            Some("California, Oregon and Washington")
        );
        assert_eq!(
            placeholder_value(&p, "practice.licenses").as_deref(),
            Some("LMFT 118204 (California); LMFT T2049 (Oregon); LPC 9 (Washington)")
        );
        assert_eq!(placeholder_value(&p, "practice.cancellation_window").as_deref(), Some("48 hours"));
        assert_eq!(placeholder_value(&p, "client.name"), None);
    }

    #[test]
    fn every_state_code_the_register_accepts_has_a_name() {
        for code in crate::register::text::US_STATES {
            assert!(state_name(code).is_some(), "{code}");
        }
    }

    #[test]
    fn a_profile_with_problems_names_each_field() {
        let mut p = sample();
        p.practice_name = String::new();
        p.email = "office@".into();
        p.cancellation_window_hours = 0;
        p.licenses.push(License { credential: "LPC".into(), number: "1".into(), state: "ZZ".into() });
        p.after_hours = "Call ☃".into();
        let fields: Vec<String> = validate(&normalised(&p)).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["afterHours", "practiceName", "email", "cancellationWindowHours", "licenses.2.state"]);
        assert!(validate(&normalised(&sample())).is_empty());
    }
}
