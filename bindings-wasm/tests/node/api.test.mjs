// The wasm door end to end, against the built package (bindings-wasm/pkg/node, made by
// scripts/test-wasm.sh): version, a campaign, commands, errors as real Error objects, garbage input.
// Run: node --test bindings-wasm/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Campaign, version } = require('../pkg/node/grassroots_wasm.js');

const office = { id: 'office', role: 'administrator', scope: '430171004000' };
const village = { id: 'village', role: 'administrator', scope: '430171004201' };

const openCampaign = {
  schemaVersion: 1,
  commandId: 'c-1',
  actor: office,
  at: '2022-04-13T09:00:00+08:00',
  command: {
    type: 'openCampaign',
    config: {
      title: '开展基层党组织整建提质专项行动',
      theme: '强组织、善治理、增活力',
      city: { code: '430100000000', name: '长沙市' },
      district: { code: '430171000000', name: '长沙高新区' },
      subdistrict: { code: '430171004000', name: '东方红街道' },
      start: '2022-04-01',
      end: '2022-11-30',
      phases: [{ phase: 'survey', start: '2022-04-13', due: '2022-04-30' }],
    },
  },
};

const registerCommunity = (commandId, actor, code, name) => ({
  schemaVersion: 1,
  commandId,
  actor,
  at: '2022-04-14T09:00:00+08:00',
  command: { type: 'registerOrgUnit', code, level: 'community', name },
});

const head = { schemaVersion: 1, actor: office, query: { type: 'head' } };

/** A campaign that is open and has one community. */
function openedCampaign() {
  const campaign = new Campaign();
  campaign.execute(openCampaign);
  campaign.execute(registerCommunity('c-2', office, '430171004001', '东方红社区'));
  return campaign;
}

test('version() is the version in Cargo.toml', () => {
  const manifest = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  const workspacePackage = manifest.split('[workspace.package]')[1];
  const cargoVersion = workspacePackage.match(/^version\s*=\s*"([^"]+)"/m)[1];
  assert.equal(version(), cargoVersion);
});

test('commands go in and records come out as plain objects', () => {
  const campaign = new Campaign();
  try {
    const opened = campaign.execute(openCampaign);
    assert.equal(opened.schemaVersion, 1);
    assert.equal(opened.retried, false);
    assert.equal(opened.records[0].event.type, 'campaignOpened');

    const registered = campaign.execute(registerCommunity('c-2', office, '430171004001', '东方红社区'));
    assert.equal(registered.records.length, 1);
    assert.equal(registered.records[0].event.type, 'orgUnitRegistered');

    const answer = campaign.query(head);
    assert.equal(answer.result.head.seq, 2);
  } finally {
    campaign.free();
  }
});

test('a refused command throws a GrassrootsError with the stable code', () => {
  const campaign = openedCampaign();
  try {
    assert.throws(
      () => campaign.execute(registerCommunity('c-3', village, '430171004002', '麓谷社区')),
      (error) => {
        assert.ok(error instanceof Error, 'a real Error, not a bare value');
        assert.equal(error.name, 'GrassrootsError');
        assert.equal(error.code, 'OUT_OF_SCOPE');
        assert.equal(error.codeNumber, 10);
        assert.ok(error.message.length > 0);
        assert.equal(typeof error.stack, 'string');
        return true;
      },
    );
    // Nothing changed.
    assert.equal(campaign.query(head).result.head.seq, 2);
  } finally {
    campaign.free();
  }
});

test('garbage input throws MALFORMED_INPUT and the campaign still works', () => {
  const campaign = openedCampaign();
  const cyclic = { schemaVersion: 1 };
  cyclic.self = cyclic;
  const throwingToJson = { toJSON() { throw new Error('no'); } };
  const loneSurrogate = { ...openCampaign, commandId: '\ud800' };
  const garbage = [
    42, undefined, null, 'a string', [], {}, cyclic, 10n, () => 1, Symbol('s'), throwingToJson, loneSurrogate,
    { schemaVersion: 1 },
  ];
  try {
    for (const input of garbage) {
      for (const call of [(x) => campaign.execute(x), (x) => campaign.query(x)]) {
        assert.throws(
          () => call(input),
          (error) => {
            assert.ok(error instanceof Error);
            assert.equal(error.name, 'GrassrootsError');
            assert.equal(error.code, 'MALFORMED_INPUT');
            assert.equal(error.codeNumber, 1);
            return true;
          },
          `input ${typeof input}`,
        );
      }
    }
    const more = campaign.execute(registerCommunity('c-4', office, '430171004002', '麓谷社区'));
    assert.equal(more.records[0].event.type, 'orgUnitRegistered');
    assert.equal(campaign.query(head).result.head.seq, 3);
  } finally {
    campaign.free();
  }
});

test('an unsupported schema version names its field', () => {
  const campaign = new Campaign();
  try {
    assert.throws(
      () => campaign.execute({ ...openCampaign, schemaVersion: 99 }),
      (error) => error.code === 'UNSUPPORTED_SCHEMA_VERSION' && error.field === 'schemaVersion',
    );
  } finally {
    campaign.free();
  }
});

test('free() releases the campaign; using it afterwards throws, it does not trap', () => {
  const campaign = new Campaign();
  campaign.free();
  assert.throws(() => campaign.query(head), Error);
});
