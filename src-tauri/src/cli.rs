//! The `confidant` binary: the window when started without arguments, headless subcommands
//! (added by later capabilities) when started with one. Passphrases are read from standard
//! input, never from the command line.

use std::process::ExitCode;

use confidant_core::paths::DataDir;

const USAGE: &str = "Usage:
  confidant                         open the app
  confidant demo --data-dir DIR     make a vault of fictional data; prints its passphrase last
  confidant --version               print the version
";

pub fn main_entry() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        // WebKitWebDriver starts the app with `--automation` for end-to-end tests.
        None | Some("--automation") => gui(),
        Some("--version") => say(&format!("confidant {}\n", env!("CARGO_PKG_VERSION")), ExitCode::SUCCESS),
        Some("--help" | "-h") => say(USAGE, ExitCode::SUCCESS),
        Some("demo") => demo(&args[1..]),
        Some(_) => fail(&format!("Unknown command.\n{USAGE}"), ExitCode::from(2)),
    }
}

fn gui() -> ExitCode {
    let Some(dir) = DataDir::from_env() else {
        return fail("Confidant could not find a data directory (set CONFIDANT_DATA_DIR).\n", ExitCode::from(1));
    };
    match crate::run_gui(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&format!("{message}\n"), ExitCode::from(1)),
    }
}

fn demo(args: &[String]) -> ExitCode {
    let Some(dir) = data_dir_option(args) else {
        return fail(&format!("confidant demo needs --data-dir DIR.\n{USAGE}"), ExitCode::from(2));
    };
    match confidant_core::demo::create(&dir) {
        Ok(passphrase) => say(
            &format!("Demo vault created in {}\npassphrase: {}\n", dir.root().display(), passphrase.as_str()),
            ExitCode::SUCCESS,
        ),
        Err(error) => fail(&format!("{error}\n"), ExitCode::from(1)),
    }
}

/// `--data-dir DIR` (or `--data-dir=DIR`), and nothing else unknown.
fn data_dir_option(args: &[String]) -> Option<DataDir> {
    match args {
        [flag, dir] if flag == "--data-dir" => Some(DataDir::new(dir)),
        [flag] => flag.strip_prefix("--data-dir=").map(DataDir::new),
        _ => None,
    }
}

fn say(text: &str, code: ExitCode) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text.as_bytes());
    code
}

fn fail(text: &str, code: ExitCode) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
    code
}
