//! Writes the seed corpora and dictionaries: `seed [FUZZ_DIR]` (default: this crate's folder) fills
//! `FUZZ_DIR/corpus/<target>/seed-*` and `FUZZ_DIR/dict/<target>.dict`. The seeds are rewritten on
//! every run (stale `seed-*` files removed); other files in a corpus folder are left alone.

use grassroots_fuzz::{TARGETS, seeds};
use std::path::PathBuf;

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let all = seeds::all();
    for target in TARGETS {
        let corpus = dir.join("corpus").join(target.name);
        std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("cannot create {}: {e}", corpus.display()));
        let stale = std::fs::read_dir(&corpus).unwrap_or_else(|e| panic!("cannot read {}: {e}", corpus.display()));
        for entry in stale.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with("seed-") {
                let path = entry.path();
                std::fs::remove_file(&path).unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
            }
        }
        let mut count = 0;
        let mut bytes = 0;
        for seed in all.iter().filter(|s| s.target == target.name) {
            let path = corpus.join(format!("seed-{}", seed.name));
            std::fs::write(&path, &seed.data).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            count += 1;
            bytes += seed.data.len();
        }
        let dict_dir = dir.join("dict");
        std::fs::create_dir_all(&dict_dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dict_dir.display()));
        let tokens = seeds::dictionary(target.name);
        let dict = dict_dir.join(format!("{}.dict", target.name));
        std::fs::write(&dict, seeds::dictionary_file(&tokens))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", dict.display()));
        println!(
            "{:<15} {count:>4} seeds, {:>5} KiB; {:>4} dictionary tokens",
            target.name,
            bytes / 1024,
            tokens.len()
        );
    }
}
