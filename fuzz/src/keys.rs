//! The keys the fuzz bodies sign checkpoints and snapshots with: fixed, so every run signs alike, and
//! the trust lists that name them.

use grassroots::engine::checkpoint::{SignatureAlgorithm, SigningKey, Trust};
use std::sync::OnceLock;

/// The Ed25519 key's secret (any 32 bytes are an Ed25519 seed).
pub const ED25519_SECRET: [u8; 32] = [7; 32];
/// The SM2 key's secret (a scalar in [1, n-1]).
pub const SM2_SECRET: [u8; 32] = [9; 32];

/// The fixed key of `algorithm`.
pub fn key(algorithm: SignatureAlgorithm) -> &'static SigningKey {
    static ED25519: OnceLock<SigningKey> = OnceLock::new();
    static SM2: OnceLock<SigningKey> = OnceLock::new();
    match algorithm {
        SignatureAlgorithm::Ed25519 => ED25519.get_or_init(|| {
            SigningKey::new(algorithm, "fuzz-ed25519", &ED25519_SECRET).expect("the fixed Ed25519 key is a key")
        }),
        SignatureAlgorithm::Sm2 => {
            SM2.get_or_init(|| SigningKey::new(algorithm, "fuzz-sm2", &SM2_SECRET).expect("the fixed SM2 key is a key"))
        }
    }
}

/// The key a checkpoint line names: `s` for SM2, anything else for Ed25519.
pub fn key_of(byte: Option<u8>) -> &'static SigningKey {
    key(if byte == Some(b's') { SignatureAlgorithm::Sm2 } else { SignatureAlgorithm::Ed25519 })
}

/// Both fixed keys, with or without requiring a signed head.
pub fn trust(require_signed_head: bool) -> Trust {
    Trust {
        keys: [SignatureAlgorithm::Ed25519, SignatureAlgorithm::Sm2].into_iter().map(|a| key(a).trusted()).collect(),
        require_signed_head,
    }
}

/// [`trust`] as JSON.
pub fn trust_json(require_signed_head: bool) -> String {
    serde_json::to_string(&trust(require_signed_head)).expect("a trust list serializes")
}
