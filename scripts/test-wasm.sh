#!/usr/bin/env bash
# The wasm door's tests, as JavaScript sees it: builds grassroots-wasm for wasm32-unknown-unknown
# (release), runs wasm-bindgen (--target nodejs) into bindings-wasm/pkg/node (gitignored), then runs
# the Node test runner over bindings-wasm/tests/. Needs the wasm32 target and the wasm-bindgen CLI at
# the Cargo.lock version (scripts/test.sh installs both).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "-- cargo build --release --target wasm32-unknown-unknown -p grassroots-wasm"
cargo build --release --target wasm32-unknown-unknown -p grassroots-wasm

echo "-- wasm-bindgen --target nodejs"
rm -rf bindings-wasm/pkg/node
wasm-bindgen --target nodejs --out-dir bindings-wasm/pkg/node \
    target/wasm32-unknown-unknown/release/grassroots_wasm.wasm

echo "-- node --test bindings-wasm/tests/"
node --test bindings-wasm/tests/
