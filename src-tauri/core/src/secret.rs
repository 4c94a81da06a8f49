//! Secrets are their own types: not `Clone`, not `Serialize`, zeroed on drop, printed as `****`,
//! with one loudly named method to reach the bytes.

use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// The random 256-bit key that opens the SQLCipher database.
pub struct DataKey([u8; 32]);

impl DataKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(bytes)
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The statement that gives SQLCipher this raw key, `PRAGMA key = "x'<64 hex digits>'";`,
    /// built in one buffer of its exact size (a growing string would free copies of its first
    /// part unwiped) and zeroed when dropped.
    pub(crate) fn sqlcipher_key_statement(&self) -> Zeroizing<String> {
        const BEFORE: &str = "PRAGMA key = \"x'";
        const AFTER: &str = "'\";";
        let mut statement = Zeroizing::new(String::with_capacity(BEFORE.len() + 64 + AFTER.len()));
        statement.push_str(BEFORE);
        for byte in &self.0 {
            statement.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
            statement.push(char::from(b"0123456789abcdef"[usize::from(byte & 0x0f)]));
        }
        statement.push_str(AFTER);
        statement
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(****)")
    }
}

/// A passphrase typed by the therapist.
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: String) -> Self {
        Self(text)
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl From<String> for Passphrase {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl Drop for Passphrase {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(****)")
    }
}

impl<'de> serde::Deserialize<'de> for Passphrase {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// The page sends a passphrase as a string (and never receives one).
impl ts_rs::TS for Passphrase {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }

    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

/// The recovery key as text, for the one screen that shows it (a new vault, a restored vault, a
/// new recovery sheet). It must cross to the page, so it serializes as a plain string; otherwise
/// it is a secret like the others: zeroed on drop, printed as `****`, not `Clone`.
pub struct RecoveryKeyText(Zeroizing<String>);

impl RecoveryKeyText {
    /// The pending key's text, or an empty text when none is pending.
    pub fn of(key: Option<&RecoveryKey>) -> Self {
        Self(key.map(RecoveryKey::expose_grouped).unwrap_or_default())
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for RecoveryKeyText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl fmt::Debug for RecoveryKeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKeyText(****)")
    }
}

/// The recovery key printed on the recovery sheet: 256 random bits.
///
/// Written as 13 groups of four Crockford base32 characters plus one check group, so that a typo
/// is caught before any decryption is attempted.
pub struct RecoveryKey([u8; 32]);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_CHARS: usize = 52;
const CHECK_CHARS: usize = 4;

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        Self(bytes)
    }

    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as the therapist sees it: `ABCD-EFGH-…-WXYZ`, with the check group last. Every
    /// buffer holding it is sized once and zeroed.
    pub fn expose_grouped(&self) -> Zeroizing<String> {
        let mut chars = encode_base32(&self.0);
        chars.push_str(&check_group(&self.0));
        let mut grouped = Zeroizing::new(String::with_capacity(chars.len() + chars.len() / 4));
        for (i, c) in chars.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                grouped.push('-');
            }
            grouped.push(c);
        }
        grouped
    }

    /// Reads a key as typed: case, spaces and dashes do not matter; O reads as 0, I and L as 1.
    pub fn parse(typed: &str) -> Result<Self, RecoveryKeyError> {
        let mut cleaned = Zeroizing::new(String::with_capacity(KEY_CHARS + CHECK_CHARS));
        for c in typed.chars() {
            // Never more than its buffer holds: growing it would free an unwiped copy.
            if cleaned.len() == KEY_CHARS + CHECK_CHARS && !matches!(c, ' ' | '-' | '\t' | '\n' | '\r') {
                return Err(RecoveryKeyError::WrongLength);
            }
            match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' | '\n' | '\r' => {}
                'O' => cleaned.push('0'),
                'I' | 'L' => cleaned.push('1'),
                c if CROCKFORD.contains(&(c as u8)) && c.is_ascii() => cleaned.push(c),
                _ => return Err(RecoveryKeyError::BadCharacter),
            }
        }
        if cleaned.len() != KEY_CHARS + CHECK_CHARS {
            return Err(RecoveryKeyError::WrongLength);
        }
        let bytes = decode_base32(&cleaned[..KEY_CHARS]).ok_or(RecoveryKeyError::BadCharacter)?;
        if check_group(&bytes) != cleaned[KEY_CHARS..] {
            return Err(RecoveryKeyError::Typo);
        }
        Ok(Self(bytes))
    }
}

impl Drop for RecoveryKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(****)")
    }
}

/// The custodian key printed in the professional will's packet (docs/DOMAIN.md section 13): 256
/// random bits written like the recovery key (14 groups with a check group), a different key
/// in its own slot of the key file, so that replacing or revoking one never touches the other.
pub struct CustodianKey(RecoveryKey);

impl CustodianKey {
    pub fn generate() -> Self {
        Self(RecoveryKey::generate())
    }

    pub fn expose_secret_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret_bytes()
    }

    pub fn expose_grouped(&self) -> Zeroizing<String> {
        self.0.expose_grouped()
    }

    /// Reads a key as typed, with the recovery key's tolerance for case, spaces and dashes.
    pub fn parse(typed: &str) -> Result<Self, RecoveryKeyError> {
        RecoveryKey::parse(typed).map(Self)
    }
}

impl fmt::Debug for CustodianKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustodianKey(****)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryKeyError {
    #[error("A recovery key has 56 letters and digits in 14 groups of four. Please check you typed all of it.")]
    WrongLength,
    #[error("That recovery key contains a character that is not on a recovery sheet. Please check it.")]
    BadCharacter,
    #[error("That recovery key has a typo: the last group does not match. Please compare it with your sheet.")]
    Typo,
}

/// The key's characters, in a buffer with room for its check group too.
fn encode_base32(bytes: &[u8; 32]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(KEY_CHARS + CHECK_CHARS));
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(CROCKFORD[((buffer >> bits) & 31) as usize]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(CROCKFORD[((buffer << (5 - bits)) & 31) as usize]));
    }
    buffer.zeroize();
    out
}

fn decode_base32(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    let mut index = 0;
    for c in text.bytes() {
        let value = CROCKFORD.iter().position(|&x| x == c)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if index < 32 {
                out[index] = ((buffer >> bits) & 0xff) as u8;
                index += 1;
            }
        }
        buffer &= (1 << bits) - 1;
    }
    // 52 characters carry 260 bits: the last four must be zero padding.
    (index == 32 && buffer == 0).then_some(out)
}

fn check_group(bytes: &[u8; 32]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest([b"confidant-recovery-check".as_slice(), bytes].concat());
    let value = (u32::from(digest[0]) << 12) | (u32::from(digest[1]) << 4) | (u32::from(digest[2]) >> 4);
    (0..CHECK_CHARS).rev().map(|i| char::from(CROCKFORD[((value >> (5 * i)) & 31) as usize])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_its_printed_form() {
        let key = RecoveryKey::generate();
        let grouped = key.expose_grouped();
        assert_eq!(grouped.split('-').count(), 14, "13 key groups and one check group");
        let parsed = RecoveryKey::parse(&grouped.to_lowercase().replace('-', " ")).expect("parses");
        assert_eq!(parsed.expose_secret_bytes(), key.expose_secret_bytes());
    }

    #[test]
    fn a_mistyped_recovery_key_is_caught_by_its_check_group() {
        let key = RecoveryKey::generate();
        let mut grouped = key.expose_grouped().to_string();
        let first = grouped.remove(0);
        grouped.insert(0, if first == 'A' { 'B' } else { 'A' });
        assert!(matches!(RecoveryKey::parse(&grouped), Err(RecoveryKeyError::Typo | RecoveryKeyError::BadCharacter)));
        assert_eq!(RecoveryKey::parse("ABCD").err(), Some(RecoveryKeyError::WrongLength));
        assert_eq!(RecoveryKey::parse(&"U".repeat(56)).err(), Some(RecoveryKeyError::BadCharacter));
    }

    #[test]
    fn secrets_never_print_their_value() {
        assert_eq!(format!("{:?}", DataKey::generate()), "DataKey(****)");
        assert_eq!(format!("{:?}", Passphrase::new("hunter2".into())), "Passphrase(****)");
        assert_eq!(format!("{:?}", RecoveryKey::generate()), "RecoveryKey(****)");
        assert_eq!(format!("{:?}", CustodianKey::generate()), "CustodianKey(****)");
    }

    #[test]
    fn the_key_statement_is_hex_of_the_key_in_one_buffer_of_its_size() {
        let key = DataKey::from_bytes([0xab; 32]);
        let statement = key.sqlcipher_key_statement();
        assert!(statement.starts_with("PRAGMA key = \"x'abab") && statement.ends_with("ab'\";"), "{}", *statement);
        assert_eq!(statement.capacity(), statement.len(), "never grown, so no partial copy was freed unwiped");
    }

    #[test]
    fn the_recovery_key_text_is_built_without_growing_any_buffer() {
        let key = RecoveryKey::generate();
        let chars = encode_base32(key.expose_secret_bytes());
        assert_eq!(chars.capacity(), KEY_CHARS + CHECK_CHARS, "room for the check group from the start");
        let grouped = key.expose_grouped();
        assert!(grouped.capacity() >= grouped.len() && grouped.capacity() <= grouped.len() + 1);
        let long = format!("{}-ABCD", *grouped);
        assert_eq!(RecoveryKey::parse(&long).err(), Some(RecoveryKeyError::WrongLength), "too long is refused early");
    }

    #[test]
    fn the_shown_recovery_key_serializes_for_the_page_but_never_prints() {
        let key = RecoveryKey::generate();
        let text = RecoveryKeyText::of(Some(&key));
        assert_eq!(format!("{text:?}"), "RecoveryKeyText(****)");
        assert_eq!(serde_json::to_string(&text).expect("json"), format!("\"{}\"", *key.expose_grouped()));
        assert_eq!(RecoveryKeyText::of(None).expose_secret(), "");
    }
}
