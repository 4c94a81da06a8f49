//! The `confidant` binary: the window when started without arguments, headless subcommands
//! (added by later capabilities) when started with one. Passphrases are read from standard
//! input, never from the command line.

use std::process::ExitCode;

use confidant_core::paths::DataDir;

const USAGE: &str = "Usage:
  confidant                         open the app
  confidant demo --data-dir DIR [--clients N]
                                    make a vault of fictional data; prints its passphrase last
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
    let options = match Options::parse(args, &["--data-dir", "--clients"]) {
        Ok(options) => options,
        Err(message) => return fail(&format!("{message}\n{USAGE}"), ExitCode::from(2)),
    };
    let Some(dir) = options.get("--data-dir").map(DataDir::new) else {
        return fail(&format!("confidant demo needs --data-dir DIR.\n{USAGE}"), ExitCode::from(2));
    };
    let clients = match options.get("--clients").map(str::parse::<usize>) {
        None => confidant_core::demo::DEMO_CLIENTS,
        Some(Ok(n)) if n <= 100_000 => n,
        Some(_) => return fail("--clients takes a number up to 100000.\n", ExitCode::from(2)),
    };
    match confidant_core::demo::create_with(&dir, clients) {
        Ok(passphrase) => say(
            &format!("Demo vault created in {}\npassphrase: {}\n", dir.root().display(), passphrase.as_str()),
            ExitCode::SUCCESS,
        ),
        Err(error) => fail(&format!("{error}\n"), ExitCode::from(1)),
    }
}

/// `--name value` or `--name=value` pairs, each name from a known list.
struct Options(Vec<(String, String)>);

impl Options {
    fn parse(args: &[String], known: &[&str]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name.to_string(), value.to_string()),
                None => (arg.clone(), rest.next().cloned().ok_or(format!("{arg} needs a value."))?),
            };
            if !known.contains(&name.as_str()) {
                return Err(format!("Unknown option {name}."));
            }
            pairs.push((name, value));
        }
        Ok(Self(pairs))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
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
