//! The plan's own data in the sample: the schedule of attachment 1, the leading group as the plan
//! names it, and the sub-district's own party organizations.

use super::SUBDISTRICT_COMMITTEE;
use grassroots::organization::PartyOrgKind;
use grassroots::organization::Phase;

/// A task of attachment 1: id, task, owner, phase, due (month, day), completed at (day, hour, minute).
pub(super) type Task = (&'static str, &'static str, &'static str, Phase, (u32, u32), Option<(u32, u32, u32)>);

/// The schedule (attachment 1, 实施计划表) as the plan lays it out.
pub(super) const SCHEDULE: &[Task] = &[
    ("plan-01", "印发实施方案，成立专项行动领导小组", "街道党工委", Phase::Survey, (4, 15), Some((13, 17, 0))),
    ("plan-02", "召开动员部署会，部署“敲门行动”", "领导小组办公室", Phase::Survey, (4, 18), Some((14, 10, 0))),
    (
        "plan-03",
        "组建入户走访队伍（网格员、楼栋长、志愿者、党员骨干、“五老”、街道干部）",
        "各村（社区）党总支",
        Phase::Survey,
        (4, 20),
        Some((18, 17, 30)),
    ),
    (
        "plan-04",
        "逐村（社区）逐户全面排查摸底，所有住户至少入户走访一次，不漏一户",
        "各村（社区）党总支",
        Phase::Survey,
        (4, 30),
        // Not reported done: the sample's survey leaves households to visit, and the item is done
        // only when the survey covers every one (the timetable then shows it done by itself).
        None,
    ),
    ("plan-05", "综合分析，逐村（社区）建立基层治理突出问题清单", "街道党工委", Phase::Survey, (4, 30), None),
    (
        "plan-06",
        "村（社区）换届“回头看”调研，形成专题报告报区党群工作局",
        "街道党工委",
        Phase::Rectification,
        (5, 31),
        None,
    ),
    (
        "plan-07",
        "全面推行邻里党建“微网格+党员联户”，每名党员联系10-15户",
        "各村（社区）党总支",
        Phase::Rectification,
        (5, 31),
        None,
    ),
    ("plan-08", "研究决定软弱涣散基层党组织名单，按程序上报", "街道党工委", Phase::Rectification, (6, 15), None),
    (
        "plan-09",
        "新时代基层干部主题培训，学党史、学理论、学政策、学法规",
        "机关党支部",
        Phase::Rectification,
        (9, 30),
        None,
    ),
    (
        "plan-10",
        "突出问题整治攻坚：电信网络诈骗、涉毒、非法宗教、“村霸”等黑恶势力",
        "街道党工委",
        Phase::Rectification,
        (10, 31),
        None,
    ),
    ("plan-11", "定期督查和通报整建提质工作进展", "街道纪工委", Phase::Rectification, (10, 31), None),
    ("plan-12", "村（社区）自评", "各村（社区）党总支", Phase::Acceptance, (11, 10), None),
    ("plan-13", "街道考评，逐个“过筛子”", "领导小组办公室", Phase::Acceptance, (11, 18), None),
    ("plan-14", "区评估", "区党群工作局", Phase::Acceptance, (11, 25), None),
    ("plan-15", "市核查", "市委组织部", Phase::Acceptance, (11, 30), None),
    ("plan-16", "整章建制，总结经验做法，形成长效机制", "领导小组办公室", Phase::Acceptance, (11, 30), None),
];

/// The leading group as the plan names it: (id, name).
pub(super) const LEADER: (&str, &str) = ("lg-fxy", "冯向阳");
pub(super) const FIRST_DEPUTY: (&str, &str) = ("lg-xy", "肖勇");
pub(super) const DEPUTIES: &[(&str, &str)] = &[
    ("lg-zlg", "朱立国"),
    ("lg-zzy", "张志远"),
    ("lg-zw", "周伟"),
    ("lg-dlf", "段利夫"),
    ("lg-mgq", "闵国强"),
    ("lg-lzl", "吕正良"),
    ("lg-lyy", "李义阳"),
    ("lg-wd", "王多"),
    ("lg-wby", "王博宇"),
    ("lg-hp", "黄鹏"),
    ("lg-yp", "严攀"),
];
pub(super) const EXECUTIVE_DEPUTY: &str = "lg-lyy";
pub(super) const OFFICE_DIRECTOR: (&str, &str) = ("lg-lws", "李旺胜");

/// The sub-district's own organizations: (id, kind, name, how many cadres the members' file lists).
pub(super) const SUBDISTRICT_ORGS: &[(&str, PartyOrgKind, &str, usize)] = &[
    (SUBDISTRICT_COMMITTEE, PartyOrgKind::SubdistrictPartyCommittee, "中共长沙高新区东方红街道工作委员会", 0),
    ("po-jgw", PartyOrgKind::DisciplineCommittee, "东方红街道纪工委", 3),
    ("po-jg", PartyOrgKind::OrganBranch, "东方红街道机关党支部", 12),
    ("po-fw", PartyOrgKind::ServiceStaffBranch, "东方红街道基层服务人员党支部", 8),
    ("po-lx", PartyOrgKind::TwoNewCommittee, "东方红街道两新综合党委", 6),
];
