//! Everything the shell asks of the operating system, behind one small interface, so that the
//! rest of the shell (commands, state, the lock gate) is the same on every system and another
//! system is a bounded job: implement these, nothing else. Linux is the one implementation today
//! (`linux/`); DEVELOPMENT.md ("Other systems") lists what macOS and Windows would need for each.
//!
//! - Lock signals: lock the vault when the session locks or the machine sleeps, and hold the
//!   sleep until it is locked ([`watch_lock_signals`]).
//! - Quit signals: a logout or Ctrl+C quits like closing the window ([`watch_quit_signals`]).
//! - A folder in memory: the web view's own files ([`WebviewData`]); the core finds the same
//!   folder for the print spool (`confidant_core::paths::DataDir`).
//! - One window per vault ([`claim_instance`]).
//! - Spelling with her words kept in memory ([`Spelling`], [`enable_spelling`]).
//! - Painting the pages cheaply ([`prefer_software_rendering`]).
//! - No trace in the desktop's recent files ([`forget_recent_files`]).

#[cfg(target_os = "linux")]
mod linux;

#[cfg(not(target_os = "linux"))]
compile_error!("Confidant's shell runs on Linux today; DEVELOPMENT.md (\"Other systems\") lists what another needs.");

pub use linux::instance::{claim as claim_instance, Claim};
pub use linux::lock_signals::watch as watch_lock_signals;
pub use linux::quit_signals::watch as watch_quit_signals;
pub use linux::recent_files::forget as forget_recent_files;
pub use linux::rendering::prefer_software_rendering;
pub use linux::spelling::{enable as enable_spelling, Spelling};
pub use linux::webview_data::WebviewData;
