//! The command line: subcommands, their arguments and help in Chinese and English.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use grassroots::Role;
use grassroots::people::CsvTable;
use grassroots::report::{Language, ReportFormat, ReportKind};
use std::path::PathBuf;

/// The store argument's help, shared by every subcommand.
const STORE_HELP: &str = "专项行动库：SQLite 文件路径，或 postgres://… / \"host=… dbname=…\" 连接串 · \
                          The campaign store: a SQLite file path, or a postgres://… URL or a \"host=… dbname=…\" string";

/// 基层党组织整建提质专项行动 · grassroots: run a sub-district's party-organization campaign from the
/// command line.
#[derive(Debug, Parser)]
#[command(
    name = "grassroots",
    version,
    about = "基层党组织整建提质专项行动命令行工具 · The command-line tool of a grassroots party-organization campaign",
    long_about = "基层党组织整建提质专项行动命令行工具：创建专项行动库，导入 CSV，执行命令，规划党员联户，\
                  输出报表，核验和导出记录。\n\
                  The command-line tool of a grassroots party-organization campaign: create a campaign store, \
                  import CSV files, execute commands, plan member–household links, print reports, verify and \
                  export the log.\n\n\
                  退出码 Exit status: 0 成功 success; 1–26 库的错误码 the library's error code \
                  (13 TAMPERED_LOG, 14 INVALID_CSV, 24 NOT_A_CAMPAIGN_STORE, 25 STORAGE_UNAVAILABLE, \
                  26 STORAGE_FULL …); 64 用法错误 usage error; 66 输入文件不可读 input file unreadable; \
                  73 无法创建输出文件 cannot create the output file; 74 写入失败 write error.",
    subcommand_help_heading = "命令 Commands",
    next_help_heading = "选项 Options",
    arg_required_else_help = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// The options every subcommand takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The options every subcommand takes: the campaign's name, and the actor of the commands and
/// queries the tool builds itself.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "全局选项 Global options")]
pub struct Global {
    /// The campaign's name in the store.
    #[arg(
        long,
        global = true,
        default_value = "main",
        value_name = "NAME",
        help = "库中的专项行动名称 · The campaign's name in the store"
    )]
    pub campaign: String,
    /// The actor's id.
    #[arg(
        long = "actor-id",
        global = true,
        default_value = "cli",
        value_name = "ID",
        help = "本工具所发命令和查询的操作者编号 · The actor id of the commands and queries the tool builds"
    )]
    pub actor_id: String,
    /// The actor's role.
    #[arg(
        long,
        global = true,
        default_value = "administrator",
        value_name = "ROLE",
        value_parser = role_parser(),
        help = "操作者角色 · The actor's role"
    )]
    pub role: Role,
    /// The actor's scope: a 12-digit division code (default: the campaign's sub-district).
    #[arg(
        long,
        global = true,
        value_name = "CODE",
        help = "操作者范围，12 位区划代码（默认：专项行动所在街道） · The actor's scope, a 12-digit division code \
                (default: the campaign's sub-district)"
    )]
    pub scope: Option<String>,
    /// The moment of the commands the tool builds, and the day of the reports.
    #[arg(
        long,
        global = true,
        value_name = "MOMENT",
        help = "命令时间和报表日期，RFC 3339（默认：当前北京时间） · The commands' moment and the reports' day, RFC 3339 \
                (default: now, UTC+8), e.g. 2022-04-28T18:00:00+08:00"
    )]
    pub at: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Creates a campaign store.
    #[command(about = "创建专项行动库 · Create a campaign store")]
    Init(InitArgs),
    /// Imports a CSV file.
    #[command(about = "导入 CSV 文件（全部导入或全部不导入） · Import a CSV file (the whole file or nothing)")]
    Import(ImportArgs),
    /// Executes command envelopes given as JSON lines.
    #[command(
        about = "执行命令（每行一个 JSON 命令信封） · Execute commands (one JSON command envelope per line)",
        long_about = "执行命令（每行一个 JSON 命令信封），每条命令在标准输出打印一行应答，汇总打印到标准错误。\n\
                      Execute commands (one JSON command envelope per line): one answer line per command on \
                      stdout (the ExecuteResult, or the error's JSON), a summary on stderr. Exits with the first \
                      refused command's error code when any was refused."
    )]
    Execute(ExecuteArgs),
    /// Answers a query.
    #[command(
        about = "查询（JSON 查询信封，或只给查询本身） · Answer a query (a JSON QueryEnvelope, or the query alone)",
        long_about = "查询：给出 JSON 查询信封；或只给查询本身（如 {\"type\":\"coverage\"}），由全局选项补上操作者。\n\
                      Answer a query: a JSON QueryEnvelope, or the query alone (e.g. {\"type\":\"coverage\"}), \
                      sent with the actor of the global options."
    )]
    Query(QueryArgs),
    /// Proposes (and adopts) a member–household link plan.
    #[command(about = "规划党员联户方案（可直接采纳） · Propose a member–household link plan (and adopt it)")]
    Plan(PlanArgs),
    /// Prints the library's reports.
    #[command(
        about = "输出报表（Markdown、CSV 或 XLSX） · Print reports (Markdown, CSV or XLSX)",
        long_about = "输出报表（Markdown、CSV 或 XLSX）：库的报表，与库的其他接口逐字节相同，每份报表开头注明其计算时的\
                      日志位置（序号和哈希）；XLSX 写入 --out 指定的文件。\n\
                      Print reports (Markdown, CSV or XLSX): the library's reports, the same bytes as every other \
                      door of the library, each headed by the log position it was computed at (seq and hash); XLSX \
                      is written to the --out file."
    )]
    Report(ReportArgs),
    /// Verifies the whole stored chain.
    #[command(about = "核验全部记录和快照 · Verify every stored record and snapshot")]
    Verify(StoreArgs),
    /// Exports the records as JSON lines.
    #[command(about = "导出记录（JSON lines） · Export the records as JSON lines")]
    Export(ExportArgs),
    /// Takes a snapshot now.
    #[command(about = "立即生成快照 · Take a snapshot now")]
    Snapshot(StoreArgs),
    /// Shows where the store is and its head.
    #[command(about = "显示库的状态 · Show the store's status")]
    Status(StoreArgs),
}

/// A subcommand that takes only the store.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
}

/// `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The store to create.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// Also open the campaign with the embedded default configuration.
    #[arg(
        long,
        help = "同时以内置默认配置（东方红街道 2022）开启专项行动 · Also open the campaign with the embedded default \
                configuration (东方红街道, 2022)"
    )]
    pub open: bool,
    /// Open the campaign with this configuration (JSON) instead.
    #[arg(
        long,
        value_name = "FILE.json",
        help = "以此配置文件（CampaignConfig JSON）开启专项行动 · Open the campaign with this configuration \
                (CampaignConfig JSON)"
    )]
    pub config: Option<PathBuf>,
}

/// What a CSV file holds, as `importCsv`'s `table` (docs/CSV.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// Villages and communities.
    #[value(alias = "村社区", help = "村（社区） villages and communities")]
    Units,
    /// Households.
    #[value(alias = "住户", help = "住户 households")]
    Households,
    /// Residents of registered households.
    #[value(alias = "居民", help = "居民 residents of registered households")]
    Residents,
    /// Party members and helpers.
    #[value(alias = "党员", help = "党员 party members and helpers")]
    Members,
}

impl Table {
    /// The library's table.
    pub fn csv_table(self) -> CsvTable {
        match self {
            Table::Units => CsvTable::Units,
            Table::Households => CsvTable::Households,
            Table::Residents => CsvTable::Residents,
            Table::Members => CsvTable::Members,
        }
    }
}

/// `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// What the file holds.
    #[arg(value_name = "KIND", help = "文件内容 · What the file holds")]
    pub kind: Table,
    /// The CSV file.
    #[arg(
        value_name = "FILE.csv",
        help = "CSV 文件（UTF-8，中文或英文表头，见 docs/CSV.md） · The CSV file (UTF-8, Chinese or English headers; \
                see docs/CSV.md)"
    )]
    pub file: PathBuf,
}

/// `execute`.
#[derive(Debug, Args)]
pub struct ExecuteArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// The file of JSON lines, or `-` for stdin.
    #[arg(
        value_name = "FILE",
        default_value = "-",
        help = "每行一个命令信封的文件，- 为标准输入 · A file of command envelopes, one per line; - for stdin"
    )]
    pub file: String,
    /// Commands per transaction.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1000,
        value_parser = clap::value_parser!(u32).range(1..=100_000),
        help = "每个事务的命令数 · Commands per transaction"
    )]
    pub batch: u32,
}

/// `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// The query's JSON, or `-` for stdin.
    #[arg(value_name = "JSON", default_value = "-", help = "查询 JSON，- 为标准输入 · The query's JSON; - for stdin")]
    pub query: String,
}

/// `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// The village or community (absent: every one in the actor's scope).
    #[arg(
        long,
        value_name = "CODE",
        help = "村（社区）区划代码（缺省：操作者范围内全部） · The village or community (absent: every one in the \
                actor's scope)"
    )]
    pub unit: Option<String>,
    /// Adopt the proposal.
    #[arg(
        long,
        help = "采纳方案（以 expectedSeq = basedOnSeq 发送 adoptLinkPlan） · Adopt the proposal (adoptLinkPlan with \
                expectedSeq = basedOnSeq)"
    )]
    pub adopt: bool,
    /// Use exactly this many members.
    #[arg(long, value_name = "N", help = "恰好使用这么多名党员 · Use exactly this many members")]
    pub count: Option<u32>,
    /// The seed of the member-choosing heuristic.
    #[arg(
        long,
        value_name = "N",
        help = "选择党员的启发式种子（默认 0） · The member-choosing heuristic's seed (default 0)"
    )]
    pub seed: Option<u64>,
}

/// What `report` prints: one of the library's reports (`grassroots::report::ReportKind`), or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportWhat {
    /// Every report, one after the other (Markdown only).
    #[value(help = "全部报表，依次输出（仅 Markdown） every report, one after the other (Markdown only)")]
    All,
    /// 不漏一户: the door-knock survey's coverage.
    #[value(help = "敲门行动覆盖情况（不漏一户） the door-knock survey's coverage")]
    Coverage,
    /// 突出问题清单: the survey's findings by category, and their handling.
    #[value(help = "突出问题清单 the survey's findings by category, and their handling")]
    ProblemList,
    /// 专题报告: the look-back's special report.
    #[value(help = "“回头看”专题报告 the look-back special report")]
    SpecialReport,
    /// 软弱涣散基层党组织名单: the committee's decisions and the lists submitted.
    #[value(help = "软弱涣散基层党组织名单 the weak-and-lax decisions and the lists submitted")]
    WeakAndLaxList,
    /// 整改台账: the rectification ledgers.
    #[value(help = "整改台账 each organization's rectification ledger")]
    Ledgers,
    /// 评估验收: the four-tier acceptance.
    #[value(help = "评估验收结果 the four-tier acceptance and its funnel")]
    Acceptance,
    /// 通报: the notices issued.
    #[value(help = "督查通报 the notices issued, and the organizations that look behind")]
    Notices,
    /// 实施计划表: the timetable (attachment 1).
    #[value(help = "实施计划表 the timetable (attachment 1)")]
    Timetable,
}

impl ReportWhat {
    /// The library's report (`None` for `all`).
    pub fn kind(self) -> Option<ReportKind> {
        Some(match self {
            ReportWhat::All => return None,
            ReportWhat::Coverage => ReportKind::Coverage,
            ReportWhat::ProblemList => ReportKind::ProblemList,
            ReportWhat::SpecialReport => ReportKind::SpecialReport,
            ReportWhat::WeakAndLaxList => ReportKind::WeakAndLaxList,
            ReportWhat::Ledgers => ReportKind::Ledgers,
            ReportWhat::Acceptance => ReportKind::Acceptance,
            ReportWhat::Notices => ReportKind::Notices,
            ReportWhat::Timetable => ReportKind::Timetable,
        })
    }
}

/// How `report` writes: the library's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown.
    #[value(help = "Markdown（默认） Markdown (the default)")]
    Md,
    /// CSV of the report's first table.
    #[value(help = "CSV，报表的第一张表（一次一个报表） CSV of the report's first table, one report at a time")]
    Csv,
    /// An XLSX workbook, written to `--out`.
    #[value(help = "XLSX 工作簿，须用 --out 写入文件 an XLSX workbook, written to the --out file")]
    Xlsx,
}

impl Format {
    /// The library's format.
    pub fn report_format(self) -> ReportFormat {
        match self {
            Format::Md => ReportFormat::Markdown,
            Format::Csv => ReportFormat::Csv,
            Format::Xlsx => ReportFormat::Xlsx,
        }
    }
}

/// The language of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Chinese.
    #[value(help = "中文（默认） Chinese (the default)")]
    Zh,
    /// English.
    #[value(help = "英文 English")]
    En,
}

impl Lang {
    /// The library's language.
    pub fn language(self) -> Language {
        match self {
            Lang::Zh => Language::Zh,
            Lang::En => Language::En,
        }
    }
}

/// `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// Which report.
    #[arg(value_name = "WHAT", default_value = "all", help = "哪个报表（默认全部） · Which report (default: all)")]
    pub what: ReportWhat,
    /// Markdown, CSV or XLSX.
    #[arg(long, value_name = "FORMAT", default_value = "md", help = "输出格式 · Output format")]
    pub format: Format,
    /// Chinese or English.
    #[arg(long, value_name = "LANG", default_value = "zh", help = "报表语言 · The report's language")]
    pub lang: Lang,
    /// Only this village or community.
    #[arg(
        long,
        value_name = "CODE",
        help = "只看此村（社区）（专题报告、通报和实施计划表除外，它们关于整个街道） · Only this village or community \
                (not the special report, the notices or the timetable, which are about the whole sub-district)"
    )]
    pub unit: Option<String>,
    /// Write to this file instead of stdout (required for XLSX).
    #[arg(
        long,
        short,
        value_name = "FILE",
        help = "写入此文件（默认标准输出；XLSX 必须指定） · Write to this file (default: stdout; required for XLSX)"
    )]
    pub out: Option<PathBuf>,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store.
    #[arg(value_name = "PATH", help = STORE_HELP)]
    pub store: String,
    /// Only records after this seq.
    #[arg(
        long,
        value_name = "SEQ",
        default_value_t = 0,
        help = "只导出此序号之后的记录 · Only the records after this seq"
    )]
    pub after: u64,
    /// Write to this file instead of stdout.
    #[arg(
        long,
        short,
        value_name = "FILE",
        help = "写入此文件（默认标准输出） · Write to this file (default: stdout)"
    )]
    pub out: Option<PathBuf>,
}

/// The `--role` parser: the library's role names, listed in `--help`.
fn role_parser() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::as_str))
        .map(|name| Role::ALL.into_iter().find(|r| r.as_str() == name).unwrap_or(Role::Administrator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_table_is_the_library_s() {
        for table in Table::value_variants() {
            let name = table.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            let wire = serde_json::to_value(table.csv_table()).unwrap_or_default();
            assert_eq!(wire.as_str(), Some(name.as_str()));
        }
    }

    #[test]
    fn every_report_is_the_library_s_once() {
        let mut kinds = Vec::new();
        for what in ReportWhat::value_variants() {
            let name = what.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
            let Some(kind) = what.kind() else {
                assert_eq!(name, "all");
                continue;
            };
            // The kebab-case of the wire name: `weakAndLaxList` → `weak-and-lax-list`.
            let wire = serde_json::to_value(kind).unwrap_or_default().as_str().unwrap_or_default().to_string();
            let kebab: String = wire
                .chars()
                .flat_map(|c| if c.is_ascii_uppercase() { vec!['-', c.to_ascii_lowercase()] } else { vec![c] })
                .collect();
            assert_eq!(kebab, name);
            kinds.push(kind);
        }
        assert_eq!(kinds, ReportKind::ALL, "every report of the library, in its order");
    }
}
