//! The `grassroots` binary end to end, in a temporary directory: a store made with `init`, filled
//! with the demo campaign's commands through `execute`, read with `query` and `report`, planned
//! with `plan`, exported, verified, then altered by hand and verified again; CSV imports with bad
//! rows; the help of every subcommand; PostgreSQL when `GRASSROOTS_TEST_POSTGRES` names a server.

use grassroots_demo::{SampleSpec, commands};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A moment inside the sample's survey, so that reports are the same on every run.
const AT: &str = "2022-04-28T18:00:00+08:00";

/// 龙虎岭社区: its link plan is feasible in the sample.
const UNIT: &str = "430104017001";

/// What a run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit status, showing the output when it is another.
    fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "exit status\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Runs `grassroots ARGS` in `dir`, with `stdin` as its standard input.
fn grassroots(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grassroots"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("stdin is written");
    }
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        code: output.status.code().expect("an exit status, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// The demo campaign's commands as JSON lines (a small sample: 150 households).
fn sample() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let spec = SampleSpec { households: 150, ..SampleSpec::default() };
        commands(&spec).iter().map(|e| serde_json::to_string(e).expect("an envelope serializes")).collect()
    })
}

/// `lines` as one text, a line each.
fn jsonl(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The head seq `status` shows.
fn head_seq(dir: &Path, store: &str) -> u64 {
    let status = grassroots(dir, &["status", store], None).expect(0).stdout;
    let line = status.lines().find(|l| l.contains("head: #")).expect("a head line");
    line.split('#').nth(1).and_then(|s| s.split_whitespace().next()).and_then(|s| s.parse().ok()).expect("a seq")
}

/// A temporary directory holding a store made by `init` and filled with the whole sample.
fn filled() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("campaign.db");
    let store = db.to_str().expect("a UTF-8 path");
    let init = grassroots(dir.path(), &["init", store], None).expect(0);
    assert!(init.stdout.contains("created"), "{}", init.stdout);
    std::fs::write(dir.path().join("sample.jsonl"), jsonl(sample())).expect("the sample is written");
    let run = grassroots(dir.path(), &["execute", store, "sample.jsonl", "--batch", "100"], None).expect(0);
    assert_eq!(run.stdout.lines().count(), sample().len(), "one answer per command");
    assert!(run.stdout.lines().all(|l| l.contains("\"retried\":false")));
    assert!(run.stderr.contains(&format!("executed {} commands", sample().len())), "{}", run.stderr);
    (dir, db)
}

#[test]
fn a_campaign_runs_through_the_tool_and_a_tampered_record_is_named() {
    let (dir, db) = filled();
    let d = dir.path();
    let store = db.to_str().expect("a UTF-8 path");
    let head = head_seq(d, store);
    assert!(head as usize > sample().len());

    // Sending the first commands again is answered from the store: retries, nothing new.
    let again = grassroots(d, &["execute", store, "-"], Some(&jsonl(&sample()[..3]))).expect(0);
    assert_eq!(again.stdout.lines().filter(|l| l.contains("\"retried\":true")).count(), 3);
    assert_eq!(head_seq(d, store), head);

    // A refused command changes nothing, does not stop the others, and sets the exit status.
    let reopen = sample()[0].replace("sample-000001", "reopen-1");
    let mixed = format!("{reopen}\n\nnot json\n{}\n", sample()[1]);
    let run = grassroots(d, &["execute", store], Some(&mixed)).expect(16);
    let answers: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(answers.len(), 3, "one answer per command, blank lines skipped");
    assert!(answers[0].contains("\"code\":\"CAMPAIGN_ALREADY_OPEN\""));
    assert!(answers[1].contains("\"code\":\"MALFORMED_INPUT\""));
    assert!(answers[2].contains("\"retried\":true"));
    assert!(run.stderr.starts_with("error[CAMPAIGN_ALREADY_OPEN]: 2 of 3 commands refused, the first at line 1"));
    assert_eq!(head_seq(d, store), head);

    // A query alone is sent as the global options' actor; an envelope as it is.
    let q = grassroots(d, &["query", store, r#"{"type":"head"}"#], None).expect(0);
    assert!(q.stdout.contains(&format!("\"seq\":{head}")), "{}", q.stdout);
    let envelope = format!(
        r#"{{"schemaVersion":1,"actor":{{"id":"gw","role":"gridWorker","scope":"{UNIT}"}},"query":{{"type":"coverage"}}}}"#
    );
    let q = grassroots(d, &["query", store, "-"], Some(&envelope)).expect(0);
    assert!(q.stdout.starts_with(r#"{"schemaVersion":2,"result":{"type":"coverage""#), "{}", q.stdout);
    assert!(!q.stdout.contains("430104017013"), "a grid worker sees its own unit only");
    let bad = grassroots(d, &["query", store, r#"{"type":"noSuchQuery"}"#], None).expect(1);
    assert!(bad.stderr.starts_with("error[MALFORMED_INPUT]:"));

    // Reports: the library's, the same bytes as the library renders them (asked here through
    // `query`), Markdown the same on every run.
    let library = |what: &str, format: &str, language: &str| -> serde_json::Value {
        let q =
            format!(r#"{{"type":"report","report":"{what}","at":"{AT}","format":"{format}","language":"{language}"}}"#);
        let answer = grassroots(d, &["query", store, &q], None).expect(0).stdout;
        let answer: serde_json::Value = serde_json::from_str(&answer).expect("a query answer");
        answer["result"].clone()
    };
    let md = grassroots(d, &["report", store, "--at", AT], None).expect(0).stdout;
    let titles = [
        "# 敲门行动覆盖情况（不漏一户）\n",
        "# 突出问题清单\n",
        "# “回头看”专题报告\n",
        "# 软弱涣散基层党组织名单\n",
        "# 整改台账\n",
        "# 评估验收结果\n",
        "# 督查通报\n",
        "# 实施计划表\n",
    ];
    let at: Vec<usize> = titles.iter().map(|t| md.find(t).unwrap_or_else(|| panic!("{t} in\n{md}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "every report once, in the campaign's order: {at:?}");
    assert_eq!(md.matches("- 截至：2022-04-28 18:00（北京时间）\n").count(), 8, "{md}");
    assert!(md.contains(&format!("- 日志位置：seq #{head} · 哈希 ")), "{md}");
    assert!(md.contains("| 龙虎岭社区 | 430104017001 |"), "{md}");
    assert!(md.contains("| 合计 |  | 150 |"), "{md}");
    assert_eq!(grassroots(d, &["report", store, "--at", AT], None).expect(0).stdout, md, "deterministic");
    let kinds =
        ["coverage", "problemList", "specialReport", "weakAndLaxList", "ledgers", "acceptance", "notices", "timetable"];
    let each: String =
        kinds.iter().map(|k| library(k, "markdown", "zh")["rendered"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(md, each, "`all` is every report of the library, one after the other");
    let coverage = grassroots(d, &["report", store, "coverage", "--at", AT], None).expect(0).stdout;
    assert_eq!(coverage, library("coverage", "markdown", "zh")["rendered"].as_str().unwrap_or(""));

    // CSV: the first table, its header the library's columns.
    let csv = grassroots(d, &["report", store, "coverage", "--format", "csv", "--at", AT], None).expect(0).stdout;
    let asked = library("coverage", "csv", "zh");
    assert_eq!(csv, asked["rendered"].as_str().unwrap_or(""), "the library's bytes");
    let columns: Vec<&str> =
        asked["tables"][0]["columns"].as_array().expect("columns").iter().filter_map(|c| c.as_str()).collect();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], columns.join(","), "{csv}");
    assert!(lines[0].starts_with("村（社区）,代码,住户,"), "{csv}");
    assert_eq!(lines.len(), 1 + 6 + 1, "a header, six units, the total");
    assert!(lines.last().is_some_and(|l| l.starts_with("合计,,150,")), "{csv}");
    let en_csv = grassroots(d, &["report", store, "problem-list", "--format", "csv", "--lang", "en", "--at", AT], None)
        .expect(0)
        .stdout;
    assert_eq!(en_csv, library("problemList", "csv", "en")["rendered"].as_str().unwrap_or(""));

    // English headings.
    let en = grassroots(d, &["report", store, "coverage", "--lang", "en", "--at", AT], None).expect(0).stdout;
    assert!(en.starts_with("# Door-knock survey coverage\n"), "{en}");
    assert!(en.contains("- As of: 2022-04-28 18:00 (UTC+8)\n"), "{en}");
    assert!(en.contains("| Village or community | Code | Households |"), "{en}");
    assert!(!en.contains("截至") && !en.contains("住户"), "{en}");

    // --out for text; XLSX to a file, a zip; one unit.
    grassroots(d, &["report", store, "coverage", "--out", "coverage.md", "--at", AT], None).expect(0);
    assert_eq!(std::fs::read_to_string(d.join("coverage.md")).expect("the report file"), coverage);
    let xlsx =
        grassroots(d, &["report", store, "acceptance", "--format", "xlsx", "-o", "a.xlsx", "--at", AT], None).expect(0);
    assert!(xlsx.stdout.is_empty() && xlsx.stderr.contains("a.xlsx"), "{xlsx:?}");
    let workbook = std::fs::read(d.join("a.xlsx")).expect("the workbook");
    assert!(workbook.starts_with(b"PK\x03\x04"), "a zip file");
    grassroots(d, &["report", store, "acceptance", "--format", "xlsx", "-o", "b.xlsx", "--at", AT], None).expect(0);
    assert_eq!(std::fs::read(d.join("b.xlsx")).expect("the workbook"), workbook, "deterministic");
    let one = grassroots(d, &["report", store, "--unit", UNIT, "--at", AT], None).expect(0).stdout;
    assert!(one.contains(&format!("- 村（社区）：龙虎岭社区（{UNIT}）\n")), "{one}");
    assert!(one.contains("# 实施计划表\n"), "`all` prints the whole sub-district's reports whole: {one}");
    assert!(!one.contains("| 430104017013 |"), "{one}");

    // Usage errors, and the library's refusal of a unit for a whole-sub-district report.
    for args in [
        &["report", store, "--format", "csv"][..],
        &["report", store, "all", "--format", "xlsx", "--out", "all.xlsx"],
        &["report", store, "coverage", "--format", "xlsx"],
        &["report", store, "summary"],
        &["report", store, "coverage", "--lang", "fr"],
    ] {
        let run = grassroots(d, args, None).expect(64);
        assert!(run.stderr.starts_with("error[USAGE]:"), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let no_out = grassroots(d, &["report", store, "coverage", "--format", "xlsx"], None).expect(64);
    assert!(no_out.stderr.contains("--out"), "{}", no_out.stderr);
    assert!(!d.join("all.xlsx").exists());
    let whole = grassroots(d, &["report", store, "notices", "--unit", UNIT, "--at", AT], None).expect(3);
    assert!(whole.stderr.starts_with("error[INVALID_FIELD]: "), "{}", whole.stderr);

    // A link plan: proposed, then adopted with the proposal's seq as expectedSeq.
    let plan = grassroots(d, &["plan", store, "--unit", UNIT], None).expect(0).stdout;
    assert!(plan.contains(&format!("联户方案 link plan · 龙虎岭社区 {UNIT} (based on seq {head})")), "{plan}");
    assert!(plan.contains("households linked"), "{plan}");
    assert_eq!(head_seq(d, store), head, "proposing changes nothing");
    let adopted = grassroots(d, &["plan", store, "--unit", UNIT, "--adopt", "--at", AT], None).expect(0).stdout;
    assert!(adopted.contains(&format!("已采纳 adopted: 34 links (seq {})", head + 1)), "{adopted}");
    let head = head_seq(d, store);
    let replanned = grassroots(d, &["plan", store, "--unit", UNIT], None).expect(0).stdout;
    assert!(replanned.contains("34 kept · 0 moved · 0 linked anew"), "{replanned}");
    let infeasible = grassroots(d, &["plan", store, "--unit", "430104017013", "--adopt"], None).expect(18);
    assert!(infeasible.stdout.contains("noQualifiedMember"), "{}", infeasible.stdout);
    assert!(infeasible.stderr.contains("[rule microGrid.planFeasible]"), "{}", infeasible.stderr);
    assert_eq!(head_seq(d, store), head);

    // Export: every record as stored, a line each, after a seq, to stdout or a file.
    let export = grassroots(d, &["export", store], None).expect(0).stdout;
    assert_eq!(export.lines().count() as u64, head);
    for (i, line) in export.lines().enumerate() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a record");
        assert_eq!(record["seq"], i as u64 + 1);
    }
    let tail = grassroots(d, &["export", store, "--after", "10"], None).expect(0).stdout;
    assert_eq!(tail.lines().count() as u64, head - 10);
    let first: serde_json::Value = serde_json::from_str(tail.lines().next().expect("a line")).expect("a record");
    assert_eq!((first["seq"].as_u64(), first["schemaVersion"].as_u64()), (Some(11), Some(2)));
    grassroots(d, &["export", store, "--out", "log.jsonl"], None).expect(0);
    assert_eq!(std::fs::read_to_string(d.join("log.jsonl")).expect("the export file"), export);

    // A snapshot, then verify: every record replayed, the snapshot checked.
    let snap = grassroots(d, &["snapshot", store], None).expect(0).stdout;
    assert_eq!(snap.trim(), format!("已生成快照 snapshot taken at seq {head}"));
    let verified = grassroots(d, &["verify", store], None).expect(0);
    let line = verified.stdout.trim();
    assert!(line.starts_with("核验通过 verified: "), "{line}");
    assert!(line.contains(&format!("head #{head} ")) && line.ends_with("1 snapshot checked"), "{line}");
    assert_eq!(verified.stdout.lines().count(), 1);

    // A record altered in the file: verify names its seq and exits with TAMPERED_LOG (13).
    let seq = export.lines().position(|l| l.contains("华龙村")).expect("a record naming 华龙村") as i64 + 1;
    let conn = rusqlite::Connection::open(&db).expect("the file opens");
    let changed = conn
        .execute(
            "UPDATE grassroots_records SET record = replace(record, '华龙村', '华龙新村') WHERE campaign = 'main' AND seq = ?1",
            [seq],
        )
        .expect("the record is altered");
    assert_eq!(changed, 1);
    drop(conn);
    let tampered = grassroots(d, &["verify", store], None).expect(13);
    assert_eq!(tampered.stderr.lines().count(), 1, "{}", tampered.stderr);
    assert!(tampered.stderr.starts_with("error[TAMPERED_LOG]: "), "{}", tampered.stderr);
    assert!(tampered.stderr.contains(&format!("seq {seq} ")), "{}", tampered.stderr);
    assert!(!tampered.stderr.contains("华龙"), "no record content in the error: {}", tampered.stderr);
    assert!(tampered.stdout.is_empty());
}

#[test]
fn a_csv_with_bad_rows_imports_nothing_and_names_every_row() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let out = grassroots(d, &["init", "c.db", "--open", "--at", "2022-04-13T09:00:00+08:00"], None).expect(0).stdout;
    assert!(out.contains("已开启 opened: 东方红街道 430104017000 (seq 1)"), "{out}");
    std::fs::write(d.join("units.csv"), "区划代码,名称\n430104017001,龙虎岭社区\n430104017201,荷叶坝村\n")
        .expect("written");
    let units = grassroots(d, &["import", "c.db", "units", "units.csv"], None).expect(0).stdout;
    assert!(units.starts_with("已导入 imported: 2 rows of units from units.csv (seq 2–3)"), "{units}");
    assert!(units.contains("  orgUnitRegistered: 2"), "{units}");

    let bad = "id,address,unit\nh-1,岳麓大道1号,430104017001\nh-2,岳麓大道2号,999\nh-3,岳麓大道3号,430104017201\nh-4,岳麓大道4号,430104017999\n";
    std::fs::write(d.join("bad.csv"), bad).expect("written");
    let run = grassroots(d, &["import", "c.db", "households", "bad.csv"], None).expect(14);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(lines[0].starts_with("error[INVALID_CSV]: bad.csv: "), "{}", run.stderr);
    assert_eq!(lines.len(), 3, "the error and its two rows: {}", run.stderr);
    assert!(lines[1].starts_with("  line 3, column unit: INVALID_DIVISION_CODE: "), "{}", run.stderr);
    assert!(lines[2].starts_with("  line 5, column unit: NOT_FOUND: "), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(head_seq(d, "c.db"), 3, "nothing was imported");

    // The fixed file is imported whole; the same file again is a retry, recorded once.
    std::fs::write(
        d.join("good.csv"),
        "户编号,地址,村社区代码\nh-1,岳麓大道1号,430104017001\n\nh-2,岳麓大道2号,430104017201\n",
    )
    .expect("written");
    let good = grassroots(d, &["import", "c.db", "住户", "good.csv"], None).expect(0).stdout;
    assert!(good.starts_with("已导入 imported: 2 rows of households from good.csv (seq 4–5)"), "{good}");
    let again = grassroots(d, &["import", "c.db", "households", "good.csv"], None).expect(0).stdout;
    assert!(again.starts_with("已导入过 already imported: good.csv was imported before (seq 4–5)"), "{again}");
    assert_eq!(head_seq(d, "c.db"), 5);

    // A file that is not UTF-8, and one that is not there.
    std::fs::write(d.join("latin.csv"), b"id,address,unit\nh-9,\xe9,430104017001\n").expect("written");
    let latin = grassroots(d, &["import", "c.db", "households", "latin.csv"], None).expect(14);
    assert!(latin.stderr.contains("latin.csv is not UTF-8 text (line 2)"), "{}", latin.stderr);
    grassroots(d, &["import", "c.db", "households", "missing.csv"], None).expect(66);
}

#[test]
fn what_is_not_a_store_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    std::fs::write(d.join("notes.db"), "not a database, only text\n".repeat(100)).expect("written");
    let run = grassroots(d, &["verify", "notes.db"], None).expect(24);
    assert!(run.stderr.starts_with("error[NOT_A_CAMPAIGN_STORE]: "), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    grassroots(d, &["verify", "missing.db"], None).expect(24);
    assert!(!d.join("missing.db").exists(), "verify makes no store");
    grassroots(d, &["init", "c.db"], None).expect(0);
    grassroots(d, &["init", "c.db"], None).expect(8);
    // A store whose campaign is not open has no sub-district to act in without --scope.
    let report = grassroots(d, &["report", "c.db"], None).expect(15);
    assert!(report.stderr.starts_with("error[CAMPAIGN_NOT_OPEN]: "), "{}", report.stderr);
}

#[test]
fn help_speaks_chinese_and_english_and_usage_errors_are_64() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let top = grassroots(d, &["--help"], None).expect(0).stdout;
    assert!(top.contains("专项行动命令行工具") && top.contains("The command-line tool"), "{top}");
    let abouts = [
        ("init", "创建专项行动库", "Create a campaign store"),
        ("import", "导入 CSV 文件", "Import a CSV file"),
        ("execute", "执行命令", "Execute commands"),
        ("query", "查询", "Answer a query"),
        ("plan", "规划党员联户方案", "Propose a member–household link plan"),
        ("report", "输出报表", "Print reports"),
        ("verify", "核验全部记录和快照", "Verify every stored record"),
        ("export", "导出记录", "Export the records"),
        ("snapshot", "立即生成快照", "Take a snapshot now"),
        ("status", "显示库的状态", "Show the store's status"),
    ];
    for (command, zh, en) in abouts {
        let help = grassroots(d, &[command, "--help"], None).expect(0).stdout;
        assert!(help.contains(zh) && help.contains(en), "{command} --help:\n{help}");
        assert!(help.contains("全局选项 Global options") && help.contains("--campaign"), "{command} --help:\n{help}");
    }
    assert!(grassroots(d, &["--version"], None).expect(0).stdout.starts_with("grassroots "));
    let usage = grassroots(d, &["import", "c.db"], None).expect(64);
    assert!(usage.stderr.starts_with("error[USAGE]: "), "{}", usage.stderr);
    assert_eq!(usage.stderr.lines().count(), 1, "{}", usage.stderr);
    grassroots(d, &["import", "c.db", "villagers", "x.csv"], None).expect(64);
    grassroots(d, &["report", "c.db", "--role", "mayor"], None).expect(64);
    // A report's usage errors are found before the store is opened.
    grassroots(d, &["report", "c.db", "timetable", "--format", "xlsx"], None).expect(64);
    grassroots(d, &["report", "c.db", "handling"], None).expect(64);
    assert!(!d.join("c.db").exists(), "no store is made");
    grassroots(d, &[], None).expect(64);
}

/// A PostgreSQL database of its own for this test, dropped at the end.
struct Database {
    base: String,
    name: String,
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}

#[test]
fn postgres_stores_work_the_same() {
    let Ok(base) = std::env::var("GRASSROOTS_TEST_POSTGRES") else {
        assert!(
            std::env::var("GRASSROOTS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "GRASSROOTS_REQUIRE_POSTGRES=1 but GRASSROOTS_TEST_POSTGRES is not set: run `eval \"$(bash scripts/postgres.sh env)\"`"
        );
        eprintln!("skipped on PostgreSQL: GRASSROOTS_TEST_POSTGRES is not set");
        return;
    };
    let db = Database { base: base.clone(), name: format!("cli_test_{}", std::process::id()) };
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
    // Two statements: CREATE DATABASE may not run inside the transaction a multi-statement query is.
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", db.name)).expect("no database left over");
    admin.batch_execute(&format!("CREATE DATABASE {}", db.name)).expect("a database");
    drop(admin);
    let location = format!("{base} dbname={}", db.name);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    grassroots(d, &["init", &location], None).expect(0);
    let lines = &sample()[..80];
    let run = grassroots(d, &["execute", &location, "--batch", "25"], Some(&jsonl(lines))).expect(0);
    assert_eq!(run.stdout.lines().count(), lines.len());
    let head = head_seq(d, &location);
    let verified = grassroots(d, &["verify", &location], None).expect(0).stdout;
    assert!(verified.contains(&format!("head #{head} ")), "{verified}");
    let export = grassroots(d, &["export", &location], None).expect(0).stdout;
    assert_eq!(export.lines().count() as u64, head);
}
