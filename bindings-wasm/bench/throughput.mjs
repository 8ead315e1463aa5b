// Commands per second through the npm package in Node against the Rust JSON path, in one run:
//
//   bash scripts/build-wasm.sh && node bindings-wasm/bench/throughput.mjs [rounds]
//
// 1. `cargo run --release --example sample_throughput` writes the sample campaign's commands
//    (grassroots_demo, default spec: 4 villages, 5 communities, 3,000 households) to
//    bindings-wasm/target-artifacts/sample-commands.json and times them through
//    `Campaign::execute_json` natively (best of the rounds, a new campaign per round);
// 2. this script times the same commands through the package's `Campaign.execute` (plain objects in,
//    plain objects out: JSON.stringify, the core's execute_json in WebAssembly, JSON.parse), best of
//    the same number of rounds;
// 3. it prints both rates and their ratio.
// It imports the package built in bindings-wasm/pkg/grassroots/ (the Node build), or the one in the
// directory GRASSROOTS_PKG names.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPackage, rounds, runNative } from './native.mjs';

const { Campaign, version } = await loadPackage();
const { rust, commandsFile } = runNative('sample_throughput', 'sample-commands.json');
const envelopes = JSON.parse(readFileSync(commandsFile, 'utf8'));
if (envelopes.length !== rust.commands) throw new Error('the two sides ran different commands');

let best = Infinity;
let head;
for (let round = 0; round < rounds; round++) {
  const campaign = new Campaign();
  const started = performance.now();
  for (const envelope of envelopes) campaign.execute(envelope);
  best = Math.min(best, (performance.now() - started) / 1000);
  head = campaign.head();
  campaign.free();
}
const node = envelopes.length / best;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`grassroots ${version()}: ${envelopes.length} sample commands (head seq ${head.seq}), best of ${rounds} rounds`);
console.log(`Rust  Campaign::execute_json (native, release) ${fmt(rust.commandsPerSecond).padStart(10)} cmd/s`);
console.log(`Node  Campaign.execute (wasm, ${process.version})     ${fmt(node).padStart(10)} cmd/s`);
console.log(`ratio Node / Rust: ${(node / rust.commandsPerSecond).toFixed(2)} (Rust is ${(rust.commandsPerSecond / node).toFixed(2)}x faster)`);
