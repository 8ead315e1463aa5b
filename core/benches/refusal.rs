//! What refusing a bad input costs, against what reading the same bytes costs (issue #15: a refusal
//! of any shape at most about twice a parse; the 32 MiB string of Chinese characters under 0.5 s).
//!
//! ```text
//! cargo bench -p grassroots --bench refusal
//! ```
//!
//! Each case is an input just under the 32 MiB limit (`MAX_INPUT_BYTES`) that the JSON door refuses.
//! For each, the table gives the time `Campaign::execute_json` takes to refuse it (the best of
//! several runs), the time `serde_json` takes to parse the same bytes into a `serde_json::Value`
//! (the cost of reading it), their ratio, and the code of the refusal. A refusal must also leave
//! the campaign as it was: the bench checks the head after each.

use grassroots::engine::wire::MAX_INPUT_BYTES;
use grassroots::{Campaign, CampaignConfig};
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SUBDISTRICT: &str = "430104017000";
const COMMUNITY: &str = "430104017001";

/// A just-opened campaign with one community.
fn campaign() -> Campaign {
    let mut c = Campaign::new();
    let actor = json!({"id": "office", "role": "administrator", "scope": SUBDISTRICT});
    let open = json!({
        "schemaVersion": 1, "commandId": "c-1", "actor": actor, "at": "2022-04-13T09:00:00+08:00",
        "command": {"type": "openCampaign", "config": CampaignConfig::dongfanghong_2022()},
    });
    c.execute_json(&open.to_string()).expect("opens");
    let unit = json!({
        "schemaVersion": 1, "commandId": "c-2", "actor": actor, "at": "2022-04-13T09:00:00+08:00",
        "command": {"type": "registerOrgUnit", "code": COMMUNITY, "level": "community", "name": "东方红社区"},
    });
    c.execute_json(&unit.to_string()).expect("registers");
    c
}

/// `text` repeated to just under `bytes` bytes.
fn filled(text: &str, bytes: usize) -> String {
    text.repeat(bytes / text.len())
}

/// An envelope registering a person whose `field` is `value` (raw JSON).
fn person_with(field: &str, value: &str) -> String {
    let head = json!({
        "schemaVersion": 1, "commandId": "c-3", "actor": {"id": "office", "role": "administrator", "scope": SUBDISTRICT},
        "at": "2022-04-14T09:00:00+08:00",
    })
    .to_string();
    let head = &head[..head.len() - 1];
    let fields =
        [("id", "\"p-1\""), ("name", "\"张三\""), ("unit", "\"430104017001\""), ("politicalStatus", "\"masses\"")];
    let mut command = String::from("{\"type\":\"registerPerson\"");
    for (name, default) in fields {
        command.push_str(&format!(",\"{name}\":{}", if name == field { value } else { default }));
    }
    if !fields.iter().any(|(name, _)| *name == field) {
        command.push_str(&format!(",\"{field}\":{value}"));
    }
    format!("{head},\"command\":{command}}}}}")
}

/// The cases: a name and an input of just under 32 MiB.
fn cases() -> Vec<(&'static str, String)> {
    let room = MAX_INPUT_BYTES - 1024;
    let chinese = filled("中", room - 2);
    let ascii = filled("x", room - 2);
    vec![
        ("a bare string of Chinese characters", format!("\"{chinese}\"")),
        ("a bare string of ASCII", format!("\"{ascii}\"")),
        ("a person's name of Chinese characters", person_with("name", &format!("\"{chinese}\""))),
        ("a person's name of ASCII", person_with("name", &format!("\"{ascii}\""))),
        ("an address of escaped characters", person_with("address", &format!("\"{}\"", filled("\\u4e2d", room - 2)))),
        ("a name that is an array of numbers", person_with("name", &format!("[{}1]", filled("1,", room - 4)))),
        ("an unknown field of Chinese characters", person_with("remark", &format!("\"{chinese}\""))),
        ("an id number of Chinese characters", person_with("idNumber", &format!("\"{chinese}\""))),
        ("a command id of Chinese characters", {
            let envelope = person_with("name", "\"张三\"");
            envelope.replacen("\"c-3\"", &format!("\"{}\"", filled("中", room - envelope.len())), 1)
        }),
        ("an object of a million keys", format!("{{{}\"k\":1}}", filled("\"k\":1,", room - 8))),
        ("an unclosed array of strings", format!("[{}", filled("\"中中中\",", room - 2))),
    ]
}

/// The best of `runs` timings of `f`.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let runs = 3;
    let mut c = campaign();
    let head = c.head();
    println!("refusal of inputs just under {} MiB (best of {runs} runs)", MAX_INPUT_BYTES >> 20);
    println!("{:<42} {:>10} {:>10} {:>7}  code", "input", "refused", "parsed", "ratio");
    let mut worst: f64 = 0.0;
    for (name, input) in cases() {
        assert!(input.len() <= MAX_INPUT_BYTES, "{name}: {} bytes", input.len());
        let mut code = String::new();
        let refused = best(runs, || match c.execute_json(black_box(&input)) {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => code = e.code.as_str().to_string(),
        });
        assert_eq!(c.head(), head, "{name}: a refusal changed the campaign");
        let parsed = best(runs, || serde_json::from_str::<serde_json::Value>(black_box(&input)).ok());
        let ratio = refused.as_secs_f64() / parsed.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "{name:<42} {:>8.1}ms {:>8.1}ms {ratio:>6.2}×  {code}",
            refused.as_secs_f64() * 1e3,
            parsed.as_secs_f64() * 1e3
        );
    }
    println!("worst ratio: {worst:.2}× (aim: at most about 2×)");
}
