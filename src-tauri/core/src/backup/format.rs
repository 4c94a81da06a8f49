//! The backup file, byte by byte (documented in DEVELOPMENT.md, "Backups"):
//!
//! ```text
//! age-encryption.org/v1 file        one recipient: scrypt (manual) or X25519 (automatic)
//! └── POSIX ustar archive           readable with `age -d FILE | tar x`
//!     ├── manifest.json             format, versions, time, counts, SHA-256 of the image
//!     ├── vault.sqlite              a plain SQLite 3 image of the vault; from format 2 on, its
//!     │                             search indexes are empty (rebuilt from the notes on restore)
//!     └── two zero blocks           the end-of-archive marker
//! ```
//!
//! The reader here is strict: exactly these two entries in this order, valid header checksums,
//! sizes that agree with the manifest, nothing but zeros after them. It reads every version up
//! to [`FORMAT_VERSION`].

use std::io::{self, Read, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::BackupError;
use crate::secret::{CustodianKey, RecoveryKey};

pub const FORMAT: &str = "confidant-backup";
/// Bump only with a new reader for the old versions alongside: the golden backups must restore.
/// 1: the image holds the search indexes. 2: they are left empty, to be rebuilt on restore.
pub const FORMAT_VERSION: u32 = 2;
/// The full-text search indexes. Both are external-content FTS5 tables: everything in them is
/// derived from the notes, so an image leaves them empty and a restore rebuilds them. Any other
/// virtual table is refused by the export, so one added later cannot be dropped silently.
pub const SEARCH_INDEXES: &[&str] = &["notes_fts", "psychotherapy_notes_fts"];
pub const MANIFEST_NAME: &str = "manifest.json";
pub const IMAGE_NAME: &str = "vault.sqlite";
/// A manifest is a few hundred bytes; anything past this is not ours.
pub const MAX_MANIFEST: u64 = 64 * 1024;
/// The scrypt work factor (log2 N) of manual backups: about a second on a laptop, 256 MiB.
pub const WORK_FACTOR: u8 = 18;
/// The highest work factor a backup may ask for (1 GiB, a few seconds). A crafted file asking
/// for more is refused before any work is done.
pub const MAX_WORK_FACTOR: u8 = 20;
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/";
const BLOCK: usize = 512;
/// age's payload: a 16-byte nonce, then chunks of 64 KiB each followed by a 16-byte tag.
const AGE_CHUNK: u64 = 64 * 1024;
pub const AGE_CHUNK_BYTES: u64 = AGE_CHUNK;
/// Why a payload chunk was refused: it does not authenticate under the file key.
pub const NOT_AUTHENTIC: &str = "its contents do not authenticate";
const AGE_TAG: u64 = 16;
const AGE_NONCE: u64 = 16;

/// What kind of key protects a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made by hand, protected by a passphrase chosen for it (age scrypt recipient).
    Manual,
    /// Made automatically, readable with the recovery key (age X25519 recipient).
    Automatic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub schema_version: i64,
    pub created_at: String,
    pub kind: BackupKind,
    pub database: ImageInfo,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageInfo {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Counts {
    pub clients: u64,
    pub notes: u64,
}

impl Manifest {
    pub fn new(
        kind: BackupKind,
        schema_version: i64,
        at: DateTime<Utc>,
        bytes: u64,
        sha256: String,
        counts: Counts,
    ) -> Self {
        Self {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            created_at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            kind,
            database: ImageInfo { name: IMAGE_NAME.into(), bytes, sha256 },
            counts,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        // Plain strings and integers: serializing cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Reads a manifest: another format is "not a backup", a newer version is "too new", and
    /// only then are the fields checked.
    pub fn parse(bytes: &[u8]) -> Result<Self, BackupError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Header {
            format: String,
            format_version: u32,
        }
        let header: Header = serde_json::from_slice(bytes).map_err(|_| BackupError::Damaged("its manifest"))?;
        if header.format != FORMAT {
            return Err(BackupError::NotABackup);
        }
        if header.format_version > FORMAT_VERSION {
            return Err(BackupError::TooNew { what: "format", found: i64::from(header.format_version) });
        }
        let manifest: Self = serde_json::from_slice(bytes).map_err(|_| BackupError::Damaged("its manifest"))?;
        if manifest.format_version == 0
            || manifest.database.name != IMAGE_NAME
            || manifest.database.sha256.len() != 64
            || DateTime::parse_from_rfc3339(&manifest.created_at).is_err()
        {
            return Err(BackupError::Damaged("its manifest"));
        }
        Ok(manifest)
    }

    /// Bytes of the archive inside the age file.
    pub fn archive_len(&self) -> u64 {
        archive_len(self.to_json().len() as u64, self.database.bytes)
    }
}

fn padded(len: u64) -> u64 {
    len.div_ceil(BLOCK as u64) * BLOCK as u64
}

pub fn archive_len(manifest_len: u64, image_len: u64) -> u64 {
    BLOCK as u64 + padded(manifest_len) + BLOCK as u64 + padded(image_len) + 2 * BLOCK as u64
}

/// The size of an age payload (nonce and chunks) holding `plain` bytes.
pub fn age_payload_len(plain: u64) -> u64 {
    let chunks = plain.div_ceil(AGE_CHUNK).max(1);
    AGE_NONCE + plain + chunks * AGE_TAG
}

/// Writes the whole archive: manifest, image, end marker.
pub fn write_archive(out: &mut impl Write, manifest: &[u8], image: &[u8], mtime: i64) -> io::Result<()> {
    write_entry(out, MANIFEST_NAME, manifest, mtime)?;
    write_entry(out, IMAGE_NAME, image, mtime)?;
    out.write_all(&[0u8; 2 * BLOCK])
}

fn write_entry(out: &mut impl Write, name: &str, data: &[u8], mtime: i64) -> io::Result<()> {
    out.write_all(&tar_header(name, data.len() as u64, mtime))?;
    out.write_all(data)?;
    let pad = (padded(data.len() as u64) - data.len() as u64) as usize;
    out.write_all(&[0u8; BLOCK][..pad])
}

fn tar_header(name: &str, size: u64, mtime: i64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime.max(0) as u64);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    let sum = checksum(&h);
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// Octal digits, zero-padded, NUL-terminated, filling the field.
fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let text = format!("{value:0width$o}");
    field[..width].copy_from_slice(&text.as_bytes()[text.len() - width..]);
    field[width] = 0;
}

fn checksum(header: &[u8; BLOCK]) -> u64 {
    header.iter().enumerate().map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u64::from(b) }).sum()
}

/// Reads one entry header and checks it names `expected`; returns the entry's size.
pub fn read_entry_header(input: &mut impl Read, expected: &str) -> Result<u64, BackupError> {
    let mut h = [0u8; BLOCK];
    read_exact(input, &mut h)?;
    let name_end = h[..100].iter().position(|&b| b == 0).unwrap_or(100);
    if &h[..name_end] != expected.as_bytes() || h[156] != b'0' || &h[257..263] != b"ustar\0" {
        return Err(BackupError::Damaged("its contents are not in the expected order"));
    }
    let stored = parse_octal(&h[148..156]).ok_or(BackupError::Damaged("an archive header"))?;
    if stored != checksum(&h) {
        return Err(BackupError::Damaged("an archive header"));
    }
    parse_octal(&h[124..136]).ok_or(BackupError::Damaged("an archive header"))
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(field).ok()?;
    let digits = text.trim_matches(|c: char| c == '\0' || c == ' ');
    if digits.is_empty() || digits.len() > 11 || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u64::from_str_radix(digits, 8).ok()
}

/// Skips the zero padding after an entry of `len` bytes.
pub fn skip_padding(input: &mut impl Read, len: u64) -> Result<(), BackupError> {
    let pad = (padded(len) - len) as usize;
    let mut buf = [0u8; BLOCK];
    read_exact(input, &mut buf[..pad])?;
    if buf[..pad].iter().any(|&b| b != 0) {
        return Err(BackupError::Damaged("its contents"));
    }
    Ok(())
}

/// The end-of-archive marker, then the end of the data: nothing else may follow.
pub fn read_end(input: &mut impl Read) -> Result<(), BackupError> {
    let mut end = [0u8; 2 * BLOCK];
    read_exact(input, &mut end)?;
    let mut rest = Vec::new();
    input.take(1).read_to_end(&mut rest).map_err(BackupError::from_payload)?;
    if end.iter().any(|&b| b != 0) || !rest.is_empty() {
        return Err(BackupError::Damaged("its contents end unexpectedly"));
    }
    Ok(())
}

/// Like `Read::read_exact`, but tells apart the two ways data can run out: age reports a file
/// cut short as an error, while an authentic end of the payload (`Ok(0)`) before the archive
/// is complete means the content is not a Confidant archive.
pub fn read_exact(input: &mut impl Read, buf: &mut [u8]) -> Result<(), BackupError> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => return Err(BackupError::Damaged("its contents end too early")),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(BackupError::from_payload(e)),
        }
    }
    Ok(())
}

/// The X25519 identity of automatic backups, derived from the recovery key alone, so that the
/// recovery sheet opens them without the vault. The vault stores only the public recipient.
pub fn automatic_identity(recovery: &RecoveryKey) -> Result<age::x25519::Identity, BackupError> {
    identity_from_key(recovery.expose_secret_bytes())
}

/// The custodian key's identity for automatic backups, derived the same way as the recovery
/// key's: the `AGE-SECRET-KEY` line of the custodian packet.
pub fn custodian_identity(custodian: &CustodianKey) -> Result<age::x25519::Identity, BackupError> {
    identity_from_key(custodian.expose_secret_bytes())
}

fn identity_from_key(key: &[u8; 32]) -> Result<age::x25519::Identity, BackupError> {
    let mut secret = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(b"confidant automatic backups"), key)
        .expand(b"confidant backup x25519 identity v1", secret.as_mut())
        .map_err(|_| BackupError::Internal)?;
    identity_string(&secret)?.parse().map_err(|_| BackupError::Internal)
}

/// `AGE-SECRET-KEY-1...`, the text form age's `-i` identity files hold, written straight into
/// one zeroed buffer of its size.
pub fn identity_string(secret: &[u8; 32]) -> Result<Zeroizing<String>, BackupError> {
    let hrp = bech32::Hrp::parse("age-secret-key-").map_err(|_| BackupError::Internal)?;
    let len = bech32::encoded_length::<bech32::Bech32>(hrp, secret).map_err(|_| BackupError::Internal)?;
    let mut text = Zeroizing::new(String::with_capacity(len));
    bech32::encode_upper_to_fmt::<bech32::Bech32, _>(&mut *text, hrp, secret).map_err(|_| BackupError::Internal)?;
    Ok(text)
}

/// The identity file content for `age -d -i FILE`, for recovering without Confidant.
pub fn automatic_identity_file(recovery: &RecoveryKey) -> Result<Zeroizing<String>, BackupError> {
    identity_file(&automatic_identity(recovery)?)
}

/// The identity file for the custodian key, as [`automatic_identity_file`] for the recovery key.
pub fn custodian_identity_file(custodian: &CustodianKey) -> Result<Zeroizing<String>, BackupError> {
    identity_file(&custodian_identity(custodian)?)
}

fn identity_file(identity: &age::x25519::Identity) -> Result<Zeroizing<String>, BackupError> {
    let secret = identity.to_string();
    let secret = age::secrecy::ExposeSecret::expose_secret(&secret);
    let header = format!("# Confidant automatic backups\n# public key: {}\n", identity.to_public());
    let mut file = Zeroizing::new(String::with_capacity(header.len() + secret.len() + 1));
    file.push_str(&header);
    file.push_str(secret);
    file.push('\n');
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_reads_back_entry_by_entry() {
        let mut out = Vec::new();
        write_archive(&mut out, b"{}", &[7u8; 1000], 0).expect("write");
        assert_eq!(out.len() as u64, archive_len(2, 1000));
        let mut input = &out[..];
        let len = read_entry_header(&mut input, MANIFEST_NAME).expect("manifest header");
        assert_eq!(len, 2);
        let mut manifest = vec![0u8; 2];
        read_exact(&mut input, &mut manifest).expect("manifest");
        skip_padding(&mut input, len).expect("pad");
        let len = read_entry_header(&mut input, IMAGE_NAME).expect("image header");
        let mut image = vec![0u8; len as usize];
        read_exact(&mut input, &mut image).expect("image");
        skip_padding(&mut input, len).expect("pad");
        read_end(&mut input).expect("end");
    }

    #[test]
    fn the_automatic_identity_is_the_same_for_the_same_recovery_key() {
        let key = RecoveryKey::generate();
        let a = automatic_identity(&key).expect("a").to_public().to_string();
        let b = automatic_identity(&key).expect("b").to_public().to_string();
        assert_eq!(a, b);
        assert!(a.starts_with("age1"));
        let other = automatic_identity(&RecoveryKey::generate()).expect("c").to_public().to_string();
        assert_ne!(a, other);
    }

    #[test]
    fn the_identity_text_is_written_once_into_a_buffer_of_its_size() {
        let text = identity_string(&[7u8; 32]).expect("identity");
        assert!(text.starts_with("AGE-SECRET-KEY-1") && text.len() == 74, "{}", text.len());
        assert_eq!(text.capacity(), text.len(), "never grown, so no copy was freed unwiped");
        let file = automatic_identity_file(&RecoveryKey::generate()).expect("file");
        assert_eq!(file.capacity(), file.len());
    }

    #[test]
    fn payload_length_matches_age() {
        for len in [0usize, 1, 65_535, 65_536, 65_537, 200_000] {
            let recipient = age::x25519::Identity::generate().to_public();
            let encrypted = age::encrypt(&recipient, &vec![0u8; len]).expect("encrypt");
            let header_end = encrypted.windows(4).position(|w| w == b"\n---").expect("header") + 1;
            let header_end = header_end + encrypted[header_end..].iter().position(|&b| b == b'\n').expect("mac") + 1;
            assert_eq!((encrypted.len() - header_end) as u64, age_payload_len(len as u64), "for {len} bytes");
        }
    }
}
