//! Is a new passphrase good enough to protect a therapist's records?
//!
//! The rules are simple to explain: at least 12 characters, not a well-known password, not one
//! character or pattern repeated. The score drives the strength meter.

use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

pub const MIN_LENGTH: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassphraseCheck {
    pub acceptable: bool,
    /// 0 (very weak) to 4 (strong), for the meter.
    pub score: u8,
    /// Why it is refused or how to make it better, written for the therapist.
    pub problems: Vec<String>,
}

/// Passwords and phrases that appear at the top of every leaked-password list, plus words an
/// attacker would try first against this app. Compared case-insensitively, ignoring spaces.
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passwordpassword",
    "123456789012",
    "1234567890",
    "12345678910",
    "123456123456",
    "qwertyuiop",
    "qwertyuiopasdf",
    "qwerty123456",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "iloveyou",
    "iloveyou123",
    "letmein",
    "letmeinnow",
    "letmein12345",
    "welcome",
    "welcome123",
    "welcome12345",
    "administrator",
    "admin123456",
    "trustno1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "dragon",
    "monkey",
    "shadow",
    "superman",
    "starwars",
    "whatever",
    "changeme",
    "changeme123",
    "secret",
    "secret123456",
    "mypassword",
    "mypassword123",
    "thisismypassword",
    "correcthorsebatterystaple",
    "abcdefghijkl",
    "abcdefghijklmnop",
    "abc123abc123",
    "aaaaaaaaaaaa",
    "asdfghjkl",
    "asdfghjkl123",
    "zaq12wsxcde3",
    "confidant",
    "confidant123",
    "confidential",
    "confidential1",
    "therapist",
    "therapy",
    "therapy12345",
    "counseling",
    "counselor",
    "mycomputer",
    "computer1234",
    "internet",
    "qwertyqwerty",
    "111111111111",
    "000000000000",
    "121212121212",
    "michael",
    "jennifer",
    "jessica",
    "ashley",
    "babygirl",
    "mother",
    "motherhood",
    "family",
    "familyfirst",
    "blessed",
    "jesus",
    "jesuschrist",
    "godisgood",
    "summer",
    "winter",
    "autumn",
    "spring",
    "hello123456",
    "helloworld",
    "loveyou",
    "lovely",
    "freedom",
    "whatsup",
    "opensesame",
];

/// How strong is this passphrase, and may it protect a vault?
pub fn check(passphrase: &str) -> PassphraseCheck {
    let mut problems = Vec::new();
    let length = passphrase.chars().count();
    // Copies of the passphrase made here are zeroed when dropped, like the passphrase itself,
    // and sized once: a buffer that grows frees its earlier copy unwiped. (Lower case is at most
    // three times as long in UTF-8.)
    let mut normalized = Zeroizing::new(String::with_capacity(passphrase.len() * 3));
    normalized.extend(passphrase.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase));

    if length < MIN_LENGTH {
        problems.push(format!(
            "Use at least {MIN_LENGTH} characters ({length} so far). A few unrelated words make a long passphrase that is easy to remember."
        ));
    }
    if is_common(&normalized) {
        problems.push("This is one of the most common passwords; it would be guessed first. Choose something only you would think of.".into());
    }
    let distinct = {
        let mut chars = Zeroizing::new(Vec::with_capacity(normalized.len()));
        chars.extend(normalized.chars());
        chars.sort_unstable();
        chars.dedup();
        chars.len()
    };
    if length >= MIN_LENGTH && distinct <= 3 {
        problems.push("It repeats the same few characters; add different words.".into());
    }
    if length >= MIN_LENGTH && is_sequence(&normalized) {
        problems.push("It is a simple sequence of keys or digits; add different words.".into());
    }

    let acceptable = problems.is_empty();
    let score = if acceptable { score_bits(estimated_bits(passphrase)) } else { weak_score(length) };
    if acceptable && score < 3 {
        problems.push("Acceptable. A longer passphrase, or another word, makes it stronger.".into());
    }
    PassphraseCheck { acceptable, score, problems }
}

fn is_common(normalized: &str) -> bool {
    let without_trailing_digits = normalized.trim_end_matches(|c: char| c.is_ascii_digit() || "!?.".contains(c));
    COMMON.iter().any(|&common| normalized == common || without_trailing_digits == common)
}

/// Runs like "abcdefghijkl", "123456789012" or keyboard rows.
fn is_sequence(normalized: &str) -> bool {
    const ROWS: [&str; 4] =
        ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn"];
    let bytes = normalized.as_bytes();
    ROWS.iter().any(|row| {
        let doubled = format!("{row}{row}");
        normalized.len() >= 6
            && (doubled.contains(normalized) || {
                let mut reversed = Zeroizing::new(String::with_capacity(normalized.len()));
                reversed.extend(normalized.chars().rev());
                doubled.contains(reversed.as_str())
            })
    }) || (bytes.len() >= 6 && bytes.windows(2).all(|w| w[1] == w[0].wrapping_add(1)))
}

/// A rough entropy estimate: character classes used, length, and a penalty for repeats.
fn estimated_bits(passphrase: &str) -> f64 {
    let mut pool = 0u32;
    if passphrase.chars().any(|c| c.is_ascii_lowercase()) {
        pool += 26;
    }
    if passphrase.chars().any(|c| c.is_ascii_uppercase()) {
        pool += 26;
    }
    if passphrase.chars().any(|c| c.is_ascii_digit()) {
        pool += 10;
    }
    if passphrase.chars().any(|c| !c.is_ascii_alphanumeric()) {
        pool += 33;
    }
    let mut repeats = 0usize;
    let mut chars = Zeroizing::new(Vec::with_capacity(passphrase.len()));
    chars.extend(passphrase.chars());
    for window in chars.windows(2) {
        if window[0] == window[1] {
            repeats += 1;
        }
    }
    let effective = chars.len().saturating_sub(repeats) as f64;
    effective * f64::from(pool.max(1)).log2()
}

fn score_bits(bits: f64) -> u8 {
    match bits {
        b if b >= 100.0 => 4,
        b if b >= 75.0 => 3,
        b if b >= 60.0 => 2,
        _ => 1,
    }
}

fn weak_score(length: usize) -> u8 {
    u8::from(length >= 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passphrases_are_refused_with_the_reason() {
        let result = check("short1!");
        assert!(!result.acceptable);
        assert!(result.problems[0].contains("at least 12 characters"), "{:?}", result.problems);
    }

    #[test]
    fn common_passwords_are_refused_even_when_long_enough() {
        for common in ["password1234", "Password123!", "qwertyuiop12", "correct horse battery staple", "Confidential1"]
        {
            let result = check(common);
            assert!(!result.acceptable, "{common} should be refused");
        }
    }

    #[test]
    fn repeated_and_sequential_characters_are_refused() {
        assert!(!check("aaaaaaaaaaaaaaaa").acceptable);
        assert!(!check("abababababab").acceptable);
        assert!(!check("abcdefghijklmn").acceptable);
        assert!(!check("987654321098").acceptable);
    }

    #[test]
    fn a_few_unrelated_words_are_strong() {
        let result = check("harbor velvet lantern 1987");
        assert!(result.acceptable, "{:?}", result.problems);
        assert!(result.score >= 3);
        let ok = check("lilac-orchard");
        assert!(ok.acceptable);
    }
}
