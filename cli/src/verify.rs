//! `verify`: replays the whole stored chain from its first record and checks every snapshot.

use crate::args::{Global, StoreArgs};
use crate::exit::Outcome;
use crate::figures::thousands;
use crate::{open, output, progress};

/// Verifies the store and prints one line: how many records, the head, how many snapshots.
///
/// # Errors
/// `TAMPERED_LOG` naming the first bad record's seq; `UNTRUSTED_LOG`; `NOT_A_CAMPAIGN_STORE` for a
/// file that is not a campaign store; `STORAGE_UNAVAILABLE`.
pub fn run(args: &StoreArgs, global: &Global) -> Outcome {
    // Opening already verifies the records after the latest snapshot; `verify` goes back to seq 1.
    let mut store = open::open(&args.store, global)?;
    let bar = progress::bar(store.head().seq, "核验 verifying");
    let verified = store.verify(&mut |p| {
        bar.set_length(p.total);
        bar.set_position(p.done);
    });
    bar.finish_and_clear();
    let v = verified?;
    let line = format!(
        "核验通过 verified: {} records · head #{} {} · {} {} checked",
        thousands(v.records),
        v.head.seq,
        v.head.hash,
        v.snapshots,
        if v.snapshots == 1 { "snapshot" } else { "snapshots" }
    );
    let mut out = output::stdout();
    output::line(&mut out, "stdout", &line)?;
    output::flush(&mut out, "stdout")
}
