//! The organization part of the demo: villages and communities with their names and sizes, their
//! party organizations, the leading group and the schedule.

use super::*;

impl Generator<'_> {
    pub(super) fn units(&self) -> Vec<Unit> {
        let villages = self.spec.villages.min(200);
        let communities = self.spec.communities.min(199);
        let mut units = Vec::new();
        for i in 0..communities {
            let code = community_code(i);
            let name = real_name(code).map_or_else(|| unit_name(COMMUNITY_STEMS, i - 3, "社区"), str::to_string);
            units.push(Unit { code, level: OrgLevel::Community, name, households: 0 });
        }
        for i in 0..villages {
            let code = village_code(i);
            let name = real_name(code).map_or_else(|| unit_name(VILLAGE_STEMS, i - 3, "村"), str::to_string);
            units.push(Unit { code, level: OrgLevel::Village, name, households: 0 });
        }
        // A community holds about three times a village's households.
        let mut rng = Rng::fork(self.spec.seed, 2);
        let weights: Vec<usize> = units
            .iter()
            .map(|u| if u.level == OrgLevel::Community { rng.range(240, 360) } else { rng.range(80, 120) } as usize)
            .collect();
        let total: usize = weights.iter().sum();
        let mut given = 0;
        for (u, w) in units.iter_mut().zip(&weights) {
            u.households = (self.spec.households * w).checked_div(total).unwrap_or(0);
            given += u.households;
        }
        let n = units.len();
        if n > 0 {
            for k in 0..self.spec.households - given {
                units[k % n].households += 1;
            }
        }
        units
    }

    /// Communities one by one; villages in one `importCsv` of the units table, in the columns of the
    /// published division-code tables (no level: the code gives it).
    pub(super) fn register_units(&mut self, units: &[Unit]) {
        let s = SUBDISTRICT;
        let mut csv = String::from("code,name,streetCode,provinceCode,cityCode,areaCode\n");
        for u in units {
            match u.level {
                OrgLevel::Community => {
                    self.admin(Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                        code: u.code.to_string(),
                        level: OrgLevel::Community,
                        name: u.name.clone(),
                    }))
                }
                _ => {
                    let _ = writeln!(csv, "{},\"{}\",{},{},{},{}", u.code, u.name, &s[..9], &s[..2], &s[..4], &s[..6]);
                }
            }
        }
        if units.iter().any(|u| u.level == OrgLevel::Village) {
            self.admin(Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Units, csv }));
        }
    }

    pub(super) fn establish_organizations(&mut self, units: &[Unit]) {
        for &(id, kind, name, _) in SUBDISTRICT_ORGS {
            self.admin(Command::EstablishPartyOrganization(grassroots::organization::EstablishPartyOrganization {
                id: id.into(),
                kind,
                name: name.into(),
                unit: SUBDISTRICT.into(),
            }));
        }
        for u in units {
            self.admin(Command::EstablishPartyOrganization(grassroots::organization::EstablishPartyOrganization {
                id: branch_id(u.code),
                kind: PartyOrgKind::GeneralPartyBranch,
                name: format!("{}党总支", u.name),
                unit: u.code.to_string(),
            }));
        }
    }

    /// The leading group's people (members of the sub-district party working committee), the
    /// sub-district's cadres (one members' CSV file), the secretaries of the sub-district's
    /// organizations and the group itself.
    pub(super) fn leading_group(&mut self, units: &[Unit]) {
        let people = std::iter::once(LEADER)
            .chain(std::iter::once(FIRST_DEPUTY))
            .chain(DEPUTIES.iter().copied())
            .chain(std::iter::once(OFFICE_DIRECTOR));
        for (id, name) in people {
            self.admin(Command::RegisterPerson(grassroots::people::RegisterPerson {
                id: id.into(),
                name: name.into(),
                unit: SUBDISTRICT.into(),
                id_number: None,
                mobile: None,
                political_status: PoliticalStatus::PartyMember,
                party_organization: Some(SUBDISTRICT_COMMITTEE.into()),
                helper_roles: vec![HelperRole::SubdistrictCadre],
            }));
        }
        // Assumed: the leader of the group is the working committee's secretary.
        self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
            party_organization: SUBDISTRICT_COMMITTEE.into(),
            person: LEADER.0.into(),
        }));

        let mut rng = Rng::fork(self.spec.seed, 1);
        let mut csv = String::from("人员编号,姓名,所属单位代码,身份证号,手机号,政治面貌,所在党组织,角色\n");
        let mut secretaries = Vec::new();
        let mut n = 0;
        for &(org, kind, _, count) in SUBDISTRICT_ORGS {
            for k in 0..count {
                n += 1;
                let id = format!("P{SUBDISTRICT}-{n:03}");
                let male = rng.chance(550);
                let surname = *rng.pick(SURNAMES);
                let name = person_name(&mut rng, surname, male);
                let age = rng.range(26, 58);
                let number = id_number(&mut rng, &mut self.ids, age, male);
                let phone = mobile(&mut rng);
                let role = match kind {
                    PartyOrgKind::OrganBranch | PartyOrgKind::DisciplineCommittee => "街道干部",
                    PartyOrgKind::ServiceStaffBranch => "网格员",
                    _ => "",
                };
                // The secretary is a full member; a young cadre may be probationary.
                let status = if k > 0 && age < 30 { "中共预备党员" } else { "中共党员" };
                let _ = writeln!(csv, "{id},{name},{SUBDISTRICT},{number},{phone},{status},{org},{role}");
                if k == 0 {
                    secretaries.push((org, id));
                }
            }
        }
        if n > 0 {
            self.admin(Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Members, csv }));
        }
        for (org, person) in secretaries {
            self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
                party_organization: org.into(),
                person,
            }));
        }

        let mut member_units = vec!["po-jgw".to_string()];
        member_units.extend(units.iter().map(|u| branch_id(u.code)));
        member_units.extend(["po-jg", "po-fw", "po-lx"].map(String::from));
        self.admin(Command::SetLeadingGroup(grassroots::organization::SetLeadingGroup {
            group: LeadingGroup {
                leader: LEADER.0.into(),
                first_deputy: FIRST_DEPUTY.0.into(),
                deputies: DEPUTIES.iter().map(|(id, _)| id.to_string()).collect(),
                executive_deputy: EXECUTIVE_DEPUTY.into(),
                member_units,
                office_director: OFFICE_DIRECTOR.0.into(),
            },
        }));
    }

    pub(super) fn schedule(&mut self) {
        for &(id, task, owner, phase, (month, day), _) in SCHEDULE {
            self.admin(Command::AddScheduleItem(grassroots::organization::AddScheduleItem {
                id: id.into(),
                task: task.into(),
                owner: owner.into(),
                phase: Some(phase),
                due: at_time(month, day),
                // The committee's items are its organization's; the state shows some of them done.
                owner_organization: (owner == "街道党工委").then(|| super::SUBDISTRICT_COMMITTEE.to_string()),
                done_when: milestone(id),
            }));
        }
        for &(id, .., done) in SCHEDULE {
            if let Some((day, hour, minute)) = done.filter(|&(day, ..)| day < 28) {
                self.pending.push_back((april(day, hour, minute), id));
            }
        }
    }
}

/// What in the state shows a schedule item of attachment 1 done.
fn milestone(id: &str) -> Option<grassroots::organization::Milestone> {
    use grassroots::organization::Milestone::*;
    Some(match id {
        "plan-04" => SurveyComplete,
        "plan-05" => ProblemListsEstablished,
        "plan-06" => SpecialReportSubmitted,
        "plan-08" => WeakAndLaxListConfirmed,
        "plan-10" => RectificationReady,
        "plan-15" => AcceptanceComplete,
        _ => return None,
    })
}
