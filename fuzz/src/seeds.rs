//! The seed corpus of every target, made from the repository's own material: the command and query
//! envelopes of `tests/scenarios/*.json`, the logs and snapshots those scenarios produce, the
//! fixtures of `tests/fixtures/`, the CSV files the scenarios import, and the reference
//! questionnaire's XLSForm sheets; and a dictionary per target (the wire schema's names).

use crate::keys;
use crate::questionnaire::{CHOICES_MARK, QUESTIONS};
use crate::scenarios::{self, repo_root};
use crate::{CSV_TABLES, PREFIX_STEP};
use grassroots::Campaign;
use grassroots::survey::questionnaire::{Item, ItemKind, Questionnaire, XlsFormCsv, reference};
use serde_json::Value;
use std::collections::BTreeSet;

/// Seeds longer than this are left out: libFuzzer's default `-max_len` follows the largest seed, and
/// long inputs make every execution slow.
pub const MAX_SEED_BYTES: usize = 48 * 1024;

/// One seed input.
pub struct Seed {
    /// The target it is for.
    pub target: &'static str,
    /// A file name for it.
    pub name: String,
    /// The input.
    pub data: Vec<u8>,
}

/// Every seed of every target.
pub fn all() -> Vec<Seed> {
    let mut out = Vec::new();
    json_execute(&mut out);
    replay_restore(&mut out);
    csv_import(&mut out);
    expression(&mut out);
    xlsform(&mut out);
    c_door(&mut out);
    out.retain(|s| s.data.len() <= MAX_SEED_BYTES);
    out
}

fn push(out: &mut Vec<Seed>, target: &'static str, name: String, data: impl Into<Vec<u8>>) {
    out.push(Seed { target, name, data: data.into() });
}

/// A scenario step as a `json_execute` line: the envelope, after `?` for a query.
fn line(step: &scenarios::Step) -> String {
    if step.query { format!("?{}", step.json) } else { step.json.clone() }
}

fn stem(file: &str) -> &str {
    file.strip_suffix(".json").unwrap_or(file)
}

/// A checkpoint request by the actor who opened the scenario's campaign, at the time of `step` (a
/// command: queries have no time).
fn checkpoint_request(scenario: &scenarios::Scenario, step: &scenarios::Step, command_id: &str) -> Option<String> {
    let opener = scenario.steps.iter().find(|s| s.command_type() == Some("openCampaign"))?;
    let request = serde_json::json!({
        "schemaVersion": 1,
        "commandId": command_id,
        "actor": opener.envelope["actor"],
        "at": step.envelope["at"],
    });
    Some(request.to_string())
}

fn json_execute(out: &mut Vec<Seed>) {
    for (s, scenario) in scenarios::all().iter().enumerate() {
        let name = stem(&scenario.file);
        for (chunk, steps) in scenario.steps.chunks(PREFIX_STEP).enumerate() {
            let k = chunk * PREFIX_STEP;
            let mut text = format!("{s}:{k}\n");
            for step in steps {
                text.push_str(&line(step));
                text.push('\n');
            }
            // A checkpoint at the end, signed with SM2 or Ed25519 in turn.
            if let Some(last) = steps.iter().rev().find(|s| !s.query)
                && let Some(request) = checkpoint_request(scenario, last, &format!("fuzz-checkpoint-{k}"))
            {
                let key = if chunk % 2 == 0 { 's' } else { 'e' };
                text.push_str(&format!("!{key}{request}\n"));
            }
            // A retry, after the restart from the snapshot, of the last command before the prefix.
            if let Some(earlier) = scenario.steps[..k].iter().rev().find(|s| !s.query) {
                text.push_str(&earlier.json);
                text.push('\n');
            }
            push(out, "json_execute", format!("{name}-{k:04}"), text);
        }
        // Without a header: from an empty campaign.
        let text: Vec<String> = scenario.steps.iter().take(PREFIX_STEP).map(line).collect();
        push(out, "json_execute", format!("{name}-empty"), text.join("\n"));
    }
}

/// A seed's name and text.
type Named = (String, String);

/// The logs (as JSON arrays of records, the longest prefix that fits) and a few snapshots of every
/// scenario's campaign, with their names.
fn logs_and_snapshots() -> (Vec<Named>, Vec<Named>) {
    let mut logs = Vec::new();
    let mut snapshots = Vec::new();
    let sm2 = keys::key_of(Some(b's'));
    for scenario in scenarios::all() {
        let name = stem(&scenario.file);
        let mut campaign = Campaign::new();
        let executes: Vec<&scenarios::Step> = scenario.steps.iter().filter(|s| !s.query).collect();
        let marks = [executes.len() / 4, executes.len() / 2, executes.len()];
        for (i, step) in executes.iter().enumerate() {
            let _ = campaign.execute_json(&step.json);
            if marks.contains(&(i + 1)) {
                let snapshot = campaign.snapshot_json();
                if snapshot.len() <= MAX_SEED_BYTES {
                    snapshots.push((format!("{name}-snapshot-{:04}", i + 1), snapshot));
                }
                // Signed with SM2: one the trusted restore accepts.
                let signed = campaign.snapshot_signed_json(sm2);
                if i + 1 == executes.len() / 2 && signed.len() <= MAX_SEED_BYTES {
                    snapshots.push((format!("{name}-snapshot-{:04}-signed", i + 1), signed));
                }
            }
        }
        // The longest prefix of the log that fits, leaving room for a checkpoint.
        let mut prefix = Vec::new();
        let mut len = 2;
        for record in campaign.records_since(0) {
            let json = serde_json::to_string(record).expect("a record serializes");
            if len + json.len() + 1 > MAX_SEED_BYTES - 2048 {
                break;
            }
            len += json.len() + 1;
            prefix.push(record.clone());
        }
        logs.push((format!("{name}-log"), serde_json::to_string(&prefix).expect("records serialize")));
        // The same prefix, ending at a checkpoint signed with Ed25519: one the trusted replay accepts.
        if let (Ok(mut signed), Some(last)) = (Campaign::replay(prefix), executes.last())
            && let Some(request) = checkpoint_request(scenario, last, "fuzz-checkpoint")
            && signed.sign_checkpoint_json(&request, keys::key_of(Some(b'e'))).is_ok()
        {
            logs.push((format!("{name}-log-signed"), signed.records_since_json(0)));
        }
    }
    (logs, snapshots)
}

fn replay_restore(out: &mut Vec<Seed>) {
    let (logs, snapshots) = logs_and_snapshots();
    for (name, text) in logs.into_iter().chain(snapshots) {
        push(out, "replay_restore", name, text);
    }
    let fixtures = repo_root().join("tests/fixtures");
    let mut files = vec![fixtures.join("records-v1.json")];
    if let Ok(dir) = std::fs::read_dir(fixtures.join("snapshots-v1")) {
        let mut snapshot_files: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        snapshot_files.sort();
        files.extend(snapshot_files);
    }
    for file in files {
        if let Ok(text) = std::fs::read(&file) {
            let name = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            push(out, "replay_restore", format!("fixture-{name}"), text);
        }
    }
    for (i, text) in ["[]", "{}", "null", "[{}]", "{\"schemaVersion\":1}"].iter().enumerate() {
        push(out, "replay_restore", format!("tiny-{i}"), *text);
    }
}

fn csv_import(out: &mut Vec<Seed>) {
    for (i, &(s, step)) in scenarios::csv_sites().iter().enumerate() {
        let command = &scenarios::all()[s].steps[step].envelope["command"];
        let table = command["table"].as_str().unwrap_or("units");
        let table = CSV_TABLES.iter().position(|t| *t == table).unwrap_or(0);
        let mut data = vec![i as u8, table as u8];
        data.extend_from_slice(command["csv"].as_str().unwrap_or_default().as_bytes());
        push(out, "csv_import", format!("{}-{step:04}", stem(&scenarios::all()[s].file)), data);
    }
}

/// Every questionnaire the repository holds: the reference one, and those the scenarios register.
fn questionnaires() -> Vec<(String, Questionnaire)> {
    let mut out = vec![("reference".to_string(), reference::door_knock())];
    for scenario in scenarios::all() {
        for (i, step) in scenario.steps.iter().enumerate() {
            let command = &step.envelope["command"];
            let name = format!("{}-{i:04}", stem(&scenario.file));
            match step.command_type() {
                Some("registerQuestionnaire") => {
                    if let Ok(q) = Questionnaire::from_json(&command["questionnaire"].to_string()) {
                        out.push((name, q));
                    }
                }
                Some("importQuestionnaire") => {
                    let form = XlsFormCsv {
                        id: command["id"].as_str().unwrap_or("q"),
                        version: command["version"].as_u64().unwrap_or(1) as u32,
                        title: serde_json::from_value(command["title"].clone()).unwrap_or_default(),
                        survey: command["survey"].as_str().unwrap_or_default(),
                        choices: command["choices"].as_str().unwrap_or_default(),
                    };
                    if let Ok(q) = Questionnaire::from_xlsform_csv(&form) {
                        out.push((name, q));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn expressions_of(items: &[Item], out: &mut BTreeSet<String>) {
    for item in items {
        out.extend([&item.relevant, &item.constraint, &item.choice_filter].into_iter().flatten().cloned());
        if let ItemKind::Group { items } = &item.kind {
            expressions_of(items, out);
        }
    }
}

/// Expressions written by hand, to reach every function and operator of the language against the
/// questions of [`QUESTIONS`].
const HANDWRITTEN: &[&str] = &[
    ". >= 0 and . <= 30",
    "${n} > 3 or ${d} < -1.5",
    "${t} != '' and string-length(${t}) < 10",
    "selected(${m}, 'yes') and count-selected(${m}) = 1",
    "not(selected(${s}, 'no'))",
    "if(${n} > 1, 'a', \"b\") = 'a'",
    "contains(${t}, 'x') or coalesce(${t}, 'none') = 'none'",
    "number(${t}) + int(${d}) * 2 div 3 mod 4 - -1 >= .5",
    "string(${n}) = '3' and true() and not(false())",
    "${dt} >= '2022-04-13' and ${dt} < '2022-12-31'",
    "grp = 'a' and name != 'maybe'",
    "grp = ${s}",
    "((((${n}))))",
    "-(-(-.5))",
];

fn expression(out: &mut Vec<Seed>) {
    let mut all = BTreeSet::new();
    for (_, q) in questionnaires() {
        expressions_of(&q.definition().items, &mut all);
    }
    all.extend(HANDWRITTEN.iter().map(|s| s.to_string()));
    // One answer per line, for the questions of QUESTIONS in order.
    let answer_sets = [
        "",
        "\nabc\n3\n2.5\n2022-04-20\nyes\nyes no\nx\n12\nyes",
        "\n\n31\n-1\n2022-02-30\nno\n[\"yes\",\"maybe\"]\n\n.5\nmaybe",
    ];
    for (i, expr) in all.iter().enumerate() {
        let answers = answer_sets[i % answer_sets.len()];
        push(out, "expression", format!("expr-{i:03}"), format!("{expr}{answers}"));
    }
    debug_assert!(QUESTIONS.len() == 9);
}

fn xlsform(out: &mut Vec<Seed>) {
    push(
        out,
        "xlsform",
        "reference-sheets".to_string(),
        format!("{}\n{CHOICES_MARK}\n{}", reference::SURVEY_CSV, reference::CHOICES_CSV),
    );
    for scenario in scenarios::all() {
        for (i, step) in scenario.steps.iter().enumerate() {
            let command = &step.envelope["command"];
            let name = format!("{}-{i:04}", stem(&scenario.file));
            match step.command_type() {
                Some("registerQuestionnaire") => {
                    push(out, "xlsform", format!("{name}-json"), command["questionnaire"].to_string());
                }
                Some("importQuestionnaire") => {
                    let survey = command["survey"].as_str().unwrap_or_default();
                    let choices = command["choices"].as_str().unwrap_or_default();
                    push(out, "xlsform", format!("{name}-sheets"), format!("{survey}\n{CHOICES_MARK}\n{choices}"));
                }
                _ => {}
            }
        }
    }
    push(out, "xlsform", "reference-json".to_string(), reference::door_knock().to_json());
    push(
        out,
        "xlsform",
        "groups".to_string(),
        format!(
            "type,name,label,required,relevant,constraint,choice_filter,appearance\n\
             begin group,g,Group,,${{a}} > 1,,,\n\
             integer,a,A,yes,,. < 10,,\n\
             begin_group,h,Inner,,,,,\n\
             select_one yn,b,B,true(),,,grp = 'x',minimal\n\
             end_group,,,,,,,\n\
             end group,,,,,,,\n\
             note,n,Note,,,,,\n\
             date,d,D,0,,. > '2022-01-01',,\n\
             decimal,e,E,no,,,,\n\
             int,f,F,1,,,,\n\
             \n{CHOICES_MARK}\n\
             list_name,name,label,grp\n\
             yn,yes,Yes,x\n\
             yn,no,No,y\n"
        ),
    );
}

fn c_door(out: &mut Vec<Seed>) {
    let tail = ["h", "l0", "l3", "p", "e", "n", "v\x01\x12\x64", "q\u{1}", "f", "e"];
    for scenario in scenarios::all() {
        let name = stem(&scenario.file);
        let mut lines: Vec<String> =
            scenario.steps.iter().map(|s| if s.query { format!("q{}", s.json) } else { s.json.clone() }).collect();
        lines.truncate(48);
        lines.extend(tail.iter().map(|s| s.to_string()));
        push(out, "c_door", name.to_string(), lines.join("\n"));
    }
    let (logs, snapshots) = logs_and_snapshots();
    for (name, log) in logs.iter().filter(|(_, log)| log.len() < 24 * 1024).take(6) {
        push(out, "c_door", format!("replay-{name}"), format!("r{log}\nh\nl0\nR{log}\np\ne\nt{log}\nKs\nKe\ne"));
    }
    for (name, snapshot) in snapshots.iter().filter(|(_, s)| s.len() < 24 * 1024).take(6) {
        push(
            out,
            "c_door",
            format!("restore-{name}"),
            format!("s{snapshot}\nh\nl0\nS{snapshot}\np\ne\nT{snapshot}\ne"),
        );
    }
    // Checkpoints: signed through the door, exported, replayed trusted; and public keys.
    for scenario in scenarios::all().iter().take(3) {
        let name = stem(&scenario.file);
        let mut lines: Vec<String> =
            scenario.steps.iter().filter(|s| !s.query).take(12).map(|s| s.json.clone()).collect();
        let Some(last) = scenario.steps.iter().filter(|s| !s.query).nth(11) else { continue };
        let Some(request) = checkpoint_request(scenario, last, "fuzz-checkpoint") else { continue };
        lines.push(format!("ks{request}"));
        lines.push(format!("ks{request}"));
        lines.push(format!("ke{request}"));
        lines.extend(["h", "l0", "Ks", "Ke", "e"].map(str::to_string));
        push(out, "c_door", format!("checkpoint-{name}"), lines.join("\n"));
    }
    let mut keys = b"Ps".to_vec();
    keys.extend_from_slice(&keys::SM2_SECRET);
    keys.extend_from_slice(b"\nPe");
    keys.extend_from_slice(&keys::ED25519_SECRET);
    keys.extend_from_slice(b"\nPs\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff");
    keys.extend_from_slice(b"\nPs\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    keys.extend_from_slice(b"\nPe123\nPx\nP\nn\nKs\nkx{}\ne");
    push(out, "c_door", "keys".to_string(), keys);
    let mut bad = b"q\xff\xfe{}\nx\xc3\x28\nr\x80\ns\xf0\x90\x80\nR[]\nS{}\ne".to_vec();
    bad.extend_from_slice(b"\nq{\"schemaVersion\":1\0,\"x\":1}\ne");
    push(out, "c_door", "invalid-utf8".to_string(), bad);
}

/// The dictionary of a target (tokens the mutations insert), in libFuzzer's format.
pub fn dictionary(target: &str) -> Vec<Vec<u8>> {
    let mut tokens: BTreeSet<String> = BTreeSet::new();
    match target {
        "expression" => {
            tokens.extend(
                [
                    "not(",
                    "true()",
                    "false()",
                    "if(",
                    "selected(",
                    "count-selected(",
                    "string-length(",
                    "contains(",
                    "coalesce(",
                    "number(",
                    "string(",
                    "int(",
                    " and ",
                    " or ",
                    " div ",
                    " mod ",
                    "!=",
                    "<=",
                    ">=",
                    "${",
                    "}",
                    ".",
                    "'",
                    "\"",
                    ",",
                    "grp",
                    "name",
                ]
                .map(str::to_string),
            );
            tokens.extend(QUESTIONS.iter().map(|q| format!("${{{q}}}")));
        }
        "xlsform" => {
            tokens.extend(
                [
                    "type",
                    "name",
                    "label",
                    "label::zh",
                    "label::Chinese (zh)",
                    "hint",
                    "required",
                    "relevant",
                    "constraint",
                    "constraint_message",
                    "jr:constraintMsg",
                    "choice_filter",
                    "appearance",
                    "media::image",
                    "list_name",
                    "list name",
                    "text",
                    "integer",
                    "int",
                    "decimal",
                    "date",
                    "note",
                    "select_one ",
                    "select_multiple ",
                    "begin group",
                    "end group",
                    "begin_group",
                    "end_group",
                    "yes",
                    "no",
                    "true()",
                    "false()",
                    "${",
                    "#choices",
                    "\"",
                ]
                .map(str::to_string),
            );
        }
        _ => {
            for (_, schema) in grassroots::schema::schemas() {
                if let Ok(value) = serde_json::from_str::<Value>(&schema) {
                    schema_words(&value, &mut tokens);
                }
            }
            if target == "csv_import" {
                tokens.extend(
                    [
                        "code",
                        "level",
                        "name",
                        "id",
                        "address",
                        "unit",
                        "building",
                        "lat",
                        "lng",
                        "keyPlace",
                        "household",
                        "personId",
                        "idNumber",
                        "mobile",
                        "politicalStatus",
                        "partyOrganization",
                        "keyPersonTags",
                        "helperRoles",
                        "区划代码",
                        "户编号",
                        "身份证号",
                        "手机号",
                        "政治面貌",
                        "\u{feff}",
                        "\"",
                        ",",
                        "\r\n",
                    ]
                    .map(str::to_string),
                );
            } else {
                tokens.extend(tokens.clone().into_iter().map(|t| format!("\"{t}\"")));
            }
        }
    }
    tokens.into_iter().filter(|t| !t.is_empty() && t.len() <= 64).map(String::into_bytes).collect()
}

/// Property names and enumerated values of a JSON Schema.
fn schema_words(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                out.extend(properties.keys().cloned());
            }
            for key in ["enum", "const"] {
                match map.get(key) {
                    Some(Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    Some(Value::Array(values)) => {
                        out.extend(values.iter().filter_map(|v| v.as_str().map(str::to_string)))
                    }
                    _ => {}
                }
            }
            map.values().for_each(|v| schema_words(v, out));
        }
        Value::Array(values) => values.iter().for_each(|v| schema_words(v, out)),
        _ => {}
    }
}

/// A dictionary in libFuzzer's `-dict` format: one `"token"` a line, escaped.
pub fn dictionary_file(tokens: &[Vec<u8>]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('"');
        for &b in token {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\x{b:02X}")),
            }
        }
        out.push_str("\"\n");
    }
    out
}
