//! Actors, roles and scopes: who may do what, where, and who may see sensitive data.
//!
//! The host authenticates people; the core trusts the [`Actor`] in each envelope and decides, for every
//! command and query, whether its role allows it and whether its target lies inside its scope.

use super::division_code::{DivisionCode, OrgLevel};
use super::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Who issues a command or a query: an id known to the host, a role and a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Actor {
    /// The host's id of the user (never interpreted by the core, recorded in each event; at most
    /// 64 characters).
    #[schemars(length(max = 64))]
    pub id: String,
    /// What the actor may do.
    pub role: Role,
    /// The organization unit the actor acts within: a sub-district, village or community (or a city or
    /// district for inspectors). Targets outside it are refused with `OUT_OF_SCOPE`.
    pub scope: DivisionCode,
}

/// The roles of the campaign's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The leading group's office (领导小组办公室): runs the campaign; may do everything in its scope.
    Administrator,
    /// A sub-district cadre (街道干部): manages organizations, people and households in its scope.
    SubdistrictCadre,
    /// A village or community cadre (村/社区干部): manages people and households of its unit.
    CommunityCadre,
    /// A grid worker (网格员): registers and updates households; sees sensitive data masked.
    GridWorker,
    /// An inspector (district, city, discipline committee): reads only, sensitive data masked.
    Inspector,
    /// A survey helper (building head, volunteer, core member, "five elders") using the survey app:
    /// records visits in its scope only; sees sensitive data masked.
    Visitor,
    /// A handler (承办人) of a department, office, committee or work group that problems are
    /// dispatched to: sees and handles only the problems of the targets it acts for (their sensitive
    /// fields too: it needs them to do the work).
    Handler,
    /// A district evaluator (区评估): evaluates, in the four-tier acceptance, the organizations of
    /// its district (scope: the district's code); sees sensitive data masked.
    DistrictEvaluator,
    /// A city verifier (市核查): verifies, in the four-tier acceptance, the organizations of its city
    /// (scope: the city's code); sees sensitive data masked.
    CityVerifier,
    /// The sub-district's discipline committee (街道纪工委): supervises throughout — public notices,
    /// unannounced inspections, admonition talks, accountability cases, listed problems; sees
    /// sensitive data in its scope (accountability is about named people).
    DisciplineCommittee,
}

impl Role {
    /// Every role, in the order of `docs/ACCESS.md`.
    pub const ALL: [Role; 10] = [
        Role::Administrator,
        Role::SubdistrictCadre,
        Role::CommunityCadre,
        Role::GridWorker,
        Role::Inspector,
        Role::Visitor,
        Role::Handler,
        Role::DistrictEvaluator,
        Role::CityVerifier,
        Role::DisciplineCommittee,
    ];

    /// The role's name on the wire, e.g. `"gridWorker"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::SubdistrictCadre => "subdistrictCadre",
            Role::CommunityCadre => "communityCadre",
            Role::GridWorker => "gridWorker",
            Role::Inspector => "inspector",
            Role::Visitor => "visitor",
            Role::Handler => "handler",
            Role::DistrictEvaluator => "districtEvaluator",
            Role::CityVerifier => "cityVerifier",
            Role::DisciplineCommittee => "disciplineCommittee",
        }
    }
}

/// The bits of `permissions`, for [`ALLOWED`].
const fn bits(permissions: &[Permission]) -> u32 {
    let mut bits = 0;
    let mut i = 0;
    while i < permissions.len() {
        bits |= 1 << permissions[i] as u32;
        i += 1;
    }
    bits
}

/// What each role may do, by [`Role`] in declaration order: the whole access matrix
/// (`docs/ACCESS.md` shows it).
const ALLOWED: [u32; 10] = {
    use Permission::*;
    [
        // Administrator: everything in its scope, but confirming its own lists upward and judging the
        // acceptance tiers of other levels (a village's self-evaluation is the village's).
        bits(&Permission::ALL) & !bits(&[ConfirmLists, SelfEvaluate, EvaluateAcceptance, VerifyAcceptance]),
        // Sub-district cadre: organizations, people and households, key persons, visits, micro-grids;
        // the whole problem-handling loop.
        bits(&[
            Read,
            ManageOrganizations,
            ManagePeople,
            ManageHouseholds,
            TagKeyPersons,
            RecordVisits,
            ManageMicroGrids,
            ReportProblems,
            ManageProblems,
            HandleProblems,
            VerifyProblems,
            SuperviseProblems,
            Rectify,
            RecordParticipation,
            AssessAcceptance,
        ]),
        // Community cadre: the same but organizations; of the loop, reports and handles (and fixes
        // urgent problems at once), but neither dispatches nor verifies its own village's work; works
        // on its rectification measures (never verifying them) and records study, pledges and
        // volunteer service.
        bits(&[
            Read,
            ManagePeople,
            ManageHouseholds,
            TagKeyPersons,
            RecordVisits,
            ManageMicroGrids,
            ReportProblems,
            HandleProblems,
            Rectify,
            RecordParticipation,
            SelfEvaluate,
        ]),
        // Grid worker: households and visits; reports problems.
        bits(&[Read, ManageHouseholds, RecordVisits, ReportProblems]),
        // Inspector: reads; supervises listed problems and confirms the lists the sub-district submits
        // (district, city, discipline committee).
        bits(&[Read, SuperviseProblems, ConfirmLists]),
        // Visitor: visits.
        bits(&[Read, RecordVisits]),
        // Handler: reads and handles the problems of its targets.
        bits(&[Read, HandleProblems]),
        // District evaluator: reads; evaluates (区评估).
        bits(&[Read, EvaluateAcceptance]),
        // City verifier: reads; verifies (市核查).
        bits(&[Read, VerifyAcceptance]),
        // Discipline committee: reads; oversees (督查) and supervises listed problems.
        bits(&[Read, Oversee, SuperviseProblems]),
    ]
};

/// What a command or query needs its actor's role to allow. Every payload declares one
/// ([`crate::engine::Guarded`]); [`Role::allows`] is the whole matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// Read the campaign inside the scope: every role may (sensitive fields stay masked unless the
    /// role sees them).
    Read,
    /// Open the campaign, set the leading group and the schedule, register organization units.
    ManageCampaign,
    /// Establish party organizations, appoint secretaries, set the two committees.
    ManageOrganizations,
    /// Register persons and party members, set their helper roles, import people.
    ManagePeople,
    /// Register, move and update households and their residents.
    ManageHouseholds,
    /// Tag or untag key persons (sensitive).
    TagKeyPersons,
    /// Record door-knock visits.
    RecordVisits,
    /// Set the linkage policy and members' linkage, establish micro-grids, propose and adopt link
    /// plans.
    ManageMicroGrids,
    /// Report problems to the handling loop.
    ReportProblems,
    /// Confirm, reject, merge, dispatch and reopen problems, decide extensions, manage dispatch
    /// targets and categories.
    ManageProblems,
    /// Accept, return, handle and report done the problems dispatched to a target one acts for.
    HandleProblems,
    /// Verify problems reported done, and close them with the resident's feedback.
    VerifyProblems,
    /// List problems for supervision, escalate and delist them.
    SuperviseProblems,
    /// Confirm, from above, a list the sub-district submits (the weak-and-lax list).
    ConfirmLists,
    /// Work on rectification measures: record progress and report them done.
    Rectify,
    /// Record study sessions, public pledges and volunteer service.
    RecordParticipation,
    /// The acceptance's first tier: a village's or community's self-evaluation (村（社区）自评).
    SelfEvaluate,
    /// The second tier: the sub-district's assessment (街考评); it may send a self-evaluation back.
    AssessAcceptance,
    /// The third tier: the district's evaluation (区评估); it may send an assessment back.
    EvaluateAcceptance,
    /// The fourth tier: the city's verification (市核查); it may send an evaluation back.
    VerifyAcceptance,
    /// Oversee the campaign (督查考核): public notices, unannounced inspections, admonition talks,
    /// accountability cases.
    Oversee,
}

impl Permission {
    /// Every permission, in the order of `docs/ACCESS.md`.
    pub const ALL: [Permission; 21] = [
        Permission::Read,
        Permission::ManageCampaign,
        Permission::ManageOrganizations,
        Permission::ManagePeople,
        Permission::ManageHouseholds,
        Permission::TagKeyPersons,
        Permission::RecordVisits,
        Permission::ManageMicroGrids,
        Permission::ReportProblems,
        Permission::ManageProblems,
        Permission::HandleProblems,
        Permission::VerifyProblems,
        Permission::SuperviseProblems,
        Permission::ConfirmLists,
        Permission::Rectify,
        Permission::RecordParticipation,
        Permission::SelfEvaluate,
        Permission::AssessAcceptance,
        Permission::EvaluateAcceptance,
        Permission::VerifyAcceptance,
        Permission::Oversee,
    ];

    /// What the permission lets a role do, in words: "may not {action}".
    pub fn action(self) -> &'static str {
        match self {
            Permission::Read => "read the campaign",
            Permission::ManageCampaign => "manage the campaign",
            Permission::ManageOrganizations => "manage party organizations",
            Permission::ManagePeople => "manage persons",
            Permission::ManageHouseholds => "manage households",
            Permission::TagKeyPersons => "tag key persons",
            Permission::RecordVisits => "record visits",
            Permission::ManageMicroGrids => "manage micro-grids and member links",
            Permission::ReportProblems => "report problems",
            Permission::ManageProblems => "manage the problem-handling loop",
            Permission::HandleProblems => "handle problems",
            Permission::VerifyProblems => "verify problems",
            Permission::SuperviseProblems => "supervise problems",
            Permission::ConfirmLists => "confirm lists submitted upward",
            Permission::Rectify => "work on rectification measures",
            Permission::RecordParticipation => "record study, pledges and volunteer service",
            Permission::SelfEvaluate => "self-evaluate a village's or community's organization",
            Permission::AssessAcceptance => "assess organizations for the sub-district",
            Permission::EvaluateAcceptance => "evaluate organizations for the district",
            Permission::VerifyAcceptance => "verify organizations for the city",
            Permission::Oversee => "oversee the campaign",
        }
    }

    /// The permission's name in `docs/ACCESS.md`, e.g. `"manageMicroGrids"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::ManageCampaign => "manageCampaign",
            Permission::ManageOrganizations => "manageOrganizations",
            Permission::ManagePeople => "managePeople",
            Permission::ManageHouseholds => "manageHouseholds",
            Permission::TagKeyPersons => "tagKeyPersons",
            Permission::RecordVisits => "recordVisits",
            Permission::ManageMicroGrids => "manageMicroGrids",
            Permission::ReportProblems => "reportProblems",
            Permission::ManageProblems => "manageProblems",
            Permission::HandleProblems => "handleProblems",
            Permission::VerifyProblems => "verifyProblems",
            Permission::SuperviseProblems => "superviseProblems",
            Permission::ConfirmLists => "confirmLists",
            Permission::Rectify => "rectify",
            Permission::RecordParticipation => "recordParticipation",
            Permission::SelfEvaluate => "selfEvaluate",
            Permission::AssessAcceptance => "assessAcceptance",
            Permission::EvaluateAcceptance => "evaluateAcceptance",
            Permission::VerifyAcceptance => "verifyAcceptance",
            Permission::Oversee => "oversee",
        }
    }
}

impl Role {
    /// Whether this role may perform commands that need `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        // The matrix as data: one bit per permission for each role (checked on every command and
        // query, so a table lookup rather than a match on two values).
        ALLOWED[self as usize] & (1 << permission as u32) != 0
    }

    /// The levels this role's scope may be: a community cadre, a grid worker and a survey helper act
    /// for a village or community; the office, a sub-district cadre and the discipline committee for
    /// the sub-district; a handler for a department of the sub-district, its district or a unit; an
    /// inspector at any level above the units; the district's evaluators and the city's verifiers at
    /// theirs.
    pub fn scope_levels(self) -> &'static [OrgLevel] {
        use OrgLevel::*;
        match self {
            Role::Administrator | Role::SubdistrictCadre | Role::DisciplineCommittee => &[Subdistrict],
            Role::CommunityCadre | Role::GridWorker | Role::Visitor => &[Village, Community],
            Role::Handler => &[District, Subdistrict, Village, Community],
            Role::Inspector => &[City, District, Subdistrict],
            Role::DistrictEvaluator => &[District],
            Role::CityVerifier => &[City],
        }
    }

    /// Whether this role sees ID numbers, phone numbers and key-person tags unmasked (inside its
    /// scope). Grid workers and inspectors see them masked: they do not need them to do their work.
    pub fn sees_sensitive(self) -> bool {
        matches!(self, Role::Administrator | Role::SubdistrictCadre | Role::CommunityCadre | Role::DisciplineCommittee)
    }

    /// The role's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Administrator => "领导小组办公室",
            Role::SubdistrictCadre => "街道干部",
            Role::CommunityCadre => "村（社区）干部",
            Role::GridWorker => "网格员",
            Role::Inspector => "督查人员",
            Role::Visitor => "走访人员",
            Role::Handler => "承办人员",
            Role::DistrictEvaluator => "区评估人员",
            Role::CityVerifier => "市核查人员",
            Role::DisciplineCommittee => "街道纪工委",
        }
    }
}

impl Actor {
    /// Refuses with `PERMISSION_DENIED` unless the role allows `permission`; `what` names the command.
    pub fn require(&self, permission: Permission, what: &str) -> Result<()> {
        if self.role.allows(permission) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::PermissionDenied,
                format!(
                    "actor `{}` with role `{}` may not {what}: ask a user with a role that may",
                    self.id,
                    self.role.as_str()
                ),
            )
            .at_field("actor.role"))
        }
    }

    /// Refuses with `PERMISSION_DENIED` unless the role allows every permission `guarded` declares;
    /// the refusal names the payload's action for its first permission, each further permission by
    /// itself.
    pub fn permit(&self, guarded: &dyn crate::engine::Guarded) -> Result<()> {
        let permissions = guarded.permissions();
        for (i, p) in permissions.iter().enumerate() {
            if !self.role.allows(*p) {
                return self.require(*p, if i == 0 { guarded.action() } else { p.action() });
            }
        }
        Ok(())
    }

    /// The checks every query passes before its area answers it: the role must allow it
    /// ([`Actor::permit`]), and a query held to the campaign's scope must overlap the campaign's
    /// sub-district (when one is open). The switchboard makes them for a query asked alone, and
    /// `report::ask` for the queries a report is built from, so both refuse alike.
    ///
    /// # Errors
    /// `PERMISSION_DENIED`; `OUT_OF_SCOPE` naming `actor.scope`.
    pub fn permit_query(
        &self,
        guarded: &dyn crate::engine::Guarded,
        scope: crate::engine::ScopeRule,
        subdistrict: Option<DivisionCode>,
    ) -> Result<()> {
        self.permit(guarded)?;
        match (scope, subdistrict) {
            (crate::engine::ScopeRule::Campaign, Some(subdistrict)) => self.require_overlap(subdistrict, "actor.scope"),
            _ => Ok(()),
        }
    }

    /// Refuses with `OUT_OF_SCOPE` unless the actor's scope and `unit` overlap: the unit lies inside
    /// the scope (an inspector of the district) or the scope inside the unit (a community cadre reading
    /// their sub-district's campaign).
    pub fn require_overlap(&self, unit: DivisionCode, field: &str) -> Result<()> {
        if unit.contains(self.scope) { Ok(()) } else { self.require_scope(unit, field) }
    }

    /// Refuses with `OUT_OF_SCOPE` unless `target` lies inside the actor's scope; `field` names the
    /// input that points at the target.
    pub fn require_scope(&self, target: DivisionCode, field: &str) -> Result<()> {
        if self.scope.contains(target) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::OutOfScope,
                format!(
                    "`{field}` targets unit {target}, outside the scope {} of actor `{}`: act only inside your own unit",
                    self.scope, self.id
                ),
            )
            .at_field(field))
        }
    }

    /// Refuses with `SCOPE_DOES_NOT_FIT_ROLE` an actor whose scope is not at a level its role may act
    /// at (a grid worker scoped to a whole district would otherwise write anywhere in it).
    pub fn require_fitting_scope(&self) -> Result<()> {
        let levels = self.role.scope_levels();
        if self.scope.level().is_some_and(|level| levels.contains(&level)) {
            return Ok(());
        }
        let names: Vec<&str> = levels.iter().map(|l| l.label_en()).collect();
        Err(Error::new(
            ErrorCode::ScopeDoesNotFitRole,
            format!(
                "actor `{}` with role `{}` is scoped to unit {}, but that role acts for a {}: give the actor a scope of its level",
                self.id,
                self.role.as_str(),
                self.scope,
                names.join(" or ")
            ),
        )
        .at_field("actor.scope"))
    }

    /// Whether sensitive data of a person or household in `unit` is shown to this actor unmasked.
    pub fn sees_sensitive_in(&self, unit: DivisionCode) -> bool {
        self.role.sees_sensitive() && self.scope.contains(unit)
    }
}
