//! The `confidant` binary: the window when started without arguments, headless subcommands
//! (added by later capabilities) when started with one. Passphrases are read from standard
//! input, never from the command line.

use std::process::ExitCode;

use confidant_core::paths::DataDir;
use confidant_core::secret::{Passphrase, RecoveryKeyText};
use confidant_core::vault::integrity::Pin;
use confidant_core::verify::{self, Report};
use zeroize::Zeroizing;

const USAGE: &str = "Usage:
  confidant                         open the app
  confidant demo --data-dir DIR [--clients N]
                                    make a vault of fictional data; prints its passphrase last
  confidant backup create --data-dir DIR --out FILE
                                    back up the vault; reads the vault passphrase, then the
                                    backup passphrase, one per line, from standard input
  confidant backup verify FILE      check a backup; reads its passphrase (or, for an automatic
                                    backup, the recovery key) from standard input
  confidant backup restore FILE --data-dir NEWDIR
                                    restore into a new vault; reads the backup's passphrase, then
                                    the new vault's passphrase twice, from standard input
  confidant forms sample --out DIR [--data-dir DIR]
                                    render every form filled with a fictional client, one PDF
                                    each (and a sample receipt, statement, superbill and Good
                                    Faith Estimate), for review; with --data-dir, the vault's
                                    current forms and practice profile (reads the vault
                                    passphrase from standard input), otherwise the forms
                                    Confidant ships; and a sample custodian packet with a
                                    made-up key
  confidant verify --data-dir DIR [--pin PIN]...
                                    check the vault's history: the audit trail's and the
                                    disclosure ledger's hash chains, the triggers that guard
                                    them, the anchor file and every signed note; each PIN (as
                                    printed on a disclosure, L12-3f2a1b4c5d6e7f80) must still be
                                    there. Reads the vault passphrase from standard input; exits
                                    0 when intact, 3 when something was altered (each problem on
                                    standard error), 1 on failure
  confidant ledger verify ...       the same as confidant verify (its earlier name)
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
        Some("backup") => backup(&args[1..]),
        Some("forms") => forms(&args[1..]),
        Some("verify") => verify(&args[1..]),
        Some("ledger") => ledger(&args[1..]),
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

fn backup(args: &[String]) -> ExitCode {
    let usage = |message: &str| fail(&format!("{message}\n{USAGE}"), ExitCode::from(2));
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => return usage("confidant backup needs create, verify or restore."),
    };
    // `verify` and `restore` take the backup file first.
    let (file, rest) = match (command, rest.split_first()) {
        ("verify" | "restore", Some((file, rest))) if !file.starts_with("--") => (Some(file.as_str()), rest),
        ("verify" | "restore", _) => return usage(&format!("confidant backup {command} needs a backup FILE.")),
        _ => (None, rest),
    };
    let known: &[&str] = match command {
        "create" => &["--data-dir", "--out"],
        "verify" => &[],
        "restore" => &["--data-dir"],
        _ => return usage("confidant backup needs create, verify or restore."),
    };
    let options = match Options::parse(rest, known) {
        Ok(options) => options,
        Err(message) => return usage(&message),
    };
    let mut input = StdinLines::new();
    let result = match command {
        "create" => {
            let (Some(dir), Some(out)) = (options.get("--data-dir"), options.get("--out")) else {
                return usage("confidant backup create needs --data-dir DIR and --out FILE.");
            };
            backup_create(DataDir::new(dir), std::path::Path::new(out), &mut input).map(Zeroizing::new)
        }
        "verify" => backup_verify(std::path::Path::new(file.unwrap_or_default()), &mut input).map(Zeroizing::new),
        _ => {
            let Some(dir) = options.get("--data-dir") else {
                return usage("confidant backup restore needs --data-dir NEWDIR.");
            };
            backup_restore(std::path::Path::new(file.unwrap_or_default()), DataDir::new(dir), &mut input)
        }
    };
    match result {
        Ok(text) => say(&text, ExitCode::SUCCESS),
        Err(CliError::Usage(message)) => usage(&message),
        Err(CliError::Failed(message)) => fail(&format!("{message}\n"), ExitCode::from(1)),
    }
}

fn forms(args: &[String]) -> ExitCode {
    let usage = |message: &str| fail(&format!("{message}\n{USAGE}"), ExitCode::from(2));
    let Some(("sample", rest)) = args.split_first().map(|(c, r)| (c.as_str(), r)) else {
        return usage("confidant forms needs sample.");
    };
    let options = match Options::parse(rest, &["--out", "--data-dir"]) {
        Ok(options) => options,
        Err(message) => return usage(&message),
    };
    let Some(out) = options.get("--out") else {
        return usage("confidant forms sample needs --out DIR.");
    };
    let result = forms_sample(std::path::Path::new(out), options.get("--data-dir").map(DataDir::new));
    match result {
        Ok(text) => say(&text, ExitCode::SUCCESS),
        Err(CliError::Usage(message)) => usage(&message),
        Err(CliError::Failed(message)) => fail(&format!("{message}\n"), ExitCode::from(1)),
    }
}

fn forms_sample(out: &std::path::Path, dir: Option<DataDir>) -> Result<String, CliError> {
    let today = chrono::Local::now().date_naive();
    let mut rendered = match dir {
        Some(dir) => {
            let passphrase = StdinLines::new().secret("the vault passphrase")?;
            let session = confidant_core::vault::unlock(&dir, &passphrase)?;
            confidant_core::practice::prepare(&session)?;
            let rendered = confidant_core::clinical::plans::sample_forms(Some(session.conn()), today);
            session.lock(confidant_core::vault::LockReason::Manual)?;
            rendered?
        }
        None => confidant_core::clinical::plans::sample_forms(None, today)?,
    };
    rendered.extend(confidant_core::money::papers::samples(today)?);
    // The professional will's packet, with made-up details and a key that opens nothing.
    rendered.push(("custodian-packet.pdf".to_owned(), confidant_core::will::sample_packet(today)?));
    std::fs::create_dir_all(out)?;
    let mut written = String::new();
    for (name, pdf) in rendered {
        let path = out.join(&name);
        confidant_core::forms::save_as(&path, &pdf)?;
        written.push_str(&format!("{}\n", path.display()));
    }
    Ok(written)
}

fn ledger(args: &[String]) -> ExitCode {
    match args.split_first() {
        Some((command, rest)) if command == "verify" => verify(rest),
        _ => fail(&format!("confidant ledger needs verify.\n{USAGE}"), ExitCode::from(2)),
    }
}

fn verify(args: &[String]) -> ExitCode {
    let usage = |message: &str| fail(&format!("{message}\n{USAGE}"), ExitCode::from(2));
    let options = match Options::parse(args, &["--data-dir", "--pin"]) {
        Ok(options) => options,
        Err(message) => return usage(&message),
    };
    let Some(dir) = options.get("--data-dir").map(DataDir::new) else {
        return usage("confidant verify needs --data-dir DIR.");
    };
    let pins = match options.all("--pin").map(Pin::parse).collect::<Result<Vec<_>, _>>() {
        Ok(pins) => pins,
        Err(error) => return usage(&error.to_string()),
    };
    match vault_verify(dir, &pins) {
        Ok(report) if report.intact() => say(&format!("{}\n", report.summary().join("\n")), ExitCode::SUCCESS),
        Ok(report) => fail(&format!("{}\n", report.findings.join("\n")), ExitCode::from(3)),
        Err(CliError::Usage(message)) => usage(&message),
        Err(CliError::Failed(message)) => fail(&format!("{message}\n"), ExitCode::from(1)),
    }
}

fn vault_verify(dir: DataDir, pins: &[Pin]) -> Result<Report, CliError> {
    let passphrase = StdinLines::new().secret("the vault passphrase")?;
    Ok(verify::verify(&dir, &passphrase, pins)?)
}

enum CliError {
    Usage(String),
    Failed(String),
}

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(error: E) -> Self {
        Self::Failed(error.to_string())
    }
}

/// Passphrases, one per line, from standard input; never echoed, never from the command line.
struct StdinLines(std::io::Lines<std::io::StdinLock<'static>>);

impl StdinLines {
    fn new() -> Self {
        use std::io::BufRead;
        Self(std::io::stdin().lock().lines())
    }

    fn secret(&mut self, what: &str) -> Result<Passphrase, CliError> {
        match self.0.next() {
            Some(Ok(line)) => Ok(Passphrase::new(line.trim_end_matches('\r').to_string())),
            _ => Err(CliError::Usage(format!("Expected {what} on a line of standard input."))),
        }
    }
}

fn summary_text(summary: &confidant_core::backup::BackupSummary) -> String {
    format!(
        "made {} by Confidant {} (schema {}): {} clients, {} notes",
        summary.created_at, summary.app_version, summary.schema_version, summary.clients, summary.notes
    )
}

fn backup_create(dir: DataDir, out: &std::path::Path, input: &mut StdinLines) -> Result<String, CliError> {
    let vault_passphrase = input.secret("the vault passphrase")?;
    let backup_passphrase = input.secret("the backup passphrase")?;
    let mut session = confidant_core::vault::unlock(&dir, &vault_passphrase)?;
    let check = confidant_core::passphrase::check(backup_passphrase.expose_secret());
    if !check.acceptable {
        session.lock(confidant_core::vault::LockReason::Manual)?;
        return Err(CliError::Failed(format!("The backup passphrase is too weak. {}", check.problems.join(" "))));
    }
    // The same rule as the window: the whole vault leaves only after the passphrase is checked.
    let made = session
        .confirm_passphrase(&vault_passphrase)
        .map_err(confidant_core::backup::BackupError::from)
        .and_then(|checked| confidant_core::backup::create_backup(checked, &mut session, out, &backup_passphrase));
    session.lock(confidant_core::vault::LockReason::Manual)?;
    Ok(format!("Backup saved and verified: {}\n{}\n", out.display(), summary_text(&made?)))
}

fn backup_verify(file: &std::path::Path, input: &mut StdinLines) -> Result<String, CliError> {
    let typed = input.secret("the backup passphrase or recovery key")?;
    let key = confidant_core::backup::BackupKey::for_file(file, typed.expose_secret().to_string())?;
    let summary = confidant_core::backup::verify(file, &key)?;
    Ok(format!("The backup is whole and opens: {}\n", summary_text(&summary)))
}

/// Ends with the restored vault's new recovery key: the text is zeroed once written out.
fn backup_restore(file: &std::path::Path, dir: DataDir, input: &mut StdinLines) -> Result<Zeroizing<String>, CliError> {
    let typed = input.secret("the backup passphrase or recovery key")?;
    let passphrase = input.secret("the new vault passphrase")?;
    let confirmation = input.secret("the new vault passphrase again")?;
    let key = confidant_core::backup::BackupKey::for_file(file, typed.expose_secret().to_string())?;
    let (mut session, summary) =
        confidant_core::backup::restore::restore_into_new(file, &key, &dir, &passphrase, &confirmation)?;
    let recovery = RecoveryKeyText::of(session.pending_recovery_key());
    session.confirm_recovery_sheet_kept()?;
    session.lock(confidant_core::vault::LockReason::Manual)?;
    let before = format!(
        "Restored into {}: {}\nThe restored vault has a new recovery key. Write it down and keep it safe:\nrecovery key: ",
        dir.root().display(),
        summary_text(&summary)
    );
    // One buffer of its size: growing it would free a copy of the key unwiped.
    let mut text = Zeroizing::new(String::with_capacity(before.len() + recovery.expose_secret().len() + 1));
    text.push_str(&before);
    text.push_str(recovery.expose_secret());
    text.push('\n');
    Ok(text)
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

    /// Every value of an option that may be given more than once.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
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
