//! Chinese statistical division codes: the 6-digit GB/T 2260 code extended by the National Bureau
//! of Statistics with a 3-digit township and a 3-digit village segment.
//!
//! A code reads `PP CC DD TTT VVV`: province, city, county (district), township (subdistrict) and
//! village (village or residents' committee). The digits alone say which level a code names and
//! which codes lie beneath it, so the core checks a unit's declared level and its place in the tree
//! without any code table.
//!
//! The village segment, by the National Bureau of Statistics' coding rules for the statistical
//! division codes (统计用区划代码和城乡划分代码编制规则, 国统字〔2009〕91号), names four kinds of unit
//! ([`CommitteeKind`]): 001–199 a residents' committee (居民委员会, a community), 200–399 a villagers'
//! committee (村民委员会, a village), 400–499 a unit comparable to a residents' committee (类似居委会:
//! the "virtual communities" of development zones, a state farm's 团部社区) and 500–599 a unit
//! comparable to a villagers' committee (类似村委会: the 生活区 of state farms and collectives). The
//! comparable kinds have households and a branch like the others, so they are a community and a
//! village here; `docs/CSV.md` gives the counts in the published 2023 data.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{Error, ErrorCode, Result};

/// The level of a unit in the organization tree, from the city down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum OrgLevel {
    /// A prefecture-level city (市), e.g. Changsha `430100000000`.
    City,
    /// A county-level district (区), e.g. Yuelu `430104000000`.
    District,
    /// A subdistrict (街道), at township level, e.g. `430104005000`.
    Subdistrict,
    /// A village (村): a villagers' committee, village digits 200-399, or a unit comparable to one,
    /// 500-599 (see [`CommitteeKind`]).
    Village,
    /// A community (社区): a residents' committee, village digits 001-199, or a unit comparable to
    /// one, 400-499 (see [`CommitteeKind`]).
    Community,
}

/// What the village segment of a code says a village or community is, by the statistical coding
/// rules (国统字〔2009〕91号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CommitteeKind {
    /// 居民委员会, village digits 001-199: a community.
    ResidentsCommittee,
    /// 村民委员会, village digits 200-399: a village.
    VillagersCommittee,
    /// 类似居民委员会, village digits 400-499: a unit comparable to a residents' committee (a
    /// development zone's "virtual community", a state farm's headquarters community): a community.
    LikeResidentsCommittee,
    /// 类似村民委员会, village digits 500-599: a unit comparable to a villagers' committee (the living
    /// quarters, 生活区, of a state farm's companies or a collective): a village.
    LikeVillagersCommittee,
}

impl CommitteeKind {
    /// The level a unit of this kind is: [`OrgLevel::Community`] or [`OrgLevel::Village`].
    pub fn level(self) -> OrgLevel {
        match self {
            CommitteeKind::ResidentsCommittee | CommitteeKind::LikeResidentsCommittee => OrgLevel::Community,
            CommitteeKind::VillagersCommittee | CommitteeKind::LikeVillagersCommittee => OrgLevel::Village,
        }
    }

    /// The Chinese name: 居民委员会, 村民委员会, 类似居民委员会 or 类似村民委员会.
    pub fn label_zh(self) -> &'static str {
        match self {
            CommitteeKind::ResidentsCommittee => "居民委员会",
            CommitteeKind::VillagersCommittee => "村民委员会",
            CommitteeKind::LikeResidentsCommittee => "类似居民委员会",
            CommitteeKind::LikeVillagersCommittee => "类似村民委员会",
        }
    }

    /// The village digits of this kind, e.g. `"001-199"`.
    pub fn digits(self) -> &'static str {
        match self {
            CommitteeKind::ResidentsCommittee => "001-199",
            CommitteeKind::VillagersCommittee => "200-399",
            CommitteeKind::LikeResidentsCommittee => "400-499",
            CommitteeKind::LikeVillagersCommittee => "500-599",
        }
    }
}

impl OrgLevel {
    /// Whether this is a village or a community (the units that have households).
    pub fn is_village_or_community(self) -> bool {
        matches!(self, OrgLevel::Village | OrgLevel::Community)
    }

    /// The Chinese name of the level: 市, 区, 街道, 村 or 社区.
    pub fn label_zh(self) -> &'static str {
        match self {
            OrgLevel::City => "市",
            OrgLevel::District => "区",
            OrgLevel::Subdistrict => "街道",
            OrgLevel::Village => "村",
            OrgLevel::Community => "社区",
        }
    }

    /// The English name of the level, as serialized: `"city"`, `"district"`, `"subdistrict"`,
    /// `"village"` or `"community"`.
    pub fn label_en(self) -> &'static str {
        match self {
            OrgLevel::City => "city",
            OrgLevel::District => "district",
            OrgLevel::Subdistrict => "subdistrict",
            OrgLevel::Village => "village",
            OrgLevel::Community => "community",
        }
    }

    /// The level directly above, whose unit is the parent of a unit of this level.
    fn above(self) -> Option<OrgLevel> {
        match self {
            OrgLevel::City => None,
            OrgLevel::District => Some(OrgLevel::City),
            OrgLevel::Subdistrict => Some(OrgLevel::District),
            OrgLevel::Village | OrgLevel::Community => Some(OrgLevel::Subdistrict),
        }
    }

    /// How many leading digits a code of this level fixes; the rest are its descendants' digits.
    fn prefix_len(self) -> u32 {
        match self {
            OrgLevel::City => 4,
            OrgLevel::District => 6,
            OrgLevel::Subdistrict => 9,
            OrgLevel::Village | OrgLevel::Community => 12,
        }
    }

    /// What the digits of a code of this level look like, for error messages.
    fn rule(self) -> &'static str {
        match self {
            OrgLevel::City => "digits 3-4 non-zero, the last eight zero",
            OrgLevel::District => "digits 5-6 non-zero, the last six zero",
            OrgLevel::Subdistrict => "digits 7-9 non-zero, the last three zero",
            OrgLevel::Village => "last three digits 200-399, or 500-599 for a unit like a village",
            OrgLevel::Community => "last three digits 001-199, or 400-499 for a unit like a community",
        }
    }
}

/// A 12-digit statistical division code, e.g. `430104005001`.
///
/// Stored as a number, serialized as the 12-digit string (leading zeros kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DivisionCode(u64);

impl DivisionCode {
    /// Parses exactly 12 ASCII digits (no whitespace, no separators).
    ///
    /// Fails with [`ErrorCode::InvalidDivisionCode`] naming `field`.
    pub fn parse(s: &str, field: &str) -> Result<DivisionCode> {
        const EXPECTED: &str = "12 digits: 2 province, 2 city, 2 county, 3 township and 3 village digits, \
                                e.g. 430104005001";
        // The rejected text is not echoed: a code is not sensitive, but a value typed into the wrong
        // column (an ID or phone number) would be.
        let len = s.chars().count();
        if len != 12 {
            return Err(invalid(field, format!("`{field}` must be {EXPECTED}, but has {len} characters")));
        }
        if let Some(pos) = s.chars().position(|c| !c.is_ascii_digit()) {
            let pos = pos + 1;
            return Err(invalid(field, format!("`{field}` must be {EXPECTED}, but character {pos} is not a digit")));
        }
        // Twelve ASCII digits are below 10^12, far inside a u64.
        Ok(DivisionCode(s.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0'))))
    }

    /// The level the digits imply, or `None` for a province code or a code that fits no level.
    ///
    /// The lowest non-zero segment decides: village digits name a community or a village by their
    /// [`CommitteeKind`] (600-999 name neither); else township digits name a subdistrict, county
    /// digits a district, city digits a city. Every segment above the deciding one must be non-zero,
    /// because a village under township `000` has no place in the tree.
    pub fn level(self) -> Option<OrgLevel> {
        let Segments { province, city, county, township, village } = self.segments();
        if province == 0 || city == 0 {
            return None;
        }
        // County digits 00 under a township: a city without districts (东莞 4419, 中山 4420, 儋州
        // 4604), whose towns and sub-districts lie directly under the city.
        match (county, township, village) {
            (0, 0, 0) => Some(OrgLevel::City),
            (_, 0, 0) => Some(OrgLevel::District),
            (_, _, 0) => Some(OrgLevel::Subdistrict),
            (_, 0, _) => None,
            _ => self.committee_kind().map(CommitteeKind::level),
        }
    }

    /// The kind of village or community its village digits name, or `None` when the code names no
    /// village or community (a city, district or subdistrict code, or village digits 600-999).
    pub fn committee_kind(self) -> Option<CommitteeKind> {
        let Segments { province, city, county: _, township, village } = self.segments();
        if province == 0 || city == 0 || township == 0 {
            return None;
        }
        match village {
            1..=199 => Some(CommitteeKind::ResidentsCommittee),
            200..=399 => Some(CommitteeKind::VillagersCommittee),
            400..=499 => Some(CommitteeKind::LikeResidentsCommittee),
            500..=599 => Some(CommitteeKind::LikeVillagersCommittee),
            _ => None,
        }
    }

    /// The code of the unit directly above: a village's or community's subdistrict, a subdistrict's
    /// district (or its city, in a city without districts), a district's city. `None` for a city and
    /// for a code with no level.
    pub fn parent(self) -> Option<DivisionCode> {
        let above = self.parent_level()?;
        let scale = scale(above.prefix_len());
        Some(DivisionCode(self.0 / scale * scale))
    }

    /// The level of the unit directly above: the level above this code's, except for a subdistrict
    /// of a city without districts (county digits 00), whose parent is the city.
    fn parent_level(self) -> Option<OrgLevel> {
        let level = self.level()?;
        if level == OrgLevel::Subdistrict && self.segments().county == 0 {
            return Some(OrgLevel::City);
        }
        level.above()
    }

    /// Whether `other` lies within the scope of this code: it shares the leading digits this code's
    /// level fixes (a city 4, a district 6, a subdistrict 9, a village or community all 12).
    ///
    /// Every code contains itself. A province code `PP0000000000` contains everything beginning
    /// with `PP`; any other code without a level contains only itself.
    pub fn contains(self, other: DivisionCode) -> bool {
        let scale = scale(self.prefix_len());
        self.0 / scale == other.0 / scale
    }

    /// Checks that the digits name a unit of `level`.
    ///
    /// Fails with [`ErrorCode::InvalidDivisionCode`] naming `field`, saying what the digits imply.
    pub fn check_level(self, level: OrgLevel, field: &str) -> Result<()> {
        if self.level() == Some(level) {
            return Ok(());
        }
        Err(invalid(
            field,
            format!(
                "`{field}` {self} is {} but the unit is declared a {} ({})",
                self.describe(),
                level.label_en(),
                level.rule()
            ),
        ))
    }

    /// Checks that `parent` is the code of the unit directly above this one: its level is the next
    /// one up (city > district > subdistrict > village or community) and it contains this code.
    ///
    /// Fails with [`ErrorCode::InvalidDivisionCode`] naming `field`.
    pub fn check_parent(self, parent: DivisionCode, field: &str) -> Result<()> {
        let Some(level) = self.level() else {
            return Err(invalid(
                field,
                format!("`{field}` {self} is {}, so it cannot be placed under {parent}", self.describe()),
            ));
        };
        let Some(above) = self.parent_level() else {
            return Err(invalid(
                field,
                format!(
                    "`{field}` {self} is a city code and a city has no parent unit, so it cannot be placed under {parent}"
                ),
            ));
        };
        if parent.level() != Some(above) {
            return Err(invalid(
                field,
                format!(
                    "`{field}` {self} is a {} code, so its parent must be a {} ({}), but {parent} is {}",
                    level.label_en(),
                    above.label_en(),
                    above.rule(),
                    parent.describe()
                ),
            ));
        }
        // Distinct levels make `self != parent` hold already; only the shared prefix is left.
        if !parent.contains(self) {
            return Err(invalid(
                field,
                format!(
                    "`{field}` {self} does not lie within {parent}: a {}'s code must begin with the first {} digits of its {}'s code",
                    level.label_en(),
                    above.prefix_len(),
                    above.label_en()
                ),
            ));
        }
        Ok(())
    }

    /// The code as a number, e.g. `430104005001`.
    pub fn as_u64(self) -> u64 {
        self.0
    }

    fn segments(self) -> Segments {
        let n = self.0;
        Segments {
            province: n / 10_000_000_000,
            city: n / 100_000_000 % 100,
            county: n / 1_000_000 % 100,
            township: n / 1_000 % 1_000,
            village: n % 1_000,
        }
    }

    fn prefix_len(self) -> u32 {
        match self.level() {
            Some(level) => level.prefix_len(),
            None if self.0 != 0 && self.0.is_multiple_of(scale(2)) => 2,
            None => 12,
        }
    }

    /// What the digits name, for error messages: "a village code (last three digits 200-399)", or
    /// why they name no level.
    fn describe(self) -> String {
        if let Some(level) = self.level() {
            return format!("a {} code ({})", level.label_en(), level.rule());
        }
        let Segments { province, city, county: _, township, village } = self.segments();
        let why = if province == 0 {
            "no province code begins with 00"
        } else if city == 0 && self.0.is_multiple_of(scale(2)) {
            "a province code"
        } else if city == 0 {
            "city digits 3-4 are 00"
        } else if township == 0 {
            "village digits under township digits 000"
        } else {
            debug_assert!(village >= 600);
            "last three digits 600-999 name no unit: 001-199 and 400-499 are communities, 200-399 and 500-599 villages"
        };
        format!("not the code of a city, district, subdistrict, village or community ({why})")
    }
}

/// The five segments of a code, each as a number.
struct Segments {
    province: u64,
    city: u64,
    county: u64,
    township: u64,
    village: u64,
}

/// `10^(12 - prefix_len)`: dividing a code by it keeps its first `prefix_len` digits.
fn scale(prefix_len: u32) -> u64 {
    10u64.pow(12 - prefix_len)
}

fn invalid(field: &str, message: String) -> Error {
    Error::new(ErrorCode::InvalidDivisionCode, message).at_field(field)
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Twelve ASCII digits are valid UTF-8.
        f.write_str(std::str::from_utf8(&self.digits()).unwrap_or_default())
    }
}

impl DivisionCode {
    /// The 12 ASCII digits, without going through `fmt` (codes are written in every record).
    fn digits(self) -> [u8; 12] {
        let mut out = [b'0'; 12];
        let mut n = self.0;
        for d in out.iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out
    }
}

impl Serialize for DivisionCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let digits = self.digits();
        // Twelve ASCII digits are valid UTF-8.
        serializer.serialize_str(std::str::from_utf8(&digits).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for DivisionCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = DivisionCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 12-digit division code as a string")
            }
            // Borrowed or not, the text is only parsed: no allocation per code.
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DivisionCode, E> {
                DivisionCode::parse(s, "code").map_err(E::custom)
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

impl JsonSchema for DivisionCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DivisionCode")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::DivisionCode"))
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{12}$",
            "description": "A 12-digit statistical division code: 2 province, 2 city, 2 county, 3 township and 3 village digits.",
            "examples": ["430104005001"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CITY: &str = "430100000000";
    const DISTRICT: &str = "430104000000";
    const SUBDISTRICT: &str = "430104005000";
    const COMMUNITY: &str = "430104005001";
    const VILLAGE: &str = "430104005201";

    fn code(s: &str) -> DivisionCode {
        DivisionCode::parse(s, "code").unwrap()
    }

    #[test]
    fn twelve_digits_parse_and_display_zero_padded() {
        assert_eq!(code(COMMUNITY).as_u64(), 430_104_005_001);
        assert_eq!(code(COMMUNITY).to_string(), COMMUNITY);
        assert_eq!(code("000000000001").to_string(), "000000000001");
    }

    #[test]
    fn anything_but_twelve_ascii_digits_is_refused() {
        for bad in [
            "",
            "43010400500",
            "4301040050011",
            "43010400500a",
            " 430104005001",
            "4301-4005001",
            "４３０１０４００５００１",
        ] {
            let err = DivisionCode::parse(bad, "unit.code").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidDivisionCode, "{bad:?}");
            assert_eq!(err.field.as_deref(), Some("unit.code"));
            assert!(err.message.contains("`unit.code`") && err.message.contains("12 digits"), "{}", err.message);
        }
    }

    #[test]
    fn digits_imply_the_level() {
        assert_eq!(code(CITY).level(), Some(OrgLevel::City));
        assert_eq!(code(DISTRICT).level(), Some(OrgLevel::District));
        assert_eq!(code(SUBDISTRICT).level(), Some(OrgLevel::Subdistrict));
        assert_eq!(code(COMMUNITY).level(), Some(OrgLevel::Community));
        assert_eq!(code(VILLAGE).level(), Some(OrgLevel::Village));
    }

    #[test]
    fn village_digits_001_to_199_are_a_community() {
        for v in ["001", "100", "199"] {
            assert_eq!(code(&format!("430104005{v}")).level(), Some(OrgLevel::Community), "{v}");
        }
    }

    #[test]
    fn village_digits_200_to_399_are_a_village() {
        for v in ["200", "201", "399"] {
            assert_eq!(code(&format!("430104005{v}")).level(), Some(OrgLevel::Village), "{v}");
        }
    }

    #[test]
    fn village_digits_400_to_599_are_units_like_a_community_or_a_village() {
        // The two "virtual communities" of Changsha's development zones, the only units of their
        // township-level units in the 2023 data.
        for c in ["430102400498", "430111400498", "430104005400", "430104005499"] {
            assert_eq!(code(c).level(), Some(OrgLevel::Community), "{c}");
            assert_eq!(code(c).committee_kind(), Some(CommitteeKind::LikeResidentsCommittee), "{c}");
        }
        for c in ["430104005500", "654203511501", "430104005599"] {
            assert_eq!(code(c).level(), Some(OrgLevel::Village), "{c}");
            assert_eq!(code(c).committee_kind(), Some(CommitteeKind::LikeVillagersCommittee), "{c}");
        }
        assert_eq!(code(COMMUNITY).committee_kind(), Some(CommitteeKind::ResidentsCommittee));
        assert_eq!(code(VILLAGE).committee_kind(), Some(CommitteeKind::VillagersCommittee));
        assert_eq!(code(SUBDISTRICT).committee_kind(), None);
        assert_eq!(code("430104000001").committee_kind(), None);
    }

    #[test]
    fn village_digits_600_and_above_name_no_level() {
        for v in ["600", "999"] {
            assert_eq!(code(&format!("430104005{v}")).level(), None, "{v}");
            assert_eq!(code(&format!("430104005{v}")).committee_kind(), None, "{v}");
        }
    }

    #[test]
    fn province_and_gapped_codes_name_no_level() {
        assert_eq!(code("430000000000").level(), None);
        assert_eq!(code("000000000000").level(), None);
        assert_eq!(code("000104005001").level(), None); // no province
        assert_eq!(code("430004000000").level(), None); // district under city 00
        assert_eq!(code("430104000001").level(), None); // community under township 000
        assert_eq!(code("441900000001").level(), None); // community under township 000
    }

    #[test]
    fn a_city_without_districts_holds_its_townships_directly() {
        // 东莞市 (4419) has no county level: 东城街道 441900003, 岗贝社区 441900003001.
        let town = code("441900003000");
        assert_eq!(town.level(), Some(OrgLevel::Subdistrict));
        assert_eq!(town.parent(), Some(code("441900000000")));
        town.check_parent(code("441900000000"), "code").unwrap();
        let community = code("441900003001");
        assert_eq!(community.level(), Some(OrgLevel::Community));
        assert_eq!(community.committee_kind(), Some(CommitteeKind::ResidentsCommittee));
        assert_eq!(community.parent(), Some(town));
        assert!(code("441900000000").contains(community));
    }

    #[test]
    fn parent_zeroes_the_lowest_segment() {
        assert_eq!(code(VILLAGE).parent(), Some(code(SUBDISTRICT)));
        assert_eq!(code(COMMUNITY).parent(), Some(code(SUBDISTRICT)));
        assert_eq!(code(SUBDISTRICT).parent(), Some(code(DISTRICT)));
        assert_eq!(code(DISTRICT).parent(), Some(code(CITY)));
        assert_eq!(code(CITY).parent(), None);
        assert_eq!(code("430000000000").parent(), None);
    }

    #[test]
    fn a_city_contains_its_districts_subdistricts_and_villages() {
        for inner in [CITY, DISTRICT, SUBDISTRICT, COMMUNITY, VILLAGE] {
            assert!(code(CITY).contains(code(inner)), "{inner}");
        }
        assert!(!code(CITY).contains(code("430200000000")));
        assert!(!code(DISTRICT).contains(code("430105001000")));
        assert!(!code(SUBDISTRICT).contains(code("430104006001")));
        assert!(!code(COMMUNITY).contains(code(VILLAGE)));
        assert!(!code(COMMUNITY).contains(code(SUBDISTRICT)), "a unit does not contain its parent");
    }

    #[test]
    fn a_province_code_contains_by_its_two_digits() {
        assert!(code("430000000000").contains(code(VILLAGE)));
        assert!(!code("430000000000").contains(code("440100000000")));
    }

    #[test]
    fn a_code_without_level_contains_only_itself() {
        let odd = code("430104005999");
        assert!(odd.contains(odd));
        assert!(!odd.contains(code(COMMUNITY)));
        let zero = code("000000000000");
        assert!(zero.contains(zero));
        assert!(!zero.contains(code("000000000001")));
    }

    #[test]
    fn declared_level_must_match_the_digits() {
        code(COMMUNITY).check_level(OrgLevel::Community, "code").unwrap();
        code(VILLAGE).check_level(OrgLevel::Village, "code").unwrap();
        code(CITY).check_level(OrgLevel::City, "code").unwrap();
        let err = code(VILLAGE).check_level(OrgLevel::Community, "code").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidDivisionCode);
        assert_eq!(err.field.as_deref(), Some("code"));
        assert_eq!(
            err.message,
            "`code` 430104005201 is a village code (last three digits 200-399, or 500-599 for a unit like a \
             village) but the unit is declared a community (last three digits 001-199, or 400-499 for a unit like \
             a community)"
        );
        let err = code("430000000000").check_level(OrgLevel::City, "code").unwrap_err();
        assert!(err.message.contains("a province code"), "{}", err.message);
    }

    #[test]
    fn parent_must_be_the_level_directly_above() {
        code(COMMUNITY).check_parent(code(SUBDISTRICT), "code").unwrap();
        code(VILLAGE).check_parent(code(SUBDISTRICT), "code").unwrap();
        code(SUBDISTRICT).check_parent(code(DISTRICT), "code").unwrap();
        code(DISTRICT).check_parent(code(CITY), "code").unwrap();
        // Skipping a level is refused even though the city contains the community.
        let err = code(COMMUNITY).check_parent(code(CITY), "code").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidDivisionCode);
        assert!(err.message.contains("must be a subdistrict"), "{}", err.message);
        // A unit is not its own parent, and a city has none.
        assert!(code(SUBDISTRICT).check_parent(code(SUBDISTRICT), "code").is_err());
        assert!(code(CITY).check_parent(code("430000000000"), "code").is_err());
        assert!(code("430104005999").check_parent(code(SUBDISTRICT), "code").is_err());
    }

    #[test]
    fn community_code_must_share_its_subdistrict_prefix() {
        let err = code(COMMUNITY).check_parent(code("430104006000"), "unit.code").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidDivisionCode);
        assert_eq!(err.field.as_deref(), Some("unit.code"));
        assert_eq!(
            err.message,
            "`unit.code` 430104005001 does not lie within 430104006000: a community's code must begin \
             with the first 9 digits of its subdistrict's code"
        );
    }

    #[test]
    fn serde_round_trip_as_a_twelve_digit_string() {
        let json = serde_json::to_string(&code(COMMUNITY)).unwrap();
        assert_eq!(json, "\"430104005001\"");
        assert_eq!(serde_json::from_str::<DivisionCode>(&json).unwrap(), code(COMMUNITY));
        let err = serde_json::from_str::<DivisionCode>("\"43010400500\"").unwrap_err();
        assert!(err.to_string().contains("`code` must be 12 digits"), "{err}");
        assert!(serde_json::from_str::<DivisionCode>("430104005001").is_err());
    }

    #[test]
    fn org_level_serializes_in_camel_case_with_labels() {
        let all = [OrgLevel::City, OrgLevel::District, OrgLevel::Subdistrict, OrgLevel::Village, OrgLevel::Community];
        let zh = ["市", "区", "街道", "村", "社区"];
        for (level, zh) in all.into_iter().zip(zh) {
            assert_eq!(serde_json::to_string(&level).unwrap(), format!("\"{}\"", level.label_en()));
            assert_eq!(level.label_zh(), zh);
        }
    }

    #[test]
    fn json_schema_is_a_twelve_digit_string() {
        let schema = schemars::schema_for!(DivisionCode);
        assert_eq!(schema.get("type").unwrap(), "string");
        assert_eq!(schema.get("pattern").unwrap(), "^[0-9]{12}$");
    }

    /// Codes with a real level, or none, built segment by segment so every shape occurs often.
    fn any_code() -> impl Strategy<Value = DivisionCode> {
        let seg = |max: u64| prop_oneof![Just(0), 1..=max];
        (0..=99u64, seg(99), seg(99), seg(999), seg(999)).prop_map(|(p, c, d, t, v)| {
            DivisionCode(p * 10_000_000_000 + c * 100_000_000 + d * 1_000_000 + t * 1_000 + v)
        })
    }

    proptest! {
        #[test]
        fn contains_is_consistent_with_parent(code in any_code()) {
            prop_assert!(code.contains(code));
            let mut child = code;
            while let Some(parent) = child.parent() {
                prop_assert!(parent.contains(code), "{parent} should contain {code}");
                prop_assert!(!code.contains(parent), "{code} should not contain {parent}");
                prop_assert!(child.check_parent(parent, "code").is_ok());
                prop_assert_eq!(parent.level(), child.parent_level());
                child = parent;
            }
            let province = DivisionCode(code.0 / scale(2) * scale(2));
            if province.0 != 0 {
                prop_assert!(province.contains(code));
            }
        }

        #[test]
        fn parse_is_the_inverse_of_display(code in any_code()) {
            prop_assert_eq!(DivisionCode::parse(&code.to_string(), "code").unwrap(), code);
        }

        #[test]
        fn check_level_agrees_with_level(code in any_code()) {
            for level in [OrgLevel::City, OrgLevel::District, OrgLevel::Subdistrict, OrgLevel::Village, OrgLevel::Community] {
                prop_assert_eq!(code.check_level(level, "code").is_ok(), code.level() == Some(level));
            }
        }
    }
}
