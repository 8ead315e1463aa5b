//! `status`: where the store is, its head and its snapshots.

use crate::args::{Global, StoreArgs};
use crate::exit::Outcome;
use crate::{open, output};

/// Prints the store's status, one item a line.
///
/// # Errors
/// The errors of opening.
pub fn run(args: &StoreArgs, global: &Global) -> Outcome {
    let store = open::open(&args.store, global)?;
    let s = store.status();
    let mut lines = vec![
        format!("位置 location: {}", s.location),
        format!("专项行动 campaign: {}", s.campaign),
        format!("哈希头 head: #{} {}", s.head.seq, s.head.hash),
        format!(
            "最新快照 latest snapshot: {}",
            if s.snapshot_seq == 0 { "none".to_string() } else { format!("seq {}", s.snapshot_seq) }
        ),
    ];
    if let Some(info) = &store.campaign().state().organization.campaign {
        lines.insert(
            2,
            format!("街道 sub-district: {} {} · {}", info.subdistrict.name, info.subdistrict.code, info.title),
        );
    }
    let mut out = output::stdout();
    for line in lines {
        output::line(&mut out, "stdout", &line)?;
    }
    output::flush(&mut out, "stdout")
}
