// Planning a 3,000-household community in JavaScript (the npm package, WebAssembly) against Rust, in
// one run:
//
//   bash scripts/build-wasm.sh && node bindings-wasm/bench/plan.mjs [rounds]
//
// 1. `cargo run --release -p grassroots-wasm --example community_plan` writes the commands of one
//    sample community (3,000 households, its full members qualified for key persons) and times the
//    `proposeLinkPlan` query natively, best of the rounds;
// 2. this script executes the same commands through the package's Node build and times the same
//    query, best of the same number of rounds, checking that both found the same plan;
// 3. it prints both times and their ratio. Chromium runs the same V8 engine as Node.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPackage, rounds, runNative } from './native.mjs';

const { Campaign } = await loadPackage();
const { rust, commandsFile } = runNative('community_plan', 'community-commands.json');
const campaign = new Campaign();
for (const envelope of JSON.parse(readFileSync(commandsFile, 'utf8'))) campaign.execute(envelope);
const query = JSON.parse(rust.query);
let best = Infinity;
let proposal;
for (let r = 0; r < Math.max(1, rounds); r += 1) {
  const started = performance.now();
  proposal = campaign.query(query).result.proposal;
  best = Math.min(best, (performance.now() - started) / 1000);
}
if (proposal.links.length !== rust.households || proposal.totals.distanceM !== rust.distanceM) {
  throw new Error('Rust and WebAssembly proposed different plans');
}
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
console.log(`households ${rust.households}, members used ${rust.membersUsed}, total ${(rust.distanceM / 1000).toFixed(2)} km, optimal ${rust.optimal}`);
console.log(`proposeLinkPlan  Rust ${ms(rust.bestSeconds)}  WebAssembly (Node) ${ms(best)}  ratio wasm/Rust ${(best / rust.bestSeconds).toFixed(2)}x`);
campaign.free();
