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
// 3. it prints both rates and their ratio beside the aim of issue #20 (Rust at most 2.5 times
//    faster), then where a round's time goes: the door's steps in JS, timed alone on the same
//    inputs and answers, and the rest, which is the core's execute_json in WebAssembly.
// It imports the package built in bindings-wasm/pkg/grassroots/ (the Node build), or the one in the
// directory GRASSROOTS_PKG names.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPackage, rounds, runNative } from './native.mjs';

/** Issue #20's aim: Rust's JSON path at most this many times faster than the package in Node. */
const AIM = 2.5;

const { Campaign, version } = await loadPackage();
const { rust, commandsFile } = runNative('sample_throughput', 'sample-commands.json');
const envelopes = JSON.parse(readFileSync(commandsFile, 'utf8'));
if (envelopes.length !== rust.commands) throw new Error('the two sides ran different commands');

let best = Infinity;
let head;
let answers;
for (let round = 0; round < rounds; round++) {
  const campaign = new Campaign();
  const out = new Array(envelopes.length);
  const started = performance.now();
  for (let i = 0; i < envelopes.length; i++) out[i] = campaign.execute(envelopes[i]);
  const seconds = (performance.now() - started) / 1000;
  if (seconds < best) [best, answers] = [seconds, out];
  head = campaign.head();
  campaign.free();
}
const node = envelopes.length / best;
const slower = rust.commandsPerSecond / node;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`grassroots ${version()}: ${envelopes.length} sample commands (head seq ${head.seq}), best of ${rounds} rounds`);
console.log(`Rust  Campaign::execute_json (native, release) ${fmt(rust.commandsPerSecond).padStart(10)} cmd/s`);
console.log(`Node  Campaign.execute (wasm, ${process.version})     ${fmt(node).padStart(10)} cmd/s`);
console.log(
  `ratio Node / Rust: ${(node / rust.commandsPerSecond).toFixed(2)} (Rust is ${slower.toFixed(2)}x faster)` +
    `   aim: Rust at most ${AIM}x faster   ${slower <= AIM ? 'met' : 'MISSED'}`,
);

// Where a round goes. The door's JS steps are timed alone (best of the rounds) on the same envelopes
// and on the answers' text as the door passes it (non-ASCII characters escaped, see json.rs); what
// is left of the round is the core's execute_json in WebAssembly plus the copy into its memory.
const bestOf = (step) => {
  let t = Infinity;
  for (let round = 0; round < Math.max(1, rounds); round++) {
    const started = performance.now();
    step();
    t = Math.min(t, performance.now() - started);
  }
  return t / 1000;
};
const escape = (text) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const texts = answers.map((answer) => escape(JSON.stringify(answer)));
const encoder = new TextEncoder();
const bytes = texts.map((text) => encoder.encode(text));
const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const steps = [
  ['JSON.stringify of the envelopes (JS)', bestOf(() => envelopes.forEach((e) => JSON.stringify(e)))],
  ['answers out of WebAssembly memory (TextDecoder)', bestOf(() => bytes.forEach((b) => decoder.decode(b)))],
  ['JSON.parse of the answers (JS)', bestOf(() => texts.forEach((t) => JSON.parse(t)))],
];
const js = steps.reduce((sum, [, s]) => sum + s, 0);
const ms = (s) => `${(s * 1000).toFixed(1).padStart(7)} ms`;
const share = (s) => `${((100 * s) / best).toFixed(0).padStart(3)}%`;
const size = (n) => `${(n / 1e6).toFixed(1)} MB`;
const inBytes = envelopes.reduce((sum, e) => sum + encoder.encode(JSON.stringify(e)).length, 0);
const outBytes = bytes.reduce((sum, b) => sum + b.length, 0);
console.log(`where a round goes (${size(inBytes)} of JSON in, ${size(outBytes)} out):`);
for (const [name, s] of steps) console.log(`  ${name.padEnd(58)} ${ms(s)} ${share(s)}`);
const wasm = best - js;
console.log(`  ${'execute_json in WebAssembly, with the copy in (the rest)'.padEnd(58)} ${ms(wasm)} ${share(wasm)}`);
console.log(`  ${'the same execute_json natively'.padEnd(58)} ${ms(rust.bestSeconds)}   (WebAssembly ${(wasm / rust.bestSeconds).toFixed(2)}x)`);
console.log(`  ${'round'.padEnd(58)} ${ms(best)}`);
