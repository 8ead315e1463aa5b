#!/usr/bin/env bash
# The wasm door's tests, as JavaScript sees them:
#   1. installs what a fresh machine lacks: Debian's chromium (when /usr/bin/chromium is missing) and
#      the npm tools of bindings-wasm/ (`npm ci` from the committed lock file, when out of date);
#      scripts/test.sh has installed the wasm32 target and the wasm-bindgen CLI;
#   2. builds the npm package `grassroots` (scripts/build-wasm.sh), packs it with `npm pack` and
#      installs the tarball into bindings-wasm/node_modules/grassroots, as an app would get it;
#   3. type-checks tests/types/typed.ts against it with tsc (Node and bundler resolution);
#   4. runs the Node tests (node --test bindings-wasm/tests/node/) and the browser tests in headless
#      Chromium (bindings-wasm/tests/browser/; screenshots in bindings-wasm/target-artifacts/browser/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "-- apt-get install chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
if [ ! -f bindings-wasm/node_modules/.package-lock.json ] ||
    [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules/.package-lock.json ]; then
    echo "-- npm ci (bindings-wasm)"
    (cd bindings-wasm && npm ci --no-audit --no-fund)
fi

bash scripts/build-wasm.sh bindings-wasm/pkg/grassroots

echo "-- npm pack; install the tarball as bindings-wasm/node_modules/grassroots"
artifacts=bindings-wasm/target-artifacts
mkdir -p "$artifacts"
rm -f "$artifacts"/grassroots-*.tgz
tarball=$(cd bindings-wasm/pkg/grassroots && npm pack --silent --pack-destination "$OLDPWD/$artifacts")
rm -rf bindings-wasm/node_modules/grassroots
mkdir -p bindings-wasm/node_modules/grassroots
tar -xzf "$artifacts/$tarball" -C bindings-wasm/node_modules/grassroots --strip-components=1
echo "$artifacts/$tarball: $(stat -c %s "$artifacts/$tarball") bytes"

echo "-- tsc --strict: bindings-wasm/tests/types (nodenext, bundler resolution, and the default lib)"
bindings-wasm/node_modules/.bin/tsc -p bindings-wasm/tests/types
bindings-wasm/node_modules/.bin/tsc -p bindings-wasm/tests/types/tsconfig.bundler.json
# The default lib has no Symbol.dispose: the declarations must not need esnext.disposable.
bindings-wasm/node_modules/.bin/tsc -p bindings-wasm/tests/types/tsconfig.default-lib.json

echo "-- node --test bindings-wasm/tests/node/"
node --test bindings-wasm/tests/node/

echo "-- node --test bindings-wasm/tests/browser/ (Chromium $(/usr/bin/chromium --version 2>/dev/null | cut -d' ' -f2))"
node --test bindings-wasm/tests/browser/
