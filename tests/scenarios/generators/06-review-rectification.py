# Writes tests/scenarios/06-review-rectification.json without expectations; then
# `GRASSROOTS_BLESS=1 cargo test -p grassroots --test scenarios` fills them in from what the code does
# (review the diff; restore the other files, whose errors were written before refusals named rules).
# Run from the repository's root: python3 tests/scenarios/generators/06-review-rectification.py
#
# The election look-back of every village of a small sub-district and its special report, the
# weak-and-lax determination, the two organizations proposed and confirmed rectified to "ready for
# acceptance" (ledgers, measures, pairings, exceptions-free), and study, pledges and volunteer service.
import json
src = json.load(open('tests/scenarios/09-rules-and-transitions.json'))
config = src['steps'][0]['execute']['command']
SUB = "430171004000"; COM = "430171004001"; VIL = "430171004201"; VIL2 = "430171004202"
def A(role, scope, id=None): return {"id": id or f"{role}@{scope}", "role": role, "scope": scope}
admin = A("administrator", SUB); cadre = A("subdistrictCadre", SUB); gw = A("gridWorker", COM)
steps = []; n = [0]
def ex(actor, at, cmd, expect=None):
    n[0] += 1
    s = {"execute": {"actor": actor, "at": at, "command": cmd, "commandId": f"cmd-{n[0]:03d}", "schemaVersion": 2}}
    if expect: s["expect"] = expect
    steps.append(s)
def q(actor, query, expect=None):
    s = {"query": {"actor": actor, "query": query, "schemaVersion": 2}}
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
ex(admin, "2022-04-13T09:06:40+08:00", {"type": "registerOrgUnit", "code": VIL2, "level": "village", "name": "华龙村"})
ex(admin, "2022-04-13T09:06:50+08:00", {"type": "establishPartyOrganization", "id": "b3", "kind": "partyBranch", "name": "华龙村党支部", "unit": VIL2})
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
at = review("hjk-vil2", VIL2, 3, [3, 3, 2, 2, 2], {"leadershipComplete": "村“两委”缺纪检委员", "noGovernanceDisorder": "村务公开不及时"}, 30, {"satisfied": 18, "basicallySatisfied": 6, "dissatisfied": 6})
ex(cadre, at(), {"type": "concludeReview", "review": "hjk-vil2", "conclusion": "班子不健全，村务管理不规范，建议列为软弱涣散党组织"})
q(gw, {"type": "review", "id": "hjk-com"})
q(admin, {"type": "reviews"})
ex(admin, "2022-06-03T15:00:00+08:00", {"type": "submitSpecialReport", "to": "高新区党群工作部"})
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
ex(admin, "2022-06-15T09:00:30+08:00", {"type": "recordDepartmentFeedback", "feedback": {"organization": "b3", "source": "criminalCases", "period": "2022H1", "count": 1, "severity": "serious", "notes": "村委委员涉嫌职务侵占被立案"}})
ex(admin, "2022-06-15T09:01:00+08:00", {"type": "recordDepartmentFeedback", "feedback": {"organization": "b1", "source": "publicOrderCases", "period": "2022H1", "count": 2, "severity": "minor"}})
ex(cadre, "2022-06-15T09:02:00+08:00", {"type": "decideWeakAndLax", "organization": "b2", "propose": True, "reason": "信访突出"}, E("RULE_VIOLATED", "x"))
bad = json.loads(json.dumps(rubric)); bad["criteria"][0]["weight"] = 50
ex(admin, "2022-06-15T09:03:00+08:00", {"type": "setRubric", "rubric": bad}, E("RULE_VIOLATED", "x"))
ex(admin, "2022-06-15T09:04:00+08:00", {"type": "setRubric", "rubric": rubric})
q(admin, {"type": "weakAndLaxAssessment", "at": "2022-06-15T10:00:00+08:00"})
ex(cadre, "2022-06-16T09:00:00+08:00", {"type": "decideWeakAndLax", "organization": "b2", "propose": True, "reason": "经街道党工委研究：信访问题突出，班子评价低，组织建设问题多，拟列为软弱涣散基层党组织"})
ex(cadre, "2022-06-16T09:03:00+08:00", {"type": "decideWeakAndLax", "organization": "b3", "propose": True, "reason": "经街道党工委研究：班子成员涉刑事案件（一票否决），班子不健全，拟列为软弱涣散基层党组织"})
ex(cadre, "2022-06-16T09:05:00+08:00", {"type": "decideWeakAndLax", "organization": "b1", "propose": False, "reason": "班子运行正常，不列入"})
ex(admin, "2022-06-16T10:00:00+08:00", {"type": "submitWeakAndLaxList", "to": "高新区委组织部"})
ex(admin, "2022-06-17T09:00:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1}, E("PERMISSION_DENIED"))
ex(insp, "2022-06-18T09:00:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1})
ex(insp, "2022-06-18T09:05:00+08:00", {"type": "confirmWeakAndLaxList", "version": 1}, E("INVALID_TRANSITION", "x"))
q(gw, {"type": "weakAndLaxList"})
# The steps from here on are collected with their moment and emitted in time order (a query at the
# moment it reads), so that the scenario reads as the campaign ran.
timed = []
def tex(actor, at, cmd, expect=None): timed.append((at, len(timed), ("ex", actor, at, cmd, expect)))
def tq(at, actor, query): timed.append((at, len(timed), ("q", actor, query)))
# Rectification: the two organizations confirmed get ledgers, worked to "ready for acceptance".
sj_bh = A("communityCadre", VIL, "sj-baihe"); sj_hl = A("communityCadre", VIL2, "sj-hualong")
bkgb = A("subdistrictCadre", SUB, "bkgb-wang")  # the sub-district cadre who helps 华龙村 (包村干部)
tq("2022-06-18T10:00:00+08:00", admin, {"type": "ledgers", "at": "2022-06-18T10:00:00+08:00"})
tex(admin, "2022-06-18T10:00:00+08:00", {"type": "openLedger", "organization": "b3", "reason": "已列入"}, E("ALREADY_EXISTS"))
tex(admin, "2022-06-18T10:01:00+08:00", {"type": "openLedger", "organization": "b1", "reason": "治安案件"}, E("RULE_VIOLATED", "x"))
def problem(pid, unit, desc):
    return {"id": pid, "unit": unit, "category": "disputes", "severity": "moderate", "urgent": True, "description": desc,
            "sources": [{"kind": "hotline", "reference": f"12345-{pid}"}]}
tex(admin, "2022-06-18T10:02:00+08:00", {"type": "reportProblems", "problems": [problem("p-bh1", VIL, "集体资产处置引发群众信访"), problem("p-hl1", VIL2, "村务公开栏长期未更新")]})
for pid, org, kind, who, since in [("pr-bh1", "b2", "leaderPoint", "街道党工委书记 陈某", "2022-06-20"), ("pr-bh2", "b2", "stationedPerson", "驻村第一书记 李某（区民政局）", "2022-06-20"), ("pr-hl1", "b3", "stationedUnit", "高新区司法局", "2022-06-20"), ("pr-hl2", "b3", "subdistrictCadre", "街道组织委员 王某", "2022-06-20")]:
    tex(admin, f"2022-06-20T09:{len(timed) % 60:02d}:00+08:00", {"type": "assignPairing", "pairing": {"id": pid, "organization": org, "kind": kind, "who": who, "from": since}})
def measure(org, mid, text, owner, post, due, answers, t, expect=None):
    tex(cadre, f"2022-06-21T09:{t:02d}:00+08:00", {"type": "addMeasure", "organization": org, "measure": {"id": mid, "text": text, "owner": owner, "ownerPost": post, "due": due, "answers": answers}}, expect)
measure("b2", "bh-1", "健全“三会一课”制度，建立党员活动记录台账", "sj-baihe", "村党支部书记", "2022-07-31", [{"kind": "reviewFinding", "review": "hjk-vil", "item": "rulesComplete"}, {"kind": "assessmentItem", "id": "structure"}], 1)
measure("b2", "bh-2", "落实党员联系户全覆盖，每名党员联系10—15户", "sj-baihe", "村党支部书记", "2022-08-15", [{"kind": "reviewFinding", "review": "hjk-vil", "item": "roleFullyPlayed"}, {"kind": "assessmentItem", "id": "rating"}], 2)
measure("b2", "bh-3", "依法依规化解集体资产处置信访，公开处置结果", "sj-baihe", "村党支部书记", "2022-08-31", [{"kind": "problem", "problem": "p-bh1"}, {"kind": "assessmentItem", "id": "petitions"}], 3)
measure("b3", "hl-1", "按程序补选村“两委”纪检委员", "bkgb-wang", "街道包村干部", "2022-08-31", [{"kind": "reviewFinding", "review": "hjk-vil2", "item": "leadershipComplete"}, {"kind": "assessmentItem", "id": "crime"}], 4)
measure("b3", "hl-2", "规范村务公开，每月更新公开栏", "sj-hualong", "村党支部书记", "2022-07-31", [{"kind": "reviewFinding", "review": "hjk-vil2", "item": "noGovernanceDisorder"}, {"kind": "problem", "problem": "p-hl1"}], 5)
measure("b2", "bh-x", "处置外村信访", "sj-baihe", "村党支部书记", "2022-08-31", [{"kind": "problem", "problem": "p-hl1"}], 6, E("RULE_VIOLATED", "x"))
for org in ["b2", "b3"]:
    tex(cadre, f"2022-06-21T10:0{len(timed) % 10}:00+08:00", {"type": "startRectifying", "organization": org})
tex(cadre, "2022-06-21T11:00:00+08:00", {"type": "markReadyForAcceptance", "organization": "b2"}, E("RULE_VIOLATED", "x"))
tex(admin, "2022-06-21T11:01:00+08:00", {"type": "endPairing", "pairing": "pr-bh2", "on": "2022-06-30", "reason": "第一书记调回原单位"}, E("RULE_VIOLATED", "x"))
tex(sj_bh, "2022-07-05T16:00:00+08:00", {"type": "recordMeasureProgress", "measure": "bh-1", "text": "已召开支部委员会，补记2021年以来“三会一课”"})
tex(A("communityCadre", VIL, "wy-baihe"), "2022-07-06T16:00:00+08:00", {"type": "recordMeasureProgress", "measure": "bh-1", "text": "代为填报"}, E("PERMISSION_DENIED", "x"))
tex(sj_bh, "2022-07-25T16:00:00+08:00", {"type": "markMeasureDone", "measure": "bh-1", "done": "制度上墙，台账建立，7月主题党日按时开展"})
tex(admin, "2022-07-27T09:00:00+08:00", {"type": "verifyMeasure", "measure": "bh-1", "passed": True, "note": "查阅台账、旁听主题党日，属实"})
tex(sj_bh, "2022-08-01T16:00:00+08:00", {"type": "markMeasureDone", "measure": "bh-2", "done": "党员联户表已公示"})
tex(admin, "2022-08-03T09:00:00+08:00", {"type": "verifyMeasure", "measure": "bh-2", "passed": False, "note": "抽查3户不知道联系党员", "due": "2022-08-31"})
tex(sj_bh, "2022-08-20T16:00:00+08:00", {"type": "markMeasureDone", "measure": "bh-2", "done": "党员逐户上门亮身份、发联系卡"})
tex(admin, "2022-08-22T09:00:00+08:00", {"type": "verifyMeasure", "measure": "bh-2", "passed": True, "note": "抽查10户均知晓联系党员"})
tex(sj_bh, "2022-08-10T16:00:00+08:00", {"type": "fixImmediately", "problem": "p-bh1", "done": "召开村民代表会议，公开集体资产处置结果"})
tex(cadre, "2022-08-11T09:00:00+08:00", {"type": "verifyProblem", "problem": "p-bh1", "passed": True, "note": "回访信访人，表示认可"})
tex(cadre, "2022-08-11T09:30:00+08:00", {"type": "closeProblem", "problem": "p-bh1", "feedback": {"satisfied": True}})
tex(sj_bh, "2022-08-12T16:00:00+08:00", {"type": "markMeasureDone", "measure": "bh-3", "done": "信访事项已办结，群众满意"})
tex(bkgb, "2022-08-15T09:00:00+08:00", {"type": "verifyMeasure", "measure": "bh-3", "passed": True, "note": "核查办结材料，回访属实"})
tex(bkgb, "2022-08-16T09:00:00+08:00", {"type": "markMeasureDone", "measure": "hl-1", "done": "村党员大会补选纪检委员1名"})
tex(bkgb, "2022-08-16T09:05:00+08:00", {"type": "verifyMeasure", "measure": "hl-1", "passed": True, "note": "本人核验"}, E("PERMISSION_DENIED", "x"))
tex(admin, "2022-08-17T09:00:00+08:00", {"type": "verifyMeasure", "measure": "hl-1", "passed": True, "note": "补选程序合规"})
tex(sj_hl, "2022-07-10T16:00:00+08:00", {"type": "fixImmediately", "problem": "p-hl1", "done": "更新村务公开栏，补公开上半年财务"})
tex(cadre, "2022-07-11T09:00:00+08:00", {"type": "verifyProblem", "problem": "p-hl1", "passed": True, "note": "现场查看公开栏"})
tex(cadre, "2022-07-11T09:30:00+08:00", {"type": "closeProblem", "problem": "p-hl1", "feedback": {"satisfied": True}})
tex(sj_hl, "2022-07-28T16:00:00+08:00", {"type": "markMeasureDone", "measure": "hl-2", "done": "建立村务公开月度更新制度"})
tex(bkgb, "2022-07-29T09:00:00+08:00", {"type": "verifyMeasure", "measure": "hl-2", "passed": True, "note": "连续两月按时公开"})
tq("2022-08-25T09:00:00+08:00", gw, {"type": "ledger", "organization": "b2", "at": "2022-08-25T09:00:00+08:00"})
tq("2022-08-25T09:00:00+08:00", A("gridWorker", VIL), {"type": "ledger", "organization": "b2", "at": "2022-08-25T09:00:00+08:00"})
tex(cadre, "2022-08-25T09:00:00+08:00", {"type": "markReadyForAcceptance", "organization": "b2"})
tex(cadre, "2022-08-25T09:05:00+08:00", {"type": "markReadyForAcceptance", "organization": "b3"})
tex(cadre, "2022-08-25T09:10:00+08:00", {"type": "addMeasure", "organization": "b3", "measure": {"id": "hl-3", "text": "再补一项", "owner": "sj-hualong", "ownerPost": "村党支部书记", "due": "2022-09-30", "answers": [{"kind": "problem", "problem": "p-hl1"}]}}, E("INVALID_TRANSITION", "x"))
tq("2022-08-25T10:00:00+08:00", admin, {"type": "ledger", "organization": "b3", "at": "2022-08-25T10:00:00+08:00"})
tq("2022-08-25T10:00:00+08:00", insp, {"type": "ledgers", "at": "2022-08-25T10:00:00+08:00"})
tq("2022-08-25T10:00:00+08:00", admin, {"type": "pairings", "organization": "b2"})
# Study, pledges and volunteer service.
for pid, name, unit, org in [("m-bh1", "周七", VIL, "b2"), ("m-bh2", "吴八", VIL, "b2"), ("m-hl1", "郑九", VIL2, "b3")]:
    tex(admin, f"2022-06-19T09:{len(timed) % 60:02d}:00+08:00", {"type": "registerPerson", "id": pid, "name": name, "unit": unit, "politicalStatus": "partyMember", "partyOrganization": org})
tex(sj_bh, "2022-07-01T18:00:00+08:00", {"type": "recordStudySession", "session": {"id": "st-1", "topic": "partyHistory", "title": "庆祝建党101周年主题党日：学党史", "on": "2022-07-01", "organizer": "b2", "attendees": ["m-bh1", "m-bh2"]}})
tex(sj_bh, "2022-07-15T18:00:00+08:00", {"type": "recordStudySession", "session": {"id": "st-2", "topic": "law", "title": "学习《中国共产党农村基层组织工作条例》", "on": "2022-07-15", "organizer": "b2", "attendees": ["m-bh1"]}})
tex(sj_hl, "2022-07-16T18:00:00+08:00", {"type": "recordStudySession", "session": {"id": "st-3", "topic": "policy", "title": "学习乡村振兴政策", "on": "2022-07-16", "organizer": "b3", "attendees": ["m-hl1", "m-bh1"]}}, E("RULE_VIOLATED", "x"))
tex(sj_hl, "2022-07-16T18:05:00+08:00", {"type": "recordStudySession", "session": {"id": "st-3", "topic": "policy", "title": "学习乡村振兴政策", "on": "2022-07-16", "organizer": "b3", "attendees": ["m-hl1"]}})
tex(sj_bh, "2022-07-02T09:00:00+08:00", {"type": "makePledge", "pledge": {"id": "pl-1", "member": "m-bh1", "text": "联系户矛盾纠纷不出村", "due": "2022-09-30"}})
tex(sj_bh, "2022-07-02T09:01:00+08:00", {"type": "makePledge", "pledge": {"id": "pl-2", "member": "m-bh2", "text": "带动5户发展庭院经济", "due": "2022-08-31"}})
tex(sj_hl, "2022-07-02T09:02:00+08:00", {"type": "makePledge", "pledge": {"id": "pl-3", "member": "gw1", "text": "参与反诈宣传", "due": "2022-08-31"}}, E("OUT_OF_SCOPE"))
tex(sj_bh, "2022-08-20T16:00:00+08:00", {"type": "fulfilPledge", "pledge": "pl-1", "done": "调解联系户纠纷2起"})
tex(sj_bh, "2022-08-20T16:01:00+08:00", {"type": "verifyPledge", "pledge": "pl-1", "passed": True, "note": "自评"}, E("PERMISSION_DENIED", "x"))
tex(cadre, "2022-08-22T10:00:00+08:00", {"type": "verifyPledge", "pledge": "pl-1", "passed": True, "note": "经群众评议，践诺到位"})
tex(sj_bh, "2022-07-20T18:00:00+08:00", {"type": "recordVolunteerActivity", "activity": {"id": "va-1", "title": "反电诈宣传进村组", "on": "2022-07-20", "organizer": "b2", "place": "villageCommunity", "theme": "telecomFraud", "participants": [{"person": "m-bh1", "hours": 3}, {"person": "m-bh2", "hours": 2.5}]}})
tex(sj_hl, "2022-07-22T18:00:00+08:00", {"type": "recordVolunteerActivity", "activity": {"id": "va-2", "title": "禁毒宣传进学校", "on": "2022-07-22", "organizer": "b3", "place": "schoolHospital", "theme": "drugs", "participants": [{"person": "m-hl1", "hours": 2}]}})
tex(sj_hl, "2022-07-23T18:00:00+08:00", {"type": "recordVolunteerActivity", "activity": {"id": "va-3", "title": "移风易俗宣讲", "on": "2022-07-23", "organizer": "b3", "place": "villageCommunity", "theme": "civilization", "participants": [{"person": "m-hl1", "hours": 1.2}]}}, E("INVALID_FIELD"))
tq("2022-09-05T09:00:00+08:00", admin, {"type": "studyAttendance", "from": "2022-06-01", "to": "2022-09-30"})
tq("2022-09-05T09:00:00+08:00", admin, {"type": "pledges", "at": "2022-09-05T09:00:00+08:00"})
tq("2022-09-05T09:00:00+08:00", admin, {"type": "volunteerHours", "from": "2022-06-01", "to": "2022-09-30"})
for _, _, step in sorted(timed, key=lambda t: (t[0], t[1])):
    if step[0] == "ex":
        ex(*step[1:])
    else:
        q(*step[1:])
sc = {"name": "review and rectification", "description": "The election look-back (换届“回头看”) of every village and community of a small sub-district: the five questions, the secretary, talks, a democratic evaluation, home visits, documents, the six structural findings, conclusions; refusals (a second open review, a rating off the scale, ballots that do not add up, recording in a concluded review, a report before every unit is reviewed); talks masked for a grid worker; the special report rendered and submitted with its digest. Weak-and-lax determination from department feedback and a versioned rubric, two organizations proposed and confirmed by the district; their rectification ledgers worked to ready for acceptance (refused: a measure answering another village's problem, ready with measures open, ending a pairing that must stay, work by someone else's cadre, a measure verified by its owner, a measure added once ready), the ledgers masked for grid workers; study sessions, pledges and volunteer hours (refused: an attendee of another village, a pledge out of scope, a pledge verified by whoever fulfilled it, hours not in half hours).", "steps": steps, "expectHead": {}}
json.dump(sc, open('tests/scenarios/06-review-rectification.json', 'w'), ensure_ascii=False, indent=2)
