//! Telehealth and licensure (docs/DOMAIN.md section 5): where the client is during a video or phone
//! session decides whose law applies, so a session with her in a state the practice profile does
//! not list is flagged at once, in the session form and on Today, with what to check.

use rusqlite::Connection;

use super::{Modality, NotesError};
use crate::consent::profile::{self, state_name, PracticeProfile};

/// [`licensure_warning`] against the practice profile in the vault (the session form asks as
/// she types the state).
pub fn check(conn: &Connection, modality: Modality, state: &str) -> Result<Option<String>, NotesError> {
    let profile = profile::load(conn).map_err(|e| match e {
        crate::consent::ConsentError::Vault(vault) => NotesError::Vault(vault),
        other => NotesError::NotAllowed(other.to_string()),
    })?;
    Ok(licensure_warning(&profile, modality, state))
}

/// Why a telehealth session with the client in `state` needs a second look; `None` in person,
/// where the state is unknown yet, or where the profile lists it.
pub fn licensure_warning(profile: &PracticeProfile, modality: Modality, state: &str) -> Option<String> {
    let how = match modality {
        Modality::InPerson => return None,
        Modality::Video => "a video session",
        Modality::Phone => "a phone session",
    };
    let code = state.trim().to_ascii_uppercase();
    if code.is_empty() || profile.licensed_in(&code) {
        return None;
    }
    let place = state_name(&code).unwrap_or(&code);
    if profile.licenses.is_empty() {
        return Some(format!(
            "She will be in {place}, and your practice profile lists no license yet: add the states you are \
             licensed in (Forms, practice profile) so Confidant can check {how}."
        ));
    }
    Some(format!(
        "She will be in {place}, where your practice profile lists no license. Before {how}, check that {place} \
         allows it (a telehealth registration, a temporary permit, a compact privilege), or meet in person."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::profile::License;

    fn licensed_in(states: &[&str]) -> PracticeProfile {
        PracticeProfile {
            licenses: states
                .iter()
                .map(|s| License { credential: "LPC".into(), number: "1".into(), state: (*s).into() })
                .collect(),
            ..PracticeProfile::default()
        }
    }

    #[test]
    fn a_video_session_in_a_state_she_holds_no_license_in_is_flagged() {
        let profile = licensed_in(&["CA", "OR"]);
        let warning = licensure_warning(&profile, Modality::Video, "mo").expect("flagged");
        assert!(
            warning.starts_with("She will be in Missouri, where your practice profile lists no license."),
            "{warning}"
        );
        assert!(warning.contains("Before a video session"));
        assert!(licensure_warning(&profile, Modality::Phone, "OR").is_none(), "licensed there");
        assert!(licensure_warning(&profile, Modality::InPerson, "MO").is_none(), "in person, in her office");
        assert!(licensure_warning(&profile, Modality::Video, " ").is_none(), "not known yet");
    }

    #[test]
    fn an_empty_profile_asks_for_her_licenses() {
        let warning = licensure_warning(&PracticeProfile::default(), Modality::Video, "MO").expect("flagged");
        assert!(warning.contains("lists no license yet"), "{warning}");
    }
}
