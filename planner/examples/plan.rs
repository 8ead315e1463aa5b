//! Plans micro-grid links for an instance file and writes the plan.
//!
//! ```text
//! cargo run --release -p grassroots-planner --example plan -- [INSTANCE.json] [--out PLAN.json] [--k N]
//! cargo run --release -p grassroots-planner --example plan -- --help
//! ```
//!
//! Without an instance it plans the sample shipped beside it, `planner/examples/sample.json` (300
//! households, 25 members, made by `planner/bench/gen.py --households 300 --members 25 --seed 5`).
//!
//! The instance is `{"households":[{"id","x","y","building"?,"weight"?,"keyPerson"?}],
//! "members":[{"id","x","y","min"?,"max"?,"qualified"?,"knows"?:[household ids]}], "min":10, "max":15,
//! "count"?}` (ids are strings or integers). Two optional extensions: a `group` on households and
//! members (links stay inside a group), and a household's `current` member id (re-planning with
//! minimal churn). The plan is `{"links":[{"household","member"}],"unusedMembers":[...],"cost":
//! metres,"lowerBound"?: metres,"seconds": s}`; `seconds` is the solve time, reading and writing
//! excluded. An infeasible instance exits with status 2 and the reasons on stderr. Both formats in
//! full: docs/PLANNER.md, "Instance and plan files".

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use grassroots_planner::{Household, Instance, Member, Policy, plan};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InHousehold {
    id: Value,
    x: f64,
    y: f64,
    building: Option<Value>,
    weight: Option<u32>,
    key_person: Option<bool>,
    group: Option<Value>,
    current: Option<Value>,
}

#[derive(Deserialize)]
struct InMember {
    id: Value,
    x: f64,
    y: f64,
    min: Option<u32>,
    max: Option<u32>,
    qualified: Option<bool>,
    group: Option<Value>,
    #[serde(default)]
    knows: Vec<Value>,
}

#[derive(Deserialize)]
struct InInstance {
    households: Vec<InHousehold>,
    members: Vec<InMember>,
    min: Option<u32>,
    max: Option<u32>,
    count: Option<u32>,
}

/// The instance planned when none is given: a small one made by `planner/bench/gen.py`.
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample.json");

const USAGE: &str = "usage: plan [INSTANCE.json] [--out PLAN.json] [--k CANDIDATES]";

fn usage(problem: &str) -> (u8, String) {
    (1, format!("{problem} ({USAGE}; --help for more)"))
}

fn help() -> String {
    let defaults = Policy::default();
    format!(
        r#"{USAGE}

Links every household of the instance to one member, nearby and within the members' bounds, and
prints a summary; --out also writes the plan. Without INSTANCE.json it plans the sample shipped with
the crate, {SAMPLE}.

  INSTANCE.json    {{"households": [{{"id", "x", "y", "building"?, "weight"?, "keyPerson"?,
                                      "group"?, "current"?}}],
                     "members": [{{"id", "x", "y", "min"?, "max"?, "qualified"?, "group"?, "knows"?}}],
                     "min"?: {min}, "max"?: {max}, "count"?}}
                   coordinates in metres; ids are strings or integers
  --out PLAN.json  {{"links": [{{"household", "member"}}], "unusedMembers": [ids], "cost": metres,
                     "lowerBound"?: metres, "seconds": the solve time}}
  --k CANDIDATES   nearest members per household in the sparse graph (default {k})

Exit status: 0 planned; 1 bad arguments or an unreadable instance; 2 an invalid or infeasible
instance, the reasons on stderr. Both formats in full: docs/PLANNER.md, "Instance and plan files".
"#,
        min = defaults.min,
        max = defaults.max,
        k = defaults.candidates,
    )
}

/// A key for an id given as a string or an integer (`7` and `"7"` are different ids).
fn key(v: &Value) -> String {
    v.to_string()
}

fn interner() -> impl FnMut(&Value) -> u64 {
    let mut seen: HashMap<String, u64> = HashMap::new();
    move |v| {
        let n = seen.len() as u64;
        *seen.entry(key(v)).or_insert(n)
    }
}

fn run() -> Result<(), (u8, String)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = None;
    let mut out = None;
    let mut k = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{}", help());
                return Ok(());
            }
            "--out" => out = Some(it.next().ok_or_else(|| usage("--out needs a file name"))?.clone()),
            "--k" => {
                let n = it.next().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0);
                k = Some(n.ok_or_else(|| usage("--k needs a positive number of candidates"))?);
            }
            _ if a.starts_with("--") => return Err(usage(&format!("unknown option {a}"))),
            _ if input.is_none() => input = Some(a.clone()),
            _ => return Err(usage(&format!("one instance at a time, not also {a}"))),
        }
    }
    let input = input.unwrap_or_else(|| {
        eprintln!("no instance given: planning the sample {SAMPLE}");
        SAMPLE.to_string()
    });
    let t_read = Instant::now();
    let text = std::fs::read(&input).map_err(|e| (1, format!("{input}: {e}")))?;
    let raw: InInstance = serde_json::from_slice(&text).map_err(|e| (1, format!("{input}: {e}")))?;
    drop(text);
    let mut group_of = interner();
    let mut building_of = interner();
    let household_index: HashMap<String, u32> =
        raw.households.iter().enumerate().map(|(i, h)| (key(&h.id), i as u32)).collect();
    let member_index: HashMap<String, u32> =
        raw.members.iter().enumerate().map(|(j, m)| (key(&m.id), j as u32)).collect();
    if household_index.len() != raw.households.len() || member_index.len() != raw.members.len() {
        return Err((1, "ids must be unique".into()));
    }
    let mut households = Vec::with_capacity(raw.households.len());
    for h in &raw.households {
        let current = match &h.current {
            Some(c) => Some(*member_index.get(&key(c)).ok_or((1, format!("unknown member {c}")))?),
            None => None,
        };
        households.push(Household {
            x: h.x,
            y: h.y,
            building: h.building.as_ref().map(&mut building_of),
            weight: h.weight.unwrap_or(1),
            key_person: h.key_person.unwrap_or(false),
            group: h.group.as_ref().map(&mut group_of).unwrap_or(0) as u32,
            current,
        });
    }
    let mut members = Vec::with_capacity(raw.members.len());
    for m in &raw.members {
        let knows = m
            .knows
            .iter()
            .map(|k| household_index.get(&key(k)).copied().ok_or((1, format!("unknown household {k}"))))
            .collect::<Result<Vec<u32>, _>>()?;
        members.push(Member {
            x: m.x,
            y: m.y,
            min: m.min,
            max: m.max,
            qualified: m.qualified.unwrap_or(false),
            group: m.group.as_ref().map(&mut group_of).unwrap_or(0) as u32,
            knows,
        });
    }
    let defaults = Policy::default();
    let policy = Policy {
        min: raw.min.unwrap_or(defaults.min),
        max: raw.max.unwrap_or(defaults.max),
        count: raw.count,
        candidates: k.unwrap_or(defaults.candidates),
        ..defaults
    };
    let instance = Instance { households, members, policy };
    // Only the ids are needed from here on: on a million households the rest of the parsed input and
    // the id maps are some hundreds of megabytes.
    drop((household_index, member_index));
    let household_ids: Vec<Value> = raw.households.into_iter().map(|h| h.id).collect();
    let member_ids: Vec<Value> = raw.members.into_iter().map(|m| m.id).collect();
    let read_s = t_read.elapsed().as_secs_f64();

    let t_solve = Instant::now();
    let result = plan(&instance);
    let seconds = t_solve.elapsed().as_secs_f64();
    let plan = result.map_err(|e| (2, format!("infeasible or invalid: {e}")))?;

    let t = &plan.totals;
    println!(
        "{} households, {} members ({} used): cost {:.3} km{} | max {:.2} m | nearest {:.1}% | buildings split {}/{} | solve {:.3} s (read {:.3} s) | {}",
        instance.households.len(),
        instance.members.len(),
        t.members_used,
        t.distance_cm as f64 / 100_000.0,
        match plan.lower_bound_cm {
            Some(lb) if !plan.optimal => format!(
                " (lower bound {:.3} km, gap {:.3}%)",
                lb as f64 / 100_000.0,
                100.0 * (t.distance_cm - lb) as f64 / lb.max(1) as f64
            ),
            _ if plan.optimal => " (optimal)".to_string(),
            _ => String::new(),
        },
        t.max_distance_cm as f64 / 100.0,
        100.0 * t.nearest as f64 / instance.households.len().max(1) as f64,
        t.buildings_split,
        t.buildings_shared,
        seconds,
        read_s,
        format_stats(&plan.stats),
    );
    if let Some(out) = out {
        let file = std::fs::File::create(&out).map_err(|e| (1, format!("{out}: {e}")))?;
        let mut w = std::io::BufWriter::new(file);
        write_plan(&mut w, &plan, &household_ids, &member_ids, seconds).map_err(|e| (1, format!("{out}: {e}")))?;
    }
    Ok(())
}

/// Writes the plan document link by link (a `serde_json::Value` of a million links would take more
/// memory than the solve).
fn write_plan(
    w: &mut impl Write,
    plan: &grassroots_planner::Plan,
    household_ids: &[Value],
    member_ids: &[Value],
    seconds: f64,
) -> std::io::Result<()> {
    w.write_all(b"{\"links\":[")?;
    for (k, l) in plan.links.iter().enumerate() {
        if k > 0 {
            w.write_all(b",")?;
        }
        w.write_all(b"{\"household\":")?;
        serde_json::to_writer(&mut *w, &household_ids[l.household as usize])?;
        w.write_all(b",\"member\":")?;
        serde_json::to_writer(&mut *w, &member_ids[l.member as usize])?;
        w.write_all(b"}")?;
    }
    w.write_all(b"],\"unusedMembers\":")?;
    let unused: Vec<&Value> = plan.unused_members.iter().map(|&j| &member_ids[j as usize]).collect();
    serde_json::to_writer(&mut *w, &unused)?;
    w.write_all(b",\"cost\":")?;
    serde_json::to_writer(&mut *w, &(plan.totals.distance_cm as f64 / 100.0))?;
    if let Some(lb) = plan.lower_bound_cm {
        w.write_all(b",\"lowerBound\":")?;
        serde_json::to_writer(&mut *w, &(lb as f64 / 100.0))?;
    }
    w.write_all(b",\"seconds\":")?;
    serde_json::to_writer(&mut *w, &seconds)?;
    w.write_all(b"}\n")?;
    w.flush()
}

fn format_stats(s: &grassroots_planner::PlanStats) -> String {
    let f = &s.flow;
    format!(
        "solves {} moves {} pruned {} | augmentations {} settled {} rebuilt {}+{} pricing rounds {} priced arcs {} repairs {} arcs {}",
        s.solves,
        s.moves,
        s.pruned,
        f.augmentations,
        f.settled,
        f.rebuilds,
        f.rebuilds_in,
        f.pricing_rounds,
        f.priced_arcs,
        f.repairs,
        f.arcs
    )
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}
