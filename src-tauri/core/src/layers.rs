//! The core's floors, bottom to top, as DEVELOPMENT.md ("Layers") draws them. A module uses only
//! modules on floors below its own, never one beside or above it, so that no two modules depend
//! on each other and the lower floors can be read (and tested) without the higher ones. The test
//! below reads every `crate::` path in the core's sources (tests excepted) and names each one that
//! breaks this. Within a module, its root (`mod.rs`) composes its files, which do not go in a
//! circle either (checked by review, not here).

/// Bottom first. Modules on one floor know nothing of each other.
pub const FLOORS: &[&[&str]] = &[
    &["time", "hash", "secret", "passphrase", "paths", "sample_rng", "fault", "layers"],
    &["forms"],
    &["error"],
    &["audit"],
    &["settings"],
    &["ledger"],
    &["vault"],
    &["register"],
    &["consent", "measures", "backup"],
    &["notes"],
    &["clinical", "schedule"],
    &["money"],
    &["disclosure", "recovery_sheet", "will"],
    &["destruction", "practice", "verify", "today"],
    &["demo", "api"],
];

/// The floor of a top-level module, if it has one (the crate root, `lib.rs`, has none).
pub fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The top-level module a source file belongs to: `notes/store.rs` is `notes`.
    fn module_of(src: &Path, file: &Path) -> String {
        let relative = file.strip_prefix(src).expect("under src");
        let first = relative.components().next().expect("a file").as_os_str().to_string_lossy();
        first.trim_end_matches(".rs").to_owned()
    }

    /// Every `crate::name` a file's code names: comments and the tests at its end left out (a
    /// test may build what it needs from higher floors, as the vault's schema for the audit's).
    fn uses(code: &str) -> Vec<String> {
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        let mut found = Vec::new();
        for line in code.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                found.push(name);
            }
        }
        found
    }

    #[test]
    fn no_module_uses_one_beside_or_above_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let module = module_of(&src, file);
            if module == "lib" {
                continue;
            }
            let Some(own) = floor(&module) else {
                wrong.push(format!("{module} has no floor in layers.rs"));
                continue;
            };
            let code = std::fs::read_to_string(file).expect("source");
            for used in uses(&code) {
                if used == module || matches!(used.as_str(), "ApiError" | "ErrorCode") {
                    continue;
                }
                match floor(&used) {
                    Some(theirs) if theirs < own => {}
                    _ => wrong.push(format!("{} uses crate::{used}", file.strip_prefix(&src).expect("src").display())),
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(wrong.is_empty(), "imports against the layers (DEVELOPMENT.md, \"Layers\"):\n{}", wrong.join("\n"));
    }

    #[test]
    fn the_check_sees_an_import_that_runs_up() {
        let code = "use crate::notes::Note;\n// crate::api in a comment is not a use\nlet x = crate::time::iso(d);";
        assert_eq!(uses(code), ["notes", "time"]);
        assert!(floor("notes") > floor("vault"), "notes sit above the vault");
    }
}
