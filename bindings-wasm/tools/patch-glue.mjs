// Mends two things in wasm-bindgen's output for hosts (run by scripts/build-wasm.sh on each target):
//
// 1. A method called on a freed Campaign: the glue passes pointer 0 and Rust answers "null pointer
//    passed to rust", which says nothing to a JS developer. Every `wasm.campaign_*(this.__wbg_ptr`
//    call goes through `liveCampaign(this)`, which throws a GrassrootsError with code
//    CAMPAIGN_FREED saying what happened and what to do.
// 2. The declarations use `Symbol.dispose` (for `using`), which TypeScript's default `lib` lacks,
//    so `tsc --strict` failed without `esnext.disposable`. The declaration files declare the symbol
//    themselves, as @types/node does; it merges with the lib's own declaration when present.
//
// Usage: node bindings-wasm/tools/patch-glue.mjs PKG_DIR (the folder holding bundler/, web/, node/).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: patch-glue.mjs PKG_DIR');
  process.exit(2);
}

const LIVE = `
/** The pointer of a live Campaign; a freed one throws a GrassrootsError (code CAMPAIGN_FREED). */
function liveCampaign(campaign) {
    const ptr = campaign.__wbg_ptr;
    if (ptr === 0) {
        const error = new Error('this Campaign was freed (its free() was called, or the block that declared it with ' +
            '\`using\` ended): use a campaign only before freeing it, or load it again with Campaign.replay or Campaign.restore');
        error.name = 'GrassrootsError';
        error.code = 'CAMPAIGN_FREED';
        throw error;
    }
    return ptr;
}
`;

const DISPOSE = `
declare global {
  interface SymbolConstructor {
    /** The well-known symbol of \`using\` (ES2026 explicit resource management). */
    readonly dispose: unique symbol;
  }
}
`;

let patched = 0;
for (const [file, kind] of [
  ['bundler/grassroots_bg.js', 'js'],
  ['web/grassroots.js', 'js'],
  ['node/grassroots.js', 'js'],
  ['bundler/grassroots.d.ts', 'dts'],
  ['web/grassroots.d.ts', 'dts'],
  ['node/grassroots.d.ts', 'dts'],
]) {
  const path = join(dir, file);
  if (!existsSync(path)) continue;
  let text = readFileSync(path, 'utf8');
  if (kind === 'js') {
    const calls = text.match(/wasm\.campaign_\w+\(this\.__wbg_ptr/g) ?? [];
    if (calls.length === 0) throw new Error(`${path}: no Campaign method calls found: has wasm-bindgen's output changed?`);
    text = text.replace(/(wasm\.campaign_\w+\()this\.__wbg_ptr/g, '$1liveCampaign(this)');
    // After the imports: the function is hoisted, so its place only matters for reading.
    text = text.replace(/\n(export class Campaign)/, `\n${LIVE}\n$1`);
  } else {
    if (!text.includes('[Symbol.dispose]')) throw new Error(`${path}: no [Symbol.dispose] found: has wasm-bindgen's output changed?`);
    text = text.replace(/(export \* from "\.\.\/wire\.js";\n)/, `$1${DISPOSE}`);
    if (!text.includes('declare global')) throw new Error(`${path}: could not place the Symbol.dispose declaration`);
  }
  writeFileSync(path, text);
  patched++;
}
if (patched !== 6) throw new Error(`patched ${patched} of 6 files`);
