import json
src=json.load(open('tests/scenarios/09-rules-and-transitions.json'))
config=src['steps'][0]['execute']['command']
SUB="430171004000"; COM="430171004001"; DIST="430171000000"
def A(role, scope, id=None): return {"id": id or f"{role}@{scope}", "role": role, "scope": scope}
admin=A("administrator",SUB); cadre=A("subdistrictCadre",SUB); ccad=A("communityCadre",COM,"cc-1")
gw=A("gridWorker",COM); insp=A("inspector",DIST,"district-inspector")
office=A("handler",SUB,"office-1"); lead=A("handler",SUB,"wg-lead"); police=A("handler",DIST,"police-1")
stranger=A("handler",DIST,"traffic-1")
steps=[]; n=[0]
def ex(actor, at, cmd, expect=None):
    n[0]+=1
    s={"execute":{"actor":actor,"at":at,"command":cmd,"commandId":f"cmd-{n[0]:03d}","schemaVersion":2}}
    if expect: s["expect"]=expect
    steps.append(s)
def q(actor, query, expect=None):
    s={"query":{"actor":actor,"query":query,"schemaVersion":2}}
    if expect: s["expect"]=expect
    steps.append(s)
E=lambda code, rule=None: {"error":({"code":code,"rule":rule} if rule else {"code":code})}
ex(admin,"2022-04-13T09:00:00+08:00",config)
ex(admin,"2022-04-13T09:01:00+08:00",{"type":"registerOrgUnit","code":COM,"level":"community","name":"东方红社区"})
ex(admin,"2022-04-13T09:02:00+08:00",{"type":"registerPerson","id":"gw1","name":"赵六","unit":COM,"politicalStatus":"masses","helperRoles":["gridWorker"]})
ex(admin,"2022-04-13T09:03:00+08:00",{"type":"registerHousehold","id":"h1","address":"东方红社区1栋101","unit":COM})
ex(admin,"2022-04-13T09:04:00+08:00",{"type":"registerHousehold","id":"h2","address":"东方红社区2栋202","unit":COM})
ex(admin,"2022-04-13T09:05:00+08:00",{"type":"registerPerson","id":"kp1","name":"钱八","unit":COM,"politicalStatus":"masses"})
ex(admin,"2022-04-13T09:06:00+08:00",{"type":"tagKeyPerson","person":"kp1","tag":"priorOffence"})
ex(gw,"2022-04-14T10:00:00+08:00",{"type":"recordVisit","visit":{"id":"v1","household":"h1","visitors":[{"person":"gw1","role":"gridWorker"}],
   "visitedAt":"2022-04-14T09:30:00+08:00","outcome":"met","findings":[{"id":"f1","category":"other","description":"1栋楼道路灯损坏，老人夜间摔倒"}],"demands":["尽快修好楼道路灯"]}})
ex(gw,"2022-04-14T11:00:00+08:00",{"type":"recordVisit","visit":{"id":"v2","household":"h2","visitors":[{"person":"gw1","role":"gridWorker"}],
   "visitedAt":"2022-04-14T10:40:00+08:00","outcome":"met","findings":[{"id":"f2","category":"telecomFraud","description":"多名老人接到冒充公检法的诈骗电话"}]}})
# Targets: a sub-district office, a district department, the community committee, a special work group.
ex(admin,"2022-04-25T09:00:00+08:00",{"type":"setDispatchTarget","target":{"id":"t-office","kind":"subdistrictOffice","name":"街道城管办","level":"subdistrict","unit":SUB,"handlers":["office-1"]}})
ex(admin,"2022-04-25T09:01:00+08:00",{"type":"setDispatchTarget","target":{"id":"t-police","kind":"department","name":"高新区公安分局","level":"district","unit":DIST,"handlers":["police-1"]}})
ex(admin,"2022-04-25T09:02:00+08:00",{"type":"setDispatchTarget","target":{"id":"t-committee","kind":"villageCommittee","name":"东方红社区居委会","level":"village","unit":COM,"handlers":["cc-1"]}})
ex(admin,"2022-04-25T09:03:00+08:00",{"type":"setDispatchTarget","target":{"id":"wg-fraud","kind":"workGroup","name":"反电诈专项工作组","level":"subdistrict","unit":SUB,"leader":"wg-lead","members":["街道政法委员","派出所副所长","社区民警"]}})
# Collect: the sub-district's analysis turns the findings (and a demand) into problems, all at once.
ex(cadre,"2022-04-26T09:00:00+08:00",{"type":"reportProblems","problems":[
  {"id":"p1","unit":COM,"category":"safetyHazards","severity":"moderate","urgent":True,"household":"h1","description":"1栋楼道路灯损坏，老人夜间摔倒",
   "sources":[{"kind":"finding","reference":"f1"},{"kind":"demand","reference":"v1","item":0}]},
  {"id":"p2","unit":COM,"category":"telecomFraud","severity":"serious","household":"h2","description":"多名老人接到冒充公检法的诈骗电话",
   "evidence":[{"id":"file-0001","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
   "sources":[{"kind":"finding","reference":"f2"},{"kind":"hotline","reference":"12345-20220425-0113"}]}]})
ex(cadre,"2022-04-26T09:05:00+08:00",{"type":"reportProblems","problems":[
  {"id":"p3","unit":COM,"category":"other","severity":"minor","description":"路灯","sources":[{"kind":"finding","reference":"f1"}]}]},E("RULE_VIOLATED","x"))
q(gw,{"type":"problems"})
ex(cadre,"2022-04-26T10:00:00+08:00",{"type":"establishProblemList","unit":COM,"problems":["p1","p2"]})
# Immediate fix (立行立改) of the urgent p1 by the community cadre, still verified.
ex(ccad,"2022-04-26T15:00:00+08:00",{"type":"fixImmediately","problem":"p1","done":"当天更换1栋全部楼道灯"})
ex(cadre,"2022-04-27T09:30:00+08:00",{"type":"verifyProblem","problem":"p1","passed":True,"note":"现场查看灯已亮"})
ex(cadre,"2022-04-27T16:00:00+08:00",{"type":"closeProblem","problem":"p1","feedback":{"satisfied":True}})
# Discover: p2 is placed on file; dispatched over Labour Day (30 April to 4 May off, Saturday 7 May worked).
ex(cadre,"2022-04-27T09:00:00+08:00",{"type":"confirmProblem","problem":"p2"})
ex(cadre,"2022-04-27T09:10:00+08:00",{"type":"dispatchProblem","problem":"p2","target":"t-office","due":{"workingDays":5}})
ex(office,"2022-04-27T15:00:00+08:00",{"type":"returnProblem","problem":"p2","reason":"电信诈骗不属城管职责，请派反电诈专项工作组"})
ex(cadre,"2022-04-28T09:00:00+08:00",{"type":"dispatchProblem","problem":"p2","target":"wg-fraud","due":{"workingDays":5}})
ex(stranger,"2022-04-28T09:30:00+08:00",{"type":"acceptProblem","problem":"p2"},E("PERMISSION_DENIED","x"))
ex(lead,"2022-04-28T10:00:00+08:00",{"type":"acceptProblem","problem":"p2"})
ex(insp,"2022-04-28T11:00:00+08:00",{"type":"listSupervision","listing":{"id":"L1","problems":["p2"],"supervisor":"高新区政法委 王某","level":"district","deadline":"2022-05-31","cadenceWorkingDays":5}})
ex(lead,"2022-04-29T16:00:00+08:00",{"type":"recordProblemProgress","problem":"p2","note":"入户宣传反诈知识，请公安分局协查来电号码","coHandlers":["t-police"]})
ex(police,"2022-05-05T10:00:00+08:00",{"type":"recordProblemProgress","problem":"p2","note":"已协查号码并通报运营商封停"})
ex(lead,"2022-05-05T11:00:00+08:00",{"type":"reportSupervisionProgress","listing":"L1","note":"已入户宣传32户，号码已封停"})
ex(lead,"2022-05-06T09:00:00+08:00",{"type":"requestExtension","problem":"p2","until":"2022-05-13","reason":"需等待全部老人安装国家反诈中心APP"})
ex(A("subdistrictCadre",SUB,"cadre-2"),"2022-05-06T09:05:00+08:00",{"type":"decideExtension","problem":"p2","approved":True},E("PERMISSION_DENIED","x"))
ex(cadre,"2022-05-06T10:00:00+08:00",{"type":"decideExtension","problem":"p2","approved":True})
q(admin,{"type":"problemDeadlines","at":"2022-05-10T09:00:00+08:00"})
q(admin,{"type":"keyPersonsWithoutCare","from":"2022-05-01","to":"2022-05-31"})
ex(ccad,"2022-05-10T11:00:00+08:00",{"type":"recordKeyPersonCare","person":"kp1","kind":"employmentHelp","on":"2022-05-09","note":"推荐到园区物业公司就业"})
q(admin,{"type":"keyPersonsWithoutCare","from":"2022-05-01","to":"2022-05-31"})
q(gw,{"type":"keyPersonCare","person":"kp1"},E("PERMISSION_DENIED"))
ex(lead,"2022-05-10T17:00:00+08:00",{"type":"reportProblemDone","problem":"p2","done":"32户老人均已安装国家反诈中心APP并完成宣传"})
ex(lead,"2022-05-10T17:10:00+08:00",{"type":"verifyProblem","problem":"p2","passed":True,"note":"自查合格"},E("PERMISSION_DENIED"))
ex(admin,"2022-05-11T10:00:00+08:00",{"type":"verifyProblem","problem":"p2","passed":False,"note":"抽查2栋3户未安装","due":{"workingDays":2}})
ex(admin,"2022-05-11T10:05:00+08:00",{"type":"closeProblem","problem":"p2","feedback":{"satisfied":True}},E("INVALID_TRANSITION","x"))
ex(lead,"2022-05-12T16:00:00+08:00",{"type":"recordProblemProgress","problem":"p2","note":"补装3户并回访"})
ex(lead,"2022-05-12T17:00:00+08:00",{"type":"reportProblemDone","problem":"p2","done":"已补装3户，全部35户完成"})
ex(insp,"2022-05-13T09:00:00+08:00",{"type":"delistSupervision","listing":"L1"},E("RULE_VIOLATED","x"))
ex(cadre,"2022-05-13T10:00:00+08:00",{"type":"verifyProblem","problem":"p2","passed":True,"note":"逐户回访核实"})
ex(insp,"2022-05-13T11:00:00+08:00",{"type":"delistSupervision","listing":"L1"})
ex(cadre,"2022-05-16T09:00:00+08:00",{"type":"closeProblem","problem":"p2","feedback":{"satisfied":True,"note":"老人们说心里踏实了"}})
ex(cadre,"2022-05-16T09:05:00+08:00",{"type":"dispatchProblem","problem":"p2","target":"t-police","due":{"workingDays":5}},E("INVALID_TRANSITION","x"))
q(admin,{"type":"problem","id":"p2"})
q(gw,{"type":"problem","id":"p2"})
q(stranger,{"type":"problem","id":"p2"},E("NOT_FOUND"))
q(admin,{"type":"problemSummary","at":"2022-05-16T18:00:00+08:00"})
q(insp,{"type":"supervisions","at":"2022-05-16T18:00:00+08:00","includeDelisted":True})
q(admin,{"type":"workingCalendar","year":2022})
q(admin,{"type":"establishedProblemLists"})
q(admin,{"type":"open311Requests"})
q(insp,{"type":"hotspots"})
# keep chronological order of commands where the p1 steps were written after p2's for readability
sc={"name":"problem-handling loop","description":"Survey findings become problems (one command, all or nothing); a problem is dispatched to the wrong office and returned, re-dispatched to a special work group, handled together with the district police, listed for supervision, extended, fails a verification, passes, is delisted and closed with the resident's feedback; an urgent one is fixed at once and verified. Refusals by state (INVALID_TRANSITION) and by rule, each with its stable identifier; due dates in working days over the 2022 Labour Day holiday.","steps":steps,"expectHead":{}}
json.dump(sc,open('tests/scenarios/05-problems.json','w'),ensure_ascii=False,indent=2)
