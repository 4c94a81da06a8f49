//! Text helpers: folding for search and matching, phone digits, initials.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower case, accents removed, every run of non-alphanumeric characters one space:
/// "  José-María  O'Neil " → "jose maria o neil". Used for search and for matching names.
pub(crate) fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Only the digits of a phone number.
pub(crate) fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// The part of a phone number that identifies it: the last ten digits (a US number without its
/// country code), or every digit of a shorter number. Empty when too short to mean anything.
pub(crate) fn phone_key(value: &str) -> String {
    let all = digits(value);
    if all.len() < 7 {
        return String::new();
    }
    all[all.len().saturating_sub(10)..].to_string()
}

/// An email address for comparison.
pub(crate) fn email_key(value: &str) -> String {
    value.trim().to_lowercase()
}

/// "Maria José Lopez" → "M.J.L."
pub(crate) fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .flat_map(|c| [c, '.'])
        .collect();
    if letters.is_empty() {
        "?".into()
    } else {
        letters
    }
}

/// What discreet mode shows: the alias, else the initials.
pub(crate) fn discreet_name(alias: &str, initials: &str) -> String {
    let alias = alias.trim();
    if alias.is_empty() {
        initials.to_string()
    } else {
        alias.to_string()
    }
}

/// What the list shows when discretion is off: "Maria Lopez (Mari)".
pub(crate) fn full_display_name(legal: &str, preferred: &str) -> String {
    let legal = legal.trim();
    let preferred = preferred.trim();
    let first = legal.split_whitespace().next().unwrap_or_default();
    if preferred.is_empty() || fold(preferred) == fold(first) || fold(preferred) == fold(legal) {
        legal.to_string()
    } else {
        format!("{legal} ({preferred})")
    }
}

/// The names a person may be known by, folded, for dual-relationship matching. A single word
/// (a preferred first name alone) matches far too much to mean anything, so it is combined with
/// the legal surname.
pub(crate) fn name_keys(legal: &str, preferred: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let legal = fold(legal);
    let preferred = fold(preferred);
    if legal.contains(' ') {
        keys.push(legal.clone());
    }
    if preferred.contains(' ') {
        keys.push(preferred);
    } else if !preferred.is_empty() {
        if let Some(surname) = legal.rsplit(' ').next().filter(|_| legal.contains(' ')) {
            keys.push(format!("{preferred} {surname}"));
        }
    }
    keys.dedup();
    keys
}

pub(crate) const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("  José-María  O'Neil "), "jose maria o neil");
        assert_eq!(fold("ZOË"), "zoe");
        assert_eq!(fold("jane@example.com"), "jane example com");
    }

    #[test]
    fn initials_take_the_first_letter_of_each_word() {
        assert_eq!(initials("maria josé lópez"), "M.J.L.");
        assert_eq!(initials("  "), "?");
    }

    #[test]
    fn a_phone_is_known_by_its_last_ten_digits() {
        assert_eq!(phone_key("+1 (573) 555-0142"), "5735550142");
        assert_eq!(phone_key("555"), "");
    }

    #[test]
    fn a_lone_preferred_name_is_matched_with_the_surname() {
        assert_eq!(name_keys("Margaret Ann Ode", "Maggie"), vec!["margaret ann ode", "maggie ode"]);
        assert_eq!(name_keys("Cher", ""), Vec::<String>::new());
    }
}
