//! The parts of the Linux desktop the shell uses, one file each: the session's lock and sleep
//! signals (`lock_signals`), the quit signals of a logout or Ctrl+C (`quit_signals`), how the web
//! view paints (`rendering`), one window per vault (`instance`), the web view's files in memory
//! (`webview_data`), the spell checker's word list in memory (`spelling`) and GTK's list of recent
//! files (`recent_files`).

pub mod instance;
pub mod lock_signals;
pub mod quit_signals;
pub mod recent_files;
pub mod rendering;
pub mod spelling;
pub mod webview_data;
