// Signed checkpoints through the JS door (issue #15), for both families — Ed25519 over a SHA-256
// chain and SM2 over an SM3 chain: the office signs the head, the host stores the records and a
// signed snapshot, and replay and restore hold them to the keys it trusts. A forger who knows the
// algorithm (it recomputes the chain with node:crypto, as anyone could) is refused: an edited record,
// rewritten actors, an injected event, a dropped tail, stripped checkpoints, a log re-signed with the
// forger's own key, a forged snapshot, a wrong key.
// Run: bash scripts/test-wasm.sh (it builds and installs the package `grassroots`).
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Campaign, publicKey } from 'grassroots';

const office = { id: 'office', role: 'administrator', scope: '430171004000' };
const COMMUNITY = '430171004001';
const FAMILIES = [
  { logHash: 'sha256', algorithm: 'ed25519', publicKeyHexDigits: 64 },
  { logHash: 'sm3', algorithm: 'sm2', publicKeyHexDigits: 130 },
];

const made = [];
const track = (campaign) => (made.push(campaign), campaign);
afterEach(() => {
  for (const campaign of made.splice(0)) campaign.free();
});

let ids = 1;
const envelope = (command, at = '2022-04-14T09:00:00+08:00') => ({
  schemaVersion: 1,
  commandId: `c-${ids++}`,
  actor: office,
  at,
  command,
});
const checkpointRequest = (at) => ({ schemaVersion: 1, commandId: `cp-${ids++}`, actor: office, at });
const household = (id) => ({ type: 'registerHousehold', id, unit: COMMUNITY, address: `东方红社区${id}号` });

/** A 32-byte secret key filled with `seed`. */
const secret = (seed) => new Uint8Array(32).fill(seed);
const keyOf = (algorithm, seed) => ({ algorithm, keyId: `office-${seed}` });
const trusted = (algorithm, seed) => ({ ...keyOf(algorithm, seed), publicKey: publicKey(algorithm, secret(seed)) });

/**
 * A campaign whose chain hashes with `logHash`, checkpointed after its first commands and at its
 * head: [campaign, records] (7 records; checkpoints at seq 4 and 7).
 */
function signedLog({ logHash, algorithm }, seed = 7) {
  const campaign = track(
    Campaign.open({
      ...envelope({
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
          logHash,
        },
      }),
    }),
  );
  campaign.execute(envelope({ type: 'registerOrgUnit', code: COMMUNITY, level: 'community', name: '东方红社区' }));
  campaign.execute(envelope(household('h1')));
  campaign.signCheckpoint(checkpointRequest('2022-04-14T18:00:00+08:00'), keyOf(algorithm, seed), secret(seed));
  campaign.execute(envelope(household('h2')));
  campaign.execute(envelope(household('h3')));
  campaign.signCheckpoint(checkpointRequest('2022-04-15T18:00:00+08:00'), keyOf(algorithm, seed), secret(seed));
  return [campaign, campaign.recordsSince(0)];
}

/** The value with the keys of every object in sorted order (UTF-16 code units, as RFC 8785 sorts). */
const sortedKeys = (value) =>
  Array.isArray(value)
    ? value.map(sortedKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys(value[key])]))
      : value;

/**
 * Recomputes every hash from the first record on, as a forger would: a record's hash is the chain's
 * hash of its JSON without `hash` — from schema version 2 on its canonical form (RFC 8785: keys
 * sorted, numbers as `JSON.stringify` writes them), before that its compact JSON in the order the
 * library wrote it.
 */
function rechain(records, logHash) {
  let prev = '0'.repeat(64);
  return records.map((record) => {
    const { hash, ...body } = record;
    const linked = { ...body, prevHash: prev };
    const text = JSON.stringify(record.schemaVersion >= 2 ? sortedKeys(linked) : linked);
    prev = createHash(logHash).update(text).digest('hex');
    return { ...linked, hash: prev };
  });
}

/** Asserts that `call` throws a GrassrootsError with `code` (and `seq`). */
function refused(call, code, seq) {
  assert.throws(call, (error) => {
    assert.equal(error.name, 'GrassrootsError');
    assert.equal(error.code, code, error.message);
    if (seq !== undefined) assert.equal(error.seq, seq, error.message);
    return true;
  });
}

const clone = (value) => structuredClone(value);

for (const family of FAMILIES) {
  const { logHash, algorithm } = family;

  test(`${algorithm}/${logHash}: a signed log replays and restores with its keys and continues`, () => {
    const [live, records] = signedLog(family);
    assert.equal(records.length, 7);
    assert.equal(records[3].event.type, 'checkpointSigned');
    assert.equal(records[3].event.algorithm, algorithm);
    assert.equal(records[3].event.publicKey.length, family.publicKeyHexDigits);
    // The forger's rechaining is the library's own: an untouched log rechains to the same hashes.
    assert.deepEqual(rechain(clone(records), logHash), records);

    const trust = { keys: [trusted(algorithm, 7)], requireSignedHead: true };
    const replayed = track(Campaign.replayTrusted(records, trust));
    assert.deepEqual(replayed.head(), live.head());

    const restored = track(Campaign.restoreTrusted(live.snapshotSigned(keyOf(algorithm, 7), secret(7)), trust));
    assert.deepEqual(restored.head(), live.head());
    const next = restored.execute(envelope(household('h4'), '2022-04-16T09:00:00+08:00'));
    assert.equal(next.records[0].seq, 8);
    assert.equal(next.records[0].prevHash, live.head().hash);
  });

  test(`${algorithm}/${logHash}: forged records, rewritten actors, injected events and a dropped tail are refused`, () => {
    const [, records] = signedLog(family);
    const trust = { keys: [trusted(algorithm, 7)], requireSignedHead: true };

    // A record edited and the chain recomputed: the checkpoint after it no longer verifies.
    const edited = clone(records);
    edited[2].event.household.address = '伪造的地址';
    refused(() => Campaign.replayTrusted(rechain(edited, logHash), trust), 'TAMPERED_LOG', 4);
    refused(() => Campaign.replay(rechain(edited, logHash)), 'TAMPERED_LOG', 4);
    // Not recomputed: the chain itself breaks at the edited record.
    refused(() => Campaign.replayTrusted(edited, trust), 'TAMPERED_LOG', 3);

    // Every actor rewritten.
    const actors = clone(records).map((r) => ({ ...r, actor: { ...r.actor, id: 'someone-else' } }));
    refused(() => Campaign.replayTrusted(rechain(actors, logHash), trust), 'TAMPERED_LOG', 4);

    // An event injected after the last checkpoint: the log no longer ends at one.
    const injected = clone(records);
    injected.push({ ...clone(records[5]), seq: 8, commandId: 'injected' });
    refused(() => Campaign.replayTrusted(rechain(injected, logHash), trust), 'UNTRUSTED_LOG', 8);

    // The tail dropped: the log ends after its last checkpoint.
    refused(() => Campaign.replayTrusted(records.slice(0, 6), trust), 'UNTRUSTED_LOG', 6);

    // Every checkpoint stripped and the chain recomputed.
    const stripped = clone(records)
      .filter((r) => r.event.type !== 'checkpointSigned')
      .map((r, i) => ({ ...r, seq: i + 1 }));
    refused(() => Campaign.replayTrusted(rechain(stripped, logHash), trust), 'UNTRUSTED_LOG', 5);
  });

  test(`${algorithm}/${logHash}: a log re-signed by another key and a wrong public key are refused`, () => {
    const [, records] = signedLog(family);
    // The forger signs with its own key: valid signatures, but not by a key the host trusts.
    const [, own] = signedLog(family, 9);
    refused(
      () => Campaign.replayTrusted(own, { keys: [trusted(algorithm, 7)], requireSignedHead: true }),
      'UNTRUSTED_LOG',
      4,
    );
    // The trusted key listed with another key's public key.
    const wrong = { ...trusted(algorithm, 7), publicKey: publicKey(algorithm, secret(8)) };
    refused(() => Campaign.replayTrusted(records, { keys: [wrong], requireSignedHead: true }), 'UNTRUSTED_LOG', 4);
    // A checkpoint whose public key was swapped for the trusted one does not verify.
    const swapped = clone(own);
    for (const r of swapped) if (r.event.type === 'checkpointSigned') r.event.publicKey = trusted(algorithm, 7).publicKey;
    refused(
      () => Campaign.replayTrusted(rechain(swapped, logHash), { keys: [trusted(algorithm, 7)] }),
      'TAMPERED_LOG',
      4,
    );
    // Bad keys are named.
    refused(() => publicKey(algorithm, new Uint8Array(31)), 'INVALID_FIELD');
    refused(() => publicKey('rsa', secret(7)), 'INVALID_FIELD');
  });

  test(`${algorithm}/${logHash}: forged and unsigned snapshots are refused`, () => {
    const [live] = signedLog(family);
    const trust = { keys: [trusted(algorithm, 7)], requireSignedHead: true };
    const signed = live.snapshotSigned(keyOf(algorithm, 7), secret(7));

    // Unsigned, or signed by a key the host does not trust.
    refused(() => Campaign.restoreTrusted(live.snapshot(), trust), 'UNTRUSTED_LOG');
    refused(() => Campaign.restoreTrusted(live.snapshotSigned(keyOf(algorithm, 8), secret(8)), trust), 'UNTRUSTED_LOG');

    // The head edited: its digest no longer covers it.
    const head = JSON.parse(signed);
    head.head.seq = Number.MAX_SAFE_INTEGER;
    refused(() => Campaign.restoreTrusted(JSON.stringify(head), trust), 'INVALID_SNAPSHOT');
    refused(() => Campaign.restore(JSON.stringify(head)), 'INVALID_SNAPSHOT');

    // The state edited and every digest recomputed: the signature no longer verifies.
    const forged = JSON.parse(signed);
    const digest = (text) => createHash(logHash).update(text).digest('hex');
    // The forger's digests are the library's own.
    assert.equal(digest(JSON.stringify(forged.state)), forged.stateDigest);
    const state = JSON.stringify(forged.state).replace('东方红社区h2号', '伪造的地址');
    assert.notEqual(state, JSON.stringify(forged.state));
    forged.state = JSON.parse(state);
    forged.stateDigest = digest(state);
    forged.digest = digest(
      `grassroots-snapshot:1:${logHash}:${forged.head.seq}:${forged.head.hash}:${forged.stateDigest}`,
    );
    refused(() => Campaign.restoreTrusted(JSON.stringify(forged), trust), 'TAMPERED_LOG');
  });
}
