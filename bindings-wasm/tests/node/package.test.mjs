// The npm package as installed from its tarball (`npm pack`, which applies `files`): its manifest
// (ES modules, `exports` for bundlers, the browser without a bundler and Node, `types`), its contents,
// and declarations without `any`.
// Run: bash scripts/test-wasm.sh (it builds, packs and installs the package `grassroots`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../node_modules/grassroots/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** Every file of the installed package, relative to its root. */
function files(dir = root, prefix = '') {
  return readdirSync(dir).flatMap((name) =>
    statSync(new URL(name, dir)).isDirectory() ? files(new URL(`${name}/`, dir), `${prefix}${name}/`) : [`${prefix}${name}`],
  );
}

test('the manifest is an ES module package with exports, types and files', () => {
  assert.equal(manifest.name, 'grassroots');
  assert.equal(manifest.type, 'module');
  assert.ok(manifest.types);
  assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './package.json', './web', './web/grassroots_bg.wasm']);
  assert.deepEqual(Object.keys(manifest.exports['.']), ['node', 'default']);
  assert.ok(Array.isArray(manifest.files));
  // Every path the manifest names exists in the installed package.
  const named = [manifest.main, manifest.module, manifest.types];
  const walk = (value) => (typeof value === 'string' ? named.push(value) : Object.values(value).forEach(walk));
  walk(manifest.exports);
  for (const path of named) assert.ok(statSync(new URL(path, root)).isFile(), path);
});

test('the tarball holds the three builds, the types and the README, nothing else', () => {
  const list = files().sort();
  for (const build of ['bundler', 'node', 'web']) {
    for (const file of ['grassroots.js', 'grassroots.d.ts', 'grassroots_bg.wasm']) assert.ok(list.includes(`${build}/${file}`));
  }
  assert.ok(list.includes('wire.d.ts'));
  assert.ok(list.includes('README.md'));
  const unexpected = list.filter((f) => !/^(bundler|node|web)\/|^(wire\.d\.ts|README\.md|package\.json)$/.test(f));
  assert.deepEqual(unexpected, []);
});

test('pages load the size build, Node the speed build: the same exports and imports', () => {
  const read = (build) => readFileSync(new URL(`${build}/grassroots_bg.wasm`, root));
  const [bundler, web, node] = ['bundler', 'web', 'node'].map(read);
  assert.ok(bundler.equals(web), 'bundler/ and web/ load the same bytes');
  assert.ok(!node.equals(bundler), 'node/ has its own build (opt-level 3)');
  // As sorted lists: the two builds may declare them in another order.
  const names = (list) => list.map((d) => `${d.module ?? ''} ${d.name} ${d.kind}`).sort();
  const shape = (bytes) => {
    const module = new WebAssembly.Module(bytes);
    return { exports: names(WebAssembly.Module.exports(module)), imports: names(WebAssembly.Module.imports(module)) };
  };
  assert.deepEqual(shape(node), shape(bundler));
});

test('no declaration file says `any`', () => {
  for (const file of files().filter((f) => f.endsWith('.d.ts'))) {
    const code = readFileSync(new URL(file, root), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/'[^'\n]*'|"[^"\n]*"/g, "''");
    assert.doesNotMatch(code, /\bany\b/, file);
  }
});

test('Node resolves the ES module build; require() gets it or a clear ESM error', async () => {
  const module = await import('grassroots');
  assert.equal(typeof module.Campaign, 'function');
  assert.match(import.meta.resolve('grassroots'), /\/node\/grassroots\.js$/);
  // Node 20 refuses require() of an ES module; Node >= 22.12 loads it.
  const require = createRequire(import.meta.url);
  try {
    assert.equal(typeof require('grassroots').Campaign, 'function');
  } catch (error) {
    assert.equal(error.code, 'ERR_REQUIRE_ESM');
  }
});
