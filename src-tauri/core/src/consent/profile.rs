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
    /// Two-letter codes of states where a compact privilege to practise, or another
    /// jurisdiction's permission, lets her see clients besides the states of her licenses.
    pub privilege_states: Vec<String>,
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
    /// The board that licenses her, named in the informed consent for complaints.
    pub board_name: String,
    pub board_address: String,
    pub board_phone: String,
    pub board_website: String,
    /// Letter (default) or A4 for every printed form.
    pub paper: Paper,
    /// The practice's time zone (IANA name, "America/Chicago"): appointment times are wall-clock
    /// times there. Empty: this computer's zone.
    pub time_zone: String,
}

impl PracticeProfile {
    /// The practice's zone: the profile's, else this computer's, else UTC.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or_else(|_| system_zone())
    }

    /// Whether she may see a client located in `state` (a two-letter code, any case): one of
    /// her licenses or her privilege states names it.
    pub fn licensed_in(&self, state: &str) -> bool {
        let state = state.trim();
        self.licenses
            .iter()
            .map(|l| l.state.as_str())
            .chain(self.privilege_states.iter().map(String::as_str))
            .any(|named| named.trim().eq_ignore_ascii_case(state) && !state.is_empty())
    }
}

impl Default for PracticeProfile {
    fn default() -> Self {
        Self {
            practice_name: String::new(),
            therapist_name: String::new(),
            credentials: String::new(),
            licenses: Vec::new(),
            privilege_states: Vec::new(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            crisis_instructions: String::new(),
            after_hours: String::new(),
            session_fee: String::new(),
            cancellation_window_hours: 48,
            cancellation_fee: String::new(),
            board_name: String::new(),
            board_address: String::new(),
            board_phone: String::new(),
            board_website: String::new(),
            paper: Paper::Letter,
            time_zone: String::new(),
        }
    }
}

const MAX_LICENSES: usize = 12;
const MAX_PRIVILEGE_STATES: usize = 60;
const SHORT: usize = 200;
const LONG: usize = 2_000;

/// This computer's zone, UTC when it cannot be told.
pub fn system_zone() -> chrono_tz::Tz {
    iana_time_zone::get_timezone().ok().and_then(|name| name.parse().ok()).unwrap_or(chrono_tz::Tz::UTC)
}

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
        privilege_states: {
            let mut states: Vec<String> = Vec::new();
            for state in &profile.privilege_states {
                let state = state.trim().to_ascii_uppercase();
                if !state.is_empty() && !states.contains(&state) {
                    states.push(state);
                }
            }
            states
        },
        address: t(&profile.address),
        phone: t(&profile.phone),
        email: t(&profile.email),
        website: t(&profile.website),
        crisis_instructions: t(&profile.crisis_instructions),
        after_hours: t(&profile.after_hours),
        session_fee: t(&profile.session_fee),
        cancellation_window_hours: profile.cancellation_window_hours,
        cancellation_fee: t(&profile.cancellation_fee),
        board_name: t(&profile.board_name),
        board_address: t(&profile.board_address),
        board_phone: t(&profile.board_phone),
        board_website: t(&profile.board_website),
        paper: profile.paper,
        time_zone: t(&profile.time_zone),
    }
}

fn validate(p: &PracticeProfile) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let texts: [(&str, &str, usize); 15] = [
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
        ("boardName", &p.board_name, SHORT),
        ("boardAddress", &p.board_address, LONG),
        ("boardPhone", &p.board_phone, SHORT),
        ("boardWebsite", &p.board_website, SHORT),
    ];
    for (field, value, max) in texts {
        if value.chars().count() > max {
            problems.push(FieldError::new(field, format!("This is too long (at most {max} characters).")));
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
        }
    }
    if p.privilege_states.len() > MAX_PRIVILEGE_STATES {
        problems.push(FieldError::new("privilegeStates", "That is more states than there are."));
    } else if let Some(bad) = p.privilege_states.iter().find(|s| state_name(s).is_none()) {
        problems.push(FieldError::new(
            "privilegeStates",
            format!("“{bad}” is not a state's two-letter code (for example MO, KS)."),
        ));
    }
    if !p.time_zone.is_empty() && p.time_zone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(FieldError::new(
            "timeZone",
            "Choose the time zone from the list (a name such as America/Chicago), or leave it empty for this \
             computer's.",
        ));
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
        "practice.license_states" => state_names(profile.licenses.iter().map(|l| l.state.as_str())),
        "practice.telehealth_states" => state_names(
            profile
                .licenses
                .iter()
                .map(|l| l.state.as_str())
                .chain(profile.privilege_states.iter().map(String::as_str)),
        ),
        "practice.address" => profile.address.clone(),
        "practice.phone" => profile.phone.clone(),
        "practice.email" => profile.email.clone(),
        "practice.website" => profile.website.clone(),
        "practice.crisis" => profile.crisis_instructions.clone(),
        "practice.after_hours" => profile.after_hours.clone(),
        "practice.session_fee" => profile.session_fee.clone(),
        "practice.cancellation_window" => format!("{} hours", profile.cancellation_window_hours),
        "practice.cancellation_fee" => profile.cancellation_fee.clone(),
        "practice.board_name" => profile.board_name.clone(),
        "practice.board_address" => profile.board_address.clone(),
        "practice.board_phone" => profile.board_phone.clone(),
        "practice.board_website" => profile.board_website.clone(),
        _ => return None,
    })
}

/// "California and Oregon": the states named by `codes`, each once, in order.
fn state_names<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let mut states: Vec<&str> = Vec::new();
    for code in codes {
        let name = state_name(code).unwrap_or(code);
        if !states.contains(&name) {
            states.push(name);
        }
    }
    join_and(&states)
}

/// A field of the profile that a form prints, as the print dialog asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileField {
    /// The profile's own field name (`therapistName`), as in its save errors.
    pub field: String,
    pub label: String,
    /// Nothing is filled in yet: the form would print a blank line.
    pub empty: bool,
}

/// The profile field (and its label) behind a `practice.*` placeholder; `None` for any other.
fn field_of(placeholder: &str) -> Option<(&'static str, &'static str)> {
    Some(match placeholder {
        "practice.name" => ("practiceName", "Practice name"),
        "practice.therapist" => ("therapistName", "Your name"),
        "practice.credentials" => ("credentials", "Credentials"),
        "practice.licenses" | "practice.license_states" | "practice.telehealth_states" => ("licenses", "Licenses"),
        "practice.address" => ("address", "Office address"),
        "practice.phone" => ("phone", "Phone"),
        "practice.email" => ("email", "Email"),
        "practice.website" => ("website", "Website"),
        "practice.crisis" => ("crisisInstructions", "Crisis instructions"),
        "practice.after_hours" => ("afterHours", "After-hours instructions"),
        "practice.session_fee" => ("sessionFee", "Session fee"),
        "practice.cancellation_fee" => ("cancellationFee", "Late cancellation and no-show fee"),
        "practice.board_name" => ("boardName", "Licensing board"),
        "practice.board_address" => ("boardAddress", "The board's address"),
        "practice.board_phone" => ("boardPhone", "The board's phone"),
        "practice.board_website" => ("boardWebsite", "The board's website"),
        _ => return None,
    })
}

/// The profile fields that forms using `placeholders` print, each once, in the order used, with
/// whether it is still empty. The practice name heads every page, so it is always among them.
pub fn fields_used<'a>(
    profile: &PracticeProfile,
    placeholders: impl IntoIterator<Item = &'a str>,
) -> Vec<ProfileField> {
    let mut fields: Vec<ProfileField> = Vec::new();
    for name in std::iter::once("practice.name").chain(placeholders) {
        let Some((field, label)) = field_of(name) else { continue };
        let empty = placeholder_value(profile, name).is_none_or(|v| v.trim().is_empty());
        match fields.iter_mut().find(|f| f.field == field) {
            Some(seen) => seen.empty |= empty,
            None => fields.push(ProfileField { field: field.to_owned(), label: label.to_owned(), empty }),
        }
    }
    fields
}

/// "A", "A and B", "A, B and C".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
        credentials: "PhD, LPC".into(),
        licenses: vec![
            License { credential: "LPC".into(), number: "2014028917".into(), state: "MO".into() },
            License { credential: "LCPC".into(), number: "3071".into(), state: "KS".into() },
        ],
        privilege_states: Vec::new(),
        address: "410 Alder Street, Suite 3, Columbia, MO 65201".into(),
        phone: "(573) 555-0143".into(),
        email: "office@willowcreek.example".into(),
        website: "willowcreek.example".into(),
        crisis_instructions: "If you are in danger or thinking of harming yourself, call or text 988 (Suicide & \
                              Crisis Lifeline) or call 911, or go to the nearest emergency room."
            .into(),
        after_hours: "I check messages on weekdays between 9 a.m. and 5 p.m. and reply within one business day.".into(),
        session_fee: "$180 for a 50-minute session".into(),
        cancellation_window_hours: 48,
        cancellation_fee: "$90".into(),
        board_name: "Missouri Committee for Professional Counselors".into(),
        board_address: "3605 Missouri Boulevard, P.O. Box 1335, Jefferson City, MO 65102".into(),
        board_phone: "(573) 751-0018".into(),
        board_website: "pr.mo.gov/counselors.asp".into(),
        paper: Paper::Letter,
        time_zone: "America/Chicago".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn license_states_read_as_a_sentence() {
        let mut p = sample();
        assert_eq!(placeholder_value(&p, "practice.license_states").as_deref(), Some("Missouri and Kansas"));
        p.licenses.push(License { credential: "LPC".into(), number: "9".into(), state: "WA".into() });
        assert_eq!(
            placeholder_value(&p, "practice.license_states").as_deref(),
            Some("Missouri, Kansas and Washington")
        );
        assert_eq!(
            placeholder_value(&p, "practice.licenses").as_deref(),
            Some("LPC 2014028917 (Missouri); LCPC 3071 (Kansas); LPC 9 (Washington)")
        );
        assert_eq!(placeholder_value(&p, "practice.cancellation_window").as_deref(), Some("48 hours"));
        assert_eq!(placeholder_value(&p, "client.name"), None);
        p.privilege_states = vec!["IL".into(), "KS".into()];
        assert_eq!(
            placeholder_value(&p, "practice.telehealth_states").as_deref(),
            Some("Missouri, Kansas, Washington and Illinois"),
            "a privilege state adds to her licenses' states, each named once"
        );
    }

    #[test]
    fn a_name_in_any_script_is_kept_since_every_typed_text_prints() {
        let profile = PracticeProfile { therapist_name: "林美玲 🌿".into(), ..sample() };
        assert!(validate(&normalised(&profile)).is_empty(), "the fallback fonts print it");
    }

    #[test]
    fn she_is_licensed_in_a_state_of_a_license_or_of_a_privilege_whatever_its_case() {
        let mut p = sample();
        assert!(p.licensed_in("MO") && p.licensed_in("ks") && p.licensed_in(" Mo "));
        assert!(!p.licensed_in("IL") && !p.licensed_in("") && !p.licensed_in("Missouri"));
        p.privilege_states = vec!["IL".into()];
        assert!(p.licensed_in("il"), "a compact privilege counts");
        assert!(!PracticeProfile::default().licensed_in("CA"), "an empty profile is licensed nowhere");
    }

    #[test]
    fn privilege_states_are_kept_once_in_capitals_and_must_be_states() {
        let mut p = sample();
        p.privilege_states = vec![" mo".into(), "MO".into(), "".into(), "ks".into()];
        let clean = normalised(&p);
        assert_eq!(clean.privilege_states, ["MO", "KS"]);
        assert!(validate(&clean).is_empty());
        p.privilege_states = vec!["ZZ".into()];
        let problems = validate(&normalised(&p));
        assert_eq!(problems[0].field, "privilegeStates");
        assert!(problems[0].message.contains("ZZ"), "{}", problems[0].message);
    }

    #[test]
    fn the_fields_a_form_uses_are_named_once_with_whether_they_are_empty() {
        let mut p = sample();
        p.phone = String::new();
        let used =
            ["practice.therapist", "client.name", "practice.phone", "practice.license_states", "practice.licenses"];
        let fields = fields_used(&p, used);
        let named: Vec<(&str, bool)> = fields.iter().map(|f| (f.field.as_str(), f.empty)).collect();
        assert_eq!(
            named,
            [("practiceName", false), ("therapistName", false), ("phone", true), ("licenses", false)],
            "the practice name heads every page; client details are not the profile's"
        );
        let empty = fields_used(&PracticeProfile::default(), ["practice.telehealth_states", "practice.board_name"]);
        assert!(empty.iter().all(|f| f.empty), "{empty:?}");
        assert_eq!(empty[2].label, "Licensing board");
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
        p.after_hours = "x".repeat(2_001);
        let fields: Vec<String> = validate(&normalised(&p)).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["afterHours", "practiceName", "email", "cancellationWindowHours", "licenses.2.state"]);
        assert!(validate(&normalised(&sample())).is_empty());
    }
}
