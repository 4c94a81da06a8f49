//! The page's TypeScript, written from the Rust code into `ui/src/lib/generated/types.ts`: the
//! declaration of every type that crosses to the page, by ts-rs, found from what the commands
//! take and answer (plus the error they fail with and the lock event's reason), so no list of
//! types is kept by hand; and `Commands`, each command's arguments and answer, from
//! `register![..]`. `generated_typescript_is_fresh` fails when the file is stale (`make types`
//! writes it).

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use confidant_core::vault::LockReason;
use confidant_core::ApiError;
use ts_rs::{Config, TypeVisitor, TS};

const HEADER: &str = "// Generated from the Rust code by `make types` (ts-rs and the shell's register![..]). Do not edit\n// by hand: the test `generated_typescript_is_fresh` fails when this file is stale.\n";

/// One command as the page calls it.
pub(super) struct Signature {
    pub module: &'static str,
    pub name: &'static str,
    /// Every parameter of the function in order, Tauri's own (`state`, `app`) included.
    pub params: Vec<&'static str>,
    /// What the page sends: each argument's Rust name and TypeScript type.
    pub args: Vec<(&'static str, String)>,
    pub answer: String,
}

/// The arguments the page sends, from every parameter (`None`: one of Tauri's own).
pub(super) fn arguments(params: Vec<Option<(&'static str, String)>>) -> Vec<(&'static str, String)> {
    params.into_iter().flatten().collect()
}

/// Visits `T` and the types its generic arguments name (`Option<Vec<Note>>`: `Note`), as ts-rs
/// visits the type of a field.
pub(super) fn visit<T: TS + 'static>(visitor: &mut impl TypeVisitor) {
    visitor.visit::<T>();
    T::visit_generics(visitor);
}

/// The declaration of every type reached, with its dependencies, by TypeScript name.
struct Declarations<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    by_name: BTreeMap<String, String>,
    clashes: Vec<String>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and containers (`number`, `Array<..>`) have no declaration of their own.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let declaration = format!("{}export {}", T::docs().unwrap_or_default(), T::decl(self.cfg));
        let name = T::ident(self.cfg);
        if let Some(other) = self.by_name.insert(name.clone(), declaration.clone()) {
            if other != declaration {
                self.clashes.push(name);
            }
        }
        T::visit_dependencies(self);
    }
}

/// How Tauri names a command's argument on the page: `client_id` is `clientId`.
fn camel_case(rust: &str) -> String {
    let mut parts = rust.split('_');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The whole content of `ui/src/lib/generated/types.ts`.
pub(super) fn typescript_file() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut found = Declarations { cfg: &cfg, seen: HashSet::new(), by_name: BTreeMap::new(), clashes: Vec::new() };
    // What every command fails with, and the reason the `vault-locked` event carries.
    visit::<ApiError>(&mut found);
    visit::<LockReason>(&mut found);
    super::visit_command_types(&mut found);
    assert!(found.clashes.is_empty(), "two Rust types are both called {:?} in TypeScript", found.clashes);

    let mut out = String::from(HEADER);
    for declaration in found.by_name.values() {
        out.push('\n');
        out.push_str(declaration);
        out.push('\n');
    }
    out.push_str("\n/** Every command the page may call: the arguments it sends, and what it answers (else an `ApiError`). */\nexport type Commands = {\n");
    for command in super::signatures(&cfg) {
        let args = if command.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> =
                command.args.iter().map(|(name, ty)| format!("{}: {ty}", camel_case(name))).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!("  {}: {{ args: {args}; answer: {} }};\n", command.name, command.answer));
    }
    out.push_str("};\n");
    // The page refuses a larger file before reading it; the core checks again.
    out.push_str(&format!(
        "\n/** The largest CSV file an import reads (`register::import::MAX_FILE_BYTES`). */\nexport const \
         IMPORT_MAX_BYTES = {};\n",
        confidant_core::register::import::MAX_FILE_BYTES
    ));
    out
}

/// The parameter names of `pub fn <name>(..)` in `source`, in order; `None` when there is none.
fn parameter_names(source: &str, name: &str) -> Option<Vec<String>> {
    let start = source.find(&format!("pub fn {name}("))? + "pub fn (".len() + name.len();
    let mut depth = 0;
    let mut names = Vec::new();
    let mut current = String::new();
    for c in source[start..].chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                names.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    names.push(current);
    Some(
        names
            .iter()
            .filter_map(|param| param.split(':').next())
            .map(|name| name.trim().trim_start_matches("mut ").to_owned())
            .filter(|name| !name.is_empty())
            .collect(),
    )
}

fn command_source(module: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands").join(format!("{module}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn generated_typescript_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/generated/types.ts");
    let expected = typescript_file();
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &expected).expect("write generated types");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == expected, "ui/src/lib/generated/types.ts is stale: run `make types`");
}

#[test]
fn every_entry_names_the_parameters_of_its_function_in_order() {
    // The compiler checks the types; the names are what the page sends, so they are read here.
    for command in super::signatures(&Config::new()) {
        let source = command_source(command.module);
        let names = parameter_names(&source, command.name)
            .unwrap_or_else(|| panic!("{}.rs has no pub fn {}", command.module, command.name));
        assert_eq!(
            names, command.params,
            "register![..] names the parameters of {}::{} differently from the function",
            command.module, command.name
        );
    }
}

#[test]
fn every_command_function_is_registered() {
    let modules: HashSet<&str> = super::signatures(&Config::new()).iter().map(|c| c.module).collect();
    for module in modules {
        let source = command_source(module);
        for (at, _) in source.match_indices("#[tauri::command") {
            let after = &source[at..];
            let name = after
                .split("pub fn ")
                .nth(1)
                .and_then(|rest| rest.split('(').next())
                .unwrap_or_else(|| panic!("a command in {module}.rs without a pub fn"));
            assert!(super::NAMES.contains(&name), "{module}::{name} is a command but is not in register![..]");
        }
    }
}

#[test]
fn parameter_names_are_read_across_lines_and_generic_types() {
    let source = "pub fn other() {}\npub fn import_commit(\n    state: State<'_, AppState>,\n    mapping: \
                  Option<Vec<Option<ImportField>>>,\n    skip_rows: BTreeSet<u32>,\n) -> Result<()> {";
    assert_eq!(
        parameter_names(source, "import_commit"),
        Some(vec!["state".to_owned(), "mapping".to_owned(), "skip_rows".to_owned()])
    );
    assert_eq!(parameter_names("pub fn ui_ready() {", "ui_ready"), Some(vec![]));
    assert_eq!(parameter_names(source, "missing"), None);
    assert_eq!(camel_case("expected_revision"), "expectedRevision");
    assert_eq!(camel_case("id"), "id");
}
