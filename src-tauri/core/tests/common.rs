//! Shared fixtures: every test vault lives in its own temporary directory that cleans itself up.
#![allow(dead_code)]

use confidant_core::paths::DataDir;
use confidant_core::vault::{self, Session};
use tempfile::TempDir;

/// Records today's signature of the current informed consent, as the therapist does before a
/// client's first note.
pub fn sign_informed_consent(session: &mut Session, client_id: i64) {
    use confidant_core::consent::{self, signatures::NewSignature, signatures::SignedBy, FormKind};
    let (current, _) = consent::templates::current(session.conn(), FormKind::InformedConsent).expect("form");
    let today = chrono::Local::now().date_naive();
    let new = NewSignature {
        client_id,
        kind: FormKind::InformedConsent,
        version: current.version,
        signed_on: today.format("%Y-%m-%d").to_string(),
        signed_by: SignedBy::Client,
    };
    consent::record_signature(session, &new, today).expect("consent recorded");
}

pub const PASSPHRASE: &str = "quiet harbor lantern 2026";

pub struct TestVault {
    pub temp: TempDir,
    pub dir: DataDir,
}

impl TestVault {
    /// A fresh, unlocked vault with cheap key derivation.
    pub fn new() -> (Self, Session) {
        let temp = tempfile::tempdir().expect("temporary directory");
        let dir = DataDir::new(temp.path().join("data"));
        let session = vault::create_for_tests(&dir, PASSPHRASE).expect("create vault");
        confidant_core::practice::prepare(&session).expect("the shipped forms");
        (Self { temp, dir }, session)
    }

    /// Every byte of every file under the data directory, for canary scans and before/after checks.
    pub fn snapshot(&self) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        collect(self.dir.root(), &mut files);
        files.sort();
        files
    }
}

fn collect(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            let bytes = std::fs::read(&path).expect("read file");
            out.push((path, bytes));
        }
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn pass(text: &str) -> confidant_core::secret::Passphrase {
    confidant_core::secret::Passphrase::new(text.into())
}

/// The name the test harness knows a test of this binary by, for a child process that runs only
/// that test (`--exact`): its module's path without the crate, then its own name.
pub fn test_name(module_path: &str, test: &str) -> String {
    match module_path.split_once("::") {
        Some((_crate, module)) => format!("{module}::{test}"),
        None => test.to_owned(),
    }
}

/// Whether `$type` implements `$trait`, decided at compile time: an inherent constant that
/// applies only when the bound holds wins over the blanket trait's. For "a secret is not Clone".
#[macro_export]
macro_rules! implements {
    ($type:ty: $trait:path) => {{
        trait DoesNotImplement {
            const IMPLEMENTS: bool = false;
        }
        impl<T: ?Sized> DoesNotImplement for T {}
        struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
        #[allow(dead_code)]
        impl<T: ?Sized + $trait> Probe<T> {
            const IMPLEMENTS: bool = true;
        }
        <Probe<$type>>::IMPLEMENTS
    }};
}
