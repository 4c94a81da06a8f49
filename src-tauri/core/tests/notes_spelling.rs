//! The spell checker's copy of her dictionary: where it lives, what it holds when, and that
//! Enchant (the library behind the web view's checker) reads it from there and nowhere else.

use crate::common;

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::TestVault;
use confidant_core::notes::{self, word_list, word_list::WordList};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

fn modified(path: &Path) -> std::time::SystemTime {
    fs::metadata(path).expect("exists").modified().expect("mtime")
}

fn en_us_list(temp: &Path) -> WordList {
    let mut list = WordList::create(temp.join("runtime/confidant-spelling-test")).expect("private folder");
    list.set_languages(&["en_US".to_owned()]).expect("languages");
    list
}

#[test]
fn languages_come_from_the_locale_as_enchant_names_them() {
    let locale = |vars: &[(&str, &str)]| {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        word_list::languages_from_locale(|name| vars.get(name).cloned())
    };
    assert_eq!(locale(&[("LANG", "en_GB.UTF-8")]), ["en_GB"]);
    assert_eq!(locale(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "fr_CA.UTF-8@euro")]), ["fr_CA"], "LC_ALL wins");
    assert_eq!(locale(&[("LANGUAGE", "es_MX:es:en_US"), ("LANG", "es_MX.UTF-8")]), ["es_MX", "es", "en_US"]);
    assert_eq!(locale(&[("LANGUAGE", ""), ("LANG", "pt-br")]), ["pt_BR"], "an empty LANGUAGE is skipped");
    for nothing in [&[][..], &[("LANG", "C.UTF-8")], &[("LC_ALL", "POSIX")], &[("LANG", "../../etc/x")]] {
        assert_eq!(locale(nothing), ["en_US"], "{nothing:?} falls back to American English");
    }
}

#[test]
fn the_folder_is_named_by_the_data_folder_without_saying_anything_about_it() {
    let base = Path::new("/run/user/1000");
    let a = word_list::folder(base, Path::new("/home/jo/.local/share/confidant"));
    let b = word_list::folder(base, Path::new("/media/usb/confidant"));
    assert_ne!(a, b);
    assert_eq!(a.parent(), Some(base));
    let name = a.file_name().and_then(|n| n.to_str()).expect("a name");
    assert!(name.starts_with("confidant-spelling-") && !name.contains("jo"), "{name}");
}

#[test]
fn the_list_mirrors_the_vault_while_unlocked_and_is_emptied_then_wiped() {
    let (vault, mut session) = TestVault::new();
    let folder = vault.temp.path().join("runtime/confidant-spelling-test");
    fs::create_dir_all(&folder).expect("folder");
    fs::write(folder.join("en_US.dic"), "left by a crash\n").expect("leftover");
    let mut list = en_us_list(vault.temp.path());
    let file = folder.join("en_US.dic");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(fs::read_to_string(&file).expect("list"), "", "a previous run's words are wiped at start");

    notes::add_word(&mut session, "trichotillomania").expect("added");
    let before = modified(&file);
    assert_eq!(word_list::sync(&mut session, Some(&mut list)).expect("sync"), ["trichotillomania"]);
    assert_eq!(fs::read_to_string(&file).expect("list"), "trichotillomania\n");
    assert_eq!(mode(&file), 0o600);
    let first = modified(&file);
    assert!(first > before, "Enchant notices a change only by the file's time");

    // A second change within the same second still gets a new time, or Enchant would miss it.
    notes::add_word(&mut session, "EPDS").expect("added");
    word_list::sync(&mut session, Some(&mut list)).expect("sync");
    assert_eq!(fs::read_to_string(&file).expect("list"), "EPDS\ntrichotillomania\n");
    assert!(modified(&file) > first);
    notes::remove_word(&mut session, "trichotillomania").expect("removed");
    word_list::sync(&mut session, Some(&mut list)).expect("sync");
    assert_eq!(fs::read_to_string(&file).expect("list"), "EPDS\n");

    // Locking zeroes what was there and leaves an empty list, so the checker reloads it and
    // forgets the words.
    let witness = vault.temp.path().join("witness");
    fs::hard_link(&file, &witness).expect("a second name for the list");
    fs::write(folder.join(".aspell.en.pws"), "personal_ws-1.1 en 1\nEPDS\n").expect("Aspell's list");
    list.clear().expect("cleared");
    assert_eq!(fs::read_to_string(&file).expect("list"), "");
    let old = fs::read(&witness).expect("the old file");
    assert!(old.len() == 5 && old.iter().all(|b| *b == 0), "the old words are overwritten: {old:?}");
    assert!(!folder.join(".aspell.en.pws").exists(), "Aspell's list goes too");
    fs::remove_file(&witness).expect("witness");

    list.remove().expect("wiped");
    assert!(!folder.exists(), "quitting removes the folder");
}

#[test]
fn words_the_checker_learned_on_its_own_are_kept_in_the_vault() {
    let (vault, mut session) = TestVault::new();
    let mut list = en_us_list(vault.temp.path());
    notes::add_word(&mut session, "perinatal").expect("added");
    word_list::sync(&mut session, Some(&mut list)).expect("sync");
    // What the web view's "Learn Spelling" does: Enchant appends the word to the list.
    let mut file = fs::OpenOptions::new().append(true).open(list.folder().join("en_US.dic")).expect("list");
    file.write_all(b"doula\nnot a word!\n").expect("append");
    assert_eq!(list.learned(), ["doula", "not a word!"]);
    assert_eq!(word_list::sync(&mut session, Some(&mut list)).expect("sync"), ["doula", "perinatal"]);
    assert_eq!(notes::dictionary_words(session.conn()).expect("words"), ["doula", "perinatal"]);
    assert!(list.learned().is_empty(), "the list now holds exactly the vault's words");
}

/// Runs the `enchant-2` command line (the library WebKit checks spelling with) with the app's
/// environment for the checker and an empty home folder.
fn enchant(list: &WordList, home: &Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new("enchant-2")
        .args(args)
        .env_clear()
        .envs(list.environment())
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("enchant-2 runs (apt-get install enchant-2 hunspell-en-us)");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let output = child.wait_with_output().expect("enchant-2 finishes");
    assert!(output.status.success(), "enchant-2 {args:?} failed");
    String::from_utf8(output.stdout).expect("text")
}

#[test]
fn enchant_takes_her_words_from_the_private_folder_and_writes_nothing_at_home() {
    let (vault, mut session) = TestVault::new();
    let home = vault.temp.path().join("home");
    fs::create_dir(&home).expect("home");
    let mut list = en_us_list(vault.temp.path());
    let check = |list: &WordList| enchant(list, &home, &["-l", "-d", "en_US"], "trichotillomania recieve\n");

    assert_eq!(check(&list), "trichotillomania\nrecieve\n", "the system dictionary lacks the clinical word");
    let suggestions = enchant(&list, &home, &["-a", "-d", "en_US"], "recieve\n");
    assert!(suggestions.contains("& recieve") && suggestions.contains("receive"), "{suggestions}");

    notes::add_word(&mut session, "trichotillomania").expect("added");
    word_list::sync(&mut session, Some(&mut list)).expect("sync");
    assert_eq!(check(&list), "recieve\n", "her word is not flagged once it is in the vault");

    // "Learn Spelling" (`*word` then `#` saves, in ispell's pipe protocol) lands in our folder.
    enchant(&list, &home, &["-a", "-d", "en_US"], "*zygomorphic\n#\n");
    assert_eq!(list.learned(), ["zygomorphic"]);
    let at_home = walk(&home);
    assert!(at_home.is_empty(), "nothing may be written under the home folder: {at_home:?}");

    list.clear().expect("locked");
    assert_eq!(check(&list), "trichotillomania\nrecieve\n", "a locked vault lends the checker no words");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}
