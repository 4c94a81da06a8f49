//! Where printed documents go (docs/DOMAIN.md section 6): a private spool folder (owner-only), atomic
//! writes that never replace a paper still there, wiping on lock, start and quit; "Save as" to a
//! place the therapist chooses; and handing a file to the system PDF viewer.
//!
//! The folder is in memory where the system has a folder in memory for the user
//! (`paths::DataDir::spool`), so a crash or a power cut leaves nothing of a paper on disk. Only
//! where there is none is it in the data folder; there, wiping overwrites each file with zeros
//! before removing it, but on SSDs and copy-on-write file systems the old blocks may survive
//! anyway, and the protection left is the owner-only folder, its short life and an encrypted
//! disk (FileVault, BitLocker, LUKS).

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::FormsError;

/// The environment variable naming a program to open PDFs instead of the system viewer. The
/// end-to-end tests point it at a script that records the path.
pub const VIEWER_ENV: &str = "CONFIDANT_VIEWER";

/// The private print folder.
#[derive(Debug, Clone)]
pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    /// Opens the spool at `dir`, creating it (and its parents) if needed, and makes it
    /// owner-only (0700), fixing the mode of an existing folder. A symlink or a file in its
    /// place is refused.
    pub fn new(dir: PathBuf) -> Result<Spool, FormsError> {
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => return Err(FormsError::SpoolNotPrivate),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create_private_dir(&dir).map_err(FormsError::Spool)?;
            }
            Err(e) => return Err(FormsError::Spool(e)),
        }
        make_owner_only(&dir, 0o700).map_err(|_| FormsError::SpoolNotPrivate)?;
        Ok(Spool { dir })
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` under `file_name` inside the spool, atomically and owner-only (0600): a
    /// temporary file in the same folder, flushed, then given its name. A paper already there is
    /// never replaced, since she may still have it open in the viewer: the new one takes the
    /// next free name (`forms-C0042-2026-11-27-2.pdf`). Returns where it went. `file_name` must
    /// be a plain name (letters, digits, `-`, `_`, `.`; no separators, no `..`, not starting
    /// with a dot).
    pub fn write(&self, file_name: &str, bytes: &[u8]) -> Result<PathBuf, FormsError> {
        check_file_name(file_name)?;
        let mut file = flushed_temp_file(&self.dir, bytes).map_err(FormsError::Spool)?;
        for name in numbered(file_name).take(MAX_COPIES) {
            let target = self.dir.join(name);
            match file.persist_noclobber(&target) {
                Ok(_) => {
                    sync_dir(&self.dir);
                    return Ok(target);
                }
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => file = e.file,
                // The temporary file is dropped with the error, which deletes it.
                Err(e) => return Err(FormsError::Spool(e.error)),
            }
        }
        Err(FormsError::Spool(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "too many copies of this document are waiting in it; lock Confidant to empty it",
        )))
    }

    /// Wipes the spool (see [`wipe`](Self::wipe)) and removes the folder itself: at quit, and
    /// for a spool left in the data folder by an earlier version.
    pub fn remove(self) -> Result<usize, FormsError> {
        let wiped = self.wipe()?;
        fs::remove_dir(&self.dir).map_err(FormsError::Spool)?;
        Ok(wiped)
    }

    /// Overwrites every file in the spool with zeros, flushes, and removes it; removes
    /// sub-folders the same way. Symbolic links are removed without being followed. Returns how
    /// many files were wiped. Keeps going after an error and reports the first one.
    pub fn wipe(&self) -> Result<usize, FormsError> {
        let mut wiped = 0;
        let mut first_error = None;
        wipe_dir(&self.dir, &mut wiped, &mut first_error, 0);
        sync_dir(&self.dir);
        match first_error {
            Some(e) => Err(FormsError::Spool(e)),
            None => Ok(wiped),
        }
    }
}

/// "Save as": writes `bytes` to `path` atomically (a temporary file in the same folder, flushed,
/// then renamed), owner-only (0600). On failure nothing is left behind and an existing file at
/// `path` is untouched.
pub fn save_as(path: &Path, bytes: &[u8]) -> Result<(), FormsError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.file_name().is_none() {
        return Err(FormsError::SaveFailed(io::Error::new(io::ErrorKind::InvalidInput, "no file name was given")));
    }
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(FormsError::SaveFailed(io::Error::new(io::ErrorKind::InvalidInput, "a folder has that name")));
    }
    atomic_write(parent, path, bytes).map_err(FormsError::SaveFailed)
}

/// Opens `path` in the PDF viewer: the program named by `CONFIDANT_VIEWER` if set, otherwise the
/// system's (`xdg-open`, `open` on macOS, `explorer` on Windows). No shell is involved; the
/// viewer's output goes nowhere. Waits up to two seconds to catch a launcher that fails
/// straight away; a viewer still running after that is left to run.
pub fn open_in_viewer(path: &Path) -> Result<(), FormsError> {
    if !path.is_file() {
        return Err(FormsError::ViewerUnavailable(io::Error::new(
            io::ErrorKind::NotFound,
            "the document is no longer there",
        )));
    }
    open_with(&viewer_program(), path)
}

fn open_with(program: &std::ffi::OsStr, path: &Path) -> Result<(), FormsError> {
    let mut child = Command::new(program)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(FormsError::ViewerUnavailable)?;
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            // Windows' explorer.exe exits 1 even when it opened the file.
            Ok(Some(_)) if cfg!(windows) => return Ok(()),
            Ok(Some(status)) => return Err(FormsError::ViewerFailed(status.code().unwrap_or(-1))),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                // Still running (a viewer started in the foreground): reap it when it exits.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => return Err(FormsError::ViewerUnavailable(e)),
        }
    }
}

fn viewer_program() -> OsString {
    match std::env::var_os(VIEWER_ENV) {
        Some(v) if !v.is_empty() => v,
        _ => OsString::from(if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        }),
    }
}

fn check_file_name(name: &str) -> Result<(), FormsError> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && !name.contains("..")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(FormsError::InvalidFileName)
    }
}

/// How many papers of the same name the spool keeps side by side.
const MAX_COPIES: usize = 1000;

/// `name`, then `name-2`, `name-3`, ... (before the extension).
fn numbered(file_name: &str) -> impl Iterator<Item = String> + '_ {
    let (stem, extension) = match file_name.rsplit_once('.') {
        Some((stem, extension)) => (stem, format!(".{extension}")),
        None => (file_name, String::new()),
    };
    std::iter::once(file_name.to_owned()).chain((2..).map(move |n| format!("{stem}-{n}{extension}")))
}

/// `bytes` in a new owner-only temporary file in `dir`, flushed to disk; deleted when dropped.
fn flushed_temp_file(dir: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new().prefix(".confidant-").suffix(".part").tempfile_in(dir)?;
    make_owner_only(tmp.path(), 0o600)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

fn atomic_write(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    // On error the temporary file is dropped, which deletes it.
    flushed_temp_file(dir, bytes)?.persist(target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn make_owner_only(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn make_owner_only(_path: &Path, _mode: u32) -> io::Result<()> {
    // Per-user folders on Windows are already private to the user by their ACL.
    Ok(())
}

/// Makes a rename durable. Best effort: some platforms cannot open a folder to sync it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

const MAX_DEPTH: usize = 8;

fn wipe_dir(dir: &Path, wiped: &mut usize, first_error: &mut Option<io::Error>, depth: usize) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            first_error.get_or_insert(e);
            return;
        }
    };
    for entry in entries {
        let result = entry.and_then(|entry| {
            let path = entry.path();
            // `file_type` comes from the directory entry and does not follow symlinks.
            let kind = entry.file_type()?;
            if kind.is_dir() && depth < MAX_DEPTH {
                wipe_dir(&path, wiped, first_error, depth + 1);
                fs::remove_dir(&path)
            } else if kind.is_file() {
                zero_file(&path)?;
                fs::remove_file(&path)?;
                *wiped += 1;
                Ok(())
            } else if kind.is_dir() {
                Err(io::Error::other("the print folder is nested too deeply"))
            } else {
                // A symlink, socket or FIFO: remove the entry itself, never what it points to.
                fs::remove_file(&path)
            }
        });
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
}

/// Overwrites a regular file with zeros and flushes it. Refuses to write if the entry was
/// swapped for something else (a symlink) between listing and opening.
fn zero_file(path: &Path) -> io::Result<()> {
    let before = fs::symlink_metadata(path)?;
    if !before.file_type().is_file() {
        return Ok(());
    }
    let mut file = OpenOptions::new().write(true).open(path)?;
    let opened = file.metadata()?;
    if !same_file(&before, &opened) {
        return Ok(()); // not the file we listed: leave it, the entry itself is removed next
    }
    let zeros = [0u8; 64 * 1024];
    let mut left = opened.len();
    file.seek(SeekFrom::Start(0))?;
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(zeros.len());
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino() && b.file_type().is_file()
}

#[cfg(not(unix))]
fn same_file(_a: &fs::Metadata, b: &fs::Metadata) -> bool {
    b.file_type().is_file()
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("exists").permissions().mode() & 0o777
    }

    #[test]
    fn the_spool_folder_is_created_owner_only_and_an_open_folder_is_fixed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("a/b/spool");
        let spool = Spool::new(dir.clone()).expect("creates");
        assert_eq!(mode(&dir), 0o700);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("chmod");
        drop(spool);
        Spool::new(dir.clone()).expect("reopens");
        assert_eq!(mode(&dir), 0o700, "an existing folder must be made private again");
    }

    #[test]
    fn a_symlink_or_file_in_place_of_the_spool_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let real = tmp.path().join("real");
        fs::create_dir(&real).expect("mkdir");
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert!(matches!(Spool::new(link), Err(FormsError::SpoolNotPrivate)));
        let file = tmp.path().join("file");
        fs::write(&file, b"x").expect("write");
        assert!(matches!(Spool::new(file), Err(FormsError::SpoolNotPrivate)));
    }

    #[test]
    fn spooled_files_are_owner_only_and_leave_no_temporary_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let spool = Spool::new(tmp.path().join("spool")).expect("creates");
        let path = spool.write("recovery-sheet-2026-11-27.pdf", b"%PDF-1.3 test").expect("writes");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::read(&path).expect("reads"), b"%PDF-1.3 test");
        let names: Vec<_> = fs::read_dir(spool.dir()).expect("lists").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, vec![OsString::from("recovery-sheet-2026-11-27.pdf")]);
    }

    #[test]
    fn a_paper_already_in_the_spool_is_never_replaced_by_one_of_the_same_name() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let spool = Spool::new(tmp.path().join("spool")).expect("creates");
        let consent = spool.write("forms-C0042-2026-11-27.pdf", b"the consent packet").expect("writes");
        let authorization = spool.write("forms-C0042-2026-11-27.pdf", b"the authorization").expect("writes");
        let third = spool.write("forms-C0042-2026-11-27.pdf", b"a third paper").expect("writes");

        assert_eq!(fs::read(&consent).expect("reads"), b"the consent packet", "the first paper was overwritten");
        assert_eq!(authorization, spool.dir().join("forms-C0042-2026-11-27-2.pdf"));
        assert_eq!(fs::read(&authorization).expect("reads"), b"the authorization");
        assert_eq!(third, spool.dir().join("forms-C0042-2026-11-27-3.pdf"));
        assert_eq!(mode(&authorization), 0o600);
        assert_eq!(fs::read_dir(spool.dir()).expect("lists").count(), 3, "no temporary file is left");
    }

    #[test]
    fn removing_the_spool_wipes_its_papers_and_the_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let spool = Spool::new(tmp.path().join("spool")).expect("creates");
        spool.write("record-C0001-2026-11-27.pdf", b"a record copy").expect("writes");
        assert_eq!(spool.clone().remove().expect("removes"), 1);
        assert!(!spool.dir().exists(), "the folder outlived its removal");
    }

    #[test]
    fn file_names_that_could_leave_the_folder_are_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let spool = Spool::new(tmp.path().join("spool")).expect("creates");
        for bad in [
            "",
            "../x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "..",
            ".",
            ".hidden.pdf",
            "x..pdf",
            "/etc/passwd",
            "name with space.pdf",
            "Jane Doe.pdf",
            "é.pdf",
            "nul\0.pdf",
        ] {
            assert!(matches!(spool.write(bad, b"x"), Err(FormsError::InvalidFileName)), "{bad:?} must be refused");
        }
        assert_eq!(fs::read_dir(spool.dir()).expect("lists").count(), 0);
    }

    #[test]
    fn wipe_zeroes_and_removes_every_file_without_following_links() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, b"must survive").expect("write");
        let spool = Spool::new(tmp.path().join("spool")).expect("creates");
        let a = spool.write("a.pdf", &[7u8; 100_000]).expect("writes");
        spool.write("b.pdf", b"b").expect("writes");
        fs::create_dir(spool.dir().join("sub")).expect("mkdir");
        fs::write(spool.dir().join("sub/c.pdf"), b"c").expect("write");
        std::os::unix::fs::symlink(&outside, spool.dir().join("link.pdf")).expect("symlink");
        // Keep a second name for `a` to observe that its contents were zeroed before removal.
        let witness = tmp.path().join("witness");
        fs::hard_link(&a, &witness).expect("hard link");

        let wiped = spool.wipe().expect("wipes");
        assert_eq!(wiped, 3, "a.pdf, b.pdf and sub/c.pdf");
        assert_eq!(fs::read_dir(spool.dir()).expect("lists").count(), 0, "spool is empty");
        assert_eq!(fs::read(&outside).expect("reads"), b"must survive", "link not followed");
        let after = fs::read(&witness).expect("reads");
        assert_eq!(after.len(), 100_000);
        assert!(after.iter().all(|b| *b == 0), "contents were overwritten with zeros");
        assert_eq!(spool.wipe().expect("wipes an empty spool"), 0);
    }

    #[test]
    fn save_as_writes_owner_only_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("consent.pdf");
        save_as(&path, b"%PDF-1.3 one").expect("saves");
        save_as(&path, b"%PDF-1.3 two").expect("replaces");
        assert_eq!(fs::read(&path).expect("reads"), b"%PDF-1.3 two");
        assert_eq!(mode(&path), 0o600);
        let names: Vec<_> = fs::read_dir(tmp.path()).expect("lists").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, vec![OsString::from("consent.pdf")]);
    }

    #[test]
    fn save_as_into_a_missing_folder_fails_and_leaves_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let err = save_as(&tmp.path().join("missing/consent.pdf"), b"x").expect_err("no folder");
        assert!(matches!(err, FormsError::SaveFailed(_)));
        assert_eq!(fs::read_dir(tmp.path()).expect("lists").count(), 0);
        assert!(matches!(save_as(tmp.path(), b"x"), Err(FormsError::SaveFailed(_))));
        assert_eq!(fs::read_dir(tmp.path()).expect("lists").count(), 0);
    }

    #[test]
    fn save_as_into_a_read_only_folder_fails_and_keeps_the_old_file() {
        if is_root() {
            return; // root ignores permissions; nothing to observe
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("consent.pdf");
        save_as(&path, b"old").expect("saves");
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o500)).expect("chmod");
        let result = save_as(&path, b"new");
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
        assert!(matches!(result, Err(FormsError::SaveFailed(_))));
        assert_eq!(fs::read(&path).expect("reads"), b"old");
    }

    #[test]
    fn the_viewer_is_given_the_path_and_its_failure_is_reported() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let pdf = tmp.path().join("sheet.pdf");
        fs::write(&pdf, b"%PDF-1.3").expect("write");
        let record = tmp.path().join("opened.txt");
        let script = tmp.path().join("viewer.sh");
        fs::write(&script, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display())).expect("write script");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o700)).expect("chmod");
        open_with(script.as_os_str(), &pdf).expect("the viewer runs");
        assert_eq!(fs::read_to_string(&record).expect("recorded"), pdf.display().to_string());

        let err = open_with("false".as_ref(), &pdf).expect_err("false fails");
        assert!(matches!(err, FormsError::ViewerFailed(1)), "{err:?}");
        let err = open_with("/nonexistent/viewer".as_ref(), &pdf).expect_err("no such program");
        assert!(matches!(err, FormsError::ViewerUnavailable(_)), "{err:?}");
        assert!(err.to_string().starts_with("No PDF viewer could be started"));
        let err = open_in_viewer(&tmp.path().join("gone.pdf")).expect_err("missing file");
        assert!(matches!(err, FormsError::ViewerUnavailable(_)));
    }

    fn is_root() -> bool {
        use std::os::unix::fs::MetadataExt;
        fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
    }
}
