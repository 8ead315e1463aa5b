//! Records to rows and back: a stored row's columns must agree with its JSON.

use crate::backend::Row;
use grassroots::{Error, ErrorCode, Record, Result};

/// The row of a record the campaign just wrote.
pub(crate) fn row_of(record: &Record) -> Row {
    Row {
        seq: record.seq,
        command_id: record.command_id.clone(),
        hash: record.hash.to_hex(),
        // As the library hands it out: canonical JSON with its hash in place (schema version 2 on).
        record: grassroots::wire::record_to_json(record),
    }
}

/// The record of a stored row, refused as `TAMPERED_LOG` (naming its seq) when its JSON is not a
/// record or its columns disagree with it.
pub(crate) fn record_of(row: &Row) -> Result<Record> {
    let record: Record = grassroots::wire::from_json(&row.record).map_err(|e| {
        tampered(
            row.seq,
            format!(
                "the stored record seq {} is not a record ({}): the table was altered or damaged",
                row.seq, e.message
            ),
        )
    })?;
    if record.seq != row.seq || record.hash.to_hex() != row.hash || record.command_id != row.command_id {
        return Err(tampered(
            row.seq,
            format!(
                "the stored record seq {} disagrees with its row's columns (seq, hash, command id): the table was altered",
                row.seq
            ),
        ));
    }
    Ok(record)
}

/// `TAMPERED_LOG` at `seq`.
pub(crate) fn tampered(seq: u64, message: String) -> Error {
    Error::new(ErrorCode::TamperedLog, message).at_seq(seq)
}
