//! The canonical writer against RFC 8785's own examples.

use super::{compare_names, relayout, write_declared, write_f64, write_jcs};
use proptest::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

fn number(bits: u64) -> String {
    let mut out = Vec::new();
    write_f64(&mut out, f64::from_bits(bits));
    String::from_utf8(out).unwrap()
}

#[test]
fn numbers_are_written_as_ecmascript_writes_them() {
    // RFC 8785 Appendix B (what node's `String(x)` gives for each), and a few of our own.
    let cases: &[(u64, &str)] = &[
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"),
        (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
        (0x3ff0000000000000, "1"),
        (0x403c000000000000, "28"),
        (0x3e7ad7f29abcaf48, "1e-7"),
    ];
    for &(bits, text) in cases {
        assert_eq!(number(bits), text, "{:e}", f64::from_bits(bits));
    }
    assert_eq!(number(28.228_f64.to_bits()), "28.228");
    assert_eq!(number(112.9_f64.to_bits()), "112.9");
}

#[test]
fn members_are_sorted_by_utf16_code_units() {
    // RFC 8785 §3.2.3's example.
    let mut map = BTreeMap::new();
    for (key, value) in [
        ("\u{20ac}", "Euro Sign"),
        ("\r", "Carriage Return"),
        ("\u{fb33}", "Hebrew Letter Dalet With Dagesh"),
        ("1", "One"),
        ("\u{1f600}", "Emoji: Grinning Face"),
        ("\u{80}", "Control"),
        ("\u{f6}", "Latin Small Letter O With Diaeresis"),
    ] {
        map.insert(key, value);
    }
    let mut out = Vec::new();
    write_jcs(&mut out, &map);
    let text = String::from_utf8(out).unwrap();
    let values: Vec<&str> = text.split("\":\"").skip(1).map(|v| v.split('"').next().unwrap()).collect();
    assert_eq!(
        values,
        [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh"
        ]
    );
    assert_eq!(compare_names("\u{1f600}", "\u{fb33}"), std::cmp::Ordering::Less);
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum Tagged {
    HouseholdMoved { household: String, to: Inner, at: Option<u32> },
    Plain(Vec<f64>),
    Unit,
}

#[derive(Serialize)]
struct Inner {
    zeta: u64,
    alpha: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<u8>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum External {
    Moved { b: u8, a: u8 },
    Pair(u8, u8),
    Wrapped(Inner),
}

#[test]
fn nested_objects_and_variants_come_out_canonical() {
    let cases: Vec<(Box<dyn erased::Ser>, &str)> = vec![
        (
            Box::new(Tagged::HouseholdMoved {
                household: "h\"1\n".into(),
                to: Inner { zeta: 1, alpha: "长沙", missing: None },
                at: None,
            }),
            r#"{"at":null,"household":"h\"1\n","to":{"alpha":"长沙","zeta":1},"type":"householdMoved"}"#,
        ),
        (Box::new(Tagged::Unit), r#"{"type":"unit"}"#),
        (Box::new(External::Moved { b: 2, a: 1 }), r#"{"moved":{"a":1,"b":2}}"#),
        (Box::new(External::Pair(2, 1)), r#"{"pair":[2,1]}"#),
        (
            Box::new(External::Wrapped(Inner { zeta: 0, alpha: "", missing: Some(3) })),
            r#"{"wrapped":{"alpha":"","missing":3,"zeta":0}}"#,
        ),
        (Box::new(vec![1.0_f64, 0.5, -0.0, 1e21]), "[1,0.5,0,1e+21]"),
    ];
    for (value, expected) in cases {
        assert_eq!(value.jcs(), expected);
    }
    let _ = Tagged::Plain(vec![]);
}

/// Boxes values of different types for the table above.
mod erased {
    pub trait Ser {
        fn jcs(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn jcs(&self) -> String {
            let mut out = Vec::new();
            super::write_jcs(&mut out, self);
            String::from_utf8(out).unwrap()
        }
    }
}

/// A JSON value with its objects canonicalized the slow, obvious way.
fn canonical_by_hand(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| compare_names(a, b));
            let members: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", serde_json::to_string(k).unwrap(), canonical_by_hand(&map[*k])))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical_by_hand).collect::<Vec<_>>().join(",")),
        Value::Number(n) if n.is_f64() => number(n.as_f64().unwrap().to_bits()),
        other => other.to_string(),
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,4}", inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_value_is_written_as_canonicalizing_it_by_hand_gives(value in json_value()) {
        let mut out = Vec::new();
        write_jcs(&mut out, &value);
        prop_assert_eq!(String::from_utf8(out).unwrap(), canonical_by_hand(&value));
    }

    #[test]
    fn the_declared_form_is_what_serde_json_writes(value in json_value()) {
        let mut out = Vec::new();
        write_declared(&mut out, &value);
        prop_assert_eq!(out, serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn the_plain_shortcut_writes_what_the_full_layout_writes(
        bits in prop_oneof![any::<u64>(), (-30i32..30, any::<u32>()).prop_map(|(e, m)| (f64::from(m) * 10f64.powi(e)).to_bits())]
    ) {
        let value = f64::from_bits(bits);
        prop_assume!(value.is_finite() && value != 0.0);
        let mut full = Vec::new();
        relayout(&mut full, zmij::Buffer::new().format_finite(value).as_bytes());
        prop_assert_eq!(number(bits), String::from_utf8(full).unwrap());
    }

    #[test]
    fn every_finite_number_reads_back_to_itself(bits in any::<u64>()) {
        let value = f64::from_bits(bits);
        prop_assume!(value.is_finite());
        let text = number(bits);
        let back: f64 = text.parse().unwrap();
        prop_assert!(back == value, "{} read back as {}", text, back);
    }
}
