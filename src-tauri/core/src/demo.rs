//! The demo vault behind `make demo` and `confidant demo`: a real vault with fictional content,
//! opened with a passphrase made up on the spot and printed for the person trying the app.

use rand::seq::SliceRandom;
use zeroize::Zeroizing;

use crate::error::VaultError;
use crate::paths::DataDir;
use crate::secret::Passphrase;
use crate::vault::{self, LockReason};

const WORDS: &[&str] = &[
    "amber", "birch", "cedar", "clover", "coral", "dawn", "ember", "fern", "harbor", "hazel", "heron", "indigo",
    "juniper", "lantern", "lilac", "maple", "meadow", "moss", "orchard", "pebble", "quartz", "river", "sage",
    "sparrow", "thistle", "tide", "velvet", "willow",
];

/// Creates a demo vault in `dir` and returns its passphrase.
pub fn create(dir: &DataDir) -> Result<Zeroizing<String>, VaultError> {
    let mut rng = rand::rngs::OsRng;
    let words: Vec<&str> = WORDS.choose_multiple(&mut rng, 4).copied().collect();
    let passphrase = Zeroizing::new(words.join(" "));
    let mut session =
        vault::create(dir, &Passphrase::new(passphrase.to_string()), &Passphrase::new(passphrase.to_string()))?;
    // Nobody keeps a recovery sheet for a demo.
    session.confirm_recovery_sheet_kept()?;
    session.lock(LockReason::Manual)?;
    Ok(passphrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_vault_opens_with_the_passphrase_it_prints() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = DataDir::new(temp.path().join("demo"));
        let passphrase = create(&dir).expect("demo vault");
        assert_eq!(passphrase.split(' ').count(), 4);
        assert!(crate::passphrase::check(&passphrase).acceptable);
        vault::unlock(&dir, &Passphrase::new(passphrase.to_string())).expect("opens");
    }
}
