//! The engine: commands in envelopes, records in a SHA-256 hash chain, replay and snapshots, the
//! JSON wire form, access and errors. It knows no area of the campaign: it runs any [`Domain`], and
//! the library's switchboards make the campaign's areas one.
//!
//! Nothing here imports an area (a test, `core/tests/architecture.rs`, checks it).

pub mod access;
pub mod campaign;
pub mod canonical;
pub mod check;
pub mod division_code;
mod domain;
pub mod envelope;
pub mod error;
pub mod flag_set;
pub mod log;
pub mod record;
pub mod schema;
pub mod table;
pub mod wire;

pub use domain::{AcceptedCommand, Answer, Apply, Context, Decide, Domain, Guarded, QueryContext};

/// Declares the permission of payloads and the words of their refusal:
/// `Payload => Permission, "action in words";`.
macro_rules! guarded {
    ($($payload:ty => $permission:ident, $action:literal;)*) => {$(
        impl $crate::engine::Guarded for $payload {
            fn permission(&self) -> $crate::engine::access::Permission {
                $crate::engine::access::Permission::$permission
            }
            fn action(&self) -> &'static str {
                $action
            }
        }
    )*};
}
pub(crate) use guarded;
