//! The households of the demo: each village's or community's homes, residents, members, key persons
//! and team, placed in buildings around the unit's centre.

use super::*;

impl Generator<'_> {
    /// One village's or community's households, residents, members, key persons and team.
    pub(super) fn unit(&mut self, index: usize, unit: &Unit) {
        let mut rng = Rng::fork(self.spec.seed, 1000 + unit.code.as_u64());
        let homes = self.homes(&mut rng, index, unit);
        let cadre = unit_cadre(unit.code);
        let worker = grid_worker(unit.code);
        let community = unit.level == OrgLevel::Community;

        // Households: all but the last building by CSV; the last building (when there are several)
        // registered one by one by the grid worker on site.
        let last_building = homes.last().map(|h| h.building.clone()).unwrap_or_default();
        let several = homes.iter().any(|h| h.building != last_building);
        let single = |h: &Home| several && h.building == last_building;
        let mut csv = String::from("户编号,地址,村社区代码,楼栋,纬度,经度,重点部位\n");
        let mut rows = 0;
        for h in homes.iter().filter(|h| !single(h)) {
            let place = h.key_place.map(KeyPlace::label_zh).unwrap_or("");
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{},{place}",
                h.id,
                h.address,
                unit.code,
                h.building,
                degrees(h.lat),
                degrees(h.lng)
            );
            rows += 1;
        }
        if rows > 0 {
            self.push(&cadre, Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Households, csv }));
        }
        for h in homes.iter().filter(|h| single(h)) {
            self.push(
                &worker,
                Command::RegisterHousehold(grassroots::people::RegisterHousehold {
                    id: h.id.clone(),
                    address: h.address.clone(),
                    unit: unit.code.to_string(),
                    building: Some(h.building.clone()),
                    location: Some(Location { lat: h.lat as f64 / 1e6, lng: h.lng as f64 / 1e6 }),
                    key_place: h.key_place,
                }),
            );
        }

        // Party members: about one per twelve households, adults not tagged as key persons.
        let wanted = (homes.len() / 12).max(homes.len().min(5));
        let mut members: Vec<(usize, usize)> = Vec::new();
        let mut chosen: HashSet<(usize, usize)> = HashSet::new();
        if !homes.is_empty() {
            for j in 0..wanted {
                let from = j * homes.len() / wanted;
                let to = ((j + 1) * homes.len() / wanted).max(from + 1);
                for attempt in 0..(to - from) {
                    let hi = from + (rng.below((to - from) as u64) as usize + attempt) % (to - from);
                    let candidates: Vec<usize> = (0..homes[hi].residents.len())
                        .filter(|&ri| {
                            let r = &homes[hi].residents[ri];
                            r.age >= 22 && r.tags.is_empty() && !chosen.contains(&(hi, ri))
                        })
                        .collect();
                    if !candidates.is_empty() {
                        let pick = (hi, *rng.pick(&candidates));
                        members.push(pick);
                        chosen.insert(pick);
                        break;
                    }
                }
            }
        }

        // Residents of every household (members excepted) in one CSV file.
        let mut csv = String::from("户编号,人员编号,姓名,身份证号,手机号,政治面貌,重点人员\n");
        let mut rows = 0;
        for (hi, h) in homes.iter().enumerate() {
            for (ri, r) in h.residents.iter().enumerate() {
                if chosen.contains(&(hi, ri)) {
                    continue;
                }
                let status = match r.status {
                    PoliticalStatus::LeagueMember => "共青团员",
                    PoliticalStatus::DemocraticParty => "民主党派",
                    _ => "群众",
                };
                let tags = if r.tag_later {
                    String::new()
                } else {
                    r.tags.iter().map(|t| t.label_zh()).collect::<Vec<_>>().join("、")
                };
                let _ = writeln!(
                    csv,
                    "{},{},{},{},{},{status},{tags}",
                    h.id,
                    r.id,
                    r.name,
                    r.id_number,
                    r.mobile.as_deref().unwrap_or("")
                );
                rows += 1;
            }
        }
        if rows > 0 {
            self.push(&cadre, Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Residents, csv }));
        }

        // Members one by one, with their helper roles, then into their households.
        let branch = branch_id(unit.code);
        let grid_workers = (homes.len() / 300).max(1);
        let mut full_members = Vec::new();
        let mut building_heads = Vec::new();
        let mut buildings_with_head = HashSet::new();
        let mut helpers: Vec<Visitor> = Vec::new();
        for (k, &(hi, ri)) in members.iter().enumerate() {
            let r = &homes[hi].residents[ri];
            let probationary = k >= 5 && r.age < 35 && rng.chance(250);
            let mut roles = Vec::new();
            if community {
                if k < grid_workers {
                    roles.push(HelperRole::GridWorker);
                } else if rng.chance(600) {
                    roles.push(HelperRole::Volunteer);
                }
                if k >= grid_workers && buildings_with_head.insert(homes[hi].building.clone()) {
                    building_heads.push((r.id.clone(), roles.clone()));
                }
            } else if r.age >= 60 {
                roles.push(HelperRole::FiveElders);
                if rng.chance(300) {
                    roles.push(HelperRole::CoreMember);
                }
            } else if rng.chance(600) {
                roles.push(HelperRole::CoreMember);
            } else if rng.chance(300) {
                roles.push(HelperRole::Volunteer);
            }
            if !probationary {
                full_members.push((r.id.clone(), r.age));
            }
            if let Some(&role) = roles.first() {
                helpers.push(Visitor { person: r.id.clone(), role });
            }
            self.push(
                &cadre,
                Command::RegisterPerson(grassroots::people::RegisterPerson {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    unit: unit.code.to_string(),
                    id_number: Some(r.id_number.clone()),
                    mobile: r.mobile.clone(),
                    political_status: if probationary {
                        PoliticalStatus::ProbationaryMember
                    } else {
                        PoliticalStatus::PartyMember
                    },
                    party_organization: Some(branch.clone()),
                    helper_roles: roles,
                }),
            );
            self.push(
                &cadre,
                Command::AddResident(grassroots::people::AddResident {
                    household: homes[hi].id.clone(),
                    person: r.id.clone(),
                }),
            );
        }
        // Building heads are named once the members are in.
        for (person, mut roles) in building_heads {
            roles.push(HelperRole::BuildingHead);
            self.push(&cadre, Command::SetHelperRoles(grassroots::people::SetHelperRoles { person, roles }));
        }

        // Key persons the survey found after the import.
        for h in &homes {
            for r in h.residents.iter().filter(|r| r.tag_later) {
                for &tag in &r.tags {
                    self.push(
                        &cadre,
                        Command::TagKeyPerson(grassroots::people::TagKeyPerson { person: r.id.clone(), tag }),
                    );
                }
            }
        }

        // The secretary and the two-committee team.
        // The secretary: a full member in the prime of working life if there is one.
        if let Some(pos) = full_members.iter().position(|&(_, age)| (35..=58).contains(&age)) {
            let secretary = full_members.remove(pos);
            full_members.insert(0, secretary);
        }
        let full_members: Vec<String> = full_members.into_iter().map(|(id, _)| id).collect();
        if let Some(secretary) = full_members.first().cloned() {
            self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
                party_organization: branch.clone(),
                person: secretary.clone(),
            }));
            let masses: Vec<&Resident> = homes
                .iter()
                .flat_map(|h| &h.residents)
                .filter(|r| (30..=55).contains(&r.age) && r.status == PoliticalStatus::Masses && r.tags.is_empty())
                // Never one of the members already on the team (a small unit's lists can meet).
                .filter(|r| !full_members.contains(&r.id))
                .take(2)
                .collect();
            if full_members.len() >= 4 && masses.len() == 2 {
                let m = |person: &str, post| TeamMember { person: person.to_string(), post };
                let members = vec![
                    m(&secretary, TeamPost::PartySecretary),
                    m(&secretary, TeamPost::CommitteeDirector),
                    m(&full_members[1], TeamPost::DeputySecretary),
                    m(&full_members[2], TeamPost::PartyCommitteeMember),
                    m(&full_members[3], TeamPost::PartyCommitteeMember),
                    m(&full_members[3], TeamPost::CommitteeMember),
                    m(&masses[0].id, TeamPost::CommitteeDeputyDirector),
                    m(&masses[1].id, TeamPost::CommitteeMember),
                ];
                self.admin(Command::SetTwoCommittees(grassroots::organization::SetTwoCommittees {
                    party_organization: branch,
                    members,
                }));
            }
        }

        self.survey(&mut rng, unit, &homes, &helpers);
    }

    /// The households of a unit with their residents.
    pub(super) fn homes(&mut self, rng: &mut Rng, index: usize, unit: &Unit) -> Vec<Home> {
        let community = unit.level == OrgLevel::Community;
        // Communities lie within about a kilometre of the centre, villages two to five further out.
        // (No trigonometry: floating-point library functions may differ between platforms.)
        let offset = |rng: &mut Rng| {
            if community {
                rng.range(-10_000, 10_000)
            } else {
                let magnitude = rng.range(12_000, 35_000);
                if rng.chance(500) { magnitude } else { -magnitude }
            }
        };
        let centre = (CENTRE.0 + offset(rng), CENTRE.1 + offset(rng));
        let resettlement = community && index % 5 == 3;
        let urban_village = !community && index.is_multiple_of(4);
        let fringe = !community && index % 4 == 1;
        let mut homes = Vec::with_capacity(unit.households);
        let mut building_no = 0;
        let mut person_no = 0;
        while homes.len() < unit.households {
            building_no += 1;
            let spread = if community { 2_500 } else { 8_000 };
            let site = (centre.0 + rng.range(-spread, spread), centre.1 + rng.range(-spread, spread));
            if community {
                // An old compound (老旧小区) or a newer high-rise; a few flats stand empty.
                let old = rng.chance(400);
                let (floors, stairs, rooms) =
                    if old { (rng.range(5, 7), rng.range(2, 3), 2) } else { (rng.range(11, 18), 2, rng.range(2, 4)) };
                let place = if old {
                    Some(KeyPlace::OldResidentialCompound)
                } else if resettlement {
                    Some(KeyPlace::ResettlementArea)
                } else {
                    None
                };
                'building: for stair in 1..=stairs {
                    for floor in 1..=floors {
                        for room in 1..=rooms {
                            if homes.len() == unit.households {
                                break 'building;
                            }
                            if rng.chance(120) {
                                continue;
                            }
                            let address = format!("{}{building_no}栋{stair}单元{floor}{room:02}", unit.name);
                            let place = if place.is_none() && rng.chance(30) {
                                Some(KeyPlace::FloatingPopulationRental)
                            } else {
                                place
                            };
                            let jitter = (rng.range(-30, 30), rng.range(-30, 30));
                            let home = self.home(
                                rng,
                                unit,
                                homes.len(),
                                address,
                                format!("{building_no}栋"),
                                site,
                                jitter,
                                place,
                                &mut person_no,
                            );
                            homes.push(home);
                        }
                    }
                }
            } else {
                // A villagers' group (村民小组) of 25 to 60 houses.
                let houses = rng.range(25, 60);
                let place = if urban_village && building_no <= 2 {
                    Some(KeyPlace::UrbanVillage)
                } else if fringe && building_no == 1 {
                    Some(KeyPlace::UrbanRuralFringe)
                } else {
                    None
                };
                for house in 1..=houses {
                    if homes.len() == unit.households {
                        break;
                    }
                    let address = format!("{}{building_no}组{house}号", unit.name);
                    let place = if place == Some(KeyPlace::UrbanVillage) && rng.chance(150) {
                        Some(KeyPlace::FloatingPopulationRental)
                    } else {
                        place
                    };
                    let jitter = (rng.range(-700, 700), rng.range(-700, 700));
                    let home = self.home(
                        rng,
                        unit,
                        homes.len(),
                        address,
                        format!("{building_no}组"),
                        site,
                        jitter,
                        place,
                        &mut person_no,
                    );
                    homes.push(home);
                }
            }
        }
        homes
    }

    /// One household and its family.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn home(
        &mut self,
        rng: &mut Rng,
        unit: &Unit,
        n: usize,
        address: String,
        building: String,
        site: (i64, i64),
        jitter: (i64, i64),
        key_place: Option<KeyPlace>,
        person_no: &mut usize,
    ) -> Home {
        let community = unit.level == OrgLevel::Community;
        let size = match rng.below(100) {
            0..12 => 1,
            12..40 => 2,
            40..70 => 3,
            70..90 => 4,
            _ => 5,
        };
        let surname = *rng.pick(SURNAMES);
        let head_age = if size == 1 { rng.range(22, 88) } else { rng.range(25, 75) };
        let head_male = rng.chance(if size == 1 && head_age > 70 { 400 } else { 700 });
        let mut family: Vec<(i64, bool, &str)> = vec![(head_age, head_male, surname)];
        for k in 1..size {
            let member = if k == 1 {
                // The spouse.
                ((head_age + rng.range(-4, 4)).max(20), !head_male, *rng.pick(SURNAMES))
            } else if k == 4 && head_age <= 55 {
                // An elderly parent.
                ((head_age + rng.range(22, 32)).min(96), rng.chance(400), surname)
            } else {
                // A child.
                (rng.range(0, (head_age - 22).clamp(0, 35)), rng.chance(520), surname)
            };
            family.push(member);
        }
        let mut residents = Vec::with_capacity(size);
        for (age, male, surname) in family {
            *person_no += 1;
            let id = format!("P{}-{:05}", unit.code, *person_no);
            let name = person_name(rng, surname, male);
            let number = id_number(rng, &mut self.ids, age, male);
            let phone_odds = match age {
                0..12 => 0,
                12..18 => 150,
                18..76 => 750,
                _ => 200,
            };
            let mobile = rng.chance(phone_odds).then(|| mobile(rng));
            let status = if (14..=28).contains(&age) && rng.chance(350) {
                PoliticalStatus::LeagueMember
            } else if age >= 30 && rng.chance(4) {
                PoliticalStatus::DemocraticParty
            } else {
                PoliticalStatus::Masses
            };
            let mut tags = Vec::new();
            if community {
                if (18..=50).contains(&age) && rng.chance(15) {
                    tags.push(KeyPersonTag::UnemployedIdle);
                }
                if (18..=60).contains(&age) && rng.chance(3) {
                    tags.push(KeyPersonTag::PriorOffence);
                }
                if (18..=50).contains(&age) && rng.chance(1) {
                    tags.push(KeyPersonTag::DrugInvolved);
                }
                if (13..=17).contains(&age) && rng.chance(25) {
                    tags.push(KeyPersonTag::OutOfSchoolYouth);
                }
            } else {
                if (size == 1 && age >= 65 || (6..=15).contains(&age)) && rng.chance(120) {
                    tags.push(KeyPersonTag::LeftBehind);
                }
                if (20..=50).contains(&age) && rng.chance(25) {
                    tags.push(KeyPersonTag::LongTermAbsent);
                }
            }
            let tag_later = !tags.is_empty() && rng.chance(333);
            residents.push(Resident { id, name, age, id_number: number, mobile, status, tags, tag_later });
        }
        Home {
            id: format!("H{}-{:04}", unit.code, n + 1),
            address,
            building,
            lat: site.0 + jitter.0,
            lng: site.1 + jitter.1,
            key_place,
            residents,
        }
    }
}
