//! The hash function of a campaign's chain, chosen when the campaign opens.

use super::record::Digest;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

/// The hash function behind a campaign's record hashes, command digests and snapshot digests.
///
/// Chosen once, in `openCampaign`'s configuration (`logHash`), and recorded in the log's first
/// event, so that replay knows it from the log itself. SHA-256 is the default, and a campaign that
/// names none writes exactly the records it wrote before the choice existed; SM3 (GB/T 32905-2016)
/// is for hosts whose commercial-cryptography assessment (GB/T 39786-2021) asks for it. Both give
/// 256-bit digests, written as 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogHash {
    /// SHA-256 (FIPS 180-4).
    #[default]
    Sha256,
    /// SM3 (GB/T 32905-2016, GM/T 0004-2012).
    Sm3,
}

impl LogHash {
    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Digest {
        match self {
            LogHash::Sha256 => Digest(sha2::Sha256::digest(bytes).into()),
            LogHash::Sm3 => Digest(sm3::Sm3::digest(bytes).into()),
        }
    }

    /// The name on the wire: `sha256` or `sm3`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogHash::Sha256 => "sha256",
            LogHash::Sm3 => "sm3",
        }
    }

    /// Whether this is the default, SHA-256 (which the wire form leaves out).
    pub fn is_sha256(&self) -> bool {
        *self == LogHash::Sha256
    }
}

#[cfg(test)]
mod tests {
    use super::LogHash;

    /// GB/T 32905-2016, Appendix A (examples 1 and 2); FIPS 180-4's "abc" for SHA-256.
    #[test]
    fn the_standards_examples() {
        assert_eq!(
            LogHash::Sm3.digest(b"abc").to_hex(),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            LogHash::Sm3.digest("abcd".repeat(16).as_bytes()).to_hex(),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
        assert_eq!(
            LogHash::Sha256.digest(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
