//! The key file beside the database: the data key wrapped under the passphrase, under the
//! recovery key and, once she names a records custodian, under the custodian key (and the
//! custodian's own passphrase if she set one). Changing any of them rewrites only this small file.
//!
//! Format (JSON, version 1), documented in DEVELOPMENT.md:
//! `{ format, version, vaultId, passphrase: {kdf, salt, nonce, wrapped}, recovery: {salt, nonce, wrapped} }`
//! Each wrap is XChaCha20-Poly1305 with the slot name and vault id as associated data, so slots
//! cannot be swapped between files or with each other.

use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::kdf::KdfParams;
use crate::error::VaultError;
use crate::secret::{CustodianKey, DataKey, Passphrase, RecoveryKey};

pub const FORMAT: &str = "confidant-vault-key";
pub const VERSION: u32 = 1;
/// A real key file is well under 1 KiB; anything much larger is not ours.
const MAX_LEN: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyFile {
    format: String,
    version: u32,
    vault_id: String,
    passphrase: PassphraseSlot,
    recovery: RecoverySlot,
    /// Absent until she issues a custodian key, and again once she revokes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    custodian: Option<CustodianSlot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PassphraseSlot {
    kdf: String,
    params: KdfParams,
    salt: String,
    nonce: String,
    wrapped: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RecoverySlot {
    kdf: String,
    salt: String,
    nonce: String,
    wrapped: String,
}

/// The custodian key's slot: wrapped like the recovery slot, under a key of its own, with the
/// day it was issued (Today compares it with her forms) and, once the custodian sets one, the
/// same data key under the custodian's passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CustodianSlot {
    kdf: String,
    salt: String,
    nonce: String,
    wrapped: String,
    issued_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<PassphraseSlot>,
}

const ARGON2ID: &str = "argon2id-v19";
const HKDF: &str = "hkdf-sha256";

impl KeyFile {
    /// Wraps a new data key under both secrets, for the vault `vault_id` ([`new_vault_id`]).
    pub fn seal(
        vault_id: &str,
        data_key: &DataKey,
        passphrase: &Passphrase,
        recovery: &RecoveryKey,
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        let vault_id = vault_id.to_owned();
        let passphrase_slot = PassphraseSlot::seal(&vault_id, data_key, passphrase, params)?;
        let recovery_slot = RecoverySlot::seal(&vault_id, data_key, recovery)?;
        Ok(Self {
            format: FORMAT.into(),
            version: VERSION,
            vault_id,
            passphrase: passphrase_slot,
            recovery: recovery_slot,
            custodian: None,
        })
    }

    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    pub fn kdf_params(&self) -> KdfParams {
        self.passphrase.params
    }

    pub fn unwrap_with_passphrase(&self, passphrase: &Passphrase) -> Result<DataKey, VaultError> {
        let salt = decode(&self.passphrase.salt)?;
        let wrapping = self.passphrase.params.derive(passphrase, &salt)?;
        open(&wrapping, &self.vault_id, "passphrase", &self.passphrase.nonce, &self.passphrase.wrapped).map_err(|e| {
            if matches!(e, Unwrap::Rejected) {
                VaultError::WrongPassphrase
            } else {
                e.into()
            }
        })
    }

    pub fn unwrap_with_recovery_key(&self, recovery: &RecoveryKey) -> Result<DataKey, VaultError> {
        let wrapping = recovery_wrapping_key(recovery, &decode(&self.recovery.salt)?)?;
        open(&wrapping, &self.vault_id, "recovery", &self.recovery.nonce, &self.recovery.wrapped).map_err(|e| {
            if matches!(e, Unwrap::Rejected) {
                VaultError::WrongRecoveryKey
            } else {
                e.into()
            }
        })
    }

    /// The same data key under a new passphrase; the recovery slot is unchanged.
    pub fn with_new_passphrase(
        &self,
        data_key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        Ok(Self { passphrase: PassphraseSlot::seal(&self.vault_id, data_key, passphrase, params)?, ..self.clone() })
    }

    /// The same data key under a new recovery key; the passphrase slot is unchanged.
    pub fn with_new_recovery_key(&self, data_key: &DataKey, recovery: &RecoveryKey) -> Result<Self, VaultError> {
        Ok(Self { recovery: RecoverySlot::seal(&self.vault_id, data_key, recovery)?, ..self.clone() })
    }

    /// The same data key under a new custodian key, issued at `issued_at` (RFC 3339); a custodian
    /// key issued before stops opening the vault, and a custodian passphrase goes with it.
    pub fn with_custodian_key(
        &self,
        data_key: &DataKey,
        custodian: &CustodianKey,
        issued_at: &str,
    ) -> Result<Self, VaultError> {
        let salt = random::<16>();
        let wrapping = hkdf_wrapping_key(custodian.expose_secret_bytes(), &salt, CUSTODIAN_WRAP)?;
        let (nonce, wrapped) = seal(&wrapping, &self.vault_id, "custodian", data_key)?;
        let slot = CustodianSlot {
            kdf: HKDF.into(),
            salt: B64.encode(salt),
            nonce,
            wrapped,
            issued_at: issued_at.to_owned(),
            passphrase: None,
        };
        Ok(Self { custodian: Some(slot), ..self.clone() })
    }

    /// The key file without its custodian slot: no custodian key or passphrase opens it.
    pub fn without_custodian(&self) -> Self {
        Self { custodian: None, ..self.clone() }
    }

    /// When the custodian key in force was issued, if there is one.
    pub fn custodian_issued_at(&self) -> Option<&str> {
        self.custodian.as_ref().map(|slot| slot.issued_at.as_str())
    }

    /// Names the custodian key in force (not the custodian's passphrase, which she may change):
    /// what automatic backups compare with the recipient they were given for it.
    pub fn custodian_fingerprint(&self) -> Option<String> {
        self.custodian.as_ref().map(|slot| crate::hash::hash_parts(&[&slot.salt, &slot.nonce, &slot.wrapped]))
    }

    pub fn unwrap_with_custodian_key(&self, custodian: &CustodianKey) -> Result<DataKey, VaultError> {
        let slot = self.custodian.as_ref().ok_or(VaultError::WrongCustodianKey)?;
        let wrapping = hkdf_wrapping_key(custodian.expose_secret_bytes(), &decode(&slot.salt)?, CUSTODIAN_WRAP)?;
        open(&wrapping, &self.vault_id, "custodian", &slot.nonce, &slot.wrapped).map_err(|e| {
            if matches!(e, Unwrap::Rejected) {
                VaultError::WrongCustodianKey
            } else {
                e.into()
            }
        })
    }

    pub fn unwrap_with_custodian_passphrase(&self, passphrase: &Passphrase) -> Result<DataKey, VaultError> {
        let Some(slot) = self.custodian.as_ref().and_then(|slot| slot.passphrase.as_ref()) else {
            return Err(VaultError::WrongPassphrase);
        };
        let wrapping = slot.params.derive(passphrase, &decode(&slot.salt)?)?;
        open(&wrapping, &self.vault_id, "custodian-passphrase", &slot.nonce, &slot.wrapped).map_err(|e| {
            if matches!(e, Unwrap::Rejected) {
                VaultError::WrongPassphrase
            } else {
                e.into()
            }
        })
    }

    /// The custodian's own passphrase for her slot, beside the custodian key (which still opens
    /// it: the packet stays valid).
    pub fn with_custodian_passphrase(
        &self,
        data_key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        let mut slot = self.custodian.clone().ok_or(VaultError::WrongCustodianKey)?;
        slot.passphrase =
            Some(PassphraseSlot::seal_as(&self.vault_id, data_key, passphrase, params, "custodian-passphrase")?);
        Ok(Self { custodian: Some(slot), ..self.clone() })
    }

    /// Reads and checks a key file without deriving anything: malformed files, unknown versions
    /// and out-of-bounds parameters are refused here, at once.
    pub fn read(path: &Path) -> Result<Self, VaultError> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::NoVault),
            Err(e) => return Err(e.into()),
        };
        if file.metadata()?.len() > MAX_LEN {
            return Err(VaultError::KeyFile("it is far too large"));
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_LEN), &mut text)
            .map_err(|_| VaultError::KeyFile("it is not text"))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self, VaultError> {
        #[derive(Deserialize)]
        struct Header {
            format: String,
            version: u32,
        }
        let header: Header = serde_json::from_str(text).map_err(|_| VaultError::KeyFile("it cannot be read"))?;
        if header.format != FORMAT {
            return Err(VaultError::KeyFile("it is not a Confidant key file"));
        }
        if header.version != VERSION {
            return Err(VaultError::KeyFile("it has a version this Confidant does not know"));
        }
        let file: Self = serde_json::from_str(text).map_err(|_| VaultError::KeyFile("it is incomplete"))?;
        let custodian_passphrase = file.custodian.as_ref().and_then(|slot| slot.passphrase.as_ref());
        if file.passphrase.kdf != ARGON2ID
            || file.recovery.kdf != HKDF
            || file.custodian.as_ref().is_some_and(|slot| slot.kdf != HKDF)
            || custodian_passphrase.is_some_and(|slot| slot.kdf != ARGON2ID)
        {
            return Err(VaultError::KeyFile("it names an unknown key derivation"));
        }
        file.passphrase.params.check_bounds()?;
        if let Some(slot) = custodian_passphrase {
            slot.params.check_bounds()?;
        }
        if hex::decode(&file.vault_id).map(|id| id.len()) != Ok(16) {
            return Err(VaultError::KeyFile("its vault id is malformed"));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> String {
        // Serializing plain strings and integers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Atomic and owner-only: see [`write_private`].
    pub fn write(&self, path: &Path) -> Result<(), VaultError> {
        write_private(path, self.to_json().as_bytes())
    }
}

/// Writes a small file atomically and owner-only (0600): a temporary file in the same folder,
/// fsync, rename, fsync of the folder. A crash leaves the old file or the new one, never a mix
/// (and perhaps the temporary file: [`remove_unfinished_writes`]).
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), VaultError> {
    let invalid = || VaultError::Io(std::io::ErrorKind::InvalidInput);
    let dir = path.parent().ok_or_else(invalid)?;
    let name = path.file_name().ok_or_else(invalid)?.to_string_lossy();
    let mut temp = tempfile::Builder::new().prefix(&unfinished_prefix(&name)).tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    set_owner_only(temp.path())?;
    temp.persist(path).map_err(|e| VaultError::from(e.error))?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

impl PassphraseSlot {
    fn seal(
        vault_id: &str,
        data_key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        Self::seal_as(vault_id, data_key, passphrase, params, "passphrase")
    }

    fn seal_as(
        vault_id: &str,
        data_key: &DataKey,
        passphrase: &Passphrase,
        params: KdfParams,
        slot: &str,
    ) -> Result<Self, VaultError> {
        let salt = random::<16>();
        let wrapping = params.derive(passphrase, &salt)?;
        let (nonce, wrapped) = seal(&wrapping, vault_id, slot, data_key)?;
        Ok(Self { kdf: ARGON2ID.into(), params, salt: B64.encode(salt), nonce, wrapped })
    }
}

impl RecoverySlot {
    fn seal(vault_id: &str, data_key: &DataKey, recovery: &RecoveryKey) -> Result<Self, VaultError> {
        let salt = random::<16>();
        let wrapping = recovery_wrapping_key(recovery, &salt)?;
        let (nonce, wrapped) = seal(&wrapping, vault_id, "recovery", data_key)?;
        Ok(Self { kdf: HKDF.into(), salt: B64.encode(salt), nonce, wrapped })
    }
}

const CUSTODIAN_WRAP: &[u8] = b"confidant custodian wrap v1";

fn recovery_wrapping_key(recovery: &RecoveryKey, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    hkdf_wrapping_key(recovery.expose_secret_bytes(), salt, b"confidant recovery wrap v1")
}

/// The recovery and custodian keys are 256 random bits, so a plain HKDF is enough to make the
/// wrapping key.
fn hkdf_wrapping_key(key: &[u8; 32], salt: &[u8], info: &[u8]) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), key)
        .expand(info, out.as_mut())
        .map_err(|_| VaultError::KeyFile("key derivation failed"))?;
    Ok(out)
}

fn associated_data(vault_id: &str, slot: &str) -> String {
    format!("{FORMAT}:v{VERSION}:{slot}:{vault_id}")
}

fn seal(wrapping: &[u8; 32], vault_id: &str, slot: &str, data_key: &DataKey) -> Result<(String, String), VaultError> {
    let nonce = random::<24>();
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let aad = associated_data(vault_id, slot);
    let wrapped = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: data_key.expose_secret_bytes(), aad: aad.as_bytes() })
        .map_err(|_| VaultError::KeyFile("the data key could not be wrapped"))?;
    Ok((B64.encode(nonce), B64.encode(wrapped)))
}

enum Unwrap {
    Malformed,
    Rejected,
}

impl From<Unwrap> for VaultError {
    fn from(_: Unwrap) -> Self {
        VaultError::KeyFile("a wrapped key is malformed")
    }
}

fn open(wrapping: &[u8; 32], vault_id: &str, slot: &str, nonce: &str, wrapped: &str) -> Result<DataKey, Unwrap> {
    let nonce = B64.decode(nonce).map_err(|_| Unwrap::Malformed)?;
    let wrapped = B64.decode(wrapped).map_err(|_| Unwrap::Malformed)?;
    if nonce.len() != 24 || wrapped.len() != 32 + 16 {
        return Err(Unwrap::Malformed);
    }
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let aad = associated_data(vault_id, slot);
    let plain = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: aad.as_bytes() })
            .map_err(|_| Unwrap::Rejected)?,
    );
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&plain);
    Ok(DataKey::from_bytes(bytes))
}

fn decode(text: &str) -> Result<Vec<u8>, VaultError> {
    B64.decode(text).map_err(|_| VaultError::KeyFile("a field is malformed"))
}

fn unfinished_prefix(name: &str) -> String {
    format!(".{name}.")
}

/// Removes the temporary files that writes of `path` ([`write_private`]) cut short by a crash
/// left beside it.
pub(crate) fn remove_unfinished_writes(path: &Path) -> Result<(), VaultError> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return Ok(()) };
    let prefix = unfinished_prefix(&name.to_string_lossy());
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// A new vault's id: 16 random bytes in hex, as the key file holds it.
pub fn new_vault_id() -> String {
    hex::encode(random::<16>())
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

#[cfg(unix)]
pub(crate) fn set_owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
pub(crate) fn set_owner_only(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
