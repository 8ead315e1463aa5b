//! Every rule identifier the code can give is listed in `docs/RULES.md` with its code, and nothing
//! else is: hosts read that page to match refusals.

use std::collections::BTreeSet;
use std::path::Path;

/// `(identifier, code)` of every `Error::rule("…"` and `Error::transition("…"` in `dir`.
fn in_code(dir: &Path, found: &mut BTreeSet<(String, &'static str)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            in_code(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("error.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (call, code) in [
                ("Error::rule(", "RULE_VIOLATED"),
                ("Error::transition(", "INVALID_TRANSITION"),
                ("Error::denied(", "PERMISSION_DENIED"),
            ] {
                for (at, _) in text.match_indices(call) {
                    let rest = text[at + call.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else { continue };
                    let id = &rest[..rest.find('"').unwrap()];
                    found.insert((id.to_string(), code));
                }
            }
        }
    }
}

#[test]
fn every_rule_identifier_is_listed_with_its_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = BTreeSet::new();
    in_code(&root.join("src"), &mut code);
    in_code(&root.join("../planner/src"), &mut code);
    assert!(code.len() > 20, "the scan found too few rules: {code:?}");
    let page = std::fs::read_to_string(root.join("../docs/RULES.md")).unwrap();
    let listed: BTreeSet<(String, &'static str)> = page
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let id = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let code = match *cells.get(2)? {
                "RULE_VIOLATED" => "RULE_VIOLATED",
                "INVALID_TRANSITION" => "INVALID_TRANSITION",
                "PERMISSION_DENIED" => "PERMISSION_DENIED",
                _ => return None,
            };
            Some((id.to_string(), code))
        })
        .collect();
    let missing: Vec<_> = code.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&code).collect();
    assert!(missing.is_empty() && stale.is_empty(), "docs/RULES.md misses {missing:?} and lists unknown {stale:?}");
}
