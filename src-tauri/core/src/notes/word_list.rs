//! The spell checker's copy of her dictionary. The web view checks spelling with Enchant and the
//! system's dictionaries; Enchant takes extra words from a personal word list, one word a line in
//! `<folder>/<language>.dic`, where the folder is `ENCHANT_CONFIG_DIR`. The vault keeps her words;
//! this list only mirrors them while the vault is unlocked, in a private folder in memory
//! (`$XDG_RUNTIME_DIR` or `/dev/shm`, never the home folder), emptied at lock and wiped at start
//! and quit like the print spool.
//!
//! Enchant re-reads a list when its modification time, in whole seconds, differs from the one it
//! last read, and keeps what it had while the file is missing. So a write sets the time to a
//! second that is always new, and locking leaves empty lists rather than none.
//!
//! The checker's own "Learn Spelling" appends to the same file: such words are taken into the
//! vault ([`sync`]) the next time her dictionary is read or changed, and at lock. Enchant also
//! hands a learned word to the provider's library, and Aspell (Debian's choice for English)
//! keeps its own list in the home folder unless told otherwise: [`WordList::environment`] sends
//! it here too.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::dictionary::{add_word, dictionary_words};
use super::NotesError;
use crate::forms::spool::Spool;
use crate::forms::FormsError;
use crate::paths::DataDir;
use crate::vault::Session;

/// The language when the locale names none ("C", "POSIX" or nothing).
pub const FALLBACK_LANGUAGE: &str = "en_US";

/// The private folder for a vault's word lists under `base` (a folder in memory).
pub fn folder(base: &Path, data_root: &Path) -> PathBuf {
    DataDir::new(data_root).memory_folder(base, "spelling")
}

/// The spell-checking languages for a locale, as Enchant names them (`en_US`), from the
/// variables GLib reads, in its order: `LANGUAGE` (a list separated by colons), `LC_ALL`,
/// `LC_MESSAGES`, `LANG`. [`FALLBACK_LANGUAGE`] when none names a language.
pub fn languages_from_locale(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let list =
        ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
    let mut out: Vec<String> = Vec::new();
    for tag in list.iter().flat_map(|v| v.split(':')).filter_map(enchant_tag) {
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.is_empty() {
        out.push(FALLBACK_LANGUAGE.to_owned());
    }
    out
}

/// `en_GB.UTF-8@euro` → `en_GB`, `pt-br` → `pt_BR`; `None` for `C`, `POSIX` and anything that
/// is not a language (it becomes a file name).
fn enchant_tag(locale: &str) -> Option<String> {
    let base = locale.split(['.', '@']).next().unwrap_or_default().replace('-', "_");
    let (language, territory) = base.split_once('_').map_or((base.as_str(), None), |(l, t)| (l, Some(t)));
    let letters = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic())
    };
    if !letters(language, 2..=3) || territory.is_some_and(|t| !letters(t, 2..=2)) {
        return None;
    }
    let language = language.to_ascii_lowercase();
    Some(match territory {
        Some(t) => format!("{language}_{}", t.to_ascii_uppercase()),
        None => language,
    })
}

/// The word lists of one vault, for the languages the checker uses.
#[derive(Debug)]
pub struct WordList {
    folder: Spool,
    languages: Vec<String>,
    /// What was last written, to tell words the checker learned on its own.
    written: BTreeSet<String>,
    /// The modification time last given to the files, in seconds since the epoch.
    stamp: u64,
}

impl WordList {
    /// Makes the private folder (0700; a symlink, a file, or someone else's folder in its place
    /// is refused) and wipes anything left in it by a previous run.
    pub fn create(folder: PathBuf) -> Result<WordList, FormsError> {
        let folder = Spool::new(folder)?;
        folder.wipe()?;
        Ok(WordList { folder, languages: Vec::new(), written: BTreeSet::new(), stamp: 0 })
    }

    pub fn folder(&self) -> &Path {
        self.folder.dir()
    }

    /// The variables that make Enchant, and Aspell under it, read and write their personal
    /// lists in this folder. Set them before the checker starts.
    pub fn environment(&self) -> [(&'static str, OsString); 2] {
        let mut aspell = OsString::from("home-dir ");
        aspell.push(self.folder.dir());
        [("ENCHANT_CONFIG_DIR", self.folder.dir().into()), ("ASPELL_CONF", aspell)]
    }

    /// The languages the checker loaded; their lists get the words written last.
    pub fn set_languages(&mut self, languages: &[String]) -> io::Result<()> {
        self.languages = languages.iter().filter_map(|l| enchant_tag(l)).collect();
        let words: Vec<String> = self.written.iter().cloned().collect();
        self.write(&words)
    }

    /// Replaces every list with `words`, in place: the old contents are overwritten with zeros
    /// first, so no copy is left behind in memory pages of a removed file.
    pub fn write(&mut self, words: &[String]) -> io::Result<()> {
        let text: String = words.iter().map(|w| format!("{w}\n")).collect();
        self.stamp = next_stamp(self.stamp);
        let mut first_error = None;
        for language in &self.languages {
            let path = self.path(language);
            if let Err(e) = overwrite(&path, text.as_bytes(), self.stamp) {
                first_error.get_or_insert(e);
            }
        }
        self.written = words.iter().cloned().collect();
        first_error.map_or(Ok(()), Err)
    }

    /// Words in the lists that were not written here: what the checker's "Learn Spelling" added.
    pub fn learned(&self) -> Vec<String> {
        let mut found = BTreeSet::new();
        for language in &self.languages {
            let Ok(text) = fs::read_to_string(self.path(language)) else { continue };
            for word in text.lines().map(str::trim) {
                if !word.is_empty() && !self.written.contains(word) {
                    found.insert(word.to_owned());
                }
            }
        }
        found.into_iter().collect()
    }

    /// At lock: every file in the folder zeroed and removed (Aspell's too), then the lists
    /// written empty, so the checker reloads them and forgets her words.
    pub fn clear(&mut self) -> Result<(), FormsError> {
        self.folder.wipe()?;
        self.write(&[]).map_err(FormsError::Spool)
    }

    /// At quit: every file in the folder zeroed and removed, then the folder.
    pub fn remove(self) -> Result<(), FormsError> {
        self.folder.wipe()?;
        fs::remove_dir(self.folder.dir()).map_err(FormsError::Spool)
    }

    fn path(&self, language: &str) -> PathBuf {
        self.folder.dir().join(format!("{language}.dic"))
    }
}

/// Takes the words the checker learned into the vault (those that are not a word by
/// [`add_word`]'s rules are dropped), then gives the checker every word in the vault. Returns
/// the vault's words. Writing the list is best effort: the vault has her words either way, and a
/// checker without them only underlines more.
pub fn sync(session: &mut Session, list: Option<&mut WordList>) -> Result<Vec<String>, NotesError> {
    let Some(list) = list else { return dictionary_words(session.conn()) };
    for word in list.learned() {
        match add_word(session, &word) {
            Ok(_) | Err(NotesError::Invalid(_)) => {}
            Err(other) => return Err(other),
        }
    }
    let words = dictionary_words(session.conn())?;
    let _ = list.write(&words);
    Ok(words)
}

/// A modification time in whole seconds that differs from the last one Enchant may have read:
/// after the last one given, and after the current second (the file's own time while it is
/// being written, or when the checker last appended to it).
fn next_stamp(last: u64) -> u64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    (now + 1).max(last + 1)
}

fn overwrite(path: &Path, bytes: &[u8], stamp: u64) -> io::Result<()> {
    // The folder is owner-only, so nobody else can have put a link or anything else here.
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    let old = file.metadata()?.len();
    let zeros = vec![0u8; usize::try_from(old).unwrap_or(0)];
    file.write_all(&zeros)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.set_modified(UNIX_EPOCH + Duration::from_secs(stamp))
}
