// What a host hits first, through the npm package: records as JSON lines and one at a time,
// replayed from the stored text; releasing the records it stored; the reference questionnaire; a
// moment without its offset; a lone surrogate; a freed campaign.
// Run: bash scripts/test-wasm.sh (it builds and installs the package `grassroots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Campaign, referenceQuestionnaire, isGrassrootsError } from 'grassroots';

const office = { id: 'office', role: 'administrator', scope: '430104017000' };
let ids = 1;
const envelope = (command, at = '2022-04-13T10:00:00+08:00') => ({
  schemaVersion: 1, commandId: `h-${ids++}`, actor: office, at, command,
});
const open = () => Campaign.open(envelope({
  type: 'openCampaign',
  config: {
    title: '开展基层党组织整建提质专项行动', theme: '强组织、善治理、增活力',
    city: { code: '430100000000', name: '长沙市' },
    district: { code: '430104000000', name: '岳麓区' },
    subdistrict: { code: '430104017000', name: '东方红街道' },
    start: '2022-04-01', end: '2022-11-30',
    phases: [{ phase: 'survey', start: '2022-04-13', due: '2022-04-30' }],
  },
}, '2022-04-13T09:00:00+08:00'));
const unit = (code, name) => ({ type: 'registerOrgUnit', code, level: 'community', name });

/** The error `fn` throws (asserting it throws a GrassrootsError). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(isGrassrootsError(error), `${error}`);
    return error;
  }
  assert.fail('expected a GrassrootsError');
}

test('records come as JSON lines and one at a time, and replay from the stored text', () => {
  const campaign = open();
  campaign.execute(envelope(unit('430104017001', '龙虎岭社区')));
  campaign.execute(envelope(unit('430104017013', '尖山湖社区')));
  const lines = campaign.recordsSinceLines(0);
  assert.equal(lines.split('\n').length, 4); // three lines and the empty string after the last
  assert.ok(lines.endsWith('\n'));
  assert.equal(campaign.record(2), lines.split('\n')[1]);
  assert.deepEqual(JSON.parse(campaign.record(3)), campaign.recordsSince(2)[0]);
  assert.equal(campaign.recordsSinceLines(3), '');
  // Rows stored one by one, joined by newlines: the same campaign.
  const rows = [1, 2, 3].map((seq) => campaign.record(seq));
  const replayed = Campaign.replay(rows.join('\n'));
  assert.deepEqual(replayed.head(), campaign.head());
  const fromArrayText = Campaign.replay(JSON.stringify(campaign.recordsSince(0)));
  assert.deepEqual(fromArrayText.head(), campaign.head());
  // Text saved by a Windows editor starts with a byte-order mark: skipped.
  const withBom = Campaign.replay(`\ufeff${lines}`);
  assert.deepEqual(withBom.head(), campaign.head());
  const missing = thrown(() => campaign.record(4));
  assert.equal(missing.code, 'NOT_FOUND');
  assert.match(missing.message, /record 4 is not held/);
  assert.equal(thrown(() => campaign.record(1.5)).code, 'MALFORMED_INPUT');
});

test('releasing stored records bounds memory and the campaign goes on', () => {
  const campaign = open();
  campaign.execute(envelope(unit('430104017001', '龙虎岭社区')));
  for (let i = 0; i < 5000; i++) {
    campaign.execute(envelope({ type: 'registerHousehold', id: `h${i}`, address: `${i}号`, unit: '430104017001' }));
  }
  const head = campaign.head();
  campaign.releaseRecordsThrough(4500);
  assert.equal(thrown(() => campaign.record(1)).code, 'NOT_FOUND');
  assert.ok(campaign.record(4800).length > 0);
  assert.deepEqual(campaign.head(), head);
  campaign.execute(envelope({ type: 'registerHousehold', id: 'h-last', address: 'x号', unit: '430104017001' }));
  assert.equal(thrown(() => campaign.releaseRecordsThrough(-1)).code, 'MALFORMED_INPUT');
});

test('the reference questionnaire is a command the host sends as it is', () => {
  const campaign = open();
  const command = referenceQuestionnaire();
  assert.equal(command.type, 'importQuestionnaire');
  assert.equal(command.id, 'door-knock');
  assert.match(command.survey, /^type,name,label/m);
  const done = campaign.execute(envelope(command));
  assert.equal(done.records[0].event.type, 'questionnaireRegistered');
});

test('a moment without its offset and a lone surrogate are named as such', () => {
  const campaign = open();
  const naive = thrown(() => campaign.execute(envelope(unit('430104017001', '龙虎岭社区'), '2022-04-13T10:00:00')));
  assert.equal(naive.code, 'MALFORMED_INPUT');
  assert.equal(naive.field, 'at');
  assert.match(naive.message, /UTC offset, e\.g\. 2022-04-13T09:00:00\+08:00/);
  const lone = thrown(() => campaign.execute(envelope(unit('430104017001', '龙虎岭\ud800社区'))));
  assert.equal(lone.code, 'MALFORMED_INPUT');
  assert.match(lone.message, /lone UTF-16 surrogate/);
  assert.equal(campaign.head().seq, 1);
});

test('a freed campaign says it was freed', () => {
  const campaign = open();
  campaign.free();
  for (const call of [() => campaign.head(), () => campaign.recordsSince(0), () => campaign.execute(envelope(unit('430104017001', 'x')))]) {
    const error = thrown(call);
    assert.equal(error.code, 'CAMPAIGN_FREED');
    assert.match(error.message, /this Campaign was freed/);
  }
  // Disposal (what a `using` block does at its end) frees it the same way.
  const scoped = open();
  scoped[Symbol.dispose]();
  assert.equal(thrown(() => scoped.head()).code, 'CAMPAIGN_FREED');
});

test('Node 20.19+ can require() the package', async () => {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12)) return;
  const { createRequire } = await import('node:module');
  const required = createRequire(import.meta.url)('grassroots');
  assert.equal(typeof required.Campaign, 'function');
  assert.equal(typeof required.referenceQuestionnaire, 'function');
});
