// What the benches share: the number of rounds (the first argument, default 5), the package under
// test, and the native side, a cargo example that writes the commands it ran to a file and prints its
// own figures as JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const rounds = Number(process.argv[2] ?? 5);

/** The package's Node build: `$GRASSROOTS_PKG`, or `bindings-wasm/pkg/grassroots` by default. */
export async function loadPackage() {
  const pkg = process.env.GRASSROOTS_PKG
    ? new URL(`file://${process.env.GRASSROOTS_PKG.replace(/\/?$/, '/')}`)
    : new URL('../pkg/grassroots/', import.meta.url);
  return import(new URL('node/grassroots.js', pkg));
}

/**
 * Runs `cargo run --release -p grassroots-wasm --example <example> -- <commands file> <rounds>`; the
 * commands file is `bindings-wasm/target-artifacts/<file>`. Returns the example's figures and the
 * file's path.
 */
export function runNative(example, file) {
  const artifacts = fileURLToPath(new URL('../target-artifacts/', import.meta.url));
  mkdirSync(artifacts, { recursive: true });
  const commandsFile = `${artifacts}${file}`;
  process.stderr.write(`-- cargo run --release -p grassroots-wasm --example ${example}\n`);
  const rust = JSON.parse(
    execFileSync(
      'cargo',
      ['run', '--quiet', '--release', '-p', 'grassroots-wasm', '--example', example, '--', commandsFile, String(rounds)],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  return { rust, commandsFile };
}
