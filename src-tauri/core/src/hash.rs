//! One way to hash a record's fields: SHA-256 over each part prefixed by its length, so that no
//! two different lists of parts can give the same bytes. Signed notes, addenda and the disclosure
//! ledger's chain all use it; a change here would break every stored hash.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of the length-prefixed `parts`.
pub fn hash_parts(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_told_apart_by_their_lengths() {
        assert_ne!(hash_parts(&["ab", "c"]), hash_parts(&["a", "bc"]));
        assert_eq!(hash_parts(&[]), hex::encode(Sha256::digest(b"")));
    }
}
