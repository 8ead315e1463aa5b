//! The engine: commands in envelopes, records in a SHA-256 hash chain, replay and snapshots, the
//! JSON wire form, access and errors. It knows no area of the campaign: it runs any [`Domain`], and
//! the library's switchboards make the campaign's areas one.
//!
//! Nothing here imports an area (a test, `core/tests/architecture.rs`, checks it).

pub mod access;
pub mod bounded_errors;
pub mod campaign;
pub mod canonical;
pub mod check;
pub mod checkpoint;
pub mod division_code;
mod domain;
pub mod envelope;
pub mod error;
pub mod flag_set;
pub mod jcs;
pub mod limits;
pub mod log;
pub mod log_hash;
pub mod moment;
pub mod page;
pub mod record;
pub mod schema;
pub mod table;
pub mod wire;

pub use domain::{AcceptedCommand, Answer, Apply, Context, Decide, Declared, Domain, Guarded, QueryContext, ScopeRule};

/// Declares the permission, the words of the refusal and the scope rule of payloads whose
/// permission does not depend on their content: `Payload => Permission, "action in words";` (scope
/// rule `Target`), `Payload => Permission, "action", ScopeRule;`, or with several permissions, all
/// needed, `Payload => First & Second, "action";`.
macro_rules! guarded {
    ($($payload:ty => $($permission:ident)&+, $action:literal $(, $scope:ident)?;)*) => {$(
        impl $crate::engine::Guarded for $payload {
            fn permissions(&self) -> &'static [$crate::engine::access::Permission] {
                &[$($crate::engine::access::Permission::$permission),+]
            }
            fn action(&self) -> &'static str {
                $action
            }
        }
        impl $crate::engine::Declared for $payload {
            const CASES: &'static [(&'static str, &'static [$crate::engine::access::Permission])] =
                &[("", &[$($crate::engine::access::Permission::$permission),+])];
            const SCOPE: $crate::engine::ScopeRule = $crate::engine::guarded!(@scope $($scope)?);
        }
    )*};
    (@scope) => { $crate::engine::ScopeRule::Target };
    (@scope $scope:ident) => { $crate::engine::ScopeRule::$scope };
}
pub(crate) use guarded;

/// Declares an area's events trait: `events! { /// doc  pub trait AreaEvents: Super + Traits; A, B, C }`
/// says the domain's event type converts from each of the area's events (`E: From<A> + From<B> …`),
/// and implements it for every such type. One list per area: an event is added in one place.
macro_rules! events {
    ($(#[$doc:meta])* pub trait $name:ident $(: $($super:path),+)?; $($event:ty),+ $(,)?) => {
        $(#[$doc])*
        pub trait $name: $($($super +)+)? $(From<$event> +)+ Sized {}
        impl<E> $name for E where E: $($($super +)+)? $(From<$event> +)+ Sized {}
    };
}
pub(crate) use events;
