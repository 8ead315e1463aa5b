// The reports through the package (issue #18): the whole-plan scenario (tests/scenarios/
// 08-campaign-2022.json) played into a campaign, each of the eight reports asked as the office, and
// its figures checked against a recount over the records the package handed out — JavaScript that
// knows only the record format, not the library's types. Also: the header traces the report to
// the log, Chinese and English, CSV, and XLSX refused (the npm package is built without it).
// Run: bash scripts/test-wasm.sh (it builds and installs the package `grassroots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Campaign, rollUp } from 'grassroots';

const scenario = JSON.parse(readFileSync(new URL('../../../tests/scenarios/08-campaign-2022.json', import.meta.url), 'utf8'));
const office = { id: 'ldxz-office', role: 'administrator', scope: '430104017000' };
const at = '2022-11-30T18:00:00+08:00';

const campaign = new Campaign();
for (const step of scenario.steps) {
  if (step.execute !== undefined) {
    try {
      campaign.execute(step.execute);
    } catch (error) {
      if (error?.name !== 'GrassrootsError') throw error; // the scenario's refused steps are expected
    }
  }
}
const events = campaign.recordsSince(0).map((r) => r.event);
const ofType = (type) => events.filter((e) => e.type === type);

/** Asks a report; the answer's `result` (type `report`). */
function report(report, extra = {}) {
  const answer = campaign.query({ schemaVersion: 1, actor: office, query: { type: 'report', report, at, ...extra } });
  assert.equal(answer.result.type, 'report');
  return answer.result;
}

test('coverage: households, covered, attempted only and not tried per unit are a recount of the events', () => {
  const unitOf = new Map();
  for (const e of events) {
    if (e.type === 'householdRegistered') unitOf.set(e.household.id, e.household.unit);
    if (e.type === 'householdMoved') unitOf.set(e.household, e.unit);
  }
  const covered = new Set();
  const tried = new Set();
  for (const e of ofType('visitRecorded')) {
    tried.add(e.visit.household);
    if (['met', 'vacant', 'duplicate'].includes(e.visit.outcome)) covered.add(e.visit.household);
  }
  const r = report('coverage');
  assert.equal(r.body.report, 'coverage');
  assert.ok(r.body.coverage.units.length > 0);
  for (const line of r.body.coverage.units) {
    const ids = [...unitOf].filter(([, u]) => u === line.unit).map(([h]) => h);
    assert.deepEqual(line.counts, {
      households: ids.length,
      covered: ids.filter((h) => covered.has(h)).length,
      attemptedOnly: ids.filter((h) => tried.has(h) && !covered.has(h)).length,
      notTried: ids.filter((h) => !tried.has(h)).length,
    }, line.unit);
  }
  assert.equal(r.body.coverage.total.households, unitOf.size);
});

test('problem list: findings by unit and category, problems reported and closed, are a recount', () => {
  const unitOf = new Map(ofType('householdRegistered').map((e) => [e.household.id, e.household.unit]));
  const findings = new Map();
  for (const e of ofType('visitRecorded')) {
    for (const f of e.visit.findings ?? []) {
      const key = `${unitOf.get(e.visit.household)}/${f.category}`;
      findings.set(key, (findings.get(key) ?? 0) + 1);
    }
  }
  const problemUnit = new Map(ofType('problemsReported').flatMap((e) => e.problems.map((p) => [p.id, p.unit])));
  const r = report('problemList');
  const counted = new Map();
  for (const line of r.body.findings.units) {
    for (const c of line.categories) counted.set(`${line.unit}/${c.category}`, c.count);
  }
  assert.deepEqual(new Map([...counted].sort()), new Map([...findings].sort()));
  assert.equal(r.body.handling.total.reported, problemUnit.size);
  const closed = ofType('problemClosed').length;
  assert.equal(r.body.handling.total.closed, closed);
});

test('special report, weak-and-lax list and ledgers are a recount of the events', () => {
  const reviewUnit = new Map(ofType('reviewOpened').map((e) => [e.id, e.unit]));
  const concluded = new Set(ofType('reviewConcluded').map((e) => reviewUnit.get(e.review)));
  const special = report('specialReport');
  assert.deepEqual(new Set(special.body.special.report.units.map((u) => u.unit)), concluded);

  const decided = new Map();
  for (const e of ofType('weakAndLaxDecided')) decided.set(e.organization, e.decision.propose);
  const list = report('weakAndLaxList');
  assert.deepEqual(new Map(list.body.list.decisions.map((d) => [d.organization, d.propose])), decided);
  assert.equal(list.body.list.submissions.length, ofType('weakAndLaxListSubmitted').length);

  const measures = new Map();
  for (const e of ofType('measureAdded')) measures.set(e.organization, (measures.get(e.organization) ?? 0) + 1);
  const ledgers = report('ledgers');
  assert.ok(measures.size > 0);
  for (const [organization, n] of measures) {
    assert.equal(ledgers.body.ledgers.find((l) => l.organization === organization).progress.measures, n, organization);
  }
});

test('acceptance: the funnel is a recount of the judgements', () => {
  const latest = new Map(); // organization -> { round, tiers }
  const failed = {};
  for (const e of ofType('acceptanceJudged')) {
    const seen = latest.get(e.organization);
    if (seen === undefined || e.round > seen.round) latest.set(e.organization, { round: e.round, tiers: {} });
    if (e.round === latest.get(e.organization).round) latest.get(e.organization).tiers[e.tier] = e.passed;
    if (!e.passed) failed[e.tier] = (failed[e.tier] ?? 0) + 1;
  }
  const passed = {};
  for (const { tiers } of latest.values()) {
    for (const [tier, ok] of Object.entries(tiers)) passed[tier] = (passed[tier] ?? 0) + (ok ? 1 : 0);
  }
  const r = report('acceptance');
  assert.ok(r.body.funnel.accepted > 0);
  assert.equal(r.body.funnel.accepted, passed.cityVerification ?? 0);
  for (const t of r.body.funnel.tiers) {
    assert.equal(t.passed, passed[t.tier] ?? 0, `${t.tier} passed`);
    assert.equal(t.failed, failed[t.tier] ?? 0, `${t.tier} failed`);
  }
});

test('notices and timetable are a recount of the events', () => {
  const notices = report('notices');
  assert.deepEqual(notices.body.notices.map((n) => n.notice.id), ofType('noticeIssued').map((e) => e.notice.id));
  const completed = new Set();
  for (const e of events) {
    if (e.type === 'scheduleItemCompleted') completed.add(e.id);
    if (e.type === 'scheduleItemReopened') completed.delete(e.id);
  }
  const timetable = report('timetable');
  assert.equal(timetable.body.timetable.items.length, ofType('scheduleItemAdded').length);
  assert.deepEqual(
    new Set(timetable.body.timetable.items.filter((l) => l.status === 'completed').map((l) => l.item.id)),
    completed,
  );
});

test('a report traces to the log, in Chinese and English, as Markdown and CSV; no XLSX in the package', () => {
  const zh = report('coverage');
  const head = campaign.head();
  assert.deepEqual(zh.header.head, head);
  assert.equal(zh.header.title, '敲门行动覆盖情况（不漏一户）');
  assert.ok(zh.rendered.includes(`seq #${head.seq} · 哈希 ${head.hash}`), zh.rendered);
  const en = report('coverage', { language: 'en' });
  assert.ok(en.rendered.startsWith('# Door-knock survey coverage\n'), en.rendered);
  assert.deepEqual(en.body, zh.body);
  const csv = report('coverage', { language: 'en', format: 'csv' });
  assert.equal(csv.mediaType, 'text/csv; charset=utf-8');
  assert.equal(csv.rendered.split('\n')[0], 'Village or community,Code,Households,Covered,Coverage,"Visited, not met",Not visited');
  assert.throws(
    () => report('coverage', { format: 'xlsx' }),
    (e) => e.code === 'INVALID_FIELD' && e.field === 'query.format',
  );
  assert.throws(() => report('timetable', { unit: '430104017001' }), (e) => e.code === 'INVALID_FIELD' && e.field === 'query.unit');
});

test('pictures: the same SVG bytes as the Rust library draws (tests/images/scenario-08-*.svg)', () => {
  const pictures = [
    ['micro-grid-map', 'microGridMap', '430104017001'],
    ['coverage', 'coverage'],
    ['overdue-problems', 'overdueProblems'],
    ['acceptance-funnel', 'acceptanceFunnel'],
    ['timetable', 'timetable'],
  ];
  for (const [name, picture, unit] of pictures) {
    const query = { type: 'picture', picture, at, ...(unit ? { unit } : {}) };
    const answer = campaign.query({ schemaVersion: 1, actor: office, query });
    const committed = readFileSync(new URL(`../../../tests/images/scenario-08-${name}.svg`, import.meta.url), 'utf8');
    assert.equal(answer.result.type, 'picture');
    assert.ok(answer.result.svg === committed, `${name}: the package draws other bytes than the Rust library`);
    assert.deepEqual(answer.result.header.head, campaign.head());
  }
});

test('roll-ups: two sub-districts merge in any order to their sum; one twice is refused', () => {
  // The same plan in another sub-district: its codes moved from 430104017 to 430104101.
  const moved = JSON.parse(JSON.stringify(scenario).replaceAll('430104017', '430104101'));
  const other = new Campaign();
  try {
    for (const step of moved.steps) {
      if (step.execute === undefined) continue;
      try {
        other.execute(step.execute);
      } catch (error) {
        if (error?.name !== 'GrassrootsError') throw error;
      }
    }
    const ask = (c, scope) =>
      c.query({ schemaVersion: 1, actor: { ...office, scope }, query: { type: 'rollup', at } }).result.summary;
    const a = ask(campaign, '430104017000');
    const b = ask(other, '430104101000');
    const ab = rollUp([a, b]);
    assert.deepEqual(rollUp([b, a]), ab);
    assert.deepEqual(ab.subdistricts, ['430104017000', '430104101000']);
    assert.ok(a.coverage.households > 0);
    assert.equal(ab.coverage.households, a.coverage.households + b.coverage.households);
    assert.deepEqual(rollUp([ab]), ab);
    assert.throws(() => rollUp([a, b, a]), (e) => e.code === 'INVALID_FIELD' && e.field.startsWith('summaries[2].subdistricts'));
  } finally {
    other.free();
  }
});
