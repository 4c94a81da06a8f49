//! What the shipped build is allowed to do, read from the files it is built from: a strict Content
//! Security Policy, no developer tools, and capabilities that grant the window nothing beyond what
//! the app uses. (`scripts/package-test.sh` checks the built release binary itself for devtools.)

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn shell_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn tauri_conf() -> Value {
    read_json(&shell_dir().join("tauri.conf.json"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// The policy as directive → sources, whether written as one string or as a map.
fn directives(csp: &Value) -> Vec<(String, Vec<String>)> {
    let split = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match csp {
        Value::String(policy) => policy
            .split(';')
            .filter_map(|d| {
                let mut words = split(d).into_iter();
                words.next().map(|name| (name, words.collect()))
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(s) => split(s),
                    other => strings(other).into_iter().map(str::to_owned).collect(),
                };
                (name.clone(), sources)
            })
            .collect(),
        other => panic!("app.security.csp must be a policy, found {other}"),
    }
}

/// Sources that name nothing outside the app: its own bundled assets and Tauri's IPC channel
/// (`ipc:` on Linux and macOS, `http://ipc.localhost` on Windows).
fn is_local_source(directive: &str, source: &str) -> bool {
    match source {
        "'self'" | "'none'" => true,
        "ipc:" | "http://ipc.localhost" => directive == "connect-src",
        // Svelte sets inline styles for transitions; styles cannot send anything anywhere.
        "'unsafe-inline'" => directive == "style-src",
        // Images the page makes itself.
        "data:" => directive == "img-src",
        _ => false,
    }
}

#[test]
fn the_csp_allows_only_the_app_itself() {
    let conf = tauri_conf();
    let csp = &conf["app"]["security"]["csp"];
    assert!(!csp.is_null(), "tauri.conf.json has no app.security.csp: the window would load anything");
    let policy = directives(csp);
    let get = |name: &str| policy.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());

    assert_eq!(get("default-src"), Some(vec!["'self'".to_owned()]), "default-src must be exactly 'self'");
    for name in ["object-src", "base-uri", "form-action", "frame-ancestors"] {
        assert_eq!(get(name), Some(vec!["'none'".to_owned()]), "{name} must be 'none'");
    }
    for (name, sources) in &policy {
        for source in sources {
            assert!(
                is_local_source(name, source),
                "the CSP's {name} allows {source}: only the app's own assets and its IPC channel may be named \
                 (no remote origin, scheme or wildcard, no 'unsafe-eval', no inline script)"
            );
        }
    }
    for key in ["dangerousDisableAssetCspModification", "devCsp"] {
        assert!(conf["app"]["security"][key].is_null(), "app.security.{key} must not be set");
    }
}

#[test]
fn the_window_loads_only_the_bundled_ui() {
    let conf = tauri_conf();
    let dist = conf["build"]["frontendDist"].as_str().expect("build.frontendDist is a path");
    assert!(!dist.contains("://"), "build.frontendDist must be the bundled UI, not a URL: {dist}");
    let windows = conf["app"]["windows"].as_array().expect("app.windows");
    for window in windows {
        let url = window["url"].as_str().unwrap_or("index.html");
        assert!(!url.contains("://"), "a window must open the bundled UI, not {url}");
        assert_ne!(window["devtools"], Value::Bool(true), "a window asks for devtools");
    }
}

#[test]
fn devtools_are_not_compiled_in() {
    // Tauri's `devtools` feature is what would keep the web inspector in a release build.
    for manifest in [shell_dir().join("Cargo.toml"), shell_dir().join("../Cargo.toml")] {
        let text = std::fs::read_to_string(&manifest).expect("read Cargo.toml");
        assert!(
            !text.contains("devtools"),
            "{} mentions devtools; release builds must not have them",
            manifest.display()
        );
    }
}

#[test]
fn capabilities_grant_exactly_what_the_commands_need() {
    let dir = shell_dir().join("capabilities");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("capabilities dir").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let names: Vec<String> =
        files.iter().map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).collect();
    assert_eq!(names, ["main.json"], "a new capability file must be reviewed and added to this test");

    let main = read_json(&files[0]);
    assert_eq!(main["windows"], json!(["main"]), "the capability applies to the main window only");
    for key in ["remote", "webviews", "platforms"] {
        assert!(main[key].is_null(), "capabilities/main.json sets {key}: review it and this test");
    }
    // The app's own commands need no permission; these are Tauri's, used by the UI. Adding one
    // means adding it here, deliberately.
    assert_eq!(
        main["permissions"],
        json!(["core:event:allow-listen", "core:event:allow-unlisten", "core:window:allow-set-title"]),
        "the window's permissions changed"
    );
}
