//! Spelling in the editor: WebKitGTK's checker, which is Enchant with the system's dictionaries
//! (nothing leaves the machine), plus her words from the vault, lent to Enchant as a personal
//! word list in a private folder in memory (`confidant_core::notes::word_list`).
//!
//! Enchant finds that folder through `ENCHANT_CONFIG_DIR` (and Aspell under it `ASPELL_CONF`),
//! read when the checker starts in this (the UI) process. Without a folder in memory spell
//! checking stays off: the checker's "Learn Spelling" would otherwise write her words under the
//! home folder (`~/.config/enchant`, `~/.aspell.en.pws`), on disk.

use std::sync::{Mutex, MutexGuard, PoisonError};

use confidant_core::notes::word_list::{self, WordList};
use confidant_core::notes::NotesError;
use confidant_core::paths::DataDir;
use confidant_core::vault::Session;

pub struct Spelling {
    /// `None` when no private folder in memory could be made: spell checking is then off.
    list: Mutex<Option<WordList>>,
}

impl Spelling {
    /// Makes the private folder (wiping what a crash left there) and points Enchant at it. Call
    /// before GTK starts, while there is one thread.
    pub fn prepare(dir: &DataDir) -> Spelling {
        let list = dir.memory().and_then(|base| WordList::create(word_list::folder(base, dir.root())).ok());
        for (name, value) in list.iter().flat_map(WordList::environment) {
            std::env::set_var(name, value);
        }
        Spelling { list: Mutex::new(list) }
    }

    fn list(&self) -> MutexGuard<'_, Option<WordList>> {
        self.list.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The languages the checker loaded, which name the word lists it reads.
    fn set_languages(&self, languages: &[String]) {
        if let Some(list) = self.list().as_mut() {
            let _ = list.set_languages(languages);
        }
    }

    /// Takes words the checker learned into the vault and gives it every word there; at unlock,
    /// and whenever her dictionary is read or changed. Returns the vault's words.
    pub fn sync(&self, session: &mut Session) -> Result<Vec<String>, NotesError> {
        word_list::sync(session, self.list().as_mut())
    }

    /// At lock: words the checker learned go into the vault, then its lists are emptied.
    pub fn lock(&self, session: &mut Session) {
        let mut list = self.list();
        // Best effort: locking must not wait on the spell checker.
        let _ = word_list::sync(session, list.as_mut());
        if let Some(list) = list.as_mut() {
            let _ = list.clear();
        }
    }

    /// At quit: the lists zeroed and removed with their folder.
    pub fn remove(&self) {
        if let Some(list) = self.list().take() {
            let _ = list.remove();
        }
    }
}

/// Turns on the web view's spell checking in the locale's languages, or American English when
/// none of them has a dictionary here, unless there is no private folder for her words.
pub fn enable(window: &tauri::WebviewWindow, spelling: std::sync::Arc<Spelling>) {
    use webkit2gtk::{WebContextExt, WebViewExt};

    let _ = window.with_webview(move |webview| {
        let Some(context) = webview.inner().context() else { return };
        if spelling.list().is_none() {
            return;
        }
        let wanted = word_list::languages_from_locale(|name| std::env::var(name).ok());
        context.set_spell_checking_enabled(true);
        context.set_spell_checking_languages(&wanted.iter().map(String::as_str).collect::<Vec<_>>());
        let mut loaded = context.spell_checking_languages();
        if loaded.is_empty() {
            context.set_spell_checking_languages(&[word_list::FALLBACK_LANGUAGE]);
            loaded = context.spell_checking_languages();
        }
        spelling.set_languages(&loaded.iter().map(ToString::to_string).collect::<Vec<_>>());
    });
}
