//! The invariants `docs/ARCHITECTURE.md` states about the house, checked:
//! - each folder of `core/src` imports only the folders its row of the "may import" table names (the
//!   engine none), so there is no import circle between folders;
//! - the doors (`bindings-c/src`, `bindings-wasm/src`) contain no word of the domain;
//! - the core's normal dependencies have no wasm-bindgen, js-sys or libc (`cargo tree`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The "may import" table of ARCHITECTURE.md: folder → folders it may import.
fn declared() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(root().join("../docs/ARCHITECTURE.md")).unwrap();
    let start = text.find("| folder | may import |").expect("ARCHITECTURE.md has the `| folder | may import |` table");
    text[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let names = |cell: &str| -> BTreeSet<String> {
                cell.split(',')
                    .map(|n| n.trim().trim_matches('`').to_string())
                    .filter(|n| !n.is_empty() && n != "—")
                    .collect()
            };
            (names(cells[1]).into_iter().next().unwrap(), names(cells[2]))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The folder (or crate) behind a name at the crate's root: a module, or an item `lib.rs`
/// re-exports.
fn owner(name: &str) -> String {
    match name {
        "Command" | "Event" | "Query" | "QueryResult" | "State" | "Campaign" | "CommandEnvelope" | "QueryEnvelope"
        | "Record" | "Records" | "Snapshot" | "schema" => "switchboard".into(),
        "CampaignConfig" | "Phase" => "organization".into(),
        n if n.starts_with(char::is_uppercase) || n == "wire" => "engine".into(),
        n => n.into(),
    }
}

/// The folders of the crate that `text` names in code (`crate::x`, `crate::{x, y}`), comments left
/// out.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            // `$crate::` in a macro is the crate's path, not an import of the area writing it.
            if code[..at].ends_with('$') {
                continue;
            }
            let rest = &code[at + 7..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(owner(&name));
                }
            }
        }
    }
    found
}

#[test]
fn each_folder_imports_only_what_architecture_md_declares() {
    let declared = declared();
    let src = root().join("src");
    let mut folders = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            folders.insert(path.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    let listed: BTreeSet<String> = declared.keys().cloned().collect();
    assert_eq!(folders, listed, "every folder of core/src has a row in ARCHITECTURE.md's table, and only those");
    assert!(declared["engine"].is_empty(), "the engine imports no area");
    for folder in &folders {
        let mut files = Vec::new();
        rust_files(&src.join(folder), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for name in imports(&text) {
                let allowed = name == *folder || declared[folder].contains(&name);
                assert!(
                    allowed,
                    "{} imports `crate::{name}`, which ARCHITECTURE.md does not let `{folder}` import",
                    file.display()
                );
            }
        }
    }
    // No circle: the declared graph orders the folders.
    let mut done: BTreeSet<String> = BTreeSet::new();
    while done.len() < declared.len() {
        let next: Vec<String> = declared
            .iter()
            .filter(|(f, deps)| {
                !done.contains(*f) && deps.iter().all(|d| done.contains(d) || !declared.contains_key(d))
            })
            .map(|(f, _)| f.clone())
            .collect();
        assert!(
            !next.is_empty(),
            "the declared imports form a circle among {:?}",
            declared.keys().filter(|f| !done.contains(*f)).collect::<Vec<_>>()
        );
        done.extend(next);
    }
}

#[test]
fn the_doors_contain_no_word_of_the_domain() {
    const WORDS: [&str; 16] = [
        "household",
        "visit",
        "micro",
        "grid",
        "party",
        "village",
        "communit",
        "person",
        "survey",
        "questionnaire",
        "secretary",
        "rectif",
        "linkage",
        "key person",
        "member",
        "subdistrict",
    ];
    for door in ["../bindings-c/src", "../bindings-wasm/src"] {
        let mut files = Vec::new();
        rust_files(&root().join(door), &mut files);
        assert!(!files.is_empty());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap().to_lowercase();
            // The doors' `reference.rs` hand out the reference questionnaire the core writes: the
            // export's name has to say what it hands out, and the file holds no other domain word.
            let allowed: &[&str] = if file.ends_with("reference.rs") { &["questionnaire"] } else { &[] };
            for word in WORDS.iter().filter(|w| !allowed.contains(w)) {
                assert!(
                    !text.contains(word),
                    "{} mentions `{word}`: a door holds no domain; move it to the core",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn the_core_depends_on_no_door_crate() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["tree", "-p", "grassroots", "-e", "normal", "--prefix", "none", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8(out.stdout).unwrap();
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        assert!(!["wasm-bindgen", "js-sys", "libc", "web-sys"].contains(&name), "the core depends on {name}");
    }
    assert!(tree.contains("grassroots-planner"), "{tree}");
}
