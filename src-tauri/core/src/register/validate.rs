//! Validation of a client's fields: every problem at once, each on its field, for the therapist.
//! Messages never repeat the value she typed (they end up in error objects).

use chrono::{Datelike, Months, NaiveDate};

use super::text::US_STATES;
use super::{parse_date, ClientFields, PerinatalStatus};
use crate::error::FieldError;

/// Longest value of a one-line field, and of a notes field.
pub const MAX_LINE: usize = 300;
pub const MAX_NOTES: usize = 20_000;
/// Oldest plausible client.
const MAX_AGE_YEARS: u32 = 120;

/// The dates of a valid client, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidDates {
    pub date_of_birth: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub baby_birth_date: Option<NaiveDate>,
    pub intake_date: Option<NaiveDate>,
    pub last_service_date: Option<NaiveDate>,
}

/// Checks every field; returns the parsed dates or every problem found.
pub fn validate(fields: &ClientFields, today: NaiveDate) -> Result<ValidDates, Vec<FieldError>> {
    let mut problems = Problems::default();

    let legal_name = fields.legal_name.trim();
    if legal_name.is_empty() {
        problems.add("legalName", "Enter her legal name.");
    } else if !legal_name.chars().any(char::is_alphabetic) {
        problems.add("legalName", "A name needs at least one letter.");
    }
    problems.line("legalName", &fields.legal_name);
    problems.line("preferredName", &fields.preferred_name);
    problems.line("alias", &fields.alias);
    if fields.alias.chars().count() > 40 {
        problems.add("alias", "Keep the alias short (40 characters at most): it stands in for her name on screen.");
    }
    problems.line("pronouns", &fields.pronouns);

    let date_of_birth = match parse_date(&fields.date_of_birth) {
        Ok(Some(date)) if date > today => {
            problems.add("dateOfBirth", "The date of birth cannot be in the future.");
            None
        }
        Ok(Some(date)) if years_between(date, today) > MAX_AGE_YEARS => {
            problems.add("dateOfBirth", "This date of birth would make her older than 120: check the year.");
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            problems.add("dateOfBirth", "Enter her date of birth.");
            None
        }
        Err(()) => {
            problems.add("dateOfBirth", "Enter the date of birth as a date (year-month-day).");
            None
        }
    };

    let contact = &fields.contact;
    problems.phone("contact.phone", &contact.phone);
    if contact.phone.trim().is_empty() {
        if contact.voicemail_ok {
            problems.add("contact.voicemailOk", "Voicemail is allowed but there is no phone number.");
        }
        if contact.text_ok {
            problems.add("contact.textOk", "Texts are allowed but there is no phone number.");
        }
    }
    problems.email("contact.email", &contact.email);
    if contact.email.trim().is_empty() && contact.email_ok {
        problems.add("contact.emailOk", "Email is allowed but there is no email address.");
    }
    problems.notes("contact.address", &contact.address, 1_000);

    let emergency = &fields.emergency_contact;
    problems.line("emergencyContact.name", &emergency.name);
    problems.line("emergencyContact.relationship", &emergency.relationship);
    problems.phone("emergencyContact.phone", &emergency.phone);
    if emergency.name.trim().is_empty() && !emergency.phone.trim().is_empty() {
        problems.add("emergencyContact.name", "Add the name of the emergency contact.");
    }

    let location = &fields.telehealth_location;
    let state = location.state.trim();
    if !state.is_empty() && !US_STATES.contains(&state.to_ascii_uppercase().as_str()) {
        problems.add("telehealthLocation.state", "Use the two-letter code of a US state or territory, e.g. MO.");
    }
    if state.is_empty() && !location.city.trim().is_empty() {
        problems.add("telehealthLocation.state", "Add the state: it decides where you may practise.");
    }
    problems.line("telehealthLocation.city", &location.city);

    let perinatal = &fields.perinatal;
    let due_date = problems.date("perinatal.dueDate", &perinatal.due_date);
    if let Some(due) = due_date {
        if perinatal.status == PerinatalStatus::Pregnant && due > today + chrono::Days::new(44 * 7) {
            problems.add("perinatal.dueDate", "A due date more than 44 weeks away is not plausible: check the date.");
        }
        if date_of_birth.is_some_and(|birth| due < add_years(birth, 10)) {
            problems.add("perinatal.dueDate", "The due date is too close to her own date of birth: check both.");
        }
    }
    let baby_birth_date = problems.date("perinatal.babyBirthDate", &perinatal.baby_birth_date);
    if let Some(born) = baby_birth_date {
        if born > today {
            problems.add("perinatal.babyBirthDate", "The baby's birth date cannot be in the future.");
        } else if date_of_birth.is_some_and(|birth| born < add_years(birth, 10)) {
            problems.add("perinatal.babyBirthDate", "The baby's birth date is too close to her own: check both.");
        }
    }
    if perinatal.children.is_some_and(|n| n > 30) {
        problems.add("perinatal.children", "Check the number of children.");
    }
    problems.notes("perinatal.lossHistory", &perinatal.loss_history, MAX_NOTES);
    problems.notes("perinatal.feeding", &perinatal.feeding, 1_000);
    for (key, care) in
        [("perinatal.obstetric", &perinatal.obstetric), ("perinatal.pediatrician", &perinatal.pediatrician)]
    {
        problems.line(&format!("{key}.name"), &care.name);
        problems.line(&format!("{key}.practice"), &care.practice);
        problems.phone(&format!("{key}.phone"), &care.phone);
    }
    problems.notes("supportNotes", &fields.support_notes, MAX_NOTES);

    let intake_date = problems.date("intakeDate", &fields.intake_date);
    if intake_date.is_some_and(|d| d > today + chrono::Days::new(366)) {
        problems.add("intakeDate", "The intake date is more than a year away: check the date.");
    }
    let last_service_date = problems.date("lastServiceDate", &fields.last_service_date);
    if last_service_date.is_some_and(|d| d > today) {
        problems.add("lastServiceDate", "The last service date cannot be in the future.");
    }
    if let (Some(intake), Some(last)) = (intake_date, last_service_date) {
        if last < intake {
            problems.add("lastServiceDate", "The last service cannot be before the intake.");
        }
    }
    if last_service_date.is_some() && fields.last_service_reason.trim().is_empty() {
        problems.add(
            "lastServiceReason",
            "Say why the last service is set by hand (a call or a letter after her last session, a record from before).",
        );
    }
    problems.line("lastServiceReason", &fields.last_service_reason);
    for (key, date) in [("intakeDate", intake_date), ("lastServiceDate", last_service_date)] {
        if let (Some(date), Some(birth)) = (date, date_of_birth) {
            if date < birth {
                problems.add(key, "This date is before her date of birth.");
            }
        }
    }

    match (problems.0.is_empty(), date_of_birth) {
        (true, Some(date_of_birth)) => {
            Ok(ValidDates { date_of_birth, due_date, baby_birth_date, intake_date, last_service_date })
        }
        _ => Err(problems.0),
    }
}

#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, field: &str, message: &str) {
        // One message per field is enough to act on.
        if !self.0.iter().any(|p| p.field == field) {
            self.0.push(FieldError::new(field, message));
        }
    }

    fn line(&mut self, field: &str, value: &str) {
        if value.chars().count() > MAX_LINE {
            self.add(field, &format!("This is too long (at most {MAX_LINE} characters)."));
        } else if value.chars().any(|c| c.is_control()) {
            self.add(field, "This should be a single line of text.");
        }
    }

    fn notes(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, &format!("This is too long (at most {max} characters)."));
        }
    }

    fn phone(&mut self, field: &str, value: &str) {
        if let Err(message) = check_phone(value) {
            self.add(field, message);
        }
    }

    fn email(&mut self, field: &str, value: &str) {
        if let Err(message) = check_email(value) {
            self.add(field, message);
        }
    }

    fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        match parse_date(value) {
            Ok(date) => date,
            Err(()) => {
                self.add(field, "Enter a date (year-month-day).");
                None
            }
        }
    }
}

/// A phone number: digits with the usual punctuation, 10 digits (or 11 starting with 1) for a
/// US number, 8 to 15 after a `+` for another country, and an optional extension.
pub fn check_phone(value: &str) -> Result<(), &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let lower = value.to_ascii_lowercase();
    let main = lower.split(['x', 'e']).next().unwrap_or_default();
    let extension = &lower[main.len()..];
    let extension_ok = extension.is_empty()
        || extension
            .trim_start_matches("ext")
            .trim_start_matches('x')
            .trim_start_matches('.')
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit())
            && extension.chars().any(|c| c.is_ascii_digit());
    let allowed =
        main.chars().all(|c| c.is_ascii_digit() || " ()-.+".contains(c)) && main.chars().skip(1).all(|c| c != '+');
    if !allowed || !extension_ok {
        return Err("Use digits only, e.g. (573) 555-0142.");
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    let ok = if main.trim_start().starts_with('+') {
        if digits.starts_with('1') {
            digits.len() == 11
        } else {
            (8..=15).contains(&digits.len())
        }
    } else {
        digits.len() == 10 || (digits.len() == 11 && digits.starts_with('1'))
    };
    if ok {
        Ok(())
    } else {
        Err("This phone number has the wrong number of digits.")
    }
}

/// A plausible email address: something@domain.tld, no spaces.
pub fn check_email(value: &str) -> Result<(), &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let valid = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
        && match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if valid {
        Ok(())
    } else {
        Err("This email address looks incomplete, e.g. name@example.com.")
    }
}

/// Whole years from `from` to `to` (an age).
pub fn years_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// `date` plus whole years. A 29 February lands on 1 March in a common year (the later day:
/// for retention, never a day early).
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .map(|shifted| {
            if date.month() == 2 && date.day() == 29 && shifted.day() == 28 {
                shifted.succ_opt().unwrap_or(shifted)
            } else {
                shifted
            }
        })
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn valid() -> ClientFields {
        ClientFields { legal_name: "Ada Quill".into(), date_of_birth: "1990-04-02".into(), ..Default::default() }
    }

    #[test]
    fn a_name_and_a_date_of_birth_are_enough() {
        assert!(validate(&valid(), day("2026-01-10")).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once_on_its_field() {
        let mut fields = ClientFields::default();
        fields.contact.email = "ada@".into();
        fields.contact.phone = "call me".into();
        fields.contact.email_ok = false;
        let problems = validate(&fields, day("2026-01-10")).expect_err("invalid");
        let names: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(names, ["legalName", "dateOfBirth", "contact.phone", "contact.email"]);
    }

    #[test]
    fn a_date_of_birth_in_the_future_or_absurdly_old_is_refused() {
        for dob in ["2026-01-11", "1890-01-01", "1990-02-30", "02/04/1990"] {
            let fields = ClientFields { date_of_birth: dob.into(), ..valid() };
            let problems = validate(&fields, day("2026-01-10")).expect_err(dob);
            assert_eq!(problems[0].field, "dateOfBirth", "{dob}");
        }
    }

    #[test]
    fn phones_are_us_numbers_or_international_with_a_plus() {
        for ok in ["(573) 555-0142", "573.555.0142", "+1 573 555 0142", "+44 20 7946 0958", "573-555-0142 ext 12"] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["555-0142", "=cmd|' /C calc'!A0", "573 555 0142 5", "phone", "+1 573 555 014"] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_need_a_user_and_a_domain() {
        for ok in ["ada@example.com", "a.b+c@mail.example.org"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in ["ada", "ada@", "@example.com", "ada@example", "ada @example.com", "a@b@c.com", "a@example..com"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_due_date_far_in_the_future_is_not_plausible() {
        let mut fields = valid();
        fields.perinatal.status = PerinatalStatus::Pregnant;
        fields.perinatal.due_date = "2027-06-01".into();
        let problems = validate(&fields, day("2026-01-10")).expect_err("implausible");
        assert_eq!(problems[0].field, "perinatal.dueDate");
        fields.perinatal.due_date = "2026-05-01".into();
        assert!(validate(&fields, day("2026-01-10")).is_ok());
    }

    #[test]
    fn consent_to_a_channel_needs_the_channel() {
        let mut fields = valid();
        fields.contact.voicemail_ok = true;
        fields.contact.email_ok = true;
        let problems = validate(&fields, day("2026-01-10")).expect_err("no phone, no email");
        let names: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(names, ["contact.voicemailOk", "contact.emailOk"]);
    }

    #[test]
    fn adding_years_to_the_29th_of_february_never_lands_early() {
        assert_eq!(add_years(day("2008-02-29"), 18), day("2026-03-01"));
        assert_eq!(add_years(day("2008-02-29"), 4), day("2012-02-29"));
        assert_eq!(years_between(day("2008-02-29"), day("2026-02-28")), 17);
        assert_eq!(years_between(day("2008-02-29"), day("2026-03-01")), 18);
    }
}
