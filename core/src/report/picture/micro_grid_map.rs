//! A village's or community's micro-grids on a map: every household a dot in the colour of the party
//! member linked to it, members marked at home, each micro-grid outlined around its households, and
//! key-person households ringed, only when the reader's masked answers show the tags.

use super::frame::{self, GREY, INK, Key, MARGIN, MEMBER_PALETTE, RED, TOP, WIDTH, say};
use super::projection::{Projection, convex_hull, together};
use super::svg::{Anchor, TextStyle, clip};
use crate::engine::QueryContext;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{ErrorCode, Result};
use crate::micro_grid::{MemberLinksQuery, MicroGridsQuery};
use crate::oversight::OversightState;
use crate::people::{HouseholdQuery, HouseholdsQuery, Location};
use crate::report::ReportHeader;
use crate::report::{ask, every_page};
use std::collections::{BTreeMap, BTreeSet};

/// The map's height in pixels (the box the households are fitted into).
const MAP_HEIGHT: f64 = 560.0;
/// Households read per page (the most a page may hold).
const PAGE: u32 = 10_000;

/// One household as the map needs it.
#[derive(Debug)]
struct Dot {
    location: Option<Location>,
    member: Option<usize>,
    key_person: bool,
}

/// The map of `unit` (a village or community).
pub(super) fn draw<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    header: &ReportHeader,
    unit: DivisionCode,
) -> Result<String> {
    let lang = header.language;
    let code = unit.to_string();

    // Every household of the unit, page by page, each as the reader sees it.
    let mut households: BTreeMap<String, Dot> = BTreeMap::new();
    let mut homes: BTreeMap<String, String> = BTreeMap::new();
    let mut masked = false;
    every_page(
        |after| {
            let page = ask(state, cx, &HouseholdsQuery { unit: Some(code.clone()), after, limit: Some(PAGE) })?;
            Ok((page.households, page.next_after))
        },
        |line| {
            let h = ask(state, cx, &HouseholdQuery { id: line.id })?.household;
            let mut key_person = false;
            for r in &h.residents {
                masked |= r.masked;
                // A masked view withholds the tags: the map then marks nothing.
                key_person |= r.key_person_tags.is_some_and(|t| !t.is_empty());
                if r.political_status.is_party_member() {
                    homes.insert(r.id.clone(), h.id.clone());
                }
            }
            households.insert(h.id.clone(), Dot { location: h.location, member: None, key_person });
            Ok(())
        },
    )?;

    // The micro-grids and their members.
    let mut grids = Vec::new();
    every_page(
        |after| {
            let page = ask(state, cx, &MicroGridsQuery { unit: Some(code.clone()), after, limit: Some(PAGE) })?;
            Ok((page.grids, page.next_after))
        },
        |grid| {
            grids.push(grid);
            Ok(())
        },
    )?;
    grids.sort_by(|a, b| a.id.cmp(&b.id));
    let members: BTreeSet<String> =
        grids.iter().flat_map(|g| g.members.iter().map(|m| m.member.id.clone())).chain(homes.keys().cloned()).collect();
    // Each member's colour is its place in the members' order by id. A member living outside the
    // reader's scope (a grid's member from a neighbouring unit) cannot be asked about: it is left out,
    // its households drawn as not linked, and the note says how many.
    let mut hidden = 0;
    let mut linked_members = Vec::new();
    for m in members {
        match ask(state, cx, &MemberLinksQuery { member: m.clone() }) {
            Ok(answer) => {
                // Only the households of this unit: a member may link others elsewhere.
                let here: Vec<String> =
                    answer.links.households.into_iter().map(|h| h.id).filter(|h| households.contains_key(h)).collect();
                // Members linking no household of the unit are not drawn, and take no colour.
                if !here.is_empty() {
                    linked_members.push((m, here));
                }
            }
            Err(e) if e.code == ErrorCode::OutOfScope => hidden += 1,
            Err(e) => return Err(e),
        }
    }
    let members = linked_members;
    for (i, (_, linked)) in members.iter().enumerate() {
        for h in linked {
            if let Some(d) = households.get_mut(h) {
                d.member = Some(i);
            }
        }
    }

    let located: Vec<Location> = households.values().filter_map(|d| d.location).collect();
    if located.is_empty() {
        let what = if households.is_empty() {
            say(lang, "没有登记住户", "no household registered")
        } else {
            format!("{} {}", households.len(), lang.pick("户均无坐标", "households, none with a location"))
        };
        return Ok(frame::nothing(header, &what));
    }
    let top = TOP + 34.0;
    let map = Projection::fit(&together(&located), (MARGIN, top), (WIDTH - 2.0 * MARGIN, MAP_HEIGHT));
    let mut svg = frame::open(header, top + MAP_HEIGHT + 70.0);
    let mut keys = vec![
        Key {
            colour: MEMBER_PALETTE[0],
            outline: None,
            round: true,
            label: say(lang, "住户（按联户党员着色）", "household (colour: its member)"),
        },
        Key { colour: "#ffffff", outline: Some(GREY), round: true, label: say(lang, "未联户", "not linked") },
        Key { colour: MEMBER_PALETTE[0], outline: Some(INK), round: false, label: say(lang, "党员", "party member") },
    ];
    if !masked {
        keys.push(Key {
            colour: "#ffffff",
            outline: Some(RED),
            round: true,
            label: say(lang, "重点人员住户", "key-person household"),
        });
    }
    frame::legend(&mut svg, MARGIN, TOP + 14.0, 184.0, &keys);
    svg.rect(MARGIN, top, WIDTH - 2.0 * MARGIN, MAP_HEIGHT, "#fafafa", Some("#e0e0e0"));

    // The micro-grids: the hull of their households, named at its top.
    for g in &grids {
        let points: Vec<(f64, f64)> = g
            .members
            .iter()
            .filter_map(|m| members.iter().find(|(id, _)| *id == m.member.id))
            .flat_map(|(_, linked)| linked.iter())
            .filter_map(|h| households.get(h).and_then(|d| d.location))
            .map(|l| map.clamped(l))
            .filter(|(_, outside)| !outside)
            .map(|(p, _)| p)
            .collect();
        let hull = convex_hull(&points);
        if hull.len() < 3 {
            continue;
        }
        svg.group(&format!("{} · {} {}", g.name, g.households, lang.pick("户", "households")));
        svg.polygon(&hull, "#607d8b", 0.06, "#90a4ae");
        let (x, y) = hull.iter().fold(hull[0], |best, p| if p.1 < best.1 { *p } else { best });
        svg.text(x, y - 5.0, &clip(&g.name, 10.0), TextStyle::plain(11.0).anchored(Anchor::Middle).fill(GREY));
        svg.end_group();
    }

    // Households: coloured dots; key-person households ringed; those far from the rest at the edge,
    // outlined.
    let mut far = 0;
    for d in households.values() {
        let Some(l) = d.location else { continue };
        let ((x, y), outside) = map.clamped(l);
        far += usize::from(outside);
        let outline = outside.then_some((INK, 1.0));
        match d.member {
            Some(i) => svg.circle(x, y, 3.5, MEMBER_PALETTE[i % MEMBER_PALETTE.len()], outline),
            None => svg.circle(x, y, 3.0, "#ffffff", Some((GREY, 1.0))),
        }
    }
    for d in households.values().filter(|d| d.key_person) {
        let Some(l) = d.location else { continue };
        let ((x, y), _) = map.clamped(l);
        svg.circle(x, y, 6.5, "none", Some((RED, 1.5)));
    }

    // Members: a square in their colour at home (or amid their households when they live elsewhere).
    for (i, (m, linked)) in members.iter().enumerate() {
        let home = homes.get(m).and_then(|h| households.get(h)).and_then(|d| d.location);
        let at = match home {
            Some(l) => Some(map.clamped(l).0),
            None => {
                let ps: Vec<(f64, f64)> = linked
                    .iter()
                    .filter_map(|h| households.get(h).and_then(|d| d.location))
                    .map(|l| map.clamped(l).0)
                    .collect();
                (!ps.is_empty()).then(|| {
                    let n = ps.len() as f64;
                    (ps.iter().map(|p| p.0).sum::<f64>() / n, ps.iter().map(|p| p.1).sum::<f64>() / n)
                })
            }
        };
        if let Some((x, y)) = at {
            svg.rect(x - 4.5, y - 4.5, 9.0, 9.0, MEMBER_PALETTE[i % MEMBER_PALETTE.len()], Some(INK));
        }
    }

    let linked = households.values().filter(|d| d.member.is_some()).count();
    let unplaced = households.len() - located.len();
    let mut note = format!(
        "{} {} · {} {} · {} {} · {} {}",
        lang.pick("住户", "households"),
        households.len(),
        lang.pick("已联户", "linked"),
        linked,
        lang.pick("联户党员", "members linking"),
        members.len(),
        lang.pick("微网格", "micro-grids"),
        grids.len()
    );
    if far > 0 {
        note.push_str(&format!(
            " · {far} {}",
            lang.pick("户远离其余住户，画在图边（黑圈）", "far from the rest, drawn at the edge (outlined)")
        ));
    }
    if hidden > 0 {
        note.push_str(&format!(
            " · {hidden} {}",
            lang.pick("名联户党员不在本账号范围内，未画出", "linking members outside this reader's scope not drawn")
        ));
    }
    if unplaced > 0 {
        note.push_str(&format!(" · {unplaced} {}", lang.pick("户无坐标，未画出", "without a location, not drawn")));
    }
    let bottom = top + MAP_HEIGHT;
    svg.text(MARGIN, bottom + 22.0, &note, TextStyle::plain(12.0));
    if masked {
        let text = lang.pick("重点人员信息按权限不予显示", "key persons are not shown to this role");
        svg.text(MARGIN, bottom + 42.0, text, TextStyle::plain(12.0).fill(GREY));
    }
    Ok(svg.finish())
}
