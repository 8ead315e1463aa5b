//! Standard base64 (RFC 4648, with padding) decoding: the library answers an XLSX workbook as
//! base64 text, and the tool writes its bytes. A few lines here rather than a dependency for one
//! direction of one encoding (the library has the encoder).

/// The bytes `text` encodes, or `None` when it is not standard padded base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let last = text.len() / 4;
    for (i, chunk) in text.chunks(4).enumerate() {
        // Padding only at the very end: `xx==` or `xxx=`.
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | u32::from(value(c)?);
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// A base64 digit's value.
fn value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_rfc_4648_test_vectors() {
        let cases = [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
        ];
        for (encoded, plain) in cases {
            assert_eq!(decode(encoded).as_deref(), Some(plain.as_bytes()), "{encoded}");
        }
        // Every byte value, through the digits `+` and `/`.
        assert_eq!(decode("UEsDBP/+/w=="), Some(vec![b'P', b'K', 3, 4, 0xff, 0xfe, 0xff]));
    }

    #[test]
    fn refuses_what_is_not_base64() {
        for bad in ["Zg=", "Zg=a", "Z===", "Zg==Zm9v", "Zm9v\n", "Zm-v", "Zm9v Zm9v"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
