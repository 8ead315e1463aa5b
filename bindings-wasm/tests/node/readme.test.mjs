// Runs the JavaScript examples of the docs against the installed package: every ```js block of the
// README (its JS section), of bindings-wasm/tests/readme-js-section.md (that section as written for
// the README) and of docs/JS.md. Each block runs as its own ES module in a fresh `node`; a line
// `console.log(…); // → text` says what it must print, in order.
// Run: bash scripts/test-wasm.sh (it builds and installs the package `grassroots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const sources = {
  'README.md': new URL('../../../README.md', import.meta.url),
  'readme-js-section.md': new URL('../readme-js-section.md', import.meta.url),
  'docs/JS.md': new URL('../../../docs/JS.md', import.meta.url),
};
// Inside bindings-wasm/, so that `import … from 'grassroots'` finds the installed package.
const workDir = new URL('../../target-artifacts/examples/', import.meta.url);

/** The ```js blocks of a Markdown text. */
function jsBlocks(markdown) {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

const blocks = Object.entries(sources).flatMap(([name, url]) =>
  jsBlocks(readFileSync(url, 'utf8')).map((code, i) => ({ name, index: i + 1, code })),
);

test('the README section and docs/JS.md have JS examples', (t) => {
  assert.ok(blocks.some((b) => b.name === 'readme-js-section.md'));
  assert.ok(blocks.some((b) => b.name === 'docs/JS.md'));
  if (!blocks.some((b) => b.name === 'README.md')) {
    t.diagnostic('README.md has no ```js block yet: paste bindings-wasm/tests/readme-js-section.md into it');
  }
});

test('the README\'s JS example is the one in readme-js-section.md', (t) => {
  const readme = blocks.filter((b) => b.name === 'README.md').map((b) => b.code);
  if (readme.length === 0) return t.skip('README.md has no ```js block yet');
  assert.deepEqual(readme, blocks.filter((b) => b.name === 'readme-js-section.md').map((b) => b.code));
});

for (const { name, index, code } of blocks) {
  test(`${name}: JS example ${index} runs and prints what it says`, () => {
    mkdirSync(workDir, { recursive: true });
    const file = new URL(`${name.replace(/\W/g, '-')}-${index}.mjs`, workDir);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, [fileURLToPath(file)], { encoding: 'utf8' });
    assert.equal(run.status, 0, `exit ${run.status}\n${run.stderr}`);
    const expected = [...code.matchAll(/console\.log\(.*\); \/\/ → (.*)$/gm)].map((m) => m[1]);
    const printed = run.stdout.split('\n').filter((line) => line !== '');
    assert.deepEqual(printed, expected);
  });
}
