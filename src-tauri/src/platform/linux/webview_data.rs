//! The web view's own data folder (WebKit's HTTP cache, storage salts, HSTS list): a private
//! folder in memory, emptied at start and removed at quit, instead of WebKit's default under the
//! home folder (`~/.local/share/org.confidant.app`), on disk. The pages keep nothing there
//! themselves (no local storage, no service worker), but nothing of a session should outlast it.
//! WebKit's network process outlives the app by a moment and may write its storage bookkeeping
//! (files naming the app's own origin) back after the removal; the next start removes that.
//!
//! An ephemeral WebKit context (Tauri's `incognito`) would write nothing at all, but wry (Tauri's
//! web view layer) never allows automation on one, so WebDriver, and the end-to-end tests, could
//! not drive the window.

use std::fs;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use confidant_core::paths::DataDir;

pub struct WebviewData {
    folder: PathBuf,
}

impl WebviewData {
    /// Makes the folder empty, owner-only. In the data folder when there is no folder in memory.
    pub fn prepare(dir: &DataDir) -> io::Result<WebviewData> {
        let folder = match dir.memory() {
            Some(base) => dir.memory_folder(base, "webview"),
            None => dir.root().join("webview"),
        };
        Self::prepare_at(folder)
    }

    /// `folder` emptied of what a crash left there, and owner-only.
    fn prepare_at(folder: PathBuf) -> io::Result<WebviewData> {
        remove(&folder)?;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(&folder)?;
        Ok(WebviewData { folder })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// At quit. Best effort: what is left is removed at the next start.
    pub fn remove(&self) {
        let _ = remove(&self.folder);
    }
}

fn remove(folder: &Path) -> io::Result<()> {
    match fs::remove_dir_all(folder) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn leftovers_of_a_crash_are_wiped_and_the_folder_is_owner_only_until_quit() {
        let base = tempfile::tempdir().expect("temp dir");
        let folder = base.path().join("confidant-webview-test");
        fs::create_dir_all(folder.join("WebKitCache/Version 17")).expect("a crash's leftovers");
        fs::write(folder.join("WebKitCache/Version 17/entry"), b"left by a crash").expect("a leftover file");

        let data = WebviewData::prepare_at(folder.clone()).expect("prepared");
        assert_eq!(fs::read_dir(data.folder()).expect("listed").count(), 0, "leftovers remain");
        assert_eq!(fs::metadata(&folder).expect("folder").permissions().mode() & 0o777, 0o700);

        fs::write(folder.join("hsts-storage.sqlite"), b"written while running").expect("a file");
        data.remove();
        assert!(!folder.exists(), "the folder outlived the quit");
    }
}
