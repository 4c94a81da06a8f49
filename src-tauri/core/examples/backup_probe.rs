#![allow(clippy::print_stdout, clippy::unwrap_used)]
use std::time::Instant;
use confidant_core::paths::DataDir;
use confidant_core::secret::Passphrase;
use confidant_core::vault;
use rusqlite::Connection;

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/stress-v1");
    let dir = DataDir::new(root.join("vault"));
    let mut session = vault::unlock(&dir, &Passphrase::new("benchmark harbor lantern 2026".into())).unwrap();
    let conn = session.conn_mut();
    let t = Instant::now();
    conn.execute_batch("ATTACH DATABASE ':memory:' AS plain KEY ''; SELECT sqlcipher_export('plain');").unwrap();
    println!("sqlcipher_export {:?}", t.elapsed());
    let t = Instant::now();
    let d = conn.serialize("plain").unwrap();
    println!("serialize {:?} len {} shared {}", t.elapsed(), d.len(), matches!(d, rusqlite::serialize::Data::Shared(_)));
    drop(d);
    conn.execute_batch("DETACH plain").unwrap();
    // custom
    let t = Instant::now();
    conn.execute_batch("ATTACH DATABASE ':memory:' AS img KEY ''; PRAGMA img.page_size=4096;").unwrap();
    let schema: Vec<(String, String, String)> = conn.prepare("SELECT type, name, sql FROM main.sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid").unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_,_>>().unwrap();
    let tx = conn.transaction().unwrap();
    let shadow = |n: &str| ["_data","_idx","_docsize","_config","_content"].iter().any(|s| n.ends_with(s) && n.contains("_fts"));
    // create tables in img (need to rewrite "CREATE TABLE x" into "CREATE TABLE img.x")
    for (ty, name, sql) in &schema {
        if ty == "table" && !shadow(name) && !name.starts_with("sqlite_") {
            let sql2 = if sql.starts_with("CREATE VIRTUAL TABLE") { sql.replacen("CREATE VIRTUAL TABLE ", "CREATE VIRTUAL TABLE img.", 1) } else { sql.replacen("CREATE TABLE ", "CREATE TABLE img.", 1) };
            tx.execute_batch(&sql2).unwrap();
        }
    }
    let t1 = Instant::now();
    for (ty, name, sql) in &schema {
        if ty == "table" && !shadow(name) && !name.starts_with("sqlite_") && !sql.starts_with("CREATE VIRTUAL") {
            let cols: Vec<String> = tx.prepare(&format!("SELECT name FROM pragma_table_xinfo('{name}') WHERE hidden = 0")).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_,_>>().unwrap();
            let list = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",");
            tx.execute_batch(&format!("INSERT INTO img.\"{name}\" ({list}) SELECT {list} FROM main.\"{name}\"")).unwrap();
        }
    }
    tx.execute_batch("DELETE FROM img.sqlite_sequence; INSERT INTO img.sqlite_sequence SELECT * FROM main.sqlite_sequence").unwrap();
    println!("  data {:?}", t1.elapsed());
    let t1 = Instant::now();
    for (ty, _name, sql) in &schema {
        if ty == "index" { tx.execute_batch(&sql.replacen(" ON ", " ON ", 1).replacen("CREATE INDEX ", "CREATE INDEX img.", 1).replacen("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX img.", 1)).unwrap(); }
    }
    println!("  indexes {:?}", t1.elapsed());
    tx.commit().unwrap();
    println!("custom {:?}", t.elapsed());
    let t = Instant::now();
    let d = conn.serialize("img").unwrap();
    let bytes = d.to_vec();
    drop(d);
    println!("serialize {:?} len {}", t.elapsed(), bytes.len());
    let mut c2 = Connection::open_in_memory().unwrap();
    c2.deserialize_read_exact("main", &bytes[..], bytes.len(), false).unwrap();
    let tables: Vec<String> = c2.prepare("select name from sqlite_schema where type='table' and sql not like 'CREATE VIRTUAL%'").unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_,_>>().unwrap();
    let t = Instant::now();
    for tb in &tables { let _r: String = c2.query_row(&format!("PRAGMA quick_check(\"{tb}\")"), [], |r| r.get(0)).unwrap(); }
    println!("quick_check per table {:?} {}", t.elapsed(), tables.len());
    let t = Instant::now();
    let r: String = c2.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    println!("quick_check all {:?} {r}", t.elapsed());
    let t = Instant::now();
    c2.execute_batch("INSERT INTO notes_fts(notes_fts) VALUES('rebuild'); INSERT INTO psychotherapy_notes_fts(psychotherapy_notes_fts) VALUES('rebuild');").unwrap();
    println!("fts rebuild {:?}", t.elapsed());
    let t = Instant::now();
    let _ = std::fs::remove_file("/tmp/probe/new.db");
    c2.execute_batch("ATTACH DATABASE '/tmp/probe/new.db' AS enc KEY \"x'0102030405060708091011121314151617181920212223242526272829303132'\"; SELECT sqlcipher_export('enc');").unwrap();
    println!("restore export {:?}", t.elapsed());
}
