# Writes tests/scenarios/06-review-rectification.json without expectations; then
# `GRASSROOTS_BLESS=1 cargo test -p grassroots --test scenarios` fills them in from what the code does
# (review the diff; restore the other files, whose errors were written before refusals named rules).
# Run from the repository's root: python3 tests/scenarios/generators/06-review-rectification.py
#
# So far: the election look-back of every village of a small sub-district and its special report, and
# the weak-and-lax determination. Rectification ledgers, pledges and volunteer service are to be added
# here as they are built (issue 13).
import json
src = json.load(open('tests/scenarios/07-rules-and-transitions.json'))
config = src['steps'][0]['execute']['command']
SUB = "430171004000"; COM = "430171004001"; VIL = "430171004201"
def A(role, scope, id=None): return {"id": id or f"{role}@{scope}", "role": role, "scope": scope}
admin = A("administrator", SUB); cadre = A("subdistrictCadre", SUB); gw = A("gridWorker", COM)
steps = []; n = [0]
def ex(actor, at, cmd, expect=None):
    n[0] += 1
    s = {"execute": {"actor": actor, "at": at, "command": cmd, "commandId": f"cmd-{n[0]:03d}", "schemaVersion": 1}}
    if expect: s["expect"] = expect
    steps.append(s)
def q(actor, query, expect=None):
    s = {"query": {"actor": actor, "query": query, "schemaVersion": 1}}
    if expect: s["expect"] = expect
    steps.append(s)
E = lambda code, rule=None: {"error": ({"code": code, "rule": rule} if rule else {"code": code})}
ex(admin, "2022-04-13T09:00:00+08:00", config)
ex(admin, "2022-04-13T09:01:00+08:00", {"type": "registerOrgUnit", "code": COM, "level": "community", "name": "东方红社区"})
ex(admin, "2022-04-13T09:02:00+08:00", {"type": "registerOrgUnit", "code": VIL, "level": "village", "name": "白鹤村"})
ex(admin, "2022-04-13T09:03:00+08:00", {"type": "establishPartyOrganization", "id": "b1", "kind": "generalPartyBranch", "name": "东方红社区党总支", "unit": COM})
ex(admin, "2022-04-13T09:04:00+08:00", {"type": "registerPerson", "id": "m1", "name": "刘一", "unit": COM, "politicalStatus": "partyMember", "partyOrganization": "b1"})
ex(admin, "2022-04-13T09:05:00+08:00", {"type": "appointSecretary", "partyOrganization": "b1", "person": "m1"})
ex(admin, "2022-04-13T09:06:00+08:00", {"type": "setTwoCommittees", "partyOrganization": "b1", "members": [{"person": "m1", "post": "partySecretary"}, {"person": "m1", "post": "committeeDirector"}]})
ex(admin, "2022-04-13T09:06:30+08:00", {"type": "establishPartyOrganization", "id": "b2", "kind": "partyBranch", "name": "白鹤村党支部", "unit": VIL})
ex(admin, "2022-04-13T09:07:00+08:00", {"type": "registerPerson", "id": "gw1", "name": "赵六", "unit": COM, "politicalStatus": "masses", "helperRoles": ["gridWorker"]})
ex(admin, "2022-04-13T09:08:00+08:00", {"type": "registerHousehold", "id": "h1", "address": "东方红社区1栋101", "unit": COM})
ex(gw, "2022-04-14T10:00:00+08:00", {"type": "recordVisit", "visit": {"id": "v1", "household": "h1", "visitors": [{"person": "gw1", "role": "gridWorker"}], "visitedAt": "2022-04-14T09:30:00+08:00", "outcome": "met"}})
QUESTIONS = ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"]
ITEMS = ["organizationSetUp", "leadershipComplete", "rulesComplete", "fundingAndPremises", "roleFullyPlayed", "noGovernanceDisorder"]
def review(rid, unit, day, scores, problems, ballots, votes):
    t = [0]
    def at():
        t[0] += 1
        return f"2022-06-{day:02d}T{9 + t[0] // 60:02d}:{t[0] % 60:02d}:00+08:00"
    ex(cadre, at(), {"type": "openReview", "id": rid, "unit": unit})
    for qn, s in zip(QUESTIONS, scores):
        ex(cadre, at(), {"type": "rateReviewQuestion", "review": rid, "question": qn, "rating": {"score": s, "notes": "综合研判"}})
    ex(cadre, at(), {"type": "rateSecretary", "review": rid, "rating": {"score": scores[0], "notes": "履职情况"}})
    ex(cadre, at(), {"type": "recordTalks", "review": rid, "talks": [{"standing": "老党员", "notes": "认为班子团结"}, {"standing": "群众代表", "notes": "反映个别干部办事拖拉"}]})
    ex(cadre, at(), {"type": "recordDemocraticEvaluation", "review": rid, "evaluation": {"ballots": ballots, "items": [dict(item="班子整体", **votes)]}})
    ex(cadre, at(), {"type": "recordDocumentReview", "review": rid, "documents": ["2021年以来“三会一课”记录", "“四议两公开”会议记录"]})
    for item in ITEMS:
        bad = problems.get(item)
        ex(cadre, at(), {"type": "recordStructuralFinding", "review": rid, "item": item, "finding": {"sound": bad is None, "notes": bad or ""}})
    return at
at = review("hjk-com", COM, 1, [4, 4, 5, 4, 4], {}, 40, {"satisfied": 32, "basicallySatisfied": 7, "dissatisfied": 1})
ex(cadre, at(), {"type": "linkHomeVisits", "review": "hjk-com", "visits": ["v1"]})
ex(cadre, at(), {"type": "openReview", "id": "hjk-com-2", "unit": COM}, E("RULE_VIOLATED", "x"))
ex(cadre, at(), {"type": "rateReviewQuestion", "review": "hjk-com", "question": "morale", "rating": {"score": 6}}, E("RULE_VIOLATED", "x"))
ex(cadre, at(), {"type": "recordDemocraticEvaluation", "review": "hjk-com", "evaluation": {"ballots": 40, "items": [{"item": "党组织书记", "satisfied": 30, "basicallySatisfied": 5, "dissatisfied": 1}]}}, E("RULE_VIOLATED", "x"))
ex(cadre, at(), {"type": "concludeReview", "review": "hjk-com", "conclusion": "班子运行顺畅，群众认可度高"})
ex(cadre, at(), {"type": "rateSecretary", "review": "hjk-com", "rating": {"score": 5}}, E("INVALID_TRANSITION", "x"))
ex(admin, at(), {"type": "submitSpecialReport", "to": "高新区党群工作部"}, E("RULE_VIOLATED", "x"))
at = review("hjk-vil", VIL, 2, [3, 2, 3, 2, 3], {"rulesComplete": "“三会一课”记录不全", "roleFullyPlayed": "党员联户覆盖不到位"}, 30, {"satisfied": 20, "basicallySatisfied": 6, "dissatisfied": 4})
ex(cadre, at(), {"type": "concludeReview", "review": "hjk-vil", "conclusion": "班子凝聚力不强，建议研究是否列为软弱涣散党组织"})
q(gw, {"type": "review", "id": "hjk-com"})
q(admin, {"type": "reviews"})
ex(admin, "2022-06-03T09:00:00+08:00", {"type": "submitSpecialReport", "to": "高新区党群工作部"})
q(admin, {"type": "specialReport"})
# Weak-and-lax determination.
insp = A("inspector", "430171000000", "qzzb-inspector")
rubric = {"criteria": [
    {"id": "petitions", "label": "信访问题突出", "measure": {"kind": "feedbackCount", "source": "petitions"}, "direction": "atLeast", "threshold": 5, "weight": 30},
    {"id": "rating", "label": "“回头看”班子评价低", "measure": {"kind": "reviewRating"}, "direction": "atMost", "threshold": 3.0, "weight": 40},
    {"id": "structure", "label": "组织建设问题多", "measure": {"kind": "reviewStructuralProblems"}, "direction": "atLeast", "threshold": 2, "weight": 30}],
  "vetoes": [{"id": "crime", "label": "班子成员涉刑事案件", "measure": {"kind": "feedbackCount", "source": "criminalCases"}, "direction": "atLeast", "threshold": 1}],
  "suggestAt": 60}
ex(admin, "2022-06-15T09:00:00+08:00", {"type": "recordDepartmentFeedback", "feedback": {"organization": "b2", "source": "petitions", "period": "2022H1", "count": 7, "severity": "serious", "notes": "集体资产处置信访"}})
ex(admin, "2022-06-15T09:01:00+08:00", {"type": "recordDepartmentFeedback", "feedback": {"organization": "b1", "source": "publicOrderCases", "period": "2022H1", "count": 2, "severity": "minor"}})
ex(cadre, "2022-06-15T09:02:00+08:00", {"type": "decideWeakAndLax", "organization": "b2", "propose": True, "reason": "信访突出"}, E("RULE_VIOLATED", "x"))
bad = json.loads(json.dumps(rubric)); bad["criteria"][0]["weight"] = 50
ex(admin, "2022-06-15T09:03:00+08:00", {"type": "setRubric", "rubric": bad}, E("RULE_VIOLATED", "x"))
ex(admin, "2022-06-15T09:04:00+08:00", {"type": "setRubric", "rubric": rubric})
q(admin, {"type": "weakAndLaxAssessment", "at": "2022-06-15T10:00:00+08:00"})
ex(cadre, "2022-06-16T09:00:00+08:00", {"type": "decideWeakAndLax", "organization": "b2", "propose": True, "reason": "经街道党工委研究：信访问题突出，班子评价低，组织建设问题多，拟列为软弱涣散基层党组织"})
ex(cadre, "2022-06-16T09:05:00+08:00", {"type": "decideWeakAndLax", "organization": "b1", "propose": False, "reason": "班子运行正常，不列入"})
ex(admin, "2022-06-16T10:00:00+08:00", {"type": "submitWeakAndLaxList", "to": "高新区委组织部"})
ex(admin, "2022-06-17T09:00:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1}, E("PERMISSION_DENIED"))
ex(insp, "2022-06-18T09:00:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1})
ex(insp, "2022-06-18T09:05:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1}, E("INVALID_TRANSITION", "x"))
q(gw, {"type": "weakAndLaxList"})
sc = {"name": "review and rectification", "description": "The election look-back (换届“回头看”) of every village and community of a small sub-district: the five questions, the secretary, talks, a democratic evaluation, home visits, documents, the six structural findings, conclusions; refusals (a second open review, a rating off the scale, ballots that do not add up, recording in a concluded review, a report before every unit is reviewed); talks masked for a grid worker; the special report rendered and submitted with its digest. Weak-and-lax determination and rectification follow as they are built.", "steps": steps, "expectHead": {}}
json.dump(sc, open('tests/scenarios/06-review-rectification.json', 'w'), ensure_ascii=False, indent=2)
