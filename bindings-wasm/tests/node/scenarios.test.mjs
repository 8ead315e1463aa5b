// Every scenario file of tests/scenarios/ through the built package: the same events, errors, query
// results and final head (seq and hash) as the Rust runner (core/tests/scenarios.rs), and the log
// replays and the snapshot restores to the same head.
// Run: bash scripts/test-wasm.sh (it builds and installs the package `grassroots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Campaign } from 'grassroots';
import { runScenario } from '../scenario-runner.js';

const dir = new URL('../../../tests/scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('the scenario files are there', () => {
  assert.ok(files.length >= 2, `only ${files.length} scenario files in ${dir.pathname}`);
});

for (const file of files) {
  test(`scenario ${file}`, () => {
    const scenario = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const run = runScenario(Campaign, scenario);
    for (const step of run.steps) {
      assert.deepStrictEqual(step.actual, step.expected, `${file}, step ${step.index}`);
    }
    assert.deepStrictEqual(run.head, scenario.expectHead, `${file}: final head`);
    assert.deepStrictEqual(run.replayHead, run.head, `${file}: the replayed log's head`);
    assert.deepStrictEqual(run.restoreHead, run.head, `${file}: the restored snapshot's head`);
    assert.ok(run.sameAnswers, `${file}: the replayed and restored campaigns answer the queries alike`);
    assert.ok(run.passed);
  });
}
