//! The scenario files of `tests/scenarios/`, and the campaigns their steps build: the fuzz bodies
//! start from these so that their commands meet real state (deep rules, not only parse errors).

use grassroots::{Campaign, Record, Snapshot};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One step of a scenario: a command or a query envelope.
pub struct Step {
    /// The envelope as the file has it.
    pub envelope: Value,
    /// Whether it is a query (else a command).
    pub query: bool,
    /// The envelope as compact JSON.
    pub json: String,
}

impl Step {
    /// The command's `type`, for a command step.
    pub fn command_type(&self) -> Option<&str> {
        if self.query { None } else { self.envelope["command"]["type"].as_str() }
    }
}

/// One scenario file.
pub struct Scenario {
    /// The file name.
    pub file: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// The repository's root (the fuzz crate lives in `fuzz/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every scenario file, sorted by name (read once).
pub fn all() -> &'static [Scenario] {
    static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = repo_root().join("tests/scenarios");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files.iter().map(|path| load(path)).collect()
    })
}

fn load(path: &Path) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let steps = file["steps"]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .filter_map(|step| {
                    let (envelope, query) = match (step.get("execute"), step.get("query")) {
                        (Some(e), _) => (e.clone(), false),
                        (None, Some(q)) => (q.clone(), true),
                        _ => return None,
                    };
                    let json = envelope.to_string();
                    Some(Step { envelope, query, json })
                })
                .collect()
        })
        .unwrap_or_default();
    Scenario { file: path.file_name().unwrap_or_default().to_string_lossy().into_owned(), steps }
}

/// A campaign built by the first steps of a scenario, kept as a snapshot (to start each input from)
/// and as its records (to check that a fuzzed campaign's whole log replays).
pub struct Base {
    /// The campaign at the end of the prefix.
    pub snapshot: Snapshot,
    /// Every record of the prefix, from seq 1.
    pub records: Vec<Record>,
}

impl Base {
    /// The seq of the base's head.
    pub fn seq(&self) -> u64 {
        self.snapshot.head.seq
    }

    /// A fresh copy of the base campaign.
    pub fn campaign(&self) -> Campaign {
        if self.seq() == 0 {
            return Campaign::new();
        }
        Campaign::restore(self.snapshot.clone())
            .unwrap_or_else(|e| panic!("a base campaign's own snapshot does not restore: {}", e.to_json()))
    }
}

/// The campaign built by executing the command steps `..prefix` of scenario `scenario` (refused
/// commands are skipped, as the scenario expects them to be refused). Cached.
pub fn base(scenario: usize, prefix: usize) -> Arc<Base> {
    type Cache = Mutex<HashMap<(usize, usize), Arc<Base>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (scenario, prefix);
    if let Some(base) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return base.clone();
    }
    let mut campaign = Campaign::new();
    if let Some(s) = all().get(scenario) {
        for step in s.steps.iter().take(prefix).filter(|s| !s.query) {
            let _ = campaign.execute_json(&step.json);
        }
    }
    let base = Arc::new(Base { snapshot: campaign.snapshot(), records: campaign.records_since(0).cloned().collect() });
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    // Bounded: a long fuzzing session visits many prefixes.
    if cache.len() >= 48 {
        cache.clear();
    }
    cache.insert(key, base.clone());
    base
}

/// The steps that import a CSV file, as (scenario, step index).
pub fn csv_sites() -> &'static [(usize, usize)] {
    static SITES: OnceLock<Vec<(usize, usize)>> = OnceLock::new();
    SITES.get_or_init(|| {
        let mut sites = Vec::new();
        for (s, scenario) in all().iter().enumerate() {
            for (i, step) in scenario.steps.iter().enumerate() {
                if step.command_type() == Some("importCsv") {
                    sites.push((s, i));
                }
            }
        }
        sites
    })
}
